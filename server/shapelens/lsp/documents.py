"""Open documents and their analyses: the lines as LSP counts them, a document's places in an
analyzed text (one for a file, one per code cell for a notebook), and the snapshot of one
analysis of one version.

A Jupyter notebook (LSP notebook document sync) is analyzed as one text: its Python code
cells in order, IPython magics blanked. A snapshot knows where each document's lines sit in
the analyzed text, and every position is mapped to and from the place it belongs to.
"""

from __future__ import annotations

import asyncio
import bisect
import functools
import re
import threading
from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from urllib.parse import unquote

from lsprotocol import types
from pygls.uris import to_fs_path
from pygls.workspace import TextDocument

from ..analysis import FileAnalysis, PrefixCache

if TYPE_CHECKING:
    from .index import PositionIndex

CONFIG_FILE = "pyproject.toml"

# LSP line breaks, which are also the only ones the Python tokenizer counts (str.splitlines
# would also split on form feeds, U+2028 and friends and shift every line after them).
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
# The same lines with their line breaks (what pygls' documents need for ranged edits).
_LINE_WITH_BREAK = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")


def split_lines(text: str) -> list[str]:
    """The document's lines as LSP counts them, without their line breaks."""
    return _LINE_BREAK.split(text)


class LspTextDocument(TextDocument):
    """pygls' text document, with two fixes: its lines break where LSP's do (pygls uses
    str.splitlines), and a ranged change is applied as one whatever sync kind the server
    announced (notebook cells get ranged changes although the server asks for full texts)."""

    @property
    def lines(self) -> list[str]:  # type: ignore[override]
        return _LINE_WITH_BREAK.findall(self.source)

    def apply_change(self, change: types.TextDocumentContentChangeEvent) -> None:
        if isinstance(change, types.TextDocumentContentChangePartial):
            self._apply_incremental_change(change)
        else:
            self._apply_full_change(change)


# -- notebooks --------------------------------------------------------------------------------

@dataclass(frozen=True)
class Place:
    """Where one document sits in an analyzed text: a whole file, or one notebook cell
    (lines ``start`` to ``stop`` - 1)."""

    uri: str
    version: int | None
    start: int
    stop: int


@dataclass(frozen=True)
class Source:
    """What is analyzed: a file's text (``lines`` and ``places`` are then made from it), or
    a notebook's code cells joined, with its original lines and its cells' places."""

    text: str
    lines: list[str] | None = None
    places: tuple[Place, ...] | None = None

    def same_as(self, snap: Snapshot) -> bool:
        if not (snap.text is self.text or snap.text == self.text):
            return False
        return self.places is None or (self.places == snap.places and self.lines == snap.lines)


@dataclass(frozen=True)
class Snapshot:
    """One analysis of one version of a document, with the text it was made from."""

    version: int
    text: str
    lines: list[str]  # the document's own lines (a notebook's cells' lines, in order)
    analysis: FileAnalysis
    places: tuple[Place, ...] = ()
    epoch: int = 0  # the configuration generation it was made with
    notebook: bool = False

    def place_of(self, uri: str) -> Place | None:
        key = uri_key(uri)
        return next((p for p in self.places if uri_key(p.uri) == key), None)

    def place_at(self, line: int) -> Place | None:
        """The place that holds ``line`` (the last one for a line beyond the text)."""
        if not self.places:
            return None
        index = bisect.bisect_right([p.start for p in self.places], line) - 1
        return self.places[max(index, 0)]

    def lines_of(self, place: Place) -> list[str]:
        if place.start == 0 and place.stop == len(self.lines):
            return self.lines
        return self.lines[place.start : place.stop] or [""]

    @functools.cached_property
    def index(self) -> PositionIndex:
        """What is where in the analysis, built by the first request that needs it."""
        from .index import PositionIndex  # it renders with rendering, which needs this module

        return PositionIndex(self.analysis.models, self.lines)


@dataclass(eq=False)
class DocState:
    """What the server keeps per open document (a file, or a whole notebook)."""

    uri: str
    version: int
    snapshot: Snapshot | None = None
    inflight: dict[tuple[int, int], asyncio.Future[Snapshot | None]] = field(default_factory=dict)
    debounce: asyncio.Task[None] | None = None
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    # The newest text that parsed: the core analyzes a half-typed buffer with its help.
    last_good: str | None = None
    last_good_version: int = -1
    notebook: bool = False
    # Since when changes have waited for an analysis (event loop time; None: none waits).
    pending_since: float | None = None
    # (version, epoch) of the analyses started at the max-wait: typing does not abandon them.
    forced: set[tuple[int, int]] = field(default_factory=set)
    # The analysis running in the worker: its (version, epoch), and what cancels it.
    running: tuple[tuple[int, int], threading.Event] | None = None
    # (epoch, version) of the last publication: an older result is never published after it.
    published_key: tuple[int, int] = (-1, -1)
    # The cell uris last given diagnostics (a notebook's cells that go away are cleared).
    published: set[str] = field(default_factory=set)
    # The analysis state before the last edited place (used in the worker thread only): the
    # next version re-runs from its first changed top-level statement.
    cache: PrefixCache = field(default_factory=PrefixCache)


def uri_key(uri: str) -> str:
    # pygls keys its workspace by the unquoted uri too.
    return unquote(uri)


def is_config_file(uri: str) -> bool:
    return uri_key(uri).rstrip("/").endswith("/" + CONFIG_FILE)


def file_path(uri: str) -> str | None:
    return to_fs_path(uri) if uri.startswith("file:") else None
