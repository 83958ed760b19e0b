"""User-defined subclasses of Keras layers.

Keras builds a custom layer by calling ``build(input_shape)`` (weights made by
``self.add_weight(shape=...)``), then reports ``compute_output_shape`` where the class overrides
it, else the output of ``call()`` run on a symbolic tensor. The analysis does the same:
``__init__`` is interpreted to learn what it stores on ``self``, then ``build``, then
``compute_output_shape`` or ``call`` (with the tensor-op rules). The parameter count is the sum of
the weights ``add_weight`` made and of the sublayers ``call`` used; it is known only when
everything on ``self`` is accounted for. Anything it cannot evaluate leaves the result unknown.

A subclass of a Keras layer class (``class MCDropout(keras.layers.Dropout)``) is that layer
with the methods it overrides: the constructor arguments (or those ``super().__init__`` gets)
make the Keras layer, whose ``build`` makes the weights unless ``build`` is overridden (then
``super().build(shape)`` does). Its output in a model is the Keras layer's even when ``call`` is
overridden: Keras builds models by ``compute_output_shape``/``compute_output_spec``, which every
Keras layer class the engine follows defines (Keras 3.15), and runs ``call`` only on data
(there ``super().call(x)`` gives the Keras layer's output).
"""

from __future__ import annotations

import ast
import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..engine import Args, Built, LayerError, LayerRule, build_layer, is_supported, make_layer
from ..engine.shapes import UNKNOWN, Shape, is_concrete
from .values import Array, BoundMethod, ForeignFunction, Function, Layer, Model, Ref

if TYPE_CHECKING:
    from .interpreter import Interpreter


@dataclass
class SelfObject:
    """``self`` inside a custom layer's methods: the attributes ``__init__`` assigned."""

    attributes: dict[str, Any] = field(default_factory=dict)
    # The instance's rule, for ``super()`` in its methods.
    owner: Any = field(default=None, repr=False, compare=False)
    # The class's own methods: ``self.helper(x)`` inside ``call()`` runs ``helper`` on this self.
    methods: dict[str, Any] = field(default_factory=dict)

    def attribute(self, name: str) -> Any:
        """``self.<name>``: an attribute set on the instance, else a plain method of the class
        (bound; decorated ones, such as properties or static methods, and the methods Keras
        drives are not followed)."""
        if name in self.attributes:
            return self.attributes[name]
        if name == "add_weight" or _helper(self, name) is not None:
            return BoundMethod(self, name)
        return UNKNOWN


@dataclass
class CustomLayerClass:
    name: str
    node: ast.ClassDef
    methods: dict[str, Any]  # name -> Function
    # Subclasses ``keras.layers.Layer`` itself: no weights other than those its methods make.
    direct: bool = False
    # The Keras layer class it subclasses (``Dropout``), when that is its one base.
    keras_base: str | None = None


def direct_subclass(bases: list[Any]) -> bool:
    return bool(bases) and all(isinstance(b, Ref) and b.qualname in ("keras.Layer", "keras.layers.Layer")
                               for b in bases)


def keras_base(bases: list[Any]) -> str | None:
    """The one Keras layer class (one the engine follows) a class statement derives from."""
    from .names import layer_kind

    if len(bases) != 1 or not isinstance(bases[0], Ref):
        return None
    kind = layer_kind(bases[0].qualname)
    # Cells and wrappers leave their output to call(): not followed here.
    return kind if kind is not None and is_supported(kind) and kind not in _CALL_SHAPED else None


# Keras layer classes whose symbolic output comes from running call() (Keras 3.15).
_CALL_SHAPED = frozenset({"GRUCell", "LSTMCell", "SimpleRNNCell", "StackedRNNCells", "Wrapper", "InputLayer",
                          "TFSMLayer", "JaxLayer", "FlaxLayer", "Pipeline"})


@dataclass(frozen=True)
class SuperObject:
    """``super()`` in a method of a subclass of a Keras layer class: that Keras layer."""

    rule: Any  # the instance's CustomRule


def super_object(interp: Interpreter) -> Any:
    """``super()`` (no arguments) in a method of a custom layer class run on its instance."""
    method = interp._active[-1] if interp._active else None
    params = method.args.args if isinstance(method, (ast.FunctionDef, ast.AsyncFunctionDef)) else []
    obj = interp.env.get(params[0].arg) if params else None
    if not isinstance(obj, SelfObject) or not isinstance(obj.owner, CustomRule):
        return UNKNOWN
    if not any(f.node is method for f in obj.owner.cls.methods.values()):
        return UNKNOWN  # a function nested in a method: not the class's own
    return SuperObject(obj.owner) if obj.owner.cls.keras_base is not None else UNKNOWN


def super_method(obj: SuperObject, name: str, args: list[Any], kwargs: dict[str, Any]) -> Any:
    """``super().__init__(...)``, ``super().build(shape)``, ``super().call(x)``."""
    rule: CustomRule = obj.rule
    if name == "__init__":
        rule.base = _keras_layer(rule.cls, args, kwargs)
        return None
    base = rule.base
    shape = args[0] if args else kwargs.get("input_shape" if name == "build" else "inputs")
    if base is None:
        return UNKNOWN
    if name == "build":
        if _RECORDS and isinstance(shape, (tuple, list)):
            _RECORDS[-1].sublayers[id(base)] = _build(base, tuple(shape))
        return None
    if name == "call" and isinstance(shape, Array):
        built = _build(base, tuple(shape.shape))
        if built is not None and isinstance(built.output, tuple):
            return Array(built.output, built.dtype if isinstance(built.dtype, str) else shape.dtype)
    return UNKNOWN


def _keras_layer(cls: CustomLayerClass, args: list[Any], kwargs: dict[str, Any]) -> LayerRule | None:
    """The Keras layer a subclass instance is, made from the arguments its constructor passes on."""
    if cls.keras_base is None:
        return None
    def plain(value: Any) -> Any:
        if isinstance(value, (tuple, list)):
            return type(value)(plain(v) for v in value)
        return value if value is None or isinstance(value, (bool, int, float, str)) else UNKNOWN
    try:
        return make_layer(cls.keras_base, tuple(plain(a) for a in args), {k: plain(v) for k, v in kwargs.items()})
    except LayerError:
        return None  # what Keras would raise is not judged on a subclass


def _build(base: LayerRule, shape: Shape) -> Built | None:
    try:
        return build_layer(base, shape)
    except LayerError:
        return None


@dataclass
class _Record:
    """What one build of a custom layer created: weights (size, trainable) and sublayers used."""

    weights: list[tuple[Any, Any]] = field(default_factory=list)
    sublayers: dict[int, Built | None] = field(default_factory=dict)


# The builds in progress (a custom layer may use another one inside its call()).
_RECORDS: list[_Record] = []


def add_weight(args: list[Any], kwargs: dict[str, Any]) -> Any:
    """``self.add_weight(shape=..., trainable=...)``: the weight as a float32 tensor."""
    # Keras 3 takes the shape first: ``add_weight("kernel", shape=...)`` (Keras 2 style) raises.
    shape = args[0] if args else kwargs.get("shape")
    if isinstance(shape, str) or (args and "shape" in kwargs):
        shape = UNKNOWN
    trainable = kwargs.get("trainable", True)
    dtype = kwargs.get("dtype")
    name = "float32" if dtype is None else dtype.qualname.split(".")[-1] if isinstance(dtype, Ref) else dtype
    if shape is None:
        shape = ()
    if is_concrete(shape):
        shape = (shape,)
    known = isinstance(shape, (tuple, list)) and all(is_concrete(d) for d in shape)
    if _RECORDS:
        size = math.prod(shape) if known else UNKNOWN  # type: ignore[arg-type]
        _RECORDS[-1].weights.append((size, trainable if isinstance(trainable, bool) else UNKNOWN))
    if not isinstance(shape, (tuple, list)):
        return UNKNOWN
    return Array(tuple(d if is_concrete(d) else UNKNOWN for d in shape), name if isinstance(name, str) else UNKNOWN)


def record_sublayer(layer: Any, built: Built | None) -> None:
    """A layer called inside a custom layer's ``call()``: its weights belong to the outer one."""
    if _RECORDS:
        _RECORDS[-1].sublayers.setdefault(id(layer), built)


def _helper(obj: SelfObject, name: str) -> Any:
    """A method of the class that ``self.<name>(...)`` runs as plain code, or None."""
    method = obj.methods.get(name)
    if method is None or method.node.decorator_list or name in _KERAS_DRIVEN or name.startswith("__"):
        return None
    return method


def self_method(interp: Interpreter, obj: SelfObject, name: str, args: list[Any], kwargs: dict[str, Any]) -> Any:
    if name == "add_weight" and "add_weight" not in obj.methods:
        return add_weight(args, kwargs)
    method = _helper(obj, name)
    if method is not None and name not in obj.attributes:
        return interp.call_function(method, [obj, *args], kwargs)  # a helper of the class itself
    return UNKNOWN


# Methods Keras itself drives (their calls from the class's code are not followed).
_KERAS_DRIVEN = frozenset({"__init__", "build", "call", "compute_output_shape", "get_config", "train_step",
                           "test_step", "predict_step"})


class CustomRule(LayerRule):
    family = "custom"

    def __init__(self, interp: Interpreter, cls: CustomLayerClass, args: list[Any], kwargs: dict[str, Any]) -> None:
        super().__init__(Args(tuple(args), dict(kwargs), cls.name))
        self.name = cls.name  # type: ignore[misc]
        self.interp = interp
        self.cls = cls
        self.self_obj = SelfObject(owner=self, methods=cls.methods)
        # Its own build() has run before a call of call() (Keras runs it once, at the first call).
        self.ran_build = False
        self._init_record = _Record()
        init = cls.methods.get("__init__")
        # A Keras layer class's subclass without __init__ is made by the Keras constructor.
        self.base: LayerRule | None = _keras_layer(cls, args, kwargs) if init is None else None
        if init is not None:
            _RECORDS.append(self._init_record)
            try:
                interp.call_function(init, [self.self_obj, *args], kwargs)
            finally:
                _RECORDS.pop()

    def build(self, shape: Shape) -> Built:
        record = _Record(list(self._init_record.weights))
        _RECORDS.append(record)
        try:
            method = self.cls.methods.get("build")
            if method is not None:
                self.interp.subclassed.covered.add(method.node)  # run for this instance: not blind
                self.interp.call_function(method, [self.self_obj, tuple(shape)], {})
            elif self.base is not None:
                record.sublayers[id(self.base)] = _build(self.base, tuple(shape))
            method = self.cls.methods.get("compute_output_shape")
            if method is not None:
                output = _as_shape(self.interp.call_function(method, [self.self_obj, tuple(shape)], {}))
                calls = False
            elif self.cls.keras_base is not None:
                # Keras's symbolic call of a subclass asks the Keras class's compute_output_shape
                # (or compute_output_spec): an overridden call() is not run there.
                built = _build(self.base, tuple(shape)) if self.base is not None else None
                output = built.output if built is not None and isinstance(built.output, tuple) \
                    and "compute_output_spec" not in self.cls.methods else UNKNOWN
                calls = "call" not in self.cls.methods
            else:
                method = self.cls.methods.get("call")
                result = self.interp.call_function(method, [self.self_obj, Array(tuple(shape), "float32")], {}) \
                    if method is not None else UNKNOWN
                output = tuple(result.shape) if isinstance(result, Array) else UNKNOWN
                calls = True
        finally:
            _RECORDS.pop()
        trainable, non_trainable = self._params(record, calls) if output is not UNKNOWN else (UNKNOWN, UNKNOWN)
        return Built(output, trainable, non_trainable)

    def cell_weights(self, step_shape: Shape) -> tuple[Any, Any]:
        """As the cell of an ``RNN``: ``build(step_shape)`` only; (trainable, non-trainable)."""
        record = _Record(list(self._init_record.weights))
        _RECORDS.append(record)
        try:
            method = self.cls.methods.get("build")
            if method is not None:
                self.interp.call_function(method, [self.self_obj, tuple(step_shape)], {})
        finally:
            _RECORDS.pop()
        return self._params(record, called=False)

    def attribute(self, name: str) -> Any:
        """``self.<name>`` as ``__init__``/``build`` set it, or a ``@property`` of the class."""
        if name in self.self_obj.attributes:
            return self.self_obj.attributes[name]
        method = self.cls.methods.get(name)
        if method is None or not any(isinstance(d, ast.Name) and d.id == "property" for d in method.node.decorator_list):
            return UNKNOWN
        plain = ast.FunctionDef(name=method.node.name, args=method.node.args, body=method.node.body,
                                decorator_list=[], returns=None, type_comment=None)
        getter = type(method)(ast.copy_location(plain, method.node), method.scope, method.defaults, called=True)
        return self.interp.call_function(getter, [self.self_obj], {})

    def _params(self, record: _Record, called: bool) -> tuple[Any, Any]:
        """Weights made by add_weight, plus sublayers' weights when call() was followed; unknown
        when something on ``self`` could hold weights we did not see."""
        if not (self.cls.direct or self.base is not None) or not self._accounted(record, called):
            return UNKNOWN, UNKNOWN
        trainable = non_trainable = 0
        for size, is_trainable in record.weights:
            if size is UNKNOWN or is_trainable is UNKNOWN:
                return UNKNOWN, UNKNOWN
            if is_trainable:
                trainable += size
            else:
                non_trainable += size
        for built in record.sublayers.values():
            if built is None or not is_concrete(built.trainable) or not is_concrete(built.non_trainable):
                return UNKNOWN, UNKNOWN
            trainable += built.trainable  # type: ignore[operator]
            non_trainable += built.non_trainable  # type: ignore[operator]
        return trainable, non_trainable

    def _accounted(self, record: _Record, called: bool) -> bool:
        for value in self.self_obj.attributes.values():
            items = value if isinstance(value, (list, tuple)) else [value]
            for item in items:
                if isinstance(item, (Layer, Model)):
                    # A sublayer counts once built: only call() builds it here.
                    if not called or id(item) not in record.sublayers:
                        return False
                elif not (item is None or isinstance(item, (bool, int, float, str, Array, Ref, Function,
                                                            ForeignFunction))):
                    return False
        return True



def _as_shape(value: Any) -> Any:
    if isinstance(value, (tuple, list)) and all(d is None or d is UNKNOWN or is_concrete(d) for d in value):
        return tuple(value)
    return UNKNOWN


class CustomCellRNN(LayerRule):
    """``keras.layers.RNN(cell)`` with a cell class of the file: Keras builds the cell on one
    time step ``(batch, *features)`` and outputs ``output_size`` (else the first ``state_size``)
    per step; the weights are the cell's."""

    family = "recurrent"
    name = "RNN"

    def __init__(self, cell: CustomRule, args: Args, return_sequences: Any) -> None:
        super().__init__(args)
        self.cell = cell
        self.return_sequences = return_sequences

    def build(self, shape: Shape) -> Built:
        if len(shape) < 3 or not isinstance(self.return_sequences, bool):
            return Built(UNKNOWN, UNKNOWN, UNKNOWN)
        trainable, non_trainable = self.cell.cell_weights((shape[0], *shape[2:]))
        size = self.cell.attribute("output_size")
        if size is UNKNOWN or size is None:
            state = self.cell.attribute("state_size")
            size = state[0] if isinstance(state, (list, tuple)) and state else state
        if not is_concrete(size):
            return Built(UNKNOWN, trainable, non_trainable)
        out = (shape[0], shape[1], size) if self.return_sequences else (shape[0], size)
        return Built(out, trainable, non_trainable)


def rnn_rule(args: list[Any], kwargs: dict[str, Any]) -> LayerRule | None:
    """The rule of ``RNN(cell, ...)`` when the cell is one instance of a cell class of the file
    and nothing else changes the output (no states returned, not stateful)."""
    cell = args[0] if args else kwargs.get("cell")
    if not isinstance(cell, Layer) or not isinstance(cell.rule, CustomRule):
        return None
    options = dict(zip(("return_sequences", "return_state", "go_backwards", "stateful", "unroll"), args[1:],
                       strict=False))
    options.update({k: v for k, v in kwargs.items() if k != "cell"})
    if any(options.get(flag, False) is not False for flag in ("return_state", "stateful", "unroll")):
        return None  # a list output, batch-size checks, or a time axis Keras must know
    known = {"return_sequences", "return_state", "go_backwards", "stateful", "unroll", "zero_output_for_mask",
             "name", "dtype", "trainable", "input_shape", "input_dim"}  # the model input: read by the caller
    if not set(options) <= known:
        return None
    return CustomCellRNN(cell.rule, Args((), {}, "RNN"), options.get("return_sequences", False))
