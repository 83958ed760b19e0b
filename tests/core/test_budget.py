"""One work budget per analysis: any file is analyzed with bounded work; past the budget the values
involved are UNKNOWN (never a guess) and one SL003 note says where it was reached."""

from __future__ import annotations

import textwrap
from collections.abc import Iterator
from typing import Any

import pytest

from shapelens.analysis import analyze, budget
from shapelens.analysis.interpreter import Interpreter
from shapelens.engine.shapes import UNKNOWN

HEADER = "import keras\nfrom keras import layers\n"


@pytest.fixture
def statements(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """How many statements the interpreter runs (the work done, independent of the machine)."""
    count = [0]
    original = Interpreter.statement

    def counted(self: Interpreter, stmt: Any) -> None:
        count[0] += 1
        original(self, stmt)

    monkeypatch.setattr(Interpreter, "statement", counted)
    yield count


def _run(body: str):  # type: ignore[no-untyped-def]
    return analyze(HEADER + textwrap.dedent(body), "snippet.py")


def _codes(result: Any) -> list[str]:
    return [d.code for d in result.diagnostics]


def _layer(result: Any, model: str, index: int) -> Any:
    return next(m for m in result.models if m.name == model).layers[index]


NESTED_RANGES = """
    for a in range(60):
        for b in range(60):
            for c in range(60):
                for d in range(60):
                    x = a + b + c + d
    model = keras.Sequential([keras.Input(shape=(4,)), layers.Dense(x)])
    after = keras.Sequential([keras.Input(shape=(4,)), layers.Dense(0)])
"""


def test_nested_range_loops_stop_at_the_budget(statements: list[int]) -> None:
    # 13 million iterations if unrolled: bounded by the budget and its overdraft instead.
    result = _run(NESTED_RANGES)
    assert statements[0] <= budget.WORK_LIMIT + budget.OVERDRAFT
    assert _codes(result).count("SL003") == 1
    note = next(d for d in result.diagnostics if d.code == "SL003")
    assert note.severity == "information"
    # x is what the loops leave: unknown, not the value of some iteration.
    assert _layer(result, "model", 0).output_shape == (None, UNKNOWN)
    # The code after the loops is still checked.
    assert "SL106" in _codes(result)


def test_constant_doubled_thirty_times_is_unknown(statements: list[int]) -> None:
    # 3.1 GB when folded without limit.
    body = 's = "ab"\n' + "s = s + s\n" * 30 + "t = (1,)\n" + "t = t + t\n" * 30 + "u = [0] * 64\n" + \
        "u = u * 64\n" * 5 + "model = keras.Sequential([keras.Input(shape=(4,)), layers.Dense(len(s) + len(t))])\n"
    result = _run(body)
    assert _codes(result) == ["SL003"]
    assert _layer(result, "model", 0).output_shape == (None, UNKNOWN)
    assert statements[0] < 200


def test_nested_comprehensions_are_bounded(statements: list[int]) -> None:
    body = """
        grid = [[[[i for i in range(64)] for j in range(64)] for k in range(64)] for n in range(64)]
        model = keras.Sequential([keras.Input(shape=(4,)), layers.Dense(len(grid))])
    """
    result = _run(body)
    assert _codes(result) == ["SL003"]
    assert _layer(result, "model", 0).output_shape == (None, UNKNOWN)


def test_exponential_calls_halt_and_leave_earlier_models_open() -> None:
    lines = ["model = keras.Sequential([keras.Input(shape=(4,)), layers.Dense(3)])",
             "def f0(x):", "    return x + 1"]
    for k in range(1, 5):
        lines += [f"def f{k}(x):", *[f"    x = f{k - 1}(x)" for _ in range(50)], "    return x"]
    lines += ["y = f4(1)", "model.add(layers.Dense(y))"]
    result = _run("\n".join(lines) + "\n")
    assert _codes(result) == ["SL003"]
    layers_ = next(m for m in result.models if m.name == "model").layers
    # Dense(3) is known; whatever the rest of the file did to the model is not.
    assert layers_[0].output_shape == (None, 3)
    assert layers_[-1].output_shape is UNKNOWN
    assert next(m for m in result.models if m.name == "model").params is UNKNOWN


def test_small_budget_makes_unrolled_loop_values_unknown(monkeypatch: pytest.MonkeyPatch) -> None:
    # Past the budget in the middle of an unrolled loop: the iterations left are "any number".
    monkeypatch.setattr(budget, "WORK_LIMIT", 40)
    body = """
        model = keras.Sequential([keras.Input(shape=(4,))])
        total = 0
        for i in range(30):
            total = total + 1
            model.add(layers.Dense(2))
        check = keras.Sequential([keras.Input(shape=(4,)), layers.Dense(total)])
    """
    result = _run(body)
    assert _codes(result) == ["SL003"]
    assert _layer(result, "check", 0).output_shape == (None, UNKNOWN)
    assert next(m for m in result.models if m.name == "model").layers[-1].output_shape is UNKNOWN


def test_work_within_the_budget_is_followed_exactly() -> None:
    body = """
        model = keras.Sequential([keras.Input(shape=(4,))])
        for i in range(3):
            for j in range(2):
                model.add(layers.Dense(i * 2 + j + 1))
        name = "a" * 3 + "b"
    """
    result = _run(body)
    assert _codes(result) == []
    shapes = [layer.output_shape for layer in result.models[0].layers]
    assert shapes == [(None, n) for n in range(1, 7)]
