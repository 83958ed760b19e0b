"""Property-based fuzzing of the analysis core on generated and mutated Keras-like programs.

Programs are random statements from a small grammar (layers with huge, negative, float or None
arguments, loops, appends, models added to themselves, helpers, deep expressions), then cut at a
random point. ``analyze`` must never raise and must stay within its work budget (counted in
statements interpreted, not in seconds). ``--slow`` (SHAPELENS_SLOW=1) runs many more examples.

A never-execute test follows: code that would write a sentinel file, in every position where
code can hide, is analyzed and the sentinel is never written.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path
from unittest import mock

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from shapelens.analysis import Workspace, analyze, budget
from shapelens.analysis.interpreter import Interpreter
from shapelens.rules import RULES

SLOW = os.environ.get("SHAPELENS_SLOW") == "1"
# A small budget, so that the generated programs reach it often and the test stays quick.
LIMIT, OVERDRAFT = 3_000, 2_000

FUZZ = settings(
    max_examples=1_500 if SLOW else 200, derandomize=True, deadline=None, database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
)

HEADER = "import numpy as np\nimport keras\nfrom keras import layers\nimport tensorflow as tf\n"

NAMES = ("m", "m2", "lst", "x", "y", "n", "s", "t")

numbers = st.one_of(
    st.integers(-3, 70).map(str),
    st.sampled_from(["0", "-1", "10**12", "10**50", "10**100", "2**63", "1e308", "-0.5", "2.5", "None",
                     "True", "float('nan')", "(3, 4)", "(None, 4)", "[]", "'same'", "len(lst)", "n", "n * 2"]),
    st.integers(0, 10**60).map(str),
)


@st.composite
def expressions(draw: st.DrawFn, depth: int = 0) -> str:
    if depth > 3 or draw(st.booleans()):
        return draw(st.one_of(numbers, st.sampled_from(NAMES)))
    op = draw(st.sampled_from(["+", "-", "*", "//", "%", "**", "<", "and", "or"]))
    return f"({draw(expressions(depth + 1))} {op} {draw(expressions(depth + 1))})"


@st.composite
def layer_calls(draw: st.DrawFn) -> str:
    a, b = draw(numbers), draw(numbers)
    return draw(st.sampled_from([
        f"layers.Dense({a})", f"layers.Dense(units={a}, activation='softmax')", f"layers.Conv2D({a}, {b})",
        f"layers.Conv1D({a}, {b}, padding='same')", f"layers.Reshape(({a}, {b}))", "layers.Flatten()",
        f"layers.LSTM({a}, return_sequences=True)", f"layers.Embedding({a}, {b})", f"layers.Dropout({a})",
        f"layers.MaxPooling2D({a})", "layers.Lambda(lambda t: t * 2)", f"layers.RepeatVector({a})",
        f"layers.Dense({a}, input_shape=({b},))", f"layers.Cropping1D({a})", f"layers.ZeroPadding2D({a})",
        "layers.GlobalAveragePooling2D()", f"layers.Bidirectional(layers.LSTM({a}))", "layers.Nope(3)",
    ]))


@st.composite
def simple_statements(draw: st.DrawFn) -> str:
    name = draw(st.sampled_from(NAMES))
    shape = draw(st.sampled_from(["(4,)", "(28, 28, 1)", "(10, 3)", "(n,)", "(None,)", "(10**50,)", "()", "(-2, 3)"]))
    layer = draw(layer_calls())
    expr = draw(expressions())
    return draw(st.sampled_from([
        f"m = keras.Sequential([keras.Input(shape={shape}), {layer}])",
        f"m = keras.Sequential([{layer}, {draw(layer_calls())}])",
        f"m.add({layer})", "m.add(m)", "m = keras.Sequential([m, m])", "m2 = keras.Sequential([m2, m])",
        "m.pop()", f"m.build((None, {draw(numbers)}))",
        "lst = []", f"lst.append({layer})", f"lst += [{layer}]", f"lst.extend([{layer}] * {draw(numbers)})",
        f"lst.insert({draw(numbers)}, {layer})", "lst.pop()", f"lst[{draw(numbers)}] = {layer}",
        "del lst[0]", "m2 = keras.Sequential(lst)", "alias = lst", "alias.append(m)",
        f"{name} = {expr}", f"n = {draw(numbers)}", "s = s + s", "t = t + t", "s = [s] * 64",
        f"x = np.zeros({shape})", f"x = np.arange({draw(numbers)})", f"x = np.random.rand({draw(numbers)}, 4)",
        f"y = x[{draw(numbers)}:{draw(numbers)}:{draw(numbers)}]", f"y = x.reshape({shape})", "y = x[..., None]",
        "m.compile(loss='sparse_categorical_crossentropy')", "m.fit(x, y)", "m.predict(x)", "m(x)",
        f"y = f({expr})", f"y = [{layer} for _ in range({draw(numbers)})]",
        f"y = [[i * j for i in range({draw(numbers)})] for j in range({draw(numbers)})]",
        "keras.config.set_image_data_format('channels_first')", "y = helper(lst)", "pass",
    ]))


@st.composite
def blocks(draw: st.DrawFn, depth: int = 0) -> list[str]:
    """Statements, some of them loops, branches or functions holding more statements."""
    out: list[str] = []
    for _ in range(draw(st.integers(1, 6))):
        kind = draw(st.sampled_from(["simple"] * 5 + (["for", "while", "if", "def", "class", "try"] if depth < 2 else [])))
        if kind == "simple":
            out.append(draw(simple_statements()))
            continue
        header = draw(_headers(kind))
        body = draw(blocks(depth + 1))
        if kind == "def":
            body.append(f"return {draw(st.sampled_from(['a', 'm', 'lst', 'f(a)', 'helper(a)']))}")
        if kind == "class":
            body = ["def call(self, inputs):", *["    " + line for line in body], "    return inputs"]
        out.append(header)
        out.extend("    " + line for stmt in body for line in stmt.split("\n"))
        if kind == "try":
            out.extend(["except Exception:", "    " + draw(simple_statements())])
    return out


def _headers(kind: str) -> st.SearchStrategy[str]:
    if kind == "for":
        return st.one_of(numbers.map(lambda n: f"range({n})"), st.sampled_from(["lst", "x", "[1, 2, 3]", "m.layers"])) \
            .map(lambda items: f"for i in {items}:")
    if kind in ("while", "if"):
        return expressions().map(lambda test: f"{kind} {test}:")
    if kind == "def":
        return st.tuples(st.sampled_from(["f", "helper", "g"]), numbers).map(
            lambda pair: f"def {pair[0]}(a={pair[1]}, *args, **kw):")
    return st.just({"class": "class Block(layers.Layer):", "try": "try:"}[kind])


@contextlib.contextmanager
def _bounded() -> Iterator[list[int]]:
    """A small budget, and a count of the statements interpreted."""
    count = [0]
    original = Interpreter.statement

    def counted(self: Interpreter, stmt: object) -> None:
        count[0] += 1
        original(self, stmt)  # type: ignore[arg-type]

    with mock.patch.object(budget, "WORK_LIMIT", LIMIT), mock.patch.object(budget, "OVERDRAFT", OVERDRAFT), \
            mock.patch.object(Interpreter, "statement", counted):
        yield count


def _check(source: str, count: list[int]) -> None:
    count[0] = 0
    result = analyze(source, "fuzz.py")
    # Every statement is paid from the budget before it runs; nothing runs past the overdraft.
    assert count[0] <= LIMIT + OVERDRAFT + 1, count[0]
    assert all(d.code in RULES for d in result.diagnostics)
    for model in result.models:
        for layer in model.layers:
            assert layer.kind


@pytest.mark.timeout(3600 if SLOW else 300)
@FUZZ
@given(program=blocks(), cut=st.floats(0.0, 1.0), deep=st.integers(0, 120))
def test_generated_programs_never_raise_and_stay_bounded(program: list[str], cut: float, deep: int) -> None:
    source = HEADER + "lst = []\ns = 'ab'\nt = (1,)\nn = 3\nm = keras.Sequential()\nm2 = m\nx = None\n" + \
        "\n".join(program) + "\n" + "z = " + "(" * deep + "1" + ")" * deep + "\n"
    with _bounded() as count:
        _check(source, count)
        # The same program cut short, as in an editor while typing.
        _check(source[: int(len(source) * cut)], count)


# ----- never execute ---------------------------------------------------------------------------

_PAYLOADS = (
    'open({path!r}, "w").write("ran")',
    '__import__("os").system("touch " + {path!r})',
    '__import__("pathlib").Path({path!r}).write_text("ran")',
    'exec("open(" + repr({path!r}) + ", \\"w\\")")',
    'eval("__import__(\\"os\\").system(\\"touch " + {path!r} + "\\")")',
)

_POSITIONS = (
    "{p}\n",
    "def f():\n    {p}\nf()\n",
    "def g():\n    {p}\n",  # never called: analyzed with unknown arguments
    "h = lambda: {p}\nh()\n",
    "model = keras.Sequential([keras.Input(shape=(4,)), layers.Lambda(lambda t: {p} or t)])\n"
    "model.predict(np.zeros((1, 4)))\n",
    "def k(a={p}):\n    return a\nk()\n",
    "def deco(fn):\n    {p}\n    return fn\n@deco\ndef d():\n    pass\nd()\n",
    "@(lambda fn: {p})\ndef e():\n    pass\n",
    "class C:\n    {p}\n    def m(self):\n        {p}\nC().m()\n",
    "class L(layers.Layer):\n    def call(self, x):\n        {p}\n        return x\n"
    "    def compute_output_shape(self, s):\n        {p}\n        return s\n"
    "model2 = keras.Sequential([keras.Input(shape=(4,)), L()])\nmodel2.fit(np.zeros((2, 4)), np.zeros((2, 4)))\n",
    "y = [{p} for _ in range(2)]\n",
    "with open(__file__) as fh:\n    {p}\n",
    "for _ in range(2):\n    {p}\n",
    "z = f'{{{p}}}'\n",
    "import os\nos.system('touch ' + {path!r})\nimport subprocess\nsubprocess.run(['touch', {path!r}])\n",
)


def test_analyzed_code_is_never_executed(tmp_path: Path) -> None:
    sentinel = tmp_path / "sentinel"
    for position in _POSITIONS:
        for payload in _PAYLOADS:
            snippet = position.format(p=payload.format(path=str(sentinel)), path=str(sentinel))
            source = "import numpy as np\nimport keras\nfrom keras import layers\n" + snippet
            analyze(source, str(tmp_path / "user.py"), workspace=Workspace(tmp_path))
            assert not sentinel.exists(), snippet


def test_imported_workspace_modules_are_read_not_run(tmp_path: Path) -> None:
    sentinel = tmp_path / "sentinel"
    (tmp_path / "mymodel.py").write_text(f'open({str(sentinel)!r}, "w")\nUNITS = 4\n')
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "__init__.py").write_text(f'__import__("os").system("touch {sentinel}")\n')
    source = (
        "import keras\nfrom keras import layers\nimport mymodel\nfrom pkg import thing\nfrom mymodel import UNITS\n"
        "model = keras.Sequential([keras.Input(shape=(3,)), layers.Dense(UNITS)])\n"
    )
    result = analyze(source, str(tmp_path / "train.py"), workspace=Workspace(tmp_path))
    assert not sentinel.exists()
    assert result.models[0].layers[0].output_shape == (None, 4)  # read statically all the same
