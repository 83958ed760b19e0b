"""Regularization layers: Dropout and its relatives. They never change a shape."""

from __future__ import annotations

from .base import Args, Built, LayerRule, register, same_shape
from .shapes import Shape


@register
class Dropout(LayerRule):
    name = "Dropout"
    family = "regularization"

    def __init__(self, args: Args) -> None:
        super().__init__(args)
        self.rate = args.rate()

    def build(self, shape: Shape) -> Built:
        return same_shape(shape)
