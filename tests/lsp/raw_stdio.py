"""A language server driven byte by byte over stdio, for frames no real client would send."""

from __future__ import annotations

import json
import os
import queue
import subprocess
import sys
import threading
import time
from typing import Any

SERVER_COMMAND = [sys.executable, "-m", "shapelens", "serve", "--stdio"]


def frame(message: dict[str, Any]) -> bytes:
    body = json.dumps(message).encode()
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


class RawServer:
    """The server process; every frame it writes is parsed by a thread into ``messages``."""

    def __init__(self) -> None:
        env = dict(os.environ, SHAPELENS_LOG_LEVEL="WARNING")
        self.proc = subprocess.Popen(
            SERVER_COMMAND, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env
        )
        self.messages: queue.Queue[dict[str, Any] | None] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        out = self.proc.stdout
        assert out is not None
        while True:
            length = None
            while True:
                line = out.readline()
                if not line:
                    self.messages.put(None)
                    return
                if not line.strip():
                    break
                name, _, value = line.decode().partition(":")
                if name.lower() == "content-length":
                    length = int(value)
            assert length is not None
            self.messages.put(json.loads(out.read(length)))

    def send(self, data: bytes) -> None:
        assert self.proc.stdin is not None
        try:
            self.proc.stdin.write(data)
            self.proc.stdin.flush()
        except BrokenPipeError:
            pass  # the server exited: the caller checks how

    def request(self, msg_id: int, method: str, params: Any) -> None:
        self.send(frame({"jsonrpc": "2.0", "id": msg_id, "method": method, "params": params}))

    def response(self, msg_id: Any, timeout: float = 10.0) -> dict[str, Any] | None:
        """The answer to ``msg_id``, or None if the server's output ended first."""
        deadline = time.monotonic() + timeout
        while True:
            message = self.messages.get(timeout=max(deadline - time.monotonic(), 0.01))
            if message is None:
                return None
            if message.get("id") == msg_id and "method" not in message:
                return message

    def initialize(self) -> None:
        self.request(0, "initialize", {"processId": None, "rootUri": None, "capabilities": {}})
        assert self.response(0) is not None
        self.send(frame({"jsonrpc": "2.0", "method": "initialized", "params": {}}))

    def stop(self, timeout: float = 10.0, ask: bool = True) -> tuple[int, str]:
        """Exit code and stderr, after asking the server to stop if it is still up (else
        only closing its input)."""
        if ask and self.proc.poll() is None:
            self.request(999_999, "shutdown", None)
            self.send(frame({"jsonrpc": "2.0", "method": "exit"}))
        try:
            self.proc.stdin.close()  # type: ignore[union-attr]
        except BrokenPipeError:
            pass
        try:
            code = self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            raise
        err = self.proc.stderr.read().decode(errors="replace")  # type: ignore[union-attr]
        return code, err
