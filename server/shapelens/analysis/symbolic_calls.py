"""The file's own functions run on symbolic tensors: Lambda bodies, custom layers' ``call()``,
``Dataset.map`` functions.

Keras builds a Lambda by calling its function on a placeholder of the layer's compute dtype
(float32) whose batch axis is ``None``; the function's body is interpreted the same way here,
with the tensor-op rules of ``tensor_ops``. Whatever the body does that the analysis cannot
follow leaves the output unknown.
"""

from __future__ import annotations

import ast
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ..engine.shapes import UNKNOWN, Shape, _Unknown
from . import tensor_ops
from .custom_layers import record_sublayer
from .values import Array, ForeignFunction, Function, Ref

if TYPE_CHECKING:
    from .interpreter import Interpreter


def lambda_function(node: ast.Lambda, interp: Interpreter) -> Function:
    """``lambda x: ...`` as a function of the file: a one-statement body returning the expression."""
    body = ast.copy_location(ast.Return(value=node.body), node.body)
    fdef = ast.FunctionDef(name="<lambda>", args=node.args, body=[body], decorator_list=[], returns=None,
                           type_comment=None)
    ast.copy_location(fdef, node)
    return Function(fdef, interp.env, interp._defaults(fdef), called=True)


def is_function(value: Any) -> bool:
    """A function of the file, or a library op passed by name (``Lambda(tf.nn.l2_normalize)``)."""
    return isinstance(value, (Function, ForeignFunction)) or (isinstance(value, Ref) and tensor_ops.is_op(value.qualname))


def call(interp: Interpreter, func: Any, args: list[Any], kwargs: dict[str, Any]) -> Any:
    """Call a function of the file (or of another workspace file) with abstract arguments."""
    if isinstance(func, ForeignFunction):
        return func.interpreter.call_function(func.function, args, kwargs)
    if isinstance(func, Function):
        return interp.call_function(func, args, kwargs)
    if isinstance(func, Ref):
        value = tensor_ops.call(func.qualname, args, kwargs)
        return UNKNOWN if value is tensor_ops.NOT_AN_OP else value
    return UNKNOWN


def shape_of(value: Any) -> Shape | _Unknown:
    """The output shape of a layer's function: a single tensor; anything else is unknown."""
    if isinstance(value, Array) and all(d is None or d is UNKNOWN or isinstance(d, int) for d in value.shape):
        return tuple(value.shape)
    return UNKNOWN


def lambda_evaluator(interp: Interpreter, func: Any, arguments: Any) -> Callable[[Shape], Shape | _Unknown] | None:
    """What ``Lambda(func, arguments=...)`` outputs on an input shape, for the engine's Lambda rule."""
    if not is_function(func):
        return None
    if arguments is None:
        kwargs: dict[str, Any] = {}
    elif isinstance(arguments, dict) and all(isinstance(k, str) for k in arguments):
        kwargs = dict(arguments)
    else:
        return None

    def evaluate(shape: Shape) -> Shape | _Unknown:
        return shape_of(call(interp, func, [Array(tuple(shape), "float32")], kwargs))

    return evaluate


def attach_lambda(interp: Interpreter, rule: Any, args: list[Any], kwargs: dict[str, Any]) -> None:
    """Give a ``Lambda`` rule its evaluator: the function itself when no ``output_shape`` is
    given, or a callable ``output_shape`` (Keras reports ``output_shape(input_shape)``)."""
    func = args[0] if args else kwargs.get("function")
    output_shape = args[1] if len(args) > 1 else kwargs.get("output_shape")
    arguments = args[3] if len(args) > 3 else kwargs.get("arguments")
    if output_shape is None:
        rule.evaluate = lambda_evaluator(interp, func, arguments)
    elif isinstance(output_shape, (Function, ForeignFunction)):
        rule.evaluate = lambda shape: _declared_shape(call(interp, output_shape, [tuple(shape)], {}))


def _declared_shape(value: Any) -> Shape | _Unknown:
    if isinstance(value, (tuple, list)) and all(d is None or d is UNKNOWN or isinstance(d, int) for d in value):
        return tuple(value)
    return UNKNOWN


def call_layer(layer: Any, args: list[Any]) -> Any:
    """``layer(x)`` on a symbolic tensor (in a map function or a ``call()``): built on its shape."""
    from ..engine import LayerError, build_layer

    x = args[0] if args else UNKNOWN
    if getattr(layer, "rule", None) is None or getattr(layer, "error", None) is not None or not isinstance(x, Array):
        return UNKNOWN
    if any(d is UNKNOWN for d in x.shape):
        return UNKNOWN
    try:
        built = build_layer(layer.rule, tuple(x.shape), x.dtype)
    except LayerError:
        record_sublayer(layer, None)
        return UNKNOWN  # Keras raises; reported where the layer is used in a model, not here
    record_sublayer(layer, built)
    out = built.output
    if not isinstance(out, tuple):
        return UNKNOWN
    from .embedding_checks import vocabulary_bound

    bound = vocabulary_bound(layer)
    ids = (bound[0], bound[1], layer.span) if bound is not None else None
    return Array(out, built.dtype if isinstance(built.dtype, str) else UNKNOWN, token_ids=ids)


def call_model(interp: Interpreter, model: Any, args: list[Any]) -> Any:
    """``model(x)`` on a tensor (``data_augmentation(x)`` in a map function): its output, layer by
    layer; a model without an input is built on ``x`` as Keras builds it. Reports nothing: the
    call site itself is checked by the training checks."""
    from ..engine import LayerError, build_layer
    from .values import InputTensor, Layer

    x = args[0] if args else UNKNOWN
    if not isinstance(x, Array) or any(d is UNKNOWN for d in x.shape):
        return UNKNOWN
    entries = list(model.entries)
    if entries and isinstance(entries[0], InputTensor):
        # Built on its declared input; data goes through the built layers (nothing reported here).
        built = interp.assembler.assemble(model)
        out = interp.assembler.run_data(built, tuple(x.shape), batched=False, site=None, method="")
        last = built.steps[-1][1] if built.steps else None
        dtype = last.dtype if last is not None and isinstance(last.dtype, str) else UNKNOWN
        _record_model(model, out, [step for _, step, _ in built.steps])
        return Array(out, dtype) if isinstance(out, tuple) else UNKNOWN
    shape: Any = tuple(x.shape)
    dtype: Any = x.dtype
    steps: list[Any] = []
    for entry in entries:
        if not isinstance(entry, Layer) or entry.rule is None or entry.error is not None:
            return UNKNOWN
        try:
            built = build_layer(entry.rule, shape, dtype)
        except LayerError:
            return UNKNOWN
        steps.append(built)
        shape, dtype = built.output, built.dtype
        if not isinstance(shape, tuple):
            return UNKNOWN
    _record_model(model, shape, steps)
    return Array(shape, dtype if isinstance(dtype, str) else UNKNOWN)


def _record_model(model: Any, out: Any, steps: list[Any]) -> None:
    """A model called in a custom layer's ``call()``: its layers' weights belong to the layer."""
    from ..engine import Built
    from ..engine.shapes import count

    trainable = count(*(s.trainable if s is not None else UNKNOWN for s in steps))
    non_trainable = count(*(s.non_trainable if s is not None else UNKNOWN for s in steps))
    record_sublayer(model, Built(out, trainable, non_trainable) if isinstance(out, tuple) else None)


def transparent_decorators(node: ast.FunctionDef | ast.AsyncFunctionDef, scope: dict[str, Any]) -> bool:
    """Decorators that leave the shapes of a call as they are: ``@tf.function`` (its first trace
    sees the arguments' own shapes; an ``input_signature=`` would relax them, so not followed)."""
    for decorator in node.decorator_list:
        target = decorator.func if isinstance(decorator, ast.Call) else decorator
        if isinstance(decorator, ast.Call) and (decorator.args or any(
                kw.arg in (None, "input_signature") for kw in decorator.keywords)):
            return False
        if _qualname(target, scope) != "tensorflow.function":
            return False
    return True


def _qualname(node: ast.expr, scope: dict[str, Any]) -> str | None:
    """The module path a decorator names (``tf.function`` -> ``tensorflow.function``)."""
    if isinstance(node, ast.Name):
        value = scope.get(node.id)
        return value.qualname if isinstance(value, Ref) else None
    if isinstance(node, ast.Attribute):
        base = _qualname(node.value, scope)
        return f"{base}.{node.attr}" if base is not None else None
    return None
