"""The ShapeLens language server: a thin LSP layer over :mod:`shapelens.analysis` (pygls 2).

It only translates. The core analyzes text and answers in spans whose columns count Unicode
code points; this module turns them into LSP ranges in the client's negotiated position
encoding (UTF-16, UTF-8 or UTF-32) with pygls' position codec, and turns incoming positions
back into code points the same way.

Analyses run in a worker thread so that a slow one never stops the server from answering.
Each open document keeps the last analysis as a snapshot (version, text, lines, result);
hover, code actions and inlay hints reuse it and re-analyze only when it is outdated.
Diagnostics are published only for the document's current version, so a stale result can
never overwrite a newer one.
"""

from __future__ import annotations

import asyncio
import functools
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
from pygls.workspace.position_codec import PositionCodec

from . import __version__
from .analysis import Diagnostic, FileAnalysis, LayerReport, ModelReport, Span, Workspace, analyze
from .engine.shapes import UNKNOWN, shape_str
from .report import summary_markdown

log = logging.getLogger("shapelens.server")

SOURCE = "shapelens"
DEBOUNCE_SECONDS = 0.15

_SEVERITY = {
    "error": types.DiagnosticSeverity.Error,
    "warning": types.DiagnosticSeverity.Warning,
    "information": types.DiagnosticSeverity.Information,
    "hint": types.DiagnosticSeverity.Hint,
}

# LSP line breaks, which are also the only ones the Python tokenizer counts (str.splitlines
# would also split on form feeds, U+2028 and friends and shift every line after them).
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def split_lines(text: str) -> list[str]:
    """The document's lines as LSP counts them, without their line breaks."""
    return _LINE_BREAK.split(text)


@dataclass(frozen=True)
class Snapshot:
    """One analysis of one version of a document, with the text it was made from."""

    version: int
    text: str
    lines: list[str]
    analysis: FileAnalysis


@dataclass(eq=False)
class DocState:
    """What the server keeps per open document."""

    uri: str
    version: int
    snapshot: Snapshot | None = None
    inflight: dict[int, asyncio.Future[Snapshot | None]] = field(default_factory=dict)
    debounce: asyncio.Task[None] | None = None
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    # The newest text that parsed: the core analyzes a half-typed buffer with its help.
    last_good: str | None = None
    last_good_version: int = -1


def _key(uri: str) -> str:
    # pygls keys its workspace by the unquoted uri too.
    return unquote(uri)


def _analyze_text(
    text: str, path: str | None, last_good: str | None, workspace: Workspace | None = None
) -> tuple[list[str], FileAnalysis, str | None]:
    """Runs in the worker thread. The core promises never to raise; if it does anyway, the
    document gets an empty analysis and the traceback goes back to be logged."""
    lines = split_lines(text)
    try:
        return lines, analyze(text, path, last_good=last_good, workspace=workspace), None
    except Exception:
        return lines, FileAnalysis(path), traceback.format_exc()


class ShapeLensProtocol(LanguageServerProtocol):
    def structure_message(self, data: Any) -> Any:
        # pygls drops a request whose params it cannot read without answering it, and the
        # client then waits forever. Answer it with the error (InvalidParams) first.
        try:
            return super().structure_message(data)
        except JsonRpcException as exc:
            if isinstance(data, dict) and "method" in data and isinstance(data.get("id"), (int, str)):
                self._send_response(data["id"], error=exc.to_response_error())
            raise


class ShapeLensServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__(
            "shapelens",
            __version__,
            protocol_cls=ShapeLensProtocol,
            # Full sync: pygls applies incremental edits on str.splitlines() lines, which
            # also break at form feeds and U+2028; whole texts cannot drift from the editor's.
            text_document_sync_kind=types.TextDocumentSyncKind.Full,
        )
        self.docs: dict[str, DocState] = {}
        # One resolver of the user's own modules per workspace root, used by the worker thread only.
        self.resolvers: dict[Path, Workspace] = {}
        self.inlay_hints_enabled = True
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

    # -- documents and analyses -----------------------------------------------------------

    def state(self, uri: str) -> DocState | None:
        return self.docs.get(_key(uri))

    async def snapshot(self, uri: str) -> Snapshot | None:
        """The analysis of the document's current version: cached, or made now."""
        state = self.state(uri)
        if state is None:
            return None
        return await self.ensure(state)

    async def ensure(self, state: DocState) -> Snapshot | None:
        doc = self.workspace.text_documents.get(_key(state.uri))
        if doc is None or self.docs.get(_key(state.uri)) is not state:
            return None
        version, text = state.version, doc.source
        snap = state.snapshot
        if snap is not None and snap.version == version and (snap.text is text or snap.text == text):
            return snap
        future = state.inflight.get(version)
        if future is None:
            future = asyncio.ensure_future(self._analyze(state, version, text))
            state.inflight[version] = future
            future.add_done_callback(lambda _f, v=version: state.inflight.pop(v, None))
        # shield: a cancelled request must not cancel an analysis others wait for.
        return await asyncio.shield(future)

    async def _analyze(self, state: DocState, version: int, text: str) -> Snapshot | None:
        async with state.lock:  # one analysis per document at a time
            if self.docs.get(_key(state.uri)) is not state or state.version != version:
                return None  # superseded while waiting: a newer version will be analyzed
            path = to_fs_path(state.uri)
            loop = asyncio.get_running_loop()
            lines, analysis, error = await loop.run_in_executor(
                self.executor, _analyze_text, text, path, state.last_good, self.resolver_for(path)
            )
        if error is not None:
            self.log_error(f"shapelens: the analysis of {state.uri} raised:\n{error}")
        if version >= state.last_good_version and not any(d.code == "SL001" for d in analysis.diagnostics):
            state.last_good, state.last_good_version = text, version
        snap = Snapshot(version, text, lines, analysis)
        if state.snapshot is None or state.snapshot.version <= version:
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
        if snap is None or self.docs.get(_key(state.uri)) is not state or snap.version != state.version:
            return
        self.publish(state.uri, snap)

    async def refresh_later(self, state: DocState) -> None:
        await asyncio.sleep(self.debounce_seconds)
        await self.refresh(state)

    def publish(self, uri: str, snap: Snapshot) -> None:
        diagnostics = [to_lsp_diagnostic(self.codec, uri, snap.lines, d) for d in snap.analysis.diagnostics]
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=uri, version=snap.version, diagnostics=diagnostics)
        )

    def configure(self, settings: Any) -> bool:
        """Read the inlay hint switch from initializationOptions or workspace settings.
        Accepts {"inlayHints": bool}, {"inlayHints": {"enabled": bool}} and either of them
        under a "shapelens" key. Returns True when the switch changed."""
        if not isinstance(settings, dict):
            return False
        if isinstance(settings.get("shapelens"), dict):
            settings = settings["shapelens"]
        value = settings.get("inlayHints")
        if isinstance(value, dict):
            value = value.get("enabled")
        if not isinstance(value, bool) or value == self.inlay_hints_enabled:
            return False
        self.inlay_hints_enabled = value
        log.info("inlay hints %s", "enabled" if value else "disabled")
        return True


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


# -- core results as LSP objects --------------------------------------------------------------


def to_lsp_diagnostic(codec: PositionCodec, uri: str, lines: list[str], diag: Diagnostic) -> types.Diagnostic:
    related = [
        types.DiagnosticRelatedInformation(
            location=types.Location(uri=uri, range=to_client_range(codec, lines, r.span)), message=r.message
        )
        for r in diag.related
    ]
    return types.Diagnostic(
        range=to_client_range(codec, lines, diag.span),
        message=diag.message,
        severity=_SEVERITY.get(diag.severity, types.DiagnosticSeverity.Error),
        code=diag.code,
        source=SOURCE,
        related_information=related or None,
    )


def _num(value: object) -> str:
    return "?" if value is UNKNOWN or value is None else f"{value:,}"


def layer_markdown(layer: LayerReport) -> str:
    shape = "shape unknown" if layer.output_shape is UNKNOWN else f"`{shape_str(layer.output_shape)}`"
    text = f"**{layer.kind}** → {shape} · {_num(layer.params)} params"
    if layer.trainable is not UNKNOWN and layer.non_trainable is not UNKNOWN:
        text += f" (trainable {_num(layer.trainable)}"
        if layer.non_trainable:
            text += f", non-trainable {_num(layer.non_trainable)}"
        text += ")"
    return text


def _span_size(span: Span) -> tuple[int, int]:
    # Orders nested spans inner-first: fewer lines, then fewer columns.
    return span.end_line - span.line, span.end_col - span.col


def hover_target(models: Iterable[ModelReport], line: int, col: int) -> tuple[Span, str] | None:
    """The innermost thing at (line, col): a layer call, else a model (its Sequential call
    or any place its variable appears). On equal spans the layer wins. A call reported more
    than once (built in a loop, shared by two models) shows each of its distinct reports."""
    best_key: tuple[tuple[int, int], int] | None = None
    best: list[tuple[Span, Callable[[], str]]] = []
    for model in models:
        candidates: list[tuple[int, Span, Callable[[], str]]] = [
            (0, layer.span, functools.partial(layer_markdown, layer)) for layer in model.layers
        ]
        candidates += [(1, span, functools.partial(summary_markdown, model)) for span in [model.span, *model.references]]
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
    ls.configure(params.initialization_options)
    log.info("position encoding %s", ls.workspace.position_encoding)


@guarded()
def did_open(ls: ShapeLensServer, params: types.DidOpenTextDocumentParams) -> None:
    doc = params.text_document
    old = ls.docs.pop(_key(doc.uri), None)
    if old is not None and old.debounce is not None:
        old.debounce.cancel()
    state = DocState(doc.uri, doc.version)
    ls.docs[_key(doc.uri)] = state
    ls.spawn(ls.refresh(state), f"analyzing {doc.uri}")


@guarded()
def did_change(ls: ShapeLensServer, params: types.DidChangeTextDocumentParams) -> None:
    ident = params.text_document
    state = ls.state(ident.uri)
    if state is None:
        if _key(ident.uri) not in ls.workspace.text_documents:
            return
        state = ls.docs[_key(ident.uri)] = DocState(ident.uri, ident.version)
    state.version = ident.version
    if state.debounce is not None:
        state.debounce.cancel()
    state.debounce = ls.spawn(ls.refresh_later(state), f"analyzing {ident.uri}")


@guarded()
def did_close(ls: ShapeLensServer, params: types.DidCloseTextDocumentParams) -> None:
    uri = params.text_document.uri
    state = ls.docs.pop(_key(uri), None)
    if state is not None and state.debounce is not None:
        state.debounce.cancel()
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
    if ls.configure(settings) and caps is not None and caps.inlay_hint and caps.inlay_hint.refresh_support:
        ls.spawn(ls.workspace_inlay_hint_refresh_async(None), "workspace/inlayHint/refresh")


@guarded()
async def hover(ls: ShapeLensServer, params: types.HoverParams) -> types.Hover | None:
    snap = await ls.snapshot(params.text_document.uri)
    if snap is None:
        return None
    pos = from_client(ls.codec, snap.lines, params.position, clamp=False)
    if pos is None:
        return None
    target = hover_target(snap.analysis.models, *pos)
    if target is None:
        return None
    span, markdown = target
    return types.Hover(
        contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value=markdown),
        range=to_client_range(ls.codec, snap.lines, span),
    )


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
    snap = await ls.snapshot(uri)
    if snap is None:
        return []
    codec = ls.codec
    wanted = from_client_range(codec, snap.lines, params.range)
    sent = list(params.context.diagnostics or [])
    caps = ls.client_capabilities.workspace
    # Versioned edits when the client declares it takes them (VS Code, Emacs do; Neovim
    # does not say so), else plain `changes`, which every client understands.
    versioned = bool(caps and caps.workspace_edit and caps.workspace_edit.document_changes)
    actions = []
    for diag in snap.analysis.diagnostics:
        if not diag.fixes or not overlaps(diag.span, wanted):
            continue
        lsp_diag = to_lsp_diagnostic(codec, uri, snap.lines, diag)
        for d in sent:
            if d.code == diag.code and d.range == lsp_diag.range and d.source in (SOURCE, None):
                lsp_diag = d
                break
        for fix in diag.fixes:
            edits = [
                types.TextEdit(range=to_client_range(codec, snap.lines, e.span), new_text=e.new_text)
                for e in fix.edits
            ]
            if versioned:
                edit = types.WorkspaceEdit(
                    document_changes=[
                        types.TextDocumentEdit(
                            text_document=types.OptionalVersionedTextDocumentIdentifier(uri=uri, version=snap.version),
                            edits=list(edits),
                        )
                    ]
                )
            else:
                edit = types.WorkspaceEdit(changes={uri: edits})
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


@guarded(list)
async def inlay_hint(ls: ShapeLensServer, params: types.InlayHintParams) -> list[types.InlayHint]:
    if not ls.inlay_hints_enabled:
        return []
    snap = await ls.snapshot(params.text_document.uri)
    if snap is None:
        return []
    within = from_client_range(ls.codec, snap.lines, params.range)
    return inlay_hints(ls.codec, snap.lines, snap.analysis.models, within)


def create_server() -> ShapeLensServer:
    ls = ShapeLensServer()
    ls.feature(types.INITIALIZE)(initialize)
    ls.feature(types.TEXT_DOCUMENT_DID_OPEN)(did_open)
    ls.feature(types.TEXT_DOCUMENT_DID_CHANGE)(did_change)
    ls.feature(types.TEXT_DOCUMENT_DID_CLOSE)(did_close)
    ls.feature(types.WORKSPACE_DID_CHANGE_CONFIGURATION)(did_change_configuration)
    ls.feature(types.TEXT_DOCUMENT_HOVER)(hover)
    ls.feature(
        types.TEXT_DOCUMENT_CODE_ACTION,
        types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix]),
    )(code_action)
    ls.feature(types.TEXT_DOCUMENT_INLAY_HINT, types.InlayHintOptions(resolve_provider=False))(inlay_hint)
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
        ls.start_io()
