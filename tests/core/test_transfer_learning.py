"""Transfer learning: a ``keras.applications`` model as the first layer of a Sequential.

Pure analysis: nothing is run, so ``weights="imagenet"`` is never downloaded. The numbers are
what TF 2.21 / Keras 3.15 report for the same code (with the weights stubbed out; see
tests/differential/test_applications.py, which compares every recorded model with Keras).
"""

from __future__ import annotations

import subprocess
import sys
import textwrap

from shapelens.analysis import analyze

HEADER = "import keras\nfrom keras import layers\n"
OFFSET = HEADER.count("\n")

MOBILENET = """\
base = keras.applications.MobileNetV2(input_shape=(160, 160, 3), include_top=False, weights="imagenet")
model = keras.Sequential([base, layers.GlobalAveragePooling2D(), layers.Dense(10)])
"""


def run(body: str):
    return analyze(HEADER + textwrap.dedent(body), "snippet.py")


def errors(body: str) -> list[tuple[int, str]]:
    return [(d.span.line + 1 - OFFSET, d.code) for d in run(body).diagnostics if d.severity == "error"]


def test_mobilenet_v2_base_with_a_new_head() -> None:
    result = run(MOBILENET)
    assert result.diagnostics == []
    (model,) = result.models
    assert model.input_shape == (None, 160, 160, 3)
    rows = [(r.kind, r.output_shape, r.trainable, r.non_trainable, r.dtype) for r in model.layers]
    assert rows == [
        ("MobileNetV2", (None, 5, 5, 1280), 2223872, 34112, "float32"),
        ("GlobalAveragePooling2D", (None, 1280), 0, 0, "float32"),
        ("Dense", (None, 10), 12810, 0, "float32"),
    ]
    # model.summary(): Total params: 2,270,794 (Trainable: 2,236,682; Non-trainable: 34,112)
    assert (model.trainable, model.non_trainable) == (2236682, 34112)


def test_imagenet_weights_are_never_downloaded() -> None:
    """The analysis imports neither Keras nor TensorFlow and opens no connection."""
    script = textwrap.dedent(f"""
        import socket, sys
        def refuse(*args, **kwargs):
            raise AssertionError("the analysis tried to open a connection")
        socket.socket.connect = refuse
        socket.create_connection = refuse
        from shapelens.analysis import analyze
        result = analyze({HEADER + MOBILENET!r}, "snippet.py")
        assert result.models[0].layers[0].output_shape == (None, 5, 5, 1280)
        assert not {{"keras", "tensorflow"}} & set(sys.modules), sorted(set(sys.modules) & {{"keras", "tensorflow"}})
        print("ok")
    """)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and done.stdout.strip() == "ok", done.stderr


def test_no_input_shape_takes_any_image_size() -> None:
    # keras.Sequential([MobileNetV2(include_top=False), ...]): input (None, None, None, 3)
    result = run("""\
        base = keras.applications.MobileNetV2(include_top=False, weights="imagenet")
        model = keras.Sequential([base, layers.GlobalAveragePooling2D(), layers.Dense(3)])
        """)
    assert result.diagnostics == []
    model = result.models[0]
    assert model.input_shape == (None, None, None, 3)
    assert [r.output_shape for r in model.layers] == [(None, None, None, 1280), (None, 1280), (None, 3)]


def test_input_first_then_a_base_without_input_shape() -> None:
    result = run("""\
        model = keras.Sequential([
            keras.Input(shape=(224, 224, 3)),
            keras.applications.ResNet50(include_top=False, weights="imagenet", pooling="avg"),
            layers.Dense(5, activation="softmax"),
        ])
        """)
    assert result.diagnostics == []
    rows = [(r.output_shape, r.trainable, r.non_trainable) for r in result.models[0].layers]
    assert rows == [((None, 2048), 23534592, 53120), ((None, 5), 10245, 0)]


def test_input_of_another_size_than_the_base_was_built_for() -> None:
    # ValueError: Input 0 ... is incompatible with the layer: expected shape=(None, 160, 160, 3),
    # found shape=(None, 224, 224, 3)
    body = """\
        base = keras.applications.MobileNetV2(input_shape=(160, 160, 3), include_top=False, weights="imagenet")
        model = keras.Sequential([keras.Input(shape=(224, 224, 3)), base, layers.Flatten()])
        """
    assert errors(body) == [(1, "SL102")]  # reported where the base is made


def test_constructor_checks() -> None:
    # ValueError: When setting `include_top=True` and loading `imagenet` weights, `input_shape`
    # should be (224, 224, 3).
    assert errors('b = keras.applications.ResNet50(weights="imagenet", input_shape=(160, 160, 3))\n') == [
        (1, "SL106")]
    # ValueError: The input must have 3 channels
    assert errors('b = keras.applications.VGG16(include_top=False, weights="imagenet", '
                  'input_shape=(64, 64, 1))\n') == [(1, "SL106")]
    # ValueError: Input size must be at least 32x32
    assert errors("b = keras.applications.VGG16(include_top=False, weights=None, input_shape=(31, 64, 3))\n") == [
        (1, "SL106")]
    # ValueError: If using `weights="imagenet"` with `include_top` as true, `classes` should be 1000.
    assert errors('b = keras.applications.EfficientNetB0(weights="imagenet", classes=10)\n') == [(1, "SL106")]
    # MobileNetV2 takes imagenet weights with a top at 96, 128, 160, 192 and 224.
    assert errors('b = keras.applications.MobileNetV2(weights="imagenet", input_shape=(160, 160, 3))\n') == []


def test_other_import_spellings() -> None:
    result = run("""\
        import tensorflow as tf
        from tensorflow.keras.applications import EfficientNetB0
        a = tf.keras.applications.mobilenet_v2.MobileNetV2(input_shape=(96, 96, 3), include_top=False)
        b = EfficientNetB0(input_shape=(224, 224, 3), include_top=False, pooling="max")
        m1 = tf.keras.Sequential([a, tf.keras.layers.Flatten()])
        m2 = tf.keras.Sequential([b, tf.keras.layers.Dense(2)])
        """)
    assert result.diagnostics == []
    assert result.models[0].layers[0].output_shape == (None, 3, 3, 1280)
    assert result.models[1].layers[0].output_shape == (None, 1280)
    assert result.models[1].layers[0].non_trainable == 42023


def test_frozen_base() -> None:
    # base.trainable = False: model.summary() counts all of the base's weights as non-trainable.
    result = run(MOBILENET.replace("model =", "base.trainable = False\nmodel ="))
    assert result.diagnostics == []
    model = result.models[0]
    assert [(r.trainable, r.non_trainable) for r in model.layers] == [(0, 2257984), (0, 0), (12810, 0)]
    assert (model.trainable, model.non_trainable) == (12810, 2257984)
