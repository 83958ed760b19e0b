"""Pooling layers: MaxPooling1D/2D/3D, AveragePooling1D/2D/3D and the global poolings.

Keras's ``BasePooling`` validates ``pool_size``/``strides`` in its constructor but checks
``padding`` and zero strides only when the output shape is computed
(``compute_pooling_output_shape``), i.e. on the first call. Those two checks fail for every
input, so the rules below report them at construction already: the model can never be built.
"""

from __future__ import annotations

from typing import Any, ClassVar

from .base import Args, Built, InputSpec, LayerError, LayerRule, register
from .conv import as_int, nonpositive_output, number_tuple, window_output
from .formats import data_format_arg, spatial_axes
from .shapes import UNKNOWN, Shape, _Unknown, is_concrete


class BasePooling(LayerRule):
    """``keras.src.layers.pooling.base_pooling.BasePooling``."""

    rank: ClassVar[int] = 0
    family = "pooling"
    # MaxPooling has a default pool size (2 on each axis); AveragePooling requires one.
    default_pool: ClassVar[Any] = None

    def __init__(self, args: Args) -> None:
        super().__init__(args)
        n = self.rank
        self.pool_size = number_tuple(args, "pool_size", n, 0, default=self.default_pool)
        strides = args.raw("strides", 1, None)
        if strides is None:
            self.strides = self.pool_size
        else:
            self.strides = number_tuple(args, "strides", n, 1, allow_zero=True)
        if isinstance(self.strides, tuple) and 0 in self.strides:
            # Keras accepts it here, then divides by zero when the layer is first called.
            raise args.invalid("strides", strides, "positive integers (Keras divides by the stride)")
        padding = args.raw("padding", 2, "valid")
        # Not lower-cased: compute_pooling_output_shape compares with == "valid" / "same".
        if padding is not UNKNOWN and padding not in ("valid", "same"):
            raise args.invalid("padding", padding, "'valid' or 'same' (lower case)")
        self.padding = padding
        self.data_format = data_format_arg(args, pos=3)

    def input_spec(self) -> InputSpec:
        return InputSpec(ndim=self.rank + 2)

    def build(self, shape: Shape) -> Built:
        return Built(self._output(shape, eager=False))

    def call(self, shape: Shape) -> Shape | _Unknown:
        return self._output(shape, eager=True)

    def _output(self, shape: Shape, eager: bool) -> Shape:
        """Building follows ``compute_pooling_output_shape``: an output size <= 0 raises. Real
        data goes through TF's pooling kernels instead, which compute the "valid" size as
        ``(size - pool + stride) / stride`` truncated toward zero and raise only when it is
        negative: MaxPooling1D(2) on 1 step gives an empty output, on a model it could not
        have been built with."""
        fmt = self.data_format
        if fmt is UNKNOWN:
            return (shape[0],) + (UNKNOWN,) * (self.rank + 1)
        out = list(shape)
        for i, ax in enumerate(spatial_axes(len(shape), fmt)):
            p = self.pool_size[i] if isinstance(self.pool_size, tuple) else UNKNOWN
            s = self.strides[i] if isinstance(self.strides, tuple) else UNKNOWN
            if eager:  # TF's kernels take int sizes: floats are truncated
                p, s = as_int(p), as_int(s)
                if (is_concrete(p) and p <= 0) or (is_concrete(s) and s <= 0):
                    raise LayerError(
                        "SL106",
                        f"{self.name}(pool_size={self.pool_size}, strides={self.strides}) fails on real "
                        "data: TF truncates them to integers, and a window or stride of 0 is invalid",
                        "strides",
                    )
            size = window_output(shape[ax], p, s, 1, self.padding)
            if is_concrete(size) and self.padding == "valid":  # "same" gives 0 for 0, no error
                if eager:
                    span = shape[ax] - p + s  # type: ignore[operator]
                    size = span // s if span >= 0 else -(-span // s)  # C++ division: toward zero
                if size < 0 or (size == 0 and not eager):  # type: ignore[operator]
                    raise nonpositive_output(self.name, shape, ax, shape[ax], p, s, 1, size, "pool_size")  # type: ignore[arg-type]
            out[ax] = size
        return tuple(out)


class BaseGlobalPooling(LayerRule):
    """``keras.src.layers.pooling.base_global_pooling.BaseGlobalPooling``."""

    rank: ClassVar[int] = 0
    family = "pooling"

    def __init__(self, args: Args) -> None:
        super().__init__(args)
        self.data_format = data_format_arg(args, pos=0)
        self.keepdims = args.flag("keepdims", False, pos=1)

    def input_spec(self) -> InputSpec:
        return InputSpec(ndim=self.rank + 2)

    def build(self, shape: Shape) -> Built:
        fmt, keep = self.data_format, self.keepdims
        if keep is UNKNOWN:
            return Built(UNKNOWN)
        if fmt is UNKNOWN:
            return Built((shape[0],) + (UNKNOWN,) * (self.rank + 1 if keep else 1))
        channels = shape[-1] if fmt == "channels_last" else shape[1]
        ones = (1,) * self.rank if keep else ()
        if fmt == "channels_last":
            return Built((shape[0], *ones, channels))
        return Built((shape[0], channels, *ones))


@register
class MaxPooling1D(BasePooling):
    name = "MaxPooling1D"
    rank = 1
    default_pool = 2


@register
class AveragePooling1D(BasePooling):
    name = "AveragePooling1D"
    rank = 1


@register
class GlobalMaxPooling1D(BaseGlobalPooling):
    name = "GlobalMaxPooling1D"
    rank = 1


@register
class GlobalAveragePooling1D(BaseGlobalPooling):
    name = "GlobalAveragePooling1D"
    rank = 1


@register
class MaxPooling2D(BasePooling):
    name = "MaxPooling2D"
    rank = 2
    default_pool = (2, 2)


@register
class AveragePooling2D(BasePooling):
    name = "AveragePooling2D"
    rank = 2


@register
class GlobalMaxPooling2D(BaseGlobalPooling):
    name = "GlobalMaxPooling2D"
    rank = 2


@register
class GlobalAveragePooling2D(BaseGlobalPooling):
    name = "GlobalAveragePooling2D"
    rank = 2


@register
class MaxPooling3D(BasePooling):
    name = "MaxPooling3D"
    rank = 3
    default_pool = (2, 2, 2)


@register
class AveragePooling3D(BasePooling):
    name = "AveragePooling3D"
    rank = 3


@register
class GlobalMaxPooling3D(BaseGlobalPooling):
    name = "GlobalMaxPooling3D"
    rank = 3


@register
class GlobalAveragePooling3D(BaseGlobalPooling):
    name = "GlobalAveragePooling3D"
    rank = 3
