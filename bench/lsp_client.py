"""A minimal LSP client over a server process's stdio (standard library only), for timing.

Messages are read by a thread; notifications and responses go to queues the benchmark waits on.
"""

from __future__ import annotations

import itertools
import json
import queue
import subprocess
import threading
import time
from pathlib import Path
from typing import Any


class LspProcess:
    def __init__(self, command: list[str], cwd: Path) -> None:
        self.started = time.perf_counter()
        self.proc = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, cwd=cwd)
        self._ids = itertools.count(1)
        self._responses: dict[int, queue.Queue[Any]] = {}
        self._lock = threading.Lock()
        self.publications: queue.Queue[tuple[float, dict[str, Any]]] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        out = self.proc.stdout
        assert out is not None
        while True:
            length = 0
            while (line := out.readline()) not in (b"\r\n", b""):
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":")[1])
            if not line:
                return
            message = json.loads(out.read(length))
            if "id" in message and "method" not in message:
                with self._lock:
                    box = self._responses.get(message["id"])
                if box is not None:
                    box.put(message)
            elif message.get("method") == "textDocument/publishDiagnostics":
                self.publications.put((time.perf_counter(), message["params"]))
            elif "id" in message:  # a request from the server (registrations, refreshes)
                self._send({"jsonrpc": "2.0", "id": message["id"], "result": None})

    def _send(self, message: dict[str, Any]) -> None:
        body = json.dumps(message).encode()
        stdin = self.proc.stdin
        assert stdin is not None
        stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        stdin.flush()

    def notify(self, method: str, params: Any) -> None:
        self._send({"jsonrpc": "2.0", "method": method, "params": params})

    def request(self, method: str, params: Any, timeout: float = 300.0) -> Any:
        ident = next(self._ids)
        box: queue.Queue[Any] = queue.Queue()
        with self._lock:
            self._responses[ident] = box
        self._send({"jsonrpc": "2.0", "id": ident, "method": method, "params": params})
        answer = box.get(timeout=timeout)
        with self._lock:
            del self._responses[ident]
        return answer.get("result")

    def initialize(self, root: Path, options: Any = None) -> None:
        self.request(
            "initialize",
            {"processId": None, "rootUri": root.as_uri(), "capabilities": {}, "initializationOptions": options},
        )
        self.notify("initialized", {})

    def open(self, uri: str, text: str, version: int = 1) -> None:
        self.notify(
            "textDocument/didOpen",
            {"textDocument": {"uri": uri, "languageId": "python", "version": version, "text": text}},
        )

    def change(self, uri: str, text: str, version: int) -> None:
        self.notify(
            "textDocument/didChange",
            {"textDocument": {"uri": uri, "version": version}, "contentChanges": [{"text": text}]},
        )

    def wait_publication(self, uri: str, version: int | None = None, timeout: float = 300.0) -> float:
        """The time the publication of ``uri`` (of ``version`` when given) arrived."""
        deadline = time.perf_counter() + timeout
        while True:
            at, params = self.publications.get(timeout=max(deadline - time.perf_counter(), 0.001))
            if params["uri"] == uri and (version is None or params.get("version") == version):
                return at

    def drain(self) -> list[tuple[float, dict[str, Any]]]:
        out = []
        while True:
            try:
                out.append(self.publications.get_nowait())
            except queue.Empty:
                return out

    def peak_rss_mib(self) -> float:
        for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
        return float("nan")

    def close(self) -> None:
        try:
            self.request("shutdown", None, timeout=30)
            self.notify("exit", None)
            self.proc.wait(timeout=30)
        except Exception:
            self.proc.kill()
            self.proc.wait()
