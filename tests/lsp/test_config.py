"""Configuration: [tool.shapelens] of the nearest pyproject.toml, with the editor's
shapelens.select / ignore / severity settings on top; both re-publish every open document when
they change; a bad configuration is shown once and left out, and the server stays up."""

from __future__ import annotations

import asyncio

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import LanguageClient

from .conftest import (
    CONFIG,
    TIMEOUT,
    _start,
    case_text,
    diagnostics_for,
    hover_at,
    open_doc,
    publications,
    wait_until,
)

pytestmark = pytest.mark.timeout(60)

LSTM_BROKEN = case_text("lstm_fed_2d.py")  # SL101 (error) on line 6
SOFTMAX = case_text("softmax_single_unit.py")  # SL201 (warning)


def codes(diags: list[types.Diagnostic]) -> list[tuple[str, types.DiagnosticSeverity | None]]:
    return [(str(d.code), d.severity) for d in diags]


async def next_publication(client: LanguageClient, uri: str, after: int) -> list[types.Diagnostic]:
    """The diagnostics of the first publication of ``uri`` after the first ``after`` ones."""
    await wait_until(lambda: len(publications(client, uri)) > after)
    return list(publications(client, uri)[after].diagnostics)


def configure(client: LanguageClient, **settings: object) -> None:
    client.workspace_did_change_configuration(types.DidChangeConfigurationParams(settings={"shapelens": settings}))


def write_pyproject(folder, body: str) -> str:
    path = folder / "pyproject.toml"
    path.write_text(f"[project]\nname = 'demo'\n\n[tool.shapelens]\n{body}\n", encoding="utf-8")
    return path.as_uri()


def watched_change(client: LanguageClient, uri: str, kind=types.FileChangeType.Changed) -> None:
    client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams(changes=[types.FileEvent(uri=uri, type=kind)])
    )


async def test_pyproject_table_applies(client: LanguageClient, tmp_path):
    write_pyproject(tmp_path, 'severity = { SL101 = "warning" }')
    uri = (tmp_path / "model.py").as_uri()
    open_doc(client, uri, LSTM_BROKEN)
    assert codes(await diagnostics_for(client, uri, version=1)) == [("SL101", types.DiagnosticSeverity.Warning)]


async def test_nearest_pyproject_wins(client: LanguageClient, tmp_path):
    write_pyproject(tmp_path, 'ignore = ["SL1"]')
    sub = tmp_path / "pkg"
    sub.mkdir()
    write_pyproject(sub, 'severity = { SL101 = "information" }')
    top, inner = (tmp_path / "a.py").as_uri(), (sub / "b.py").as_uri()
    open_doc(client, top, LSTM_BROKEN)
    open_doc(client, inner, LSTM_BROKEN)
    assert await diagnostics_for(client, top, version=1) == []
    assert codes(await diagnostics_for(client, inner, version=1)) == [("SL101", types.DiagnosticSeverity.Information)]


async def test_pyproject_change_reanalyzes_open_documents(client: LanguageClient, tmp_path):
    """workspace/didChangeWatchedFiles for a pyproject.toml re-publishes every open document."""
    pyproject = write_pyproject(tmp_path, "")
    first, second = (tmp_path / "a.py").as_uri(), (tmp_path / "b.py").as_uri()
    open_doc(client, first, LSTM_BROKEN)
    open_doc(client, second, SOFTMAX)
    assert codes(await diagnostics_for(client, first, version=1)) == [("SL101", types.DiagnosticSeverity.Error)]
    assert codes(await diagnostics_for(client, second, version=1)) == [("SL201", types.DiagnosticSeverity.Warning)]

    write_pyproject(tmp_path, 'ignore = ["SL101"]\nseverity = { SL201 = "error" }')
    n1, n2 = len(publications(client, first)), len(publications(client, second))
    watched_change(client, pyproject)
    assert await next_publication(client, first, n1) == []
    assert codes(await next_publication(client, second, n2)) == [("SL201", types.DiagnosticSeverity.Error)]

    # Deleting it brings the defaults back.
    (tmp_path / "pyproject.toml").unlink()
    n1 = len(publications(client, first))
    watched_change(client, pyproject, types.FileChangeType.Deleted)
    assert codes(await next_publication(client, first, n1)) == [("SL101", types.DiagnosticSeverity.Error)]


async def test_other_watched_files_are_ignored(client: LanguageClient, tmp_path):
    uri = (tmp_path / "a.py").as_uri()
    open_doc(client, uri, LSTM_BROKEN)
    await diagnostics_for(client, uri, version=1)
    watched_change(client, (tmp_path / "setup.cfg").as_uri())
    await asyncio.sleep(0.5)
    assert len(publications(client, uri)) == 1


async def test_saving_an_open_pyproject_reanalyzes(client: LanguageClient, tmp_path):
    """For clients without file watching: didSave of a pyproject.toml open in the editor. The
    pyproject.toml itself is never analyzed as Python."""
    pyproject = write_pyproject(tmp_path, "")
    uri = (tmp_path / "a.py").as_uri()
    open_doc(client, uri, LSTM_BROKEN)
    assert [d.code for d in await diagnostics_for(client, uri, version=1)] == ["SL101"]
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(
                uri=pyproject, language_id="toml", version=1, text=(tmp_path / "pyproject.toml").read_text()
            )
        )
    )
    write_pyproject(tmp_path, 'ignore = ["SL101"]')
    n = len(publications(client, uri))
    client.text_document_did_save(types.DidSaveTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=pyproject)))
    assert await next_publication(client, uri, n) == []
    assert not publications(client, pyproject)
    assert await hover_at(client, pyproject, 0, 1) is None


async def test_watcher_is_registered(client: LanguageClient):
    await wait_until(lambda: client.registrations)  # type: ignore[attr-defined]
    (registration,) = client.registrations  # type: ignore[attr-defined]
    assert registration.method == types.WORKSPACE_DID_CHANGE_WATCHED_FILES
    options = registration.register_options
    watchers = options["watchers"] if isinstance(options, dict) else options.watchers
    patterns = [w["globPattern"] if isinstance(w, dict) else w.glob_pattern for w in watchers]
    assert patterns == ["**/pyproject.toml"]


@pytest_lsp.fixture(config=CONFIG)
async def client_with_rules(lsp_client: LanguageClient):
    """What the VS Code extension sends with shapelens.select = ["SL2"] and a severity."""
    await _start(lsp_client, "visual-studio-code", {"select": ["SL2"], "severity": {"SL201": "hint"}, "ignore": []})
    yield
    await asyncio.wait_for(lsp_client.shutdown_session(), TIMEOUT)


async def test_editor_settings_from_initialization_options(client_with_rules: LanguageClient, tmp_path):
    client = client_with_rules
    first, second = (tmp_path / "a.py").as_uri(), (tmp_path / "b.py").as_uri()
    open_doc(client, first, LSTM_BROKEN)
    open_doc(client, second, SOFTMAX)
    assert await diagnostics_for(client, first, version=1) == []
    assert codes(await diagnostics_for(client, second, version=1)) == [("SL201", types.DiagnosticSeverity.Hint)]


async def test_editor_settings_change_republishes(client: LanguageClient, tmp_path):
    """What VS Code sends (the whole "shapelens" section) on each settings change."""
    uri = (tmp_path / "a.py").as_uri()
    open_doc(client, uri, LSTM_BROKEN)
    assert codes(await diagnostics_for(client, uri, version=1)) == [("SL101", types.DiagnosticSeverity.Error)]

    n = len(publications(client, uri))
    configure(client, select=[], ignore=["sl101"], severity={}, inlayHints={"enabled": True})
    assert await next_publication(client, uri, n) == []

    n = len(publications(client, uri))
    configure(client, select=[], ignore=[], severity={"SL101": "information"})
    assert codes(await next_publication(client, uri, n)) == [("SL101", types.DiagnosticSeverity.Information)]

    # The same settings again: nothing to do.
    n = len(publications(client, uri))
    configure(client, select=[], ignore=[], severity={"SL101": "information"})
    await asyncio.sleep(0.5)
    assert len(publications(client, uri)) == n


async def test_pulled_editor_settings(client: LanguageClient, tmp_path):
    """A client that sends `settings: null` is asked for the "shapelens" section."""
    uri = (tmp_path / "a.py").as_uri()
    open_doc(client, uri, LSTM_BROKEN)
    await diagnostics_for(client, uri, version=1)
    client.set_configuration({"ignore": ["SL101"]}, section="shapelens")
    n = len(publications(client, uri))
    client.workspace_did_change_configuration(types.DidChangeConfigurationParams(settings=None))
    assert await next_publication(client, uri, n) == []


async def test_editor_settings_go_on_top_of_the_project(client: LanguageClient, tmp_path):
    write_pyproject(tmp_path, 'ignore = ["SL201"]\nseverity = { SL101 = "warning" }')
    first, second = (tmp_path / "a.py").as_uri(), (tmp_path / "b.py").as_uri()
    open_doc(client, first, LSTM_BROKEN)
    open_doc(client, second, SOFTMAX)
    assert codes(await diagnostics_for(client, first, version=1)) == [("SL101", types.DiagnosticSeverity.Warning)]
    assert await diagnostics_for(client, second, version=1) == []
    n = len(publications(client, first))
    configure(client, severity={"SL101": "hint"})
    # The editor's severity wins; the project's ignore still applies.
    assert codes(await next_publication(client, first, n)) == [("SL101", types.DiagnosticSeverity.Hint)]
    await wait_until(lambda: len(publications(client, second)) >= 2)
    assert list(publications(client, second)[-1].diagnostics) == []


async def test_bad_pyproject_is_reported_once_and_left_out(client: LanguageClient, tmp_path):
    write_pyproject(tmp_path, 'select = ["SL999"]')
    first, second = (tmp_path / "a.py").as_uri(), (tmp_path / "b.py").as_uri()
    open_doc(client, first, LSTM_BROKEN)
    # Analyzed as if there were no [tool.shapelens].
    assert [d.code for d in await diagnostics_for(client, first, version=1)] == ["SL101"]
    open_doc(client, second, SOFTMAX)
    assert [d.code for d in await diagnostics_for(client, second, version=1)] == ["SL201"]
    await asyncio.sleep(0.3)
    (message,) = client.messages
    assert message.type == types.MessageType.Warning
    assert "SL999" in message.message
    assert str(tmp_path / "pyproject.toml") in message.message
    # Still up and answering.
    assert (await hover_at(client, first, 6, 20)) is not None

    # Another mistake is another message.
    write_pyproject(tmp_path, "severity = { SL101 = 'loud' }")
    n = len(publications(client, first))
    watched_change(client, (tmp_path / "pyproject.toml").as_uri())
    await next_publication(client, first, n)
    await wait_until(lambda: len(client.messages) == 2)
    assert "loud" not in client.messages[0].message and "SL101" in client.messages[1].message


async def test_unparsable_pyproject(client: LanguageClient, tmp_path):
    (tmp_path / "pyproject.toml").write_text("[tool.shapelens\nselect = 3\n", encoding="utf-8")
    uri = (tmp_path / "a.py").as_uri()
    open_doc(client, uri, LSTM_BROKEN)
    assert [d.code for d in await diagnostics_for(client, uri, version=1)] == ["SL101"]
    await wait_until(lambda: client.messages)
    assert "pyproject.toml" in client.messages[0].message


async def test_bad_editor_settings_are_reported_and_left_out(client: LanguageClient, tmp_path):
    write_pyproject(tmp_path, 'severity = { SL101 = "warning" }')
    uri = (tmp_path / "a.py").as_uri()
    open_doc(client, uri, LSTM_BROKEN)
    assert codes(await diagnostics_for(client, uri, version=1)) == [("SL101", types.DiagnosticSeverity.Warning)]

    configure(client, ignore=["SL101"])
    n = len(publications(client, uri))
    assert await next_publication(client, uri, n) == []
    # Unusable settings: reported, and only the project's table applies.
    n = len(publications(client, uri))
    configure(client, select=["NOPE"], severity={"SL101": "error"})
    assert codes(await next_publication(client, uri, n)) == [("SL101", types.DiagnosticSeverity.Warning)]
    await wait_until(lambda: client.messages)
    (message,) = client.messages
    assert message.type == types.MessageType.Warning
    assert "shapelens.select" in message.message and "NOPE" in message.message
    configure(client, select="SL1")
    await wait_until(lambda: len(client.messages) == 2)
    assert "shapelens.select must be a list" in client.messages[1].message
    assert (await hover_at(client, uri, 6, 20)) is not None
