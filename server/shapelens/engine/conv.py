"""Convolution layers: Conv1D, Conv2D, Conv3D (Keras's ``BaseConv``).

Keras validates the arguments in ``BaseConv.__init__`` and the input in ``build`` and
``compute_conv_output_shape`` (``keras/src/ops/operation_utils.py``); the rules below follow
the same checks in the same places.
"""

from __future__ import annotations

import math
from typing import Any, ClassVar

from .activations import activated, activation_arg
from .base import Args, Built, InputSpec, LayerError, LayerRule, _rank_error, register
from .formats import channel_axis, data_format_arg, spatial_axes
from .shapes import UNKNOWN, Dim, Shape, _Unknown, cmul, count, is_concrete, known, shape_str


def window_output(size: Dim, window: Any, stride: Any, dilation: Any, padding: Any) -> Dim:
    """Output length of a sliding window along one axis, as ``compute_conv_output_shape`` and
    ``compute_pooling_output_shape`` compute it. None stays None; a size or argument the
    analysis cannot see gives UNKNOWN. "causal" pads like "same".

    Returns a possibly non-positive int for "valid": the caller decides whether to raise.
    """
    if size is None:
        return None
    if not known(size, window, stride, dilation, padding):
        return UNKNOWN
    span = size - dilation * (window - 1) - 1 if padding == "valid" else size - 1
    return _floordiv(span, stride) + 1


def _floordiv(a: Any, b: Any) -> int:
    """``np.floor(a / b)`` as Keras computes it; exact for ints, float division otherwise
    (strides and pool sizes may be floats, see ``number_tuple``)."""
    if isinstance(a, int) and isinstance(b, int):
        return a // b
    return math.floor(a / b)


def number_tuple(args: Args, name: str, n: int, pos: int | None, default: Any = None, allow_zero: bool = False) -> Any:
    """Keras's ``standardize_tuple`` exactly: an int (bools are ints) becomes an n-tuple; a
    tuple or list of n entries is kept as it is as long as ``int(entry)`` works, so floats
    such as ``(h / 2, w / 2)`` pass (they work for strides, dilation and pooling; a float
    ``kernel_size`` only fails later, when the kernel weight is created). Entries must be
    > 0 (>= 0 with allow_zero). Returns a tuple (entries may be UNKNOWN) or UNKNOWN."""
    value = args.raw(name, pos, default) if default is not None else args.raw(name, pos)
    if value is UNKNOWN:
        return UNKNOWN
    if isinstance(value, int):
        items: tuple[Any, ...] = (value,) * n
    elif isinstance(value, (tuple, list)) and len(value) == n:
        items = tuple(value)
        for item in items:
            if item is not UNKNOWN and not (isinstance(item, (int, float)) and math.isfinite(item)):
                raise args.invalid(name, value, f"a tuple of {n} numbers")
    else:
        raise args.invalid(name, value, f"an integer or a tuple of {n} integers")
    for item in items:
        if item is not UNKNOWN and (item < 0 or (item == 0 and not allow_zero)):
            raise args.invalid(name, value, f"values {'>= 0' if allow_zero else '> 0'}")
    return items


def as_int(value: Any) -> Any:
    """The int TF's kernels use for a (possibly float) stride or window size: truncated."""
    return value if value is UNKNOWN else int(value)


def nonpositive_output(
    layer: str, shape: Shape, axis: int, size: int, window: int, stride: int, dilation: int,
    out: int, window_arg: str,
) -> LayerError:
    spans = f" (dilation_rate={dilation}: it spans {dilation * (window - 1) + 1})" if dilation != 1 else ""
    return LayerError(
        "SL105",
        f"{layer}: with padding='valid', {window_arg}={window}{spans} and strides={stride} do not fit "
        f"axis {axis} of the input {shape_str(shape)}, which is only {size} long: the output size "
        f"would be {out}. Use padding='same' or a smaller {window_arg}",
        window_arg,
    )


def exact_rank(layer: str, rank: int, shape: Shape) -> None:
    """Keras's ``compute_conv_output_shape`` rejects inputs with more than ``rank + 2`` axes
    (the kernel must have as many axes as the input) even though the InputSpec says min_ndim."""
    if len(shape) != rank + 2:
        raise _rank_error(layer, f"exactly {rank + 2}", shape)


class BaseConv(LayerRule):
    """``keras.src.layers.convolutional.base_conv.BaseConv``."""

    rank: ClassVar[int] = 0
    family = "convolutional"

    def __init__(self, args: Args) -> None:
        super().__init__(args)
        n = self.rank
        self.filters = args.positive_int("filters", 0)
        self.kernel_size = args.int_tuple("kernel_size", n, pos=1)
        self.strides = number_tuple(args, "strides", n, 2, default=1)
        paddings = ("valid", "same", "causal") if n == 1 else ("valid", "same")
        self.padding = args.choice("padding", paddings, "valid", pos=3)
        self.data_format = data_format_arg(args, pos=4)
        self.dilation_rate = number_tuple(args, "dilation_rate", n, 5, default=1)
        self.groups = args.positive_int("groups", 6, default=1)
        self.activation = activation_arg(args, pos=7)
        self.use_bias = args.flag("use_bias", True, pos=8)

        if known(self.filters, self.groups) and self.filters % self.groups:
            raise LayerError(
                "SL106",
                f"{self.name}(filters={self.filters}, groups={self.groups}) is rejected by Keras: "
                "filters must be divisible by groups",
                "groups",
            )
        strides = _known_items(self.strides)
        dilation = _known_items(self.dilation_rate)
        if strides and dilation and max(strides) > 1 and max(dilation) > 1:
            raise LayerError(
                "SL106",
                f"{self.name}(strides={_arg(self.strides)}, dilation_rate={_arg(self.dilation_rate)}) "
                "is rejected by Keras: strides > 1 cannot be combined with dilation_rate > 1",
                "dilation_rate",
            )

    def input_spec(self) -> InputSpec:
        return InputSpec(min_ndim=self.rank + 2)

    def build(self, shape: Shape) -> Built:
        return self._build(shape, self.strides, self.dilation_rate)

    def _build(self, shape: Shape, strides: Any, dilation_rate: Any) -> Built:
        exact_rank(self.name, self.rank, shape)
        fmt = self.data_format
        if fmt is UNKNOWN:
            return Built((shape[0],) + (UNKNOWN,) * (self.rank + 1), UNKNOWN, 0)
        axis = channel_axis(fmt)
        channels = shape[axis]
        self.require_defined(channels, "channel axis")
        if known(channels, self.groups) and channels % self.groups:
            raise LayerError(
                "SL102",
                f"{self.name}(groups={self.groups}) needs input channels divisible by groups, but "
                f"the input {shape_str(shape)} has {channels} channels",
                "groups",
            )

        spatial = []
        for i, ax in enumerate(spatial_axes(len(shape), fmt)):
            k, s, d = (_item(t, i) for t in (self.kernel_size, strides, dilation_rate))
            out = window_output(shape[ax], k, s, d, self.padding)
            if is_concrete(out) and out <= 0 and self.padding == "valid":  # "same" gives 0 for 0
                raise nonpositive_output(self.name, shape, ax, shape[ax], k, s, d, out, "kernel_size")  # type: ignore[arg-type]
            spatial.append(out)
        if fmt == "channels_last":
            output: Shape = (shape[0], *spatial, self.filters)
        else:
            output = (shape[0], self.filters, *spatial)
        output = activated(output, self.activation)  # glu: the last axis, whatever it holds

        per_group = UNKNOWN if not known(channels, self.groups) else channels // self.groups  # type: ignore[operator]
        window = UNKNOWN if not isinstance(self.kernel_size, tuple) else cmul(*self.kernel_size)
        kernel = cmul(window, per_group, self.filters)  # type: ignore[arg-type]
        bias = UNKNOWN if self.use_bias is UNKNOWN else (self.filters if self.use_bias else 0)
        spec = InputSpec(min_ndim=self.rank + 2, axes={axis: channels} if is_concrete(channels) else {})
        return Built(output, count(kernel, bias), 0, spec)

    def call(self, shape: Shape) -> Shape | _Unknown:
        """Real data: as when building, except that TF's kernels truncate float strides and
        dilation rates to ints, and that TF's conv1d takes extra leading axes as batch axes,
        so a channels_last Conv1D (not causal: its padding op is rank-3 only) also accepts
        data with exactly one axis more than it was built for."""
        strides, dilation = _truncated(self.strides), _truncated(self.dilation_rate)
        if 0 in _known_items(strides) or 0 in _known_items(dilation):
            raise LayerError(
                "SL106",
                f"{self.name}(strides={_arg(self.strides)}, dilation_rate={_arg(self.dilation_rate)}) "
                "fails on real data: TF truncates them to integers, and 0 is invalid",
                "strides",
            )
        if (
            self.rank == 1
            and len(shape) == 4
            and self.data_format == "channels_last"
            and self.padding in ("valid", "same")
        ):
            out = self._build(shape[1:], strides, dilation).output
            return (shape[0], *out) if isinstance(out, tuple) else UNKNOWN
        return self._build(shape, strides, dilation).output


def _truncated(value: Any) -> Any:
    return tuple(as_int(v) for v in value) if isinstance(value, tuple) else value


def _item(value: Any, i: int) -> Any:
    return value[i] if isinstance(value, tuple) else UNKNOWN


def _known_items(value: Any) -> list[Any]:
    return [v for v in value if v is not UNKNOWN] if isinstance(value, tuple) else []


def _arg(value: Any) -> Any:
    return value[0] if isinstance(value, tuple) and len(set(value)) == 1 else value


@register
class Conv1D(BaseConv):
    name = "Conv1D"
    rank = 1


@register
class Conv2D(BaseConv):
    name = "Conv2D"
    rank = 2


@register
class Conv3D(BaseConv):
    name = "Conv3D"
    rank = 3
