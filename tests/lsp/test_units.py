"""In-process checks of the server's translation helpers (no subprocess)."""

from __future__ import annotations

import asyncio

import pytest
from lsprotocol import types
from pygls.workspace.position_codec import PositionCodec

from shapelens import server
from shapelens.analysis import Span

from .conftest import units

pytestmark = pytest.mark.timeout(30)

LINE = 'x = "é🧠\u2028\x0c"; y = 1  # 🧠'
ENCODINGS = [types.PositionEncodingKind.Utf8, types.PositionEncodingKind.Utf16, types.PositionEncodingKind.Utf32]


def test_split_lines_counts_only_lsp_line_breaks():
    assert server.split_lines("a\nb\r\nc\rd") == ["a", "b", "c", "d"]
    # Form feed, U+2028 and friends are not line breaks for LSP nor for Python's tokenizer.
    assert server.split_lines(LINE + "\n") == [LINE, ""]


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_positions_round_trip(encoding):
    codec = PositionCodec(encoding)
    lines = ["import keras", LINE, ""]
    for col in range(len(LINE) + 1):
        pos = server.to_client(codec, lines, 1, col)
        assert pos == types.Position(line=1, character=units(LINE[:col], encoding.value))
        assert server.from_client(codec, lines, pos) == (1, col)


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_out_of_range_positions(encoding):
    codec = PositionCodec(encoding)
    lines = ["abc", "dé"]
    end = types.Position(line=1, character=units("dé", encoding.value))
    assert server.to_client(codec, lines, 9, 9) == end
    assert server.to_client(codec, lines, 1, 99) == end
    assert server.from_client(codec, lines, types.Position(line=9, character=0)) == (1, 2)
    assert server.from_client(codec, lines, types.Position(line=0, character=99)) == (0, 3)
    assert server.from_client(codec, lines, types.Position(line=9, character=0), clamp=False) is None
    assert server.from_client(codec, lines, types.Position(line=0, character=99), clamp=False) is None
    assert server.from_client(codec, lines, types.Position(line=0, character=3), clamp=False) == (0, 3)
    rng = types.Range(start=types.Position(line=1, character=0), end=types.Position(line=0, character=1))
    assert server.from_client_range(codec, lines, rng) == Span(0, 1, 1, 0)


def test_configure():
    ls = server.ShapeLensServer()
    assert ls.inlay_hints_enabled
    assert not ls.configure(None)
    assert not ls.configure({"inlayHints": "no"})
    assert ls.configure({"inlayHints": False}) and not ls.inlay_hints_enabled
    assert ls.configure({"shapelens": {"inlayHints": {"enabled": True}}}) and ls.inlay_hints_enabled
    assert ls.configure({"inlayHints": {"enabled": False}}) and not ls.inlay_hints_enabled
    assert not ls.configure({"shapelens": {"inlayHints": {"enabled": False}}})


class _Boom:
    """Stands in for the server: any use raises, and the error log is recorded."""

    def __init__(self) -> None:
        self.errors: list[str] = []

    def log_error(self, message: str) -> None:
        self.errors.append(message)

    def __getattr__(self, name: str):
        raise RuntimeError(f"boom: {name}")


def test_handlers_swallow_and_log_errors():
    ls = _Boom()
    params = types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri="file:///x.py"), position=types.Position(line=0, character=0)
    )
    assert asyncio.run(server.hover(ls, params)) is None
    assert asyncio.run(server.code_action(ls, params)) == []
    assert asyncio.run(server.inlay_hint(ls, params)) == []
    assert server.did_open(ls, params) is None
    assert len(ls.errors) == 4
    assert all("failed" in e and "Traceback" in e for e in ls.errors)
