"""The language server run inside the test's own event loop: messages go in through the
stdio transport's dispatch, everything it writes is decoded. Fast enough for hypothesis."""

from __future__ import annotations

import asyncio
import json
from typing import Any

from shapelens.lsp.handlers import create_server
from shapelens.transport import dispatch


class _Sink:
    def __init__(self) -> None:
        self.sent: list[dict[str, Any]] = []

    def write(self, data: bytes) -> None:
        self.sent.append(json.loads(data.split(b"\r\n\r\n", 1)[1]))

    def close(self) -> None:
        pass


class InProcessServer:
    def __init__(self, debounce: float | None = None) -> None:
        self.ls = create_server()
        if debounce is not None:
            self.ls.debounce_seconds = debounce
        self.sink = _Sink()
        self.ls.protocol.set_writer(self.sink)

    def send(self, method: str, params: Any, msg_id: int | str | None = None) -> None:
        message: dict[str, Any] = {"jsonrpc": "2.0", "method": method, "params": params}
        if msg_id is not None:
            message["id"] = msg_id
        dispatch(self.ls, json.dumps(message).encode())

    def initialize(self) -> None:
        self.send("initialize", {"processId": None, "rootUri": None, "capabilities": {}}, 0)
        self.send("initialized", {})

    def open(self, uri: str, text: str, version: int = 1) -> None:
        doc = {"uri": uri, "languageId": "python", "version": version, "text": text}
        self.send("textDocument/didOpen", {"textDocument": doc})

    async def wait_for(self, test: Any, timeout: float = 30.0) -> dict[str, Any]:
        """The first message written that passes ``test``."""
        async def poll() -> dict[str, Any]:
            while True:
                for message in self.sink.sent:
                    if test(message):
                        return message
                await asyncio.sleep(0.01)

        return await asyncio.wait_for(poll(), timeout)

    async def published(self, uri: str, version: int) -> list[dict[str, Any]]:
        message = await self.wait_for(
            lambda m: m.get("method") == "textDocument/publishDiagnostics"
            and m["params"]["uri"] == uri and m["params"].get("version") == version
        )
        return list(message["params"]["diagnostics"])

    async def answer(self, msg_id: int | str) -> dict[str, Any]:
        return await self.wait_for(lambda m: m.get("id") == msg_id and "method" not in m)

    def close(self) -> None:
        self.ls.shutdown()
