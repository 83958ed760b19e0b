"""Regularization layers: Dropout and its relatives. They never change a shape."""

from __future__ import annotations

from .base import Args, Built, LayerRule, register, same_shape
from .shapes import UNKNOWN, Shape


@register
class Dropout(LayerRule):
    name = "Dropout"
    family = "regularization"

    def __init__(self, args: Args) -> None:
        super().__init__(args)
        self.rate = args.rate()
        _noise_shape(args)

    def build(self, shape: Shape) -> Built:
        return same_shape(shape)


def _noise_shape(args: Args) -> None:
    """Keras's ``Dropout._validate_noise_shape``: None, or an iterable (not a string) whose
    entries are None or positive ints (bools pass: they are ints)."""
    value = args.raw("noise_shape", 1, None)
    if value is None or value is UNKNOWN:
        return
    if not isinstance(value, (tuple, list)):
        if isinstance(value, (str, int, float)):
            raise args.invalid("noise_shape", value, "a tuple of positive integers or None")
        return  # an object the analysis cannot see into
    for dim in value:
        if dim is None or dim is UNKNOWN:
            continue
        if not isinstance(dim, int) or dim <= 0:
            raise args.invalid("noise_shape", value, "a tuple of positive integers or None")
