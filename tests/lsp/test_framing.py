"""Malformed frames on stdio: the server skips the frame and answers what follows, or exits
at once without a traceback so that the client restarts it. Never alive and deaf."""

from __future__ import annotations

import io
import json

import pytest

from shapelens.transport import FrameReader
from tests.lsp.raw_stdio import RawServer, frame

HOVER = {"textDocument": {"uri": "file:///nowhere/x.py"}, "position": {"line": 0, "character": 0}}

MALFORMED = {
    "length 1e9": b"Content-Length: 1000000000\r\n\r\n{}",
    "length 1e12": b"Content-Length: 1000000000000\r\n\r\n{}",
    "length 1e30": b"Content-Length: 1" + b"0" * 30 + b"\r\n\r\n{}",
    "length a little too long": b"Content-Length: 100\r\n\r\n{}",
    "length too short": b"Content-Length: 1\r\n\r\n{}",
    "length as text": b"Content-Length: 1e9\r\n\r\n{}",
    "negative length": b"Content-Length: -5\r\n\r\n{}",
    "no length": b"Content-Type: application/json\r\n\r\n{}",
    "header without CR": b"Content-Length: 2\n\n{}",
    "garbage line": b"hello world\r\n",
    "long garbage line": b"x" * 3_000_000 + b"\r\n",
    "body not JSON": b"Content-Length: 9\r\n\r\nnot json!",
    "body not UTF-8": b"Content-Length: 4\r\n\r\n\xff\xfe\xfd\xfc",
    "JSON array": b"Content-Length: 2\r\n\r\n[]",
    "JSON number": b"Content-Length: 2\r\n\r\n42",
    "JSON without jsonrpc": b'Content-Length: 13\r\n\r\n{"method": 1}',
    "jsonrpc with bad method": frame({"jsonrpc": "2.0", "id": 7, "method": 42}),
    "jsonrpc with bad id": frame({"jsonrpc": "2.0", "id": [1], "method": "textDocument/hover", "params": HOVER}),
    "deep JSON": b"Content-Length: 200000\r\n\r\n" + b"[" * 100_000 + b"]" * 100_000,
}


@pytest.mark.parametrize("data", MALFORMED.values(), ids=list(MALFORMED))
def test_malformed_frame_then_a_request(data: bytes) -> None:
    server = RawServer()
    try:
        server.initialize()
        server.send(data)
        server.request(1, "textDocument/hover", HOVER)
        answer = server.response(1)
    finally:
        code, err = server.stop()
    assert "Traceback" not in err, err
    if answer is None:  # the server chose to exit: cleanly, so the client restarts it
        assert code != 0 or err.strip(), "exited without saying why"
    else:
        assert answer == {"jsonrpc": "2.0", "id": 1, "result": None}, json.dumps(answer)[:300]
        assert code == 0


@pytest.mark.parametrize(
    ("data", "code"),
    [(b"Content-Length: 9\r\n\r\nnot json!", -32700), (b"Content-Length: 2\r\n\r\n[]", -32600)],
    ids=["parse error", "invalid request"],
)
def test_unreadable_body_is_answered_with_the_json_rpc_error(data: bytes, code: int) -> None:
    server = RawServer()
    try:
        server.initialize()
        server.send(data)
        answer = server.response(None)
    finally:
        server.stop()
    assert answer is not None and answer["error"]["code"] == code


def test_frame_reader_resyncs_after_a_skipped_frame() -> None:
    good = frame({"jsonrpc": "2.0", "method": "initialized", "params": {}})
    stream = io.BytesIO(b"Content-Length: 99999999999\r\n\r\n{}" + good + b"Content-Length: 50\r\n\r\n{}")
    reader = FrameReader(stream)
    assert reader.next_body() == good.split(b"\r\n\r\n", 1)[1]
    assert reader.next_body() is None  # the stream ends inside the last body


def test_frame_reader_finds_the_frames_a_too_long_frame_swallowed() -> None:
    first = {"jsonrpc": "2.0", "method": "initialized", "params": {}}
    second = {"jsonrpc": "2.0", "id": 3, "method": "shutdown"}
    stream = io.BytesIO(b"Content-Length: 60\r\n\r\n{}" + frame(first) + frame(second))
    reader = FrameReader(stream)
    assert reader.next_message() == (False, None)  # answered with a parse error
    assert reader.next_message() == (True, first)
    assert reader.next_message() == (True, second)
    assert reader.next_message() is None
