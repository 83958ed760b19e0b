"""Hypothesis strategies for the transposed, separable and depthwise convolutions, the
convolutional LSTMs and the wrappers (Bidirectional, TimeDistributed).

Same conventions as ``strategies.py`` (whose building blocks are reused): good and bad values
per parameter, cases usually plausible and sometimes hostile. The bad values include the ones
Keras only rejects when the layer is built (a float stride of a transposed convolution, a
ConvLSTM stride of 0, an output_padding not below the stride).

The wrappers take a layer as their argument. A ``Case`` holds plain values, so their cases
describe the wrapped layer as a ``Layer`` (kind, args, kwargs) inside ``args``/``kwargs``;
``test_layers_conv_variants.materialize`` turns it into a Keras layer on one side and the
engine's rule (``make_layer``) on the other. ``harness.compare`` cannot run such cases (it
would hand the description itself to both constructors), which is why these are compared by
``test_layers_conv_variants.compare_nested``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from hypothesis import strategies as st

from .harness import Case
from .strategies import (
    ACTIVATIONS,
    BAD_ACTIVATIONS,
    BAD_DATA_FORMATS,
    BATCH,
    BOOL,
    DATA_FORMATS,
    FEATURE,
    HOSTILE,
    SPATIAL,
    P,
    bad_int_tuple,
    case,
    channels_first_view,
    image_shape,
    int_or_tuple,
    values,
)
from .strategies import (
    STRATEGIES as BASE_STRATEGIES,
)

KERNELS = [1, 1, 2, 3, 3, 3, 4, 5]
PADDINGS = ["valid", "valid", "same", "same", "SAME", "Valid"]
BAD_PADDINGS = ["causal", "full", None]


def _conv_shapes(r: int) -> st.SearchStrategy[tuple[Any, ...]]:
    return st.one_of(image_shape(r), image_shape(r).map(channels_first_view))


# ------------------------------------------------------------------------------ transposed


def transpose_case(kind: str, rank: int) -> st.SearchStrategy[Case]:
    op_one = [0, 0, 1, 1, 2]
    op_pos, fmt_pos = (5, 4) if rank == 3 else (4, 5)
    params = [
        P("filters", *values([1, 2, 4, 8, 16], [0, -2, None, 2.0]), pos=0, required=True),
        P("kernel_size", int_or_tuple(rank, KERNELS), bad_int_tuple(rank, [0, -1, "3", 3.0], KERNELS), 1, True),
        P("strides", int_or_tuple(rank, [1, 1, 1, 2, 2, 3], floats=True), bad_int_tuple(rank, [0, -1], [1, 2]), 2),
        P("padding", *values(PADDINGS, BAD_PADDINGS), 3),
        P("output_padding", st.one_of(st.none(), int_or_tuple(rank, op_one, floats=True)),
          bad_int_tuple(rank, [-1, 5], [0]), op_pos),
        P("data_format", *values(DATA_FORMATS, BAD_DATA_FORMATS), fmt_pos),
        P("dilation_rate", int_or_tuple(rank, [1, 1, 1, 2, 3], floats=True), bad_int_tuple(rank, [0, -2], [1, 2]),
          6),
        P("activation", *values(ACTIVATIONS, BAD_ACTIVATIONS), 7),
        P("use_bias", BOOL, None, 8),
    ]
    return case(kind, params, rank + 2, _conv_shapes, [rank + 1, rank + 3])


# ------------------------------------------------------------------------------ separable / depthwise

DEPTH_MULTIPLIERS = values([1, 1, 1, 2, 3], [0, -1, None, 1.5])


def separable_case(kind: str, rank: int) -> st.SearchStrategy[Case]:
    params = [
        P("filters", *values([1, 2, 4, 8, 16], [0, -2, None]), pos=0, required=True),
        P("kernel_size", int_or_tuple(rank, KERNELS), bad_int_tuple(rank, [0, -1, "3", 3.0], KERNELS), 1, True),
        P("strides", int_or_tuple(rank, [1, 1, 1, 2, 2, 3], floats=True), bad_int_tuple(rank, [0, -1], [1, 2]), 2),
        P("padding", *values(PADDINGS, BAD_PADDINGS), 3),
        P("data_format", *values(DATA_FORMATS, BAD_DATA_FORMATS), 4),
        P("dilation_rate", int_or_tuple(rank, [1, 1, 1, 2, 3], floats=True), bad_int_tuple(rank, [0, -2], [1, 2]),
          5),
        P("depth_multiplier", *DEPTH_MULTIPLIERS, 6),
        P("activation", *values(ACTIVATIONS, BAD_ACTIVATIONS), 7),
        P("use_bias", BOOL, None, 8),
    ]
    return case(kind, params, rank + 2, _conv_shapes, [rank + 1, rank + 3])


def depthwise_case(kind: str, rank: int) -> st.SearchStrategy[Case]:
    params = [
        P("kernel_size", int_or_tuple(rank, KERNELS), bad_int_tuple(rank, [0, -1, "3", 3.0], KERNELS), 0, True),
        P("strides", int_or_tuple(rank, [1, 1, 1, 2, 2, 3], floats=True), bad_int_tuple(rank, [0, -1], [1, 2]), 1),
        P("padding", *values(PADDINGS, BAD_PADDINGS), 2),
        P("depth_multiplier", *DEPTH_MULTIPLIERS, 3),
        P("data_format", *values(DATA_FORMATS, BAD_DATA_FORMATS), 4),
        P("dilation_rate", int_or_tuple(rank, [1, 1, 1, 2, 3], floats=True), bad_int_tuple(rank, [0, -2], [1, 2]),
          5),
        P("activation", *values(ACTIVATIONS, BAD_ACTIVATIONS), 6),
        P("use_bias", BOOL, None, 7),
    ]
    return case(kind, params, rank + 2, _conv_shapes, [rank + 1, rank + 3])


# ------------------------------------------------------------------------------ ConvLSTM

# Spatial axes of a ConvLSTM input: small (its symbolic build is cheap whatever the size).
LSTM_SPATIAL = st.sampled_from([1, 2, 3, 3, 4, 5, 6, 8, None, 0])
TIME = st.sampled_from([1, 3, 5, 5, None, 0])
RATES = values([0.0, 0.0, 0.2, 1.5, -1, True], ["a", None])


def convlstm_shape(rank: int) -> st.SearchStrategy[tuple[Any, ...]]:
    """(batch, time, *spatial, channels), or (batch, time, channels, *spatial)."""
    last = st.tuples(BATCH, TIME, *[LSTM_SPATIAL] * rank, FEATURE)
    return st.one_of(last, last.map(lambda s: (s[0], s[1], s[-1], *s[2:-1])))


def convlstm_params(rank: int) -> list[P]:
    return [
        P("filters", *values([0, 1, 2, 2, 4, 8], [-1, None, 2.0]), pos=0, required=True),
        P("kernel_size", int_or_tuple(rank, [1, 1, 2, 3, 3]), bad_int_tuple(rank, [0, -1, 3.0], [1, 3]), 1, True),
        P("strides", int_or_tuple(rank, [1, 1, 1, 2, 3], floats=True), bad_int_tuple(rank, [0, -1], [1, 2]), 2),
        P("padding", *values(PADDINGS, BAD_PADDINGS), 3),
        P("data_format", *values(DATA_FORMATS, BAD_DATA_FORMATS), 4),
        P("dilation_rate", int_or_tuple(rank, [1, 1, 1, 2], floats=True), bad_int_tuple(rank, [0, -2, 1.5], [1, 2]),
          5),
        P("activation", *values(ACTIVATIONS, BAD_ACTIVATIONS), 6),
        P("recurrent_activation", *values(["sigmoid", "hard_sigmoid", "relu", "glu"], BAD_ACTIVATIONS), 7),
        P("use_bias", st.sampled_from([True, False, 0, 1]), None, 8),
        P("unit_forget_bias", BOOL),
        P("dropout", *RATES),
        P("recurrent_dropout", *RATES),
        P("return_sequences", BOOL),
        P("return_state", st.sampled_from([False, False, True])),
        P("go_backwards", BOOL),
        P("stateful", st.sampled_from([False, False, True])),
    ]


def convlstm_case(kind: str, rank: int) -> st.SearchStrategy[Case]:
    shapes = lambda r: convlstm_shape(r - 3)  # noqa: E731
    return case(kind, convlstm_params(rank), rank + 3, shapes, [rank + 2, rank + 4])


# ------------------------------------------------------------------------------ wrappers


@dataclass(frozen=True)
class Layer:
    """A wrapped layer: ``layers.<kind>(*args, **kwargs)``."""

    kind: str
    args: tuple[Any, ...] = ()
    kwargs: dict[str, Any] = field(default_factory=dict)

    def __repr__(self) -> str:
        call = ", ".join([*map(repr, self.args), *(f"{k}={v!r}" for k, v in self.kwargs.items())])
        return f"layers.{self.kind}({call})"


class NestedCase(Case):
    """A wrapper case: some argument values are ``Layer`` descriptions."""

    @property
    def allows_unknown(self) -> bool:
        """glu anywhere, also inside the wrapped layers."""
        def has_glu(value: Any) -> bool:
            if value == "glu":
                return True
            if isinstance(value, Layer):
                return any(map(has_glu, value.args)) or any(map(has_glu, value.kwargs.values()))
            if isinstance(value, (tuple, list)):
                return any(map(has_glu, value))
            return False

        return has_glu(self.args) or any(map(has_glu, self.kwargs.values()))


def _layer_of(kind: str) -> st.SearchStrategy[Layer]:
    """A layer description drawn from a layer's own strategy (its input shape dropped)."""
    strategy = STRATEGIES[kind] if kind in STRATEGIES else BASE_STRATEGIES[kind]
    return strategy.map(lambda c: Layer(c.kind, c.args, dict(c.kwargs)))


RNN_KINDS = ["LSTM", "LSTM", "GRU", "GRU", "SimpleRNN"]


@st.composite
def _rnn(draw: st.DrawFn, kind: str | None = None, plausible: bool = True, **fixed: Any) -> Layer:
    """A recurrent layer; plausible ones have valid arguments (hostile ones come from the
    layer's own strategy)."""
    kind = kind or draw(st.sampled_from(RNN_KINDS))
    if not plausible:
        return draw(_layer_of(kind))
    kwargs: dict[str, Any] = {}
    if draw(st.integers(0, 2)) == 0:
        kwargs["return_sequences"] = draw(BOOL)
    if draw(st.integers(0, 4)) == 0:
        kwargs["return_state"] = True
    if draw(st.integers(0, 9)) == 0:
        kwargs["stateful"] = True
    if draw(st.integers(0, 5)) == 0:
        kwargs["activation"] = draw(st.sampled_from(["relu", "tanh", "glu", None]))
    if draw(st.integers(0, 5)) == 0:
        kwargs["trainable"] = False
    if draw(st.integers(0, 9)) == 0:
        kwargs["use_bias"] = False
    if kind == "GRU" and draw(st.integers(0, 4)) == 0:
        kwargs["reset_after"] = False
    kwargs.update(fixed)
    return Layer(kind, (draw(st.sampled_from([1, 2, 4, 8, 16])),), kwargs)


@st.composite
def _backward(draw: st.DrawFn, forward: Layer, hostile: bool) -> Layer:
    """A backward layer: usually the forward one reversed, sometimes with other units or of
    another recurrent kind (Keras accepts both), when hostile with mismatched attributes."""
    kwargs = {k: v for k, v in forward.kwargs.items() if k in ("return_sequences", "return_state", "stateful")}
    kwargs["go_backwards"] = not forward.kwargs.get("go_backwards", False)
    kind, args = forward.kind, forward.args
    change = draw(st.sampled_from(["same", "same", "units", "kind"] + (["attr", "direction"] if hostile else [])))
    if change == "units":
        args = (draw(st.sampled_from([1, 3, 4, 8])),)
    elif change == "kind":
        kind = draw(st.sampled_from(RNN_KINDS))
    elif change == "attr":
        attr = draw(st.sampled_from(["return_sequences", "return_state", "stateful"]))
        kwargs[attr] = not kwargs.get(attr, False)
    elif change == "direction":
        kwargs["go_backwards"] = not kwargs["go_backwards"]
    return Layer(kind, args, kwargs)


MERGE_MODES = ["concat", "concat", "concat", "sum", "mul", "ave", None]
BAD_MERGE_MODES = ["CONCAT", "avg", False, 0]


def bidirectional_case() -> st.SearchStrategy[Case]:
    @st.composite
    def draw_case(draw: st.DrawFn) -> Case:
        hostile = draw(HOSTILE)
        conv = draw(st.integers(0, 5)) == 0
        if conv:
            forward = draw(_layer_of("ConvLSTM1D")) if hostile else Layer(
                "ConvLSTM1D", (draw(st.sampled_from([1, 2, 4])), draw(st.sampled_from([1, 2, 3]))),
                {k: draw(BOOL) for k in draw(st.sets(st.sampled_from(["return_sequences", "return_state",
                                                                     "trainable"])))},
            )
            shape = draw(convlstm_shape(1))
        else:
            forward = draw(_rnn(plausible=not hostile or draw(st.booleans())))
            shape = draw(image_shape(3))
        if hostile and draw(st.integers(0, 3)) == 0:
            forward = draw(st.sampled_from([Layer("Dense", (4,)), Layer("Conv1D", (2, 3)),
                                            Layer("LSTM", (4,), {"go_backwards": True})]))
        layer: Any = forward
        if hostile and draw(st.integers(0, 5)) == 0:
            layer = draw(st.sampled_from([5, "lstm", None]))
        kwargs: dict[str, Any] = {}
        if draw(st.integers(0, 1)) == 0:
            kwargs["merge_mode"] = draw(st.sampled_from(BAD_MERGE_MODES if hostile and draw(BOOL) else MERGE_MODES))
        if draw(st.integers(0, 4)) == 0:
            kwargs["backward_layer"] = draw(_backward(forward, hostile))
        if draw(st.integers(0, 6)) == 0:
            kwargs["trainable"] = False
        if hostile and draw(st.booleans()):
            rank = len(shape)
            shape = draw(st.sampled_from([shape[:-1], (*shape, 2)])) if rank > 2 else shape
        args: tuple[Any, ...] = (layer,)
        if draw(st.integers(0, 3)) == 0:
            kwargs["layer"] = layer
            args = ()
        return NestedCase("Bidirectional", args, kwargs, shape)

    return draw_case()


# Layers TimeDistributed wraps in the tests, with the rank of their own input.
TD_INNER = {
    "Dense": [2, 2, 3], "Conv2D": [4], "Conv1D": [3], "MaxPooling2D": [4], "MaxPooling1D": [3],
    "Flatten": [2, 3, 4], "Dropout": [2, 3], "BatchNormalization": [2, 3], "Embedding": [2],
    "GlobalAveragePooling1D": [3], "Reshape": [2, 3], "Activation": [2, 3], "LSTM": [3, 3, 2, 4],
    "GRU": [3], "DepthwiseConv2D": [4], "Conv2DTranspose": [4], "SeparableConv1D": [3],
    "Bidirectional": [3, 3, 4], "ConvLSTM1D": [4], "TimeDistributed": [3, 4],
}
TD_WEIGHTS = ["Dense"] * 4 + ["Conv2D"] * 3 + ["LSTM"] * 2 + sorted(TD_INNER)


def time_distributed_case() -> st.SearchStrategy[Case]:
    @st.composite
    def draw_case(draw: st.DrawFn) -> Case:
        hostile = draw(HOSTILE)
        kind = draw(st.sampled_from(TD_WEIGHTS))
        if kind == "LSTM":
            inner = draw(_rnn("LSTM", plausible=not hostile))
        elif kind == "Bidirectional":
            inner = Layer("Bidirectional", (draw(_rnn(plausible=True)),),
                          {"merge_mode": draw(st.sampled_from(MERGE_MODES)),
                           **({"trainable": False} if draw(st.integers(0, 3)) == 0 else {})})
        elif kind == "TimeDistributed":
            inner = Layer("TimeDistributed", (draw(_layer_of("Dense")),),
                          {"trainable": False} if draw(st.booleans()) else {})
        elif kind == "Reshape":
            inner = Layer("Reshape", (draw(st.sampled_from([(-1,), (2, -1), (4, 2), (-1, 1)])),))
        else:
            inner = draw(_layer_of(kind))
        rank = draw(st.sampled_from(TD_INNER[kind]))
        if hostile and draw(st.booleans()):
            rank = draw(st.sampled_from([1, 2, 3, 4, 5]))
        dims = FEATURE if rank <= 2 else SPATIAL
        time = draw(st.sampled_from([1, 3, 4, None, None, 0]))
        inner_shape = draw(st.tuples(BATCH, *[dims] * max(rank - 2, 0), FEATURE) if rank >= 2 else st.tuples(BATCH))
        if kind == "Embedding":
            inner_shape = draw(st.tuples(BATCH, st.sampled_from([1, 3, 4, None])))
        shape = (inner_shape[0], time, *inner_shape[1:])
        kwargs: dict[str, Any] = {}
        if draw(st.integers(0, 6)) == 0:
            kwargs["trainable"] = False
        layer: Any = inner
        if hostile and draw(st.integers(0, 5)) == 0:
            layer = draw(st.sampled_from([3, "dense", None]))
        if draw(st.integers(0, 3)) == 0:
            return NestedCase("TimeDistributed", (), {"layer": layer, **kwargs}, shape)
        return NestedCase("TimeDistributed", (layer,), kwargs, shape)

    return draw_case()


# ------------------------------------------------------------------------------ the tables

STRATEGIES: dict[str, st.SearchStrategy[Case]] = {}
for _r in (1, 2, 3):
    STRATEGIES[f"Conv{_r}DTranspose"] = transpose_case(f"Conv{_r}DTranspose", _r)
    STRATEGIES[f"ConvLSTM{_r}D"] = convlstm_case(f"ConvLSTM{_r}D", _r)
for _r in (1, 2):
    STRATEGIES[f"SeparableConv{_r}D"] = separable_case(f"SeparableConv{_r}D", _r)
    STRATEGIES[f"DepthwiseConv{_r}D"] = depthwise_case(f"DepthwiseConv{_r}D", _r)
STRATEGIES["Bidirectional"] = bidirectional_case()
STRATEGIES["TimeDistributed"] = time_distributed_case()

# Layers whose cases hold nested layer descriptions (compare with compare_nested).
NESTED = frozenset({"Bidirectional", "TimeDistributed"})

# Default-run example budgets (the machine is shared: keep them small; SLOW multiplies by 6).
EXAMPLES: dict[str, int] = dict.fromkeys(STRATEGIES, 150)
EXAMPLES.update({"Conv2DTranspose": 250, "Conv1DTranspose": 200, "DepthwiseConv2D": 200, "SeparableConv2D": 200,
                 "ConvLSTM2D": 200, "Bidirectional": 300, "TimeDistributed": 300})

__all__ = ["EXAMPLES", "NESTED", "STRATEGIES", "Layer", "NestedCase"]
