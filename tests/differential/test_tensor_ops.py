"""Tensor ops (``tf.*``, ``keras.ops.*``, ``tf.keras.backend.*``) against TensorFlow itself.

Keras builds a Lambda layer by calling its function on TensorFlow placeholders (batch axis
``None``); each generated call is run that way here, and the rule in ``tensor_ops`` must give
the same output shape and dtype, or UNKNOWN. Where TensorFlow raises, the rule must say UNKNOWN
(a Lambda body is never an error of ours).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import keras
import tensorflow as tf
from hypothesis import given
from hypothesis import strategies as st

from shapelens.analysis import tensor_ops
from shapelens.analysis.values import Array
from shapelens.engine.shapes import UNKNOWN

from .harness import diff_settings


@dataclass(frozen=True)
class T:
    """A tensor argument: a placeholder in TensorFlow, an ``Array`` in the analysis."""

    shape: tuple[Any, ...]
    dtype: str = "float32"


_MODULES = {
    "tensorflow.": tf, "keras.ops.": keras.ops, "keras.backend.": tf.keras.backend,
    "keras.activations.": keras.activations,
}


def _resolve(qualname: str) -> Any:
    for prefix, module in _MODULES.items():
        if qualname.startswith(prefix):
            obj = module
            for part in qualname[len(prefix):].split("."):
                obj = getattr(obj, part)
            return obj
    raise AssertionError(qualname)


def _in_tf(qualname: str, args: list[Any], kwargs: dict[str, Any]) -> Any:
    """The output (shape, dtype), a list of them, or None when TensorFlow raises."""
    graph = tf.__internal__.FuncGraph("shapelens")
    with graph.as_default():
        def real(v: Any) -> Any:
            if isinstance(v, T):
                return tf.compat.v1.placeholder(shape=v.shape, dtype=v.dtype)
            if isinstance(v, (list, tuple)):
                return type(v)(real(i) for i in v)
            return v

        try:
            out = _resolve(qualname)(*[real(a) for a in args], **{k: real(v) for k, v in kwargs.items()})
        except Exception:
            return None
        if isinstance(out, (list, tuple)) and all(tf.is_tensor(o) for o in out):
            return [(tuple(o.shape), o.dtype.name) for o in out]
        if tf.is_tensor(out):
            if out.shape.rank is None:
                return ("unknown rank", out.dtype.name)
            return (tuple(out.shape), out.dtype.name)
        return ("not a tensor", None)


def _ours(qualname: str, args: list[Any], kwargs: dict[str, Any]) -> Any:
    def abstract(v: Any) -> Any:
        if isinstance(v, T):
            return Array(v.shape, v.dtype)
        if isinstance(v, (list, tuple)):
            return type(v)(abstract(i) for i in v)
        return v

    return tensor_ops.call(qualname, [abstract(a) for a in args], {k: abstract(v) for k, v in kwargs.items()})


def _agrees(ours: Any, truth: Any) -> bool:
    if isinstance(ours, Array):
        if not isinstance(truth, tuple) or not isinstance(truth[0], tuple) or len(ours.shape) != len(truth[0]):
            return False
        same_dims = all(a is UNKNOWN or a == b for a, b in zip(ours.shape, truth[0], strict=True))
        return same_dims and (ours.dtype is UNKNOWN or ours.dtype == truth[1])
    if isinstance(ours, (list, tuple)):
        return isinstance(truth, list) and len(ours) == len(truth) and all(
            _agrees(a, b) for a, b in zip(ours, truth, strict=True))
    return False


dims = st.integers(1, 4)


@st.composite
def shapes(draw: Any, min_rank: int = 1, max_rank: int = 4) -> tuple[Any, ...]:
    rank = draw(st.integers(min_rank, max_rank))
    rest = tuple(draw(dims) for _ in range(rank - 1))
    return (draw(st.sampled_from([None, 2, 3])), *rest)


_REDUCE = ["tensorflow.reduce_mean", "tensorflow.reduce_sum", "tensorflow.math.reduce_max", "keras.ops.mean",
           "keras.ops.sum", "keras.ops.max", "keras.ops.min", "keras.backend.mean", "keras.backend.sum",
           "tensorflow.reduce_any"]
_UNARY = ["tensorflow.abs", "tensorflow.exp", "tensorflow.math.log", "tensorflow.sqrt", "tensorflow.square",
          "tensorflow.tanh", "tensorflow.nn.relu", "tensorflow.sigmoid", "keras.ops.relu", "keras.ops.sigmoid",
          "keras.ops.exp", "keras.ops.abs", "keras.activations.relu", "tensorflow.nn.softmax", "keras.ops.softmax",
          "keras.backend.softmax", "tensorflow.math.l2_normalize", "keras.ops.square", "tensorflow.zeros_like"]


@st.composite
def calls(draw: Any) -> tuple[str, list[Any], dict[str, Any]]:
    shape = draw(shapes())
    x = T(shape)
    axis = draw(st.integers(-len(shape) - 1, len(shape)))
    kind = draw(st.sampled_from(["reduce", "unary", "reshape", "expand", "squeeze", "concat", "stack", "split",
                                 "transpose", "matmul", "one_hot", "binary", "cast", "tile", "argmax", "image",
                                 "pad", "arange", "depth", "einsum", "gather", "where", "patches", "fft", "tnp"]))
    if kind == "reduce":
        name = draw(st.sampled_from(_REDUCE))
        kwargs: dict[str, Any] = {"keepdims": draw(st.booleans())}
        if draw(st.booleans()):
            kwargs["axis"] = axis if draw(st.booleans()) else [axis, 0]
        return name, [x], kwargs
    if kind == "unary":
        return draw(st.sampled_from(_UNARY)), [x], {}
    if kind == "reshape":
        name = draw(st.sampled_from(["tensorflow.reshape", "keras.ops.reshape", "keras.backend.reshape"]))
        target = draw(st.lists(st.sampled_from([-1, 1, 2, 3, 4, 6, 12]), min_size=1, max_size=3))
        return name, [x, tuple(target)], {}
    if kind == "expand":
        name = draw(st.sampled_from(["tensorflow.expand_dims", "keras.ops.expand_dims", "keras.backend.expand_dims"]))
        return name, [x, axis], {}
    if kind == "squeeze":
        shape = tuple(draw(st.sampled_from([d, 1])) if d is not None else d for d in shape)
        name = draw(st.sampled_from(["tensorflow.squeeze", "keras.ops.squeeze", "keras.backend.squeeze"]))
        return name, [T(shape)], ({"axis": axis} if draw(st.booleans()) or name.startswith("keras.backend") else {})
    if kind in ("concat", "stack"):
        other = T(tuple(draw(st.sampled_from([d, None, 1, 2])) if i == axis % max(1, len(shape)) or draw(
            st.booleans()) is False else d for i, d in enumerate(shape)))
        name = draw(st.sampled_from(["tensorflow.concat", "keras.ops.concatenate", "keras.backend.concatenate"]
                                    if kind == "concat" else ["tensorflow.stack", "keras.ops.stack",
                                                              "keras.backend.stack"]))
        return name, [[x, other]], ({"axis": axis} if draw(st.booleans()) or name == "tensorflow.concat" else {})
    if kind == "split":
        name = draw(st.sampled_from(["tensorflow.split", "keras.ops.split"]))
        how = draw(st.one_of(st.integers(1, 3), st.lists(st.integers(-1, 3), min_size=1, max_size=3)))
        return name, [x, how], {"axis": axis}
    if kind == "transpose":
        perm = draw(st.permutations(list(range(len(shape)))))
        name = draw(st.sampled_from(["tensorflow.transpose", "keras.ops.transpose",
                                     "keras.backend.permute_dimensions"]))
        return name, [x, perm], {}
    if kind == "matmul":
        a = draw(shapes(min_rank=2, max_rank=4))
        b = (*a[:-2], a[-1] if draw(st.booleans()) else draw(dims), draw(dims))
        kwargs = {"transpose_b": True} if draw(st.booleans()) else {}
        if kwargs:
            b = (*b[:-2], b[-1], b[-2])
        name = "tensorflow.matmul" if kwargs else draw(st.sampled_from(["tensorflow.matmul", "keras.ops.matmul"]))
        return name, [T(a), T(b)], kwargs
    if kind == "one_hot":
        name = draw(st.sampled_from(["tensorflow.one_hot", "keras.ops.one_hot", "keras.backend.one_hot"]))
        return name, [T(shape, draw(st.sampled_from(["int32", "float32"]))), draw(dims)], {}
    if kind == "binary":
        other = tuple(draw(st.sampled_from([d, 1])) if d is not None else draw(st.sampled_from([None, 1]))
                      for d in shape)[draw(st.integers(0, len(shape))):]
        name = draw(st.sampled_from(["tensorflow.add", "tensorflow.multiply", "keras.ops.subtract",
                                     "tensorflow.maximum", "keras.ops.greater", "tensorflow.math.equal"]))
        return name, [x, T(other)], {}
    if kind == "cast":
        name = draw(st.sampled_from(["tensorflow.cast", "keras.ops.cast", "keras.backend.cast"]))
        return name, [x, draw(st.sampled_from(["int32", "float16", "bool"]))], {}
    if kind == "tile":
        return "tensorflow.tile", [x, [draw(st.integers(1, 3)) for _ in shape]], {}
    if kind == "argmax":
        name = draw(st.sampled_from(["tensorflow.argmax", "keras.backend.argmax"]))
        return name, [x], ({"axis": axis} if draw(st.booleans()) else {})
    if kind == "einsum":
        a = draw(shapes(min_rank=2, max_rank=3))
        b = (*a[:-2], a[-1] if draw(st.booleans()) else draw(dims), draw(dims)) if len(a) == 3 else (
            a[-1] if draw(st.booleans()) else draw(dims), draw(dims))
        equation = "bij,bjk->bik" if len(a) == 3 else draw(st.sampled_from(["ij,jk->ik", "ij,jk->ki", "ij,jk->i"]))
        return draw(st.sampled_from(["tensorflow.einsum", "keras.ops.einsum"])), [equation, T(a), T(b)], {}
    if kind == "gather":
        indices = T(draw(shapes(min_rank=1, max_rank=2)), draw(st.sampled_from(["int32", "int64", "float32"])))
        return "tensorflow.gather", [x, indices], ({"axis": axis} if draw(st.booleans()) else {})
    if kind == "where":
        cond = T(tuple(draw(st.sampled_from([d, 1])) if d is not None else d for d in shape), "bool")
        other = T(tuple(draw(st.sampled_from([d, 1])) if d is not None else d for d in shape))
        name = draw(st.sampled_from(["tensorflow.where", "keras.ops.where"]))
        return name, [cond, x, other], {}
    if kind == "depth":
        image = T((draw(st.sampled_from([None, 2])), draw(st.sampled_from([None, 2, 3, 4])),
                   draw(st.sampled_from([None, 2, 3, 4])), draw(st.sampled_from([None, 1, 4, 8, 9]))))
        name = draw(st.sampled_from(["tensorflow.nn.depth_to_space", "tensorflow.nn.space_to_depth"]))
        return name, [image, draw(st.integers(2, 3))], {}
    if kind == "arange":
        number = st.one_of(st.integers(-3, 6), st.sampled_from([0.5, 2.0, -1.5]))
        bounds = draw(st.lists(number, min_size=1, max_size=3))
        name = draw(st.sampled_from(["tensorflow.range", "keras.ops.arange", "keras.backend.arange"]))
        return name, bounds, {}
    if kind == "tnp":
        other = tuple(draw(st.sampled_from([d, 1])) if d is not None else draw(st.sampled_from([None, 1]))
                      for d in shape)[draw(st.integers(0, len(shape))):]
        op = draw(st.sampled_from(["maximum", "add", "multiply", "matmul", "mean", "sum", "square", "tanh"]))
        if op == "matmul":
            a = draw(shapes(min_rank=2, max_rank=3))
            return "tensorflow.experimental.numpy.matmul", [T(a), T((*a[:-2], a[-1], draw(dims)))], {}
        if op in ("mean", "sum"):
            return f"tensorflow.experimental.numpy.{op}", [x], ({"axis": axis} if draw(st.booleans()) else {})
        if op in ("square", "tanh"):
            return f"tensorflow.experimental.numpy.{op}", [x], {}
        return f"tensorflow.experimental.numpy.{op}", [x, T(other) if draw(st.booleans()) else 0.0], {}
    if kind == "patches":
        image = T((draw(st.sampled_from([None, 2])), draw(st.sampled_from([None, 3, 4, 7])),
                   draw(st.sampled_from([3, 4, 8])), draw(st.sampled_from([1, 3]))))
        size, step = draw(st.sampled_from([2, 3, 4])), draw(st.sampled_from([1, 2, 3]))
        padding = draw(st.sampled_from(["valid", "same"]))
        if draw(st.booleans()):
            return "tensorflow.image.extract_patches", [image], {
                "sizes": [1, size, size, 1], "strides": [1, step, step, 1], "rates": [1, 1, 1, 1],
                "padding": padding.upper()}
        kwargs = {"strides": step} if draw(st.booleans()) else {}
        if padding == "same" or draw(st.booleans()):
            kwargs["padding"] = padding
        return "keras.ops.image.extract_patches", [image, draw(st.sampled_from([size, (size, step)]))], kwargs
    if kind == "fft":
        other = T(shape if draw(st.booleans()) else (*shape[:-1], 5))
        return draw(st.sampled_from(["keras.ops.fft", "keras.ops.fft2"])), [(x, other)], {}
    if kind == "pad":
        return "tensorflow.pad", [x, [[draw(st.integers(0, 2)), draw(st.integers(0, 2))] for _ in shape]], {}
    image = T((draw(st.sampled_from([None, 2])), draw(dims), draw(dims), draw(st.sampled_from([1, 3]))),
              draw(st.sampled_from(["float32", "uint8"])))
    op = draw(st.sampled_from(["resize", "resize_with_pad", "rgb_to_grayscale", "random_flip_left_right",
                               "convert_image_dtype", "per_image_standardization", "resize_with_crop_or_pad"]))
    if op == "resize":
        return "tensorflow.image.resize", [image, (draw(dims), draw(dims))], {}
    if op in ("resize_with_pad", "resize_with_crop_or_pad"):
        return f"tensorflow.image.{op}", [image, draw(dims), draw(dims)], {}
    if op == "rgb_to_grayscale":
        return "tensorflow.image.rgb_to_grayscale", [T((*image.shape[:-1], 3), image.dtype)], {}
    if op == "convert_image_dtype":
        return "tensorflow.image.convert_image_dtype", [image, "float32"], {}
    return f"tensorflow.image.{op}", [image], {}


KNOWN: list[str] = []


@diff_settings(400)
@given(calls())
def test_tensor_op_matches_tensorflow(call: tuple[str, list[Any], dict[str, Any]]) -> None:
    qualname, args, kwargs = call
    ours = _ours(qualname, args, kwargs)
    assert ours is not tensor_ops.NOT_AN_OP, qualname
    truth = _in_tf(qualname, args, kwargs)
    if ours is UNKNOWN:
        return
    KNOWN.append(qualname)
    assert truth is not None, f"TensorFlow raises on {call}, the rule says {ours}"
    assert _agrees(ours, truth), (call, ours, truth)


def test_most_generated_ops_are_known() -> None:
    """Guards against rules that silently answer UNKNOWN for everything (run after the above)."""
    if not KNOWN:
        test_tensor_op_matches_tensorflow()
    assert len(set(KNOWN)) >= 40, sorted(set(KNOWN))
