"""Whole Sequential models: the engine's layer-by-layer fold against ``keras.Sequential``.

The per-layer tests call each layer on a symbolic input; here Keras assembles real models, so
anything the Sequential machinery adds (masks, several outputs, the order of checks) is
covered as well. The next layer of a generated chain is preferably one that takes the current
output rank, so that chains get deep enough to matter.
"""

from __future__ import annotations

from typing import Any

import keras
import pytest
from hypothesis import given
from hypothesis import strategies as st

from shapelens.engine import UNKNOWN, LayerError, build_layer, make_layer

from .harness import STATS, Case, _has_unknown, _matches, _shape, _size, diff_settings
from .strategies import STRATEGIES

# Layers by the input rank (batch axis included) they take; Dense-like layers take any.
_BY_RANK: dict[int, list[str]] = {
    2: ["Dense", "Dense", "Activation", "Dropout", "BatchNormalization", "Reshape", "Embedding", "Flatten"],
    3: ["Conv1D", "MaxPooling1D", "AveragePooling1D", "GlobalAveragePooling1D", "GlobalMaxPooling1D",
        "SimpleRNN", "LSTM", "GRU", "Dense", "Flatten", "Reshape"],
    4: ["Conv2D", "Conv2D", "MaxPooling2D", "AveragePooling2D", "GlobalAveragePooling2D",
        "GlobalMaxPooling2D", "BatchNormalization", "Flatten", "Dense", "Reshape"],
    5: ["Conv3D", "MaxPooling3D", "AveragePooling3D", "GlobalAveragePooling3D", "GlobalMaxPooling3D",
        "Flatten"],
}


def _engine_chain(batch_shape: tuple[Any, ...], cases: list[Case]) -> tuple[str | None, list[Any]]:
    """Fold build_layer over the chain; returns (error code or None, per-layer results)."""
    shape: Any = batch_shape
    results: list[Any] = []
    for i, case in enumerate(cases):
        try:
            rule = make_layer(case.kind, case.args, case.kwargs)
            built = build_layer(rule, shape)
        except LayerError as err:
            return err.code, results
        if getattr(rule, "returns_state", False) is True:
            if i < len(cases) - 1:
                # The next layer gets [output, *states]: Keras raises; the analysis reports it
                # from returns_state. Here: counts as the engine raising.
                return "returns_state", results
            results.append((list(rule.outputs(shape)), built))
            break
        results.append((built.output, built))
        shape = built.output
    return None, results


def _output(case: Case, shape: Any) -> Any:
    """The engine's output for ``case`` on ``shape``, or None where it raises."""
    try:
        return build_layer(make_layer(case.kind, case.args, case.kwargs), shape).output
    except LayerError:
        return None


@st.composite
def chains(draw: st.DrawFn) -> tuple[tuple[Any, ...], list[Case]]:
    """1 to 4 layers. Every layer but the last is preferably one the engine accepts on the
    chain's shape (a few draws are tried), so that the chains get deep; the last is free."""
    length = draw(st.integers(1, 4), label="length")
    cases: list[Case] = []
    shape: Any = None
    for i in range(length):
        last = i == length - 1
        for _attempt in range(1 if last else 6):
            if shape is None:
                kind = draw(st.sampled_from(sorted(STRATEGIES)))
            else:
                pool = _BY_RANK.get(len(shape), sorted(STRATEGIES))
                kind = draw(st.sampled_from(pool if draw(st.integers(0, 4)) else sorted(STRATEGIES)))
            case: Case = draw(STRATEGIES[kind], label=f"layer {i}")
            out = _output(case, case.batch_shape if shape is None else shape)
            if out is not None:
                break
        if shape is None:
            shape = case.batch_shape
            batch_shape = case.batch_shape
        cases.append(case)
        if out is None or out is UNKNOWN or last:
            break
        shape = out
    return batch_shape, cases


def _keras_chain(batch_shape: tuple[Any, ...], cases: list[Case]) -> tuple[BaseException | None, list[Any]]:
    try:
        layers = [getattr(keras.layers, c.kind)(*c.args, **c.kwargs) for c in cases]
        model = keras.Sequential([keras.Input(batch_shape=batch_shape), *layers])
    except Exception as exc:
        return exc, []
    out = []
    for layer in model.layers:
        out.append((_shape(layer.output), _size(layer.trainable_weights), _size(layer.non_trainable_weights)))
    return None, out


def compare_chain(batch_shape: tuple[Any, ...], cases: list[Case]) -> None:
    key = f"Input(batch_shape={batch_shape!r}) -> " + " -> ".join(map(repr, cases))
    stats = STATS[("sequential", f"{len(cases)} layers")]
    stats.seen.add(key)
    keras_error, keras_layers = _keras_chain(batch_shape, cases)
    engine_error, engine_layers = _engine_chain(batch_shape, cases)
    if keras_error is not None:
        stats.build.add(key)
        if engine_error is None and any(_has_unknown(e[0]) for e in engine_layers) and any(
            c.allows_unknown for c in cases
        ):
            stats.unknowns.add(key)
            return
        assert engine_error is not None, (
            f"Keras raises for {key} but the engine accepts it\n"
            f"  Keras: {type(keras_error).__name__}: {str(keras_error)[:600]}"
        )
        return
    assert engine_error is None, f"the engine raises {engine_error} for {key} but Keras builds it"
    assert len(engine_layers) == len(keras_layers)
    for case, (e_out, built), (k_out, k_train, k_frozen) in zip(cases, engine_layers, keras_layers, strict=True):
        if _has_unknown([e_out, built.trainable, built.non_trainable]):
            stats.unknowns.add(key)
            assert any(c.allows_unknown for c in cases), f"UNKNOWN for {case!r} in {key}"
        assert _matches(e_out, k_out), f"{case.kind} output: engine {e_out}, Keras {k_out} in {key}"
        assert _matches(built.trainable, k_train), f"{case.kind} trainable: {built.trainable} vs {k_train}"
        assert _matches(built.non_trainable, k_frozen), f"{case.kind} frozen: {built.non_trainable} vs {k_frozen}"


# ---------------------------------------------------------------------------------- examples


@pytest.mark.parametrize(
    ("batch_shape", "cases", "code"),
    [
        # The SL105 example: Conv2D(8, 3) leaves 2x2, MaxPooling2D(3) does not fit.
        ((None, 4, 4, 1), [Case("Conv2D", (8, 3), {}, ()), Case("MaxPooling2D", (3,), {}, ())], "SL105"),
        ((None, 4, 4, 1), [Case("Conv2D", (8, 3), {}, ()), Case("MaxPooling2D", (2,), {}, ())], None),
        ((None, 28, 28, 1), [Case("Conv2D", (32, 3), {"activation": "relu"}, ()),
                             Case("MaxPooling2D", (), {}, ()), Case("Flatten", (), {}, ()),
                             Case("Dense", (10,), {"activation": "softmax"}, ())], None),
        ((None, 10), [Case("LSTM", (8,), {}, ())], "SL101"),
        ((None, 10, 3), [Case("LSTM", (8,), {"return_state": True}, ()), Case("Dense", (2,), {}, ())],
         "returns_state"),
        ((None, 10, 3), [Case("GRU", (8,), {"return_sequences": True}, ()), Case("LSTM", (4,), {}, ())], None),
        ((None, 12), [Case("Embedding", (100, 8), {"mask_zero": True}, ()), Case("Flatten", (), {}, ()),
                      Case("Dense", (1,), {}, ())], None),
        ((None, None, 3), [Case("Conv1D", (4, 3), {}, ()), Case("GlobalMaxPooling1D", (), {}, ())], None),
        ((None, None, 3), [Case("Conv1D", (4, 3), {}, ()), Case("Flatten", (), {}, ()),
                           Case("Dense", (2,), {}, ())], "SL102"),
    ],
)
def test_sequential_examples(batch_shape: tuple[Any, ...], cases: list[Case], code: str | None) -> None:
    compare_chain(batch_shape, cases)
    assert _engine_chain(batch_shape, cases)[0] == code


@diff_settings(300)
@given(chain=chains())
def test_generated_sequential_models(chain: tuple[tuple[Any, ...], list[Case]]) -> None:
    compare_chain(*chain)
