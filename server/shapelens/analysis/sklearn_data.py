"""sklearn's bundled toy datasets, its fixed downloadable ones and its generators, whose shapes
are documented facts.

``load_iris()`` is (150, 4) with 3 classes; ``make_moons(n_samples=200)`` is (200, 2) with
labels 0 and 1; ``fetch_california_housing()`` is (20640, 8) with a float target, as its
docstring says. Nothing is loaded, downloaded or generated.
"""

from __future__ import annotations

from typing import Any

from ..engine.shapes import UNKNOWN, is_concrete
from .program_values import DictValue
from .values import Array

_FLOAT, _INT = "float64", "int64"

# name: (samples, features, classes or None for a float target, extra arrays)
_TOY: dict[str, tuple[int, int, int | None]] = {
    "load_iris": (150, 4, 3),
    "load_digits": (1797, 64, 10),
    "load_breast_cancer": (569, 30, 2),
    "load_wine": (178, 13, 3),
    "load_diabetes": (442, 10, None),
    # fetched once from the web, but always the same table
    "fetch_california_housing": (20640, 8, None),
    "fetch_olivetti_faces": (400, 4096, 40),
}


class Bunch(DictValue):
    """sklearn's ``Bunch``: a dict whose keys are also attributes (``iris.data``)."""


def call(name: str, args: list[Any], kwargs: dict[str, Any]) -> Any:
    if name in _TOY:
        if args or kwargs.get("as_frame", False) is not False:
            return UNKNOWN
        n, features, classes = _TOY[name]
        data = Array((n, features), "float32" if name == "fetch_olivetti_faces" else _FLOAT)
        target = Array((n,), _INT, (0, classes - 1)) if classes else Array((n,), _FLOAT)
        return_xy = kwargs.get("return_X_y", False)
        if return_xy is True:
            return (data, target)
        if return_xy is not False:
            return UNKNOWN
        bunch = Bunch(data=data, target=target)
        if name == "load_digits":
            bunch["images"] = Array((n, 8, 8), _FLOAT)
        if name == "fetch_olivetti_faces":
            bunch["images"] = Array((n, 64, 64), "float32")
        bunch.open = True  # names, descriptions, frames: not followed
        return bunch
    return _generator(name, kwargs) if not args else UNKNOWN


def _generator(name: str, kwargs: dict[str, Any]) -> Any:
    n = kwargs.get("n_samples", 100)
    if not is_concrete(n) or n <= 0:
        return UNKNOWN
    if name in ("make_moons", "make_circles"):
        return (Array((n, 2), _FLOAT), Array((n,), _INT, (0, 1)))
    if name == "make_classification":
        features, classes = kwargs.get("n_features", 20), kwargs.get("n_classes", 2)
        if not is_concrete(features) or not is_concrete(classes):
            return UNKNOWN
        return (Array((n, features), _FLOAT), Array((n,), _INT, (0, classes - 1)))
    if name == "make_blobs":
        features, centers = kwargs.get("n_features", 2), kwargs.get("centers")
        if not is_concrete(features):
            return UNKNOWN
        k = 3 if centers is None else centers if is_concrete(centers) else \
            len(centers) if isinstance(centers, (list, tuple)) else UNKNOWN
        if centers is not None and not is_concrete(centers):
            features = UNKNOWN if not isinstance(centers, (list, tuple)) else features
        return (Array((n, features), _FLOAT), Array((n,), _INT, (0, k - 1) if is_concrete(k) else None))
    if name == "make_regression":
        features, targets = kwargs.get("n_features", 100), kwargs.get("n_targets", 1)
        if not is_concrete(features) or not is_concrete(targets):
            return UNKNOWN
        return (Array((n, features), _FLOAT), Array((n,) if targets == 1 else (n, targets), _FLOAT))
    return UNKNOWN
