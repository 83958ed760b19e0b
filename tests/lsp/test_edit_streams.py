"""Random edit streams on realistic Keras files, sent through the server's document sync
(ranged changes in UTF-16 positions and whole texts, mixed): the diagnostics the server
publishes for the final version are those of a fresh analysis of the final text.

When the final text does not parse, the server analyzes it with the last version that parsed
(``last_good``); which versions were analyzed depends on the debounce, so the publication must
equal the analysis with one of the parsing versions of the stream (or none)."""

from __future__ import annotations

import ast
import asyncio
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from shapelens.analysis import analyze
from tests.cases import CASES_DIR
from tests.lsp.in_process import InProcessServer

URI = "file:///nonexistent-shapelens-edits/model.py"
FILES = ["wrong_feature_count.py", "lstm_fed_2d.py", "layer_chain_ok.py", "reshape_size_mismatch.py"]
PIECES = ["😀", "(", ")", ",", ":", "\n", " ", "=", "4", "32", "layers.Dense(", "model.add(", "é", "😀", "#", "'", "\t"]


def _utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _position(text: str, offset: int) -> dict[str, int]:
    before = text[:offset]
    line = before.count("\n")
    column = before[before.rfind("\n") + 1 :]
    return {"line": line, "character": _utf16(column)}


edit = st.tuples(
    st.sampled_from(["insert", "delete", "replace", "delete_line", "duplicate_line", "swap_lines"]),
    st.integers(min_value=0, max_value=10**6),
    st.integers(min_value=0, max_value=12),
    st.lists(st.sampled_from(PIECES), max_size=4).map("".join),
    st.booleans(),  # sent as a ranged change (else as the whole text)
)


def _apply(text: str, kind: str, where: int, size: int, piece: str) -> tuple[int, int, str]:
    """The edit as (start offset, end offset, new text) on ``text``."""
    lines = text.split("\n")
    starts = [0]
    for line in lines[:-1]:
        starts.append(starts[-1] + len(line) + 1)
    if kind in ("delete_line", "duplicate_line", "swap_lines"):
        i = where % len(lines)
        start, end = starts[i], starts[i] + len(lines[i])
        if kind == "delete_line":
            return start, min(end + 1, len(text)), ""
        if kind == "duplicate_line":
            return start, start, lines[i] + "\n"
        j = (i + 1) % len(lines)
        if j <= i:
            return start, start, ""
        return start, starts[j] + len(lines[j]), lines[j] + "\n" + lines[i]
    start = where % (len(text) + 1)
    if kind == "insert":
        return start, start, piece
    end = min(start + size, len(text))
    return start, end, piece if kind == "replace" else ""


def _with_wide_characters(text: str) -> str:
    """Characters of two UTF-16 units before the code on many lines (layer names), so that a
    ranged change whose columns were counted wrongly lands elsewhere."""
    text = text.replace("layers.Dense(", 'layers.Dense(name="😀é", units=')
    return "\n".join(f"{line}  # 😀é" if line.rstrip().endswith((")", "]", ",")) else line for line in text.split("\n"))


def _parses(text: str) -> bool:
    try:
        ast.parse(text)
    except (SyntaxError, ValueError):
        return False
    return True


def _key(code: Any, line: int, character: int, message: str) -> tuple[str, int, int, str]:
    return (str(code), line, character, message)


async def _run(base: str, edits: list[tuple[str, int, int, str, bool]]) -> tuple[str, list[str], list[Any]]:
    server = InProcessServer(debounce=0.005)
    try:
        server.initialize()
        server.open(URI, base)
        text, parsing = base, [base]
        for version, (kind, where, size, piece, ranged) in enumerate(edits, start=2):
            start, end, new = _apply(text, kind, where, size, piece)
            rng = {"start": _position(text, start), "end": _position(text, end)}
            text = text[:start] + new + text[end:]
            change = {"range": rng, "text": new} if ranged else {"text": text}
            server.send("textDocument/didChange", {
                "textDocument": {"uri": URI, "version": version}, "contentChanges": [change],
            })
            if _parses(text):
                parsing.append(text)
            if version % 3 == 0:
                await asyncio.sleep(0.02)  # let some intermediate versions be analyzed
        published = await server.published(URI, len(edits) + 1)
    finally:
        server.close()
    return text, parsing, published


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=st.sampled_from(FILES), edits=st.lists(edit, min_size=1, max_size=8))
def test_edit_stream_ends_with_the_fresh_analysis(name: str, edits: list[tuple[str, int, int, str, bool]]) -> None:
    base = _with_wide_characters((CASES_DIR / name).read_text(encoding="utf-8"))
    assert _parses(base)
    final, parsing, published = asyncio.run(_run(base, edits))
    got = sorted(
        _key(d.get("code"), d["range"]["start"]["line"], d["range"]["start"]["character"], d["message"]) for d in published
    )
    lines = final.split("\n")
    path = "/nonexistent-shapelens-edits/model.py"
    candidates = [None, *parsing] if not _parses(final) else [None]
    expected = [
        sorted(
            _key(d.code, d.span.line, _utf16(lines[d.span.line][: d.span.col]), d.message)
            for d in analyze(final, path, last_good=good).diagnostics
        )
        for good in candidates
    ]
    assert got in expected, (final, got, expected[-1])


async def _type_at(base: str, offset: int, keystrokes: list[str]) -> tuple[str, str, list[Any], int]:
    """Keystrokes at one place (the prefix cache resumes there), each version analyzed: the
    final text, the last one that parsed, the final publication, how many analyses resumed."""
    server = InProcessServer(debounce=0.0)
    try:
        server.initialize()
        server.open(URI, base)
        await server.published(URI, 1)
        text = good = base
        for version, key in enumerate(keystrokes, start=2):
            text = text[:offset] + key + text[offset:]
            offset += len(key)
            server.send("textDocument/didChange", {
                "textDocument": {"uri": URI, "version": version}, "contentChanges": [{"text": text}],
            })
            published = await server.published(URI, version)
            good = text if _parses(text) else good
        state = server.ls.state(URI)
        assert state is not None
        return text, good, published, state.cache.resumed
    finally:
        server.close()


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    name=st.sampled_from(FILES),
    where=st.integers(min_value=0, max_value=10**6),
    keystrokes=st.lists(st.sampled_from(["\n", "x = 1\n", "#", " ", "model.add(layers.Dense(3))\n"]), min_size=2, max_size=5),
)
def test_typing_at_one_place_resumes_and_publishes_the_fresh_analysis(name: str, where: int, keystrokes: list[str]) -> None:
    base = (CASES_DIR / name).read_text(encoding="utf-8")
    # Keystrokes go at the start of a line in the second half (statements end before it).
    starts = [i + 1 for i, c in enumerate(base) if c == "\n"]
    starts = starts[len(starts) // 2:]
    final, good, published, resumed = asyncio.run(_type_at(base, starts[where % len(starts)], keystrokes))
    got = sorted(_key(d.get("code"), d["range"]["start"]["line"], d["range"]["start"]["character"], d["message"]) for d in published)
    lines = final.split("\n")
    path = "/nonexistent-shapelens-edits/model.py"
    expected = sorted(
        _key(d.code, d.span.line, _utf16(lines[d.span.line][: d.span.col]), d.message)
        for d in analyze(final, path, last_good=good).diagnostics
    )
    assert got == expected
    if _parses(final) and all(_parses(k) for k in keystrokes):
        assert resumed >= 1  # every version after the first edit resumed from its checkpoint
