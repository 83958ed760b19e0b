"""The ShapeLens language server: a thin LSP layer over :mod:`shapelens.analysis` (pygls 2).

It only translates. The core analyzes text and answers in spans whose columns count Unicode
code points; this module turns them into LSP ranges in the client's negotiated position
encoding (UTF-16, UTF-8 or UTF-32) with pygls' position codec, and turns incoming positions
back into code points the same way.

Analyses run in a worker thread so that a slow one never stops the server from answering.
Each open document keeps the last analysis as a snapshot (version, text, lines, result);
hover, code actions, code lenses and inlay hints reuse it and re-analyze only when it is
outdated. Diagnostics are published only for the document's current version, so a stale
result can never overwrite a newer one.

A Jupyter notebook (LSP notebook document sync) is analyzed as one text: its Python code
cells in order, IPython magics blanked. A snapshot knows where each document's lines sit in
the analyzed text (its *places*: one for a file, one per code cell for a notebook), and every
position is mapped to and from the place it belongs to.

A document's rule configuration is the ``[tool.shapelens]`` table of its nearest
pyproject.toml with the editor's ``shapelens.select``/``ignore``/``severity`` settings on top.
Changing either re-analyzes and re-publishes every open document.
"""

from __future__ import annotations

import asyncio
import bisect
import dataclasses
import functools
import json
import logging
import os
import re
import sys
import traceback
from collections.abc import Awaitable, Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import unquote

from lsprotocol import types
from pygls.exceptions import JsonRpcException
from pygls.lsp.server import LanguageServer
from pygls.protocol import LanguageServerProtocol
from pygls.uris import to_fs_path
from pygls.workspace import TextDocument
from pygls.workspace.position_codec import PositionCodec

from . import __version__
from .analysis import Diagnostic, FileAnalysis, LayerReport, ModelReport, Span, Workspace, analyze
from .config import Config, ConfigError, find_config, parse_config
from .engine.numbers import count_str
from .engine.shapes import UNKNOWN, shape_str
from .notebooks import python_lines_of_cell
from .pygls_fixes import ForgetsFinishedHandlers
from .report import summary_markdown, summary_table
from .transport import serve_stdio

log = logging.getLogger("shapelens.server")

SOURCE = "shapelens"
DEBOUNCE_SECONDS = 0.15
SHOW_SUMMARY = "shapelens.showSummary"
CONFIG_FILE = "pyproject.toml"
NOTEBOOK_TYPE = "jupyter-notebook"
REGISTRATION_TIMEOUT = 30.0

_SEVERITY = {
    "error": types.DiagnosticSeverity.Error,
    "warning": types.DiagnosticSeverity.Warning,
    "information": types.DiagnosticSeverity.Information,
    "hint": types.DiagnosticSeverity.Hint,
}

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
        key = _key(uri)
        return next((p for p in self.places if _key(p.uri) == key), None)

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
    # The cell uris last given diagnostics (a notebook's cells that go away are cleared).
    published: set[str] = field(default_factory=set)


def _key(uri: str) -> str:
    # pygls keys its workspace by the unquoted uri too.
    return unquote(uri)


def _is_config_file(uri: str) -> bool:
    return _key(uri).rstrip("/").endswith("/" + CONFIG_FILE)


def _file_path(uri: str) -> str | None:
    return to_fs_path(uri) if uri.startswith("file:") else None


@dataclass
class AnalysisResult:
    lines: list[str]
    analysis: FileAnalysis
    error: str | None = None  # a traceback when the core raised
    config_error: str | None = None


def effective_config(path: str | None, editor: Config | None) -> tuple[Config | None, str | None]:
    """The project's [tool.shapelens] (nearest pyproject.toml) with the editor settings on top,
    and the project error if its table cannot be used (it is then left out)."""
    project, error = None, None
    if path:
        try:
            project = find_config(Path(path))
        except ConfigError as err:
            error = str(err)
            if CONFIG_FILE not in error:
                where = _nearest_config_file(Path(path))
                error = f"{where}: {error}" if where else error
        except Exception as err:  # an unreadable folder or the like: analyze without it
            error = f"cannot read the configuration for {path}: {err}"
    if project is None:
        return editor, error
    return (project if editor is None else project.merged(editor)), error


def _nearest_config_file(path: Path) -> Path | None:
    for folder in path.parents:
        candidate = folder / CONFIG_FILE
        if candidate.is_file():
            return candidate
    return None


def _analyze_text(
    text: str,
    path: str | None,
    last_good: str | None,
    workspace: Workspace | None = None,
    editor_config: Config | None = None,
    lines: list[str] | None = None,
) -> AnalysisResult:
    """Runs in the worker thread. The core promises never to raise; if it does anyway, the
    document gets an empty analysis and the traceback goes back to be logged."""
    if lines is None:
        lines = split_lines(text)
    config, config_error = effective_config(path, editor_config)
    try:
        result = analyze(text, path, last_good=last_good, workspace=workspace, config=config)
        return AnalysisResult(lines, result, None, config_error)
    except Exception:
        return AnalysisResult(lines, FileAnalysis(path), traceback.format_exc(), config_error)


class ShapeLensProtocol(ForgetsFinishedHandlers, LanguageServerProtocol):
    def structure_message(self, data: Any) -> Any:
        # pygls drops a request whose params it cannot read without answering it, and the
        # client then waits forever. Answer it with the error (InvalidParams) first.
        try:
            return super().structure_message(data)
        except JsonRpcException as exc:
            if isinstance(data, dict) and "method" in data and isinstance(data.get("id"), (int, str)):
                self._send_response(data["id"], error=exc.to_response_error())
            raise


NOTEBOOK_SYNC = types.NotebookDocumentSyncOptions(
    notebook_selector=[
        types.NotebookDocumentFilterWithCells(
            notebook=NOTEBOOK_TYPE, cells=[types.NotebookCellLanguage(language="python")]
        )
    ],
    save=False,
)


class ShapeLensServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__(
            "shapelens",
            __version__,
            protocol_cls=ShapeLensProtocol,
            # Full sync: pygls applies incremental edits on str.splitlines() lines, which
            # also break at form feeds and U+2028; whole texts cannot drift from the editor's.
            text_document_sync_kind=types.TextDocumentSyncKind.Full,
            notebook_document_sync=NOTEBOOK_SYNC,
        )
        self.docs: dict[str, DocState] = {}
        # One resolver of the user's own modules per workspace root, used by the worker thread only.
        self.resolvers: dict[Path, Workspace] = {}
        self.inlay_hints_enabled = True
        self.code_lens_enabled = True
        # The editor's shapelens.select/ignore/severity (None: none given, or unusable).
        self.editor_config: Config | None = None
        self._editor_config_key: str | None = None
        # Bumped whenever the configuration may have changed: snapshots of an older epoch are stale.
        self.epoch = 0
        self._warned: set[str] = set()
        self.debounce_seconds = DEBOUNCE_SECONDS
        self._executor: ThreadPoolExecutor | None = None
        self._tasks: set[asyncio.Task[Any]] = set()

    # -- plumbing -------------------------------------------------------------------------

    @property
    def executor(self) -> ThreadPoolExecutor:
        if self._executor is None:
            # One thread: analyses are pure Python (the GIL allows no parallelism anyway), and
            # the core pauses the process-wide garbage collector while it runs.
            self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="shapelens-analysis")
        return self._executor

    def shutdown(self) -> None:
        super().shutdown()
        if self._executor is not None:
            self._executor.shutdown(wait=False, cancel_futures=True)

    @property
    def codec(self) -> PositionCodec:
        return self.workspace.position_codec

    def log_error(self, message: str) -> None:
        """To stderr, and to the client's log (window/logMessage) when that is possible."""
        log.error("%s", message)
        try:
            self.window_log_message(types.LogMessageParams(type=types.MessageType.Error, message=message))
        except Exception:
            log.debug("could not send window/logMessage", exc_info=True)

    def warn_once(self, message: str) -> None:
        """A configuration problem: shown to the user (window/showMessage) once per message."""
        if message in self._warned:
            return
        self._warned.add(message)
        log.warning("%s", message)
        try:
            self.window_show_message(types.ShowMessageParams(type=types.MessageType.Warning, message=message))
        except Exception:
            log.debug("could not send window/showMessage", exc_info=True)

    def spawn(self, coro: Awaitable[Any], what: str) -> asyncio.Task[Any]:
        task = asyncio.ensure_future(coro)
        self._tasks.add(task)

        def done(t: asyncio.Task[Any]) -> None:
            self._tasks.discard(t)
            if not t.cancelled() and t.exception() is not None:
                exc = t.exception()
                self.log_error(f"shapelens: {what} failed: {''.join(traceback.format_exception(exc))}")

        task.add_done_callback(done)
        return task

    def use_lsp_documents(self) -> None:
        """Make the workspace hold :class:`LspTextDocument` documents (called once the
        workspace exists, at initialize)."""
        workspace = self.workspace

        def create(
            doc_uri: str, source: str | None = None, version: int | None = None, language_id: str | None = None
        ) -> TextDocument:
            return LspTextDocument(
                doc_uri,
                source=source,
                version=version,
                language_id=language_id,
                sync_kind=types.TextDocumentSyncKind.Full,
                position_codec=workspace.position_codec,
            )

        workspace._create_text_document = create  # type: ignore[method-assign]

    # -- documents and analyses -----------------------------------------------------------

    def state(self, uri: str) -> DocState | None:
        """The open document (file or notebook) that ``uri`` (a file, a notebook or one of
        its cells) belongs to."""
        state = self.docs.get(_key(uri))
        if state is None:
            notebook = self.workspace.get_notebook_document(cell_uri=uri)
            if notebook is not None:
                state = self.docs.get(_key(notebook.uri))
        return state

    async def snapshot(self, uri: str) -> Snapshot | None:
        """The analysis of the document's current version: cached, or made now."""
        found = await self.view(uri)
        return found[0] if found else None

    async def view(self, uri: str) -> tuple[Snapshot, Place] | None:
        """The current analysis that holds ``uri``, and where ``uri`` sits in it."""
        state = self.state(uri)
        if state is None:
            return None
        snap = await self.ensure(state)
        if snap is None:
            return None
        place = snap.place_of(uri)
        return None if place is None else (snap, place)

    def source(self, state: DocState) -> Source | None:
        """The text to analyze for the document as it is now; None once it is closed."""
        if self.docs.get(_key(state.uri)) is not state:
            return None
        if not state.notebook:
            doc = self.workspace.text_documents.get(_key(state.uri))
            return None if doc is None else Source(doc.source)
        notebook = self.workspace.get_notebook_document(notebook_uri=state.uri)
        if notebook is None:
            return None
        original: list[str] = []
        analyzed: list[str] = []
        places = []
        for cell in notebook.cells:
            if cell.kind != types.NotebookCellKind.Code:
                continue
            doc = self.workspace.text_documents.get(_key(cell.document))
            if doc is None or (doc.language_id or "python") != "python":
                continue
            lines = split_lines(doc.source)
            places.append(Place(cell.document, doc.version, len(original), len(original) + len(lines)))
            original += lines
            analyzed += python_lines_of_cell(lines)
        return Source("\n".join(analyzed), original, tuple(places))

    async def ensure(self, state: DocState) -> Snapshot | None:
        # A result can be superseded while it is awaited (a newer version, a configuration
        # change): then the newer one is awaited, a few times at most.
        for _ in range(3):
            source = self.source(state)
            if source is None:
                return None
            version, epoch = state.version, self.epoch
            snap = state.snapshot
            if snap is not None and snap.version == version and snap.epoch == epoch and source.same_as(snap):
                return snap
            future = state.inflight.get((version, epoch))
            if future is None:
                future = asyncio.ensure_future(self._analyze(state, version, epoch, source))
                state.inflight[(version, epoch)] = future
                future.add_done_callback(lambda _f, k=(version, epoch): state.inflight.pop(k, None))
            # shield: a cancelled request must not cancel an analysis others wait for.
            result = await asyncio.shield(future)
            if result is not None:
                return result
        return None

    async def _analyze(self, state: DocState, version: int, epoch: int, source: Source) -> Snapshot | None:
        async with state.lock:  # one analysis per document at a time
            if self.docs.get(_key(state.uri)) is not state or state.version != version or self.epoch != epoch:
                return None  # superseded while waiting: a newer version will be analyzed
            path = _file_path(state.uri)
            loop = asyncio.get_running_loop()
            result: AnalysisResult = await loop.run_in_executor(
                self.executor,
                functools.partial(
                    _analyze_text,
                    source.text,
                    path,
                    state.last_good,
                    self.resolver_for(path),
                    self.editor_config,
                    source.lines,
                ),
            )
        if result.error is not None:
            self.log_error(f"shapelens: the analysis of {state.uri} raised:\n{result.error}")
        if result.config_error is not None:
            self.warn_once(f"ShapeLens: {result.config_error} (its [tool.shapelens] settings are ignored until it is fixed)")
        analysis = result.analysis
        if version >= state.last_good_version and not any(d.code == "SL001" for d in analysis.diagnostics):
            state.last_good, state.last_good_version = source.text, version
        places = source.places if source.places is not None else (Place(state.uri, version, 0, len(result.lines)),)
        snap = Snapshot(version, source.text, result.lines, analysis, places, epoch, state.notebook)
        if state.snapshot is None or (state.snapshot.version, state.snapshot.epoch) <= (version, epoch):
            state.snapshot = snap
        return snap

    def resolver_for(self, path: str | None) -> Workspace | None:
        """The workspace folder that holds the file (else its own folder) resolves its imports."""
        if not path:
            return None
        file = Path(path).resolve()
        roots = [Path(to_fs_path(f.uri) or "").resolve() for f in self.workspace.folders.values()]
        if self.workspace.root_path:
            roots.append(Path(self.workspace.root_path).resolve())
        inside = [r for r in roots if r == file.parent or r in file.parents]
        root = max(inside, key=lambda r: len(r.parts)) if inside else file.parent
        if root not in self.resolvers:
            self.resolvers[root] = Workspace(root)
        return self.resolvers[root]

    async def refresh(self, state: DocState) -> None:
        """Analyze (if needed) and publish, unless the document moved on meanwhile."""
        snap = await self.ensure(state)
        if (
            snap is None
            or self.docs.get(_key(state.uri)) is not state
            or snap.version != state.version
            or snap.epoch != self.epoch
        ):
            return
        self.publish(state, snap)

    async def refresh_later(self, state: DocState) -> None:
        await asyncio.sleep(self.debounce_seconds)
        await self.refresh(state)

    def publish(self, state: DocState, snap: Snapshot) -> None:
        per_place: dict[str, list[types.Diagnostic]] = {_key(p.uri): [] for p in snap.places}
        for diag in snap.analysis.diagnostics:
            placed = lsp_diagnostic(self.codec, snap, diag)
            if placed is not None:
                per_place[_key(placed[0].uri)].append(placed[1])
        if not snap.notebook:
            self.text_document_publish_diagnostics(
                types.PublishDiagnosticsParams(uri=state.uri, version=snap.version, diagnostics=per_place[_key(state.uri)])
            )
            return
        for place in snap.places:
            self.text_document_publish_diagnostics(
                types.PublishDiagnosticsParams(uri=place.uri, version=place.version, diagnostics=per_place[_key(place.uri)])
            )
        current = {p.uri for p in snap.places}
        for uri in state.published - current:  # cells deleted, or turned into markdown
            self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=[]))
        state.published = current

    def configuration_changed(self, why: str) -> None:
        """Re-analyze and re-publish every open document with the current configuration."""
        self.epoch += 1
        log.info("configuration changed (%s): re-analyzing %d documents", why, len(self.docs))
        for state in list(self.docs.values()):
            self.spawn(self.refresh(state), f"re-analyzing {state.uri}")

    def configure(self, settings: Any) -> set[str]:
        """Read the settings from initializationOptions or workspace settings: the inlay hint
        and code lens switches ({"inlayHints": bool} or {"inlayHints": {"enabled": bool}}, the
        same for "codeLens") and the rule settings "select", "ignore" (lists of codes or
        prefixes) and "severity" ({code: level}), at the top or under a "shapelens" key.
        Returns what changed: a subset of {"inlayHints", "codeLens", "config"}."""
        changed: set[str] = set()
        if not isinstance(settings, dict):
            return changed
        if isinstance(settings.get("shapelens"), dict):
            settings = settings["shapelens"]
        for key, attr in (("inlayHints", "inlay_hints_enabled"), ("codeLens", "code_lens_enabled")):
            value = settings.get(key)
            if isinstance(value, dict):
                value = value.get("enabled")
            if isinstance(value, bool) and value != getattr(self, attr):
                setattr(self, attr, value)
                changed.add(key)
                log.info("%s %s", key, "enabled" if value else "disabled")
        table = {k: settings[k] for k in ("select", "ignore", "severity") if settings.get(k) is not None}
        if not table and self._editor_config_key is None:
            return changed
        key = json.dumps(table, sort_keys=True, default=str)
        if key == self._editor_config_key:
            return changed
        self._editor_config_key = key
        config: Config | None = None
        try:
            config = parse_config(table) if table else None
        except Exception as err:  # ConfigError says what to change; anything else is a bad value too
            message = str(err).replace("[tool.shapelens] ", "shapelens.")
            self.warn_once(f"ShapeLens: settings: {message} (the shapelens.select, ignore and severity settings are ignored)")
        if config == Config():
            config = None
        if config != self.editor_config:
            self.editor_config = config
            changed.add("config")
        return changed


# -- position conversion ----------------------------------------------------------------------


def to_client(codec: PositionCodec, lines: list[str], line: int, col: int) -> types.Position:
    """A core position (code points) as an LSP position in the client's encoding. Positions
    beyond the text are clamped to its end."""
    if line >= len(lines):
        line = len(lines) - 1
        col = len(lines[line])
    line = max(line, 0)
    col = min(max(col, 0), len(lines[line]))
    return codec.position_to_client_units(lines, types.Position(line=line, character=col))


def to_client_range(codec: PositionCodec, lines: list[str], span: Span) -> types.Range:
    return types.Range(
        start=to_client(codec, lines, span.line, span.col),
        end=to_client(codec, lines, span.end_line, span.end_col),
    )


def from_client(
    codec: PositionCodec, lines: list[str], pos: types.Position, clamp: bool = True
) -> tuple[int, int] | None:
    """An LSP position in the client's encoding as a core position (line, code point column).
    A position beyond its line or the text is clamped to the end, or None when ``clamp`` is
    false."""
    line, character = max(pos.line, 0), max(pos.character, 0)
    if line >= len(lines):
        if not clamp:
            return None
        return len(lines) - 1, len(lines[-1])
    length = codec.client_num_units(lines[line])
    if character >= length:
        if character > length and not clamp:
            return None
        return line, len(lines[line])
    # A fresh Position: pygls' codec may modify the one it is given.
    server = codec.position_from_client_units(lines, types.Position(line=line, character=character))
    return server.line, server.character


def from_client_range(codec: PositionCodec, lines: list[str], rng: types.Range) -> Span:
    start = from_client(codec, lines, rng.start)
    end = from_client(codec, lines, rng.end)
    assert start is not None and end is not None
    if end < start:
        start, end = end, start
    return Span(start[0], start[1], end[0], end[1])


def overlaps(a: Span, b: Span) -> bool:
    return (a.line, a.col) <= (b.end_line, b.end_col) and (b.line, b.col) <= (a.end_line, a.end_col)


# The same, between a place (a file, or a notebook cell) and the whole analyzed text.


def position_in(
    codec: PositionCodec, snap: Snapshot, place: Place, pos: types.Position, clamp: bool = True
) -> tuple[int, int] | None:
    found = from_client(codec, snap.lines_of(place), pos, clamp)
    return None if found is None else (found[0] + place.start, found[1])


def range_in(codec: PositionCodec, snap: Snapshot, place: Place, rng: types.Range) -> Span:
    span = from_client_range(codec, snap.lines_of(place), rng)
    return Span(span.line + place.start, span.col, span.end_line + place.start, span.end_col)


def range_out(codec: PositionCodec, snap: Snapshot, span: Span) -> tuple[Place, types.Range] | None:
    """The place that holds the span's start, and the span as a range in it (its end clamped
    to the place's end)."""
    place = snap.place_at(span.line)
    if place is None:
        return None
    lines = snap.lines_of(place)
    rng = to_client_range(
        codec, lines, Span(span.line - place.start, span.col, span.end_line - place.start, span.end_col)
    )
    return place, rng


def within_place(span: Span, place: Place) -> bool:
    return place.start <= span.line and span.end_line < place.stop


# -- core results as LSP objects --------------------------------------------------------------


def lsp_diagnostic(codec: PositionCodec, snap: Snapshot, diag: Diagnostic) -> tuple[Place, types.Diagnostic] | None:
    """The document a diagnostic belongs to (for a notebook, the cell of its start) and the
    diagnostic in it."""
    placed = range_out(codec, snap, diag.span)
    if placed is None:
        return None
    place, rng = placed
    related = []
    for r in diag.related:
        where = range_out(codec, snap, r.span)
        if where is not None:
            related.append(
                types.DiagnosticRelatedInformation(
                    location=types.Location(uri=where[0].uri, range=where[1]), message=r.message
                )
            )
    return place, types.Diagnostic(
        range=rng,
        message=diag.message,
        severity=_SEVERITY.get(diag.severity, types.DiagnosticSeverity.Error),
        code=diag.code,
        source=SOURCE,
        related_information=related or None,
    )


def _num(value: object) -> str:
    return count_str(value)


def layer_markdown(layer: LayerReport) -> str:
    shape = "shape unknown" if layer.output_shape is UNKNOWN else f"`{shape_str(layer.output_shape)}`"
    text = f"**{layer.kind}** → {shape} · {_num(layer.params)} params"
    if layer.trainable is not UNKNOWN and layer.non_trainable is not UNKNOWN:
        text += f" (trainable {_num(layer.trainable)}"
        if layer.non_trainable:
            text += f", non-trainable {_num(layer.non_trainable)}"
        text += ")"
    return text


def lens_title(model: ModelReport) -> str:
    """``mlp: Sequential · 7 layers · 1,234,567 params (1,230,000 trainable)``."""
    count = len(model.layers)
    title = f"{model.name}: Sequential" if model.name else "Sequential"
    title += f" · {count:,} layer{'' if count == 1 else 's'} · {_num(model.params)} params"
    if model.params is not UNKNOWN and model.trainable is not UNKNOWN:
        title += f" ({_num(model.trainable)} trainable)"
    return title


def _localized(model: ModelReport, snap: Snapshot) -> ModelReport:
    """In a notebook, the model with each line counted from the top of its own cell (as the
    editor numbers them), for the summary's Line column."""
    if not snap.notebook:
        return model

    def local(span: Span) -> Span:
        place = snap.place_at(span.line)
        start = place.start if place else 0
        return Span(span.line - start, span.col, span.end_line - start, span.end_col)

    layers = [dataclasses.replace(layer, span=local(layer.span)) for layer in model.layers]
    return dataclasses.replace(model, span=local(model.span), layers=layers)


_NOTEBOOK_LINES = "Line numbers count from the top of each cell."


def model_markdown(model: ModelReport, snap: Snapshot) -> str:
    text = summary_markdown(_localized(model, snap))
    return f"{text}\n\n_{_NOTEBOOK_LINES}_" if snap.notebook else text


def model_summary_text(model: ModelReport, snap: Snapshot) -> str:
    text = summary_table(_localized(model, snap))
    return f"{text}\n ({_NOTEBOOK_LINES})" if snap.notebook else text


def _span_size(span: Span) -> tuple[int, int]:
    # Orders nested spans inner-first: fewer lines, then fewer columns.
    return span.end_line - span.line, span.end_col - span.col


def hover_target(
    models: Iterable[ModelReport], line: int, col: int, model_text: Callable[[ModelReport], str] = summary_markdown
) -> tuple[Span, str] | None:
    """The innermost thing at (line, col): a layer call, else a model (its Sequential call
    or any place its variable appears). On equal spans the layer wins. A call reported more
    than once (built in a loop, shared by two models) shows each of its distinct reports."""
    best_key: tuple[tuple[int, int], int] | None = None
    best: list[tuple[Span, Callable[[], str]]] = []
    for model in models:
        candidates: list[tuple[int, Span, Callable[[], str]]] = [
            (0, layer.span, functools.partial(layer_markdown, layer)) for layer in model.layers
        ]
        candidates += [(1, span, functools.partial(model_text, model)) for span in [model.span, *model.references]]
        for rank, span, render in candidates:
            if not span.contains(line, col):
                continue
            key = (_span_size(span), rank)
            if best_key is None or key < best_key:
                best_key, best = key, [(span, render)]
            elif key == best_key and span == best[0][0]:
                best.append((span, render))
    if not best:
        return None
    texts = list(dict.fromkeys(render() for _, render in best))
    return best[0][0], "\n\n---\n\n".join(texts)


def inlay_hints(codec: PositionCodec, lines: list[str], models: Iterable[ModelReport], within: Span) -> list[types.InlayHint]:
    """One hint per layer call of known output shape: at the end of the line where the call
    ends, or right after the call when several calls end on that line. A call reported more
    than once (built in a loop, shared by two models) gets one hint with each distinct shape."""
    shapes: dict[Span, list[str]] = {}
    kinds: dict[Span, str] = {}
    for model in models:
        for layer in model.layers:
            if layer.output_shape is UNKNOWN:
                continue
            shape = shape_str(layer.output_shape)
            if shape not in shapes.setdefault(layer.span, []):
                shapes[layer.span].append(shape)
            kinds[layer.span] = layer.kind
    per_line: dict[int, int] = {}
    for span in shapes:
        per_line[span.end_line] = per_line.get(span.end_line, 0) + 1
    hints = []
    for span, shape_texts in shapes.items():
        line = span.end_line
        if not 0 <= line < len(lines):
            continue
        col = len(lines[line].rstrip()) if per_line[line] == 1 else span.end_col
        if not ((within.line, within.col) <= (line, col) <= (within.end_line, within.end_col)):
            continue
        hints.append(
            types.InlayHint(
                position=to_client(codec, lines, line, col),
                label="→ " + " | ".join(shape_texts),
                kind=types.InlayHintKind.Type,
                padding_left=True,
                tooltip=f"{kinds[span]} output shape",
            )
        )
    return hints


# -- handlers ---------------------------------------------------------------------------------

H = TypeVar("H", bound=Callable[..., Any])


def guarded(default: Callable[[], Any] = lambda: None) -> Callable[[H], H]:
    """Every handler logs its exceptions and answers ``default()`` instead of failing."""

    def decorate(fn: H) -> H:
        if asyncio.iscoroutinefunction(fn):

            @functools.wraps(fn)
            async def run_async(ls: ShapeLensServer, params: Any) -> Any:
                try:
                    return await fn(ls, params)
                except asyncio.CancelledError:
                    raise
                except Exception:
                    ls.log_error(f"shapelens: {fn.__name__} failed:\n{traceback.format_exc()}")
                    return default()

            return run_async  # type: ignore[return-value]

        @functools.wraps(fn)
        def run_sync(ls: ShapeLensServer, params: Any) -> Any:
            try:
                return fn(ls, params)
            except Exception:
                ls.log_error(f"shapelens: {fn.__name__} failed:\n{traceback.format_exc()}")
                return default()

        return run_sync  # type: ignore[return-value]

    return decorate


@guarded()
def initialize(ls: ShapeLensServer, params: types.InitializeParams) -> None:
    ls.use_lsp_documents()
    ls.configure(params.initialization_options)
    log.info("position encoding %s", ls.workspace.position_encoding)


@guarded()
def initialized(ls: ShapeLensServer, params: types.InitializedParams) -> None:
    caps = ls.client_capabilities.workspace
    watched = caps.did_change_watched_files if caps is not None else None
    if watched is not None and watched.dynamic_registration:
        ls.spawn(register_config_watcher(ls), "registering the pyproject.toml watcher")


async def register_config_watcher(ls: ShapeLensServer) -> None:
    """Ask the client to report changes of any pyproject.toml (workspace/didChangeWatchedFiles)."""
    params = types.RegistrationParams(
        registrations=[
            types.Registration(
                id="shapelens-pyproject-watcher",
                method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
                register_options=types.DidChangeWatchedFilesRegistrationOptions(
                    watchers=[types.FileSystemWatcher(glob_pattern=f"**/{CONFIG_FILE}")]
                ),
            )
        ]
    )
    try:
        await asyncio.wait_for(ls.client_register_capability_async(params), REGISTRATION_TIMEOUT)
    except asyncio.CancelledError:
        raise
    except Exception as err:  # the client refused or never answered: didSave still works
        log.info("the client did not register the %s watcher: %r", CONFIG_FILE, err)


def _analyzable(uri: str, language_id: str | None) -> bool:
    """A pyproject.toml (or any TOML) sent by the client is configuration, not Python."""
    return not _is_config_file(uri) and language_id != "toml"


@guarded()
def did_open(ls: ShapeLensServer, params: types.DidOpenTextDocumentParams) -> None:
    doc = params.text_document
    if not _analyzable(doc.uri, doc.language_id):
        return
    old = ls.docs.pop(_key(doc.uri), None)
    if old is not None and old.debounce is not None:
        old.debounce.cancel()
    state = DocState(doc.uri, doc.version)
    ls.docs[_key(doc.uri)] = state
    ls.spawn(ls.refresh(state), f"analyzing {doc.uri}")


@guarded()
def did_change(ls: ShapeLensServer, params: types.DidChangeTextDocumentParams) -> None:
    ident = params.text_document
    state = ls.docs.get(_key(ident.uri))
    if state is not None and state.notebook:
        return
    if state is None:
        doc = ls.workspace.text_documents.get(_key(ident.uri))
        if doc is None or not _analyzable(ident.uri, doc.language_id):
            return
        state = ls.docs[_key(ident.uri)] = DocState(ident.uri, ident.version)
    state.version = ident.version
    if state.debounce is not None:
        state.debounce.cancel()
    state.debounce = ls.spawn(ls.refresh_later(state), f"analyzing {ident.uri}")


@guarded()
def did_close(ls: ShapeLensServer, params: types.DidCloseTextDocumentParams) -> None:
    uri = params.text_document.uri
    state = ls.docs.get(_key(uri))
    if state is not None and state.notebook:
        return
    ls.docs.pop(_key(uri), None)
    if state is not None and state.debounce is not None:
        state.debounce.cancel()
    ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=[]))


@guarded()
def did_save(ls: ShapeLensServer, params: types.DidSaveTextDocumentParams) -> None:
    if _is_config_file(params.text_document.uri):
        ls.configuration_changed(f"{params.text_document.uri} saved")


@guarded()
def did_change_watched_files(ls: ShapeLensServer, params: types.DidChangeWatchedFilesParams) -> None:
    changed = [c.uri for c in params.changes if _is_config_file(c.uri)]
    if changed:
        ls.configuration_changed(f"{', '.join(changed)} changed")


@guarded()
def notebook_did_open(ls: ShapeLensServer, params: types.DidOpenNotebookDocumentParams) -> None:
    uri = params.notebook_document.uri
    old = ls.docs.pop(_key(uri), None)
    if old is not None and old.debounce is not None:
        old.debounce.cancel()
    state = DocState(uri, 0, notebook=True)
    ls.docs[_key(uri)] = state
    ls.spawn(ls.refresh(state), f"analyzing {uri}")


@guarded()
def notebook_did_change(ls: ShapeLensServer, params: types.DidChangeNotebookDocumentParams) -> None:
    uri = params.notebook_document.uri
    state = ls.docs.get(_key(uri))
    if state is None or not state.notebook:
        return
    # Our own counter: every change (text, cells added, removed, moved) makes a new version.
    state.version += 1
    if state.debounce is not None:
        state.debounce.cancel()
    state.debounce = ls.spawn(ls.refresh_later(state), f"analyzing {uri}")


@guarded()
def notebook_did_close(ls: ShapeLensServer, params: types.DidCloseNotebookDocumentParams) -> None:
    state = ls.docs.get(_key(params.notebook_document.uri))
    if state is None or not state.notebook:
        return
    del ls.docs[_key(params.notebook_document.uri)]
    if state.debounce is not None:
        state.debounce.cancel()
    for uri in sorted(state.published | {c.uri for c in params.cell_text_documents}):
        ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=[]))


@guarded()
async def did_change_configuration(ls: ShapeLensServer, params: types.DidChangeConfigurationParams) -> None:
    settings = params.settings
    caps = ls.client_capabilities.workspace
    if settings is None and caps is not None and caps.configuration:
        # A pull-model client (settings: null): ask for our section.
        (settings,) = await ls.workspace_configuration_async(
            types.ConfigurationParams(items=[types.ConfigurationItem(section=SOURCE)])
        )
        settings = {SOURCE: settings}
    changed = ls.configure(settings)
    if "inlayHints" in changed and caps is not None and caps.inlay_hint and caps.inlay_hint.refresh_support:
        ls.spawn(ls.workspace_inlay_hint_refresh_async(None), "workspace/inlayHint/refresh")
    if "codeLens" in changed and caps is not None and caps.code_lens and caps.code_lens.refresh_support:
        ls.spawn(ls.workspace_code_lens_refresh_async(None), "workspace/codeLens/refresh")
    if "config" in changed:
        ls.configuration_changed("editor settings changed")


@guarded()
async def hover(ls: ShapeLensServer, params: types.HoverParams) -> types.Hover | None:
    found = await ls.view(params.text_document.uri)
    if found is None:
        return None
    snap, place = found
    pos = position_in(ls.codec, snap, place, params.position, clamp=False)
    if pos is None:
        return None
    target = hover_target(snap.analysis.models, *pos, model_text=functools.partial(_model_markdown_for, snap))
    if target is None:
        return None
    span, markdown = target
    placed = range_out(ls.codec, snap, span)
    return types.Hover(
        contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value=markdown),
        range=placed[1] if placed is not None and placed[0] == place else None,
    )


def _model_markdown_for(snap: Snapshot, model: ModelReport) -> str:
    return model_markdown(model, snap)


def _wants_quickfix(only: list[str] | None) -> bool:
    if not only:
        return True
    quickfix = str(types.CodeActionKind.QuickFix.value)
    return any(kind in ("", quickfix) or quickfix.startswith(f"{kind}.") for kind in map(str, only))


@guarded(list)
async def code_action(ls: ShapeLensServer, params: types.CodeActionParams) -> list[types.CodeAction]:
    uri = params.text_document.uri
    if not _wants_quickfix(params.context.only):
        return []
    found = await ls.view(uri)
    if found is None:
        return []
    snap, place = found
    codec = ls.codec
    wanted = range_in(codec, snap, place, params.range)
    sent = list(params.context.diagnostics or [])
    caps = ls.client_capabilities.workspace
    # Versioned edits when the client declares it takes them (VS Code, Emacs do; Neovim
    # does not say so), else plain `changes`, which every client understands.
    versioned = bool(caps and caps.workspace_edit and caps.workspace_edit.document_changes)
    actions = []
    for diag in snap.analysis.diagnostics:
        if not diag.fixes or not overlaps(diag.span, wanted):
            continue
        placed = lsp_diagnostic(codec, snap, diag)
        if placed is None or placed[0] != place:
            continue
        lsp_diag = placed[1]
        for d in sent:
            if d.code == diag.code and d.range == lsp_diag.range and d.source in (SOURCE, None):
                lsp_diag = d
                break
        for fix in diag.fixes:
            edit = workspace_edit(codec, snap, fix.edits, versioned)
            if edit is None:
                continue
            actions.append(
                types.CodeAction(
                    title=fix.title,
                    kind=types.CodeActionKind.QuickFix,
                    diagnostics=[lsp_diag],
                    is_preferred=fix.preferred,
                    edit=edit,
                )
            )
    return actions


def workspace_edit(codec: PositionCodec, snap: Snapshot, edits: Iterable[Any], versioned: bool) -> types.WorkspaceEdit | None:
    """The core's edits as one workspace edit, per document (a notebook fix may edit several
    cells). None when an edit would cross from one cell into the next."""
    per_place: dict[Place, list[types.TextEdit]] = {}
    for e in edits:
        placed = range_out(codec, snap, e.span)
        if placed is None or (snap.notebook and not within_place(e.span, placed[0])):
            return None
        per_place.setdefault(placed[0], []).append(types.TextEdit(range=placed[1], new_text=e.new_text))
    if versioned:
        return types.WorkspaceEdit(
            document_changes=[
                types.TextDocumentEdit(
                    text_document=types.OptionalVersionedTextDocumentIdentifier(uri=place.uri, version=place.version),
                    edits=list(text_edits),
                )
                for place, text_edits in per_place.items()
            ]
        )
    return types.WorkspaceEdit(changes={place.uri: text_edits for place, text_edits in per_place.items()})


@guarded(list)
async def inlay_hint(ls: ShapeLensServer, params: types.InlayHintParams) -> list[types.InlayHint]:
    if not ls.inlay_hints_enabled:
        return []
    found = await ls.view(params.text_document.uri)
    if found is None:
        return []
    snap, place = found
    within = range_in(ls.codec, snap, place, params.range)
    hints = inlay_hints(ls.codec, snap.lines, snap.analysis.models, within)
    if place.start == 0 and place.stop == len(snap.lines):
        return hints
    # A cell: the hints computed on the whole text are in this cell (within is); shift them.
    out = []
    for hint in hints:
        if place.start <= hint.position.line < place.stop:
            hint.position = types.Position(line=hint.position.line - place.start, character=hint.position.character)
            out.append(hint)
    return out


@guarded(list)
async def code_lens(ls: ShapeLensServer, params: types.CodeLensParams) -> list[types.CodeLens]:
    if not ls.code_lens_enabled:
        return []
    uri = params.text_document.uri
    found = await ls.view(uri)
    if found is None:
        return []
    snap, place = found
    lenses = []
    for model in snap.analysis.models:
        if not place.start <= model.span.line < place.stop:
            continue
        placed = range_out(ls.codec, snap, model.span)
        if placed is None:
            continue
        lenses.append(
            types.CodeLens(
                range=placed[1],
                command=types.Command(
                    title=lens_title(model),
                    command=SHOW_SUMMARY,
                    arguments=[uri, model.span.line - place.start],
                ),
            )
        )
    return lenses


async def show_summary(ls: ShapeLensServer, *args: Any) -> str | None:
    """workspace/executeCommand shapelens.showSummary [uri, line]: the summary table of the
    model whose Sequential call starts on that line (0-based) of that document, as text."""
    try:
        if len(args) < 2 or not isinstance(args[0], str) or not isinstance(args[1], int):
            raise ValueError(f"{SHOW_SUMMARY} takes [uri, line], not {list(args)!r}")
        uri, line = args[0], args[1]
        found = await ls.view(uri)
        if found is None:
            return None
        snap, place = found
        for model in snap.analysis.models:
            if model.span.line == line + place.start:
                return model_summary_text(model, snap)
        return None
    except asyncio.CancelledError:
        raise
    except Exception:
        ls.log_error(f"shapelens: {SHOW_SUMMARY} failed:\n{traceback.format_exc()}")
        return None


def create_server() -> ShapeLensServer:
    ls = ShapeLensServer()
    ls.feature(types.INITIALIZE)(initialize)
    ls.feature(types.INITIALIZED)(initialized)
    ls.feature(types.TEXT_DOCUMENT_DID_OPEN)(did_open)
    ls.feature(types.TEXT_DOCUMENT_DID_CHANGE)(did_change)
    ls.feature(types.TEXT_DOCUMENT_DID_CLOSE)(did_close)
    ls.feature(types.TEXT_DOCUMENT_DID_SAVE, types.SaveOptions(include_text=False))(did_save)
    ls.feature(types.NOTEBOOK_DOCUMENT_DID_OPEN)(notebook_did_open)
    ls.feature(types.NOTEBOOK_DOCUMENT_DID_CHANGE)(notebook_did_change)
    ls.feature(types.NOTEBOOK_DOCUMENT_DID_CLOSE)(notebook_did_close)
    ls.feature(types.WORKSPACE_DID_CHANGE_CONFIGURATION)(did_change_configuration)
    ls.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)(did_change_watched_files)
    ls.feature(types.TEXT_DOCUMENT_HOVER)(hover)
    ls.feature(
        types.TEXT_DOCUMENT_CODE_ACTION,
        types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix]),
    )(code_action)
    ls.feature(types.TEXT_DOCUMENT_INLAY_HINT, types.InlayHintOptions(resolve_provider=False))(inlay_hint)
    ls.feature(types.TEXT_DOCUMENT_CODE_LENS, types.CodeLensOptions(resolve_provider=False))(code_lens)
    ls.command(SHOW_SUMMARY)(show_summary)
    return ls


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
    ls = create_server()
    if tcp:
        ls.start_tcp(host, port)
    else:
        serve_stdio(ls)  # pygls' start_io with a reader that survives malformed frames
