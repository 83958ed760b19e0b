"""Keras's own argument and shape plumbing, for rules that follow a Keras layer line by line.

Many Keras layers validate an argument only by using it: a float padding passes the
constructor and fails when the output shape becomes a ``KerasTensor`` (``standardize_shape``
rejects floats and negative sizes); a weight over an axis of size None fails in ``add_weight``.
The helpers here reproduce those steps on the plain Python values the engine sees, where
UNKNOWN (a value the analysis cannot see) never causes an error and propagates instead.
"""

from __future__ import annotations

import math
from typing import Any

from .base import Args, LayerError
from .shapes import UNKNOWN, Dim, Shape, _Unknown, shape_str

# Keyword arguments ``Layer.__init__`` accepts (besides a layer's own): anything else raises
# "Unrecognized keyword arguments". ``input_shape``/``input_dim`` are popped with a warning.
LAYER_KWARGS: frozenset[str] = frozenset(
    {"activity_regularizer", "trainable", "dtype", "autocast", "name", "input_dim", "input_shape"}
)


def check_signature(args: Args, params: tuple[str, ...], extra: frozenset[str] = LAYER_KWARGS) -> None:
    """Python's own call checks on ``__init__(self, *params, **kwargs)``: too many positional
    arguments, one given twice, and keyword arguments neither the layer nor ``Layer`` knows."""
    layer = args.layer
    if len(args.args) > len(params):
        raise LayerError(
            "SL106",
            f"{layer}() takes at most {len(params)} positional argument{'s' if len(params) != 1 else ''} "
            f"({', '.join(params)}) but gets {len(args.args)}: pass the others by keyword",
        )
    for name in params[: len(args.args)]:
        if name in args.kwargs:
            raise LayerError(
                "SL106", f"{layer}() gets `{name}` twice, by position and by keyword: remove one", name
            )
    for name in args.kwargs:
        if name not in params and name not in extra:
            raise LayerError(
                "SL106",
                f"{layer}({name}=...) is rejected by Keras: {layer} has no argument `{name}`; "
                f"remove it (its arguments: {', '.join(params)})",
                name,
            )


def is_int(value: Any) -> bool:
    """An ``int`` in Python's sense, bools included (Keras's ``isinstance(x, int)``)."""
    return isinstance(value, int)


def is_number(value: Any) -> bool:
    return isinstance(value, (int, float))


def truthy(value: Any) -> Any:
    """``bool(value)`` for a plain value, UNKNOWN for an unknown one."""
    return UNKNOWN if value is UNKNOWN else bool(value)


def both(a: Any, b: Any) -> Any:
    """Three-valued ``a and b``."""
    if a is False or b is False:
        return False
    if a is UNKNOWN or b is UNKNOWN:
        return UNKNOWN
    return True


def either(a: Any, b: Any) -> Any:
    """Three-valued ``a or b``."""
    if a is True or b is True:
        return True
    if a is UNKNOWN or b is UNKNOWN:
        return UNKNOWN
    return False


def negate(a: Any) -> Any:
    return UNKNOWN if a is UNKNOWN else not a


def keras_tuple(args: Args, name: str, value: Any, n: int, allow_zero: bool, label: str | None = None) -> Any:
    """``argument_validation.standardize_tuple`` exactly: an int (bools are ints) becomes an
    n-tuple; otherwise ``tuple(value)`` of length n whose entries pass ``int(entry)`` (finite
    floats do, and are kept as floats) and are > 0 (>= 0 with allow_zero). Strings always
    fail (``int('a')``, or the comparison with 0). Returns a tuple (entries may be UNKNOWN)
    or UNKNOWN. ``label`` names the part of the argument (``1st entry of padding``)."""
    if value is UNKNOWN:
        return UNKNOWN
    what = label or name
    if is_int(value):
        items: tuple[Any, ...] = (value,) * n
    elif isinstance(value, (tuple, list)):
        items = tuple(value)
        if len(items) != n:
            raise _tuple_error(args, name, value, what, n, allow_zero)
        for item in items:
            if item is UNKNOWN:
                continue
            if not is_number(item) or (isinstance(item, float) and not math.isfinite(item)):
                raise _tuple_error(args, name, value, what, n, allow_zero)
    else:
        raise _tuple_error(args, name, value, what, n, allow_zero)
    for item in items:
        if item is not UNKNOWN and (item < 0 or (item == 0 and not allow_zero)):
            raise _tuple_error(args, name, value, what, n, allow_zero)
    return items


def _tuple_error(args: Args, name: str, value: Any, what: str, n: int, allow_zero: bool) -> LayerError:
    bound = ">= 0" if allow_zero else "> 0"
    where = f" (its {what})" if what != name else ""
    return LayerError(
        "SL106",
        f"{args.layer}({name}=...) is rejected by Keras: {value!r}{where} must be an integer or a tuple "
        f"of {n} integers {bound}",
        name,
    )


def output_shape(dims: list[Any] | tuple[Any, ...], layer: str, argument: str | None, value: Any) -> Shape:
    """``standardize_shape`` on the output shape a layer computes (when it becomes a
    ``KerasTensor``): None and UNKNOWN stay, bools become ints, a float or string raises (a
    float argument such as ``size=(2.5, 2)`` multiplied into a known axis), and so does a
    negative size."""
    out: list[Dim] = []
    for d in dims:
        if d is None or d is UNKNOWN:
            out.append(d)
            continue
        if isinstance(d, bool):
            d = int(d)
        shown = shape_str(tuple(x if x is None or x is UNKNOWN or isinstance(x, int) else UNKNOWN for x in dims))
        if not isinstance(d, int):
            arg = f"({argument}={value!r})" if argument else "()"
            raise LayerError(
                "SL106",
                f"{layer}{arg} gives an output axis of size {d!r}, which Keras rejects: sizes must be "
                f"integers" + (f"; use integers in `{argument}`" if argument else ""),
                argument,
            )
        if d < 0:
            arg = f"({argument}={value!r})" if argument else "()"
            raise LayerError(
                "SL105",
                f"{layer}{arg} gives an output axis of negative size {d} (output {shown}), which Keras "
                "rejects" + (f"; make `{argument}` smaller" if argument else ""),
                argument,
            )
        out.append(d)
    return tuple(out)


def weight_size(
    dims: list[Any] | tuple[Any, ...], layer: str, weight: str, argument: str | None = None,
    none_from_input: bool = True,
) -> int | _Unknown:
    """The number of values of a weight of shape ``dims`` as ``add_weight`` creates it: an
    axis of size None raises (Keras needs fully defined shapes), so do floats, strings and
    negative sizes; bools count as ints. UNKNOWN when an axis is unknown."""
    total: Any = 1
    for d in dims:
        if d is UNKNOWN:
            total = UNKNOWN
            continue
        if d is None:
            if none_from_input:
                raise LayerError(
                    "SL102",
                    f"{layer} needs a defined size on every axis of its {weight} weight, but its shape "
                    f"would be {_shape_text(dims)} because the input has None there; give the model "
                    "input a fixed size on that axis",
                    argument,
                )
            raise LayerError(
                "SL106",
                f"{layer}({argument}=...) leaves an axis of its {weight} weight undefined (shape "
                f"{_shape_text(dims)}); give `{argument}` a size for it",
                argument,
            )
        if isinstance(d, bool):
            d = int(d)
        if not isinstance(d, int) or d < 0:
            raise LayerError(
                "SL106",
                f"{layer}" + (f"({argument}=...)" if argument else "") + f" would create its {weight} weight "
                f"with shape {_shape_text(dims)}, which Keras rejects: sizes must be non-negative integers",
                argument,
            )
        if total is not UNKNOWN:
            total *= d
    return total


def _shape_text(dims: list[Any] | tuple[Any, ...]) -> str:
    inner = ", ".join("?" if d is UNKNOWN else repr(d) for d in dims)
    return f"({inner},)" if len(dims) == 1 else f"({inner})"


def broadcast(a: tuple[Any, ...], b: tuple[Any, ...], layer: str, what: str) -> tuple[Any, ...]:
    """NumPy broadcasting of two shapes (aligned on the right), as the backend applies it when a
    built layer's weight meets real data of another shape. Raises where the sizes clash."""
    n = max(len(a), len(b))
    a2 = (1,) * (n - len(a)) + tuple(a)
    b2 = (1,) * (n - len(b)) + tuple(b)
    out: list[Any] = []
    for x, y in zip(a2, b2, strict=True):
        if x == 1 and y is not UNKNOWN:
            out.append(y)
        elif y == 1 and x is not UNKNOWN:
            out.append(x)
        elif x is UNKNOWN or y is UNKNOWN:
            known = [v for v in (x, y) if v is not UNKNOWN and v != 1]
            out.append(known[0] if known else UNKNOWN)
        elif x is None or y is None:
            out.append(None)
        elif x == y:
            out.append(x)
        else:
            raise LayerError(
                "SL102",
                f"{layer} fails on data of shape {_shape_text(a)}: its {what} has shape {_shape_text(b)}, "
                "and the two do not broadcast; feed data with the sizes the layer was built for",
            )
    return tuple(out)
