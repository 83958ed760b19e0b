"""Reshaping layers: Flatten, Reshape."""

from __future__ import annotations

import math

from .base import Args, Built, InputSpec, LayerError, LayerRule, register, require_tuple
from .shapes import UNKNOWN, Shape, _Unknown, is_concrete, product, shape_str


@register
class Flatten(LayerRule):
    name = "Flatten"
    family = "reshaping"
    dtype_passthrough = True

    def __init__(self, args: Args) -> None:
        super().__init__(args)
        args.choice("data_format", ("channels_last", "channels_first"), None, pos=0)

    def input_spec(self) -> InputSpec:
        return InputSpec(min_ndim=1)

    def build(self, shape: Shape) -> Built:
        rest = shape[1:]
        return Built((shape[0], product(rest) if rest else 1))


def reshape_dims(source: Shape, target: tuple[object, ...], layer: str) -> Shape:
    """Keras's ``compute_reshape_output_shape``: resolve one ``-1``, check the element count."""
    dims: list[object] = [d if is_concrete(d) or d is UNKNOWN else None for d in target]
    if UNKNOWN in dims or UNKNOWN in source:
        return tuple(UNKNOWN if d == -1 else d for d in dims)  # type: ignore[misc]
    if None in source or None in dims:
        return tuple(None if d == -1 else d for d in dims)  # type: ignore[misc]
    size = math.prod(source)  # type: ignore[arg-type]
    if -1 not in dims:
        if size != math.prod(dims):  # type: ignore[arg-type]
            raise LayerError(
                "SL103",
                f"{layer} cannot turn {shape_str(source)} ({size} values per sample) into "
                f"{shape_str(tuple(dims))} ({math.prod(dims)} values): "  # type: ignore[arg-type]
                "the element count must stay the same; use -1 for one axis to let Keras infer it",
                "target_shape",
            )
        return tuple(dims)  # type: ignore[arg-type]
    rest = math.prod(d for d in dims if d != -1)  # type: ignore[misc]
    if rest == 0 or size % rest:
        raise LayerError(
            "SL103",
            f"{layer} cannot turn {shape_str(source)} ({size} values per sample) into "
            f"{shape_str(tuple(dims))}: {size} is not divisible by {rest}",
            "target_shape",
        )
    return tuple(size // rest if d == -1 else d for d in dims)  # type: ignore[misc]


@register
class Reshape(LayerRule):
    name = "Reshape"
    family = "reshaping"
    dtype_passthrough = True

    def __init__(self, args: Args) -> None:
        super().__init__(args)
        target = require_tuple(args.raw("target_shape", 0), "target_shape", self.name)
        if not isinstance(target, _Unknown):
            ints = [d for d in target if is_concrete(d)]
            if any(d < -1 for d in ints) or ints.count(-1) > 1:  # type: ignore[operator]
                raise LayerError(
                    "SL106",
                    f"Reshape(target_shape={target!r}) is rejected by Keras: each axis must be "
                    "a non-negative integer, with at most one -1",
                    "target_shape",
                )
        self.target = target

    def build(self, shape: Shape) -> Built:
        if isinstance(self.target, _Unknown):
            return Built(UNKNOWN)
        return Built((shape[0], *reshape_dims(shape[1:], self.target, self.name)))

    def call(self, shape: Shape) -> Shape | _Unknown:
        """Real data: ``Reshape.call`` turns every target axis it cannot resolve (None, or
        anything but an int) into -1 before reshaping, so a None axis is inferred at run time,
        and two of them (or one and a -1) make the reshape fail."""
        if isinstance(self.target, _Unknown):
            return UNKNOWN
        target = tuple(d if is_concrete(d) or d is UNKNOWN else -1 for d in self.target)
        if target.count(-1) > 1:
            raise LayerError(
                "SL103",
                f"Reshape(target_shape={self.target!r}) fails on real data: Keras turns each None "
                "axis into -1 when it is called, and only one axis can be inferred",
                "target_shape",
            )
        return (shape[0], *reshape_dims(shape[1:], target, self.name))
