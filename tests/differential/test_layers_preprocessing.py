"""The preprocessing layers against real Keras: symbolic build on a typed input, output shape,
output dtype and parameter counts (see harness.compare for the scheme), plus the soundness of
UNKNOWN arguments (see test_unknown.py) and fixed examples of what surprised us.

A case is ``layer(keras.Input(batch_shape=..., dtype=...))``. Where a lookup's encoded width
depends on a vocabulary that adapt() would set, Keras (not adapted) says None and the engine
UNKNOWN: that axis is not compared (the engine must say UNKNOWN exactly where Keras says None).
"""

from __future__ import annotations

import math
from typing import Any

import keras
import pytest
from hypothesis import given
from hypothesis import strategies as st

from shapelens.engine import REGISTRY, UNKNOWN, LayerError, build_layer, make_layer

from .harness import STATS, Outcome, _has_unknown, _matches, diff_settings
from .strategies_preprocessing import EXAMPLES, STRATEGIES, VOCABULARY_LAYERS, PCase

FAMILY = "preprocessing"


def test_every_preprocessing_layer_has_a_strategy() -> None:
    registered = {name for name, rule in REGISTRY.items() if rule.family == FAMILY}
    assert registered == set(STRATEGIES)


def run_keras(case: PCase) -> tuple[Outcome, Any]:
    inputs = keras.Input(batch_shape=case.batch_shape, dtype=case.dtype)
    try:
        layer = getattr(keras.layers, case.kind)(*case.args, **case.kwargs)
    except Exception as exc:
        return Outcome("construct", exc), None
    try:
        out = layer(inputs)
    except Exception as exc:
        return Outcome("build", exc), None
    trainable = sum(math.prod(w.shape) for w in layer.trainable_weights)
    non_trainable = sum(math.prod(w.shape) for w in layer.non_trainable_weights)
    return Outcome(None, output=tuple(out.shape), trainable=trainable, non_trainable=non_trainable,
                   total=layer.count_params()), out.dtype


def run_engine(case: PCase) -> tuple[Outcome, Any]:
    try:
        rule = make_layer(case.kind, case.args, case.kwargs)
    except LayerError as exc:
        return Outcome("construct", exc), None
    try:
        built = build_layer(rule, case.batch_shape, case.dtype)
    except LayerError as exc:
        return Outcome("build", exc), None
    return Outcome(None, output=built.output, trainable=built.trainable, non_trainable=built.non_trainable,
                   total=built.params), built.dtype


def _unknown_where_none(engine: Any, keras_out: tuple[Any, ...]) -> bool:
    """Every UNKNOWN axis of the engine's output is a None axis of Keras's."""
    if not isinstance(engine, tuple) or len(engine) != len(keras_out):
        return False
    return all(k is None for e, k in zip(engine, keras_out, strict=True) if e is UNKNOWN)


def compare(case: PCase, test: str = "preproc") -> None:
    k, keras_dtype = run_keras(case)
    e, engine_dtype = run_engine(case)
    stats = STATS[(test, case.kind)]
    key = repr(case)
    stats.seen.add(key)
    if k.stage is not None:
        (stats.ctor if k.stage == "construct" else stats.build).add(key)
        assert e.stage is not None, (
            f"Keras raises at {k.stage} but the engine accepts {case!r}\n"
            f"  Keras: {type(k.error).__name__}: {str(k.error)[:600]}\n"
            f"  engine: output {e.output}, dtype {engine_dtype}, params {e.trainable}+{e.non_trainable}"
        )
        return
    assert e.stage is None, (
        f"the engine raises at {e.stage} but Keras accepts {case!r}\n"
        f"  engine: {getattr(e.error, 'code', '')} {e.error}\n  Keras output: {k.output} {keras_dtype}"
    )
    if _has_unknown([e.output, e.trainable, e.non_trainable, engine_dtype]):
        stats.unknowns.add(key)
        allowed = case.kind in VOCABULARY_LAYERS and _unknown_where_none(e.output, k.output) \
            and not _has_unknown([e.trainable, e.non_trainable, engine_dtype])
        assert allowed, f"the engine answers UNKNOWN for {case!r}: {e.output} {engine_dtype}; Keras {k.output}"
    problems = []
    if not _matches(e.output, k.output):
        problems.append(f"output shape: engine {e.output}, Keras {k.output}")
    for what in ("trainable", "non_trainable", "total"):
        if not _matches(getattr(e, what), getattr(k, what)):
            problems.append(f"{what} params: engine {getattr(e, what)}, Keras {getattr(k, what)}")
    if engine_dtype != keras_dtype:
        problems.append(f"output dtype: engine {engine_dtype}, Keras {keras_dtype}")
    assert not problems, f"{case!r}\n  " + "\n  ".join(problems)


# ---------------------------------------------------------------------------------- generated


def _layer_test(kind: str):
    @diff_settings(EXAMPLES[kind])
    @given(data=st.data())
    def check(data: st.DataObject) -> None:
        compare(data.draw(STRATEGIES[kind], label="case"))

    return check


_TESTS = {kind: _layer_test(kind) for kind in sorted(STRATEGIES)}


@pytest.mark.parametrize("kind", sorted(STRATEGIES))
def test_preprocessing_layer_matches_keras(kind: str) -> None:
    _TESTS[kind]()


# ---------------------------------------------------------------------------------- UNKNOWN


def _engine(case: PCase) -> tuple[str | None, Any]:
    try:
        built = build_layer(make_layer(case.kind, case.args, case.kwargs), case.batch_shape, case.dtype)
    except LayerError as err:
        return err.code, None
    return None, built


def _blur(draw: st.DrawFn, value: Any) -> Any:
    choice = draw(st.integers(0, 5))
    if choice == 0:
        return UNKNOWN
    if choice == 1 and isinstance(value, (tuple, list)) and value:
        return type(value)(UNKNOWN if draw(st.booleans()) else v for v in value)
    return value


def _agrees(blurred: Any, concrete: Any) -> bool:
    if blurred is UNKNOWN or concrete is UNKNOWN:
        return True
    if isinstance(blurred, tuple):
        return isinstance(concrete, tuple) and len(blurred) == len(concrete) \
            and all(map(_agrees, blurred, concrete))
    return blurred == concrete


@pytest.mark.parametrize("kind", sorted(STRATEGIES))
def test_unknown_never_invents(kind: str) -> None:
    """Engine only: an UNKNOWN argument or axis never invents an error or an answer."""

    @diff_settings(100)
    @given(data=st.data())
    def check(data: st.DataObject) -> None:
        draw = data.draw
        case: PCase = draw(STRATEGIES[kind], label="case")
        blurred = PCase(kind, tuple(_blur(draw, a) for a in case.args),
                        {k: _blur(draw, v) for k, v in case.kwargs.items()},
                        tuple(d if draw(st.integers(0, 3)) else UNKNOWN for d in case.batch_shape), case.dtype)
        STATS[("unknown", kind)].seen.add(repr(blurred))
        concrete_error, concrete = _engine(case)
        blurred_error, result = _engine(blurred)
        if blurred_error is not None:
            assert concrete_error is not None, f"{blurred!r} raises {blurred_error} but {case!r} builds"
            return
        if concrete_error is not None:
            return
        for what in ("output", "trainable", "non_trainable", "dtype"):
            b, c = getattr(result, what), getattr(concrete, what)
            assert _agrees(b, c), f"{what}: blurred {blurred!r} gives {b}, concrete {case!r} gives {c}"

    check()


# ---------------------------------------------------------------------------------- examples

S = "string"


@pytest.mark.parametrize(
    "case",
    [
        # Image layers take a rank-3 input as one unbatched image: the first two axes are resized.
        PCase("Resizing", (4, 5), {}, (None, 8, 8)),
        PCase("Resizing", (4, 5), {}, (None, 8)),
        PCase("CenterCrop", (4, 5), {}, (None, 8)),  # rank 2: raises
        PCase("RandomCrop", (40, 5), {}, (None, 8, 8, 3)),  # bigger than the image: symbolic fine
        PCase("Rescaling", (1 / 255,), {}, (None, 8, 8, 3), "uint8"),  # uint8 -> float32
        PCase("RandomFlip", (), {}, (None, 8, 8, 3), "int32"),  # -> float32
        PCase("Normalization", (), {}, (None, 4, 5, 3)),  # 3 + 3 + 1 non-trainable
        PCase("Normalization", (), {"axis": (1, 2)}, (None, 4, 5, 3)),  # 20 + 20 + 1
        PCase("Normalization", (), {"axis": (1, 1)}, (2, 4, 5, 3)),  # repeated axis: raises
        PCase("Normalization", (), {"mean": [0.5, 1], "variance": [2.0, 1]}, (None, 3)),  # raises
        PCase("TextVectorization", (), {}, (None, 3, 2), S),  # int: (batch, None) whatever the rank
        PCase("TextVectorization", (), {"output_sequence_length": 10}, (None,), S),
        PCase("TextVectorization", (), {"output_mode": "one_hot", "max_tokens": 10, "pad_to_max_tokens": True},
              (None, 1), S),  # (None, 1, None, 10)
        PCase("TextVectorization", (), {"output_mode": "count", "vocabulary": ["a", "b", "c"]}, (None,), S),
        PCase("StringLookup", (), {"vocabulary": ["a", "b", "c"], "output_mode": "multi_hot"}, (None,), S),
        PCase("StringLookup", (), {"input_shape": (3,)}, (None, 3), S),  # Unrecognized keyword
        PCase("StringLookup", (), {"trainable": 0}, (None, 3), S),  # ignored
        PCase("IntegerLookup", (), {"vocabulary": [7, 9], "mask_token": 5, "output_mode": "count"},
              (None, 3, 2), "int64"),
        PCase("CategoryEncoding", (5,), {}, (None,), "int32"),  # (5,): the batch axis is encoded
        PCase("CategoryEncoding", (5,), {"output_mode": "one_hot"}, (None, 1), "int32"),
        PCase("Discretization", ([0.0, 1.0],), {"output_mode": "multi_hot"}, (None, 3, 4)),  # (None, 4, 3)
        PCase("Discretization", (), {"num_bins": 3, "trainable": False}, (None, 4)),  # TypeError
    ],
    ids=repr,
)
def test_examples(case: PCase) -> None:
    compare(case, test="preproc-fixed")


def test_unadapted_vocabulary_is_unknown_not_none() -> None:
    """Keras says None before adapt(); after adapt() it knows the size. The engine cannot tell
    whether adapt() ran, so it answers UNKNOWN (never a diagnostic)."""
    built = build_layer(make_layer("StringLookup", (), {"output_mode": "multi_hot"}), (None, 3), S)
    assert built.output == (None, UNKNOWN)
    assert built.dtype == "float32"
    built = build_layer(make_layer("TextVectorization", (), {}), (None,), S)
    assert built.output == (None, None) and built.dtype == "int64"
