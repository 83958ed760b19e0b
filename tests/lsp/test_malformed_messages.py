"""Malformed and out-of-place LSP messages that tests/lsp/test_robustness.py does not send:
requests for methods the server lacks, params of the wrong shape or range, documents never
opened, changes that contradict the document. Each request gets a result or a JSON-RPC error
(never an internal error), and the server keeps answering correctly afterwards."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from shapelens.analysis import analyze
from tests.lsp.in_process import InProcessServer

URI = "file:///nonexistent-shapelens-malformed/model.py"
TEXT = (
    "import keras\n"
    "model = keras.Sequential([keras.Input((8,)), keras.layers.Dense(4)])\n"
    "model.add(keras.layers.LSTM(3))\n"
)
EXPECTED_CODES = [d.code for d in analyze(TEXT, "/nonexistent-shapelens-malformed/model.py").diagnostics]
DOC = {"uri": URI}
WHOLE = {"start": {"line": 0, "character": 0}, "end": {"line": 3, "character": 0}}
FAR = {"start": {"line": 10**9, "character": 2**31}, "end": {"line": 10**9 + 1, "character": 0}}

REQUESTS: dict[str, tuple[str, Any]] = {
    "completion (not offered)": ("textDocument/completion", {"textDocument": DOC, "position": {"line": 0, "character": 0}}),
    "unknown method": ("shapelens/noSuchThing", {"a": 1}),
    "hover, params an array": ("textDocument/hover", [DOC, {"line": 0, "character": 0}]),
    "hover, negative position": ("textDocument/hover", {"textDocument": DOC, "position": {"line": -1, "character": -5}}),
    "hover, huge position": ("textDocument/hover", {"textDocument": DOC, "position": {"line": 2**70, "character": 2**70}}),
    "hover, not a URI": ("textDocument/hover", {"textDocument": {"uri": "not a uri"}, "position": {"line": 0, "character": 0}}),
    "hover, untitled": ("textDocument/hover", {"textDocument": {"uri": "untitled:Untitled-1"}, "position": {"line": 0, "character": 0}}),
    "inlay hints, range far away": ("textDocument/inlayHint", {"textDocument": DOC, "range": FAR}),
    "inlay hints, range a string": ("textDocument/inlayHint", {"textDocument": DOC, "range": "everything"}),
    "code action, invented diagnostic": ("textDocument/codeAction", {
        "textDocument": DOC, "range": WHOLE,
        "context": {"diagnostics": [{"range": FAR, "message": "x", "code": "SL101", "source": "shapelens"}]},
    }),
    "code action, unknown kind": ("textDocument/codeAction", {
        "textDocument": DOC, "range": WHOLE, "context": {"diagnostics": [], "only": ["no.such.kind"]},
    }),
    "code lens, unopened": ("textDocument/codeLens", {"textDocument": {"uri": "file:///never/opened.py"}}),
    "code lens, no document": ("textDocument/codeLens", {}),
    "summary command, bad arguments": ("workspace/executeCommand", {"command": "shapelens.showSummary", "arguments": [42, None, {}]}),
    "unknown command": ("workspace/executeCommand", {"command": "shapelens.noSuchCommand", "arguments": []}),
}


async def _ready() -> InProcessServer:
    server = InProcessServer(debounce=0.01)
    server.initialize()
    server.open(URI, TEXT)
    await server.published(URI, 1)
    return server


async def _hover_is_right(server: InProcessServer, msg_id: str) -> None:
    server.send("textDocument/hover", {"textDocument": DOC, "position": {"line": 1, "character": 58}}, msg_id)
    answer = await server.answer(msg_id)
    assert "Dense" in answer["result"]["contents"]["value"], answer


@pytest.mark.parametrize(("method", "params"), REQUESTS.values(), ids=list(REQUESTS))
def test_request_gets_a_result_or_an_error(method: str, params: Any) -> None:
    async def run() -> dict[str, Any]:
        server = await _ready()
        try:
            server.send(method, params, "bad")
            answer = await server.answer("bad")
            await _hover_is_right(server, "after")
        finally:
            server.close()
        return answer

    answer = asyncio.run(run())
    assert ("result" in answer) != ("error" in answer), answer
    if "error" in answer:
        assert answer["error"]["code"] in (-32600, -32601, -32602), answer


NOTIFICATIONS: dict[str, tuple[str, Any]] = {
    "change to an older version": ("textDocument/didChange", {
        "textDocument": {"uri": URI, "version": 0}, "contentChanges": [{"text": TEXT + "x = 1\n"}],
    }),
    "change far out of range": ("textDocument/didChange", {
        "textDocument": {"uri": URI, "version": 5}, "contentChanges": [{"range": FAR, "text": "y = 2\n"}],
    }),
    "change of an unopened document": ("textDocument/didChange", {
        "textDocument": {"uri": "file:///never/opened.py", "version": 3}, "contentChanges": [{"text": "z = 3\n"}],
    }),
    "change without changes": ("textDocument/didChange", {"textDocument": {"uri": URI, "version": 6}, "contentChanges": []}),
    "close of an unopened document": ("textDocument/didClose", {"textDocument": {"uri": "file:///never/opened.py"}}),
    "save of an unopened document": ("textDocument/didSave", {"textDocument": {"uri": "file:///never/opened.py"}}),
    "cancel of an unknown request": ("$/cancelRequest", {"id": "nothing-like-it"}),
    "unknown notification": ("shapelens/noSuchNotification", {"a": [1, 2]}),
}


@pytest.mark.parametrize(("method", "params"), NOTIFICATIONS.values(), ids=list(NOTIFICATIONS))
def test_notification_is_survived(method: str, params: Any) -> None:
    async def run() -> None:
        server = await _ready()
        try:
            server.send(method, params)
            await _hover_is_right(server, "after")
            # The document still syncs: a new whole text is analyzed and published.
            server.send("textDocument/didChange", {
                "textDocument": {"uri": URI, "version": 10}, "contentChanges": [{"text": TEXT}],
            })
            diagnostics = await server.published(URI, 10)
            assert [d["code"] for d in diagnostics] == EXPECTED_CODES, diagnostics
        finally:
            server.close()

    asyncio.run(run())
