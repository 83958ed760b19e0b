"""Convolutional LSTMs: ConvLSTM1D, ConvLSTM2D, ConvLSTM3D (``keras/src/layers/rnn/conv_lstm.py``).

An ``RNN`` over a ``ConvLSTMCell``: the input is ``(batch, time, *spatial, channels)`` (or
``(batch, time, channels, *spatial)``), each step a convolution with ``4 * filters`` output
channels (the four LSTM gates), the state a ``same``-padded convolution over the output. Where
Keras checks what:

* the cell's constructor: ``strides`` may contain 0 (``allow_zero=True``; the output shape then
  divides by zero when the layer is built), ``strides > 1`` with ``dilation_rate > 1`` raises,
  ``padding`` is ``valid`` or ``same`` (no ``causal``), ``filters`` is not validated at all
  (0 builds a layer with no weights; negative sizes fail when the weights are made);
* the cell's ``build``: every spatial axis and the channel axis must be known (the time axis
  may be None);
* ``compute_conv_output_shape``: padding ``valid`` must leave a positive size.

Like the other recurrent layers, ``return_state=True`` returns ``[output, h, c]``: the rule
builds to ``Built(output=UNKNOWN)`` and sets ``returns_state`` (see recurrent.py).
"""

from __future__ import annotations

import math
from typing import Any, ClassVar

from .activations import activation_arg
from .base import Args, Built, InputSpec, LayerError, LayerRule, register
from .conv import as_int, nonpositive_output, number_tuple, window_output
from .formats import data_format_arg
from .shapes import UNKNOWN, Dim, Shape, _Unknown, cmul, count, is_concrete, shape_str


def _item(value: Any, i: int) -> Any:
    return value[i] if isinstance(value, tuple) else UNKNOWN


def _known_items(value: Any) -> list[Any]:
    return [v for v in value if v is not UNKNOWN] if isinstance(value, tuple) else []


def _arg(value: Any) -> Any:
    return value[0] if isinstance(value, tuple) and len(set(value)) == 1 else value


def _truncated(value: Any) -> Any:
    return tuple(as_int(v) for v in value) if isinstance(value, tuple) else value


def _rate(args: Args, name: str) -> None:
    """``min(1.0, max(0.0, dropout))``: any number passes (it is clipped), anything else raises."""
    value = args.raw(name, None, 0.0)
    if value is not UNKNOWN and not (isinstance(value, (int, float)) and not math.isnan(value)):
        raise args.invalid(name, value, "a number (Keras clips it to [0, 1])")


class ConvLSTM(LayerRule):
    """``keras.src.layers.rnn.conv_lstm.ConvLSTM``."""

    rank: ClassVar[int] = 0
    family = "recurrent"
    state_count: ClassVar[int] = 2  # return_state=True appends h and c
    # Unlike LSTM, ConvLSTM does not pass trainable= to its cell, which makes the weights:
    # trainable=False empties the layer's own trainable_weights, but a model (or a wrapper)
    # counts the weights, and trains them, as trainable.
    frozen_weights_stay_trainable: ClassVar[bool] = True

    def __init__(self, args: Args) -> None:
        super().__init__(args)
        n = self.rank
        filters = args.raw("filters", 0)
        if filters is not UNKNOWN and not (isinstance(filters, int) and not isinstance(filters, bool) and filters >= 0):
            raise args.invalid("filters", filters, "a non-negative integer")
        self.filters = filters
        self.kernel_size = args.int_tuple("kernel_size", n, pos=1)
        self.strides = number_tuple(args, "strides", n, 2, default=1, allow_zero=True)
        self.padding = args.choice("padding", ("valid", "same"), "valid", pos=3)
        self.data_format = data_format_arg(args, pos=4)
        self.dilation_rate = number_tuple(args, "dilation_rate", n, 5, default=1)
        strides, dilation = _known_items(self.strides), _known_items(self.dilation_rate)
        if strides and dilation and max(strides) > 1 and max(dilation) > 1:
            raise LayerError(
                "SL106",
                f"{self.name}(strides={_arg(self.strides)}, dilation_rate={_arg(self.dilation_rate)}) "
                "is rejected by Keras: strides > 1 cannot be combined with dilation_rate > 1",
                "dilation_rate",
            )
        self.activation = activation_arg(args, pos=6)
        if not args.has("activation", 6):
            self.activation = "tanh"
        self.recurrent_activation = activation_arg(args, "recurrent_activation", pos=7)
        self.use_bias = args.flag("use_bias", True, pos=8)
        _rate(args, "dropout")
        _rate(args, "recurrent_dropout")
        self.return_sequences = args.flag("return_sequences", False)
        self.return_state = args.flag("return_state", False)
        self.go_backwards = args.flag("go_backwards", False)
        self.stateful = args.flag("stateful", False)
        self.recurrent_initializer = args.raw("recurrent_initializer", 10, "orthogonal")

    def _orthogonal_in_bfloat16(self) -> bool:
        """The default recurrent initializer, ``orthogonal``, takes a QR decomposition, which TF
        has for float16/32/64 but not bfloat16: with ``dtype="bfloat16"`` (variables in bfloat16;
        ``mixed_bfloat16`` keeps them in float32) the layer fails when its weights are made."""
        init = self.recurrent_initializer
        return (
            self.args.kwargs.get("dtype") == "bfloat16"
            and isinstance(init, str)
            and init.lower().replace("_", "") in ("orthogonal", "orthogonalinitializer")
        )

    @property
    def returns_state(self) -> Any:
        """True when Keras returns ``[output, h, c]`` (UNKNOWN if we cannot tell)."""
        return self.return_state

    @property
    def breaks_at_run_time(self) -> bool:
        """glu halves the channel axis inside the cell, where the gates are then combined: Keras
        builds the layer, real data mostly fails. We claim no shapes for it."""
        return "glu" in (self.activation, self.recurrent_activation)

    def input_spec(self) -> InputSpec:
        return InputSpec(ndim=self.rank + 3)

    def _step_output(self, shape: Shape, strides: Any, dilation: Any) -> Shape | _Unknown:
        """The state shape without the batch axis: ``cell.compute_output_shape(step)[0][1:]``."""
        fmt = self.data_format
        if fmt is UNKNOWN:
            return (UNKNOWN,) * (self.rank + 1)
        first = 3 if fmt == "channels_first" else 2
        spatial: list[Dim] = []
        for i in range(self.rank):
            ax = first + i
            size = shape[ax]
            k, s, d = (_item(t, i) for t in (self.kernel_size, strides, dilation))
            if s == 0 and is_concrete(size):
                raise LayerError(
                    "SL106",
                    f"{self.name}(strides={_arg(self.strides)}) passes the constructor, but Keras "
                    "divides by the stride when the layer is built: strides must be positive",
                    "strides",
                )
            out = window_output(size, k, s, d, self.padding)
            if is_concrete(out) and out <= 0 and self.padding == "valid":
                raise nonpositive_output(self.name, shape, ax, size, k, s, d, out, "kernel_size")  # type: ignore[arg-type]
            spatial.append(out)
        if fmt == "channels_last":
            return (*spatial, self.filters)
        return (self.filters, *spatial)

    def build(self, shape: Shape) -> Built:
        return self._build(shape, self.strides, self.dilation_rate)

    def _build(self, shape: Shape, strides: Any, dilation: Any) -> Built:
        if self.stateful and shape[0] is None:
            raise LayerError(
                "SL102",
                f"{self.name}(stateful=True) needs a fixed batch size, but its input "
                f"{shape_str(shape)} has batch size None; use keras.Input(batch_shape=(batch, ...))",
                "stateful",
            )
        fmt = self.data_format
        if fmt is UNKNOWN:
            channels: Dim = UNKNOWN
        else:
            spatial_in = shape[3:] if fmt == "channels_first" else shape[2:-1]
            if None in spatial_in:
                raise LayerError(
                    "SL102",
                    f"{self.name} needs every spatial axis of its input defined, but the input "
                    f"{shape_str(shape)} has a None one; only the batch and time axes may be None",
                )
            channels = shape[2] if fmt == "channels_first" else shape[-1]
            self.require_defined(channels, "channel axis")
        state = self._step_output(shape, strides, dilation)
        if self._orthogonal_in_bfloat16():
            raise LayerError(
                "SL106",
                f"{self.name}(dtype='bfloat16') fails when Keras makes its weights: the default "
                "recurrent_initializer='orthogonal' needs a QR decomposition, which TensorFlow does not "
                "have for bfloat16; use dtype='mixed_bfloat16' or another recurrent_initializer",
                "dtype",
            )
        window = UNKNOWN if not isinstance(self.kernel_size, tuple) else cmul(*self.kernel_size)
        gates = cmul(4, self.filters)
        kernel = cmul(window, channels, gates)
        recurrent = cmul(window, self.filters, gates)
        bias: Any = UNKNOWN if self.use_bias is UNKNOWN else (gates if self.use_bias else 0)
        output = UNKNOWN if self.return_state is not False else self.output_shape(shape, state)
        return Built(output, count(kernel, recurrent, bias), 0, InputSpec(ndim=self.rank + 3))

    def output_shape(self, shape: Shape, state: Any = None) -> Shape | _Unknown:
        """The main output, whether or not states are returned too."""
        if state is None:
            state = self._step_output(shape, self.strides, self.dilation_rate)
        if self.return_sequences is UNKNOWN or self.breaks_at_run_time or not isinstance(state, tuple):
            return UNKNOWN
        if self.return_sequences:
            return (shape[0], shape[1], *state)
        return (shape[0], *state)

    def outputs(self, shape: Shape) -> tuple[Shape | _Unknown, ...]:
        """Every tensor the layer returns for ``return_state=True``: output, h, c."""
        step = self._step_output(shape, self.strides, self.dilation_rate)
        state = UNKNOWN if self.breaks_at_run_time else (shape[0], *step)
        return (self.output_shape(shape), *[state] * self.state_count)

    def call(self, shape: Shape) -> Shape | _Unknown:
        """Real data: the convolutions truncate float strides and dilation rates, while the
        initial state keeps the shape computed with the floats; where the two differ, the
        gates cannot be added and TF raises."""
        built = self.build(shape).output
        strides, dilation = _truncated(self.strides), _truncated(self.dilation_rate)
        if (strides, dilation) == (self.strides, self.dilation_rate):
            return built
        if 0 in _known_items(strides) or 0 in _known_items(dilation) or self._step_output(
                shape, strides, dilation) != self._step_output(shape, self.strides, self.dilation_rate):
            raise LayerError(
                "SL106",
                f"{self.name}(strides={_arg(self.strides)}, dilation_rate={_arg(self.dilation_rate)}) "
                "fails on real data: TF truncates float strides and dilation rates to integers, and "
                "the state (computed with the floats) no longer matches the convolution's output",
                "strides",
            )
        return built


@register
class ConvLSTM1D(ConvLSTM):
    name = "ConvLSTM1D"
    rank = 1


@register
class ConvLSTM2D(ConvLSTM):
    name = "ConvLSTM2D"
    rank = 2


@register
class ConvLSTM3D(ConvLSTM):
    name = "ConvLSTM3D"
    rank = 3
