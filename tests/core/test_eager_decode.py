"""An image decoded without ``channels=`` in eager code is a concrete tensor at run time: its
channel count is unknown to the analysis (TensorFlow's static None would be a false SL102,
found on the TF pix2pix tutorial)."""

from __future__ import annotations

import textwrap

from shapelens.analysis import analyze
from shapelens.engine.shapes import UNKNOWN

SOURCE = textwrap.dedent("""
    import tensorflow as tf
    from tensorflow import keras

    image = tf.io.decode_jpeg(tf.io.read_file("photo.jpg"))
    model = keras.Sequential([keras.layers.Conv2D(4, 3)])
    out = model(tf.expand_dims(tf.cast(image, tf.float32), 0))
    fixed = tf.io.decode_png(tf.io.read_file("photo.png"), channels=3)
""")


def test_decoded_image_channels_unknown_without_channels_argument() -> None:
    result = analyze(SOURCE, "decode.py")
    assert [d.code for d in result.diagnostics] == []
    model = result.models[0]
    assert model.input_shape == (1, None, None, UNKNOWN)
    assert model.layers[0].output_shape == (1, None, None, 4)


def test_decoded_image_channels_known_with_channels_argument() -> None:
    from shapelens.analysis import tensor_ops
    from shapelens.analysis.values import Array

    image = tensor_ops.call("tensorflow.io.decode_png", [Array((), "string")], {"channels": 3})
    assert image == Array((None, None, 3), "uint8")
