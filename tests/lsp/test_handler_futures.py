"""Editing does not grow the server: pygls 2.1.1 keeps the future of every notification
handler; the server forgets them once done (shapelens.pygls_fixes)."""

from __future__ import annotations

import asyncio
import gc
import json
from concurrent.futures import Future
from typing import Any

from shapelens.server import create_server
from shapelens.transport import dispatch

URI = "file:///tmp/shapelens-futures/model.py"
TEXT = "import keras\nmodel = keras.Sequential([keras.Input((8,)), keras.layers.Dense(4)])\n"


class _Sink:
    def __init__(self) -> None:
        self.sent: list[bytes] = []

    def write(self, data: bytes) -> None:
        self.sent.append(data)

    def close(self) -> None:
        pass


def _body(method: str, params: Any, msg_id: int | None = None) -> bytes:
    message: dict[str, Any] = {"jsonrpc": "2.0", "method": method, "params": params}
    if msg_id is not None:
        message["id"] = msg_id
    return json.dumps(message).encode()


def _futures() -> int:
    gc.collect()
    return sum(isinstance(o, (Future, asyncio.Future)) for o in gc.get_objects())


async def _edit(times: int) -> tuple[int, int, int]:
    ls = create_server()
    ls.protocol.set_writer(_Sink())
    dispatch(ls, _body("initialize", {"processId": None, "rootUri": None, "capabilities": {}}, 0))
    dispatch(ls, _body("initialized", {}))
    doc = {"uri": URI, "languageId": "python", "version": 1, "text": TEXT}
    dispatch(ls, _body("textDocument/didOpen", {"textDocument": doc}))
    await asyncio.sleep(0.5)
    before = _futures()
    for version in range(2, times + 2):
        change = {"range": {"start": {"line": 2, "character": 0}, "end": {"line": 2, "character": 0}}, "text": "#"}
        params = {"textDocument": {"uri": URI, "version": version}, "contentChanges": [change]}
        dispatch(ls, _body("textDocument/didChange", params))
        if version % 50 == 0:
            await asyncio.sleep(0)
    await asyncio.sleep(1.0)
    after = _futures()
    kept = len(ls.protocol._request_futures)
    ls.shutdown()
    return before, after, kept


def test_five_hundred_edits_keep_no_futures() -> None:
    before, after, kept = asyncio.run(_edit(500))
    assert kept <= 2, kept
    assert after - before <= 10, (before, after)
