"""The loss catalogue: every spelling of a Keras 3 loss (string, function, class, object) mapped
to one canonical name, with the ``from_logits`` it was given.

Names and aliases are those ``keras.losses.get`` accepts in Keras 3.15 (TF 2.21): ``"mse"`` and
``"MSE"`` are ``mean_squared_error``, ``"huber"`` is ``huber`` (``"huber_loss"`` is rejected).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..engine.shapes import UNKNOWN, _Unknown
from .values import Ref

CATEGORICAL = "categorical_crossentropy"
SPARSE = "sparse_categorical_crossentropy"
BINARY = "binary_crossentropy"
MSE = "mean_squared_error"
MAE = "mean_absolute_error"
HUBER = "huber"
MSLE = "mean_squared_logarithmic_error"
MAPE = "mean_absolute_percentage_error"
LOG_COSH = "log_cosh"

# Losses that compare y_true and y_pred element by element (after Keras's rank adjustment).
REGRESSION = frozenset({MSE, MAE, HUBER, MSLE, MAPE, LOG_COSH})
# Losses that take probabilities by default and accept ``from_logits=True``.
CROSSENTROPY = frozenset({CATEGORICAL, SPARSE, BINARY})

# The string identifiers keras.losses.get accepts (and the snake_case function names).
_STRINGS: dict[str, str] = {
    CATEGORICAL: CATEGORICAL, SPARSE: SPARSE, BINARY: BINARY,
    MSE: MSE, "mse": MSE, "MSE": MSE,
    MAE: MAE, "mae": MAE, "MAE": MAE,
    HUBER: HUBER,
    MSLE: MSLE, "msle": MSLE, "MSLE": MSLE,
    MAPE: MAPE, "mape": MAPE, "MAPE": MAPE,
    LOG_COSH: LOG_COSH,
}

# The loss classes of keras.losses.
_CLASSES: dict[str, str] = {
    "CategoricalCrossentropy": CATEGORICAL,
    "SparseCategoricalCrossentropy": SPARSE,
    "BinaryCrossentropy": BINARY,
    "MeanSquaredError": MSE,
    "MeanAbsoluteError": MAE,
    "Huber": HUBER,
    "MeanSquaredLogarithmicError": MSLE,
    "MeanAbsolutePercentageError": MAPE,
    "LogCosh": LOG_COSH,
}


@dataclass(frozen=True)
class LossObject:
    """``keras.losses.SparseCategoricalCrossentropy(from_logits=True)``: the class and what it was given."""

    qualname: str
    from_logits: bool | _Unknown = False


def loss_object(qualname: str, args: list[Any], kwargs: dict[str, Any]) -> LossObject:
    """A loss class called with its arguments; ``from_logits`` is its first positional parameter."""
    value = kwargs.get("from_logits", args[0] if args and _name(qualname) in ("CategoricalCrossentropy",
                       "SparseCategoricalCrossentropy", "BinaryCrossentropy") else False)
    return LossObject(qualname, value if isinstance(value, bool) else UNKNOWN)


@dataclass(frozen=True)
class Loss:
    """A compiled loss: its canonical name and whether it takes logits (UNKNOWN when not static)."""

    name: str
    from_logits: bool | _Unknown
    spelling: str  # how the code names it, for messages


def resolve(loss: Any) -> Loss | None:
    """The loss a ``compile(loss=...)`` value names; None for anything not in the catalogue."""
    if isinstance(loss, str):
        name = _STRINGS.get(loss)
        return Loss(name, False, repr(loss)) if name else None
    if isinstance(loss, LossObject):
        name = _CLASSES.get(_name(loss.qualname))
        return Loss(name, loss.from_logits, f"{_name(loss.qualname)}(...)") if name else None
    if isinstance(loss, Ref) and loss.qualname.startswith("keras."):
        last = _name(loss.qualname)
        if last in _CLASSES:
            return None  # the class itself, not an instance: Keras rejects it elsewhere
        name = _STRINGS.get(last)
        return Loss(name, False, last) if name else None
    return None


def _name(qualname: str) -> str:
    return qualname.rsplit(".", 1)[-1]


# ----- metrics -------------------------------------------------------------------------------

SPARSE_ACCURACY = "sparse_categorical_accuracy"
CATEGORICAL_ACCURACY = "categorical_accuracy"
SPARSE_TOP_K = "sparse_top_k_categorical_accuracy"
TOP_K = "top_k_categorical_accuracy"

# Metrics that take integer class ids, and those that take one-hot labels (as crossentropy does).
METRICS_FOR_IDS = frozenset({SPARSE_ACCURACY, SPARSE_TOP_K, SPARSE})
METRICS_FOR_ONE_HOT = frozenset({CATEGORICAL_ACCURACY, TOP_K, CATEGORICAL})

# The string identifiers (snake_case names and class names, both accepted by keras.metrics.get),
# and the class of each. "accuracy"/"acc" are left out: compile() picks the right accuracy for them.
_METRIC_CLASSES: dict[str, str] = {
    "SparseCategoricalAccuracy": SPARSE_ACCURACY,
    "CategoricalAccuracy": CATEGORICAL_ACCURACY,
    "SparseTopKCategoricalAccuracy": SPARSE_TOP_K,
    "TopKCategoricalAccuracy": TOP_K,
    "SparseCategoricalCrossentropy": SPARSE,
    "CategoricalCrossentropy": CATEGORICAL,
}
_METRIC_STRINGS: dict[str, str] = {
    **{name: name for name in (SPARSE_ACCURACY, CATEGORICAL_ACCURACY, SPARSE_TOP_K, TOP_K, SPARSE, CATEGORICAL)},
    **_METRIC_CLASSES,
}
# The spelling that takes the other label format, for quick fixes.
METRIC_SWAP: dict[str, str] = {
    SPARSE_ACCURACY: CATEGORICAL_ACCURACY, CATEGORICAL_ACCURACY: SPARSE_ACCURACY,
    SPARSE_TOP_K: TOP_K, TOP_K: SPARSE_TOP_K, SPARSE: CATEGORICAL, CATEGORICAL: SPARSE,
    **{cls: other for cls, other in (
        ("SparseCategoricalAccuracy", "CategoricalAccuracy"), ("CategoricalAccuracy", "SparseCategoricalAccuracy"),
        ("SparseTopKCategoricalAccuracy", "TopKCategoricalAccuracy"),
        ("TopKCategoricalAccuracy", "SparseTopKCategoricalAccuracy"),
        ("SparseCategoricalCrossentropy", "CategoricalCrossentropy"),
        ("CategoricalCrossentropy", "SparseCategoricalCrossentropy"))},
}


@dataclass(frozen=True)
class MetricObject:
    """``keras.metrics.SparseCategoricalAccuracy(name="acc")``: the class it is an instance of."""

    qualname: str


def resolve_metric(metric: Any) -> tuple[str, str] | None:
    """(canonical name, the identifier as the code spells it) for a ``metrics=[...]`` item: a string,
    a function or class of ``keras.metrics`` (Keras instantiates a class), or an instance."""
    if isinstance(metric, str):
        name = _METRIC_STRINGS.get(metric)
        return (name, metric) if name else None
    if isinstance(metric, MetricObject) or (isinstance(metric, Ref) and metric.qualname.startswith("keras.metrics.")):
        last = _name(metric.qualname)
        name = _METRIC_STRINGS.get(last)
        return (name, last) if name else None
    return None
