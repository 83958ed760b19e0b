"""The server stays up and keeps answering: huge, binary and broken documents, unknown
documents, positions out of range, malformed requests, a slow analysis."""

from __future__ import annotations

import asyncio
import time

import pytest
from lsprotocol import types
from pygls.exceptions import JsonRpcException
from pytest_lsp import LanguageClient

from .conftest import TIMEOUT, case_text, diagnostics_for, hover_at, open_doc, publications, uri_for

pytestmark = pytest.mark.timeout(90)

CHAIN = case_text("layer_chain_ok.py")
HEADER = (
    "from tensorflow import keras\n"
    "from tensorflow.keras import layers\n"
    "model = keras.Sequential()\n"
    "model.add(keras.Input(shape=(8,)))\n"
)


async def inlay_hints(client: LanguageClient, uri: str, rng: types.Range) -> list[types.InlayHint]:
    result = await asyncio.wait_for(
        client.text_document_inlay_hint_async(
            types.InlayHintParams(text_document=types.TextDocumentIdentifier(uri=uri), range=rng)
        ),
        TIMEOUT,
    )
    return list(result or [])


async def code_actions(
    client: LanguageClient, uri: str, rng: types.Range, diagnostics: list[types.Diagnostic]
) -> list[types.CodeAction]:
    result = await asyncio.wait_for(
        client.text_document_code_action_async(
            types.CodeActionParams(
                text_document=types.TextDocumentIdentifier(uri=uri),
                range=rng,
                context=types.CodeActionContext(diagnostics=diagnostics),
            )
        ),
        TIMEOUT,
    )
    return list(result or [])


def big_text(n: int = 20_000) -> str:
    """A 20,000-line model: slow to analyze (about a second), with one mistake at the end."""
    body = "".join(f"model.add(layers.Dense({i % 50 + 1}))\n" for i in range(n - 5))
    return HEADER + body + "model.add(layers.LSTM(4))\n"


async def send_raw_request(client: LanguageClient, method: str, params: object, msg_id: str) -> object:
    """Send a request whose params the client itself would refuse to serialize."""
    future = asyncio.get_running_loop().create_future()
    client.protocol._request_futures[msg_id] = future
    client.protocol._send_data({"jsonrpc": "2.0", "id": msg_id, "method": method, "params": params})
    return await asyncio.wait_for(future, TIMEOUT)


async def test_twenty_thousand_lines(client: LanguageClient, tmp_path):
    text = big_text()
    assert text.count("\n") == 20_000
    uri = uri_for(tmp_path, "big.py")
    open_doc(client, uri, text)
    diags = await diagnostics_for(client, uri, version=1, timeout=60)
    assert [(d.code, d.range.start.line) for d in diags] == [("SL101", 19_999)]
    hover = await hover_at(client, uri, 10_000, 12)
    assert hover.contents.value.startswith("**Dense** → `(None, ")


async def test_slow_analysis_does_not_block_other_requests(client: LanguageClient, tmp_path):
    small = uri_for(tmp_path, "layer_chain_ok.py")
    open_doc(client, small, CHAIN)
    await diagnostics_for(client, small, version=1)

    big = uri_for(tmp_path, "big.py")
    open_doc(client, big, big_text())
    await asyncio.sleep(0.1)  # the big analysis is running now
    start = time.monotonic()
    hover = await hover_at(client, small, 8, 12)
    elapsed = time.monotonic() - start
    assert hover.contents.value.startswith("**Dense** → `(None, 32)`")
    # Answered while the big document was still being analyzed.
    assert not publications(client, big), f"hover took {elapsed:.2f}s, after the big analysis"
    await diagnostics_for(client, big, version=1, timeout=60)


async def test_stale_slow_analysis_is_never_published(client: LanguageClient, tmp_path):
    """Version 1 takes about a second to analyze; version 2 arrives meanwhile. Only version 2
    is ever published, although version 1's analysis finishes first."""
    uri = uri_for(tmp_path, "big.py")
    open_doc(client, uri, big_text(), version=1)
    await asyncio.sleep(0.05)
    small = case_text("lstm_fed_2d.py")
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=small)],
        )
    )
    diags = await diagnostics_for(client, uri, version=2, timeout=60)
    assert [(d.code, d.range.start.line) for d in diags] == [("SL101", 6)]
    await asyncio.sleep(0.5)
    assert [p.version for p in publications(client, uri)] == [2]


@pytest.mark.parametrize(
    "text",
    [
        "\x00\x01\x02\x03 binary \xff\xfe garbage \x00",
        "\x7fELF\x02\x01\x01" + "".join(chr(c) for c in range(1, 32)),
        "def broken(:\n    pass\n",
        "model = keras.Sequential([\n" * 200,
        "(" * 5000,
        "x = '\ud800'\n",
        "",
    ],
    ids=["nul-bytes", "control-chars", "syntax-error", "unclosed", "deep-nesting", "lone-surrogate", "empty"],
)
async def test_garbage_documents(client: LanguageClient, tmp_path, text):
    uri = uri_for(tmp_path, "garbage.py")
    open_doc(client, uri, text)
    diags = await diagnostics_for(client, uri, version=1)
    if text:
        assert {d.code for d in diags} <= {"SL001", "SL002"}
        assert diags, "garbage gets a diagnostic"
    # Every feature answers without error on it.
    assert await hover_at(client, uri, 0, 3) is None
    assert await hover_at(client, uri, 0, 10_000) is None
    whole = types.Range(start=types.Position(line=0, character=0), end=types.Position(line=9999, character=9999))
    assert await inlay_hints(client, uri, whole) == []
    assert await code_actions(client, uri, whole, diags) == []
    # And the server still works on a real file.
    good = uri_for(tmp_path, "good.py")
    open_doc(client, good, CHAIN)
    await diagnostics_for(client, good, version=1)
    assert (await hover_at(client, good, 8, 12)) is not None


async def test_binary_document_gets_sl002(client: LanguageClient, tmp_path):
    uri = uri_for(tmp_path, "binary.py")
    open_doc(client, uri, "\x00\x01\x02\x03\x04")
    (diag,) = await diagnostics_for(client, uri, version=1)
    assert diag.code == "SL002"
    assert diag.range.start == types.Position(line=0, character=0)


async def test_unknown_document_and_out_of_range_positions(client: LanguageClient, tmp_path):
    unknown = uri_for(tmp_path, "never_opened.py")
    assert await hover_at(client, unknown, 0, 0) is None
    first_line = types.Range(start=types.Position(line=0, character=0), end=types.Position(line=1, character=0))
    assert await code_actions(client, unknown, first_line, []) == []
    assert await inlay_hints(client, unknown, first_line) == []
    uri = uri_for(tmp_path, "layer_chain_ok.py")
    open_doc(client, uri, CHAIN)
    await diagnostics_for(client, uri, version=1)
    for line, character in [(10**6, 0), (8, 10**6), (10**6, 10**6), (14, 0)]:
        assert await hover_at(client, uri, line, character) is None
    reversed_range = types.Range(start=types.Position(line=99, character=5), end=types.Position(line=0, character=0))
    assert await code_actions(client, uri, reversed_range, []) == []
    assert (await hover_at(client, uri, 8, 12)) is not None


MALFORMED = [
    (types.TEXT_DOCUMENT_HOVER, {"bogus": 1}),
    (types.TEXT_DOCUMENT_HOVER, {"textDocument": {"uri": 42}, "position": {"line": "x", "character": None}}),
    (types.TEXT_DOCUMENT_CODE_ACTION, {"textDocument": {"uri": "file:///x.py"}}),
    (types.TEXT_DOCUMENT_INLAY_HINT, None),
]


async def test_malformed_requests_get_an_error(client: LanguageClient, tmp_path):
    uri = uri_for(tmp_path, "layer_chain_ok.py")
    open_doc(client, uri, CHAIN)
    await diagnostics_for(client, uri, version=1)
    for i, (method, params) in enumerate(MALFORMED):
        with pytest.raises(JsonRpcException) as info:
            await send_raw_request(client, method, params, msg_id=f"malformed-{i}")
        assert info.value.code == -32602, (method, params)  # InvalidParams
        # Still alive, and still right.
        hover = await hover_at(client, uri, 8, 12)
        assert hover.contents.value.startswith("**Dense** → `(None, 32)`")


async def test_malformed_notifications_are_survived(client: LanguageClient, tmp_path):
    client.protocol._send_data({"jsonrpc": "2.0", "method": types.TEXT_DOCUMENT_DID_OPEN, "params": {"nope": True}})
    client.protocol._send_data({"jsonrpc": "2.0", "method": types.TEXT_DOCUMENT_DID_CHANGE, "params": None})
    client.protocol._send_data({"jsonrpc": "2.0", "method": "shapelens/unknownNotification", "params": {}})
    uri = uri_for(tmp_path, "layer_chain_ok.py")
    open_doc(client, uri, CHAIN)
    assert await diagnostics_for(client, uri, version=1) == []
    assert (await hover_at(client, uri, 8, 12)) is not None
