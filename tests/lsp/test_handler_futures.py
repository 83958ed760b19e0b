"""Editing does not grow the server: pygls 2.1.1 keeps the future of every notification
handler; the server forgets them once done (shapelens.pygls_fixes)."""

from __future__ import annotations

import asyncio
import gc
from concurrent.futures import Future

from tests.lsp.in_process import InProcessServer

URI = "file:///tmp/shapelens-futures/model.py"
TEXT = "import keras\nmodel = keras.Sequential([keras.Input((8,)), keras.layers.Dense(4)])\n"


def _futures() -> int:
    gc.collect()
    return sum(isinstance(o, (Future, asyncio.Future)) for o in gc.get_objects())


async def _edit(times: int) -> tuple[int, int, int]:
    server = InProcessServer()
    server.initialize()
    server.open(URI, TEXT)
    await asyncio.sleep(0.5)
    before = _futures()
    for version in range(2, times + 2):
        change = {"range": {"start": {"line": 2, "character": 0}, "end": {"line": 2, "character": 0}}, "text": "#"}
        params = {"textDocument": {"uri": URI, "version": version}, "contentChanges": [change]}
        server.send("textDocument/didChange", params)
        if version % 50 == 0:
            await asyncio.sleep(0)
    await asyncio.sleep(1.0)
    after = _futures()
    kept = len(server.ls.protocol._request_futures)
    server.close()
    return before, after, kept


def test_five_hundred_edits_keep_no_futures() -> None:
    before, after, kept = asyncio.run(_edit(500))
    assert kept <= 2, kept
    assert after - before <= 10, (before, after)
