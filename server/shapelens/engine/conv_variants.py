"""The other convolutions: Conv1D/2D/3DTranspose (``BaseConvTranspose``), SeparableConv1D/2D
(``BaseSeparableConv``) and DepthwiseConv1D/2D (``BaseDepthwiseConv``).

They differ from ``BaseConv`` (conv.py) in their arguments and in what Keras checks:

* none of them accepts ``padding="causal"``, not even the 1D ones;
* only the transposed convolutions reject ``strides > 1`` together with ``dilation_rate > 1``
  in the constructor; the separable and depthwise ones accept it (the output shape follows the
  usual formula, and TF runs it);
* a transposed convolution's output comes from ``compute_conv_transpose_output_shape``
  (``keras/src/backend/common/backend_utils.py``), computed in plain Python on the argument
  values: a float stride, dilation or output padding makes a float dimension, which Keras
  rejects ("Cannot convert ... to a shape") wherever the input size is known; a negative
  size is rejected too, a size of 0 is not;
* the separable and depthwise ones use ``compute_conv_output_shape`` (floats are floored there,
  as in ``BaseConv``), and the depthwise output has ``depth_multiplier * channels`` channels.

Every one of them wants a kernel with exactly as many axes as the input, so an input of
rank ``rank + 3`` fails although the InputSpec only says ``min_ndim=rank + 2``.
"""

from __future__ import annotations

from typing import Any, ClassVar

from .activations import activated, activation_arg
from .base import Args, Built, InputSpec, LayerError, LayerRule, register
from .conv import as_int, exact_rank, nonpositive_output, number_tuple, window_output
from .formats import channel_axis, data_format_arg, spatial_axes
from .shapes import UNKNOWN, Dim, Shape, _Unknown, cmul, count, dmul, is_concrete, known, shape_str

PADDINGS = ("valid", "same")


def _item(value: Any, i: int) -> Any:
    return value[i] if isinstance(value, tuple) else UNKNOWN


def _known_items(value: Any) -> list[Any]:
    return [v for v in value if v is not UNKNOWN] if isinstance(value, tuple) else []


def _arg(value: Any) -> Any:
    """A tuple argument as the user most likely wrote it (``2`` for ``(2, 2)``)."""
    return value[0] if isinstance(value, tuple) and len(set(value)) == 1 else value


def _bias(use_bias: Any, size: Any) -> Any:
    if use_bias is UNKNOWN:
        return UNKNOWN
    return size if use_bias else 0


def _truncated(value: Any) -> Any:
    return tuple(as_int(v) for v in value) if isinstance(value, tuple) else value


class _Conv(LayerRule):
    """What the three families share: rank, kernel, strides, dilation, padding, data format."""

    rank: ClassVar[int] = 0
    family = "convolutional"

    def input_spec(self) -> InputSpec:
        return InputSpec(min_ndim=self.rank + 2)

    def _channels(self, shape: Shape) -> Dim:
        return shape[channel_axis(self.data_format)]

    def _spec(self, channels: Dim) -> InputSpec:
        """After building, Keras also fixes the channel axis."""
        axes = {channel_axis(self.data_format): channels} if is_concrete(channels) else {}
        return InputSpec(min_ndim=self.rank + 2, axes=axes)

    def _assemble(self, shape: Shape, spatial: list[Dim], channels_out: Dim) -> Shape:
        if self.data_format == "channels_last":
            output: Shape = (shape[0], *spatial, channels_out)
        else:
            output = (shape[0], channels_out, *spatial)
        return activated(output, self.activation)  # glu: the last axis, whatever it holds

    def _window_spatial(self, shape: Shape, strides: Any, dilation: Any) -> list[Dim]:
        """``compute_conv_output_shape``'s spatial axes (separable, depthwise)."""
        spatial = []
        for i, ax in enumerate(spatial_axes(len(shape), self.data_format)):
            k, s, d = (_item(t, i) for t in (self.kernel_size, strides, dilation))
            out = window_output(shape[ax], k, s, d, self.padding)
            if is_concrete(out) and out <= 0 and self.padding == "valid":  # "same" gives 0 for 0
                raise nonpositive_output(self.name, shape, ax, shape[ax], k, s, d, out, "kernel_size")  # type: ignore[arg-type]
            spatial.append(out)
        return spatial

    def _window(self) -> Any:
        return UNKNOWN if not isinstance(self.kernel_size, tuple) else cmul(*self.kernel_size)


# ------------------------------------------------------------------------------ transposed


def transpose_output(size: Dim, kernel: Any, stride: Any, dilation: Any, padding: Any, output_padding: Any) -> Any:
    """``_get_output_shape_given_tf_padding`` line by line, in plain Python arithmetic (so a
    float argument gives a float, as in Keras). ``output_padding`` is None when not given."""
    if size is None:
        return None
    if not known(size, kernel, stride, dilation, padding, output_padding):
        return UNKNOWN
    kernel = (kernel - 1) * dilation + 1
    if padding == "valid":
        extra = max(kernel, stride) - kernel if output_padding is None else output_padding
        return (size - 1) * stride + kernel + extra
    if output_padding is None:
        return size * stride
    return (size - 1) * stride + kernel % 2 + output_padding


class BaseConvTranspose(_Conv):
    """``keras.src.layers.convolutional.base_conv_transpose.BaseConvTranspose``."""

    # Positions of output_padding and data_format: Conv3DTranspose swaps them.
    output_padding_pos: ClassVar[int] = 4
    data_format_pos: ClassVar[int] = 5

    def __init__(self, args: Args) -> None:
        super().__init__(args)
        n = self.rank
        self.filters = args.positive_int("filters", 0)
        self.kernel_size = args.int_tuple("kernel_size", n, pos=1)
        self.strides = number_tuple(args, "strides", n, 2, default=1)
        self.padding = args.choice("padding", PADDINGS, "valid", pos=3)
        if args.raw("output_padding", self.output_padding_pos, None) is None:
            self.output_padding: Any = None
        else:
            self.output_padding = number_tuple(args, "output_padding", n, self.output_padding_pos, allow_zero=True)
        self.data_format = data_format_arg(args, pos=self.data_format_pos)
        self.dilation_rate = number_tuple(args, "dilation_rate", n, 6, default=1)
        self.activation = activation_arg(args, pos=7)
        self.use_bias = args.flag("use_bias", True, pos=8)

        if isinstance(self.output_padding, tuple) and isinstance(self.strides, tuple):
            for op, s in zip(self.output_padding, self.strides, strict=False):
                if known(op, s) and op >= s:
                    raise LayerError(
                        "SL106",
                        f"{self.name}(output_padding={_arg(self.output_padding)}, strides={_arg(self.strides)}) "
                        "is rejected by Keras: each output_padding must be strictly less than the stride "
                        "on its axis",
                        "output_padding",
                    )
        strides, dilation = _known_items(self.strides), _known_items(self.dilation_rate)
        if strides and dilation and max(strides) > 1 and max(dilation) > 1:
            raise LayerError(
                "SL106",
                f"{self.name}(strides={_arg(self.strides)}, dilation_rate={_arg(self.dilation_rate)}) "
                "is rejected by Keras: strides > 1 cannot be combined with dilation_rate > 1",
                "dilation_rate",
            )

    def build(self, shape: Shape) -> Built:
        # compute_conv_transpose_output_shape indexes kernel_size per spatial axis of the input.
        exact_rank(self.name, self.rank, shape)
        if self.data_format is UNKNOWN:
            return Built((shape[0],) + (UNKNOWN,) * (self.rank + 1), UNKNOWN, 0)
        channels = self._channels(shape)
        self.require_defined(channels, "channel axis")
        spatial: list[Dim] = []
        for i, ax in enumerate(spatial_axes(len(shape), self.data_format)):
            op = None if self.output_padding is None else _item(self.output_padding, i)
            k, s, d = (_item(t, i) for t in (self.kernel_size, self.strides, self.dilation_rate))
            out = transpose_output(shape[ax], k, s, d, self.padding, op)
            if isinstance(out, float):
                raise LayerError(
                    "SL106",
                    f"{self.name}: a float in strides={_arg(self.strides)}, dilation_rate="
                    f"{_arg(self.dilation_rate)} or output_padding={_arg(self.output_padding)} makes the "
                    f"output size on axis {ax} of the input {shape_str(shape)} the float {out}, which "
                    "Keras rejects as a shape: use integers",
                    "strides",
                )
            if is_concrete(out) and out < 0:  # type: ignore[operator]
                raise LayerError(
                    "SL105",
                    f"{self.name}: axis {ax} of the input {shape_str(shape)} is {shape[ax]} long, and with "
                    f"kernel_size={k}, strides={s}, padding='{self.padding}' and output_padding={op} "
                    f"the output size would be {out}",
                    "output_padding",
                )
            spatial.append(out)
        output = self._assemble(shape, spatial, self.filters)
        kernel = cmul(self._window(), self.filters, channels)
        return Built(output, count(kernel, _bias(self.use_bias, self.filters)), 0, self._spec(channels))


@register
class Conv1DTranspose(BaseConvTranspose):
    name = "Conv1DTranspose"
    rank = 1


@register
class Conv2DTranspose(BaseConvTranspose):
    name = "Conv2DTranspose"
    rank = 2


@register
class Conv3DTranspose(BaseConvTranspose):
    name = "Conv3DTranspose"
    rank = 3
    data_format_pos = 4
    output_padding_pos = 5


# ------------------------------------------------------------------------------ separable / depthwise


class _WindowConv(_Conv):
    """Separable and depthwise: ``compute_conv_output_shape``, and TF truncating float strides
    and dilation rates on real data."""

    def _common(self, args: Args, strides: int, padding: int, data_format: int, dilation: int) -> None:
        n = self.rank
        self.strides = number_tuple(args, "strides", n, strides, default=1)
        self.padding = args.choice("padding", PADDINGS, "valid", pos=padding)
        self.data_format = data_format_arg(args, pos=data_format)
        self.dilation_rate = number_tuple(args, "dilation_rate", n, dilation, default=1)

    def build(self, shape: Shape) -> Built:
        return self._build(shape, self.strides, self.dilation_rate)

    def _build(self, shape: Shape, strides: Any, dilation: Any) -> Built:
        raise NotImplementedError

    def call(self, shape: Shape) -> Shape | _Unknown:
        """Real data (``keras/src/backend/tensorflow/nn.py``): TF takes the dilation rates as an
        int32 tensor, which a float (even 1.0) cannot become. With a stride > 1 and a dilation
        > 1 Keras runs a dilated stride-1 convolution and slices it with ``[::stride]``, where
        a float stride fails too; otherwise TF's kernel truncates float strides to ints.

        (With TF_ENABLE_ONEDNN_OPTS=0, TF's CPU kernel also rejects unequal strides in 2D; the
        default oneDNN kernels run them, so the rule does not report that.)"""
        dilation, strides = _known_items(self.dilation_rate), _known_items(self.strides)
        if any(isinstance(d, float) for d in dilation):
            raise LayerError(
                "SL106",
                f"{self.name}(dilation_rate={_arg(self.dilation_rate)}) builds, but fails on real data: "
                "TF needs integer dilation rates for depthwise convolutions",
                "dilation_rate",
            )
        decomposed = any(s > 1 for s in strides) and any(d > 1 for d in dilation)
        if decomposed and any(isinstance(s, float) for s in strides):
            raise LayerError(
                "SL106",
                f"{self.name}(strides={_arg(self.strides)}, dilation_rate={_arg(self.dilation_rate)}) "
                "builds, but fails on real data: with a dilation > 1 Keras slices the output with "
                "the strides, which must then be integers",
                "strides",
            )
        truncated = _truncated(self.strides)
        if 0 in _known_items(truncated):
            raise LayerError(
                "SL106",
                f"{self.name}(strides={_arg(self.strides)}) fails on real data: TF truncates the "
                "strides to integers, and 0 is invalid",
                "strides",
            )
        if self.padding != "valid" or self.data_format is UNKNOWN:
            return self._build(shape, truncated, self.dilation_rate).output
        # padding="valid" on real data: TF's kernel computes (size - span + stride) / stride,
        # truncated toward zero, and fails only when that is negative (an empty output is no
        # error); the decomposed path runs a stride-1 convolution, then slices with [::stride].
        exact_rank(self.name, self.rank, shape)
        sizes: dict[int, int] = {}
        for i, ax in enumerate(spatial_axes(len(shape), self.data_format)):
            size = shape[ax]
            k, s, d = (_item(t, i) for t in (self.kernel_size, truncated, self.dilation_rate))
            if not (is_concrete(size) and known(k, s, d)):
                continue
            span = d * (k - 1) + 1
            if decomposed:
                v = size - span + 1
                out: int | None = -(-v // s) if v >= 0 else None
            else:
                v = size - span + s
                out = v // s if v >= 0 else (0 if -v < s else None)
            if out is None:
                raise nonpositive_output(self.name, shape, ax, size, k, s, d, (size - span) // s + 1, "kernel_size")
            sizes[ax] = out
        blank = tuple(None if ax in sizes else dim for ax, dim in enumerate(shape))
        built = self._build(blank, truncated, self.dilation_rate).output
        if not isinstance(built, tuple):
            return built
        return tuple(sizes[ax] if ax in sizes and built[ax] is not UNKNOWN else dim for ax, dim in enumerate(built))

    def _channels_defined(self, shape: Shape) -> Dim:
        channels = self._channels(shape)
        if channels is None:
            # Keras computes depth_multiplier * channels (a TypeError) before any weight.
            raise LayerError(
                "SL102",
                f"{self.name} needs a defined channel axis (it has depth_multiplier * channels "
                f"outputs), but it is None in the input {shape_str(shape)}; give the model input a "
                "fixed size on that axis",
            )
        return channels


class BaseSeparableConv(_WindowConv):
    """``keras.src.layers.convolutional.base_separable_conv.BaseSeparableConv``."""

    def __init__(self, args: Args) -> None:
        super().__init__(args)
        self.filters = args.positive_int("filters", 0)
        self.kernel_size = args.int_tuple("kernel_size", self.rank, pos=1)
        self._common(args, strides=2, padding=3, data_format=4, dilation=5)
        self.depth_multiplier = args.positive_int("depth_multiplier", 6, default=1)
        self.activation = activation_arg(args, pos=7)
        self.use_bias = args.flag("use_bias", True, pos=8)

    def _build(self, shape: Shape, strides: Any, dilation: Any) -> Built:
        exact_rank(self.name, self.rank, shape)
        if self.data_format is UNKNOWN:
            return Built((shape[0],) + (UNKNOWN,) * (self.rank + 1), UNKNOWN, 0)
        channels = self._channels_defined(shape)
        spatial = self._window_spatial(shape, strides, dilation)
        output = self._assemble(shape, spatial, self.filters)
        depthwise = cmul(self._window(), channels, self.depth_multiplier)
        pointwise = cmul(dmul(self.depth_multiplier, channels), self.filters)
        params = count(depthwise, pointwise, _bias(self.use_bias, self.filters))
        return Built(output, params, 0, self._spec(channels))


@register
class SeparableConv1D(BaseSeparableConv):
    name = "SeparableConv1D"
    rank = 1


@register
class SeparableConv2D(BaseSeparableConv):
    name = "SeparableConv2D"
    rank = 2


class BaseDepthwiseConv(_WindowConv):
    """``keras.src.layers.convolutional.base_depthwise_conv.BaseDepthwiseConv``."""

    def __init__(self, args: Args) -> None:
        super().__init__(args)
        self.kernel_size = args.int_tuple("kernel_size", self.rank, pos=0)
        self._common(args, strides=1, padding=2, data_format=4, dilation=5)
        self.depth_multiplier = args.positive_int("depth_multiplier", 3, default=1)
        self.activation = activation_arg(args, pos=6)
        self.use_bias = args.flag("use_bias", True, pos=7)

    def _build(self, shape: Shape, strides: Any, dilation: Any) -> Built:
        exact_rank(self.name, self.rank, shape)
        if self.data_format is UNKNOWN:
            return Built((shape[0],) + (UNKNOWN,) * (self.rank + 1), UNKNOWN, 0)
        channels = self._channels_defined(shape)
        out_channels = dmul(self.depth_multiplier, channels)
        spatial = self._window_spatial(shape, strides, dilation)
        output = self._assemble(shape, spatial, out_channels)
        kernel = cmul(self._window(), channels, self.depth_multiplier)
        params = count(kernel, _bias(self.use_bias, cmul(out_channels)))
        return Built(output, params, 0, self._spec(channels))


@register
class DepthwiseConv1D(BaseDepthwiseConv):
    name = "DepthwiseConv1D"
    rank = 1


@register
class DepthwiseConv2D(BaseDepthwiseConv):
    name = "DepthwiseConv2D"
    rank = 2
