"""User-defined subclasses of Keras layers.

Keras builds a custom layer by calling ``build(input_shape)`` (weights made by
``self.add_weight(shape=...)``), then reports ``compute_output_shape`` where the class overrides
it, else the output of ``call()`` run on a symbolic tensor. The analysis does the same:
``__init__`` is interpreted to learn what it stores on ``self``, then ``build``, then
``compute_output_shape`` or ``call`` (with the tensor-op rules). The parameter count is the sum of
the weights ``add_weight`` made and of the sublayers ``call`` used; it is known only when
everything on ``self`` is accounted for. Anything it cannot evaluate leaves the result unknown.
"""

from __future__ import annotations

import ast
import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..engine import Args, Built, LayerRule
from ..engine.shapes import UNKNOWN, Shape, is_concrete
from .values import Array, BoundMethod, ForeignFunction, Function, Layer, Model, Ref

if TYPE_CHECKING:
    from .interpreter import Interpreter


@dataclass
class SelfObject:
    """``self`` inside a custom layer's methods: the attributes ``__init__`` assigned."""

    attributes: dict[str, Any] = field(default_factory=dict)
    # The class's own methods: ``self.helper(x)`` inside ``call()`` runs ``helper`` on this self.
    methods: dict[str, Any] = field(default_factory=dict)

    def attribute(self, name: str) -> Any:
        """``self.<name>``: an attribute set on the instance, else a plain method of the class
        (bound; decorated ones, such as properties or static methods, are not followed)."""
        if name in self.attributes:
            return self.attributes[name]
        method = self.methods.get(name)
        if name == "add_weight" or (method is not None and not method.node.decorator_list
                                    and not name.startswith("__")):
            return BoundMethod(self, name)
        return UNKNOWN


@dataclass
class CustomLayerClass:
    name: str
    node: ast.ClassDef
    methods: dict[str, Any]  # name -> Function
    # Subclasses ``keras.layers.Layer`` itself: no weights other than those its methods make.
    direct: bool = False
    # The built-in layer it subclasses (``class StandardizedConv2D(layers.Conv2D)``), if one.
    base_kind: str | None = None

    def inherited_kind(self) -> str | None:
        """The built-in kind whose weights and output shape this class keeps, or None.

        Keras makes the weights in ``__init__``/``build`` and, on a symbolic tensor, reports the
        class's ``compute_output_shape`` (``Layer.compute_output_spec``), which every shape-rule
        layer of ours defines: a subclass that overrides none of the three, only ``call`` or a
        helper it uses (``convolution_op``), has the base's output shape and weights."""
        if self.base_kind is None or self.base_kind in _NOT_INHERITED:
            return None
        if any(name in self.methods for name in ("__init__", "build", "compute_output_shape", "compute_output_spec")):
            return None
        return self.base_kind


# Built-in kinds whose calls the analysis routes by kind (merges, attention, wrappers).
_NOT_INHERITED = frozenset({"Add", "Subtract", "Multiply", "Average", "Maximum", "Minimum", "Concatenate", "Dot",
                            "MultiHeadAttention", "GroupedQueryAttention", "Attention", "AdditiveAttention",
                            "Lambda", "RNN", "Bidirectional", "TimeDistributed", "Layer", "InputLayer"})


def direct_subclass(bases: list[Any]) -> bool:
    return bool(bases) and all(isinstance(b, Ref) and b.qualname in ("keras.Layer", "keras.layers.Layer")
                               for b in bases)


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


def self_method(interp: Interpreter, obj: SelfObject, name: str, args: list[Any], kwargs: dict[str, Any]) -> Any:
    if name == "add_weight" and "add_weight" not in obj.methods:
        return add_weight(args, kwargs)
    method = obj.methods.get(name)
    if method is not None and not method.node.decorator_list:
        return interp.call_function(method, [obj, *args], kwargs)
    return UNKNOWN


class CustomRule(LayerRule):
    family = "custom"

    def __init__(self, interp: Interpreter, cls: CustomLayerClass, args: list[Any], kwargs: dict[str, Any]) -> None:
        super().__init__(Args(tuple(args), dict(kwargs), cls.name))
        self.name = cls.name  # type: ignore[misc]
        self.interp = interp
        self.cls = cls
        self.self_obj = SelfObject(methods=cls.methods)
        # Its own build() has run before a call of call() (Keras runs it once, at the first call).
        self.ran_build = False
        self._init_record = _Record()
        init = cls.methods.get("__init__")
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
            method = self.cls.methods.get("compute_output_shape")
            if method is not None:
                output = _as_shape(self.interp.call_function(method, [self.self_obj, tuple(shape)], {}))
                calls = False
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
        if not self.cls.direct or not self._accounted(record, called):
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
             "name", "dtype", "trainable"}
    if not set(options) <= known:
        return None
    return CustomCellRNN(cell.rule, Args((), {}, "RNN"), options.get("return_sequences", False))
