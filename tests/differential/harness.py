"""Run one layer configuration through real Keras and through the engine, and compare.

A configuration (``Case``) is a layer class name, constructor arguments and a batch input
shape. Keras builds the layer by calling it on ``keras.Input(batch_shape=...)``, which is what a
``Sequential`` model does for each layer when it is assembled. The comparison is strict:

* Keras raises (in the constructor or while building) <=> the engine raises ``LayerError``
  (in ``make_layer`` or ``build_layer``); any other exception from the engine is a bug;
* otherwise the output shape is identical, and so are the trainable, non-trainable and total
  parameter counts.

The engine may answer UNKNOWN only where a case says so (``glu`` activations, whose effect
on the last axis the engine deliberately leaves open).
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import keras
import numpy as np
from hypothesis import HealthCheck, settings

from shapelens.engine import UNKNOWN, Built, LayerError, build_layer, call_layer, make_layer

SLOW = False  # set by conftest.pytest_configure from --slow


def diff_settings(examples: int = 100) -> settings:
    """Hypothesis settings for one differential test; ``examples`` is the default-run budget."""
    return settings(
        max_examples=examples * 6 if SLOW else examples,
        derandomize=True,
        deadline=None,
        database=None,
        print_blob=True,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
    )


@dataclass
class Stats:
    """Distinct configurations per (test, layer); Hypothesis may run one several times."""

    seen: set[str] = field(default_factory=set)
    ctor: set[str] = field(default_factory=set)  # Keras raised in the constructor
    build: set[str] = field(default_factory=set)  # Keras raised when building / calling
    unknowns: set[str] = field(default_factory=set)  # the engine answered UNKNOWN somewhere

    @property
    def configs(self) -> int:
        return len(self.seen)

    @property
    def raising(self) -> int:
        return len(self.ctor) + len(self.build)

    @property
    def raised_ctor(self) -> int:
        return len(self.ctor)

    @property
    def raised_build(self) -> int:
        return len(self.build)

    @property
    def unknown(self) -> int:
        return len(self.unknowns)


STATS: dict[tuple[str, str], Stats] = defaultdict(Stats)


@dataclass(frozen=True)
class Case:
    kind: str
    args: tuple[Any, ...]
    kwargs: dict[str, Any]
    batch_shape: tuple[int | None, ...]

    def __repr__(self) -> str:
        call = ", ".join([*map(repr, self.args), *(f"{k}={v!r}" for k, v in self.kwargs.items())])
        return f"layers.{self.kind}({call})(keras.Input(batch_shape={self.batch_shape!r}))"

    @property
    def allows_unknown(self) -> bool:
        """glu halves the last axis at run time while Keras's symbolic shape keeps it."""
        return "glu" in self.args or "glu" in self.kwargs.values()


@dataclass
class Outcome:
    stage: str | None  # None: built; "construct" or "build": where it raised
    error: BaseException | None = None
    output: Any = None  # a shape tuple, or a list of them
    trainable: Any = None
    non_trainable: Any = None
    total: Any = None


def _size(weights: list[Any]) -> int:
    return sum(math.prod(w.shape) for w in weights)


def _shape(t: Any) -> Any:
    if isinstance(t, (list, tuple)):
        return [_shape(x) for x in t]
    return tuple(t.shape)


def keras_layer(case: Case) -> Any:
    return getattr(keras.layers, case.kind)(*case.args, **case.kwargs)


def run_keras(case: Case) -> Outcome:
    inputs = keras.Input(batch_shape=case.batch_shape)  # must never raise: strategies are valid
    try:
        layer = keras_layer(case)
    except Exception as exc:
        return Outcome("construct", exc)
    try:
        out = layer(inputs)
    except Exception as exc:
        return Outcome("build", exc)
    return Outcome(
        None,
        output=_shape(out),
        trainable=_size(layer.trainable_weights),
        non_trainable=_size(layer.non_trainable_weights),
        total=layer.count_params(),
    )


def run_engine(case: Case) -> tuple[Outcome, Any]:
    try:
        rule = make_layer(case.kind, case.args, case.kwargs)
    except LayerError as exc:
        return Outcome("construct", exc), None
    try:
        built = build_layer(rule, case.batch_shape)
    except LayerError as exc:
        return Outcome("build", exc), rule
    output: Any = built.output
    if getattr(rule, "returns_state", False) is True:
        output = list(rule.outputs(case.batch_shape))
    return Outcome(None, output=output, trainable=built.trainable, non_trainable=built.non_trainable,
                   total=built.params), rule


def _has_unknown(value: Any) -> bool:
    if value is UNKNOWN:
        return True
    if isinstance(value, (list, tuple)):
        return any(_has_unknown(v) for v in value)
    return False


def _matches(engine: Any, keras_value: Any) -> bool:
    """Equality where an engine UNKNOWN matches anything."""
    if engine is UNKNOWN:
        return True
    if isinstance(engine, (list, tuple)) and isinstance(keras_value, (list, tuple)):
        return len(engine) == len(keras_value) and all(map(_matches, engine, keras_value))
    return engine == keras_value and type(engine) is type(keras_value)


def compare(case: Case, test: str = "build") -> None:
    """Assert that the engine agrees with Keras on ``case``; record it in STATS."""
    k = run_keras(case)
    e, _ = run_engine(case)
    stats = STATS[(test, case.kind)]
    key = repr(case)
    stats.seen.add(key)
    if k.stage is not None:
        (stats.ctor if k.stage == "construct" else stats.build).add(key)
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
        assert case.allows_unknown, f"the engine answers UNKNOWN for {case!r}: {e.output}, {e.trainable}"
    problems = []
    if not _matches(e.output, k.output):
        problems.append(f"output shape: engine {e.output}, Keras {k.output}")
    for what in ("trainable", "non_trainable", "total"):
        if not _matches(getattr(e, what), getattr(k, what)):
            problems.append(f"{what} params: engine {getattr(e, what)}, Keras {getattr(k, what)}")
    assert not problems, f"{case!r}\n  " + "\n  ".join(problems)


class PlatformLimitation(Exception):
    """Keras failed for a reason of this machine, not of shapes (TF's CPU kernels for Conv1D and
    Conv2D only take channels_last data)."""


def _platform_limitation(exc: BaseException) -> bool:
    return type(exc).__name__ == "UnimplementedError" and "currently only supports" in str(exc)


# Positional places of pool_size/strides and of kernel_size/strides/dilation_rate.
_WINDOW_ARGS = {"pooling": ("pool_size", "strides"), "conv": ("filters", "kernel_size", "strides", "padding",
                                                             "data_format", "dilation_rate")}


def _divides_by_zero(case: Case) -> bool:
    """A pooling/convolution size that TF truncates to 0 (0, or a float below 1)."""
    family = "pooling" if "Pooling" in case.kind and "Global" not in case.kind else \
        "conv" if case.kind.startswith("Conv") else None
    if family is None:
        return False
    names = _WINDOW_ARGS[family]
    values = dict(zip(names, case.args, strict=False)) | dict(case.kwargs)
    for name in ("pool_size", "strides", "kernel_size", "dilation_rate"):
        value = values.get(name)
        items = value if isinstance(value, (tuple, list)) else [value]
        for item in items:
            if isinstance(item, (int, float)) and not isinstance(item, bool) and 0 <= item < 1:
                return True
    return False


def compare_call(case: Case, data_shape: tuple[int, ...], test: str = "call") -> None:
    """Build ``case`` on its symbolic input, then feed it real data of ``data_shape``: the
    engine's ``call_layer`` must raise exactly when Keras's eager call does, and agree on the
    output shape otherwise. ``case`` must build in both."""
    layer = keras_layer(case)
    layer(keras.Input(batch_shape=case.batch_shape))
    rule = make_layer(case.kind, case.args, case.kwargs)
    built: Built = build_layer(rule, case.batch_shape)

    stats = STATS[(test, case.kind)]
    key = f"{case!r} <- {data_shape}"
    stats.seen.add(key)
    try:
        if _divides_by_zero(case):
            # TF's pooling/convolution kernels truncate these sizes to 0 and divide by it: the
            # process dies (SIGFPE) instead of raising, so the call must not be made.
            raise ZeroDivisionError("a window, stride or dilation truncates to 0 in TF's kernel")
        out = layer(np.zeros(data_shape, dtype="float32"))
        keras_out, keras_error = _shape(out), None
    except Exception as exc:
        if _platform_limitation(exc):
            stats.seen.discard(key)
            raise PlatformLimitation(str(exc)) from exc
        keras_out, keras_error = None, exc
    try:
        engine_out, engine_error = call_layer(rule, built, data_shape), None
        if getattr(rule, "returns_state", False) is True:
            engine_out = list(rule.outputs(data_shape))
    except LayerError as exc:
        engine_out, engine_error = None, exc
    if keras_error is not None:
        stats.build.add(key)
        if engine_error is None and _has_unknown(engine_out) and case.allows_unknown:
            stats.unknowns.add(key)  # glu on an odd axis, or inside a recurrent cell
            return
        assert engine_error is not None, (
            f"Keras raises when {case!r} is fed data of shape {data_shape} but the engine gives "
            f"{engine_out}\n  Keras: {type(keras_error).__name__}: {str(keras_error)[:600]}"
        )
        return
    assert engine_error is None, (
        f"the engine raises when {case!r} is fed data of shape {data_shape} but Keras gives "
        f"{keras_out}\n  engine: {engine_error.code} {engine_error}"
    )
    if _has_unknown(engine_out):
        stats.unknowns.add(key)
        assert case.allows_unknown, f"the engine answers UNKNOWN for {case!r} <- {data_shape}"
    assert _matches(engine_out, keras_out), (
        f"{case!r} fed {data_shape}: engine output {engine_out}, Keras {keras_out}"
    )
