"""The language server's stdio transport: LSP frames read defensively.

pygls' own reader trusts every frame: a `Content-Length` of 10**12 makes it wait forever for
(or try to allocate) that many bytes, a header line without CR or a bad length leaves it
reading bodies as headers, and a body that is not JSON-RPC is logged with a traceback. Here a
frame is read with bounded memory; a bad one is skipped and the reader resynchronizes on the
next `Content-Length` header; a body that is not JSON or not a JSON-RPC message is answered
with the JSON-RPC error the specification prescribes. The stream ending (also inside a body)
ends the server cleanly.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import re
import sys
import threading
import time
from typing import Any, BinaryIO

from pygls.io_ import StdoutWriter
from pygls.lsp.server import LanguageServer

logger = logging.getLogger(__name__)

MAX_MESSAGE_BYTES = 64 * 1024 * 1024
# Header lines are short; a longer line is read in pieces, never whole.
MAX_HEADER_LINE = 64 * 1024
_CONTENT_LENGTH = re.compile(rb"content-length[ \t]*:[ \t]*(\S*)", re.IGNORECASE)

PARSE_ERROR = -32700
INVALID_REQUEST = -32600


class FrameReader:
    """Reads the bodies of LSP frames from a binary stream, skipping malformed frames."""

    def __init__(self, stream: BinaryIO, max_bytes: int = MAX_MESSAGE_BYTES) -> None:
        self.stream = stream
        self.max_bytes = max_bytes
        self._pending = b""  # bytes given back to be read again (see next_message)

    def _readline(self) -> bytes:
        if not self._pending:
            return self.stream.readline(MAX_HEADER_LINE)
        end = self._pending.find(b"\n", 0, MAX_HEADER_LINE) + 1 or min(len(self._pending), MAX_HEADER_LINE)
        line, self._pending = self._pending[:end], self._pending[end:]
        if not line.endswith(b"\n") and len(line) < MAX_HEADER_LINE:
            line += self.stream.readline(MAX_HEADER_LINE - len(line))
        return line

    def _read(self, n: int) -> bytes:
        head, self._pending = self._pending[:n], self._pending[n:]
        return head + self.stream.read(n - len(head)) if len(head) < n else head

    def next_message(self) -> tuple[bool, Any] | None:
        """The next frame's body decoded: (True, the JSON value) or (False, None) if it is not
        JSON; None once the stream has ended. A frame that declared more bytes than it had
        swallows the start of the next frames: its body is then not JSON, and reading starts
        again at the first frame header inside it."""
        body = self.next_body()
        if body is None:
            return None
        try:
            return True, json.loads(body)
        except (ValueError, RecursionError):
            header = _CONTENT_LENGTH.search(body, 1)
            if header is not None:
                self._pending = body[header.start() :] + self._pending
            return False, None

    def next_body(self) -> bytes | None:
        """The next frame's body; None once the stream has ended."""
        length: int | None = None
        while True:
            line = self._readline()
            if not line:
                return None
            if not line.strip():
                if length is not None:
                    break
                continue  # the end of headers that gave no usable length: resync
            # Searched anywhere in the line: after a skipped frame its unread body runs into
            # the next frame's header on the same line.
            match = _CONTENT_LENGTH.search(line)
            if match:
                length = self._length(match.group(1))
        body = self._read(length)
        if len(body) < length:
            return None
        return body

    def _length(self, text: bytes) -> int | None:
        if text.isdigit() and len(text) <= 12 and 0 < int(text) <= self.max_bytes:
            return int(text)
        logger.warning("skipping a frame with Content-Length %r (at most %d bytes)", text[:40], self.max_bytes)
        return None


def error_response(msg_id: Any, code: int, message: str) -> dict[str, Any]:
    return {"jsonrpc": "2.0", "id": msg_id, "error": {"code": code, "message": message}}


def _valid_id(value: Any) -> bool:
    return value is None or (isinstance(value, (int, str)) and not isinstance(value, bool))


def envelope_error(data: Any) -> dict[str, Any] | None:
    """The error answering a decoded body that is not a JSON-RPC 2.0 message, or None."""
    if not isinstance(data, dict):
        return error_response(None, INVALID_REQUEST, "a JSON-RPC message must be a JSON object")
    msg_id = data.get("id")
    answer_id = msg_id if _valid_id(msg_id) else None
    if data.get("jsonrpc") != "2.0":
        return error_response(answer_id, INVALID_REQUEST, 'the message lacks "jsonrpc": "2.0"')
    if not _valid_id(msg_id):
        return error_response(None, INVALID_REQUEST, "the id must be a number, a string or null")
    if "method" in data:
        if not isinstance(data["method"], str):
            return error_response(answer_id, INVALID_REQUEST, "the method must be a string")
        if "params" in data and not isinstance(data["params"], (dict, list, type(None))):
            return error_response(answer_id, INVALID_REQUEST, "params must be an object or an array")
    elif "id" not in data or not ("result" in data or "error" in data):
        return error_response(answer_id, INVALID_REQUEST, "neither a request, a notification nor a response")
    return None


def dispatch(ls: LanguageServer, body: bytes) -> None:
    """Hands one body to pygls, or answers it with the error that says why it cannot."""
    try:
        data = json.loads(body)
    except (ValueError, RecursionError):
        dispatch_decoded(ls, False, None)
        return
    dispatch_decoded(ls, True, data)


def dispatch_decoded(ls: LanguageServer, is_json: bool, data: Any) -> None:
    protocol = ls.protocol
    if not is_json:
        protocol._send_data(error_response(None, PARSE_ERROR, "the message body is not JSON"))
        return
    error = envelope_error(data)
    if error is not None:
        protocol._send_data(error)
        return
    try:
        message = protocol.structure_message(data)
        protocol.handle_message(message)
    except Exception as exc:  # pygls has logged it, and answered requests it could not read
        logger.error("could not handle a %r message: %s", data.get("method"), type(exc).__name__)


async def _serve(ls: LanguageServer, reader: FrameReader, stop: threading.Event) -> None:
    loop = asyncio.get_running_loop()
    messages: asyncio.Queue[tuple[bool, Any] | None] = asyncio.Queue()

    def read() -> None:
        try:
            while True:
                message = reader.next_message()
                loop.call_soon_threadsafe(messages.put_nowait, message)
                if message is None:
                    return
        except (OSError, ValueError):
            loop.call_soon_threadsafe(messages.put_nowait, None)
        except RuntimeError:
            pass  # the loop is closed: the server is exiting

    # A daemon thread: a read blocked on stdin must never hold up the exit of the process.
    threading.Thread(target=read, name="shapelens-stdin", daemon=True).start()
    while not stop.is_set():
        message = await messages.get()
        if message is None:
            break
        dispatch_decoded(ls, *message)


def _private_stdin() -> BinaryIO:
    """Standard input through a reader of our own: the interpreter, exiting, flushes
    ``sys.stdin`` and aborts if a daemon thread is blocked inside it holding its lock."""
    return open(os.dup(sys.stdin.fileno()), "rb", closefd=True)


def serve_stdio(ls: LanguageServer, stdin: BinaryIO | None = None, stdout: BinaryIO | None = None) -> None:
    """pygls' ``start_io`` with the defensive reader above."""
    stop = threading.Event()
    ls._stop_event = stop  # pygls' shutdown() sets it
    ls.protocol.set_writer(StdoutWriter(stdout or sys.stdout.buffer))
    code = 0
    try:
        asyncio.run(_serve(ls, FrameReader(stdin or _private_stdin()), stop))
    except BrokenPipeError:
        logger.error("the connection to the client is lost: shutting down")
    except SystemExit as exc:  # the exit notification: 1 if no shutdown request came first
        code = exc.code if isinstance(exc.code, int) else 0
    except KeyboardInterrupt:
        pass
    finally:
        ls.shutdown()
    _exit_without_waiting(code)


def _exit_without_waiting(code: int, grace: float = 0.5) -> None:
    """Ends the process now if a worker thread is still busy: the interpreter would otherwise
    wait for the analysis it runs (seconds on a big file) that nobody needs any more."""
    deadline = time.monotonic() + grace
    for thread in threading.enumerate():
        if thread is not threading.current_thread() and not thread.daemon:
            thread.join(max(deadline - time.monotonic(), 0))
    if any(t.is_alive() and not t.daemon and t is not threading.current_thread() for t in threading.enumerate()):
        logging.shutdown()
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except (OSError, ValueError):
                pass  # already closed by pygls' exit handler
        os._exit(code)
    if code:
        sys.exit(code)
