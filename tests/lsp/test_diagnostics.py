"""Diagnostics: published on open, re-published (debounced, latest version only) on change,
cleared on close."""

from __future__ import annotations

import asyncio

import pytest
from lsprotocol import types
from pytest_lsp import LanguageClient

from shapelens.analysis import analyze

from .conftest import (
    case_text,
    change_doc,
    diagnostics_for,
    hover_at,
    open_doc,
    publications,
    text_in,
    uri_for,
    wait_until,
)

pytestmark = pytest.mark.timeout(60)

LSTM_BROKEN = case_text("lstm_fed_2d.py")
LSTM_FIXED = LSTM_BROKEN.replace("input_shape=(50,)", "input_shape=(5, 50)")


async def test_server_info_and_capabilities(client: LanguageClient):
    result = client.init_result  # type: ignore[attr-defined]
    assert result.server_info.name == "shapelens"
    caps = result.capabilities
    assert caps.hover_provider
    assert caps.inlay_hint_provider
    assert list(caps.code_action_provider.code_action_kinds) == [types.CodeActionKind.QuickFix]
    assert caps.position_encoding == types.PositionEncodingKind.Utf16


async def test_did_open_publishes(client: LanguageClient, tmp_path):
    uri = uri_for(tmp_path, "lstm_fed_2d.py")
    open_doc(client, uri, LSTM_BROKEN, version=1)
    diags = await diagnostics_for(client, uri, version=1)
    assert [(d.code, d.range.start.line) for d in diags] == [("SL101", 6)]
    (diag,) = diags
    assert diag.source == "shapelens"
    assert diag.severity == types.DiagnosticSeverity.Error
    assert "LSTM" in diag.message
    assert diag.message == analyze(LSTM_BROKEN).diagnostics[0].message
    assert text_in(LSTM_BROKEN, diag.range, "utf-16") == "layers.LSTM(24, input_shape=(50,))"


async def test_did_change_fix_then_break_again(client: LanguageClient, tmp_path):
    uri = uri_for(tmp_path, "lstm_fed_2d.py")
    open_doc(client, uri, LSTM_BROKEN, version=1)
    assert [d.code for d in await diagnostics_for(client, uri, version=1)] == ["SL101"]

    change_doc(client, uri, LSTM_FIXED, version=2)
    assert await diagnostics_for(client, uri, version=2) == []

    change_doc(client, uri, LSTM_BROKEN, version=3)
    assert [d.code for d in await diagnostics_for(client, uri, version=3)] == ["SL101"]

    versions = [p.version for p in publications(client, uri)]
    assert versions == sorted(versions), versions
    assert versions[-1] == 3


async def test_quick_changes_publish_only_the_latest(client: LanguageClient, tmp_path):
    """Five changes inside the debounce window: the last publication is for the last version,
    and no stale version is ever published after a newer one."""
    uri = uri_for(tmp_path, "lstm_fed_2d.py")
    open_doc(client, uri, LSTM_BROKEN, version=1)
    await diagnostics_for(client, uri, version=1)

    texts = [LSTM_FIXED, LSTM_BROKEN, LSTM_FIXED, LSTM_BROKEN, LSTM_FIXED]
    for version, text in enumerate(texts, start=2):
        change_doc(client, uri, text, version)
    assert await diagnostics_for(client, uri, version=6) == []
    await asyncio.sleep(0.5)  # anything late would show up now

    pubs = publications(client, uri)
    versions = [p.version for p in pubs]
    assert versions[-1] == 6
    assert versions == sorted(versions), versions
    assert len(pubs) <= 3, versions  # debounced: versions 2-5 were not each analyzed and published
    assert list(client.diagnostics[uri]) == []


async def test_did_close_clears(client: LanguageClient, tmp_path):
    uri = uri_for(tmp_path, "lstm_fed_2d.py")
    open_doc(client, uri, LSTM_BROKEN)
    assert await diagnostics_for(client, uri, version=1)
    client.text_document_did_close(
        types.DidCloseTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )
    await wait_until(lambda: len(publications(client, uri)) == 2)
    assert list(client.diagnostics[uri]) == []
    # Closed: nothing is known about it any more.
    hover = await client.text_document_hover_async(
        types.HoverParams(text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(line=6, character=12))
    )
    assert hover is None


async def test_related_information(client: LanguageClient, tmp_path):
    text = case_text("units_fewer_than_classes.py")
    uri = uri_for(tmp_path, "units.py")
    open_doc(client, uri, text)
    (diag,) = await diagnostics_for(client, uri, version=1)
    assert diag.code == "SL203"
    (related,) = diag.related_information
    (core_related,) = analyze(text).diagnostics[0].related
    assert related.location.uri == uri
    assert related.message == core_related.message
    assert text_in(text, related.location.range, "utf-16").startswith("layers.Dense(4")


async def test_several_documents(client: LanguageClient, tmp_path):
    names = ["lstm_fed_2d.py", "layer_chain_ok.py", "conv2d_fed_2d_input_shape.py", "keras2_argument_names.py"]
    uris = {name: uri_for(tmp_path, name) for name in names}
    for name, uri in uris.items():
        open_doc(client, uri, case_text(name))
    codes = {name: [d.code for d in await diagnostics_for(client, uri, version=1)] for name, uri in uris.items()}
    assert codes == {
        "lstm_fed_2d.py": ["SL101"],
        "layer_chain_ok.py": [],
        "conv2d_fed_2d_input_shape.py": ["SL101"],
        "keras2_argument_names.py": ["SL401"],
    }


async def test_syntax_error(client: LanguageClient, tmp_path):
    uri = uri_for(tmp_path, "broken.py")
    open_doc(client, uri, "import keras\nmodel = keras.Sequential([\n")
    (diag,) = await diagnostics_for(client, uri, version=1)
    assert diag.code == "SL001"
    assert diag.severity == types.DiagnosticSeverity.Error
    # Repairing it brings the model back.
    change_doc(client, uri, "import keras\nmodel = keras.Sequential([])\n", version=2)
    assert await diagnostics_for(client, uri, version=2) == []


async def test_typing_keeps_the_model(client: LanguageClient, tmp_path):
    """A half-typed line does not parse: the error is reported, and the rest of the model
    (analyzed with the last text that parsed) still answers hovers and hints."""
    good = case_text("layer_chain_ok.py")
    uri = uri_for(tmp_path, "layer_chain_ok.py")
    open_doc(client, uri, good)
    assert await diagnostics_for(client, uri, version=1) == []
    typing = good.replace("    layers.Dense(16),\n", "    layers.Dense(16),\n    layers.Dense(\n")
    change_doc(client, uri, typing, version=2)
    assert [d.code for d in await diagnostics_for(client, uri, version=2)] == ["SL001"]
    hover = await hover_at(client, uri, 11, 8)  # the last Dense, one line further down now
    assert hover.contents.value == "**Dense** → `(None, 4)` · 68 params (trainable 68)"
    hover = await hover_at(client, uri, 7, 2)
    assert hover.contents.value.startswith("**model**: Sequential, input `(None, 64)`")
