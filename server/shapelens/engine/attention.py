"""MultiHeadAttention: called on (query, value[, key]), not on one input.

Keras (keras/src/layers/attention/multi_head_attention.py) outputs the query's shape, with the
last axis replaced by ``output_shape`` when given. Its weights are four EinsumDense projections:
query and key ``(dim, heads, key_dim)``, value ``(dim, heads, value_dim)``, an optional sigmoid
gate on the query ``(dim, heads, value_dim)``, and the output ``(heads, value_dim, *out)``; each
with a bias over its output axes when ``use_bias``.
"""

from __future__ import annotations

import math
from typing import Any

from .base import Args, Built, LayerError, LayerRule, register
from .shapes import UNKNOWN, Shape, is_concrete


def _positive(name: str, value: Any) -> Any:
    if value is UNKNOWN or (value is None and name == "value_dim"):
        return value
    if not isinstance(value, int) or value <= 0:
        raise LayerError("SL106", f"MultiHeadAttention({name}={value!r}) is rejected by Keras: expected a "
                                  "positive integer", name)
    return value


@register
class MultiHeadAttention(LayerRule):
    name = "MultiHeadAttention"
    family = "attention"

    def __init__(self, args: Args) -> None:
        super().__init__(args)
        self.heads = _positive("num_heads", args.raw("num_heads", 0))
        self.key_dim = _positive("key_dim", args.raw("key_dim", 1))
        value_dim = _positive("value_dim", args.raw("value_dim", 2, None))
        self.value_dim = value_dim if value_dim else self.key_dim
        self.use_bias = args.raw("use_bias", 4, True)
        self.use_gate = args.kwargs.get("use_gate", False)
        out = args.raw("output_shape", 5, None)
        if isinstance(out, int) and not isinstance(out, bool) and out:
            out = (out,)
        self.output_shape = tuple(out) if isinstance(out, (tuple, list)) and out else None if not out else UNKNOWN

    def build(self, shape: Shape) -> Built:
        """On one input, as a Sequential calls its layers: Keras rejects it (ValueError when it is
        added to a Sequential, TypeError "missing a required argument: 'value'" on a call)."""
        raise LayerError(
            "SL101", "MultiHeadAttention is called on (query, value), not on one input: Keras rejects it in a "
                     "Sequential; use it in a functional model or a custom layer's call()")

    def attend(self, query: Shape, value: Shape, key: Shape | None = None) -> Built:
        """Built on ``layer(query, value, key)``: Keras's build + compute_output_shape."""
        key = value if key is None else key
        if tuple(value[1:-1]) != tuple(key[1:-1]):
            raise LayerError("SL101", "MultiHeadAttention: all dimensions of `value` and `key`, except the "
                                      "last one, must be equal")
        if self.output_shape is UNKNOWN:
            return Built(UNKNOWN, UNKNOWN, UNKNOWN)
        out = self.output_shape if self.output_shape is not None else (query[-1],)
        output = (*tuple(query[:-1]), *out)
        return Built(output, self._params(query[-1], value[-1], key[-1], out), 0)

    def _params(self, q: Any, v: Any, k: Any, out: tuple[Any, ...]) -> Any:
        values = (q, v, k, self.heads, self.key_dim, self.value_dim, *out)
        if not all(is_concrete(d) for d in values) or not isinstance(self.use_bias, bool) \
                or not isinstance(self.use_gate, bool):
            return UNKNOWN
        h, kd, vd = self.heads, self.key_dim, self.value_dim
        bias = int(self.use_bias)
        total = (q * h * kd + bias * h * kd) + (k * h * kd + bias * h * kd) + (v * h * vd + bias * h * vd)
        if self.use_gate:
            total += q * h * vd + bias * h * vd
        total += h * vd * math.prod(out) + bias * math.prod(out)
        return total
