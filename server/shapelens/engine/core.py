"""Core layers: Dense, Activation, Embedding, Identity, Masking."""

from __future__ import annotations

from .activations import activated, activation_arg
from .base import Args, Built, InputSpec, LayerRule, register, same_shape
from .shapes import UNKNOWN, Shape, cmul, count


@register
class Dense(LayerRule):
    name = "Dense"
    family = "core"

    def __init__(self, args: Args) -> None:
        super().__init__(args)
        self.units = args.positive_int("units", 0)
        self.activation = activation_arg(args, pos=1)
        self.use_bias = args.flag("use_bias", True, pos=2)

    def input_spec(self) -> InputSpec:
        return InputSpec(min_ndim=2)

    def build(self, shape: Shape) -> Built:
        last = shape[-1]
        self.require_defined(last, "last input axis")
        bias = UNKNOWN if self.use_bias is UNKNOWN else (self.units if self.use_bias else 0)
        trainable = count(cmul(last, self.units), bias)
        spec = InputSpec(min_ndim=2, axes={-1: last} if isinstance(last, int) else {})
        out = activated((*shape[:-1], self.units), self.activation)
        return Built(out, trainable, 0, spec)


@register
class Activation(LayerRule):
    name = "Activation"
    family = "activations"

    def __init__(self, args: Args) -> None:
        super().__init__(args)
        args.raw("activation", 0)  # required: Keras's Activation() raises a TypeError without it
        self.activation = activation_arg(args, pos=0)

    def build(self, shape: Shape) -> Built:
        return Built(activated(shape, self.activation))


@register
class Embedding(LayerRule):
    name = "Embedding"
    family = "core"

    def __init__(self, args: Args) -> None:
        super().__init__(args)
        self.input_dim = args.positive_int("input_dim", 0)
        self.output_dim = args.positive_int("output_dim", 1)

    def build(self, shape: Shape) -> Built:
        return Built((*shape, self.output_dim), cmul(self.input_dim, self.output_dim))


@register
class Identity(LayerRule):
    name = "Identity"
    family = "core"
    dtype_passthrough = True

    def build(self, shape: Shape) -> Built:
        return same_shape(shape)
