"""Layer wrappers: Bidirectional (``keras/src/layers/rnn/bidirectional.py``) and TimeDistributed
(``keras/src/layers/rnn/time_distributed.py``).

The wrapped layer reaches the rule as the ``LayerRule`` of its own constructor call (the
analysis passes a layer argument as its rule, or UNKNOWN when it cannot see it, see
``analysis/interpreter.py::_plain_arg``). A rule the engine does not know (a custom layer)
builds to UNKNOWN: never a diagnostic.

Both wrappers compute their symbolic output with ``compute_output_shape`` (of the forward
layer, of the wrapped layer), and build the wrapped layers with ``layer.build(shape)``
directly: the wrapped layer's own InputSpec is never checked. Their output dtype is the
wrapper's compute dtype (the wrapped layer's ``dtype=`` does not matter).
"""

from __future__ import annotations

from typing import Any

from .base import REGISTRY, Args, Built, InputSpec, LayerError, LayerRule, frozen, register
from .recurrent import BaseRNN
from .shapes import UNKNOWN, Shape, _Unknown, count, dmul, shape_str

MERGE_MODES = ("sum", "mul", "ave", "concat")


def _layer_arg(args: Args, name: str, pos: int, required: bool = True) -> Any:
    """A layer argument: a LayerRule, UNKNOWN, or (optional ones) None."""
    value = args.raw(name, pos) if required else args.raw(name, pos, None)
    if value is UNKNOWN or isinstance(value, LayerRule) or (value is None and not required):
        return value
    example = "layers.LSTM(16)" if args.layer == "Bidirectional" else "layers.Dense(16)"
    raise LayerError(
        "SL106",
        f"{args.layer}({name}={value!r}) is rejected by Keras: expected a keras layer instance, "
        f"e.g. {args.layer}({example})",
        name,
    )


def variable_counts(rule: LayerRule, built: Built) -> Built:
    """A wrapped layer's weights as the wrapper counts them: by each variable's own trainable
    flag (``Layer.trainable_weights`` filters ``self.weights`` by ``v.trainable``). A variable
    is non-trainable when the layer that made it was frozen at that time. A frozen Dense made
    its kernel itself; but a frozen ConvLSTM's weights are made by its cell (not told about
    trainable=False), and a frozen wrapper's by the layers it wraps: the wrapper counts them
    trainable. Such rules say so with ``frozen_weights_stay_trainable``."""
    if getattr(rule, "frozen_weights_stay_trainable", False):
        return built
    return frozen(built, rule.trainable)


def _builtin(rule: LayerRule) -> bool:
    """A layer class the engine implements (not a user's custom layer)."""
    return REGISTRY.get(rule.name) is type(rule)


def _recurrent(rule: LayerRule) -> bool:
    """An RNN layer Bidirectional can run backwards: SimpleRNN, LSTM, GRU, ConvLSTM1D/2D/3D."""
    return all(hasattr(rule, a) for a in ("go_backwards", "return_sequences", "return_state", "stateful",
                                           "output_shape", "outputs"))


def _broadcast(a: Shape, b: Shape) -> Shape | None:
    """NumPy broadcasting of two shapes of the same rank (None: they do not broadcast)."""
    if len(a) != len(b):
        return None
    out = []
    for x, y in zip(a, b, strict=True):
        if x == y or y == 1:
            out.append(x)
        elif x == 1:
            out.append(y)
        elif x is None or y is None:
            out.append(x if y is None else y)
        else:
            return None
    return tuple(out)


def _all_known(shapes: Any) -> bool:
    if shapes is UNKNOWN:
        return False
    if isinstance(shapes, (tuple, list)):
        return all(_all_known(s) for s in shapes)
    return True


@register
class Bidirectional(LayerRule):
    """``keras.layers.Bidirectional(layer, merge_mode="concat", weights=None, backward_layer=None)``.

    ``merge_mode=None`` (or a wrapped layer with ``return_state=True``) makes Keras return a
    list of tensors instead of one; inside a Sequential the next layer then receives several
    tensors. As for the recurrent layers, the rule then builds to ``Built(output=UNKNOWN)``
    (parameters still counted), ``returns_state`` is True and ``outputs(shape)`` gives the
    shape of every tensor in the list.
    """

    name = "Bidirectional"
    family = "recurrent"
    # trainable=False empties this layer's trainable_weights, but its weights belong to the
    # forward and backward layers, made after it from the wrapped layer's config: a model (or
    # another wrapper) counts them, and trains them, as trainable (see ``variable_counts``).
    frozen_weights_stay_trainable = True

    def __init__(self, args: Args) -> None:
        super().__init__(args)
        self.layer = _layer_arg(args, "layer", 0)
        merge = args.raw("merge_mode", 1, "concat")
        if merge is not UNKNOWN and merge is not None and not (isinstance(merge, str) and merge in MERGE_MODES):
            raise args.invalid("merge_mode", merge, "one of 'sum', 'mul', 'ave', 'concat' or None")
        self.merge_mode = merge
        self.backward_layer = _layer_arg(args, "backward_layer", 3, required=False)
        self.opaque = False  # a wrapped layer the engine cannot see into
        self.mismatched = False  # set by build: the backward layer's shapes differ from the forward's
        for arg, rule in (("layer", self.layer), ("backward_layer", self.backward_layer)):
            if not isinstance(rule, LayerRule) or _recurrent(rule):
                continue
            if not _builtin(rule):
                self.opaque = True
                continue
            raise LayerError(
                "SL106",
                f"Bidirectional({arg}={rule.name}(...)) is rejected by Keras: it runs a recurrent layer "
                f"forwards and backwards (LSTM, GRU, SimpleRNN, ConvLSTM1D/2D/3D), and {rule.name} has "
                "no go_backwards",
                arg,
            )
        if not self.opaque:
            self._verify()

    def _verify(self) -> None:
        """``_verify_layer_config``: the two directions must differ in ``go_backwards`` only."""
        fwd, bwd = self.layer, self.backward_layer
        if not isinstance(fwd, LayerRule):
            return
        if bwd is None:
            if fwd.go_backwards is True:  # type: ignore[attr-defined]
                raise LayerError(
                    "SL106",
                    f"Bidirectional({fwd.name}(go_backwards=True)) is rejected by Keras: the backward copy "
                    "also goes backwards, and the two directions must differ; remove go_backwards=True",
                    "layer",
                )
            return
        if not isinstance(bwd, LayerRule):
            return
        pairs = [("go_backwards", fwd.go_backwards, bwd.go_backwards)]  # type: ignore[attr-defined]
        if pairs[0][1] is not UNKNOWN and pairs[0][1] == pairs[0][2]:
            raise LayerError(
                "SL106",
                f"Bidirectional(backward_layer=...) is rejected by Keras: the forward and backward layers "
                f"have the same go_backwards={pairs[0][1]}; give the backward layer go_backwards="
                f"{not pairs[0][1]}",
                "backward_layer",
            )
        for attr in ("stateful", "return_sequences", "return_state"):
            f, b = getattr(fwd, attr), getattr(bwd, attr)
            if f is not UNKNOWN and b is not UNKNOWN and f != b:
                raise LayerError(
                    "SL106",
                    f"Bidirectional(backward_layer=...) is rejected by Keras: the forward layer has "
                    f"{attr}={f} but the backward layer {attr}={b}; they must agree",
                    "backward_layer",
                )

    @property
    def _forward(self) -> Any:
        """The forward rule when the engine can follow it, else None."""
        return self.layer if isinstance(self.layer, LayerRule) and not self.opaque else None

    @property
    def returns_state(self) -> Any:
        """True when Keras returns a list (merge_mode=None, or return_state=True)."""
        fwd = self._forward
        if self.merge_mode is None:
            return True
        state = fwd.return_state if fwd is not None else UNKNOWN
        if state is True:
            return True
        if self.merge_mode is UNKNOWN or state is UNKNOWN:
            return UNKNOWN
        return False

    @property
    def return_sequences(self) -> Any:
        fwd = self._forward
        return fwd.return_sequences if fwd is not None else UNKNOWN

    @property
    def breaks_at_run_time(self) -> bool:
        """Keras's symbolic shape comes from the forward layer alone; when the backward layer
        gives another shape (other units, other states), the real output differs from it (or
        the merge fails). glu inside the cell: see recurrent.py. We claim no shapes then."""
        fwd, bwd = self._forward, self.backward_layer
        if fwd is None:
            return False
        if fwd.breaks_at_run_time or (isinstance(bwd, LayerRule) and getattr(bwd, "breaks_at_run_time", False)):
            return True
        return self.mismatched

    def _mismatch(self, shape: Shape) -> bool:
        """True when real data would not give Keras's symbolic shapes (computed from the forward
        layer alone) because the backward layer's shapes differ: concat and merge_mode=None
        need equal outputs; sum/mul/ave broadcast (a backward size 1 is harmless); returned
        states must agree in number and shape. False when the engine cannot tell."""
        fwd, bwd = self._forward, self.backward_layer
        if fwd is None or not isinstance(bwd, LayerRule):
            return False
        if type(bwd).input_spec is not type(fwd).input_spec:
            return True  # another kind of layer altogether: the engine does not pair them up
        f_out, b_out = fwd.output_shape(shape), bwd.output_shape(shape)  # type: ignore[attr-defined]
        if not (_all_known(f_out) and _all_known(b_out)) or self.merge_mode is UNKNOWN:
            return False
        if self.merge_mode in ("sum", "mul", "ave"):
            if _broadcast(f_out, b_out) != f_out:
                return True
        elif f_out != b_out:
            return True
        if fwd.return_state is True:
            f_states, b_states = fwd.outputs(shape)[1:], bwd.outputs(shape)[1:]  # type: ignore[attr-defined]
            return _all_known(f_states) and _all_known(b_states) and tuple(f_states) != tuple(b_states)
        return False

    def input_spec(self) -> InputSpec:
        fwd = self._forward
        return fwd.input_spec() if fwd is not None else InputSpec()

    def build(self, shape: Shape) -> Built:
        fwd, bwd = self._forward, self.backward_layer
        if fwd is None:
            return Built(UNKNOWN, UNKNOWN, UNKNOWN)
        forward = variable_counts(fwd, fwd.build(shape))
        if fwd.stateful is True and fwd.return_state is True:
            raise LayerError(
                "SL106",
                f"Bidirectional({fwd.name}(stateful=True, return_state=True)) fails when Keras builds it: "
                "Bidirectional.compute_mask multiplies a generator of state masks (a TypeError in "
                "Keras 3); drop return_state=True or stateful=True",
                "layer",
            )
        if bwd is None:
            backward = forward
        elif isinstance(bwd, LayerRule) and type(bwd).input_spec is type(fwd).input_spec:
            backward = variable_counts(bwd, bwd.build(shape))
        else:  # UNKNOWN, or a layer of another kind the analysis does not pair up
            backward = Built(UNKNOWN, UNKNOWN, UNKNOWN)
        self.mismatched = self._mismatch(shape)
        trainable = count(forward.trainable, backward.trainable)
        non_trainable = count(forward.non_trainable, backward.non_trainable)
        output: Any = UNKNOWN
        if self.returns_state is False and not self.breaks_at_run_time:
            output = self._merged(fwd.output_shape(shape))
        return Built(output, trainable, non_trainable)

    def _merged(self, shape: Any) -> Any:
        if shape is UNKNOWN or self.merge_mode is UNKNOWN:
            return UNKNOWN
        if self.merge_mode == "concat":
            return (*shape[:-1], dmul(shape[-1], 2))
        return shape

    def outputs(self, shape: Shape) -> tuple[Shape | _Unknown, ...]:
        """Every tensor of the list Keras returns: ``[merged, *states_fw, *states_bw]``, or for
        merge_mode=None ``[forward, backward, *states_fw, *states_bw]`` (states as the forward
        layer's: that is what Keras's compute_output_shape says)."""
        fwd = self._forward
        if fwd is None or self.merge_mode is UNKNOWN:
            return (UNKNOWN,)
        main, *states = fwd.outputs(shape)
        if fwd.return_state is not True:
            states = []
        heads = [main, main] if self.merge_mode is None else [self._merged(main)]
        result = (*heads, *states, *states)
        if self._mismatch(shape):
            return (UNKNOWN,) * len(result)
        return result


@register
class TimeDistributed(LayerRule):
    """``keras.layers.TimeDistributed(layer)``: the wrapped layer on every time step.

    Output ``(batch, time) + inner(batch, *input[2:])[1:]``; the parameters are the wrapped
    layer's. The input needs at least 3 axes.
    """

    name = "TimeDistributed"
    family = "recurrent"
    frozen_weights_stay_trainable = True  # the wrapped layer makes the weights: see Bidirectional

    def __init__(self, args: Args) -> None:
        super().__init__(args)
        self.layer = _layer_arg(args, "layer", 0)
        # Set by build: the wrapped layer got a rank its InputSpec rejects, and the engine does
        # not know what its Keras build does then (the output is left UNKNOWN).
        self.unchecked = False

    def input_spec(self) -> InputSpec:
        return InputSpec(min_ndim=3)

    def build(self, shape: Shape) -> Built:
        inner = self.layer
        if not isinstance(inner, LayerRule):
            return Built(UNKNOWN, UNKNOWN, UNKNOWN)
        child = (shape[0], *shape[2:])
        built = variable_counts(inner, self._build_inner(inner, child, shape))
        returns_list = getattr(inner, "returns_state", False)
        if returns_list is True:
            raise LayerError(
                "SL106",
                f"TimeDistributed({inner.name}(...)): the wrapped layer returns a list of tensors "
                "(return_state=True or merge_mode=None), which TimeDistributed cannot stack over time; "
                "Keras raises when the model is built",
                "layer",
            )
        out = built.output
        if returns_list is not False or not isinstance(out, tuple):
            output: Any = UNKNOWN
        else:
            output = (out[0], shape[1], *out[1:])
        return Built(output, built.trainable, built.non_trainable)

    @property
    def breaks_at_run_time(self) -> bool:
        return getattr(self.layer, "breaks_at_run_time", False) is True

    def _build_inner(self, inner: LayerRule, child: Shape, shape: Shape) -> Built:
        """``layer.build(child)`` then ``layer.compute_output_shape(child)``; Keras never checks
        the wrapped layer's InputSpec. Convolutions fail on another rank all the same (their
        kernel must have as many axes as the input; not the transposed ones). An RNN (also inside Bidirectional) builds
        on any rank: its kernel takes the last axis and its output the first two, so a rank-2
        step (batch, features) builds like (batch, features, batch). For other layers the
        engine does not follow Keras off their InputSpec: it answers UNKNOWN (``unchecked``)."""
        try:
            inner.input_spec().check(inner.name, child)
        except LayerError as err:
            if err.code == "SL101" and _rnn_like(inner):
                if len(child) == 2:
                    child = (child[0], child[1], child[0])
                return inner.build(child)
            if err.code == "SL101" and not _rank_checked_in_build(inner):
                self.unchecked = True
                return Built(UNKNOWN, UNKNOWN, UNKNOWN)
            raise _step_error(inner, child, shape, err) from err
        try:
            return inner.build(child)
        except LayerError as err:
            raise _step_error(inner, child, shape, err) from err


def _step_error(inner: LayerRule, child: Shape, shape: Shape, err: LayerError) -> LayerError:
    """The wrapped layer's error, told from the TimeDistributed input's point of view."""
    steps = f"TimeDistributed feeds {inner.name} one time step at a time, of shape {shape_str(child)} " \
        f"(its input {shape_str(shape)} without the time axis)"
    spec = inner.input_spec()
    if err.code != "SL101" or (spec.ndim is None and spec.min_ndim is None):
        return LayerError(err.code, f"{steps}: {err.message}", "layer")
    if spec.ndim is not None or _rank_checked_in_build(inner):
        rank = spec.ndim if spec.ndim is not None else spec.min_ndim
        wanted, inner_rank = f"exactly {rank + 1}", f"exactly {rank}"  # type: ignore[operator]
    else:
        wanted, inner_rank = f"at least {spec.min_ndim + 1}", f"at least {spec.min_ndim}"  # type: ignore[operator]
    return LayerError(
        "SL101",
        f"{steps}, but {inner.name} expects an input of rank {inner_rank} (batch axis included): "
        f"TimeDistributed({inner.name}) needs an input of rank {wanted}, (batch, time, ...) with the "
        f"time axis in front of what {inner.name} takes",
    )


def _rank_checked_in_build(rule: LayerRule) -> bool:
    """Layers whose Keras build fails on a rank below their InputSpec's even without it: the
    convolutions whose ``compute_conv_output_shape`` compares the kernel's and the input's
    rank (a transposed convolution's formula just loops over the spatial axes there are),
    and TimeDistributed."""
    from .conv import BaseConv
    from .conv_variants import BaseDepthwiseConv, BaseSeparableConv
    from .convlstm import ConvLSTM

    if isinstance(rule, Bidirectional):  # it builds its forward layer directly
        return rule._forward is not None and _rank_checked_in_build(rule._forward)
    # TimeDistributed checks for 3 axes itself when it is built.
    return isinstance(rule, (BaseConv, BaseDepthwiseConv, BaseSeparableConv, ConvLSTM, TimeDistributed))


def _rnn_like(rule: LayerRule) -> bool:
    if isinstance(rule, BaseRNN):
        return True
    return isinstance(rule, Bidirectional) and isinstance(rule._forward, BaseRNN)
