"""End-to-end tests of the language server: `python -m shapelens serve --stdio` driven by a
real LSP client (pytest-lsp), one server process per test."""

from __future__ import annotations

import asyncio
import re
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import pytest
import pytest_lsp
from lsprotocol import types
from pygls.protocol import default_converter
from pytest_lsp import ClientServerConfig, LanguageClient
from pytest_lsp.client import DEFAULT_CLIENT_FEATURES, register_lsp_features

from tests.cases import CASES_DIR

CASES = CASES_DIR  # the repository's own Keras cases (tests/cases/)
SERVER_COMMAND = [sys.executable, "-m", "shapelens", "serve", "--stdio"]
TIMEOUT = 15.0

# The position encoding each recorded client set negotiates with pygls (its first choice).
ENCODINGS = {"visual-studio-code": "utf-16", "neovim": "utf-8", "emacs": "utf-32"}


def _record_publish(client: LanguageClient, params: types.PublishDiagnosticsParams) -> None:
    client.diagnostics[params.uri] = params.diagnostics
    client.published.append(params)  # type: ignore[attr-defined]


def _record_registration(client: LanguageClient, params: types.RegistrationParams) -> None:
    client.registrations.extend(params.registrations)  # type: ignore[attr-defined]


def _record_refresh(client: LanguageClient, params: None) -> None:
    client.refreshes += 1  # type: ignore[attr-defined]


def make_client() -> LanguageClient:
    """pytest-lsp's client, which also keeps every publishDiagnostics in order (with its
    version), so no notification is missed between two waits, and accepts (and records) the
    server's dynamic registrations and refresh requests as the editors whose capabilities it
    sends do."""
    client = LanguageClient(converter_factory=default_converter)
    client.published = []  # type: ignore[attr-defined]
    client.registrations = []  # type: ignore[attr-defined]
    client.refreshes = 0  # type: ignore[attr-defined]
    features = dict(DEFAULT_CLIENT_FEATURES)
    features[types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS] = _record_publish
    features[types.CLIENT_REGISTER_CAPABILITY] = _record_registration
    features[types.WORKSPACE_CODE_LENS_REFRESH] = _record_refresh
    features[types.WORKSPACE_INLAY_HINT_REFRESH] = _record_refresh
    register_lsp_features(client, features)
    return client


CONFIG = ClientServerConfig(server_command=SERVER_COMMAND, client_factory=make_client)


async def _start(client: LanguageClient, spec: str, options: Any = None) -> types.InitializeResult:
    return await asyncio.wait_for(
        client.initialize_session(
            types.InitializeParams(
                capabilities=pytest_lsp.client_capabilities(spec),
                root_uri=CASES.as_uri(),
                initialization_options=options,
            )
        ),
        TIMEOUT,
    )


@pytest_lsp.fixture(config=CONFIG)
async def client(lsp_client: LanguageClient):
    """A VS Code-like client (UTF-16 positions)."""
    lsp_client.init_result = await _start(lsp_client, "visual-studio-code")  # type: ignore[attr-defined]
    yield
    await asyncio.wait_for(lsp_client.shutdown_session(), TIMEOUT)


@pytest_lsp.fixture(config=CONFIG, params=list(ENCODINGS))
async def any_client(lsp_client: LanguageClient, request: pytest.FixtureRequest):
    """VS Code (UTF-16), Neovim (UTF-8) and Emacs (UTF-32) capability sets."""
    lsp_client.init_result = await _start(lsp_client, request.param)  # type: ignore[attr-defined]
    lsp_client.spec = request.param  # type: ignore[attr-defined]
    yield
    await asyncio.wait_for(lsp_client.shutdown_session(), TIMEOUT)


@pytest_lsp.fixture(config=CONFIG)
async def client_no_hints(lsp_client: LanguageClient):
    """What the VS Code extension sends when shapelens.inlayHints.enabled is false."""
    await _start(lsp_client, "visual-studio-code", {"inlayHints": False})
    yield
    await asyncio.wait_for(lsp_client.shutdown_session(), TIMEOUT)


# -- helpers ----------------------------------------------------------------------------------


def case_text(name: str) -> str:
    return (CASES / name).read_text(encoding="utf-8")


def uri_for(tmp_path: Path, name: str) -> str:
    return (tmp_path / name).as_uri()


def open_doc(client: LanguageClient, uri: str, text: str, version: int = 1) -> None:
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(uri=uri, language_id="python", version=version, text=text)
        )
    )


def change_doc(client: LanguageClient, uri: str, text: str, version: int) -> None:
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)],
        )
    )


async def wait_until(predicate: Callable[[], Any], timeout: float = TIMEOUT) -> Any:
    async def poll() -> Any:
        while not (value := predicate()):
            await asyncio.sleep(0.01)
        return value

    return await asyncio.wait_for(poll(), timeout)


def publications(client: LanguageClient, uri: str) -> list[types.PublishDiagnosticsParams]:
    return [p for p in client.published if p.uri == uri]  # type: ignore[attr-defined]


async def diagnostics_for(
    client: LanguageClient, uri: str, version: int | None = None, timeout: float = TIMEOUT
) -> list[types.Diagnostic]:
    """Wait for the publication of ``uri`` (of ``version`` when given) and return it."""

    def found() -> types.PublishDiagnosticsParams | None:
        for params in reversed(publications(client, uri)):
            if version is None or params.version == version:
                return params
        return None

    params = await wait_until(found, timeout)
    return list(params.diagnostics)


async def hover_at(client: LanguageClient, uri: str, line: int, character: int) -> types.Hover | None:
    return await asyncio.wait_for(
        client.text_document_hover_async(
            types.HoverParams(
                text_document=types.TextDocumentIdentifier(uri=uri),
                position=types.Position(line=line, character=character),
            )
        ),
        TIMEOUT,
    )


def units(text: str, encoding: str) -> int:
    """Length of ``text`` in the code units of an LSP position encoding (the test's own,
    independent count: bytes of the encoded text)."""
    if encoding == "utf-8":
        return len(text.encode("utf-8"))
    if encoding == "utf-16":
        return len(text.encode("utf-16-le")) // 2
    return len(text)


def to_index(lines: list[str], pos: types.Position, encoding: str) -> tuple[int, int]:
    """An LSP position in ``encoding`` as (line, code point column)."""
    line = lines[pos.line]
    count = 0
    for i, ch in enumerate(line):
        if count >= pos.character:
            assert count == pos.character, f"position {pos} falls inside a character"
            return pos.line, i
        count += units(ch, encoding)
    assert count == pos.character, f"position {pos} beyond line {line!r}"
    return pos.line, len(line)


def split_lines(text: str) -> list[str]:
    return re.split(r"\r\n|\r|\n", text)


def text_in(text: str, rng: types.Range, encoding: str) -> str:
    lines = split_lines(text)
    (sl, sc), (el, ec) = to_index(lines, rng.start, encoding), to_index(lines, rng.end, encoding)
    if sl == el:
        return lines[sl][sc:ec]
    return "\n".join([lines[sl][sc:], *lines[sl + 1 : el], lines[el][:ec]])


def action_edits(action: types.CodeAction, uri: str) -> tuple[int | None, list[types.TextEdit]]:
    """(version, edits) of a one-document code action, from documentChanges or changes."""
    edit = action.edit
    assert edit is not None
    if edit.document_changes:
        (doc_edit,) = edit.document_changes
        assert doc_edit.text_document.uri == uri
        return doc_edit.text_document.version, list(doc_edit.edits)
    assert list(edit.changes) == [uri]
    return None, list(edit.changes[uri])


def apply_edits(text: str, edits: Iterable[types.TextEdit], encoding: str) -> str:
    """Apply LSP text edits (positions in ``encoding``) to ``text``, as an editor would: all
    ranges refer to the original text, so apply them from the last to the first."""
    lines = split_lines(text)
    starts = [0]
    for line in lines[:-1]:
        starts.append(starts[-1] + len(line) + 1)
    flat = "\n".join(lines)

    def offset(pos: types.Position) -> int:
        line, col = to_index(lines, pos, encoding)
        return starts[line] + col

    spans = sorted(((offset(e.range.start), offset(e.range.end), e.new_text) for e in edits), reverse=True)
    for start, end, new_text in spans:
        flat = flat[:start] + new_text + flat[end:]
    return flat
