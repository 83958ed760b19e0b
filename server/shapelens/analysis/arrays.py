"""Array shapes through NumPy/TensorFlow constructors and transforms, without running them.

Each function takes already-evaluated arguments (constants, ``Array``, UNKNOWN) and returns an
``Array`` or UNKNOWN. Nothing here guesses: an argument we cannot see gives UNKNOWN.
"""

from __future__ import annotations

import ast
import dataclasses
from typing import Any

from ..engine.shapes import UNKNOWN, Dim, Shape, is_concrete
from .texts import SOME_TEXT
from .values import Array

FLOAT = "float64"
FLOAT32 = "float32"
INT = "int64"


class _RuntimeSize:
    """``tf.shape(x)[0]`` / ``ops.shape(x)[0]`` on an axis whose static size is ``None`` (the
    batch): a scalar tensor known only when the graph runs. A shape built from it has ``None``
    there (TensorFlow's static shape inference); anything else done with it is unknown."""

    def __repr__(self) -> str:
        return "<runtime size>"


RUNTIME_SIZE: Any = _RuntimeSize()


def static_dim(value: Any) -> Any:
    """A shape entry as TensorFlow's static shape sees it: a runtime size is ``None``."""
    return None if value is RUNTIME_SIZE else value


def as_shape(value: Any) -> Shape | None:
    """A shape argument: an int or a tuple/list of ints (UNKNOWN entries allowed)."""
    if is_concrete(value):
        return (value,)
    if isinstance(value, (tuple, list)) and all(is_concrete(v) or v is UNKNOWN or v is RUNTIME_SIZE for v in value):
        return tuple(static_dim(v) for v in value)
    return None


def from_shape(value: Any, dtype: str, value_range: tuple[int, int] | None = None) -> Array | Any:
    shape = as_shape(value)
    return UNKNOWN if shape is None else Array(shape, dtype, value_range)


def from_dims(dims: tuple[Any, ...], dtype: str) -> Array | Any:
    """``np.random.rand(3, 4)``: the dimensions as separate arguments."""
    if not dims:
        return UNKNOWN  # a Python float, not an array
    return from_shape(tuple(dims), dtype)


def fractions(value: Any, draw: tuple[str, Any, Any] | None = None) -> Any:
    """Random draws from a continuous distribution: values with fractions. ``draw`` names the
    distribution when its parameters are plain numbers: ("uniform", low, high), ("normal", mean, std)."""
    if not isinstance(value, Array):
        return value
    known = draw is not None and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in draw[1:])
    return dataclasses.replace(value, fractional=True, draw=(draw[0], float(draw[1]), float(draw[2]))
                               if known and draw else None)


def scaled_draw(draw: tuple[str, float, float] | None, op: ast.operator, other: float,
                array_left: bool) -> tuple[str, float, float] | None:
    """The distribution of ``draw * other`` (``+``, ``-``, ``/``): ``rand(n) * 10`` is uniform on [0, 10)."""
    if draw is None:
        return None
    kind, a, b = draw
    if isinstance(op, ast.Add):
        return (kind, a + other, b + other) if kind == "uniform" else (kind, a + other, b)
    if isinstance(op, ast.Sub):
        if not array_left:  # other - draw
            return ("uniform", other - b, other - a) if kind == "uniform" else (kind, other - a, b)
        return (kind, a - other, b - other) if kind == "uniform" else (kind, a - other, b)
    factor = other if isinstance(op, ast.Mult) else 1 / other if isinstance(op, ast.Div) and array_left and other else None
    if factor is None:
        return None
    if kind == "uniform":
        low, high = sorted((a * factor, b * factor))
        return (kind, low, high)
    return (kind, a * factor, abs(b * factor))


def keep(array: Array, result: Any) -> Any:
    """A shape transform of ``array``: the values (and their fractions) are the same."""
    if isinstance(result, Array) and array.fractional and not result.fractional:
        return dataclasses.replace(result, fractional=True, draw=array.draw)
    return result


def randint(low: Any, high: Any, size: Any) -> Array | Any:
    """``np.random.randint(low, high=None, size=None)``: values in [low, high)."""
    if size is None:
        return UNKNOWN
    if high is None:
        low, high = 0, low
    value_range = (low, high - 1) if is_concrete(low) and is_concrete(high) else None
    return from_shape(size, INT, value_range)


def arange(args: tuple[Any, ...]) -> Array | Any:
    """``np.arange``: its length and value bounds by arithmetic (never by listing the values)."""
    if not args or len(args) > 3 or not all(is_concrete(a) for a in args):
        return UNKNOWN  # float steps: the length depends on rounding
    start, stop, step = (0, args[0], 1) if len(args) == 1 else (args[0], args[1], args[2] if len(args) > 2 else 1)
    if step == 0:
        return UNKNOWN
    n = _count(start, stop, step)
    last = start + (n - 1) * step
    value_range = (min(start, last), max(start, last)) if n else None
    return Array((n,), INT, value_range)


def range_length(values: range) -> int:
    """``len(values)``, which raises OverflowError past ``sys.maxsize``."""
    return _count(values.start, values.stop, values.step)


def _count(start: int, stop: int, step: int) -> int:
    """``len(range(start, stop, step))`` for integers of any size."""
    return max(0, -((start - stop) // step))


def literal(value: Any) -> Array | Any:
    """``np.array([[1, 2], [3, 4]])``: the shape of a rectangular nested list."""
    def shape_of(v: Any) -> tuple[int, ...] | None:
        if isinstance(v, (list, tuple)):
            inner = [shape_of(item) for item in v]
            if not inner:
                return (0,)
            if any(s is None for s in inner) or len(set(inner)) != 1:
                return None
            return (len(v), *inner[0])  # type: ignore[misc]
        if v is UNKNOWN:
            return None
        return ()

    shape = shape_of(value)
    if shape is None or not shape:
        return UNKNOWN
    flat: list[Any] = []

    def walk(v: Any) -> None:
        if isinstance(v, (list, tuple)):
            for item in v:
                walk(item)
        else:
            flat.append(v)

    walk(value)
    if all(isinstance(v, int) and not isinstance(v, bool) for v in flat):
        return Array(shape, INT, (min(flat), max(flat)) if flat else None)
    if all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in flat):
        return Array(shape, FLOAT)
    if all(isinstance(v, str) or v is SOME_TEXT for v in flat):
        return Array(shape, "str")
    return Array(shape, UNKNOWN)


def reshape(array: Array, target: Any) -> Array | Any:
    shape = as_shape(target)
    if shape is None:
        return UNKNOWN
    if shape.count(-1) > 1:
        return UNKNOWN
    if -1 in shape:
        total = _size(array.shape)
        rest = _size(tuple(d for d in shape if d != -1))
        if not is_concrete(total) or not is_concrete(rest) or rest == 0 or total % rest:
            return Array(tuple(UNKNOWN if d == -1 else d for d in shape), array.dtype, array.value_range,
                fractional=array.fractional, draw=array.draw)
        shape = tuple(total // rest if d == -1 else d for d in shape)
    return Array(shape, array.dtype, array.value_range, fractional=array.fractional, draw=array.draw)


def _size(shape: Shape) -> Dim:
    total = 1
    for d in shape:
        if not is_concrete(d):
            return UNKNOWN
        total *= d  # type: ignore[operator]
    return total


def expand_dims(array: Array, axis: Any) -> Array | Any:
    if not is_concrete(axis):
        return UNKNOWN
    rank = array.rank + 1
    if not -rank <= axis < rank:
        return UNKNOWN
    axis %= rank
    return Array((*array.shape[:axis], 1, *array.shape[axis:]), array.dtype, array.value_range,
        fractional=array.fractional, draw=array.draw)


def squeeze(array: Array, axis: Any = None) -> Array | Any:
    if axis is None:
        if any(not is_concrete(d) for d in array.shape):
            return UNKNOWN
        return Array(tuple(d for d in array.shape if d != 1), array.dtype, array.value_range,
            fractional=array.fractional, draw=array.draw)
    if not is_concrete(axis) or not -array.rank <= axis < array.rank:
        return UNKNOWN
    axis %= array.rank
    if array.shape[axis] != 1:
        return UNKNOWN  # NumPy raises; not a Keras matter
    return Array(array.shape[:axis] + array.shape[axis + 1:], array.dtype, array.value_range,
        fractional=array.fractional, draw=array.draw)


def transpose(array: Array, axes: Any = None) -> Array | Any:
    if axes is None:
        return Array(tuple(reversed(array.shape)), array.dtype, array.value_range, fractional=array.fractional, draw=array.draw)
    if isinstance(axes, (tuple, list)) and sorted(axes) == list(range(array.rank)):
        return Array(tuple(array.shape[a] for a in axes), array.dtype, array.value_range, fractional=array.fractional, draw=array.draw)
    return UNKNOWN


def to_categorical(labels: Array, num_classes: Any) -> Array | Any:
    """``keras.utils.to_categorical``: a trailing size-1 axis is replaced, as Keras does."""
    shape = labels.shape
    if shape and shape[-1] == 1 and len(shape) > 1:
        shape = shape[:-1]
    if num_classes is None and labels.value_range is not None:
        num_classes = labels.value_range[1] + 1
    if not is_concrete(num_classes):
        num_classes = UNKNOWN
    return Array((*shape, num_classes), FLOAT, (0, 1), one_hot=True)


def index(array: Array, key: Any) -> Array | Any:
    """``x[0]``, ``x[:100]``, ``x[..., None]``, ``x[:, :, np.newaxis]``.

    ``key`` is a tuple of evaluated index items: int, slice triple ``("slice", lo, hi, step)``,
    None (new axis), Ellipsis, or UNKNOWN.
    """
    items = list(key)
    if any(item is UNKNOWN for item in items):
        return UNKNOWN
    consumed = sum(1 for item in items if item is not None and item is not Ellipsis)
    if consumed > array.rank or items.count(Ellipsis) > 1:
        return UNKNOWN
    if Ellipsis in items:
        at = items.index(Ellipsis)
        items[at:at + 1] = [("slice", None, None, None)] * (array.rank - consumed)
    else:
        items += [("slice", None, None, None)] * (array.rank - consumed)
    out: list[Dim] = []
    axis = 0
    for item in items:
        if item is None:
            out.append(1)
            continue
        dim = array.shape[axis]
        axis += 1
        if isinstance(item, tuple) and item and item[0] == "slice":
            out.append(_slice_len(dim, item[1], item[2], item[3]))
        elif is_concrete(item):
            if is_concrete(dim) and not -dim <= item < dim:  # type: ignore[operator]
                return UNKNOWN
        else:
            return UNKNOWN
    return Array(tuple(out), array.dtype, array.value_range, fractional=array.fractional, draw=array.draw)


def _slice_len(dim: Dim, lo: Any, hi: Any, step: Any) -> Dim:
    bounds = [v for v in (lo, hi, step) if v is not None]
    if not all(is_concrete(v) for v in bounds) or step == 0:
        return UNKNOWN
    if dim is None:
        return None  # a slice of an axis of runtime size (the batch): TensorFlow keeps it None
    if not is_concrete(dim) or dim < 0:  # type: ignore[operator]
        return UNKNOWN
    start, stop, stride = slice(lo, hi, step).indices(dim)  # type: ignore[arg-type]
    return _count(start, stop, stride)


def broadcast(a: Shape, b: Shape) -> Shape | Any:
    """NumPy broadcasting of two shapes; UNKNOWN when it cannot be decided."""
    out: list[Dim] = []
    for i in range(1, max(len(a), len(b)) + 1):
        x = a[-i] if i <= len(a) else 1
        y = b[-i] if i <= len(b) else 1
        if x == y:
            out.append(x)
        elif x == 1:
            out.append(y)
        elif y == 1:
            out.append(x)
        else:
            return UNKNOWN
    return tuple(reversed(out))


def stack_like(arrays: list[Any], axis: Any, new_axis: bool) -> Array | Any:
    """``np.stack`` (new axis) and ``np.concatenate``/``vstack`` (existing axis 0)."""
    if not arrays or not all(isinstance(a, Array) for a in arrays) or not is_concrete(axis):
        return UNKNOWN
    first = arrays[0].shape
    if new_axis:
        if any(a.shape != first for a in arrays):
            return UNKNOWN
        rank = len(first) + 1
        if not -rank <= axis < rank:
            return UNKNOWN
        axis %= rank
        return Array((*first[:axis], len(arrays), *first[axis:]), arrays[0].dtype)
    if any(a.rank != len(first) for a in arrays) or not -len(first) <= axis < len(first):
        return UNKNOWN
    axis %= len(first)
    sizes = [a.shape[axis] for a in arrays]
    total = sum(sizes) if all(is_concrete(s) for s in sizes) else UNKNOWN  # type: ignore[arg-type]
    return Array((*first[:axis], total, *first[axis + 1:]), arrays[0].dtype)


def take(table: Array, picks: Array) -> Array | Any:
    """``table[picks]`` with an integer array: ``np.eye(n)[labels]`` gives one-hot rows; with a
    boolean mask over the leading axes, the kept rows are unknown in number."""
    if picks.dtype == "bool":
        if picks.rank > table.rank or any(is_concrete(a) and is_concrete(b) and a != b
                                          for a, b in zip(picks.shape, table.shape, strict=False)):
            return UNKNOWN
        return Array((UNKNOWN, *table.shape[picks.rank:]), table.dtype, table.value_range, one_hot=table.one_hot)
    if not table.shape or picks.dtype not in (INT, "int32", "uint8", UNKNOWN):
        return UNKNOWN
    one_hot = table.dtype == FLOAT and len(table.shape) == 2 and table.value_range == (0, 1)
    return Array((*picks.shape, *table.shape[1:]), table.dtype, table.value_range, one_hot=one_hot)


def argmax(array: Array, axis: Any) -> Array | Any:
    """``np.argmax(y, axis=-1)``: integer indices along one axis."""
    if axis is None:
        return UNKNOWN  # a single flat index
    if not is_concrete(axis) or not -array.rank <= axis < array.rank:
        return UNKNOWN
    axis %= array.rank
    size = array.shape[axis]
    value_range = (0, size - 1) if is_concrete(size) and size > 0 else None  # type: ignore[operator]
    return Array(array.shape[:axis] + array.shape[axis + 1:], INT, value_range)


def swapaxes(array: Array, a: Any, b: Any) -> Array | Any:
    if not is_concrete(a) or not is_concrete(b) or not all(-array.rank <= v < array.rank for v in (a, b)):
        return UNKNOWN
    dims = list(array.shape)
    dims[a], dims[b] = dims[b], dims[a]
    return Array(tuple(dims), array.dtype, array.value_range, fractional=array.fractional, draw=array.draw)


def moveaxis(array: Array, source: Any, destination: Any) -> Array | Any:
    if not is_concrete(source) or not is_concrete(destination):
        return UNKNOWN
    if not all(-array.rank <= v < array.rank for v in (source, destination)):
        return UNKNOWN
    dims = list(array.shape)
    dim = dims.pop(source % array.rank)
    dims.insert(destination % array.rank, dim)
    return Array(tuple(dims), array.dtype, array.value_range, fractional=array.fractional, draw=array.draw)
