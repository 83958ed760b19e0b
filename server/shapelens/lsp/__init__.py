"""The ShapeLens language server: a thin LSP layer over :mod:`shapelens.analysis` (pygls 2).

One module per concern: ``documents`` (open files and notebooks, snapshots), ``positions``
(position encodings), ``rendering`` (diagnostics, markdown, inlay hints), ``settings`` (rule
configuration), ``worker`` (the analysis thread's job), ``server`` (the server object) and
``handlers`` (one function per LSP message). Only ``shapelens serve`` imports it: the CLI's
checks never load pygls.
"""

from __future__ import annotations

import logging
import os
import sys


def _setup_logging() -> None:
    """Logs go to stderr only: stdout carries the protocol. SHAPELENS_LOG_LEVEL=DEBUG also
    shows pygls' own log of every message."""
    level_name = os.environ.get("SHAPELENS_LOG_LEVEL", "INFO").upper()
    level = getattr(logging, level_name, logging.INFO)
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    # pygls logs each whole message at INFO (a 20,000-line document on every change).
    logging.getLogger("pygls").setLevel(level if level <= logging.DEBUG else logging.WARNING)


def run_server(tcp: bool = False, host: str = "127.0.0.1", port: int = 2087) -> None:
    _setup_logging()
    from ..transport import serve_stdio
    from .handlers import create_server

    ls = create_server()
    if tcp:
        ls.start_tcp(host, port)
    else:
        serve_stdio(ls)  # pygls' start_io with a reader that survives malformed frames
