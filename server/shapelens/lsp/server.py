"""The language server object: open documents, their analyses in a worker thread, publishing.

Analyses run in a worker thread so that a slow one never stops the server from answering.
Each open document keeps the last analysis as a snapshot (version, text, lines, result);
hover, code actions, code lenses and inlay hints reuse it and re-analyze only when it is
outdated. Diagnostics are published only for the document's current version, so a stale
result can never overwrite a newer one.

Changing the configuration (a pyproject.toml, the editor settings) re-analyzes and
re-publishes every open document.
"""

from __future__ import annotations

import asyncio
import functools
import json
import logging
import threading
import traceback
from collections.abc import Awaitable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from lsprotocol import types
from pygls.exceptions import JsonRpcException
from pygls.lsp.server import LanguageServer
from pygls.protocol import LanguageServerProtocol
from pygls.uris import to_fs_path
from pygls.workspace import TextDocument
from pygls.workspace.position_codec import PositionCodec

from .. import __version__
from ..analysis import Workspace
from ..config import Config, parse_config
from ..notebooks import python_lines_of_cell
from ..pygls_fixes import ForgetsFinishedHandlers
from .documents import DocState, LspTextDocument, Place, Snapshot, Source, file_path, split_lines, uri_key
from .rendering import lsp_diagnostic
from .worker import AnalysisResult, analyze_text

log = logging.getLogger("shapelens.server")

DEBOUNCE_SECONDS = 0.15
# While typing goes on, a document is analyzed and published at least this often (the
# debounce's max-wait, as lodash's): on a large file the debounce alone would never fire.
MAX_WAIT_SECONDS = 1.0
NOTEBOOK_TYPE = "jupyter-notebook"

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
        self.max_wait_seconds = MAX_WAIT_SECONDS
        # The documents whose analysis is in the worker (running or queued).
        self.analyzing: list[DocState] = []
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
        state = self.docs.get(uri_key(uri))
        if state is None:
            notebook = self.workspace.get_notebook_document(cell_uri=uri)
            if notebook is not None:
                state = self.docs.get(uri_key(notebook.uri))
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
        snap = state.snapshot
        if snap is None or snap.epoch != self.epoch or not any(s is not state for s in self.analyzing):
            snap = await self.ensure(state)
        # else the worker is busy with another document: this one answers from its last
        # analysis now (its own debounced analysis follows its changes).
        if snap is None:
            return None
        place = snap.place_of(uri)
        return None if place is None else (snap, place)

    def source(self, state: DocState) -> Source | None:
        """The text to analyze for the document as it is now; None once it is closed."""
        if self.docs.get(uri_key(state.uri)) is not state:
            return None
        if not state.notebook:
            doc = self.workspace.text_documents.get(uri_key(state.uri))
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
            doc = self.workspace.text_documents.get(uri_key(cell.document))
            if doc is None or (doc.language_id or "python") != "python":
                continue
            lines = split_lines(doc.source)
            places.append(Place(cell.document, doc.version, len(original), len(original) + len(lines)))
            original += lines
            analyzed += python_lines_of_cell(lines)
        return Source("\n".join(analyzed), original, tuple(places))

    async def ensure(self, state: DocState) -> Snapshot | None:
        # A result can be superseded while it is awaited (a newer version, a configuration
        # change): then the newer one is awaited, a few times at most; after that (typing
        # goes on) the last result stands.
        for _ in range(3):
            if self.source(state) is None:
                return None
            result = await self.analysis_now(state)
            if result is not None:
                return result
        snap = state.snapshot
        return snap if snap is not None and snap.epoch == self.epoch else None

    async def analysis_now(self, state: DocState) -> Snapshot | None:
        """The analysis of the document's version as it is now: cached, joined, or started;
        None when it was abandoned (superseded, or the document closed)."""
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
        return await asyncio.shield(future)

    async def _analyze(self, state: DocState, version: int, epoch: int, source: Source) -> Snapshot | None:
        key = (version, epoch)
        async with state.lock:  # one analysis per document at a time
            if (
                self.docs.get(uri_key(state.uri)) is not state
                or self.epoch != epoch
                or (state.version != version and key not in state.forced)
            ):
                return None  # superseded while waiting: a newer version will be analyzed
            path = file_path(state.uri)
            loop = asyncio.get_running_loop()
            cancel = threading.Event()
            state.running = (key, cancel)
            self.analyzing.append(state)
            try:
                found: AnalysisResult | None = await loop.run_in_executor(
                    self.executor,
                    functools.partial(
                        analyze_text,
                        source.text,
                        path,
                        state.last_good,
                        self.resolver_for(path),
                        self.editor_config,
                        source.lines,
                        cancel.is_set,
                        state.cache,
                    ),
                )
            except asyncio.CancelledError:  # only the server stopping cancels it (shielded)
                cancel.set()
                raise
            finally:
                state.running = None
                self.analyzing.remove(state)
        if found is None:
            return None  # abandoned: the document moved on
        result = found
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

    async def refresh(self, state: DocState, forced: bool = False) -> None:
        """Analyze (if needed) and publish, unless the document moved on meanwhile. A
        ``forced`` analysis (the max-wait ran out while typing) is not abandoned by newer
        keystrokes and publishes its result, unless a newer one was published already."""
        covered, state.pending_since = state.pending_since, None
        key = (state.version, self.epoch)
        if forced:
            state.forced.add(key)
        try:
            snap = await self.analysis_now(state)
        finally:
            state.forced.discard(key)
        if self.docs.get(uri_key(state.uri)) is not state:
            return
        if snap is None:  # abandoned: its changes wait on
            if covered is not None:
                state.pending_since = min(covered, state.pending_since or covered)
            return
        if snap.epoch != self.epoch:
            return
        if snap.version != state.version and not (forced and (snap.epoch, snap.version) > state.published_key):
            return
        self.publish(state, snap)

    def changed(self, state: DocState) -> None:
        """A new version of an open document: abandon its analysis of an older version
        (unless the max-wait started it) and analyze it after the debounce delay, or sooner
        when its changes have waited for the max-wait."""
        now = asyncio.get_running_loop().time()
        if state.pending_since is None:
            state.pending_since = now
        running = state.running
        if running is not None and running[0][0] != state.version and running[0] not in state.forced:
            running[1].set()
        if state.debounce is not None:
            state.debounce.cancel()
        delay = min(self.debounce_seconds, max(0.0, state.pending_since + self.max_wait_seconds - now))
        state.debounce = self.spawn(self.refresh_later(state, delay), f"analyzing {state.uri}")

    def forget(self, state: DocState) -> None:
        """The document is closed (or reopened): its timer and running analysis stop."""
        if state.debounce is not None:
            state.debounce.cancel()
        if state.running is not None:
            state.running[1].set()

    async def refresh_later(self, state: DocState, delay: float) -> None:
        await asyncio.sleep(delay)
        # One max-wait analysis at a time: the next one waits for it (else typing would queue
        # one per max-wait behind a long analysis, each run to its end, before the final one).
        while forced := [f for k, f in state.inflight.items() if k in state.forced]:
            await asyncio.wait(forced)
        since = state.pending_since
        forced = since is not None and asyncio.get_running_loop().time() - since >= self.max_wait_seconds - 0.001
        # On its own task: the next keystroke cancels this timer, not the analysis it started.
        self.spawn(self.refresh(state, forced), f"analyzing {state.uri}")

    def publish(self, state: DocState, snap: Snapshot) -> None:
        state.published_key = max(state.published_key, (snap.epoch, snap.version))
        per_place: dict[str, list[types.Diagnostic]] = {uri_key(p.uri): [] for p in snap.places}
        for diag in snap.analysis.diagnostics:
            placed = lsp_diagnostic(self.codec, snap, diag)
            if placed is not None:
                per_place[uri_key(placed[0].uri)].append(placed[1])
        if not snap.notebook:
            self.text_document_publish_diagnostics(
                types.PublishDiagnosticsParams(uri=state.uri, version=snap.version, diagnostics=per_place[uri_key(state.uri)])
            )
            return
        for place in snap.places:
            self.text_document_publish_diagnostics(
                types.PublishDiagnosticsParams(uri=place.uri, version=place.version, diagnostics=per_place[uri_key(place.uri)])
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
        self._configure_debounce(settings.get("debounce"))
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

    def _configure_debounce(self, value: Any) -> None:
        """{"delay": seconds, "maxWait": seconds}: the debounce of analyses while typing (for
        tests and benchmarks; editors keep the defaults)."""
        if not isinstance(value, dict):
            return
        for name, attr in (("delay", "debounce_seconds"), ("maxWait", "max_wait_seconds")):
            seconds = value.get(name)
            if isinstance(seconds, (int, float)) and not isinstance(seconds, bool) and 0 <= seconds <= 60:
                setattr(self, attr, float(seconds))
