"""Losses in every spelling, checked against what Keras 3 does with them.

Element-wise losses (SL202/SL207): for a grid of label shapes, output widths and batch sizes the
program is run in Keras; where Keras raises ShapeLens must report SL202 (error), where Keras
trains on labels shaped unlike the output it must report SL207 (warning), and nothing otherwise.
from_logits (SL206): Keras computes a different loss than the one the model needs.
"""

from __future__ import annotations

import numpy as np
import pytest

from shapelens.analysis import analyze
from tests.core.keras_truth import run_source
from tests.core.paths import ROOT

_PROGRAM = """\
import keras
import numpy as np
from keras import layers

x = np.random.rand({n}, 4)
y = np.random.rand{labels}
model = keras.Sequential([keras.Input(shape=(4,)), layers.Dense({units})])
model.compile(optimizer="sgd", loss={loss})
model.fit(x, y, batch_size={batch}, epochs=1, verbose=0)
"""

# (labels shape, units, samples, batch size, loss spelling)
GRID = [
    ("(20,)", 1, 20, 5, "'mse'"),
    ("(20, 1)", 1, 20, 5, "keras.losses.MeanSquaredError()"),
    ("(20,)", 5, 20, 10, "'mae'"),  # batches of 10 against 5 units: raises
    ("(5,)", 5, 5, 5, "'mse'"),  # every batch holds 5 samples: broadcasts silently
    ("(20, 1)", 5, 20, 5, "keras.losses.mean_squared_error"),
    ("(20, 3)", 1, 20, 5, "keras.losses.Huber()"),
    ("(20, 3)", 5, 20, 5, "'huber'"),
    ("(20, 3)", 3, 20, 5, "'MSE'"),
    ("(20, 2, 3)", 3, 20, 5, "'mse'"),
]


@pytest.mark.parametrize(("labels", "units", "n", "batch", "loss"), GRID)
def test_elementwise_loss_matches_keras(labels: str, units: int, n: int, batch: int, loss: str) -> None:
    source = _PROGRAM.format(labels=labels, units=units, n=n, batch=batch, loss=loss)
    path = ROOT / "tests" / "core" / "loss_grid.py"
    line, error = run_source(source, path)
    codes = {d.code: d.severity for d in analyze(source, str(path)).diagnostics}
    shape = eval(labels)  # a literal tuple of this test's own grid
    same = shape in ((n, units), (n,) if units == 1 else None)
    if error is not None:
        assert line == 9 and codes.get("SL202") == "error", (error, codes)
    elif same:
        assert not codes, codes
    else:
        assert codes == {"SL207": "warning"}, codes


def _fit_loss(activation: str | None, from_logits: bool) -> float:
    import keras

    keras.utils.set_random_seed(3)
    x = np.random.rand(32, 6).astype("float32")
    y = np.random.randint(0, 4, size=(32,))
    model = keras.Sequential([keras.Input(shape=(6,)), keras.layers.Dense(4, activation=activation)])
    model.compile(loss=keras.losses.SparseCategoricalCrossentropy(from_logits=from_logits))
    return float(model.evaluate(x, y, batch_size=32, verbose=0))


def test_from_logits_after_softmax_is_recovered_on_tensorflow() -> None:
    """SL208 is information only: TensorFlow's backend uses the logits behind the softmax."""
    assert _fit_loss("softmax", True) == pytest.approx(_fit_loss("softmax", False))


def test_probability_loss_after_linear_layer_is_another_loss() -> None:
    """SL206 is a warning: Keras evaluates a linear output as if it held probabilities."""
    assert abs(_fit_loss(None, False) - _fit_loss(None, True)) > 0.5


_LOGITS = """\
import keras
import tensorflow as tf
from keras import layers
model = keras.Sequential([keras.Input(shape=(4,)), layers.Dense(3{activation})])
model.compile(optimizer="adam", loss={loss})
"""


@pytest.mark.parametrize(("activation", "loss", "expected"), [
    (", activation='softmax'", "keras.losses.CategoricalCrossentropy(from_logits=True)", ["SL208"]),
    (", activation='softmax'", "tf.keras.losses.SparseCategoricalCrossentropy(True)", ["SL208"]),
    (", activation='softmax'", "keras.losses.SparseCategoricalCrossentropy(from_logits=False)", []),
    ("", "'categorical_crossentropy'", ["SL206"]),
    ("", "keras.losses.binary_crossentropy", ["SL206"]),
    ("", "keras.losses.CategoricalCrossentropy(from_logits=True)", []),
    ("", "'mse'", []),
    (", activation='relu'", "'categorical_crossentropy'", []),  # not a probability: another mistake
    (", activation=custom", "'categorical_crossentropy'", []),  # unknown activation: say nothing
])
def test_from_logits_spellings(activation: str, loss: str, expected: list[str]) -> None:
    source = _LOGITS.format(activation=activation, loss=loss)
    codes = [d.code for d in analyze(source, "m.py").diagnostics]
    assert codes == expected


def test_loss_object_class_swap_fix_runs_in_keras() -> None:
    from tests.core.test_fixes_vs_keras import apply_edits

    source = (
        "import keras\nimport numpy as np\nfrom keras import layers\n"
        "x = np.random.rand(20, 4)\ny = np.random.randint(0, 3, size=(20,))\n"
        "model = keras.Sequential([keras.Input(shape=(4,)), layers.Dense(3, activation='softmax')])\n"
        "model.compile(optimizer='adam', loss=keras.losses.CategoricalCrossentropy())\n"
        "model.fit(x, y, batch_size=5, epochs=1, verbose=0)\n"
    )
    path = ROOT / "tests" / "core" / "swap.py"
    assert run_source(source, path)[0] == 8  # Keras raises at fit
    (diag,) = analyze(source, str(path)).diagnostics
    assert diag.code == "SL202" and diag.fixes[0].title == "Use SparseCategoricalCrossentropy"
    fixed = apply_edits(source, list(diag.fixes[0].edits))
    assert "keras.losses.SparseCategoricalCrossentropy()" in fixed
    assert analyze(fixed, str(path)).diagnostics == []
    assert run_source(fixed, path) == (None, None)
