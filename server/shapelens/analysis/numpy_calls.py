"""NumPy beyond array constructors: random generators, joining and splitting, ufuncs, reductions.

``rng = np.random.default_rng(0); x = rng.normal(size=(100, 8))``, ``np.column_stack``,
``np.split``, ``np.array(list_of_arrays)``, ``x.mean(axis=0)``, ``np.where(c, a, b)``. Each rule
takes evaluated arguments and returns an ``Array``, a list of them, UNKNOWN, or NotImplemented
for calls ``arrays``/the interpreter already handle. Shapes only: no data is ever made.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

from ..engine.numbers import NumpyInt
from ..engine.shapes import UNKNOWN, is_concrete
from . import arrays, frames
from .arrays import FLOAT, INT
from .values import Array, Ref


@dataclass(frozen=True)
class Generator:
    """``np.random.default_rng(seed)`` (``legacy=False``) or ``np.random.RandomState(seed)``."""

    legacy: bool = False


@dataclass(frozen=True)
class Rows:
    """``[f(row) for row in x]``: a list of ``count`` items shaped alike (never materialized)."""

    count: int
    item: Any


TYPES = (Generator, Rows)

_UFUNCS_FLOAT = frozenset({
    "sin", "cos", "tan", "arcsin", "arccos", "arctan", "sinh", "cosh", "tanh", "exp", "expm1", "log",
    "log1p", "log2", "log10", "sqrt", "cbrt", "deg2rad", "rad2deg", "radians", "degrees",
})
_UFUNCS_SAME = frozenset({
    "abs", "absolute", "negative", "square", "sign", "round", "around", "floor", "ceil", "trunc", "rint",
    "nan_to_num", "fabs",
})
_REDUCTIONS = frozenset({"mean", "sum", "std", "var", "max", "min", "prod", "median", "amax", "amin",
                         "nanmean", "nansum", "nanstd", "nanmax", "nanmin"})
_DTYPES = frozenset({"float16", "float32", "float64", "int8", "int16", "int32", "int64", "uint8", "uint16",
                     "bool_", "double", "single", "intc"})


def call(qualname: str, args: list[Any], kwargs: dict[str, Any]) -> Any:
    name = qualname.split(".", 1)[1] if "." in qualname else ""
    first = args[0] if args else UNKNOWN
    if name in ("random.default_rng", "random.Generator", "random.PCG64"):
        return Generator(legacy=False)
    if name == "random.RandomState":
        return Generator(legacy=True)
    if name in ("random.seed",):
        return None
    if name in ("prod", "product") and len(args) == 1 and not kwargs and isinstance(first, (tuple, list)) and first \
            and all(isinstance(d, int) and not isinstance(d, bool) for d in first):
        return NumpyInt(math.prod(first))  # np.prod(x.shape[1:]): units of the Dense that undoes a Flatten
    if name.startswith("random.") and name[7:] in ("choice", "permutation", "shuffle", "integers",
                                                   "multivariate_normal"):
        return generator_method(Generator(legacy=True), name[7:], args, kwargs)
    if name in _DTYPES and len(args) == 1 and isinstance(first, Array):
        return Array(first.shape, name, first.value_range if "int" in name else None)
    if name in _DTYPES and len(args) == 1 and not kwargs and isinstance(first, (int, float)) \
            and not isinstance(first, bool):
        return Array((), name)  # np.float32(255): a NumPy scalar, which keeps its dtype in arithmetic
    if name in ("array", "asarray", "asanyarray", "ascontiguousarray", "stack") and isinstance(first, (list, tuple)) \
            and first and all(isinstance(a, Array) for a in first):
        if name != "stack" and (len(args) > 1 or set(kwargs) - {"dtype"}):
            return UNKNOWN
        axis = args[1] if name == "stack" and len(args) > 1 else kwargs.get("axis", 0) if name == "stack" else 0
        out = arrays.stack_like(list(first), axis, new_axis=True)
        return _with_dtype(out, kwargs.get("dtype")) if isinstance(out, Array) else out
    if name in ("array", "asarray", "stack") and isinstance(first, Rows) and len(args) == 1 \
            and set(kwargs) <= {"dtype"}:
        if not isinstance(first.item, Array):
            return UNKNOWN
        return _with_dtype(Array((first.count, *first.item.shape), first.item.dtype, first.item.value_range),
                           kwargs.get("dtype"))
    if name in ("array", "asarray") and isinstance(first, frames.TYPES[:2]):
        first = frames.as_array(first)
    if name in ("array", "asarray") and isinstance(first, Array):
        return _with_dtype(first, kwargs.get("dtype", args[1] if len(args) > 1 else None))
    if name in ("column_stack", "dstack") and isinstance(first, (list, tuple)):
        return _column_or_depth_stack(list(first), name == "dstack")
    if name == "concatenate" and kwargs.get("axis", 0) is None and isinstance(first, (list, tuple)):
        flat = [arrays.reshape(a, (-1,)) if isinstance(a, Array) else UNKNOWN for a in first]
        return arrays.stack_like(flat, 0, new_axis=False)
    if name in ("split", "array_split") and isinstance(first, Array):
        return split(first, args[1] if len(args) > 1 else kwargs.get("indices_or_sections", UNKNOWN),
                     args[2] if len(args) > 2 else kwargs.get("axis", 0), strict=name == "split")
    if name == "linspace":
        num = args[2] if len(args) > 2 else kwargs.get("num", 50)
        return Array((num,), FLOAT) if is_concrete(num) and num >= 0 and len(args) >= 2 else UNKNOWN
    if name in _UFUNCS_FLOAT and len(args) == 1 and isinstance(first, Array):
        return Array(first.shape, first.dtype if _is_float(first.dtype) else
                     FLOAT if isinstance(first.dtype, str) else UNKNOWN)
    if name in _UFUNCS_SAME and len(args) == 1 and isinstance(first, Array):
        return Array(first.shape, first.dtype)
    if name == "clip" and isinstance(first, Array):
        return Array(first.shape, first.dtype)
    if name in _REDUCTIONS and isinstance(first, Array):
        return reduce(first, args[1] if len(args) > 1 else kwargs.get("axis"), kwargs.get("keepdims", False),
                      name)
    if name == "where" and len(args) == 3:
        return where(*args)
    if name == "tile" and isinstance(first, Array) and len(args) == 2:
        return tile(first, args[1])
    if name == "repeat" and isinstance(first, Array):
        return repeat(first, args[1] if len(args) > 1 else kwargs.get("repeats", UNKNOWN),
                      args[2] if len(args) > 2 else kwargs.get("axis"))
    if len(args) == 2 and (name == "matmul" or (
            name == "dot" and all(isinstance(a, Array) and a.rank <= 2 for a in args))):
        return matmul(args[0], args[1])
    if name in ("zeros_like", "ones_like", "empty_like", "full_like") and isinstance(first, Array):
        dtype = kwargs.get("dtype")
        return Array(first.shape, first.dtype) if dtype is None else _with_dtype(Array(first.shape, UNKNOWN), dtype)
    if name == "pad" and isinstance(first, Array) and (len(args) > 1 or "pad_width" in kwargs):
        return pad(first, args[1] if len(args) > 1 else kwargs["pad_width"])
    if name in ("load", "loadtxt", "genfromtxt", "fromfile", "memmap"):
        return UNKNOWN
    return NotImplemented


def _with_dtype(array: Array, dtype: Any) -> Array:
    if dtype is None:
        return array
    name = dtype if isinstance(dtype, str) else dtype.qualname.split(".")[-1] if isinstance(dtype, Ref) else UNKNOWN
    return Array(array.shape, name, array.value_range if isinstance(name, str) and "int" in name else None,
                 one_hot=array.one_hot)


def _is_float(dtype: Any) -> bool:
    return isinstance(dtype, str) and dtype.startswith(("float", "bfloat"))


def generator_method(gen: Generator, name: str, args: list[Any], kwargs: dict[str, Any]) -> Any:
    """The sampling methods of ``Generator`` (and of ``RandomState`` where spelled alike)."""
    def arg(pos: int, key: str, default: Any = None) -> Any:
        return args[pos] if len(args) > pos else kwargs.get(key, default)

    if name in ("normal", "uniform", "laplace", "logistic", "lognormal", "binomial", "beta"):
        size = arg(2, "size")
    elif name in ("standard_normal", "random", "random_sample"):
        size = arg(0, "size")
    elif name in ("exponential", "poisson", "standard_t", "chisquare"):
        size = arg(1, "size")
    elif name == "integers" or (name == "randint" and gen.legacy):
        low, high = arg(0, "low", UNKNOWN), arg(1, "high")
        if high is None:
            low, high = 0, low
        closed = kwargs.get("endpoint", False) is True if not gen.legacy else False
        if kwargs.get("endpoint", False) not in (True, False):
            return UNKNOWN
        size = arg(2, "size")
        if size is None:
            return UNKNOWN
        top = high if closed else high - 1 if is_concrete(high) else UNKNOWN
        value_range = (low, top) if is_concrete(low) and is_concrete(top) else None
        return arrays.from_shape(size, INT, value_range)
    elif name in ("rand", "randn") and gen.legacy:
        draw = ("uniform", 0, 1) if name == "rand" else ("normal", 0, 1)
        return arrays.fractions(arrays.from_dims(tuple(args), FLOAT), draw)
    elif name == "choice":
        return _choice(arg(0, "a", UNKNOWN), arg(1, "size"))
    elif name == "multivariate_normal":
        # One sample of len(mean) values per entry of size: (*size, len(mean)).
        mean = arg(0, "mean", UNKNOWN)
        dims = len(mean) if isinstance(mean, (list, tuple)) else mean.shape[0] \
            if isinstance(mean, Array) and mean.rank == 1 else UNKNOWN
        size = arg(2, "size")
        shape = () if size is None else arrays.as_shape(size)
        if shape is None or not is_concrete(dims):
            return UNKNOWN
        return Array((*shape, dims), FLOAT)
    elif name == "permutation":
        x = arg(0, "x", UNKNOWN)
        if is_concrete(x):
            return Array((x,), INT, (0, x - 1) if x > 0 else None)
        return x if isinstance(x, Array) else UNKNOWN
    elif name == "shuffle":
        return None
    else:
        return UNKNOWN
    if size is None:
        return UNKNOWN  # a single number
    if name in ("binomial", "poisson"):
        return arrays.from_shape(size, INT)
    draw = None
    if name == "normal":
        draw = ("normal", arg(0, "loc", 0.0), arg(1, "scale", 1.0))
    elif name == "uniform":
        draw = ("uniform", arg(0, "low", 0.0), arg(1, "high", 1.0))
    elif name == "standard_normal":
        draw = ("normal", 0, 1)
    elif name in ("random", "random_sample"):
        draw = ("uniform", 0, 1)
    return arrays.fractions(arrays.from_shape(size, FLOAT), draw)


def _choice(a: Any, size: Any) -> Any:
    if size is None:
        return UNKNOWN
    shape = arrays.as_shape(size)
    if shape is None:
        return UNKNOWN
    if is_concrete(a):
        return Array(shape, INT, (0, a - 1) if a > 0 else None)
    if isinstance(a, (list, tuple)):
        a = arrays.literal(list(a))
    if isinstance(a, Array) and a.rank >= 1:
        return Array((*shape, *a.shape[1:]), a.dtype, a.value_range)
    return UNKNOWN


def _column_or_depth_stack(items: list[Any], depth: bool) -> Any:
    if not items or not all(isinstance(a, Array) for a in items):
        return UNKNOWN
    lifted: list[Any] = []
    for a in items:
        if depth:
            shape = (1, a.shape[0], 1) if a.rank == 1 else (*a.shape, 1) if a.rank == 2 else a.shape
        else:
            shape = (a.shape[0], 1) if a.rank == 1 else a.shape
        if not shape:
            return UNKNOWN
        lifted.append(Array(shape, a.dtype))
    out = arrays.stack_like(lifted, 2 if depth else 1, new_axis=False)
    if isinstance(out, Array) and len({a.dtype for a in items}) > 1:
        return Array(out.shape, UNKNOWN)
    return out


def split(array: Array, sections: Any, axis: Any, strict: bool) -> Any:
    """``np.split(x, 4)`` / ``np.split(x, [10, 20])`` / ``np.array_split``: a list of pieces."""
    if not is_concrete(axis) or not -array.rank <= axis < array.rank:
        return UNKNOWN
    axis %= array.rank
    n = array.shape[axis]
    if not is_concrete(n):
        return UNKNOWN
    if is_concrete(sections):
        if sections <= 0 or sections > 64 or (strict and n % sections):
            return UNKNOWN
        base, extra = divmod(n, sections)
        sizes = [base + (1 if i < extra else 0) for i in range(sections)]
    elif isinstance(sections, (list, tuple)) and len(sections) <= 64 and all(is_concrete(s) for s in sections):
        bounds = [0, *sections, n]
        sizes = [len(range(n)[lo:hi]) for lo, hi in pairwise(bounds)]
    else:
        return UNKNOWN
    return [Array((*array.shape[:axis], size, *array.shape[axis + 1:]), array.dtype, array.value_range)
            for size in sizes]


def reduce(array: Array, axis: Any, keepdims: Any, name: str = "sum") -> Any:
    """``x.mean(axis=0)``, ``np.sum(x, axis=(1, 2), keepdims=True)``; no axis: a scalar."""
    if keepdims not in (True, False):
        return UNKNOWN
    if axis is None:
        return Array((1,) * array.rank, _reduced_dtype(array, name)) if keepdims else UNKNOWN
    axes = axis if isinstance(axis, (tuple, list)) else (axis,)
    if not all(is_concrete(a) and -array.rank <= a < array.rank for a in axes):
        return UNKNOWN
    picked = {a % array.rank for a in axes}
    if len(picked) != len(axes):
        return UNKNOWN
    shape = tuple(1 if i in picked else d for i, d in enumerate(array.shape) if keepdims or i not in picked)
    if not shape:
        return UNKNOWN
    return Array(shape, _reduced_dtype(array, name))


def _reduced_dtype(array: Array, name: str) -> Any:
    if name.removeprefix("nan") in ("mean", "std", "var", "median"):
        return array.dtype if _is_float(array.dtype) else FLOAT if isinstance(array.dtype, str) else UNKNOWN
    return array.dtype if name.removeprefix("nan") in ("max", "min", "amax", "amin") else UNKNOWN


def where(cond: Any, a: Any, b: Any) -> Any:
    shapes = []
    for v in (cond, a, b):
        if isinstance(v, Array):
            shapes.append(v.shape)
        elif isinstance(v, (int, float)):
            shapes.append(())
        else:
            return UNKNOWN
    shape: Any = shapes[0]
    for s in shapes[1:]:
        shape = arrays.broadcast(shape, s)
        if shape is UNKNOWN:
            return UNKNOWN
    dtypes = {v.dtype for v in (a, b) if isinstance(v, Array)}
    return Array(shape, dtypes.pop() if len(dtypes) == 1 and all(isinstance(v, Array) for v in (a, b)) else UNKNOWN)


def tile(array: Array, reps: Any) -> Any:
    reps = (reps,) if is_concrete(reps) else reps
    if not isinstance(reps, (tuple, list)) or not all(is_concrete(r) for r in reps):
        return UNKNOWN
    rank = max(array.rank, len(reps))
    shape = (1,) * (rank - array.rank) + tuple(array.shape)
    reps = (1,) * (rank - len(reps)) + tuple(reps)
    return Array(tuple(d * r if is_concrete(d) else UNKNOWN for d, r in zip(shape, reps, strict=True)),
                 array.dtype, array.value_range)


def repeat(array: Array, repeats: Any, axis: Any) -> Any:
    if not is_concrete(repeats):
        return UNKNOWN
    if axis is None:
        size = arrays._size(array.shape)
        return Array((size * repeats if is_concrete(size) else UNKNOWN,), array.dtype, array.value_range)
    if not is_concrete(axis) or not -array.rank <= axis < array.rank:
        return UNKNOWN
    axis %= array.rank
    dim = array.shape[axis]
    return Array((*array.shape[:axis], dim * repeats if is_concrete(dim) else UNKNOWN, *array.shape[axis + 1:]),
                 array.dtype, array.value_range)


def array_method(array: Array, name: str, args: list[Any], kwargs: dict[str, Any]) -> Any:
    """Array methods the interpreter's own table does not cover; NotImplemented for the rest."""
    if name in _REDUCTIONS:
        return reduce(array, args[0] if args else kwargs.get("axis"), kwargs.get("keepdims", False), name)
    if name in ("clip", "round", "__abs__"):
        return Array(array.shape, array.dtype)
    if name == "repeat":
        return repeat(array, args[0] if args else kwargs.get("repeats", UNKNOWN),
                      args[1] if len(args) > 1 else kwargs.get("axis"))
    if name == "astype" and isinstance(args[0] if args else kwargs.get("dtype"), Ref) and \
            (args[0] if args else kwargs.get("dtype")).qualname.split(".")[-1] == "bool_":
        return Array(array.shape, "bool")
    if name == "tolist":
        return UNKNOWN
    return NotImplemented


def compare(values: list[Any]) -> Any:
    """``y == 1``, ``x > 0.5``: a boolean array of the broadcast shape."""
    if len(values) != 2:
        return UNKNOWN
    shapes = []
    for v in values:
        if isinstance(v, Array):
            shapes.append(v.shape)
        elif isinstance(v, (int, float)):
            shapes.append(())
        else:
            return UNKNOWN
    shape = arrays.broadcast(shapes[0], shapes[1])
    return UNKNOWN if shape is UNKNOWN else Array(shape, "bool", (0, 1))


def rows(value: Any) -> Any:
    """What ``for row in x`` binds: one row of the array."""
    if isinstance(value, Array) and value.rank >= 2:
        return Array(value.shape[1:], value.dtype, value.value_range)
    return UNKNOWN


def comprehension_over_rows(interp: Any, node: Any, iterable: Any) -> Any:
    """``[f(row) for row in x]`` over an array of known length: the item is worked out once, on
    one row; with an ``if`` the count is unknown. Changes made by the item are not followed."""
    import ast

    gen = node.generators[0]
    if not isinstance(node, ast.ListComp) or gen.ifs or not isinstance(iterable, Array) \
            or iterable.rank < 2 or not is_concrete(iterable.shape[0]):
        return UNKNOWN
    saved = interp.env
    interp.env = dict(saved)
    interp.uncertain += 1
    try:
        interp.bind(gen.target, rows(iterable))
        item = interp.eval(node.elt)
    finally:
        interp.uncertain -= 1
        interp.env = saved
    return Rows(iterable.shape[0], item)


def matmul(a: Any, b: Any) -> Any:
    """``a @ b`` / ``np.matmul`` / ``np.dot`` on arrays of rank >= 1 (a scalar result: unknown)."""
    if not isinstance(a, Array) or not isinstance(b, Array) or not a.rank or not b.rank:
        return UNKNOWN
    ka = a.shape[-1]
    kb = b.shape[0] if b.rank == 1 else b.shape[-2]
    if is_concrete(ka) and is_concrete(kb) and ka != kb:
        return UNKNOWN  # NumPy raises: not a Keras matter
    dtype = a.dtype if a.dtype == b.dtype else UNKNOWN
    if a.rank == 1 and b.rank == 1:
        return UNKNOWN
    if b.rank == 1:
        return Array(a.shape[:-1], dtype)
    if a.rank == 1:
        return Array((*b.shape[:-2], b.shape[-1]), dtype)
    batch = arrays.broadcast(a.shape[:-2], b.shape[:-2])
    if batch is UNKNOWN:
        return UNKNOWN
    return Array((*batch, a.shape[-2], b.shape[-1]), dtype)


def pad(array: Array, width: Any) -> Any:
    """``np.pad(x, 2)``, ``np.pad(x, (1, 2))``, ``np.pad(x, ((0, 0), (2, 2)))``."""
    def pair(v: Any) -> tuple[int, int] | None:
        if is_concrete(v) and v >= 0:
            return (v, v)
        if isinstance(v, (tuple, list)) and len(v) in (1, 2) and all(is_concrete(p) and p >= 0 for p in v):
            return (v[0], v[-1])
        return None

    per_axis: list[tuple[int, int] | None]
    if pair(width) is not None:
        per_axis = [pair(width)] * array.rank
    elif isinstance(width, (tuple, list)) and len(width) == array.rank:
        per_axis = [pair(w) for w in width]
    elif isinstance(width, (tuple, list)) and len(width) == 1:
        per_axis = [pair(width[0])] * array.rank
    else:
        return UNKNOWN
    if any(p is None for p in per_axis):
        return UNKNOWN
    return Array(tuple(d + p[0] + p[1] if is_concrete(d) else UNKNOWN  # type: ignore[index]
                       for d, p in zip(array.shape, per_axis, strict=True)), array.dtype)
