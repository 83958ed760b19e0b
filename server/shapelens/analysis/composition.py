"""Models made of models: ``model.layers``, ``get_layer``, ``clone_model`` and the shapes a
built model exposes (``input_shape``, ``output_shape``); what code that rebuilds a model from
another one's layers asks of them: ``isinstance(layer, Dropout)``, ``layer.rate``.

Layers taken out of a model are the same objects (Keras shares them, weights included); a clone
gets the original's input (``cloning._clone_sequential_model`` copies the InputLayer's batch
shape) and fresh copies of its nested models.
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING, Any

from ..engine.keras_names import LAYER_CLASSES
from ..engine.shapes import UNKNOWN, is_concrete
from .custom_layers import CustomLayerClass, CustomRule
from .names import is_sequential, layer_kind
from .values import InputTensor, Layer, Model, Ref

if TYPE_CHECKING:
    from .interpreter import Interpreter

MODEL_ATTRIBUTES = frozenset({"layers", "input_shape", "output_shape"})
CLONE_MODEL = frozenset({"keras.models.clone_model", "keras.models.cloning.clone_model"})


def model_layers(model: Model) -> list[Any] | Any:
    """``model.layers``: the entries after the input, when each is a layer or a model."""
    entries = model.entries[1:] if model.entries and isinstance(model.entries[0], InputTensor) else model.entries
    if not all(isinstance(e, (Layer, Model)) for e in entries):
        return UNKNOWN
    return list(entries)


def model_attribute(interp: Interpreter, model: Model, attr: str) -> Any:
    if attr == "layers":
        return model_layers(model)
    built = interp.assembler.assemble(model)
    shape = built.input_shape if attr == "input_shape" else built.output_shape
    if not built.declared or not isinstance(shape, tuple) or not all(d is None or is_concrete(d) for d in shape):
        return UNKNOWN
    return shape


def get_layer(model: Model, args: list[Any], kwargs: dict[str, Any]) -> Any:
    """``get_layer(name)`` for a name given explicitly in the file, ``get_layer(index=i)``."""
    name = kwargs.get("name", args[0] if args else None)
    index = kwargs.get("index", args[1] if len(args) > 1 else None)
    layers = model_layers(model)
    if layers is UNKNOWN or (name is None) == (index is None):
        return UNKNOWN
    if index is not None:
        return layers[index] if is_concrete(index) and -len(layers) <= index < len(layers) else UNKNOWN
    if not isinstance(name, str):
        return UNKNOWN
    named = [e for e in layers if isinstance(e, Layer) and _explicit_name(e.node) == name]
    return named[0] if len(named) == 1 else UNKNOWN


def _explicit_name(node: ast.Call) -> str | None:
    for kw in node.keywords:
        if kw.arg == "name" and isinstance(kw.value, ast.Constant) and isinstance(kw.value.value, str):
            return kw.value.value
    return None


def clone_model(interp: Interpreter, model: Any, node: ast.Call) -> Any:
    """``keras.models.clone_model(model)``: same layers, same input if the original has one."""
    if not isinstance(model, Model) or len(node.args) + len(node.keywords) != 1:
        return UNKNOWN  # input_tensors= / clone_function= change what is cloned
    clone = _clone(interp, model, interp.positions.span(node))
    interp.models.append(clone)
    return clone


def _clone(interp: Interpreter, model: Model, span: Any) -> Model:
    built = interp.assembler.assemble(model)
    entries: list[Any] = [_clone(interp, e, e.span) if isinstance(e, Model) else e
                          for e in model.entries if not isinstance(e, InputTensor)]
    if built.declared:
        first = model.entries[0] if model.entries else None
        dtype = first.dtype if isinstance(first, InputTensor) else "float32"
        entries.insert(0, InputTensor(built.input_shape, span, dtype=dtype))
    return Model(span, None, entries, None, [], interp.uncertain)


def set_trainable(value: Layer | Model, trainable: Any, seen: frozenset[int] = frozenset()) -> None:
    """``layer.trainable = ...``; on a model, Keras sets it on every layer inside, recursively."""
    if isinstance(value, Layer):
        if value.rule is not None:
            value.rule.trainable = trainable
    elif id(value) not in seen:
        for entry in value.entries:
            if isinstance(entry, (Layer, Model)):
                set_trainable(entry, trainable, seen | {id(value)})


# Public Keras layer classes that subclass other public ones (Keras 3.15: every other layer class
# derives from ``Layer`` only, through private bases). Aliases are resolved by ``layer_kind``.
_KERAS_BASES: dict[str, frozenset[str]] = {
    "AdditiveAttention": frozenset({"Attention"}),
    "ConvLSTM1D": frozenset({"RNN"}), "ConvLSTM2D": frozenset({"RNN"}), "ConvLSTM3D": frozenset({"RNN"}),
    "GRU": frozenset({"RNN"}), "LSTM": frozenset({"RNN"}), "SimpleRNN": frozenset({"RNN"}),
    "SpatialDropout1D": frozenset({"Dropout"}), "SpatialDropout2D": frozenset({"Dropout"}),
    "SpatialDropout3D": frozenset({"Dropout"}),
    "ReversibleEmbedding": frozenset({"Embedding"}),
    "SpectralNormalization": frozenset({"Wrapper"}), "TimeDistributed": frozenset({"Wrapper"}),
}
_LAYER_BASES = frozenset({"keras.Layer", "keras.layers.Layer"})
_MODEL_BASES = frozenset({"keras.Model", "keras.models.Model"})


def is_instance(value: Any, classes: Any) -> Any:
    """``isinstance(value, classes)`` for a layer or a model and Keras's classes or the file's
    layer classes: True/False when certain, else UNKNOWN; NotImplemented for other values."""
    if not isinstance(value, (Layer, Model)):
        return NotImplemented
    options = classes if isinstance(classes, tuple) else (classes,)
    answers = [_instance_of(value, c) for c in options]
    if any(a is True for a in answers):
        return True
    return False if all(a is False for a in answers) else UNKNOWN


def _instance_of(value: Layer | Model, cls: Any) -> Any:
    if isinstance(value, Model):  # a Sequential
        if isinstance(cls, Ref):
            return cls.qualname in _LAYER_BASES | _MODEL_BASES or is_sequential(cls.qualname) or \
                (False if layer_kind(cls.qualname) is not None else UNKNOWN)
        return False if isinstance(cls, CustomLayerClass) else UNKNOWN
    kind: str | None = value.kind
    if isinstance(value.rule, CustomRule):
        if (isinstance(cls, Ref) and cls.qualname in _LAYER_BASES) or cls is value.rule.cls:
            return True
        own = value.rule.cls
        if not own.direct and own.keras_base is None:
            return UNKNOWN  # its bases (the file's classes, a Model...) decide
        if isinstance(cls, CustomLayerClass):
            return False  # its one base is a Keras class
        kind = own.keras_base  # None: a direct subclass of Layer, no other Keras class
    elif value.kind not in LAYER_CLASSES:
        return UNKNOWN  # a Keras application is a Model; anything else is not followed
    elif isinstance(cls, CustomLayerClass):
        return False  # a Keras layer is never an instance of the file's class
    if not isinstance(cls, Ref):
        return UNKNOWN
    if cls.qualname in _LAYER_BASES:
        return True
    if cls.qualname in _MODEL_BASES or is_sequential(cls.qualname):
        return False
    wanted = layer_kind(cls.qualname)
    if wanted is None:
        return UNKNOWN
    return kind is not None and (wanted == kind or wanted in _KERAS_BASES.get(kind, frozenset()))


# Constructor arguments a Keras layer keeps as attributes of the same name and meaning.
_KEPT_ARGUMENTS = frozenset({"rate", "units", "filters", "input_dim", "output_dim"})


def layer_attribute(layer: Layer, attr: str) -> Any:
    """``layer.rate``, ``layer.units``: the constructor's value; NotImplemented otherwise."""
    rule = layer.rule
    if attr not in _KEPT_ARGUMENTS or rule is None or isinstance(rule, CustomRule) or layer.error is not None:
        return NotImplemented
    value = getattr(rule, attr, None)
    return value if isinstance(value, (int, float)) and not isinstance(value, bool) else NotImplemented
