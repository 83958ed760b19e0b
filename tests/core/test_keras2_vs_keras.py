"""The Keras 2 tables and the layer-name table, checked against the installed Keras 3."""

from __future__ import annotations

import inspect
import os

import pytest

from shapelens.analysis import analyze, keras2

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import keras

# For each Keras 3 name: a layer and arguments under which it is valid.
VALID_FOR = {
    "padding": ("Conv2D", (2, 3), "same"),
    "units": ("Dense", (), 3),
    "kernel_initializer": ("Dense", (3,), "zeros"),
    "strides": ("Conv1D", (2, 3), 1),
    "filters": ("Conv2D", (), 2),
    "kernel_size": ("Conv1D", (2,), 3),
    "kernel_regularizer": ("Dense", (3,), None),
    "bias_regularizer": ("Dense", (3,), None),
    "kernel_constraint": ("Dense", (3,), None),
    "bias_constraint": ("Dense", (3,), None),
    "data_format": ("Conv2D", (2, 3), "channels_last"),
    "recurrent_initializer": ("LSTM", (2,), "orthogonal"),
    "recurrent_activation": ("LSTM", (2,), "sigmoid"),
    "recurrent_regularizer": ("LSTM", (2,), None),
    "dropout": ("LSTM", (2,), 0.0),
    "recurrent_dropout": ("LSTM", (2,), 0.0),
    "use_bias": ("Dense", (3,), True),
    "pool_size": ("MaxPooling1D", (), 2),
}


@pytest.mark.parametrize(("old", "new"), sorted(keras2.LAYER_RENAMES.items()))
def test_layer_rename_is_real(old: str, new: str) -> None:
    kind, args, value = VALID_FOR[new]
    cls = getattr(keras.layers, kind)
    kwargs = {"kernel_size": 3} if new == "filters" else {}
    cls(*args, **{new: value}, **kwargs)  # the Keras 3 spelling is accepted
    with pytest.raises((ValueError, TypeError)):
        cls(*args, **{old: value}, **kwargs)
    # ...and the analysis reports the old one, with a fix to the new one
    words = [repr(a) for a in args] + [f"{old}={value!r}"] + [f"{k}={v!r}" for k, v in kwargs.items()]
    source = f"from keras import layers\nlayers.{kind}({', '.join(words)})\n"
    diags = [d for d in analyze(source).diagnostics if d.code == "SL401"]
    assert len(diags) == 1 and diags[0].fixes[0].edits[0].new_text == new


def test_removed_methods_and_layers_are_gone() -> None:
    for name in keras2.REMOVED_METHODS:
        assert not hasattr(keras.Sequential, name), name
    for name in keras2.REMOVED_LAYERS:
        assert not hasattr(keras.layers, name), name


def test_method_and_optimizer_renames_are_real() -> None:
    import numpy as np

    model = keras.Sequential([keras.Input(shape=(2,)), keras.layers.Dense(1)])
    model.compile(loss="mse", optimizer="sgd")
    for (method, old), new in keras2.METHOD_RENAMES.items():
        with pytest.raises(TypeError):
            getattr(model, method)(np.zeros((2, 2)), np.zeros((2, 1)), verbose=0, **{old: 1})
        assert new in inspect.signature(getattr(keras.Sequential, method)).parameters
    for old, new in keras2.OPTIMIZER_RENAMES.items():
        with pytest.raises(ValueError):
            keras.optimizers.Adam(**{old: 0.01})
        keras.optimizers.Adam(**{new: 0.01})


def test_other_rejected_arguments() -> None:
    with pytest.raises(ValueError):
        keras.layers.Dense(3, batch_input_shape=(None, 4))
    with pytest.raises(ValueError):
        keras.layers.LSTM(3, input_length=10)
    keras.layers.Embedding(10, 3, input_length=10)  # accepted (a warning): SL402, not an error


def test_keras_names_table_is_in_sync() -> None:
    import importlib.util
    from pathlib import Path

    tool = Path(__file__).resolve().parents[2] / "tools" / "gen_keras_names.py"
    spec = importlib.util.spec_from_file_location("gen_keras_names", tool)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.TARGET.read_text() == module.render(), "run tools/gen_keras_names.py"


def test_analysis_reports_keras2_code() -> None:
    source = (
        "import keras\nfrom keras.layers import Convolution2D, MaxPool2D, Flatten, Dense, Merge\n"
        "model = keras.Sequential()\n"
        "model.add(Convolution2D(32, 3, border_mode='same', input_shape=(28, 28, 1)))\n"
        "model.add(MaxPool2D())\n"
        "model.add(Flatten())\n"
        "model.add(Dense(output_dim=10))\n"
        "model.fit_generator(gen, epochs=1)\n"
        "model.fit(x, y, nb_epoch=5)\n"
        "m = Merge([a, b])\n"
    )
    result = analyze(source)
    assert [(d.span.line + 1, d.code) for d in result.diagnostics] == [
        (4, "SL401"), (7, "SL401"), (8, "SL401"), (9, "SL401"), (10, "SL107"),
    ]
    # shapes are still understood, with the Keras 3 meaning of each argument
    (model,) = result.models
    assert [(layer.kind, layer.output_shape) for layer in model.layers] == [
        ("Conv2D", (None, 28, 28, 32)), ("MaxPooling2D", (None, 14, 14, 32)),
        ("Flatten", (None, 6272)), ("Dense", (None, 10)),
    ]
