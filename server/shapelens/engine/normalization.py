"""Normalization layers: BatchNormalization."""

from __future__ import annotations

from .base import Args, Built, InputSpec, LayerError, LayerRule, register
from .shapes import UNKNOWN, Shape, cmul, is_concrete


@register
class BatchNormalization(LayerRule):
    name = "BatchNormalization"
    family = "normalization"

    def __init__(self, args: Args) -> None:
        super().__init__(args)
        axis = args.raw("axis", 0, -1)
        if axis is not UNKNOWN:
            # Keras stores int(axis): 1.0, True and "1" all pass.
            try:
                axis = int(axis) if isinstance(axis, (int, float, str)) else None
            except (ValueError, OverflowError):
                axis = None
            if axis is None:
                raise args.invalid("axis", args.raw("axis", 0, -1), "an integer")
        self.axis = axis
        self.center = args.flag("center", True)
        self.scale = args.flag("scale", True)
        self.renorm = args.flag("renorm", False)

    def build(self, shape: Shape) -> Built:
        if self.axis is UNKNOWN:
            return Built(shape, UNKNOWN, UNKNOWN)
        rank = len(shape)
        if not -rank <= self.axis < rank:
            raise LayerError(
                "SL106",
                f"BatchNormalization(axis={self.axis}) is out of bounds for an input of rank "
                f"{rank}; use an axis in [-{rank}, {rank - 1}]",
                "axis",
            )
        channels = shape[self.axis]
        self.require_defined(channels, f"axis {self.axis}")
        factors = [self.center, self.scale]
        trainable = UNKNOWN if UNKNOWN in factors else cmul(channels, sum(map(int, factors)))
        moving = UNKNOWN if self.renorm is UNKNOWN else (5 if self.renorm else 2)
        spec_axes = {self.axis: channels} if is_concrete(channels) else {}
        return Built(shape, trainable, cmul(channels, moving), InputSpec(ndim=rank, axes=spec_axes))
