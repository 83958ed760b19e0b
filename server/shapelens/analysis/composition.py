"""Models made of models: ``model.layers``, ``get_layer``, ``clone_model`` and the shapes a
built model exposes (``input_shape``, ``output_shape``).

Layers taken out of a model are the same objects (Keras shares them, weights included); a clone
gets the original's input (``cloning._clone_sequential_model`` copies the InputLayer's batch
shape) and fresh copies of its nested models.
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING, Any

from ..engine.shapes import UNKNOWN, is_concrete
from .values import InputTensor, Layer, Model

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
