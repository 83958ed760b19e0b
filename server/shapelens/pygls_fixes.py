"""Workarounds for bugs of pygls 2.1.1 (the newest release) that the server would suffer from.

pygls files the future of every handler it runs under a message id in
``protocol._request_futures``, so that ``$/cancelRequest`` can find it. Only a request's own
future is ever removed (when its answer is sent): the futures of notification handlers and of
the sub-handlers a built-in generator handler yields to (``didOpen``/``didChange`` call ours
that way) are filed under a fresh uuid and kept forever, with their results, some kilobytes
per keystroke for as long as the editor is open.
"""

from __future__ import annotations

from concurrent.futures import Future
from typing import Any

from pygls.protocol import LanguageServerProtocol


class ForgetsFinishedHandlers(LanguageServerProtocol):
    """Removes each handler's future from the protocol's books once it is done."""

    def _execute_handler(
        self,
        msg_id: Any,
        handler: Any,
        callback: Any,
        args: tuple[Any, ...] | None = None,
        kwargs: dict[str, Any] | None = None,
    ) -> None:
        super()._execute_handler(msg_id, handler, callback, args, kwargs)
        future = self._request_futures.get(msg_id)
        if future is not None:
            future.add_done_callback(lambda done: self._forget(msg_id, done))

    def _forget(self, msg_id: Any, done: Future[Any]) -> None:
        # Only this very future: a client may reuse a request id once it has been answered.
        if self._request_futures.get(msg_id) is done:
            del self._request_futures[msg_id]
