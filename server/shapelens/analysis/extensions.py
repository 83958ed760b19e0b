"""The interpreter's hooks into program values, NumPy calls and pandas/sklearn frames.

Each hook returns ``NotImplemented`` when the value is not one of ours, so the interpreter's own
handling goes on unchanged; the rules themselves live in ``program_values``, ``numpy_calls``
and ``frames``.
"""

from __future__ import annotations

import ast
from typing import Any

from ..engine.shapes import UNKNOWN
from . import (
    adapt_checks,
    composition,
    custom_layers,
    frames,
    numpy_calls,
    partials,
    pipelines,
    plain_objects,
    program_values,
    saved_models,
    sklearn_data,
    tensor_ops,
)
from .deferred import symbolic_shape
from .program_values import DictValue, Record, RecordClass
from .values import Array, Layer, Model, Pipeline

OWN_TYPES = (*program_values.TYPES, *frames.TYPES, *numpy_calls.TYPES)
# Values that surely are objects (whatever their contents), so ``is None`` is False.
_NEVER_NONE = (tuple, list, Array, Pipeline, Model, Layer, *OWN_TYPES)


def _frames_to_arrays(args: list[Any], kwargs: dict[str, Any]) -> None:
    """Keras takes a DataFrame or Series as the array it holds: the checks after this see that."""
    args[:] = [_frame_as_array(a) for a in args]
    kwargs.update({k: _frame_as_array(v) for k, v in kwargs.items()})


def _frame_as_array(value: Any) -> Any:
    # At module level: a recursive closure is a reference cycle, garbage on every call.
    if isinstance(value, (frames.Frame, frames.Series)):
        return frames.as_array(value)
    if isinstance(value, tuple) and any(isinstance(v, (frames.Frame, frames.Series)) for v in value):
        return tuple(_frame_as_array(v) for v in value)  # validation_data=(x_val, y_val)
    return value


def call_ref(interp: Any, qualname: str, node: ast.Call, args: list[Any], kwargs: dict[str, Any]) -> Any:
    if qualname.startswith("keras."):
        _frames_to_arrays(args, kwargs)
    if qualname in ("keras.config.image_data_format", "keras.backend.image_data_format"):
        if not interp.format_set:
            interp.format_queries += 1  # Keras's default answers: an assumption about keras.json
        return program_values.image_data_format(assumed=not interp.format_set)
    if qualname == "tensorflow.TensorShape" and len(args) == 1 and not kwargs and isinstance(args[0], (list, tuple)) \
            and all(d is None or (isinstance(d, int) and not isinstance(d, bool)) for d in args[0]):
        return tuple(args[0])  # model.build(tf.TensorShape([None, None])): the dimensions themselves
    if qualname == "collections.namedtuple":
        return program_values.namedtuple_class(args, kwargs)
    if qualname in partials.PARTIAL:
        return partials.make(args, kwargs)
    if qualname in saved_models.LOAD:
        return saved_models.load(interp, node, args, kwargs)
    root = qualname.split(".")[0]
    if root == "math" and (value := program_values.math_function(qualname[5:], args, kwargs)) is not NotImplemented:
        return value
    if root == "numpy":
        return numpy_calls.call(qualname, args, kwargs)
    if qualname.startswith("sklearn.datasets."):
        return sklearn_data.call(qualname.split(".")[-1], args, kwargs)
    if root in ("pandas", "sklearn"):
        return frames.call(qualname, args, kwargs)
    return NotImplemented


def call_object(interp: Any, func: Any, node: ast.Call, args: list[Any], kwargs: dict[str, Any]) -> Any:
    """A call on one of our values: a config class, a scaler, a random generator's method."""
    if isinstance(func, RecordClass) and func.methods:
        return plain_objects.construct(interp, func, args, kwargs)
    if isinstance(func, RecordClass):
        return program_values.instantiate(func, args, kwargs)
    if isinstance(func, partials.Partial):
        return partials.call(interp, func, node, args, kwargs)
    return NotImplemented


def binop(left: Any, right: Any) -> Any:
    if isinstance(left, frames.Frame) or isinstance(right, frames.Frame):
        return frames.binop(left, right)
    return NotImplemented


def call_builtin(interp: Any, name: str, args: list[Any], kwargs: dict[str, Any]) -> Any:
    if name == "slice" and 1 <= len(args) <= 3 and not kwargs:
        # slice(stop) / slice(start, stop[, step]): the index item x[start:stop:step] evaluates to
        parts = [None, args[0], None] if len(args) == 1 else [*args, None][:3]
        return ("slice", *parts)
    if name in ("setattr", "delattr") and args and isinstance(args[0], (Record, RecordClass)):
        # setattr(cfg, key, value) from a loader: exact when the key is known and the call certain.
        attr = args[1] if len(args) > 1 else UNKNOWN
        if name == "setattr" and len(args) == 3 and isinstance(attr, str) and program_values.certain(interp):
            program_values.set_attribute(interp, args[0], attr, args[2])
        elif isinstance(args[0], Record):
            args[0].values.clear()
            args[0].open = True
        else:
            args[0].attributes.clear()
            args[0].plain_init = False
        return None
    if name == "dict":
        if len(args) == 1 and isinstance(args[0], frames.Frame):
            args = [frames.columns(args[0])]  # dict(df): column name -> Series
        return program_values.make_dict(args, kwargs)
    if name == "super" and not args and not kwargs:
        return custom_layers.super_object(interp)
    if name == "isinstance" and len(args) == 2 and not kwargs:
        if (answer := composition.is_instance(args[0], args[1])) is not NotImplemented:
            return answer
    if name == "getattr" and 2 <= len(args) <= 3 and not kwargs and isinstance(args[0], Record):
        return plain_objects.get_attribute(interp, args)
    if not kwargs and (value := pipelines.iteration(name, args)) is not NotImplemented:
        return value
    if (value := program_values.builtin(name, args, kwargs)) is not NotImplemented:
        return value
    if name == "len" and len(args) == 1 and not kwargs:
        value = args[0]
        if isinstance(value, DictValue):
            return UNKNOWN if value.open else len(value)
        if isinstance(value, frames.TYPES):
            return frames.length(value)
        if isinstance(value, numpy_calls.Rows):
            return value.count
    return NotImplemented


def call_method(interp: Any, obj: Any, name: str, node: ast.Call, args: list[Any], kwargs: dict[str, Any]) -> Any:
    if isinstance(obj, Model):
        _frames_to_arrays(args, kwargs)
        if name == "save":
            saved_models.save(interp, obj, node, args, kwargs)
        return NotImplemented
    if isinstance(obj, DictValue):
        return program_values.dict_method(interp, obj, name, node, args, kwargs)
    if isinstance(obj, custom_layers.SuperObject):
        return custom_layers.super_method(obj, name, args, kwargs)
    if isinstance(obj, Record):
        if obj.cls.kind == "namedtuple" and name == "_replace" and not args:
            return program_values.instantiate(obj.cls, [], {**obj.values, **kwargs}) if not obj.open else UNKNOWN
        if not obj.cls.frozen:
            program_values._forget(interp, node, obj)  # a method may change any attribute
        return UNKNOWN
    if isinstance(obj, tensor_ops.Ragged):
        return tensor_ops.ragged_method(obj, name, args, kwargs)
    if isinstance(obj, numpy_calls.TYPES):
        return numpy_calls.generator_method(obj, name, args, kwargs)
    if isinstance(obj, Array):
        return numpy_calls.array_method(obj, name, args, kwargs)
    if isinstance(obj, frames.TYPES):
        return frames.method(interp, obj, name, node, args, kwargs)
    if isinstance(obj, Layer) and name == "adapt":
        adapt_checks.record(interp, obj, args, kwargs, interp.positions.span(node))
        return None
    return NotImplemented


def attribute(interp: Any, base: Any, node: ast.Attribute) -> Any:
    if node.attr == "shape" and (shape := symbolic_shape(base)) is not None:
        return shape  # a functional tensor's shape: ``features.shape[-1]`` sizes the next layer
    if isinstance(base, Record) and (bound := plain_objects.attribute(interp, base, node.attr)) is not NotImplemented:
        return bound
    if isinstance(base, (Record, RecordClass)):
        value = program_values.attribute(base, node.attr)
        return value if value is not UNKNOWN else _method(base, node.attr)
    if isinstance(base, sklearn_data.Bunch):
        return base.lookup(node.attr)
    if isinstance(base, Layer) and (value := composition.layer_attribute(base, node.attr)) is not NotImplemented:
        return value
    if isinstance(base, (DictValue, list, custom_layers.SuperObject, tensor_ops.Ragged, *numpy_calls.TYPES)):
        return _method(base, node.attr)
    if isinstance(base, frames.TYPES):
        value = frames.attribute(base, node.attr)
        return value if value is not NotImplemented else _method(base, node.attr)
    return NotImplemented


def _method(base: Any, name: str) -> Any:
    from .values import BoundMethod

    return BoundMethod(base, name)


def subscript(interp: Any, base: Any, node: ast.Subscript) -> Any:
    if isinstance(base, DictValue):
        return base.lookup(interp.eval(node.slice))
    if isinstance(base, Record):
        return program_values.subscript_record(base, interp.eval(node.slice))
    if isinstance(base, frames.TYPES):
        return frames.subscript(interp, base, node.slice)
    return NotImplemented


def set_item(interp: Any, target: ast.Subscript, value: Any) -> None:
    base = interp.eval(target.value)
    if isinstance(base, frames.TYPES):
        frames.set_column(interp, base, interp.eval(target.slice), value, target)
        return
    program_values.set_item_on(interp, base, target, value)


def delete_item(interp: Any, target: ast.Subscript) -> None:
    """``del d[key]`` / ``del df[col]`` / ``del xs[i]``."""
    base = interp.eval(target.value)
    if isinstance(base, frames.Frame):
        frames.delete_column(interp, base, interp.eval(target.slice))
    elif isinstance(base, (DictValue, list)):
        program_values.delete_item(interp, base, target)


def compare(values: list[Any], ops: list[ast.cmpop]) -> Any:
    """``y == 1`` on arrays: a boolean array; ``"k" in CONFIG``; ``x is None`` on an object."""
    if len(values) == 2 and isinstance(ops[0], (ast.Is, ast.IsNot)) and None in values:
        other = values[0] if values[1] is None else values[1]
        if isinstance(other, _NEVER_NONE):  # a cached ``self._example`` seen again
            return isinstance(ops[0], ast.IsNot)
    if len(values) == 2 and isinstance(values[1], DictValue) and isinstance(ops[0], (ast.In, ast.NotIn)):
        d, key = values[1], values[0]
        if program_values._hashable(key) and key is not UNKNOWN and (key in d or not d.open):
            return (key in d) == isinstance(ops[0], ast.In)
        return UNKNOWN
    if any(isinstance(v, Array) for v in values):
        return numpy_calls.compare(values)
    return NotImplemented
