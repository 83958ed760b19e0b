"""Shapes through the tensor ops used inside Lambda layers, ``Dataset.map`` functions and custom
layers' ``call()``: ``keras.ops.*``, ``tf.*`` (``tf.math``, ``tf.nn``, ``tf.image``, ``tf.linalg``)
and the ``tf.keras.backend`` functions (``K.mean``...).

Keras builds a Lambda by running its function on TensorFlow placeholders whose batch axis is
``None``, so the truth here is TensorFlow's static shape inference: a ``None`` axis stays
``None`` through reshapes, splits and concatenations. Arguments are already evaluated
(``Array``, constants, UNKNOWN). Anything not handled gives UNKNOWN, never a guess.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..engine.shapes import UNKNOWN, Dim, Shape, is_concrete
from . import arrays
from .values import Array, Ref

# A call this module does not know: the caller keeps looking (NumPy rules, other handlers).
NOT_AN_OP: Any = object()

# (module prefix, flavor, prefix of the op name): flavors differ in defaults (``K.concatenate``
# joins on the last axis, ``keras.ops.concatenate`` on the first, ``tf.concat`` needs an axis).
_PREFIXES: tuple[tuple[str, str, str], ...] = (
    ("keras.ops.image.", "ops", "image."),
    ("keras.ops.nn.", "ops", ""),
    ("keras.ops.numpy.", "ops", ""),
    ("keras.ops.math.", "ops", ""),
    ("keras.ops.", "ops", ""),
    ("keras.backend.", "K", ""),
    # tf.experimental.numpy: NumPy's API on tensors, as keras.ops follows it (only the ops in _TNP).
    ("tensorflow.experimental.numpy.", "tnp", ""),
    ("keras.activations.", "act", ""),
    ("tensorflow.compat.v1.image.", "tf", "image."),
    ("tensorflow.compat.v1.", "tf", ""),
    ("tensorflow.math.", "tf", ""),
    ("tensorflow.nn.", "tf", ""),
    ("tensorflow.linalg.", "tf", ""),
    ("tensorflow.image.", "tf", "image."),
    ("tensorflow.", "tf", ""),
)


def _flavor(qualname: str) -> tuple[str, str] | None:
    """(flavor, op name); image ops are named ``image.<op>``."""
    for prefix, flavor, mark in _PREFIXES:
        if qualname.startswith(prefix):
            return flavor, mark + qualname[len(prefix):]
    return None


def call(qualname: str, args: list[Any], kwargs: dict[str, Any]) -> Any:
    """The value of a tensor-op call, or NOT_AN_OP when this module does not know the name."""
    if qualname.startswith("keras.applications.") and qualname.endswith(".preprocess_input"):
        return _preprocess_input(args, kwargs)
    if qualname == "keras.activations.get":
        return _activation_get(args, kwargs)
    found = _flavor(qualname)
    if found is None:
        return NOT_AN_OP
    flavor, name = found
    if flavor == "tnp":
        if name not in _TNP:
            return NOT_AN_OP
        flavor = "ops"
    handler = _OPS.get(name)
    if handler is None or (flavor == "act" and name not in _ELEMENTWISE and name != "softmax"):
        return NOT_AN_OP
    try:
        return handler(flavor, name, args, kwargs)
    except (TypeError, ValueError, IndexError, KeyError, AttributeError, ZeroDivisionError, OverflowError):
        return UNKNOWN


def _preprocess_input(args: list[Any], kwargs: dict[str, Any]) -> Any:
    """``keras.applications.<model>.preprocess_input``: scales or shifts values, keeps the shape."""
    x = _arg(args, kwargs, 0, "x")
    if not isinstance(x, Array):
        return UNKNOWN
    return _same(x, dtype=x.dtype if x.dtype == "float32" else UNKNOWN)


def _activation_get(args: list[Any], kwargs: dict[str, Any]) -> Any:
    """``keras.activations.get("relu")``: the activation function itself (None is linear)."""
    ident = _arg(args, kwargs, 0, "identifier", default=None)
    if ident is None:
        ident = "linear"
    if isinstance(ident, Ref) and ident.qualname.startswith("keras.activations."):
        return ident
    if isinstance(ident, str) and (ident in _ELEMENTWISE or ident == "softmax"):
        return Ref("keras.activations." + ident)
    return UNKNOWN


# The tf.experimental.numpy functions whose shapes are those of the keras.ops of the same name.
_TNP = frozenset({"matmul", "maximum", "minimum", "add", "subtract", "multiply", "divide", "square", "sqrt", "exp",
                  "log", "tanh", "abs", "mean", "sum", "max", "min", "transpose", "expand_dims", "squeeze"})


def is_op(qualname: str) -> bool:
    if qualname.startswith("keras.applications.") and qualname.endswith(".preprocess_input"):
        return True
    found = _flavor(qualname)
    return found is not None and found[1] in _OPS and (found[0] != "tnp" or found[1] in _TNP)


# ------------------------------------------------------------------------------ helpers


def _arg(args: list[Any], kwargs: dict[str, Any], pos: int, *names: str, default: Any = UNKNOWN) -> Any:
    for name in names:
        if name in kwargs:
            return kwargs[name]
    return args[pos] if pos < len(args) else default


def _tensor(value: Any) -> Array | None:
    """A tensor argument: an Array, or a Python number (a scalar tensor)."""
    if isinstance(value, Array):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return Array((), "int32" if isinstance(value, int) else "float32")
    if isinstance(value, (list, tuple)):
        literal = arrays.literal(value)
        return literal if isinstance(literal, Array) else None
    return None


def _axis(axis: Any, rank: int) -> int | None:
    if not is_concrete(axis) or not -rank <= axis < rank:
        return None
    return int(axis) % rank


def _merge(a: Dim, b: Dim) -> Dim | None:
    """Two sizes of the same axis: TensorFlow merges None with a size; None when they conflict."""
    if a is UNKNOWN or b is UNKNOWN:
        return UNKNOWN
    if a is None:
        return b
    if b is None or a == b:
        return a
    return None if a != b else a


def _dtype(value: Any) -> Any:
    if isinstance(value, str):
        return value
    if isinstance(value, Ref):
        return value.qualname.split(".")[-1]
    return UNKNOWN


def _same(x: Array, shape: Shape | None = None, dtype: Any = None) -> Array:
    return Array(x.shape if shape is None else shape, x.dtype if dtype is None else dtype)


def broadcast(a: Shape, b: Shape) -> Shape | Any:
    """TensorFlow's static broadcasting: ``None`` against a size > 1 is that size."""
    out: list[Dim] = []
    for i in range(1, max(len(a), len(b)) + 1):
        x = a[-i] if i <= len(a) else 1
        y = b[-i] if i <= len(b) else 1
        if x is UNKNOWN or y is UNKNOWN:
            out.append(UNKNOWN)
        elif x == y or y == 1:
            out.append(x)
        elif x == 1:
            out.append(y)
        elif x is None:
            out.append(y)
        elif y is None:
            out.append(x)
        else:
            return UNKNOWN  # TensorFlow raises: not ours to report here
    return tuple(reversed(out))


# ------------------------------------------------------------------------------ the rules

_FLOAT_RESULT = frozenset({"sigmoid", "tanh", "exp", "log", "sqrt", "rsqrt", "softplus", "softsign", "elu",
                           "selu", "gelu", "swish", "silu", "log1p", "expm1", "erf", "sin", "cos",
                           "hard_sigmoid", "log_sigmoid", "relu6", "leaky_relu", "mish"})
_ELEMENTWISE = frozenset({
    "abs", "absolute", "negative", "square", "sign", "floor", "ceil", "round", "relu", "identity",
    "stop_gradient", "reciprocal", "clip_by_value", "clip", "zeros_like", "ones_like", "reverse", "roll",
    "cumsum", "cumprod", "sort", "dropout", "linear", "exponential", "is_nan", "logical_not", *_FLOAT_RESULT,
})


def _elementwise(flavor: str, name: str, args: list[Any], kwargs: dict[str, Any]) -> Any:
    x = _tensor(_arg(args, kwargs, 0, "x", "input", "features", "t", "tensor", "inputs"))
    if x is None:
        return UNKNOWN
    if name == "is_nan":
        return _same(x, dtype="bool")
    if name in ("abs", "absolute") and x.dtype in _COMPLEX:
        return _same(x, dtype=_COMPLEX[x.dtype])  # the magnitude of a complex tensor is real
    return _same(x)


_COMPLEX = {"complex64": "float32", "complex128": "float64"}


def _stft(flavor: str, name: str, args: list[Any], kwargs: dict[str, Any]) -> Any:
    """``tf.signal.stft``: (..., samples) -> (..., frames, fft_length // 2 + 1), complex; frames
    ``1 + (samples - frame_length) // frame_step``, or ``ceil(samples / frame_step)`` with pad_end;
    fft_length defaults to the smallest power of 2 holding a frame."""
    x = _tensor(_arg(args, kwargs, 0, "signals"))
    length = _arg(args, kwargs, 1, "frame_length")
    step = _arg(args, kwargs, 2, "frame_step")
    fft = _arg(args, kwargs, 3, "fft_length", default=None)
    pad_end = _arg(args, kwargs, 5, "pad_end", default=False)
    if x is None or not x.shape or not all(isinstance(v, int) and not isinstance(v, bool) and v > 0
                                           for v in (length, step)) or not isinstance(pad_end, bool):
        return UNKNOWN
    if fft is None:
        fft = 1 << (length - 1).bit_length()
    if not isinstance(fft, int) or isinstance(fft, bool) or fft <= 0:
        return UNKNOWN
    samples = x.shape[-1]
    frames: Dim
    if samples is None or samples is UNKNOWN:
        frames = samples
    elif pad_end:
        frames = -(-samples // step)
    else:
        frames = max(0, 1 + (samples - length) // step)
    dtype = {"float32": "complex64", "float64": "complex128"}.get(x.dtype, UNKNOWN)  # type: ignore[arg-type]
    return Array((*x.shape[:-1], frames, fft // 2 + 1), dtype)


def _binary(flavor: str, name: str, args: list[Any], kwargs: dict[str, Any]) -> Any:
    a = _tensor(_arg(args, kwargs, 0, "x", "x1", "x_1"))
    b = _tensor(_arg(args, kwargs, 1, "y", "x2", "x_2"))
    if a is None or b is None:
        return UNKNOWN
    shape = broadcast(a.shape, b.shape)
    if shape is UNKNOWN:
        return UNKNOWN
    comparison = name in ("equal", "not_equal", "greater", "greater_equal", "less", "less_equal",
                          "logical_and", "logical_or")
    dtype = "bool" if comparison else a.dtype if a.dtype == b.dtype else UNKNOWN
    return Array(shape, dtype)


def _cast(flavor: str, name: str, args: list[Any], kwargs: dict[str, Any]) -> Any:
    x = _tensor(_arg(args, kwargs, 0, "x", "image"))
    dtype = _dtype(_arg(args, kwargs, 1, "dtype"))
    return UNKNOWN if x is None else _same(x, dtype=dtype)


def _reduce(flavor: str, name: str, args: list[Any], kwargs: dict[str, Any]) -> Any:
    x = _tensor(_arg(args, kwargs, 0, "x", "input_tensor", "input"))
    axis = _arg(args, kwargs, 1, "axis", default=None)
    keepdims = _arg(args, kwargs, 2, "keepdims", default=False)
    if keepdims is None and flavor == "tf":
        keepdims = False  # TensorFlow's reductions take None as False
    if x is None or not isinstance(keepdims, bool):
        return UNKNOWN
    dtype = "bool" if name.endswith(("any", "all")) else x.dtype
    if name == "count_nonzero":
        dtype = "int64" if flavor == "tf" else UNKNOWN  # tf.math.count_nonzero's default dtype
    if name in ("reduce_any", "reduce_all") and x.dtype != "bool":
        return UNKNOWN  # TensorFlow takes booleans only
    if axis is None:
        return Array((1,) * x.rank if keepdims else (), dtype)
    axes = axis if isinstance(axis, (tuple, list)) else (axis,)
    picked = {_axis(a, x.rank) for a in axes}
    if None in picked:
        return UNKNOWN
    if keepdims:
        return Array(tuple(1 if i in picked else d for i, d in enumerate(x.shape)), dtype)
    return Array(tuple(d for i, d in enumerate(x.shape) if i not in picked), dtype)


def _argmax(flavor: str, name: str, args: list[Any], kwargs: dict[str, Any]) -> Any:
    x = _tensor(_arg(args, kwargs, 0, "x", "input"))
    default = {"tf": 0, "K": -1}.get(flavor)
    axis = _arg(args, kwargs, 1, "axis", "dimension", default=default)
    if x is None:
        return UNKNOWN
    if axis is None:  # keras.ops: the index into the flattened tensor
        return Array((), "int32")
    at = _axis(axis, x.rank)
    if at is None:
        return UNKNOWN
    return Array(x.shape[:at] + x.shape[at + 1:], "int64" if flavor in ("tf", "K") else "int32")


def _reshape(flavor: str, name: str, args: list[Any], kwargs: dict[str, Any]) -> Any:
    raw = _arg(args, kwargs, 0, "x", "tensor")
    x = _tensor(raw)
    target = _arg(args, kwargs, 1, "newshape", "shape")
    if is_concrete(target):
        target = (target,)
    if x is None:
        return _reshape_unknown(target) if raw is UNKNOWN else UNKNOWN
    if not isinstance(target, (tuple, list)):
        return UNKNOWN
    # A runtime size (``ops.shape(x)[0]`` of the batch axis) is ``None`` in the static shape.
    dims = [d if is_concrete(d) else None if d is arrays.RUNTIME_SIZE else UNKNOWN for d in target]
    if dims.count(-1) > 1 or any(is_concrete(d) and d < -1 for d in dims):
        return UNKNOWN
    if -1 in dims:
        rest = [d for d in dims if d != -1]
        if any(d is None for d in (*x.shape, *rest)):
            inferred: Dim = None if all(is_concrete(d) or d is None for d in rest) and UNKNOWN not in x.shape \
                else UNKNOWN
        elif all(is_concrete(d) for d in (*x.shape, *rest)):
            total, part = math.prod(x.shape), math.prod(rest)  # type: ignore[arg-type]
            if part == 0 or total % part:
                return UNKNOWN  # TensorFlow raises
            inferred = total // part
        else:
            inferred = UNKNOWN
        dims = [inferred if d == -1 else d for d in dims]
    elif all(is_concrete(d) for d in (*x.shape, *dims)) and math.prod(x.shape) != math.prod(dims):  # type: ignore[arg-type]
        return UNKNOWN  # TensorFlow raises
    elif all(is_concrete(d) for d in dims) and None in x.shape:
        known = math.prod(d for d in x.shape if is_concrete(d))  # type: ignore[misc]
        if UNKNOWN in x.shape or known == 0 or math.prod(dims) % known:  # type: ignore[arg-type]
            return UNKNOWN  # TensorFlow raises when the known sizes cannot fit
    return _same(x, tuple(dims))


def _linspace(flavor: str, name: str, args: list[Any], kwargs: dict[str, Any]) -> Any:
    """``tf.linspace(-2, 2, 201)``: (num,) between two numbers; TensorFlow gives float64 for
    two ints, float32 otherwise (``keras.ops``: float32)."""
    start, stop = _arg(args, kwargs, 0, "start"), _arg(args, kwargs, 1, "stop")
    num = _arg(args, kwargs, 2, "num", default=50 if flavor == "ops" else UNKNOWN)
    numbers = all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in (start, stop))
    if not numbers or not isinstance(num, int) or isinstance(num, bool) or num < 0 or flavor not in ("tf", "ops") \
            or set(kwargs) - {"start", "stop", "num", "name"}:
        return UNKNOWN
    dtype = "float64" if flavor == "tf" and isinstance(start, int) and isinstance(stop, int) else "float32"
    return Array((num,), dtype)


@dataclass(frozen=True)
class Ragged:
    """A ``tf.RaggedTensor`` (``tf.strings.split`` of a batch of sentences): its static shape,
    ragged axes ``None``. Only the ops below take it; anything else makes it unknown."""

    shape: Shape
    dtype: Any


def _strings_split(flavor: str, name: str, args: list[Any], kwargs: dict[str, Any]) -> Any:
    """``tf.strings.split(sentences)``: one more axis, ragged (the words of each string)."""
    x = _arg(args, kwargs, 0, "input")
    if not isinstance(x, Array) or not x.shape or set(kwargs) - {"input", "sep", "maxsplit", "name"}:
        return UNKNOWN  # a scalar string gives a dense tensor of words: not followed
    return Ragged((*x.shape, None), "string")


def _strings_same(flavor: str, name: str, args: list[Any], kwargs: dict[str, Any]) -> Any:
    """Element-wise string ops: the same (ragged) shape; hashes are int64."""
    x = _arg(args, kwargs, 0, "input")
    dtype = "int64" if name.startswith("strings.to_hash_bucket") else "string"
    if isinstance(x, Ragged):
        return Ragged(x.shape, dtype)
    return Array(x.shape, dtype) if isinstance(x, Array) else UNKNOWN


def ragged_method(x: Ragged, name: str, args: list[Any], kwargs: dict[str, Any]) -> Any:
    """``ragged.to_tensor()``: dense, padded to the longest row (its size is the data's)."""
    if name == "to_tensor" and not args and set(kwargs) <= {"default_value", "name"}:
        return Array(tuple(UNKNOWN if d is None else d for d in x.shape), x.dtype)
    return UNKNOWN


def _reshape_unknown(target: Any) -> Any:
    """``tf.reshape(x, (-1, 28, 28, 1))`` on a tensor we cannot see (data loaded at run time):
    if it succeeds, the result has the target's shape, its ``-1`` axis of a size we cannot see."""
    if not isinstance(target, (tuple, list)) or not all(is_concrete(d) for d in target) \
            or list(target).count(-1) > 1 or any(d < -1 for d in target):
        return UNKNOWN
    return Array(tuple(UNKNOWN if d == -1 else d for d in target), UNKNOWN)


def _expand_dims(flavor: str, name: str, args: list[Any], kwargs: dict[str, Any]) -> Any:
    x = _tensor(_arg(args, kwargs, 0, "x", "input"))
    axis = _arg(args, kwargs, 1, "axis", default=-1 if flavor == "K" else UNKNOWN)
    if x is None:
        return UNKNOWN
    at = _axis(axis, x.rank + 1)
    return UNKNOWN if at is None else _same(x, (*x.shape[:at], 1, *x.shape[at:]))


def _squeeze(flavor: str, name: str, args: list[Any], kwargs: dict[str, Any]) -> Any:
    x = _tensor(_arg(args, kwargs, 0, "x", "input"))
    axis = _arg(args, kwargs, 1, "axis", default=None)
    if x is None:
        return UNKNOWN
    if axis is None:
        if not all(is_concrete(d) for d in x.shape):
            return UNKNOWN  # TensorFlow loses the rank
        return _same(x, tuple(d for d in x.shape if d != 1))
    axes = axis if isinstance(axis, (tuple, list)) else (axis,)
    picked = {_axis(a, x.rank) for a in axes}
    allowed = (1,) if flavor == "ops" else (1, None)  # keras.ops checks the static size
    if None in picked or any(x.shape[i] not in allowed for i in picked):  # type: ignore[index]
        return UNKNOWN
    return _same(x, tuple(d for i, d in enumerate(x.shape) if i not in picked))


def _transpose(flavor: str, name: str, args: list[Any], kwargs: dict[str, Any]) -> Any:
    x = _tensor(_arg(args, kwargs, 0, "x", "a"))
    perm = _arg(args, kwargs, 1, "axes", "perm", "pattern", default=None)
    if x is None:
        return UNKNOWN
    if perm is None:
        return _same(x, tuple(reversed(x.shape)))
    if isinstance(perm, (tuple, list)) and sorted(perm) == list(range(x.rank)):
        return _same(x, tuple(x.shape[p] for p in perm))
    return UNKNOWN


def _joined(values: Any) -> list[Array] | None:
    if not isinstance(values, (tuple, list)) or not values:
        return None
    tensors = [_tensor(v) for v in values]
    if any(t is None for t in tensors):
        return None
    return tensors  # type: ignore[return-value]


def _concat(flavor: str, name: str, args: list[Any], kwargs: dict[str, Any]) -> Any:
    tensors = _joined(_arg(args, kwargs, 0, "xs", "values", "tensors"))
    default = {"ops": 0, "K": -1}.get(flavor, UNKNOWN)
    axis = _arg(args, kwargs, 1, "axis", default=default)
    if tensors is None:
        return UNKNOWN
    rank = tensors[0].rank
    at = _axis(axis, rank)
    if at is None or any(t.rank != rank for t in tensors):
        return UNKNOWN
    out: list[Dim] = []
    for i in range(rank):
        sizes = [t.shape[i] for t in tensors]
        if i == at:
            if UNKNOWN in sizes:
                out.append(UNKNOWN)
            else:
                out.append(None if None in sizes else sum(sizes))  # type: ignore[arg-type]
            continue
        merged: Dim = sizes[0]
        for size in sizes[1:]:
            merged = _merge(merged, size)  # type: ignore[assignment]
            if merged is None and size is not None and sizes[0] is not None:
                return UNKNOWN  # sizes conflict: TensorFlow raises
        out.append(merged)
    dtypes = {t.dtype for t in tensors}
    return Array(tuple(out), dtypes.pop() if len(dtypes) == 1 else UNKNOWN)


def _merged_shape(tensors: list[Array]) -> Shape | None:
    first = tensors[0].shape
    out = list(first)
    for t in tensors[1:]:
        if t.rank != len(first):
            return None
        for i, size in enumerate(t.shape):
            merged = _merge(out[i], size)
            if merged is None and out[i] is not None and size is not None:
                return None
            out[i] = merged
    return tuple(out)


def _stack(flavor: str, name: str, args: list[Any], kwargs: dict[str, Any]) -> Any:
    tensors = _joined(_arg(args, kwargs, 0, "x", "values"))
    axis = _arg(args, kwargs, 1, "axis", default=0)
    if tensors is None:
        return UNKNOWN
    shape = _merged_shape(tensors)
    at = _axis(axis, len(tensors[0].shape) + 1)
    if shape is None or at is None:
        return UNKNOWN
    dtypes = {t.dtype for t in tensors}
    return Array((*shape[:at], len(tensors), *shape[at:]), dtypes.pop() if len(dtypes) == 1 else UNKNOWN)


def _split(flavor: str, name: str, args: list[Any], kwargs: dict[str, Any]) -> Any:
    x = _tensor(_arg(args, kwargs, 0, "x", "value"))
    how = _arg(args, kwargs, 1, "indices_or_sections", "num_or_size_splits")
    axis = _arg(args, kwargs, 2, "axis", default=0)
    if x is None or x.rank == 0:
        return UNKNOWN
    at = _axis(axis, x.rank)
    if at is None:
        return UNKNOWN
    size = x.shape[at]
    if is_concrete(how):
        if how <= 0 or (is_concrete(size) and size % how):
            return UNKNOWN  # TensorFlow raises
        part = size // how if is_concrete(size) else size
        sizes: list[Dim] = [part] * how
    elif isinstance(how, (tuple, list)) and how and all(is_concrete(v) for v in how):
        if flavor == "ops":  # NumPy style: split points; Keras needs the axis size to convert them
            if not is_concrete(size):
                return UNKNOWN
            points = list(how)
            sizes = [points[0], *(b - a for a, b in itertools.pairwise(points)), size - points[-1]]  # type: ignore[operator]
        else:
            sizes = list(how)
            if sizes.count(-1) > 1:
                return UNKNOWN
            if -1 in sizes:
                rest = sum(v for v in sizes if v != -1)
                sizes = [(size - rest if is_concrete(size) else size) if v == -1 else v for v in sizes]  # type: ignore[operator]
        if any(is_concrete(v) and v < 0 for v in sizes):
            return UNKNOWN  # TensorFlow raises
        if is_concrete(size) and all(is_concrete(v) for v in sizes) and sum(sizes) != size:  # type: ignore[arg-type]
            return UNKNOWN
    else:
        return UNKNOWN
    return [_same(x, (*x.shape[:at], s, *x.shape[at + 1:])) for s in sizes]


def _unstack(flavor: str, name: str, args: list[Any], kwargs: dict[str, Any]) -> Any:
    x = _tensor(_arg(args, kwargs, 0, "x", "value"))
    axis = _arg(args, kwargs, 2, "axis", default=0)
    if x is None:
        return UNKNOWN
    at = _axis(axis, x.rank)
    if at is None or not is_concrete(x.shape[at]) or x.shape[at] > 64:  # type: ignore[operator]
        return UNKNOWN
    return [_same(x, x.shape[:at] + x.shape[at + 1:]) for _ in range(x.shape[at])]  # type: ignore[arg-type]


def _matmul(flavor: str, name: str, args: list[Any], kwargs: dict[str, Any]) -> Any:
    a = _tensor(_arg(args, kwargs, 0, "x1", "a", "x"))
    b = _tensor(_arg(args, kwargs, 1, "x2", "b", "y"))
    if a is None or b is None or a.rank < 2 or b.rank < 2:
        return UNKNOWN
    sa, sb = list(a.shape), list(b.shape)
    if kwargs.get("transpose_a") is True:
        sa[-2], sa[-1] = sa[-1], sa[-2]
    if kwargs.get("transpose_b") is True:
        sb[-2], sb[-1] = sb[-1], sb[-2]
    if any(kwargs.get(k) not in (None, False, True) for k in ("transpose_a", "transpose_b")):
        return UNKNOWN
    inner = _merge(sa[-1], sb[-2])
    if inner is None and sa[-1] is not None and sb[-2] is not None:
        return UNKNOWN
    batch = broadcast(tuple(sa[:-2]), tuple(sb[:-2]))
    if batch is UNKNOWN:
        return UNKNOWN
    return Array((*batch, sa[-2], sb[-1]), a.dtype if a.dtype == b.dtype else UNKNOWN)


def _one_hot(flavor: str, name: str, args: list[Any], kwargs: dict[str, Any]) -> Any:
    x = _tensor(_arg(args, kwargs, 0, "x", "indices"))
    depth = _arg(args, kwargs, 1, "num_classes", "depth")
    axis = kwargs.get("axis", -1 if flavor != "tf" else args[4] if len(args) > 4 else None)
    if x is None or not is_concrete(depth):
        return UNKNOWN
    if flavor in ("tf", "K") and not (isinstance(x.dtype, str) and "int" in x.dtype):
        return UNKNOWN  # tf.one_hot takes integer indices only
    if axis is None:
        axis = -1
    at = _axis(axis, x.rank + 1)
    if at is None:
        return UNKNOWN
    dtype = _dtype(kwargs["dtype"]) if kwargs.get("dtype") is not None else "float32"
    return Array((*x.shape[:at], depth, *x.shape[at:]), dtype)


def _softmax(flavor: str, name: str, args: list[Any], kwargs: dict[str, Any]) -> Any:
    x = _tensor(_arg(args, kwargs, 0, "x", "logits"))
    axis = _arg(args, kwargs, 1, "axis", default=-1)
    if x is None:
        return UNKNOWN
    if axis is not None and _axis(axis, x.rank) is None:
        return UNKNOWN
    if flavor == "K" and x.rank <= 1:
        return UNKNOWN  # the legacy backend raises on 1-D tensors
    return _same(x)


def _normalize(flavor: str, name: str, args: list[Any], kwargs: dict[str, Any]) -> Any:
    x = _tensor(_arg(args, kwargs, 0, "x"))
    return UNKNOWN if x is None else _same(x)


def _tile(flavor: str, name: str, args: list[Any], kwargs: dict[str, Any]) -> Any:
    x = _tensor(_arg(args, kwargs, 0, "x", "input"))
    reps = _arg(args, kwargs, 1, "repeats", "multiples", "n")
    if x is None or not isinstance(reps, (tuple, list)) or len(reps) != x.rank:
        return UNKNOWN
    out: list[Dim] = []
    for d, r in zip(x.shape, reps, strict=True):
        if not is_concrete(r) or d is UNKNOWN:
            out.append(UNKNOWN)
        else:
            out.append(d * r if is_concrete(d) else (None if r != 0 else 0))  # type: ignore[operator]
    return _same(x, tuple(out))


def _pad(flavor: str, name: str, args: list[Any], kwargs: dict[str, Any]) -> Any:
    x = _tensor(_arg(args, kwargs, 0, "x", "tensor"))
    pads = _arg(args, kwargs, 1, "pad_width", "paddings")
    if x is None or not isinstance(pads, (tuple, list)) or len(pads) != x.rank:
        return UNKNOWN
    out: list[Dim] = []
    for d, p in zip(x.shape, pads, strict=True):
        if not isinstance(p, (tuple, list)) or len(p) != 2 or not all(is_concrete(v) for v in p):
            return UNKNOWN
        out.append(d + p[0] + p[1] if is_concrete(d) else d)  # type: ignore[operator]
    return _same(x, tuple(out))


def _shape(flavor: str, name: str, args: list[Any], kwargs: dict[str, Any]) -> Any:
    """``tf.shape(x)`` / ``ops.shape(x)``: the sizes TensorFlow knows statically; a ``None`` axis
    is a runtime size (a shape made of it has ``None`` there)."""
    x = _tensor(_arg(args, kwargs, 0, "x", "input"))
    if x is None:
        return UNKNOWN
    if name == "int_shape":
        return tuple(x.shape)
    if name == "rank" or name == "ndim":
        return x.rank
    return tuple(d if is_concrete(d) else arrays.RUNTIME_SIZE if d is None else UNKNOWN for d in x.shape)


def _batch_flatten(flavor: str, name: str, args: list[Any], kwargs: dict[str, Any]) -> Any:
    x = _tensor(_arg(args, kwargs, 0, "x"))
    if x is None or x.rank < 1:
        return UNKNOWN
    rest = x.shape[1:]
    size: Dim = math.prod(rest) if all(is_concrete(d) for d in rest) else (  # type: ignore[arg-type]
        UNKNOWN if UNKNOWN in rest else None)
    return _same(x, (x.shape[0], size))


def _arange(flavor: str, name: str, args: list[Any], kwargs: dict[str, Any]) -> Any:
    """``keras.ops.arange`` / ``tf.range``: Python ints give int32 tensors, floats float32."""
    start = _arg(args, kwargs, 0, "start")
    stop = _arg(args, kwargs, 1, "stop", "limit", default=None)
    step = _arg(args, kwargs, 2, "step", "delta", default=1)
    if stop is None:
        start, stop = 0, start
    values = (start, stop, step)
    if arrays.RUNTIME_SIZE in (start, stop) and flavor in ("ops", "tf") and kwargs.get("dtype") is None and all(
            v is arrays.RUNTIME_SIZE or (type(v) is int and v >= 0) for v in values) and step > 0:
        return Array((None,), "int32")  # positions up to the runtime length of a sequence axis
    if not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values) or step == 0:
        return UNKNOWN
    if kwargs.get("dtype") is not None or (flavor == "K" and not all(isinstance(v, int) for v in values)):
        return UNKNOWN
    if (step > 0 and start > stop) or (step < 0 and start < stop):
        return UNKNOWN  # TensorFlow raises (it wants start <= limit for a positive step)
    length = max(0, math.ceil((stop - start) / step))
    return Array((length,), "int32" if all(isinstance(v, int) for v in values) else "float32")


def _filled(flavor: str, name: str, args: list[Any], kwargs: dict[str, Any]) -> Any:
    """``ops.ones((3, 3))`` / ``tf.zeros([2, 4])`` / ``ops.full(shape, value)``: float32 unless a
    dtype is given (``ops.full`` does not take the fill value's type)."""
    if flavor not in ("ops", "tf"):
        return UNKNOWN  # K.ones makes a variable
    shape = _arg(args, kwargs, 0, "shape")
    dtype = _arg(args, kwargs, 2 if name == "full" else 1, "dtype", default=None)
    if isinstance(shape, int) and not isinstance(shape, bool):
        shape = (shape,)
    if not isinstance(shape, (tuple, list)) or not all(
            d is arrays.RUNTIME_SIZE or (isinstance(d, int) and not isinstance(d, bool) and d >= 0) for d in shape):
        return UNKNOWN
    return Array(tuple(arrays.static_dim(d) for d in shape), "float32" if dtype is None else _dtype(dtype))


# ----- tf.image / keras.ops.image (channels_last: (..., height, width, channels)) -----------


def _image(flavor: str, name: str, args: list[Any], kwargs: dict[str, Any]) -> Any:
    op = name.removeprefix("image.")
    x = _tensor(_arg(args, kwargs, 0, "images", "image", "value"))
    if x is None or x.rank not in (3, 4):
        return UNKNOWN
    lead, channels = x.shape[:-3], x.shape[-1]
    if op == "resize":
        size = _arg(args, kwargs, 1, "size")
        if kwargs.get("preserve_aspect_ratio") not in (None, False) or kwargs.get("crop_to_aspect_ratio") not in (
                None, False) or kwargs.get("pad_to_aspect_ratio") not in (None, False):
            return UNKNOWN
        if flavor == "ops" and kwargs.get("data_format") not in (None, "channels_last"):
            return UNKNOWN
        if not isinstance(size, (tuple, list)) or len(size) != 2 or not all(is_concrete(s) for s in size):
            return UNKNOWN
        method = kwargs.get("method", kwargs.get("interpolation", args[2] if len(args) > 2 else "bilinear"))
        nearest = method in ("nearest",) or (isinstance(method, Ref) and method.qualname.endswith("NEAREST_NEIGHBOR"))
        if not isinstance(method, str) and not isinstance(method, Ref):
            return UNKNOWN
        dtype = x.dtype if nearest or flavor == "ops" else "float32"
        if flavor == "ops" and not nearest:
            dtype = x.dtype if isinstance(x.dtype, str) and x.dtype.startswith("float") else UNKNOWN
        return Array((*lead, size[0], size[1], channels), dtype)
    if op in ("resize_with_pad", "resize_with_crop_or_pad", "pad_to_bounding_box", "crop_to_bounding_box"):
        offset = 2 if op in ("pad_to_bounding_box", "crop_to_bounding_box") else 0
        height = _arg(args, kwargs, 1 + offset, "target_height")
        width = _arg(args, kwargs, 2 + offset, "target_width")
        if not is_concrete(height) or not is_concrete(width):
            return UNKNOWN
        dtype = "float32" if op == "resize_with_pad" else x.dtype
        height_in, width_in = x.shape[-3], x.shape[-2]
        if op == "resize_with_pad" and height > 0 and width > 0:
            if not is_concrete(height_in) or not is_concrete(width_in):
                return UNKNOWN
            ratio = max(width_in / width, height_in / height)  # type: ignore[operator]
            if math.floor(height_in / ratio) == 0 or math.floor(width_in / ratio) == 0:  # type: ignore[operator]
                return UNKNOWN  # TensorFlow raises: the image shrinks to nothing
        if height <= 0 or width <= 0:
            return UNKNOWN
        return Array((*lead, height, width, channels), dtype)
    if op in ("rgb_to_grayscale",):
        return Array((*x.shape[:-1], 1), x.dtype)
    if op in ("grayscale_to_rgb",):
        return Array((*x.shape[:-1], 3), x.dtype) if channels == 1 else UNKNOWN
    if op == "convert_image_dtype":
        return _same(x, dtype=_dtype(_arg(args, kwargs, 1, "dtype")))
    if op == "per_image_standardization":
        return _same(x, dtype="float32")
    if op == "random_crop":
        size = _arg(args, kwargs, 1, "size")
        if isinstance(size, (tuple, list)) and len(size) == x.rank and all(is_concrete(s) for s in size):
            return _same(x, tuple(size))
        return UNKNOWN
    if op in _SAME_IMAGE:
        return _same(x)
    return UNKNOWN


def _extract_patches(flavor: str, name: str, args: list[Any], kwargs: dict[str, Any]) -> Any:
    """``keras.ops.image.extract_patches(images, size, strides=size, padding="valid")`` and
    ``tf.image.extract_patches(images, sizes=[1, h, w, 1], strides, rates, padding)``: one patch
    per window position, its pixels flattened on the last axis, (..., rows, cols, h * w * channels)."""
    x = _tensor(_arg(args, kwargs, 0, "images"))
    if flavor == "ops":
        size = _arg(args, kwargs, 1, "size")
        strides = _arg(args, kwargs, 2, "strides", default=None)
        dilation = _arg(args, kwargs, 3, "dilation_rate", default=1)
        padding = _arg(args, kwargs, 4, "padding", default="valid")
        if kwargs.get("data_format") not in (None, "channels_last") or dilation not in (1, (1, 1), [1, 1]):
            return UNKNOWN
        size = (size, size) if is_concrete(size) else size
        strides = size if strides is None else (strides, strides) if is_concrete(strides) else strides
    else:
        sizes, steps = _arg(args, kwargs, 1, "sizes"), _arg(args, kwargs, 2, "strides")
        rates, padding = _arg(args, kwargs, 3, "rates"), _arg(args, kwargs, 4, "padding")
        if not all(isinstance(v, (tuple, list)) and len(v) == 4 and v[0] == 1 and v[3] == 1
                   for v in (sizes, steps, rates)) or tuple(rates) != (1, 1, 1, 1):
            return UNKNOWN
        size, strides = tuple(sizes[1:3]), tuple(steps[1:3])
        padding = padding.lower() if isinstance(padding, str) and padding.isupper() else UNKNOWN
    if x is None or x.rank not in ((3, 4) if flavor == "ops" else (4,)) or padding not in ("valid", "same"):
        return UNKNOWN
    if not all(isinstance(v, (tuple, list)) and len(v) == 2 and all(is_concrete(d) and d > 0 for d in v)
               for v in (size, strides)):
        return UNKNOWN
    height, width, channels = x.shape[-3:]
    if UNKNOWN in (height, width, channels):
        return UNKNOWN
    spatial_known = is_concrete(height) and is_concrete(width)
    out: list[Dim] = []
    for extent, window, step in zip((height, width), size, strides, strict=True):
        if not is_concrete(extent) or (flavor == "tf" and not spatial_known):
            out.append(None)  # TensorFlow's own op gives up on both axes; Keras's convolution on one
        elif padding == "same":
            out.append(-(-extent // step))  # type: ignore[operator]
        elif extent < window:  # type: ignore[operator]
            return UNKNOWN
        else:
            out.append((extent - window) // step + 1)  # type: ignore[operator]
    depth = size[0] * size[1] * channels if is_concrete(channels) else channels
    return _same(x, (*x.shape[:-3], *out, depth))


def _fft(flavor: str, name: str, args: list[Any], kwargs: dict[str, Any]) -> Any:
    """``keras.ops.fft2((real, imag))``: the (real, imag) pair of the same shape back."""
    pair = _arg(args, kwargs, 0, "x")
    if flavor != "ops" or not isinstance(pair, (tuple, list)) or len(pair) != 2:
        return UNKNOWN
    real, imag = pair
    if not isinstance(real, Array) or not isinstance(imag, Array) or real.shape != imag.shape \
            or UNKNOWN in real.shape or real.rank < (2 if name.endswith("2") else 1):
        return UNKNOWN
    return (_same(real), _same(imag))


_SAME_IMAGE = frozenset({
    "random_flip_left_right", "random_flip_up_down", "flip_left_right", "flip_up_down", "random_brightness",
    "random_contrast", "random_saturation", "random_hue", "adjust_brightness", "adjust_contrast",
    "adjust_saturation", "adjust_hue", "adjust_gamma", "stateless_random_flip_left_right",
    "stateless_random_flip_up_down", "stateless_random_brightness", "stateless_random_contrast",
    "rgb_to_hsv", "hsv_to_rgb", "transpose_image",
})


def _depth_space(flavor: str, name: str, args: list[Any], kwargs: dict[str, Any]) -> Any:
    """``tf.nn.depth_to_space`` / ``space_to_depth`` (NHWC): sub-pixel upscaling and its inverse."""
    x = _tensor(_arg(args, kwargs, 0, "input"))
    block = _arg(args, kwargs, 1, "block_size")
    if x is None or x.rank != 4 or not is_concrete(block) or block < 2 or kwargs.get("data_format", "NHWC") != "NHWC":
        return UNKNOWN
    batch, height, width, depth = x.shape
    if UNKNOWN in (height, width, depth):
        return UNKNOWN
    if name == "depth_to_space":
        if is_concrete(depth) and depth % (block * block):  # type: ignore[operator]
            return UNKNOWN  # TensorFlow raises
        scale = [d * block if is_concrete(d) else d for d in (height, width)]  # type: ignore[operator]
        return _same(x, (batch, *scale, depth // (block * block) if is_concrete(depth) else None))  # type: ignore[operator]
    if any(is_concrete(d) and d % block for d in (height, width)):  # type: ignore[operator]
        return UNKNOWN
    shrink = [d // block if is_concrete(d) else d for d in (height, width)]  # type: ignore[operator]
    return _same(x, (batch, *shrink, depth * block * block if is_concrete(depth) else None))  # type: ignore[operator]


def _einsum(flavor: str, name: str, args: list[Any], kwargs: dict[str, Any]) -> Any:
    """``einsum("bij,bjk->bik", a, b)``: explicit output, no ellipsis; sizes merge per letter."""
    if not args or not isinstance(args[0], str):
        return UNKNOWN
    equation = args[0].replace(" ", "")
    operands = [_tensor(a) for a in args[1:]]
    if "->" not in equation or "." in equation or not operands or any(o is None for o in operands):
        return UNKNOWN
    inputs, output = equation.split("->")
    terms = inputs.split(",")
    if len(terms) != len(operands) or not all(t.isalpha() for t in terms) or (output and not output.isalpha()):
        return UNKNOWN
    sizes: dict[str, Dim] = {}
    for term, operand in zip(terms, operands, strict=True):
        if len(term) != operand.rank:  # type: ignore[union-attr]
            return UNKNOWN
        for letter, size in zip(term, operand.shape, strict=True):  # type: ignore[union-attr]
            if letter not in sizes:
                sizes[letter] = size
            else:  # no broadcasting of size-1 axes without an ellipsis
                merged = _merge(sizes[letter], size)
                if merged is None and sizes[letter] is not None and size is not None:
                    return UNKNOWN  # TensorFlow raises
                sizes[letter] = merged
    if any(letter not in sizes for letter in output) or len(set(output)) != len(output):
        return UNKNOWN
    dtypes = {o.dtype for o in operands}  # type: ignore[union-attr]
    return Array(tuple(sizes[letter] for letter in output), dtypes.pop() if len(dtypes) == 1 else UNKNOWN)


def _gather(flavor: str, name: str, args: list[Any], kwargs: dict[str, Any]) -> Any:
    """``tf.gather(params, indices, axis=0)``: the indices' shape replaces the gathered axis."""
    params = _tensor(_arg(args, kwargs, 0, "params", "x"))
    indices = _tensor(_arg(args, kwargs, 1, "indices"))
    axis = _arg(args, kwargs, 3 if flavor == "tf" else 2, "axis", default=0)
    if params is None or indices is None or kwargs.get("batch_dims", 0) != 0:
        return UNKNOWN
    if not (isinstance(indices.dtype, str) and "int" in indices.dtype):
        return UNKNOWN
    at = _axis(axis, params.rank)
    if at is None:
        return UNKNOWN
    return _same(params, (*params.shape[:at], *indices.shape, *params.shape[at + 1:]))


def _where(flavor: str, name: str, args: list[Any], kwargs: dict[str, Any]) -> Any:
    """``tf.where(condition, x, y)``: the three broadcast; with one argument, unknown (indices)."""
    tensors = [_tensor(_arg(args, kwargs, i, key)) for i, key in enumerate(("condition", "x", "y"))]
    if len(args) + len(kwargs) != 3 or any(t is None for t in tensors):
        return UNKNOWN
    shape = broadcast(tensors[0].shape, tensors[1].shape)  # type: ignore[union-attr]
    shape = broadcast(shape, tensors[2].shape) if shape is not UNKNOWN else UNKNOWN  # type: ignore[union-attr]
    x, y = tensors[1], tensors[2]
    if shape is UNKNOWN:
        return UNKNOWN
    return Array(shape, x.dtype if x.dtype == y.dtype else UNKNOWN)  # type: ignore[union-attr]


def _read_file(flavor: str, name: str, args: list[Any], kwargs: dict[str, Any]) -> Any:
    return Array((), "string")


def _decode(flavor: str, name: str, args: list[Any], kwargs: dict[str, Any]) -> Any:
    """``tf.io.decode_png/jpeg/image``: (height, width, channels), sizes known only at run time."""
    contents = _arg(args, kwargs, 0, "contents")
    channels = _arg(args, kwargs, 1, "channels", default=0)
    if not isinstance(contents, Array) or contents.dtype != "string" or contents.shape != () or not is_concrete(channels):
        return UNKNOWN
    if name.endswith("decode_image"):
        if kwargs.get("expand_animations", True) is not False:
            return UNKNOWN  # TensorFlow does not know the rank (a GIF has a frame axis)
        dtype = _dtype(kwargs.get("dtype", "uint8"))
    else:
        dtype = _dtype(kwargs.get("dtype", "uint8")) if name.endswith("decode_png") else "uint8"
    # channels=0 keeps the file's own count: TensorFlow's static shape says None, but eager code
    # holds a concrete image, so a layer that needs the axis does not fail there: unknown.
    return Array((None, None, channels or UNKNOWN), dtype)


_Handler = Callable[[str, str, list[Any], dict[str, Any]], Any]

_OPS: dict[str, _Handler] = {
    **dict.fromkeys(_ELEMENTWISE, _elementwise),
    **dict.fromkeys(("add", "subtract", "multiply", "divide", "truediv", "maximum", "minimum", "pow", "power",
                     "squared_difference", "equal", "not_equal", "greater", "greater_equal", "less",
                     "less_equal", "logical_and", "logical_or", "floordiv", "floor_divide", "mod"), _binary),
    "cast": _cast,
    **dict.fromkeys(("reduce_mean", "reduce_sum", "reduce_max", "reduce_min", "reduce_prod", "reduce_std",
                     "reduce_variance", "reduce_any", "reduce_all", "reduce_logsumexp", "mean", "sum", "max",
                     "min", "prod", "std", "var", "any", "all", "logsumexp", "amax", "amin", "count_nonzero"), _reduce),
    **dict.fromkeys(("argmax", "argmin"), _argmax),
    "reshape": _reshape,
    "expand_dims": _expand_dims,
    "squeeze": _squeeze,
    "signal.stft": _stft,
    "linspace": _linspace,
    "strings.split": _strings_split,
    **dict.fromkeys(("strings.to_hash_bucket_fast", "strings.to_hash_bucket", "strings.to_hash_bucket_strong",
                     "strings.lower", "strings.upper", "strings.strip"), _strings_same),
    **dict.fromkeys(("transpose", "permute_dimensions"), _transpose),
    **dict.fromkeys(("concat", "concatenate"), _concat),
    "stack": _stack,
    "split": _split,
    "unstack": _unstack,
    "matmul": _matmul,
    "one_hot": _one_hot,
    **dict.fromkeys(("softmax", "log_softmax"), _softmax),
    **dict.fromkeys(("l2_normalize", "normalize"), _normalize),
    "tile": _tile,
    "pad": _pad,
    **dict.fromkeys(("shape", "int_shape", "rank", "ndim"), _shape),
    "batch_flatten": _batch_flatten,
    "io.read_file": _read_file,
    "einsum": _einsum,
    "gather": _gather,
    "where": _where,
    **dict.fromkeys(("depth_to_space", "space_to_depth"), _depth_space),
    **dict.fromkeys(("io.decode_png", "io.decode_jpeg", "io.decode_image", "image.decode_png", "image.decode_jpeg",
                     "image.decode_image"), _decode),
    **dict.fromkeys(("arange", "range"), _arange),
    **dict.fromkeys(("ones", "zeros", "full"), _filled),
    "image.extract_patches": _extract_patches,
    **dict.fromkeys(("fft", "fft2", "ifft2"), _fft),
    **{f"image.{op}": _image for op in (
        "resize", "resize_with_pad", "resize_with_crop_or_pad", "pad_to_bounding_box", "crop_to_bounding_box",
        "rgb_to_grayscale", "grayscale_to_rgb", "convert_image_dtype", "per_image_standardization",
        "random_crop", *_SAME_IMAGE)},
}
