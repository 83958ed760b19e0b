"""The prefix cache (analysis.incremental): an analysis that resumes from a checkpoint gives
exactly what a fresh analysis of the same text gives (diagnostics with their fixes, models
with every layer's shapes, array notes), over random edit streams on corpus programs."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from shapelens.analysis import FileAnalysis, PrefixCache, analyze
from shapelens.analysis.incremental import freeze, thaw
from shapelens.analysis.parsing import parse_source
from tests.cases import CASES_DIR

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
PROGRAMS = sorted(p for p in [*CORPUS.glob("general/*.py"), *CORPUS.glob("data_built/*.py"), *CASES_DIR.glob("*.py")] if not p.name.startswith("_"))
PIECES = ["(", ")", ",", "\n", " ", "=", "4", "32", "x", "layers.Dense(8)", "model.add(layers.Dense(3))\n",
          "# c", "'", "\t", "keras.backend.set_image_data_format('channels_first')\n", "def f():\n    return 1\n"]


def _same(a: FileAnalysis, b: FileAnalysis) -> None:
    assert a.diagnostics == b.diagnostics
    assert a.models == b.models
    assert a.arrays == b.arrays


def _parses(text: str) -> bool:
    try:
        parse_source(text)
    except (SyntaxError, ValueError):
        return False
    return True


def _edit(text: str, kind: str, where: int, size: int, piece: str) -> str:
    lines = text.split("\n")
    if kind == "line":  # replace a line by another line of the file (often still parses)
        i, j = where % len(lines), (where // 7 + size) % len(lines)
        lines[i] = lines[j]
        return "\n".join(lines)
    if kind == "drop_line":
        del lines[where % len(lines)]
        return "\n".join(lines)
    if kind == "append":
        return text + piece
    start = where % (len(text) + 1)
    return text[:start] + piece + text[start + size:]


edit = st.tuples(
    st.sampled_from(["line", "drop_line", "append", "insert", "insert"]),
    st.integers(min_value=0, max_value=10**6),
    st.integers(min_value=0, max_value=6),
    st.sampled_from(PIECES),
    st.integers(min_value=0, max_value=3),  # how many more edits go to the same place
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(program=st.sampled_from(PROGRAMS), edits=st.lists(edit, min_size=1, max_size=10))
def test_random_edits_resume_to_the_fresh_analysis(program: Path, edits: list[tuple[str, int, int, str, int]]) -> None:
    text = program.read_text(encoding="utf-8")
    cache = PrefixCache()
    last_good = text if _parses(text) else None
    _same(analyze(text, last_good=last_good, cache=cache), analyze(text, last_good=last_good))
    for kind, where, size, piece, again in edits:
        for _ in range(again + 1):  # typing goes on at one place: the checkpoint is used
            text = _edit(text, kind, where, size, piece)
            _same(analyze(text, last_good=last_good, cache=cache), analyze(text, last_good=last_good))
            if _parses(text):
                last_good = text


def test_typing_at_the_end_resumes_after_the_last_statement() -> None:
    text = (CORPUS / "general" / "kerasio_mnist_convnet.py").read_text(encoding="utf-8")
    cache = PrefixCache()
    analyze(text, cache=cache)
    for piece in ["#", "#", "\n", "x = 1\n", "model.summary()\n"]:
        text += piece
        _same(analyze(text, cache=cache), analyze(text))
    assert cache.resumed >= 3
    assert cache.checkpoint is not None and cache.checkpoint.line > 10


def test_an_edit_in_the_middle_resumes_there_and_an_earlier_one_starts_over() -> None:
    text = (CORPUS / "general" / "homl_ch14_resnet34.py").read_text(encoding="utf-8")
    lines = text.split("\n")
    middle = len(lines) // 2
    while lines[middle].startswith((" ", "\t", ")", "]")) or not lines[middle].strip():
        middle += 1
    cache = PrefixCache()
    analyze(text, cache=cache)
    for suffix in ["", "  # a", "  # ab"]:
        changed = "\n".join([*lines[:middle], lines[middle] + suffix, *lines[middle + 1:]])
        _same(analyze(changed, cache=cache), analyze(changed))
    assert cache.resumed >= 1 and 0 < cache.resumed_line <= middle
    resumed = cache.resumed
    earlier = "# a first line\n" + text
    _same(analyze(earlier, cache=cache), analyze(earlier))
    assert cache.resumed == resumed  # the checkpoint's text changed: a fresh run


def test_a_syntax_error_after_the_checkpoint_is_reported_as_fresh() -> None:
    text = (CORPUS / "general" / "kerasio_mnist_convnet.py").read_text(encoding="utf-8")
    cache = PrefixCache()
    analyze(text, cache=cache)
    analyze(text + "#", cache=cache, last_good=text)
    broken = text + "model.fit(\n"
    _same(analyze(broken, cache=cache, last_good=text), analyze(broken, last_good=text))
    assert any(d.code == "SL001" for d in analyze(broken, cache=cache, last_good=text).diagnostics)


def test_a_thawed_copy_keeps_sharing_singletons_and_tables_by_id() -> None:
    from shapelens.engine.shapes import UNKNOWN

    shared: list[int] = [1]
    node = ast.parse("x = 1").body[0]
    sentinel = object()
    source = "x = 1\n"
    original: dict[str, Any] = {
        "a": shared, "b": shared, "unknown": UNKNOWN, "node": node, "t": (shared, 2), "cycle": None,
        "by_id": {id(shared): "the list", 7: "a number"}, "sentinel": sentinel, "source": source,
    }
    original["cycle"] = original
    copied = thaw(freeze(original, {"source": source}), {"source": "y = 2\n"})
    assert copied["a"] is copied["b"] and copied["a"] is not shared and copied["a"] == shared
    assert copied["unknown"] is UNKNOWN and copied["node"] is node and copied["sentinel"] is sentinel
    assert copied["t"][0] is copied["a"] and copied["cycle"] is copied
    assert copied["by_id"] == {id(copied["a"]): "the list", 7: "a number"}
    assert copied["source"] == "y = 2\n"
