"""Subclassed ``keras.Model``s: the Sequential blocks they hold are built by their ``call``.

``__init__`` is interpreted when the class is instantiated (like a custom layer's), so
``self.encoder = keras.Sequential([...])`` is the model object. Keras builds a subclassed model
by running ``call`` on the first data it gets (``fit``/``predict``/... trace it on the batch
shape of ``deferred.array_build_shape``; ``model(x)`` on ``x`` itself): ``call`` is interpreted
then, on a symbolic tensor of that shape, and every block it calls is built there.
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING, Any

from ..engine.shapes import UNKNOWN, Shape, _Unknown
from .custom_layers import CustomRule
from .deferred import (
    SymbolicTensor,
    array_build_shape,
    call_layer_on_tensor,
    pipeline_build_shape,
    symbolic_shape,
)
from .program_values import DictValue
from .values import Array, InputTensor, Layer, Pipeline, Ref

if TYPE_CHECKING:
    from .interpreter import Interpreter

MODEL_BASES = frozenset({"keras.Model", "keras.models.Model"})
DATA_METHODS = frozenset({"fit", "evaluate", "predict", "train_on_batch", "test_on_batch", "predict_on_batch"})


def is_model_base(value: Any) -> bool:
    return isinstance(value, Ref) and value.qualname in MODEL_BASES


def is_subclassed_model(value: Any) -> bool:
    return isinstance(value, Layer) and isinstance(value.rule, CustomRule) and "call" in value.rule.cls.methods


def attribute(layer: Layer, attr: str) -> Any:
    """``net.encoder``: what ``__init__`` stored on the instance."""
    if isinstance(layer.rule, CustomRule):
        return layer.rule.self_obj.attributes.get(attr, UNKNOWN)
    return UNKNOWN


class SubclassedCalls:
    def __init__(self, interp: Interpreter) -> None:
        self.interp = interp
        # The __init__ methods run for an instance (the blind pass over methods skips them).
        self.covered: set[ast.AST | None] = set()

    def data_method(self, layer: Layer, method: str, args: list[Any], kwargs: dict[str, Any]) -> Any:
        """``net.fit(x, y)``: the first data builds the model by running its ``call``."""
        x = args[0] if args else kwargs.get("x", UNKNOWN)
        if isinstance(x, Pipeline):
            shape: Shape | _Unknown = pipeline_build_shape(method, x)
        elif isinstance(x, Array):
            shape = array_build_shape(method, x.shape, args, kwargs)
        elif isinstance(x, DictValue) and not x.open and x and all(isinstance(v, Array) and v.shape for v in x.values()):
            # named inputs (a dict of columns): call runs on a dict of tensors
            tensors = DictValue({k: SymbolicTensor(array_build_shape(method, v.shape, args, kwargs))
                                 for k, v in x.items()})
            if isinstance(layer.rule, CustomRule):
                self.interp.call_function(layer.rule.cls.methods["call"], [layer.rule.self_obj, tensors], {})
            return UNKNOWN
        else:
            shape = UNKNOWN
        self.build(layer, shape)
        return UNKNOWN

    def call(self, layer: Layer, x: Any, rest: list[Any] | None = None, kwargs: dict[str, Any] | None = None) -> Any:
        """``net(x, context, training=False)`` on arrays or functional tensors: runs ``call``,
        returns its output tensor."""
        shape = symbolic_shape(x)
        if shape is not None and isinstance(layer.rule, CustomRule) \
                and "compute_output_shape" in layer.rule.cls.methods and not rest:
            # On a symbolic tensor Keras builds the layer and reports compute_output_shape; call() is
            # not traced (Layer.compute_output_spec).
            return call_layer_on_tensor(layer, x) or UNKNOWN
        if shape is None:
            shape = x.shape if isinstance(x, Array) else UNKNOWN
        dtype = x.dtype if isinstance(x, (Array, InputTensor)) and isinstance(x.dtype, str) else "float32"
        return self.build(layer, shape, list(rest or []), dict(kwargs or {}), dtype)

    def build(self, layer: Layer, shape: Shape | _Unknown, rest: list[Any] | None = None,
              kwargs: dict[str, Any] | None = None, dtype: str = "float32") -> Any:
        """Run ``call`` (Keras runs it at every call; the blocks it calls are built the first time).
        ``rest``/``kwargs``: the call's other arguments (a second input, ``training=``)."""
        rule = layer.rule
        if not isinstance(rule, CustomRule):
            return UNKNOWN
        rest, kwargs = rest or [], kwargs or {}
        method = rule.cls.methods.get("build")
        if method is not None and not rest and isinstance(shape, tuple) and not rule.ran_build:
            # Keras runs build(input_shape) once, before the first call: the blocks it makes there
            # (``self.mlp = keras.Sequential(...)`` sized from input_shape[-1]) are what call() uses.
            rule.ran_build = True
            self.covered.add(method.node)  # its blocks exist: not run again blind
            self.interp.call_function(method, [rule.self_obj, tuple(shape)], {})
        if isinstance(shape, tuple) and UNKNOWN not in shape:
            # A known shape runs as an array, so the tensor ops (``ops.shape(x)[-1]``) follow it.
            others = [_as_array(a) for a in rest]
            result = self.interp.call_function(rule.cls.methods["call"], [rule.self_obj, Array(shape, dtype), *others],
                                               kwargs)
            if (isinstance(result, Array) and UNKNOWN not in result.shape) or (
                    isinstance(result, (tuple, list)) and result
                    and all(isinstance(r, Array) and UNKNOWN not in r.shape for r in result)):
                return _outputs(result)
        result = self.interp.call_function(rule.cls.methods["call"], [rule.self_obj, SymbolicTensor(shape), *rest],
                                           kwargs)
        return _outputs(result)


def _outputs(result: Any) -> Any:
    """What ``call`` returned, as functional tensors: one, or a tuple/list of them
    (``return output, kernel``); anything else is unknown."""
    if isinstance(result, SymbolicTensor):
        return result
    if isinstance(result, Array):
        return SymbolicTensor(tuple(result.shape)) if UNKNOWN not in result.shape else SymbolicTensor(UNKNOWN)
    if isinstance(result, (tuple, list)) and result and all(isinstance(r, (Array, SymbolicTensor)) for r in result):
        return type(result)(_outputs(r) for r in result)
    return UNKNOWN


def _as_array(value: Any) -> Any:
    """Another input of ``call``: a functional tensor of known shape runs as an array too."""
    shape = symbolic_shape(value)
    if isinstance(shape, tuple) and UNKNOWN not in shape:
        return Array(shape, value.dtype if isinstance(value, InputTensor) and isinstance(value.dtype, str)
                     else "float32")
    return value


def init_node(layer: Layer) -> ast.AST | None:
    """The ``__init__`` already interpreted for this instance (not to be run again blind)."""
    if isinstance(layer.rule, CustomRule):
        init = layer.rule.cls.methods.get("__init__")
        return init.node if init is not None else None
    return None
