"""Activation names Keras 3 accepts (``keras.activations.get``) and their effect on shapes."""

from __future__ import annotations

from typing import Any

from .base import Args, LayerError
from .shapes import UNKNOWN, Shape

ACTIVATIONS: frozenset[str] = frozenset(
    {
        "celu", "elu", "exponential", "gelu", "glu", "hard_shrink", "hard_sigmoid", "hard_silu",
        "hard_swish", "hard_tanh", "leaky_relu", "linear", "log_sigmoid", "log_softmax", "mish",
        "relu", "relu6", "selu", "sigmoid", "silu", "soft_shrink", "softmax", "softplus",
        "softsign", "sparse_plus", "sparse_sigmoid", "sparsemax", "squareplus", "swish", "tanh",
        "tanh_shrink", "threshold",
    }
)


def activation_arg(args: Args, name: str = "activation", pos: int | None = None) -> Any:
    """The activation argument: a known name, None, UNKNOWN, or a callable we cannot see."""
    value = args.raw(name, pos, None)
    if value is None or value is UNKNOWN:
        return value
    if isinstance(value, str):
        if value not in ACTIVATIONS:
            raise LayerError(
                "SL106",
                f"{args.layer}({name}={value!r}) is rejected by Keras: unknown activation; "
                f"use one of {', '.join(sorted(ACTIVATIONS))}",
                name,
            )
        return value
    if isinstance(value, (bool, int, float, complex, bytes, tuple, list, set)):
        # activations.get() returns callables (and deserializes dicts); plain data is rejected.
        raise LayerError(
            "SL106",
            f"{args.layer}({name}={value!r}) is rejected by Keras: an activation must be a name "
            "such as 'relu', a callable, or None",
            name,
        )
    return UNKNOWN


def activated(shape: Shape, activation: Any) -> Shape:
    """``glu`` halves the last axis; we leave that axis unknown rather than guess parity rules."""
    if activation == "glu" and shape:
        return (*shape[:-1], UNKNOWN)
    return shape
