"""Starts a language server command and checks it works over stdio: initialize (serverInfo is
ShapeLens), a document with an LSTM fed 2-D data gets SL101, shutdown and exit.

    python3 tests/client/lsp_smoke.py COMMAND...

Standard library only (it runs with any Python 3). Every wait is bounded; exit status 0 on
success, 1 with the reason (and the server's stderr) otherwise.
"""

from __future__ import annotations

import json
import queue
import subprocess
import sys
import threading
import time

TIMEOUT = 30.0
TEXT = (
    "from tensorflow import keras\n"
    "from tensorflow.keras import layers\n"
    "model = keras.Sequential([keras.Input(shape=(10,)), layers.LSTM(4)])\n"
)
URI = "untitled:smoke.py"


def main(command: list[str], cwd: str | None = None, env: dict[str, str] | None = None,
         root_uri: str | None = None, uri: str = URI, text: str = TEXT) -> int:
    """``root_uri``: the workspace folder the client opens; ``uri``/``text``: the document opened
    (it must get exactly SL101)."""
    proc = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            cwd=cwd, env=env)
    messages: queue.Queue[dict | None] = queue.Queue()
    stderr: list[bytes] = []

    def read_stdout() -> None:
        out = proc.stdout
        assert out is not None
        try:
            while True:
                headers = {}
                while True:
                    line = out.readline()
                    if not line:
                        return
                    line = line.strip()
                    if not line:
                        break
                    key, _, value = line.decode("ascii").partition(":")
                    headers[key.lower()] = value.strip()
                messages.put(json.loads(out.read(int(headers["content-length"]))))
        finally:
            messages.put(None)

    def read_stderr() -> None:
        assert proc.stderr is not None
        stderr.extend(iter(proc.stderr.readline, b""))

    threading.Thread(target=read_stdout, daemon=True).start()
    threading.Thread(target=read_stderr, daemon=True).start()

    def send(message: dict) -> None:
        body = json.dumps(message).encode("utf-8")
        assert proc.stdin is not None
        proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        proc.stdin.flush()

    def wait_for(predicate, what: str) -> dict:
        deadline = time.monotonic() + TIMEOUT
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError(f"no {what} within {TIMEOUT:.0f} s")
            try:
                message = messages.get(timeout=left)
            except queue.Empty:
                continue
            if message is None:
                raise EOFError(f"the server closed its output before {what}")
            if predicate(message):
                return message

    try:
        send({"jsonrpc": "2.0", "id": 1, "method": "initialize",
              "params": {"processId": None, "rootUri": root_uri, "capabilities": {},
                         "workspaceFolders": [{"uri": root_uri, "name": "ws"}] if root_uri else None}})
        result = wait_for(lambda m: m.get("id") == 1, "initialize response")["result"]
        info = result.get("serverInfo", {})
        if info.get("name") != "shapelens":
            raise AssertionError(f"serverInfo is {info!r}")
        send({"jsonrpc": "2.0", "method": "initialized", "params": {}})
        send({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {
            "uri": uri, "languageId": "python", "version": 1, "text": text}}})
        published = wait_for(
            lambda m: m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] == uri,
            "publishDiagnostics",
        )
        codes = [d.get("code") for d in published["params"]["diagnostics"]]
        if codes != ["SL101"]:
            raise AssertionError(f"diagnostics {codes}, expected ['SL101']")
        send({"jsonrpc": "2.0", "id": 2, "method": "shutdown"})
        wait_for(lambda m: m.get("id") == 2, "shutdown response")
        send({"jsonrpc": "2.0", "method": "exit"})
        status = proc.wait(TIMEOUT)
        if status != 0:
            raise AssertionError(f"exit status {status}")
    except Exception as err:
        proc.kill()
        proc.wait()
        print(f"FAIL: {' '.join(command)}: {err}", file=sys.stderr)
        sys.stderr.write(b"".join(stderr).decode("utf-8", "replace")[-3000:])
        return 1
    print(f"ok: {info['name']} {info.get('version')} answered initialize and published {codes}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
