"""The server exits at once when asked to (or when its input ends), even while a long
analysis is running: the client restarts it, and a restart must not wait for old work."""

from __future__ import annotations

import time

import pytest

from tests.lsp.raw_stdio import RawServer, frame

BIG = "import keras\nmodel = keras.Sequential()\nmodel.add(keras.Input((8,)))\n" + "".join(
    f"model.add(keras.layers.Dense({i % 50 + 1}))\n" for i in range(40_000)
)  # about ten seconds of analysis
OPEN = {"textDocument": {"uri": "file:///nonexistent-shapelens-exit/big.py", "languageId": "python", "version": 1, "text": BIG}}


@pytest.mark.parametrize("how", ["shutdown and exit", "end of input"])
def test_exit_does_not_wait_for_a_running_analysis(how: str) -> None:
    server = RawServer()
    server.initialize()
    server.send(frame({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": OPEN}))
    time.sleep(1.0)  # the analysis is running now
    start = time.monotonic()
    if how == "shutdown and exit":
        server.request(1, "shutdown", None)
        assert server.response(1) == {"jsonrpc": "2.0", "id": 1, "result": None}
        server.send(frame({"jsonrpc": "2.0", "method": "exit"}))
    code, err = server.stop(timeout=30, ask=False)
    elapsed = time.monotonic() - start
    assert code == 0 and "Traceback" not in err, err
    assert elapsed < 4.0, f"exit took {elapsed:.1f}s"
