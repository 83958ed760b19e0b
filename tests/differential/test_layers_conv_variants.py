"""The layers of ``strategies_conv_variants`` against real Keras, on generated configurations.

* Transposed, separable and depthwise convolutions and the ConvLSTMs: ``harness.compare``
  (raises exactly when Keras raises, else equal output shape and parameter counts), then the
  output dtype for an input of another dtype, sometimes with a ``dtype=`` policy.
* Bidirectional and TimeDistributed: their cases describe the wrapped layer (a ``Layer``),
  which ``compare_nested`` turns into a Keras layer and into the engine's rule; then the same
  comparison, output dtype included. The engine may leave the output UNKNOWN where it says
  the layer breaks at run time (``breaks_at_run_time``: a backward layer of another shape,
  glu inside the cell); the test then checks on real data that Keras's symbolic shape is
  indeed not what comes out (or that the call fails). TimeDistributed also leaves it UNKNOWN
  when the wrapped layer gets a rank its InputSpec rejects (Keras never checks it there) and
  the engine does not know that layer's build off its spec (``unchecked``): Keras may then
  build or raise.
* UNKNOWN soundness (engine only, as ``test_unknown.py``), and ``call_layer`` on real data of
  another shape for the convolutions (``harness.compare_call``).
* Fixed examples of the surprising Keras behaviours the rules follow.
"""

from __future__ import annotations

from typing import Any

import keras
import numpy as np
import pytest
from hypothesis import assume, given, reject
from hypothesis import strategies as st

from shapelens.engine import UNKNOWN, Built, LayerError, LayerRule, build_layer, make_layer

from .harness import (
    STATS,
    Case,
    Outcome,
    PlatformLimitation,
    _has_unknown,
    _matches,
    _shape,
    _size,
    compare,
    compare_call,
    diff_settings,
    keras_layer,
    run_keras,
)
from .strategies_conv_variants import EXAMPLES, NESTED, STRATEGIES, Layer, NestedCase
from .test_unknown import _blur, check_unknown

INPUT_DTYPES = ["float32", "float32", "float64", "int32", "uint8"]
POLICIES = [None, None, None, "float64", "mixed_float16", "bfloat16"]
FLAT = sorted(set(STRATEGIES) - NESTED)


# ---------------------------------------------------------------------------------- dtype


def compare_dtype(case: Case, input_dtype: str, policy: str | None) -> None:
    """``layer.output.dtype`` for an input of ``input_dtype`` (and a ``dtype=`` policy) against
    ``Built.dtype``. ``case`` must build in Keras on float32."""
    kwargs = dict(case.kwargs)
    if policy is not None and "dtype" not in kwargs:
        kwargs["dtype"] = policy
    variant = Case(case.kind, case.args, kwargs, case.batch_shape)
    stats = STATS[("dtype", case.kind)]
    key = f"{variant!r} dtype={input_dtype}"
    stats.seen.add(key)
    try:
        out = keras_layer(variant)(keras.Input(batch_shape=case.batch_shape, dtype=input_dtype))
    except Exception as exc:  # e.g. an orthogonal initializer in bfloat16: TF has no such QR
        stats.build.add(key)
        try:
            build_layer(make_layer(variant.kind, variant.args, variant.kwargs), case.batch_shape, input_dtype)
        except LayerError:
            return
        raise AssertionError(f"{key}: Keras raises {type(exc).__name__}: {str(exc)[:300]}, the engine builds") from exc
    outputs = out if isinstance(out, (list, tuple)) else [out]
    dtypes = {str(o.dtype) for o in outputs}
    assert len(dtypes) == 1, f"{key}: Keras outputs of several dtypes {dtypes}"
    try:
        built = build_layer(make_layer(variant.kind, variant.args, variant.kwargs), case.batch_shape, input_dtype)
    except LayerError as err:
        raise AssertionError(f"{key}: Keras builds, the engine raises {err.code} {err}") from err
    assert built.dtype == dtypes.pop(), f"{key}: engine dtype {built.dtype}, Keras {out}"


def _flat_test(kind: str):
    @diff_settings(EXAMPLES[kind])
    @given(data=st.data())
    def check(data: st.DataObject) -> None:
        case = data.draw(STRATEGIES[kind], label="case")
        compare(case)
        if run_keras(case).stage is None:
            compare_dtype(case, data.draw(st.sampled_from(INPUT_DTYPES)), data.draw(st.sampled_from(POLICIES)))

    return check


# ---------------------------------------------------------------------------------- nested


def keras_value(value: Any) -> Any:
    if isinstance(value, Layer):
        return getattr(keras.layers, value.kind)(*map(keras_value, value.args),
                                                 **{k: keras_value(v) for k, v in value.kwargs.items()})
    return value


def engine_value(value: Any) -> Any:
    if isinstance(value, Layer):
        return make_layer(value.kind, tuple(map(engine_value, value.args)),
                          {k: engine_value(v) for k, v in value.kwargs.items()})
    return value


def _with_policy(case: Case, policy: str | None) -> Case:
    if policy is None or "dtype" in case.kwargs:
        return case
    return NestedCase(case.kind, case.args, {**case.kwargs, "dtype": policy}, case.batch_shape)


def run_keras_nested(case: Case, dtype: str) -> tuple[Outcome, Any]:
    inputs = keras.Input(batch_shape=case.batch_shape, dtype=dtype)
    try:
        layer = keras_value(Layer(case.kind, case.args, case.kwargs))
    except Exception as exc:
        return Outcome("construct", exc), None
    try:
        out = layer(inputs)
    except Exception as exc:
        return Outcome("build", exc), layer
    outputs = out if isinstance(out, (list, tuple)) else [out]
    dtypes = {str(o.dtype) for o in outputs}
    assert len(dtypes) == 1, f"{case!r}: Keras outputs of several dtypes {dtypes}"
    outcome = Outcome(None, output=_shape(out), trainable=_size(layer.trainable_weights),
                      non_trainable=_size(layer.non_trainable_weights), total=layer.count_params())
    outcome.dtype = dtypes.pop()  # type: ignore[attr-defined]
    return outcome, layer


def run_engine_nested(case: Case, dtype: str) -> tuple[Outcome, Any]:
    try:
        rule = engine_value(Layer(case.kind, case.args, case.kwargs))
    except LayerError as exc:
        return Outcome("construct", exc), None
    try:
        built = build_layer(rule, case.batch_shape, dtype)
    except LayerError as exc:
        return Outcome("build", exc), rule
    output: Any = built.output
    if getattr(rule, "returns_state", False) is True:
        output = list(rule.outputs(case.batch_shape))
    outcome = Outcome(None, output=output, trainable=built.trainable, non_trainable=built.non_trainable,
                      total=built.params)
    outcome.dtype = built.dtype  # type: ignore[attr-defined]
    return outcome, rule


def _breaks_on_real_data(layer: Any, shape: tuple[Any, ...], symbolic: Any) -> bool:
    """Feed zeros of ``shape`` (None axes: 2 or 3) to the built Keras layer: True when the call
    fails or its output shape contradicts the symbolic one."""
    data = tuple(d if d is not None else (2 if i == 0 else 3) for i, d in enumerate(shape))
    try:
        real = _shape(layer(np.zeros(data, dtype="float32")))
    except Exception:
        return True

    def fits(sym: Any, out: Any) -> bool:
        if isinstance(sym, list):
            return isinstance(out, list) and len(sym) == len(out) and all(map(fits, sym, out))
        return isinstance(out, tuple) and len(sym) == len(out) and all(
            s is None or s == o for s, o in zip(sym, out, strict=True))

    return not fits(symbolic, real)


def compare_nested(case: Case, dtype: str = "float32", policy: str | None = None, test: str = "build") -> None:
    """``harness.compare`` for cases holding ``Layer`` descriptions, output dtype included."""
    case = _with_policy(case, policy)
    k, layer = run_keras_nested(case, dtype)
    e, rule = run_engine_nested(case, dtype)
    stats = STATS[(test, case.kind)]
    key = f"{case!r} dtype={dtype}"
    stats.seen.add(key)
    if k.stage is not None:
        (stats.ctor if k.stage == "construct" else stats.build).add(key)
        if e.stage is None and getattr(rule, "unchecked", False) and _has_unknown(e.output):
            stats.unknowns.add(key)  # the engine does not follow this layer off its spec
            return
        assert e.stage is not None, (
            f"Keras raises at {k.stage} but the engine accepts {case!r}\n"
            f"  Keras: {type(k.error).__name__}: {str(k.error)[:600]}\n"
            f"  engine: output {e.output}, params {e.trainable}+{e.non_trainable}"
        )
        return
    assert e.stage is None, (
        f"the engine raises at {e.stage} but Keras accepts {case!r}\n"
        f"  engine: {getattr(e.error, 'code', '')} {e.error}\n  Keras output: {k.output}"
    )
    if _has_unknown([e.output, e.trainable, e.non_trainable]):
        stats.unknowns.add(key)
        if not case.allows_unknown and not getattr(rule, "unchecked", False):
            assert getattr(rule, "breaks_at_run_time", False) is True, (
                f"the engine answers UNKNOWN for {case!r}: {e.output}, {e.trainable}"
            )
            assert _breaks_on_real_data(layer, case.batch_shape, k.output), (
                f"the engine says {case!r} breaks at run time, but Keras's real output matches {k.output}"
            )
    problems = []
    if not _matches(e.output, k.output):
        problems.append(f"output shape: engine {e.output}, Keras {k.output}")
    for what in ("trainable", "non_trainable", "total"):
        if not _matches(getattr(e, what), getattr(k, what)):
            problems.append(f"{what} params: engine {getattr(e, what)}, Keras {getattr(k, what)}")
    if e.dtype != k.dtype:  # type: ignore[attr-defined]
        problems.append(f"dtype: engine {e.dtype}, Keras {k.dtype}")  # type: ignore[attr-defined]
    assert not problems, f"{case!r} (input dtype {dtype})\n  " + "\n  ".join(problems)


def _nested_test(kind: str):
    @diff_settings(EXAMPLES[kind])
    @given(data=st.data())
    def check(data: st.DataObject) -> None:
        case = data.draw(STRATEGIES[kind], label="case")
        dtype = data.draw(st.sampled_from(["float32"] * 4 + ["float64", "int32"]), label="dtype")
        compare_nested(case, dtype, data.draw(st.sampled_from(POLICIES), label="policy"))

    return check


_TESTS = {kind: (_nested_test(kind) if kind in NESTED else _flat_test(kind)) for kind in sorted(STRATEGIES)}


@pytest.mark.parametrize("kind", sorted(STRATEGIES))
def test_layer_matches_keras(kind: str) -> None:
    _TESTS[kind]()


# ---------------------------------------------------------------------------------- UNKNOWN


def _blur_nested(draw: st.DrawFn, value: Any) -> Any:
    if isinstance(value, Layer):
        if draw(st.integers(0, 5)) == 0:
            return UNKNOWN
        return Layer(value.kind, tuple(_blur_nested(draw, a) for a in value.args),
                     {k: _blur_nested(draw, v) for k, v in value.kwargs.items()})
    return _blur(draw, value)


def _engine(case: Case) -> tuple[str | None, Any]:
    try:
        rule = engine_value(Layer(case.kind, case.args, case.kwargs))
        built = build_layer(rule, case.batch_shape)
    except LayerError as err:
        return err.code, None
    return None, built


@pytest.mark.parametrize("kind", sorted(STRATEGIES))
def test_unknown_never_invents(kind: str) -> None:
    @diff_settings(100)
    @given(data=st.data())
    def check(data: st.DataObject) -> None:
        check_unknown(data.draw, kind, STRATEGIES[kind], _blur_nested, _engine)

    check()


# ---------------------------------------------------------------------------------- call_layer

CALL_KINDS = ["Conv1DTranspose", "Conv2DTranspose", "SeparableConv1D", "SeparableConv2D", "DepthwiseConv1D",
              "DepthwiseConv2D"]


# TF CPU kernels that reject what the layer means (with TF_ENABLE_ONEDNN_OPTS=0, as in these tests):
# a channels_first or dilated transposed convolution, a depthwise convolution with unequal strides.
CPU_LIMITS = ("only supports NHWC", "only supports equal length strides", "do not yet support dilation")


def _data_shape(draw: st.DrawFn, shape: tuple[Any, ...]) -> tuple[int, ...]:
    """Real data: the built shape with None axes filled and some sizes changed."""
    size = st.sampled_from([1, 2, 3, 5, 8])
    dims = [d if isinstance(d, int) and d > 0 and draw(st.integers(0, 2)) else draw(size) for d in shape[1:]]
    return (shape[0] if isinstance(shape[0], int) else 2, *dims)


@pytest.mark.parametrize("kind", CALL_KINDS)
def test_built_layer_called_on_other_data(kind: str) -> None:
    @diff_settings(25)
    @given(data=st.data())
    def check(data: st.DataObject) -> None:
        case: Case = data.draw(STRATEGIES[kind], label="case")
        assume(run_keras(case).stage is None)
        try:
            compare_call(case, _data_shape(data.draw, case.batch_shape), test="call")
        except PlatformLimitation:
            reject()
        except AssertionError as err:
            if any(limit in str(err) for limit in CPU_LIMITS):
                reject()
            raise

    check()


# ---------------------------------------------------------------------------------- examples
# Keras behaviours worth pinning (each was checked against Keras 3.15 by these very tests).

L = Layer


@pytest.mark.parametrize(
    "case",
    [
        # output_padding: the exact formula, and its checks (must be < strides).
        Case("Conv2DTranspose", (4, 3), {"strides": 2, "padding": "same", "output_padding": 1}, (None, 5, 5, 3)),
        Case("Conv1DTranspose", (4, 3), {"output_padding": 1}, (None, 5, 3)),  # op >= stride: ctor
        Case("Conv1DTranspose", (2, 1), {"strides": 4, "output_padding": 3}, (None, 5, 3)),
        # A transposed output of size 0 builds; a negative one raises.
        Case("Conv1DTranspose", (4, 1), {"strides": 2}, (None, 0, 3)),
        Case("Conv1DTranspose", (4, 2), {"strides": 2, "padding": "same", "output_padding": 0}, (None, 0, 3)),
        # A float stride makes a float dimension: Keras rejects it (unless the axis is None).
        Case("Conv1DTranspose", (2, 3), {"strides": (2.0,)}, (None, 5, 3)),
        Case("Conv1DTranspose", (2, 3), {"strides": (2.0,)}, (None, None, 3)),
        Case("Conv1DTranspose", (2, 2), {"padding": "causal"}, (None, 5, 3)),
        Case("Conv1DTranspose", (2, 2), {"strides": 2, "dilation_rate": 2}, (None, 5, 3)),
        Case("Conv1DTranspose", (2, 2), {}, (None, 5, 3, 3)),  # rank + 3: IndexError in Keras
        Case("Conv3DTranspose", (2, 2, 1, "valid", "channels_first"), {}, (None, 3, 4, 4, 4)),  # data_format at 4
        # Separable and depthwise accept strides > 1 with dilation > 1, but not causal padding.
        Case("SeparableConv2D", (4, 3), {"strides": 2, "dilation_rate": 2}, (None, 9, 9, 3)),
        Case("DepthwiseConv2D", (3,), {"strides": 2, "dilation_rate": 2}, (None, 9, 9, 3)),
        Case("DepthwiseConv1D", (3,), {"padding": "causal"}, (None, 9, 3)),
        Case("SeparableConv1D", (3, 3), {}, (None, 9, None)),  # channels None: TypeError in Keras
        Case("DepthwiseConv2D", (3,), {"depth_multiplier": 2, "data_format": "channels_first"}, (None, 3, 9, 9)),
        Case("SeparableConv2D", (5, 3), {"depth_multiplier": 2, "data_format": "channels_first"}, (None, 3, 9, 9)),
        # ConvLSTM: filters=0 builds; strides=0 passes the constructor and fails when built;
        # spatial axes must be known, the time axis need not.
        Case("ConvLSTM2D", (0, 3), {}, (None, 5, 8, 8, 3)),
        Case("ConvLSTM2D", (2, 3), {"strides": 0}, (None, 5, 8, 8, 3)),
        Case("ConvLSTM2D", (2, 3), {}, (None, 5, None, 8, 3)),
        Case("ConvLSTM2D", (2, 3), {}, (None, None, 8, 8, 3)),
        Case("ConvLSTM2D", (4, 3), {"return_state": True}, (None, 5, 8, 8, 3)),
        Case("ConvLSTM1D", (2, 3), {"dropout": 1.5}, (None, 5, 8, 3)),  # clipped, not rejected
        Case("ConvLSTM3D", (2, 3), {"data_format": "channels_first"}, (None, 5, 3, 4, 4, 4)),
    ],
    ids=repr,
)
def test_flat_example(case: Case) -> None:
    compare(case, test="example")


@pytest.mark.parametrize(
    "case",
    [
        NestedCase("Bidirectional", (L("LSTM", (4,)),), {}, (None, 5, 3)),
        NestedCase("Bidirectional", (L("LSTM", (4,)),), {}, (None, 5)),  # SL101
        NestedCase("Bidirectional", (L("LSTM", (4,), {"return_state": True}),), {"merge_mode": None}, (None, 5, 3)),
        NestedCase("Bidirectional", (L("GRU", (4,), {"return_state": True, "return_sequences": True}),), {},
                   (None, 5, 3)),
        # The backward copy of a go_backwards=True layer goes backwards too: rejected.
        NestedCase("Bidirectional", (L("LSTM", (4,), {"go_backwards": True}),), {}, (None, 5, 3)),
        NestedCase("Bidirectional", (L("Dense", (4,)),), {}, (None, 5, 3)),
        NestedCase("Bidirectional", (L("LSTM", (4,)),), {"merge_mode": "CONCAT"}, (None, 5, 3)),
        # Other backward units: Keras says (None, 8) from the forward layer, real data gives 7.
        NestedCase("Bidirectional", (L("LSTM", (4,)),), {"backward_layer": L("LSTM", (3,), {"go_backwards": True})},
                   (None, 5, 3)),
        NestedCase("Bidirectional", (L("LSTM", (4,)),),
                   {"backward_layer": L("GRU", (4,), {"go_backwards": True}), "merge_mode": "sum"}, (None, 5, 3)),
        NestedCase("Bidirectional", (L("ConvLSTM2D", (4, 3)),), {}, (None, 5, 8, 8, 3)),
        NestedCase("Bidirectional", (L("LSTM", (4,), {"trainable": False}),), {"dtype": "mixed_float16"},
                   (None, 5, 3)),
        NestedCase("TimeDistributed", (L("Dense", (4,)),), {}, (None, 5, 3)),
        NestedCase("TimeDistributed", (L("Conv2D", (4, 3)),), {}, (None, 5, 8, 8, 3)),
        NestedCase("TimeDistributed", (L("Conv2D", (4, 3)),), {}, (None, 5, 8, 3)),
        # An LSTM never checks its rank inside TimeDistributed: a 4-D step builds.
        NestedCase("TimeDistributed", (L("LSTM", (3,)),), {}, (None, 5, 2, 8, 3)),
        NestedCase("TimeDistributed", (L("LSTM", (3,)),), {}, (4, 5, 8)),
        NestedCase("TimeDistributed", (L("LSTM", (3,), {"return_state": True}),), {}, (None, 5, 2, 8)),
        NestedCase("TimeDistributed", (L("Dense", (3,), {"dtype": "mixed_float16"}),), {}, (None, 5, 2)),
        NestedCase("TimeDistributed", (L("Bidirectional", (L("LSTM", (3,)),)),), {}, (None, 5, 4, 8)),
        NestedCase("TimeDistributed", (L("Dense", (4,)),), {}, (None, 5)),
        # Keras never checks the wrapped layer's InputSpec: a pooling over a rank-2 step builds
        # (the engine answers UNKNOWN there); Bidirectional(stateful, return_state) fails in
        # Bidirectional.compute_mask.
        NestedCase("TimeDistributed", (L("MaxPooling1D"),), {}, (None, 1, 1)),
        NestedCase("TimeDistributed", (L("MaxPooling1D"),), {}, (None, 1, 1, 1, 1, 1)),  # Keras raises
        NestedCase("TimeDistributed", (L("TimeDistributed", (L("Dense", (1,)),)),), {}, (None, 1, 1)),
        NestedCase("Bidirectional", (L("ConvLSTM1D", (1, 1)),), {}, (None, 3, 4, 2)),
        NestedCase("TimeDistributed", (L("Bidirectional", (L("ConvLSTM1D", (1, 1)),)),), {}, (None, 3, 4, 2)),
        NestedCase("TimeDistributed", (L("Conv2DTranspose", (1, 1)),), {}, (None, 1, 1)),
        NestedCase("TimeDistributed", (L("Conv2DTranspose", (1, 1)),), {}, (None, 1, 3, 3, 3, 1)),
        NestedCase("TimeDistributed", (L("ConvLSTM1D", (1, 1)),), {}, (None, 3, 4, 2)),
        NestedCase("TimeDistributed", (L("ConvLSTM1D", (1, 1)),), {}, (None, 3, 4, 2, 2, 2)),
        NestedCase("TimeDistributed", (L("DepthwiseConv2D", (1,)),), {}, (None, 3, 4, 2)),
        NestedCase("TimeDistributed", (L("SeparableConv1D", (1, 1)),), {}, (None, 3, 4)),
        NestedCase("TimeDistributed", (L("ConvLSTM1D", (1, 1), {"trainable": False}),), {}, (None, 3, 4, 2, 2)),
        NestedCase("TimeDistributed", (L("Bidirectional", (L("LSTM", (2,)),), {"trainable": False}),), {},
                   (None, 3, 4, 5)),
        NestedCase("Bidirectional", (L("LSTM", (1,), {"stateful": True, "return_state": True}),), {}, (1, 1, 1)),
    ],
    ids=repr,
)
def test_nested_example(case: Case) -> None:
    compare_nested(case, test="example")


def test_bidirectional_merge_none_is_reported_as_a_list() -> None:
    rule = make_layer("Bidirectional", (make_layer("LSTM", (4,)),), {"merge_mode": None})
    built = build_layer(rule, (None, 5, 3))
    assert rule.returns_state is True and built.output is UNKNOWN and built.params == 256
    assert rule.outputs((None, 5, 3)) == ((None, 4), (None, 4))


def test_wrappers_of_unknown_or_custom_layers_claim_nothing() -> None:
    class Custom(LayerRule):  # as analysis.custom_layers.CustomRule without compute_output_shape
        name = "MyLayer"

        def build(self, shape: Any) -> Built:
            return Built(UNKNOWN, UNKNOWN, UNKNOWN)

    for kind in ("Bidirectional", "TimeDistributed"):
        for inner in (UNKNOWN, Custom(make_layer("Dense", (1,)).args)):
            built = build_layer(make_layer(kind, (inner,)), (None, 5, 3))
            assert built.output is UNKNOWN and built.params is UNKNOWN
