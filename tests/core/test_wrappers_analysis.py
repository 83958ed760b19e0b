"""Bidirectional and TimeDistributed through the whole analysis (no TensorFlow here).

The wrapped layer is an argument of the wrapper's constructor call; the analysis hands the
wrapper that layer's rule. The expected numbers below were taken once from Keras 3.15 / TF
2.21 (``model.layers[i].output.shape`` and ``count_params()``) and hard-coded:

    Bidirectional   (None, 20, 32)  3200   (2 x LSTM(16) on 8 features: 2 x 4 x 16 x (8 + 16 + 1))
    TimeDistributed (None, 20, 4)    132   (Dense(4) on 32 features)
    Flatten         (None, 80)         0
"""

from __future__ import annotations

from shapelens.analysis import analyze
from shapelens.engine import UNKNOWN

SOURCE = """\
import keras
from keras import layers

model = keras.Sequential([
    keras.Input(shape=(20, 8)),
    layers.Bidirectional(layers.LSTM(16, return_sequences=True)),
    layers.TimeDistributed(layers.Dense(4)),
    layers.Flatten(),
])
"""


def test_bidirectional_time_distributed_flatten() -> None:
    result = analyze(SOURCE, "model.py")
    errors = [d for d in result.diagnostics if d.severity == "error"]
    assert not errors, errors
    (model,) = result.models
    assert [layer.kind for layer in model.layers] == ["Bidirectional", "TimeDistributed", "Flatten"]
    assert [layer.output_shape for layer in model.layers] == [(None, 20, 32), (None, 20, 4), (None, 80)]
    assert [layer.params for layer in model.layers] == [3200, 132, 0]
    assert [layer.trainable for layer in model.layers] == [3200, 132, 0]
    assert [layer.dtype for layer in model.layers] == ["float32"] * 3
    assert model.params == 3332


def test_bidirectional_lstm_on_2d_input_is_sl101() -> None:
    source = """\
import keras
from keras import layers

model = keras.Sequential([
    keras.Input(shape=(8,)),
    layers.Bidirectional(layers.LSTM(16)),
    layers.Dense(1),
])
"""
    result = analyze(source, "model.py")
    sl101 = [d for d in result.diagnostics if d.code == "SL101"]
    assert len(sl101) == 1, result.diagnostics
    assert sl101[0].span.line == 5  # the Bidirectional(...) entry (0-based lines)
    assert "Bidirectional" in sl101[0].message and "(None, 8)" in sl101[0].message


def test_bidirectional_merge_mode_none_gives_no_tensor() -> None:
    """merge_mode=None returns a list: the engine claims no output shape (parameters still
    count), and no diagnostic about shapes it cannot know follows."""
    source = """\
import keras
from keras import layers

model = keras.Sequential([
    keras.Input(shape=(20, 8)),
    layers.Bidirectional(layers.LSTM(16), merge_mode=None),
])
"""
    result = analyze(source, "model.py")
    (model,) = result.models
    (layer,) = model.layers
    assert layer.output_shape is UNKNOWN
    assert layer.params == 3200


def test_invalid_wrapped_layer_is_reported_once() -> None:
    """A wrapped layer that Keras rejects is reported at its own call; the wrapper then knows
    nothing and adds no diagnostic of its own."""
    source = """\
import keras
from keras import layers

model = keras.Sequential([
    keras.Input(shape=(20, 8)),
    layers.TimeDistributed(layers.Dense(0)),
    layers.Dense(1),
])
"""
    result = analyze(source, "model.py")
    errors = [d for d in result.diagnostics if d.severity == "error"]
    assert [d.code for d in errors] == ["SL106"], errors
    (model,) = result.models
    assert model.layers[0].output_shape is UNKNOWN


def test_bidirectional_of_a_dense_layer_is_sl106() -> None:
    source = """\
import keras
from keras import layers

model = keras.Sequential([keras.Input(shape=(20, 8)), layers.Bidirectional(layers.Dense(4))])
"""
    result = analyze(source, "model.py")
    assert [d.code for d in result.diagnostics if d.severity == "error"] == ["SL106"], result.diagnostics
