"""Reshaping layers: Flatten, Reshape, Permute, RepeatVector, UpSampling, ZeroPadding, Cropping."""

from __future__ import annotations

import math
from typing import Any, ClassVar

from .base import Args, Built, InputSpec, LayerError, LayerRule, register, require_tuple
from .formats import data_format_arg, spatial_axes
from .shapes import UNKNOWN, Shape, _Unknown, is_concrete, product, shape_str
from .validation import check_signature, keras_tuple, output_shape


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


@register
class Permute(LayerRule):
    """``dims`` must sort to 1..n (Python equality: 1.0 and True count as 1); a float entry passes
    the constructor and fails as an index when the model is built."""

    name = "Permute"
    family = "reshaping"
    dtype_passthrough = True

    def __init__(self, args: Args) -> None:
        super().__init__(args)
        check_signature(args, ("dims",))
        dims = args.raw("dims", 0)
        if dims is UNKNOWN:
            self.dims: Any = UNKNOWN
            return
        if not isinstance(dims, (tuple, list, str)):
            raise args.invalid("dims", dims, "a tuple such as (2, 1)")
        self.dims = tuple(dims)
        if UNKNOWN in self.dims:
            return
        if any(isinstance(d, str) for d in self.dims) or not all(isinstance(d, (int, float)) for d in self.dims) \
                or sorted(self.dims) != list(range(1, len(self.dims) + 1)):
            raise LayerError(
                "SL106",
                f"Permute(dims={dims!r}) is rejected by Keras: dims must be a permutation of 1..{len(self.dims)} "
                "(the batch axis 0 is never permuted), e.g. (2, 1)",
                "dims",
            )

    def input_spec(self) -> InputSpec:
        return InputSpec() if self.dims is UNKNOWN else InputSpec(ndim=len(self.dims) + 1)

    def build(self, shape: Shape) -> Built:
        if self.dims is UNKNOWN:
            return Built(UNKNOWN)
        out: list[Any] = [shape[0]]
        for d in self.dims:
            if d is UNKNOWN:
                out.append(UNKNOWN)
            elif not isinstance(d, int):
                raise self.args.invalid("dims", self.args.raw("dims", 0), "integers")
            else:
                out.append(shape[d])
        return Built(tuple(out))


@register
class RepeatVector(LayerRule):
    name = "RepeatVector"
    family = "reshaping"

    def __init__(self, args: Args) -> None:
        super().__init__(args)
        check_signature(args, ("n",))
        self.n = args.positive_int("n", 0)

    def input_spec(self) -> InputSpec:
        return InputSpec(ndim=2)

    def build(self, shape: Shape) -> Built:
        return Built((shape[0], self.n, shape[1]))


def _scaled(dim: Any, factor: Any) -> Any:
    """``factor * dim if dim is not None else None`` (a float factor gives a float, rejected later)."""
    if dim is None:
        return None
    if dim is UNKNOWN or factor is UNKNOWN:
        return UNKNOWN
    return factor * dim


class UpSampling(LayerRule):
    """``UpSampling1D(size)`` takes an int; 2D/3D take ``standardize_tuple`` sizes, where floats
    pass the constructor and fail (a float output size) once they meet a known axis."""

    family = "reshaping"
    rank: ClassVar[int] = 0

    def __init__(self, args: Args) -> None:
        super().__init__(args)
        n = self.rank
        if n == 1:
            check_signature(args, ("size",))
            self.size: Any = (args.positive_int("size", 0, default=2),)
            self.data_format: Any = "channels_last"
            return
        params = ("size", "data_format", "interpolation") if n == 2 else ("size", "data_format")
        check_signature(args, params)
        self.data_format = data_format_arg(args, pos=1)
        self.size = keras_tuple(args, "size", args.raw("size", 0, (2,) * n), n, allow_zero=False)
        self.interpolation: Any = "nearest"
        if n == 2:
            interpolation = args.raw("interpolation", 2, "nearest")
            if interpolation is not UNKNOWN and not isinstance(interpolation, str):
                raise args.invalid("interpolation", interpolation, "a string such as 'nearest' or 'bilinear'")
            self.interpolation = interpolation if interpolation is UNKNOWN else interpolation.lower()

    def input_spec(self) -> InputSpec:
        return InputSpec(ndim=self.rank + 2)

    def build(self, shape: Shape) -> Built:
        if self.data_format is UNKNOWN:
            return Built((shape[0], *[UNKNOWN] * (self.rank + 1)))
        out = list(shape)
        for i, axis in enumerate(spatial_axes(len(shape), self.data_format)):
            out[axis] = _scaled(shape[axis], self.size[i] if isinstance(self.size, tuple) else UNKNOWN)
        return Built(output_shape(out, self.name, "size", self.args.raw("size", 0, None)))

    def call(self, shape: Shape) -> Shape | _Unknown:
        """Real data: ``ops.repeat`` (or an image resize) needs integer factors, and the resize
        only knows some interpolations."""
        interpolation = getattr(self, "interpolation", "nearest")
        if interpolation not in ("nearest", UNKNOWN) and interpolation not in _RESIZE_INTERPOLATIONS:
            raise LayerError(
                "SL106",
                f"UpSampling2D(interpolation={self.args.raw('interpolation', 2)!r}) fails when data arrives: use "
                f"one of 'nearest', {', '.join(repr(i) for i in _RESIZE_INTERPOLATIONS)}",
                "interpolation",
            )
        if isinstance(self.size, tuple) and any(isinstance(s, float) for s in self.size):
            raise LayerError(
                "SL106",
                f"{self.name}(size={self.args.raw('size', 0)!r}) fails when data arrives: the repeat needs "
                "integer factors; use integers",
                "size",
            )
        return self.build(shape).output


# ``ops.image.resize`` interpolations (UpSampling2D lower-cases the argument).
_RESIZE_INTERPOLATIONS = ("bilinear", "bicubic", "area", "lanczos3", "lanczos5")


@register
class UpSampling1D(UpSampling):
    name = "UpSampling1D"
    rank = 1


@register
class UpSampling2D(UpSampling):
    name = "UpSampling2D"
    rank = 2


@register
class UpSampling3D(UpSampling):
    name = "UpSampling3D"
    rank = 3


_ORDINALS = ("1st", "2nd", "3rd")


def _pairs(args: Args, name: str, value: Any, n: int, int_check: bool) -> Any:
    """ZeroPadding2D/3D and Cropping2D/3D: an int (used as is for padding; Cropping rejects a
    negative one), or a sequence of n entries, each an int or a pair (``standardize_tuple``).
    Returns a tuple of n pairs (entries may be UNKNOWN) or UNKNOWN."""
    if value is UNKNOWN:
        return UNKNOWN
    if isinstance(value, int):
        if int_check and value < 0:
            raise args.invalid(name, value, "a non-negative integer")
        return ((value, value),) * n
    if isinstance(value, (tuple, list, str)):
        if len(value) != n:
            raise args.invalid(name, value, f"an integer, a tuple of {n} integers or a tuple of {n} pairs")
        return tuple(
            keras_tuple(args, name, entry, 2, allow_zero=True, label=f"{_ORDINALS[i]} entry of {name}")
            for i, entry in enumerate(value)
        )
    raise args.invalid(name, value, f"an integer, a tuple of {n} integers or a tuple of {n} pairs")


def _pair_sum(pair: Any) -> Any:
    if not isinstance(pair, tuple) or UNKNOWN in pair:
        return UNKNOWN
    return pair[0] + pair[1]


class ZeroPadding(LayerRule):
    """Pads the spatial axes. ZeroPadding1D validates its ``padding`` tuple; 2D/3D accept any
    int, negative ones included (they shrink the axis, and fail on real data)."""

    family = "reshaping"
    rank: ClassVar[int] = 0

    def __init__(self, args: Args) -> None:
        super().__init__(args)
        check_signature(args, ("padding", "data_format"))
        self.data_format = data_format_arg(args, pos=1)
        n = self.rank
        value = args.raw("padding", 0, 1 if n == 1 else ((1, 1),) * n)
        if n == 1:
            pair = keras_tuple(args, "padding", value, 2, allow_zero=True)
            self.padding: Any = UNKNOWN if pair is UNKNOWN else (pair,)
        else:
            self.padding = _pairs(args, "padding", value, n, int_check=False)

    def input_spec(self) -> InputSpec:
        return InputSpec(ndim=self.rank + 2)

    def _pads(self) -> list[Any]:
        return [UNKNOWN] * self.rank if self.padding is UNKNOWN else list(self.padding)

    def build(self, shape: Shape) -> Built:
        if self.data_format is UNKNOWN:
            return Built((shape[0], *[UNKNOWN] * (self.rank + 1)))
        out = list(shape)
        for axis, pair in zip(spatial_axes(len(shape), self.data_format), self._pads(), strict=True):
            if out[axis] is not None:
                total = _pair_sum(pair)
                out[axis] = UNKNOWN if total is UNKNOWN or out[axis] is UNKNOWN else out[axis] + total
        return Built(output_shape(out, self.name, "padding", self.args.raw("padding", 0, None)))

    def call(self, shape: Shape) -> Shape | _Unknown:
        """``ops.pad`` on real data: padding amounts are truncated to ints, negative ones fail."""
        if self.data_format is UNKNOWN:
            return (shape[0], *[UNKNOWN] * (self.rank + 1))
        out = list(shape)
        for axis, pair in zip(spatial_axes(len(shape), self.data_format), self._pads(), strict=True):
            if not isinstance(pair, tuple) or UNKNOWN in pair:
                out[axis] = UNKNOWN
                continue
            low, high = int(pair[0]), int(pair[1])
            if low < 0 or high < 0:
                raise LayerError(
                    "SL106",
                    f"{self.name}(padding={self.args.raw('padding', 0)!r}) fails when data arrives: padding "
                    "cannot be negative; use a Cropping layer to remove values",
                    "padding",
                )
            out[axis] = UNKNOWN if out[axis] is UNKNOWN else out[axis] + low + high
        return tuple(out)


@register
class ZeroPadding1D(ZeroPadding):
    name = "ZeroPadding1D"
    rank = 1


@register
class ZeroPadding2D(ZeroPadding):
    name = "ZeroPadding2D"
    rank = 2


@register
class ZeroPadding3D(ZeroPadding):
    name = "ZeroPadding3D"
    rank = 3


class Cropping(LayerRule):
    """Crops the spatial axes; Keras raises when the cropping leaves an axis empty (a known
    one: None axes are not checked until data arrives). Cropping1D has no ``data_format`` and
    always crops axis 1."""

    family = "reshaping"
    rank: ClassVar[int] = 0

    def __init__(self, args: Args) -> None:
        super().__init__(args)
        n = self.rank
        if n == 1:
            check_signature(args, ("cropping",))
            self.data_format: Any = "channels_last"
            pair = keras_tuple(args, "cropping", args.raw("cropping", 0, (1, 1)), 2, allow_zero=True)
            self.cropping: Any = UNKNOWN if pair is UNKNOWN else (pair,)
        else:
            check_signature(args, ("cropping", "data_format"))
            self.data_format = data_format_arg(args, pos=1)
            default = ((0, 0), (0, 0)) if n == 2 else ((1, 1),) * 3
            self.cropping = _pairs(args, "cropping", args.raw("cropping", 0, default), n, int_check=True)

    def input_spec(self) -> InputSpec:
        return InputSpec(ndim=self.rank + 2)

    def _crops(self) -> list[Any]:
        return [UNKNOWN] * self.rank if self.cropping is UNKNOWN else list(self.cropping)

    def build(self, shape: Shape) -> Built:
        return Built(self._cropped(shape, self._crops()))

    def _cropped(self, shape: Shape, crops: list[Any]) -> Shape:
        if self.data_format is UNKNOWN:
            return (shape[0], *[UNKNOWN] * (self.rank + 1))
        out = list(shape)
        for axis, pair in zip(spatial_axes(len(shape), self.data_format), crops, strict=True):
            size, total = shape[axis], _pair_sum(pair)
            if size is None:
                continue
            if size is UNKNOWN or total is UNKNOWN:
                out[axis] = UNKNOWN
                continue
            if size - total <= 0:
                raise LayerError(
                    "SL105",
                    f"{self.name}(cropping={self.args.raw('cropping', 0, None)!r}) removes {total} values from "
                    f"axis {axis} of the input {shape_str(shape)}, which has only {size}: nothing would be "
                    "left; crop less",
                    "cropping",
                )
            out[axis] = size - total
        return output_shape(out, self.name, "cropping", self.args.raw("cropping", 0, None))

    def call(self, shape: Shape) -> Shape | _Unknown:
        """Real data is sliced ``[start:-end]`` (``[start:]`` for an end of 0): a float start, or a
        nonzero float end, fails; a float 0.0 end is never used."""
        crops: list[Any] = []
        for pair in self._crops():
            if isinstance(pair, tuple) and (isinstance(pair[0], float) or (isinstance(pair[1], float) and pair[1])):
                raise LayerError(
                    "SL106",
                    f"{self.name}(cropping={self.args.raw('cropping', 0, None)!r}) fails when data arrives: "
                    "the data is sliced with these values, which must be integers",
                    "cropping",
                )
            crops.append(tuple(v if v is UNKNOWN else int(v) for v in pair) if isinstance(pair, tuple) else pair)
        return self._cropped(shape, crops)


@register
class Cropping1D(Cropping):
    name = "Cropping1D"
    rank = 1


@register
class Cropping2D(Cropping):
    name = "Cropping2D"
    rank = 2


@register
class Cropping3D(Cropping):
    name = "Cropping3D"
    rank = 3
