"""Regularization layers: Dropout and its relatives. They never change a shape."""

from __future__ import annotations

import math
from typing import Any, ClassVar

from .base import Args, Built, InputSpec, LayerRule, compute_dtype, register, same_shape
from .formats import data_format_arg
from .shapes import UNKNOWN, Shape, _Unknown
from .validation import LAYER_KWARGS, check_signature


@register
class Dropout(LayerRule):
    name = "Dropout"
    family = "regularization"

    def __init__(self, args: Args) -> None:
        super().__init__(args)
        self.rate = args.rate()
        _noise_shape(args)
        _seed(args, self.rate, 2)

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


def _rate(args: Args, name: str = "rate", pos: int = 0) -> Any:
    """``if not 0 <= rate <= 1: raise``: a number in [0, 1] (bools are numbers to Keras)."""
    value = args.raw(name, pos)
    if value is UNKNOWN:
        return value
    if not isinstance(value, (int, float)) or not 0 <= value <= 1:
        raise args.invalid(name, value, "a number between 0 and 1")
    return value


def _seed(args: Args, rate: Any, pos: int | None) -> None:
    """With a positive rate Keras creates a ``SeedGenerator(seed)``, which takes None or an int."""
    seed = args.raw("seed", pos, None)
    if seed is None or seed is UNKNOWN or rate is UNKNOWN or not rate > 0:
        return
    if not isinstance(seed, int):
        raise args.invalid("seed", seed, "an integer or None")


class SpatialDropout(LayerRule):
    """``SpatialDropout1D(rate, seed, name, dtype)`` and the 2D/3D ``(rate, data_format, seed,
    name, dtype)``: an explicit signature, so any other keyword (``trainable``, ``noise_shape``,
    ``input_shape``) is a TypeError."""

    family = "regularization"
    rank: ClassVar[int] = 0

    def __init__(self, args: Args) -> None:
        super().__init__(args)
        params = ("rate", "seed", "name", "dtype") if self.rank == 1 else ("rate", "data_format", "seed", "name", "dtype")
        self.params = params
        check_signature(args, params, frozenset())
        self.rate = _rate(args)
        if self.rank > 1:
            data_format_arg(args, pos=1)
        _seed(args, self.rate, params.index("seed"))

    def input_spec(self) -> InputSpec:
        return InputSpec(ndim=self.rank + 2)

    def build(self, shape: Shape) -> Built:
        return same_shape(shape)

    def output_dtype(self, input_dtype: str | _Unknown) -> str | _Unknown:
        return compute_dtype(self.args.raw("dtype", self.params.index("dtype"), None))


@register
class SpatialDropout1D(SpatialDropout):
    name = "SpatialDropout1D"
    rank = 1


@register
class SpatialDropout2D(SpatialDropout):
    name = "SpatialDropout2D"
    rank = 2


@register
class SpatialDropout3D(SpatialDropout):
    name = "SpatialDropout3D"
    rank = 3


@register
class GaussianNoise(LayerRule):
    name = "GaussianNoise"
    family = "regularization"

    def __init__(self, args: Args) -> None:
        super().__init__(args)
        check_signature(args, ("stddev", "seed"))
        _seed(args, _rate(args, "stddev"), 1)

    def build(self, shape: Shape) -> Built:
        return same_shape(shape)


@register
class GaussianDropout(LayerRule):
    name = "GaussianDropout"
    family = "regularization"

    def __init__(self, args: Args) -> None:
        super().__init__(args)
        check_signature(args, ("rate", "seed"))
        _seed(args, _rate(args), 1)

    def build(self, shape: Shape) -> Built:
        return same_shape(shape)


@register
class AlphaDropout(LayerRule):
    """``noise_shape`` is not validated (unlike Dropout's); it only matters in training."""

    name = "AlphaDropout"
    family = "regularization"

    def __init__(self, args: Args) -> None:
        super().__init__(args)
        check_signature(args, ("rate", "noise_shape", "seed"))
        _seed(args, _rate(args), 2)

    def build(self, shape: Shape) -> Built:
        return same_shape(shape)


@register
class ActivityRegularization(LayerRule):
    """``L1L2(l1, l2)``: each None (read as 0) or a finite non-negative int or float."""

    name = "ActivityRegularization"
    family = "regularization"

    def __init__(self, args: Args) -> None:
        super().__init__(args)
        check_signature(args, ("l1", "l2"), LAYER_KWARGS - {"activity_regularizer"})
        for pos, name in enumerate(("l1", "l2")):
            value = args.raw(name, pos, 0.0)
            if value is None or value is UNKNOWN:
                continue
            if not isinstance(value, (int, float)) or not math.isfinite(value) or value < 0:
                raise args.invalid(name, value, "a non-negative number")

    def build(self, shape: Shape) -> Built:
        return same_shape(shape)
