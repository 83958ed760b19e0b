"""The layers of ``strategies_simple`` against real Keras, on generated configurations.

Per layer, as ``test_layers.py`` does: ``harness.compare`` (raises exactly when Keras raises,
else equal output shape and parameter counts). Besides that, for these layers:

* the output dtype: the same layer built on a ``keras.Input`` of another dtype (float64,
  int32, uint8), sometimes with a ``dtype=`` policy, against ``Built.dtype``; there the
  stage is compared too (constructor or build, as Keras);
* ``call_layer``: the built layer fed real data of another shape (``harness.compare_call``);
* UNKNOWN soundness, engine only (as ``test_unknown.py``).
"""

from __future__ import annotations

from typing import Any

import keras
import pytest
from hypothesis import assume, given, reject
from hypothesis import strategies as st

from shapelens.engine import LayerError, build_layer, make_layer

from .harness import (
    STATS,
    Case,
    PlatformLimitation,
    compare,
    compare_call,
    diff_settings,
    keras_layer,
    run_engine,
    run_keras,
)
from .strategies_simple import EXAMPLES, STRATEGIES, OpenCase
from .test_unknown import _blur, check_unknown

INPUT_DTYPES = ["float32", "float64", "int32", "uint8"]
POLICIES = [None, None, "float64", "mixed_float16", "bfloat16"]


def compare_dtype(case: Case, input_dtype: str, policy: str | None) -> None:
    """Build ``case`` on a ``keras.Input`` of ``input_dtype`` (with a ``dtype=`` policy when
    given). Keras raises in the constructor / when building <=> the engine raises in
    ``make_layer`` / ``build_layer``; otherwise ``layer.output.dtype`` == ``Built.dtype``."""
    kwargs = dict(case.kwargs)
    if policy is not None and "dtype" not in kwargs:
        kwargs["dtype"] = policy
    variant = type(case)(case.kind, case.args, kwargs, case.batch_shape)
    stats = STATS[("dtype", case.kind)]
    key = f"{variant!r} dtype={input_dtype}"
    stats.seen.add(key)
    inputs = keras.Input(batch_shape=case.batch_shape, dtype=input_dtype)
    keras_stage, engine_stage = None, None
    try:
        layer = keras_layer(variant)
        keras_stage = "build"
        out = layer(inputs)
        keras_stage = None
    except Exception as exc:
        keras_stage = keras_stage or "construct"
        keras_error: Exception | None = exc
        (stats.ctor if keras_stage == "construct" else stats.build).add(key)
    else:
        keras_error = None
    try:
        rule = make_layer(variant.kind, variant.args, variant.kwargs)
        engine_stage = "build"
        built = build_layer(rule, case.batch_shape, input_dtype)
        engine_stage = None
    except LayerError as exc:
        engine_stage = engine_stage or "construct"
        engine_error: LayerError | None = exc
    else:
        engine_error = None
    assert keras_stage == engine_stage, (
        f"{key}: Keras raises at {keras_stage}, the engine at {engine_stage}\n"
        f"  Keras: {type(keras_error).__name__}: {str(keras_error)[:300]}\n  engine: {engine_error}"
    )
    if keras_stage is not None:
        return
    outputs = out if isinstance(out, (list, tuple)) else [out]  # a Lambda may have several
    dtypes = {str(o.dtype) for o in outputs}
    assert len(dtypes) == 1, f"{key}: Keras outputs of several dtypes {dtypes}"
    expected = dtypes.pop()
    assert built.dtype == expected, f"{key}: engine dtype {built.dtype}, Keras {expected}"


def _layer_test(kind: str):
    @diff_settings(EXAMPLES[kind])
    @given(data=st.data())
    def check(data: st.DataObject) -> None:
        case = data.draw(STRATEGIES[kind], label="case")
        compare(case)
        compare_dtype(case, data.draw(st.sampled_from(INPUT_DTYPES)), data.draw(st.sampled_from(POLICIES)))

    return check


_TESTS = {kind: _layer_test(kind) for kind in sorted(STRATEGIES)}


@pytest.mark.parametrize("kind", sorted(STRATEGIES))
def test_layer_matches_keras(kind: str) -> None:
    _TESTS[kind]()


# ---------------------------------------------------------------------------------- examples
# Fixed configurations for the Keras behaviours the rules mirror (many are surprising): the
# generated cases reach most of them, these make sure every run does.

_FIXED: list[Case] = [
 Case("EinsumDense", ("abc,cd->abd", (None, 64)), {}, (None, 32, 128)),
 Case("EinsumDense", ("abc,cd->abd", (32, None)), {}, (None, 32, 128)),
 Case("EinsumDense", ("abc,cd->abd", (32, 64)), {}, (None, 32, 128, 4)),
 Case("EinsumDense", ("abc,cd->abd", (32, 64)), {}, (None, 32)),
 Case("EinsumDense", ("...b,bc->...c", 64), {}, (None, 3, 4, 32)),
 Case("EinsumDense", ("...b,bc->...c", 64), {"bias_axes": "c"}, (None, 3, 4, 32)),
 Case("EinsumDense", ("...b,bc->...c", (3, 4, 64)), {}, (None, 3, 4, 32)),
 Case("EinsumDense", ("ab...,bc->ac...", 64), {"bias_axes": "c"}, (None, 32, 3, 4)),
 Case("EinsumDense", ("ab,bc->acXYZ", 64), {}, (None, 32)),
 Case("EinsumDense", ("ab,bc->ac", 64), {"bias_axes": ""}, (None, 32)),
 Case("EinsumDense", ("ab,bc->ac", 64), {"bias_axes": "a"}, (None, 32)),
 Case("EinsumDense", ("ab,bc->ac", 64), {"bias_axes": "a"}, (3, 32)),
 Case("EinsumDense", ("ab,bcd->acd", (5, 6)), {"bias_axes": "c"}, (3, 32)),
 Case("EinsumDense", ("ab,c->ac", 64), {}, (None, 32)),
 Case("EinsumDense", ("ab,bc->c", ()), {}, (None, 32)),
 Case("EinsumDense", ("ab,bc->ac", "64"), {}, (None, 32)),
 Case("EinsumDense", ("ab,bc->ac", 64.0), {}, (None, 32)),
 Case("EinsumDense", ("ab,bc->ac", [2]), {}, (None, 32)),
 Case("EinsumDense", ("aab,bc->ac", 64), {}, (None, 3, 32)),
 Case("EinsumDense", ("aab,bc->ac", 64), {}, (None, 32)),
 Case("EinsumDense", ("...aab,bc->...ac", 64), {}, (None, 32)),
 Case("EinsumDense", ("...aab,bc->...ac", (5, 64)), {}, (None, 32)),
 Case("EinsumDense", ("ab,bb->ab", 32), {}, (None, 32)),
 Case("EinsumDense", ("ab,bc->acc", (64, 5)), {}, (None, 32)),
 Case("EinsumDense", ("ab,bc->ac", True), {}, (None, 32)),
 Case("EinsumDense", ("ab,bc->ac", 64), {"bias_axes": 5}, (None, 32)),
 Case("EinsumDense", ("ab,bc->ac", 64), {"bias_axes": ["c"]}, (None, 32)),
 Case("EinsumDense", ("ab,bc->ac", 64), {"bias_axes": ["ac"]}, (3, 32)),
 Case("EinsumDense", ("...ab,bc->...ac", 64), {}, (None, 32)),
 Case("EinsumDense", ("...ab,bc->...ac", 64), {}, (None, 5, 32)),
 Case("EinsumDense", ("...ab,bc->...ac", (5, 64)), {}, (None, 7, 5, 32)),
 Case("EinsumDense", ("a...,bc->ac...", 64), {}, (None, 32)),
 Case("EinsumDense", ("abc,cd->abd", (32, 64)), {}, (None, None, 128)),
 Case("EinsumDense", ("ab,bc->ac", 8), {"lora_rank": 2}, (None, 32)),
 Case("EinsumDense", ("ab,bc->ac", 8), {"lora_rank": 2, "bias_axes": "c", "trainable": False}, (None, 32)),
 Case("EinsumDense", ("ab,bc->ac", 8), {"lora_rank": 2, "kernel_constraint": "non_neg"}, (None, 32)),
 Case("EinsumDense", ("ab,bc->ac", 8), {"lora_rank": 1.5}, (None, 32)),
 Case("EinsumDense", ("abc,cde->abde", (None, 2, 8)), {"lora_rank": 3}, (None, 5, 32)),
 Case("EinsumDense", ("ab,bc->ac", 8, "glu"), {}, (None, 32)),
 Case("LeakyReLU", (), {"alpha": 0.1, "negative_slope": -5}, (None, 3)),
 Case("LeakyReLU", (0.1,), {"alpha": -1}, (None, 3)),
 Case("PReLU", (), {"shared_axes": 0}, (None, 3, 4)),
 Case("PReLU", (), {"shared_axes": -1}, (None, 3, 4)),
 Case("PReLU", (), {"shared_axes": -2}, (None, 3, 4)),
 Case("PReLU", (), {}, (2,)),
 Case("PReLU", (), {}, (None, None, 4)),
 Case("PReLU", (), {"shared_axes": True}, (None, None, 4)),
 Case("LayerNormalization", (), {"axis": []}, (None, 3, 4)),
 Case("LayerNormalization", (), {"axis": [1, 1]}, (None, 3, 4)),
 Case("LayerNormalization", (), {"axis": 0, "center": False, "scale": False}, (None, 3, 4)),
 Case("LayerNormalization", (), {"axis": 0, "rms_scaling": True, "center": False, "scale": False}, (None, 3, 4)),
 Case("LayerNormalization", (), {"axis": [1.0]}, (None, 3, 4)),
 Case("LayerNormalization", (), {"axis": [1, "a"]}, (None, 3, 4)),
 Case("GroupNormalization", (), {"groups": -1}, (None, 3, 0)),
 Case("GroupNormalization", (1,), {"axis": 0}, (2, 3, 4)),
 Case("GroupNormalization", (True,), {}, (None, 3, 4)),
 Case("UnitNormalization", (), {"axis": [1.5]}, (None, 3, 4)),
 Case("UnitNormalization", (), {"axis": [float("nan")]}, (None, 3, 4)),
 Case("Permute", ((True, 2),), {}, (None, 3, 4)),
 Case("Permute", ((1.0, 2.0),), {}, (None, 3, 4)),
 Case("Permute", ([1, "a"],), {}, (None, 3, 4)),
 Case("UpSampling2D", ((2.5, 2),), {}, (None, None, 4, 2)),
 Case("UpSampling2D", ((2.5, 2),), {}, (None, 3, 4, 2)),
 Case("UpSampling2D", (True,), {}, (None, 3, 4, 2)),
 Case("ZeroPadding1D", ((1.5, 1),), {}, (None, None, 4)),
 Case("ZeroPadding2D", (-1,), {}, (None, 3, 4, 2)),
 Case("ZeroPadding2D", (-2,), {}, (None, 3, 4, 2)),
 Case("ZeroPadding3D", (-1,), {}, (None, None, 4, 2, 2)),
 Case("ZeroPadding2D", (((1, 2), 3),), {}, (None, 3, 4, 2)),
 Case("Cropping1D", ((1.5, 0),), {}, (None, None, 4)),
 Case("Cropping1D", ((0, 0),), {}, (None, 0, 4)),
 Case("Cropping2D", (((1.5, 0), (0, 0)),), {}, (None, 3, 4, 2)),
 Case("Cropping3D", (((1.5, 0), (0, 0), (0, 0)),), {}, (None, None, 4, 2, 2)),
 Case("SpatialDropout1D", (0.5, "channels_last"), {}, (None, 3, 4)),
 Case("SpatialDropout2D", (0.5, None, None, "n", "float32"), {}, (None, 3, 4, 2)),
 Case("SpatialDropout2D", (0.5, None, None, "n", "float32", 3), {}, (None, 3, 4, 2)),
 Case("SpatialDropout1D", (0.5,), {"rate": 0.2}, (None, 3, 4)),
 Case("GaussianNoise", (0.5,), {"noise_shape": (1,)}, (None, 3)),
 Case("ActivityRegularization", (), {"activity_regularizer": "l2"}, (None, 3)),
 Case("Dropout", (0.5,), {"seed": "x"}, (None, 3)),
]
_FIXED += [OpenCase("Lambda", (abs,), {"output_shape": o}, (None, 3, 4)) for o in [[(2,), (3,)], ((2,), [3]), ((2,), 3), ((),), [], (None,), ((2,), (3.5,)), ((2,), (-1,))]]
_FIXED += [OpenCase("Lambda", (abs,), {"arguments": a}, (None, 3, 4)) for a in [3, "x", [1], 0, "", []]]


@pytest.mark.parametrize("case", _FIXED, ids=repr)
def test_fixed_examples(case: Case) -> None:
    compare(case, test="build-fixed")


_FIXED_CALLS: list[tuple[Case, tuple[int, ...]]] = [
 (Case("Softmax", (), {"axis": True}, (None, 3)), (2, 3)),
 (Case("Softmax", (), {"axis": (True, 0)}, (None, 3)), (2, 3)),
 (Case("UnitNormalization", (), {"axis": [1, 1]}, (None, 3, 4)), (2, 3, 4)),
 (Case("UnitNormalization", (), {"axis": [-1, 2]}, (None, 3, 4)), (2, 3, 4)),
 (Case("UnitNormalization", (), {"axis": []}, (None, 3, 4)), (2, 3, 4)),
 (Case("UpSampling2D", (True,), {}, (None, None, 4, 2)), (2, 3, 4, 2)),
 (Case("UpSampling2D", ((2.5, 2),), {"interpolation": "bilinear"}, (None, None, 4, 2)), (2, 3, 4, 2)),
 (Case("UpSampling3D", ((2.0, 2, 2),), {}, (None, None, None, None, 2)), (2, 3, 4, 2, 2)),
 (Case("ZeroPadding1D", ((1.5, 1),), {}, (None, None, 4)), (2, 3, 4)),
 (Case("ZeroPadding2D", (((0.5, 1), 2),), {}, (None, None, None, 4)), (2, 3, 4, 4)),
 (Case("Cropping2D", (((1, 0.0), (0, 0)),), {}, (None, None, None, 4)), (2, 3, 4, 4)),
 (Case("Cropping2D", (((1, 1.0), (0, 0)),), {}, (None, None, None, 4)), (2, 3, 4, 4)),
 (Case("LayerNormalization", (), {"axis": 1}, (None, 3)), (2, 1)),
 (Case("LayerNormalization", (), {"axis": [1, 2]}, (None, 3, 4)), (2, 4, 3)),
 (Case("LayerNormalization", (), {"axis": [-1, 2]}, (None, 3, 4)), (2, 3, 4)),
 (Case("LayerNormalization", (), {"axis": 1, "rms_scaling": True}, (None, 3, 4)), (2, 1, 4)),
 (Case("GroupNormalization", (1,), {}, (2,)), (2,)),
 (Case("GroupNormalization", (2,), {"axis": -3}, (4, 4, 3)), (4, 4, 3)),
 (Case("PReLU", (), {}, (None, 3, 4)), (2, 1, 4)),
 (Case("PReLU", (), {"shared_axes": []}, (None, 3, 4)), (2, 1, 1)),
 (Case("Masking", ((1, 2),), {}, (None, 3)), (2, 3)),
 (Case("Masking", ((1, 2, 3),), {}, (None, 3)), (2, 1)),
 (Case("ELU", (), {"alpha": [1, 2]}, (None, 3)), (2, 3)),
 (Case("ELU", (), {"alpha": [1, 2]}, (None, 3)), (2, 1)),
 (Case("EinsumDense", ("ab,bc->ac", 64), {"bias_axes": "a"}, (3, 32)), (1, 32)),
 (Case("EinsumDense", ("...b,bc->...c", 64), {}, (None, 3, 4, 32)), (2, 3, 4, 32)),
 (Case("EinsumDense", ("abc,cd->abd", (32, 64)), {}, (None, 32, 128, 4)), (2, 32, 128, 4)),
 (Case("EinsumDense", ("ab,bc->acc", (64, 64)), {}, (None, 32)), (2, 32)),
 (Case("EinsumDense", ("aab,bc->ac", 64), {}, (None, 3, 32)), (2, 3, 32)),
 (Case("EinsumDense", ("aab,bc->ac", 64), {}, (None, 3, 32)), (3, 3, 32)),
 (Case("EinsumDense", ("ab,bc->ac ", 64), {}, (None, 32)), (2, 32)),
]


@pytest.mark.parametrize(("case", "data"), _FIXED_CALLS, ids=repr)
def test_fixed_calls(case: Case, data: tuple[int, ...]) -> None:
    compare_call(case, data, test="call-fixed")


# ---------------------------------------------------------------------------------- call_layer


def _data_shape(draw: st.DrawFn, shape: tuple[Any, ...]) -> tuple[int, ...]:
    """Real data for a layer built on ``shape``: mostly the same rank with some axes changed
    (size 1 often: it broadcasts), sometimes one axis more or fewer."""
    size = st.sampled_from([1, 1, 2, 3, 4, 5, 8])
    dims = [d if isinstance(d, int) and d > 0 and draw(st.integers(0, 2)) else draw(size) for d in shape[1:]]
    change = draw(st.sampled_from(["same"] * 6 + ["more", "fewer"]))
    if change == "more":
        dims.insert(draw(st.integers(0, len(dims))), draw(size))
    elif change == "fewer" and dims:
        del dims[draw(st.integers(0, len(dims) - 1))]
    batch = shape[0] if isinstance(shape[0], int) and draw(st.integers(0, 3)) else 2
    return (batch, *dims)


def _empty_weights(rule: Any) -> bool:
    """An EinsumDense whose kernel or bias has a zero-size axis: TF's eager einsum and bias_add
    on empty weights follow no shape rule, and the engine answers UNKNOWN for its calls."""
    weights = [getattr(rule, "_kernel", None), getattr(rule, "_bias", None)]
    return any(isinstance(w, tuple) and 0 in w for w in weights)


def _call_test(kind: str):
    @diff_settings(max(8, EXAMPLES[kind] // 4))
    @given(data=st.data())
    def check(data: st.DataObject) -> None:
        case: Case = data.draw(STRATEGIES[kind], label="case")
        built, rule = run_engine(case)
        assume(built.stage is None and run_keras(case).stage is None)
        if _empty_weights(rule):
            case = OpenCase(case.kind, case.args, case.kwargs, case.batch_shape)
        try:
            compare_call(case, _data_shape(data.draw, case.batch_shape), test="call")
        except PlatformLimitation:
            reject()

    return check


_CALL_TESTS = {kind: _call_test(kind) for kind in sorted(STRATEGIES)}


@pytest.mark.parametrize("kind", sorted(STRATEGIES))
def test_built_layer_called_on_other_data(kind: str) -> None:
    _CALL_TESTS[kind]()


# ---------------------------------------------------------------------------------- UNKNOWN


@pytest.mark.parametrize("kind", sorted(STRATEGIES))
def test_unknown_never_invents(kind: str) -> None:
    @diff_settings(60)
    @given(data=st.data())
    def check(data: st.DataObject) -> None:
        check_unknown(data.draw, kind, STRATEGIES[kind], _blur)

    check()

