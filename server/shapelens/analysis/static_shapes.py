"""``tensor.set_shape(shape)``: TensorFlow refines a tensor's static shape in place.

The time-series tutorial slices windows (``features[:, s, :]`` keeps the window axis None) and
then fixes it with ``inputs.set_shape([None, width, None])``: each None takes the other's size,
each size must agree. The statement rebinds the name to the refined array; a shape we cannot
read makes it unknown (the refined static shape is then not known).
"""

from __future__ import annotations

import ast
from typing import Any

from ..engine.shapes import UNKNOWN, is_concrete
from .values import Array


def set_shape_statement(interp: Any, expr: ast.expr) -> bool:
    """Run ``name.set_shape(...)`` on an array bound to ``name``; False for any other statement."""
    if not (isinstance(expr, ast.Call) and isinstance(expr.func, ast.Attribute) and expr.func.attr == "set_shape"
            and isinstance(expr.func.value, ast.Name) and len(expr.args) == 1 and not expr.keywords):
        return False
    name = expr.func.value.id
    current = interp.env.get(name, UNKNOWN)
    if not isinstance(current, Array):
        return False
    given = interp.eval(expr.args[0])
    interp.env[name] = _refined(current, given)
    return True


def _refined(array: Array, given: Any) -> Any:
    if not isinstance(given, (list, tuple)) or len(given) != array.rank \
            or not all(d is None or (is_concrete(d) and d >= 0) for d in given):
        return UNKNOWN
    dims = []
    for have, want in zip(array.shape, given, strict=True):
        if want is None:
            dims.append(have)
        elif have is None or have is UNKNOWN or have == want:  # it runs only when they agree
            dims.append(want)
        else:
            return UNKNOWN  # ValueError in TensorFlow (incompatible), or a size we do not know
    return Array(tuple(dims), array.dtype, array.value_range, array.name, array.one_hot)
