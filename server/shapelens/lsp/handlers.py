"""The protocol handlers: each one only translates between LSP and the server's snapshots
(and so the analysis core), and answers a default instead of failing."""

from __future__ import annotations

import asyncio
import functools
import logging
import traceback
from collections.abc import Callable
from typing import Any, TypeVar

from lsprotocol import types

from ..analysis import ModelReport
from .documents import CONFIG_FILE, DocState, Snapshot, is_config_file, uri_key
from .positions import overlaps, position_in, range_in, range_out
from .rendering import (
    SOURCE,
    inlay_hints,
    lens_title,
    lsp_diagnostic,
    model_markdown,
    model_summary_text,
    workspace_edit,
)
from .server import ShapeLensServer

log = logging.getLogger("shapelens.server")

SHOW_SUMMARY = "shapelens.showSummary"
REGISTRATION_TIMEOUT = 30.0

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
    return not is_config_file(uri) and language_id != "toml"


@guarded()
def did_open(ls: ShapeLensServer, params: types.DidOpenTextDocumentParams) -> None:
    doc = params.text_document
    if not _analyzable(doc.uri, doc.language_id):
        return
    old = ls.docs.pop(uri_key(doc.uri), None)
    if old is not None:
        ls.forget(old)
    state = DocState(doc.uri, doc.version)
    ls.docs[uri_key(doc.uri)] = state
    ls.spawn(ls.refresh(state), f"analyzing {doc.uri}")


@guarded()
def did_change(ls: ShapeLensServer, params: types.DidChangeTextDocumentParams) -> None:
    ident = params.text_document
    state = ls.docs.get(uri_key(ident.uri))
    if state is not None and state.notebook:
        return
    if state is None:
        doc = ls.workspace.text_documents.get(uri_key(ident.uri))
        if doc is None or not _analyzable(ident.uri, doc.language_id):
            return
        state = ls.docs[uri_key(ident.uri)] = DocState(ident.uri, ident.version)
    state.version = ident.version
    ls.changed(state)


@guarded()
def did_close(ls: ShapeLensServer, params: types.DidCloseTextDocumentParams) -> None:
    uri = params.text_document.uri
    state = ls.docs.get(uri_key(uri))
    if state is not None and state.notebook:
        return
    ls.docs.pop(uri_key(uri), None)
    if state is not None:
        ls.forget(state)
    ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=[]))


@guarded()
def did_save(ls: ShapeLensServer, params: types.DidSaveTextDocumentParams) -> None:
    if is_config_file(params.text_document.uri):
        ls.configuration_changed(f"{params.text_document.uri} saved")


@guarded()
def did_change_watched_files(ls: ShapeLensServer, params: types.DidChangeWatchedFilesParams) -> None:
    changed = [c.uri for c in params.changes if is_config_file(c.uri)]
    if changed:
        ls.configuration_changed(f"{', '.join(changed)} changed")


@guarded()
def notebook_did_open(ls: ShapeLensServer, params: types.DidOpenNotebookDocumentParams) -> None:
    uri = params.notebook_document.uri
    old = ls.docs.pop(uri_key(uri), None)
    if old is not None:
        ls.forget(old)
    state = DocState(uri, 0, notebook=True)
    ls.docs[uri_key(uri)] = state
    ls.spawn(ls.refresh(state), f"analyzing {uri}")


@guarded()
def notebook_did_change(ls: ShapeLensServer, params: types.DidChangeNotebookDocumentParams) -> None:
    uri = params.notebook_document.uri
    state = ls.docs.get(uri_key(uri))
    if state is None or not state.notebook:
        return
    # Our own counter: every change (text, cells added, removed, moved) makes a new version.
    state.version += 1
    ls.changed(state)


@guarded()
def notebook_did_close(ls: ShapeLensServer, params: types.DidCloseNotebookDocumentParams) -> None:
    state = ls.docs.get(uri_key(params.notebook_document.uri))
    if state is None or not state.notebook:
        return
    del ls.docs[uri_key(params.notebook_document.uri)]
    ls.forget(state)
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
    target = snap.index.hover(*pos, model_text=functools.partial(_model_markdown_for, snap))
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


@guarded(list)
async def inlay_hint(ls: ShapeLensServer, params: types.InlayHintParams) -> list[types.InlayHint]:
    if not ls.inlay_hints_enabled:
        return []
    found = await ls.view(params.text_document.uri)
    if found is None:
        return []
    snap, place = found
    within = range_in(ls.codec, snap, place, params.range)
    hints = inlay_hints(ls.codec, snap.lines, snap.index.hints_within(within))
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
        model = snap.index.models_by_line.get(line + place.start)
        return None if model is None else model_summary_text(model, snap)
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
