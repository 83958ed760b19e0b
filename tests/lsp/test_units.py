"""In-process checks of the server's translation helpers (no subprocess)."""

from __future__ import annotations

import asyncio

import pytest
from lsprotocol import types
from pygls.workspace.position_codec import PositionCodec

from shapelens import notebooks
from shapelens.analysis import Span
from shapelens.config import Config
from shapelens.lsp import documents, handlers, positions, server, settings

from .conftest import units

pytestmark = pytest.mark.timeout(30)

LINE = 'x = "é🧠\u2028\x0c"; y = 1  # 🧠'
ENCODINGS = [types.PositionEncodingKind.Utf8, types.PositionEncodingKind.Utf16, types.PositionEncodingKind.Utf32]


def test_split_lines_counts_only_lsp_line_breaks():
    assert documents.split_lines("a\nb\r\nc\rd") == ["a", "b", "c", "d"]
    # Form feed, U+2028 and friends are not line breaks for LSP nor for Python's tokenizer.
    assert documents.split_lines(LINE + "\n") == [LINE, ""]


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_positions_round_trip(encoding):
    codec = PositionCodec(encoding)
    lines = ["import keras", LINE, ""]
    for col in range(len(LINE) + 1):
        pos = positions.to_client(codec, lines, 1, col)
        assert pos == types.Position(line=1, character=units(LINE[:col], encoding.value))
        assert positions.from_client(codec, lines, pos) == (1, col)


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_out_of_range_positions(encoding):
    codec = PositionCodec(encoding)
    lines = ["abc", "dé"]
    end = types.Position(line=1, character=units("dé", encoding.value))
    assert positions.to_client(codec, lines, 9, 9) == end
    assert positions.to_client(codec, lines, 1, 99) == end
    assert positions.from_client(codec, lines, types.Position(line=9, character=0)) == (1, 2)
    assert positions.from_client(codec, lines, types.Position(line=0, character=99)) == (0, 3)
    assert positions.from_client(codec, lines, types.Position(line=9, character=0), clamp=False) is None
    assert positions.from_client(codec, lines, types.Position(line=0, character=99), clamp=False) is None
    assert positions.from_client(codec, lines, types.Position(line=0, character=3), clamp=False) == (0, 3)
    rng = types.Range(start=types.Position(line=1, character=0), end=types.Position(line=0, character=1))
    assert positions.from_client_range(codec, lines, rng) == Span(0, 1, 1, 0)


def test_configure():
    ls = server.ShapeLensServer()
    assert ls.inlay_hints_enabled
    assert not ls.configure(None)
    assert not ls.configure({"inlayHints": "no"})
    assert ls.configure({"inlayHints": False}) and not ls.inlay_hints_enabled
    assert ls.configure({"shapelens": {"inlayHints": {"enabled": True}}}) and ls.inlay_hints_enabled
    assert ls.configure({"inlayHints": {"enabled": False}}) and not ls.inlay_hints_enabled
    assert not ls.configure({"shapelens": {"inlayHints": {"enabled": False}}})
    assert ls.configure({"codeLens": {"enabled": False}}) == {"codeLens"} and not ls.code_lens_enabled


class _Quiet(server.ShapeLensServer):
    """No client: the warnings are recorded."""

    def __init__(self) -> None:
        super().__init__()
        self.shown: list[str] = []

    def window_show_message(self, params: types.ShowMessageParams) -> None:
        self.shown.append(params.message)


def test_configure_rules():
    ls = _Quiet()
    # What VS Code sends with the defaults: no rule configuration at all.
    assert ls.configure({"shapelens": {"select": [], "ignore": [], "severity": {}, "inlayHints": {"enabled": True}}}) == set()
    assert ls.editor_config is None
    assert ls.configure({"shapelens": {"select": ["sl1"], "ignore": [], "severity": {"SL104": "error"}}}) == {"config"}
    assert ls.editor_config == Config(("SL1",), (), {"SL104": "error"})
    assert ls.configure({"shapelens": {"select": ["sl1"], "ignore": [], "severity": {"SL104": "error"}}}) == set()
    # A bad value: shown once, and the editor settings are left out.
    bad = {"shapelens": {"select": ["SL9"], "severity": {}}}
    assert ls.configure(bad) == {"config"} and ls.editor_config is None
    assert ls.configure({"select": []}) == set()
    assert ls.configure(bad) == set()
    assert len(ls.shown) == 1 and "shapelens.select" in ls.shown[0] and "'SL9'" in ls.shown[0]
    assert ls.configure({"severity": {"SL101": 3}}) == set()
    assert len(ls.shown) == 2 and "severity.SL101" in ls.shown[1]


def test_effective_config(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.shapelens]\nignore = ["SL2"]\nseverity = { SL101 = "hint" }\n')
    path = str(tmp_path / "model.py")
    editor = Config(("SL1", "SL2"), ("SL104",), {"SL101": "warning"})
    config, error = settings.effective_config(path, editor)
    assert error is None
    assert config.select == ("SL1", "SL2") and config.ignore == ("SL2", "SL104")
    assert config.severity == {"SL101": "warning"}
    assert settings.effective_config(path, None)[0].ignore == ("SL2",)
    assert settings.effective_config(None, editor) == (editor, None)
    (tmp_path / "pyproject.toml").write_text('[tool.shapelens]\nselect = "SL1"\n')
    config, error = settings.effective_config(path, editor)
    assert config == editor
    assert error.startswith(str(tmp_path / "pyproject.toml")) and "select must be a list" in error


def test_python_lines_of_cell():
    cell = ["%matplotlib inline", "x = 1", "files = !ls", "if x:", "    !echo hi", "model.summary?", "??model", "y = x  # 50%"]
    assert notebooks.python_lines_of_cell(cell) == ["", "x = 1", "", "if x:", "    pass", "", "", "y = x  # 50%"]
    assert notebooks.python_lines_of_cell(["%%time", "model.fit(x)"]) == ["", "model.fit(x)"]
    assert notebooks.python_lines_of_cell(["%%bash", "echo (", "ls"]) == ["", "", ""]
    assert notebooks.python_lines_of_cell(["%%", "x"]) == ["", ""]
    assert notebooks.python_lines_of_cell([""]) == [""]


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_documents_take_ranged_edits_on_lsp_lines(encoding):
    """Notebook cells get ranged edits; lines break only at \\n, \\r\\n and \\r."""
    codec = PositionCodec(encoding)
    text = f"a = 1\r\n{LINE}\nb = 2\rc = 3"
    doc = documents.LspTextDocument("file:///x.py", source=text, position_codec=codec)
    assert [line.rstrip("\r\n") for line in doc.lines] == documents.split_lines(text)
    # Replace "b = 2" (line 2), which follows a line with a form feed and a U+2028.
    start = types.Position(line=2, character=0)
    end = types.Position(line=2, character=5)
    doc.apply_change(types.TextDocumentContentChangePartial(range=types.Range(start=start, end=end), text="b = 20"))
    assert doc.source == f"a = 1\r\n{LINE}\nb = 20\rc = 3"
    # After the emoji on line 1.
    col = units(LINE[: LINE.index("; y")], encoding.value)
    pos = types.Position(line=1, character=col)
    doc.apply_change(types.TextDocumentContentChangePartial(range=types.Range(start=pos, end=pos), text="!"))
    assert doc.source == f"a = 1\r\n{LINE.replace('; y', '!; y')}\nb = 20\rc = 3"
    doc.apply_change(types.TextDocumentContentChangeWholeDocument(text="new"))
    assert doc.source == "new" and list(doc.lines) == ["new"]


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
    assert asyncio.run(handlers.hover(ls, params)) is None
    assert asyncio.run(handlers.code_action(ls, params)) == []
    assert asyncio.run(handlers.inlay_hint(ls, params)) == []
    assert handlers.did_open(ls, params) is None
    assert len(ls.errors) == 4
    assert all("failed" in e and "Traceback" in e for e in ls.errors)
