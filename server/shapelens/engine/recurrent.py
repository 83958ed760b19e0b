"""Recurrent layers: SimpleRNN, LSTM, GRU (Keras's ``RNN`` wrapping a cell).

``return_state=True`` makes Keras return a list ``[output, *states]`` instead of one tensor;
inside a Sequential the next layer then receives several tensors and raises. The engine does
not model lists: such a layer builds to ``Built(output=UNKNOWN)`` (parameters still counted)
and carries ``returns_state = True`` so that the analysis can report it; ``outputs(shape)``
gives the shapes of every tensor in the list for a message.
"""

from __future__ import annotations

from typing import Any, ClassVar

from .activations import activation_arg
from .base import Args, Built, InputSpec, LayerError, LayerRule, register
from .shapes import UNKNOWN, Shape, _Unknown, cmul, count, is_concrete, shape_str


class BaseRNN(LayerRule):
    """``keras.src.layers.rnn.rnn.RNN`` with one of the built-in cells."""

    family = "recurrent"
    gates: ClassVar[int] = 1  # kernel width in units: 1 SimpleRNN, 4 LSTM, 3 GRU
    state_count: ClassVar[int] = 1  # tensors appended to the output by return_state=True
    gated: ClassVar[bool] = False  # LSTM/GRU take recurrent_activation at position 2

    def __init__(self, args: Args) -> None:
        super().__init__(args)
        self.units = args.positive_int("units", 0)
        self.activation = activation_arg(args, pos=1)
        self.recurrent_activation = activation_arg(args, "recurrent_activation", pos=2) if self.gated else None
        self.use_bias = args.flag("use_bias", True, pos=3 if self.gated else 2)
        self.return_sequences = args.flag("return_sequences", False)
        self.return_state = args.flag("return_state", False)
        self.go_backwards = args.flag("go_backwards", False)
        self.stateful = args.flag("stateful", False)
        self.unroll = args.flag("unroll", False)
        if self.gated:
            cudnn = args.raw("use_cudnn", None, "auto")
            if cudnn is not UNKNOWN and cudnn not in ("auto", True, False):
                raise args.invalid("use_cudnn", cudnn, "'auto', True or False")

    @property
    def returns_state(self) -> Any:
        """True when Keras returns ``[output, *states]`` (UNKNOWN if we cannot tell)."""
        return self.return_state

    def input_spec(self) -> InputSpec:
        return InputSpec(ndim=3)

    def bias_size(self) -> Any:
        """Bias length in units (without the use_bias switch)."""
        return self.gates

    def build(self, shape: Shape) -> Built:
        if self.stateful and shape[0] is None:
            raise LayerError(
                "SL102",
                f"{self.name}(stateful=True) needs a fixed batch size, but its input "
                f"{shape_str(shape)} has batch size None; use keras.Input(batch_shape=(batch, ...))",
                "stateful",
            )
        features = shape[-1]
        self.require_defined(features, "feature axis (the last input axis)")
        u = self.units
        kernel = cmul(features, self.gates, u)
        recurrent = cmul(u, self.gates, u)
        bias_units = self.bias_size()
        if self.use_bias is UNKNOWN:
            bias: Any = UNKNOWN
        else:
            bias = cmul(bias_units, u) if self.use_bias else 0
        output = self.output_shape(shape)
        if self.return_state is not False:
            output = UNKNOWN
        axes = {-1: features} if is_concrete(features) else {}
        if self.stateful and is_concrete(shape[0]):
            axes[0] = shape[0]  # Keras checks the batch size of a stateful RNN on every call
        spec = InputSpec(ndim=3, axes=axes)
        return Built(output, count(kernel, recurrent, bias), 0, spec)

    @property
    def breaks_at_run_time(self) -> bool:
        """glu halves the units inside the cell: Keras builds the layer, and the first real
        batch fails on a shape mismatch. We claim no shapes for it."""
        return "glu" in (self.activation, self.recurrent_activation)

    def output_shape(self, shape: Shape) -> Shape | _Unknown:
        """The main output, whether or not states are returned too."""
        if self.return_sequences is UNKNOWN or self.breaks_at_run_time:
            return UNKNOWN
        if self.return_sequences:
            return (shape[0], shape[1], self.units)
        return (shape[0], self.units)

    def outputs(self, shape: Shape) -> tuple[Shape | _Unknown, ...]:
        """Every tensor the layer returns for ``return_state=True``: output, then the states."""
        state = UNKNOWN if self.breaks_at_run_time else (shape[0], self.units)
        return (self.output_shape(shape), *[state] * self.state_count)


@register
class SimpleRNN(BaseRNN):
    name = "SimpleRNN"


@register
class LSTM(BaseRNN):
    name = "LSTM"
    gates = 4
    state_count = 2
    gated = True


@register
class GRU(BaseRNN):
    name = "GRU"
    gates = 3
    gated = True

    def __init__(self, args: Args) -> None:
        super().__init__(args)
        self.reset_after = args.flag("reset_after", True)

    def bias_size(self) -> Any:
        """reset_after=True keeps separate input and recurrent biases: shape (2, 3 * units)."""
        if self.reset_after is UNKNOWN:
            return UNKNOWN
        return 6 if self.reset_after else 3

