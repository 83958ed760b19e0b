"""Patterns of Hands-On Machine Learning (3rd ed.) notebooks whose shapes a careful reader can
work out: fixed downloadable datasets, long literal loops, models rebuilt from ``model.layers``,
custom layers, models built by data. Each case states what Keras does; the shapes themselves are
checked against real Keras in the corpus (tests/corpus/data_built/homl_*.py)."""

from __future__ import annotations

import textwrap

from shapelens.analysis import ModelReport, analyze
from shapelens.engine.shapes import UNKNOWN

HEADER = "import numpy as np\nimport tensorflow as tf\nimport keras\nfrom keras import layers\n"
OFFSET = HEADER.count("\n")


def analyzed(body: str) -> tuple[dict[str, list[ModelReport]], list[tuple[int, str]]]:
    result = analyze(HEADER + textwrap.dedent(body), "snippet.py")
    models: dict[str, list[ModelReport]] = {}
    for model in result.models:
        for name in (model.name or "?").split(", "):
            models.setdefault(name, []).append(model)
    errors = [(d.span.line + 1 - OFFSET, d.code) for d in result.diagnostics if d.severity == "error"]
    return models, errors


def shapes(model: ModelReport) -> list[object]:
    return [layer.output_shape for layer in model.layers]


def test_california_housing_has_its_documented_shape() -> None:
    # sklearn documents data (20640, 8) and a float target (20640,); HOML ch. 10 and 12 split it.
    models, errors = analyzed("""\
        from sklearn.datasets import fetch_california_housing
        from sklearn.model_selection import train_test_split
        housing = fetch_california_housing()
        X_train, X_test, y_train, y_test = train_test_split(housing.data, housing.target.reshape(-1, 1))
        model = keras.Sequential([layers.Dense(30, activation="relu", input_shape=X_train.shape[1:]),
                                  layers.Dense(1)])
    """)
    (model,) = models["model"]
    assert shapes(model) == [(None, 30), (None, 1)]
    assert errors == []


def test_california_housing_as_a_frame_stays_unknown() -> None:
    models, _ = analyzed("""\
        from sklearn.datasets import fetch_california_housing
        housing = fetch_california_housing(as_frame=True)
        model = keras.Sequential([layers.Dense(30, input_shape=housing.data.shape[1:])])
    """)
    assert shapes(models["model"][0]) == [UNKNOWN]


def test_a_hundred_layers_added_in_a_loop() -> None:
    # HOML ch. 11: 100 hidden Dense layers added by a literal loop, then the output layer.
    models, _ = analyzed("""\
        model = tf.keras.Sequential()
        model.add(tf.keras.layers.Flatten(input_shape=[28, 28]))
        for layer in range(100):
            model.add(tf.keras.layers.Dense(100, activation="selu"))
        model.add(tf.keras.layers.Dense(10, activation="softmax"))
    """)
    (model,) = models["model"]
    assert len(model.layers) == 102
    assert shapes(model)[-1] == (None, 10)
    assert model.params == 784 * 100 + 100 + 99 * (100 * 100 + 100) + 1010
