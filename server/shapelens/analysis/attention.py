"""Calling a ``MultiHeadAttention`` on symbolic tensors inside a custom layer's ``call()``:
``self.att(query, value[, key])``, by position or keyword."""

from __future__ import annotations

from typing import Any

from ..engine import LayerError
from ..engine.base import frozen
from ..engine.shapes import UNKNOWN
from .custom_layers import record_sublayer
from .deferred import SymbolicTensor, symbolic_shape
from .values import Array, Layer

_TENSORS = ("query", "value", "key")
# Keyword arguments that change neither the output nor the weights.
_NEUTRAL = frozenset({"training", "attention_mask", "query_mask", "value_mask", "key_mask",
                      "use_causal_mask"})


def is_attention(layer: Layer) -> bool:
    return hasattr(layer.rule, "attend")


def _shape(tensor: Any) -> Any:
    """(shape, dtype) of an array or a functional tensor; None when neither."""
    if isinstance(tensor, Array):
        return tuple(tensor.shape), tensor.dtype
    shape = symbolic_shape(tensor)
    return None if shape is None else (shape, "float32")


def call(layer: Layer, args: list[Any], kwargs: dict[str, Any]) -> Any:
    """``att(query, value[, key])`` on arrays (in a ``call()``) or functional tensors."""
    if layer.error is not None or len(args) > 3:
        return UNKNOWN
    tensors = dict(zip(_TENSORS, args, strict=False))
    for name, value in kwargs.items():
        if name in _TENSORS and name not in tensors:
            tensors[name] = value
        elif name == "return_attention_scores" and value is False:
            continue
        elif name not in _NEUTRAL:
            return UNKNOWN  # a tuple output, or an argument we do not follow
    functional = symbolic_shape(tensors.get("query")) is not None
    found = [_shape(tensors.get(n)) for n in _TENSORS]
    query, value, key = found
    if query is None or value is None or (key is None and "key" in tensors):
        return SymbolicTensor(UNKNOWN) if functional else UNKNOWN
    shapes = [f[0] for f in found if f is not None]
    if any(s is UNKNOWN or any(d is UNKNOWN for d in s) for s in shapes):
        return SymbolicTensor(UNKNOWN) if functional else UNKNOWN
    try:
        built = frozen(layer.rule.attend(query[0], value[0], None if key is None else key[0]),
                       layer.rule.trainable)
    except LayerError:
        record_sublayer(layer, None)
        return SymbolicTensor(UNKNOWN) if functional else UNKNOWN
    record_sublayer(layer, built)
    if functional:
        return SymbolicTensor(built.output)
    if not isinstance(built.output, tuple):
        return UNKNOWN
    dtype = layer.rule.output_dtype(query[1])
    return Array(built.output, dtype if isinstance(dtype, str) else UNKNOWN)
