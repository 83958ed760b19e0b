"""Models inside models: a model repeated in itself is built once per input shape (not
exponentially), and a model that contains itself is reported (Keras raises), never a crash."""

from __future__ import annotations

import os
import textwrap
from collections.abc import Iterator
from typing import Any

import pytest

from shapelens.analysis import analyze
from shapelens.analysis.assembly import Assembler
from shapelens.analysis.diagnostics import Collector
from shapelens.analysis.result import Span
from shapelens.analysis.values import Model

HEADER = "import keras\nfrom keras import layers\n"


@pytest.fixture
def nested_builds(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    count = [0]
    original = Assembler._build_nested_once

    def counted(self: Assembler, *args: Any) -> Any:
        count[0] += 1
        return original(self, *args)

    monkeypatch.setattr(Assembler, "_build_nested_once", counted)
    yield count


def _keras_error(source: str) -> BaseException | None:
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    try:
        exec(compile(source, "cycle.py", "exec"), {"__name__": "cycle"})
    except (ValueError, RecursionError) as err:
        return err
    return None


def test_model_doubled_twenty_times_is_built_once_per_shape(nested_builds: list[int]) -> None:
    # 12 s before (2**20 builds of the innermost model).
    body = "m = keras.Sequential([layers.Dense(4)])\n" + "m = keras.Sequential([m, m])\n" * 20 + "m.build((None, 4))\n"
    result = analyze(HEADER + body, "snippet.py")
    assert [d.code for d in result.diagnostics] == []
    assert nested_builds[0] <= 4 * 21
    final = result.models[-1]
    assert final.layers[-1].output_shape == (None, 4)


DECLARED = HEADER + textwrap.dedent("""
    m = keras.Sequential([keras.Input(shape=(4,)), layers.Dense(4)])
    m.add(m)
""")

UNDECLARED = HEADER + textwrap.dedent("""
    a = keras.Sequential([layers.Dense(3)])
    b = keras.Sequential([a])
    a.add(b)
    a.build((None, 3))
""")


def test_model_added_to_itself_is_an_error_as_in_keras() -> None:
    result = analyze(DECLARED, "snippet.py")
    assert [(d.code, d.severity, d.span.line) for d in result.diagnostics] == [("SL108", "error", 3)]
    assert _keras_error(DECLARED) is not None


def test_cycle_through_another_model_is_reported_and_keras_raises_on_build() -> None:
    result = analyze(UNDECLARED, "snippet.py")
    assert [(d.code, d.severity) for d in result.diagnostics] == [("SL108", "error")]
    assert isinstance(_keras_error(UNDECLARED), RecursionError)
    # Keras accepts the add itself: nothing raises until the model is built (a warning then).
    unbuilt = UNDECLARED.replace("a.build((None, 3))\n", "")
    assert [(d.code, d.severity) for d in analyze(unbuilt, "snippet.py").diagnostics] == [("SL108", "warning")]
    assert _keras_error(unbuilt) is None


SHARED = HEADER + textwrap.dedent("""
    block = keras.Sequential([layers.Dense(4)])
    twice = keras.Sequential([keras.Input(shape=(4,)), block, block, layers.Dense(2)])
    dense = layers.Dense(4)
    same_layer = keras.Sequential([keras.Input(shape=(4,)), dense, dense])
    deep = keras.Sequential([layers.Dense(4)])
    for _ in range(3):
        deep = keras.Sequential([deep, deep])
    deep.build((None, 4))
""")


def test_shared_layers_and_models_count_their_weights_once_as_keras(tmp_path: Any) -> None:
    import keras

    namespace: dict[str, Any] = {"__name__": "shared"}
    exec(compile(SHARED, "shared.py", "exec"), namespace)
    result = analyze(SHARED, "shared.py")
    assert [d.code for d in result.diagnostics] == []
    ours = {m.name: m for m in result.models}
    for name in ("twice", "same_layer", "deep"):
        model = namespace[name]
        assert isinstance(model, keras.Sequential)
        assert ours[name].params == model.count_params(), name
        rows = [(type(layer).__name__, tuple(layer.output.shape), layer.count_params()) for layer in model.layers]
        assert [(r.kind, r.output_shape, r.params) for r in ours[name].layers] == rows, name


def test_a_cycle_report_the_sink_does_not_keep_again_is_not_tracked() -> None:
    # A report made once, then taken out of the list by a later, better message (the rank checks
    # replace what they found), is not added again by the collector: the cycle check must not
    # expect to find it (it raised StopIteration; found by the fuzz test).
    sink = Collector()
    assembler = Assembler(sink, None, None)  # type: ignore[arg-type]
    model = Model(Span(0, 0, 0, 10), "m", [])
    assembler._cycle(model)
    sink.items.clear()  # taken out, still "seen"
    assembler._cycles.clear()
    assembler._cycle(model)
    assert sink.items == [] and id(model) not in assembler._cycles
