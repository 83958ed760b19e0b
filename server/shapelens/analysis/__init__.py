"""The analysis core: source text in, models and diagnostics out. It knows nothing of LSP."""

from __future__ import annotations

import ast
import bisect
import contextlib
import gc
import threading
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from ..config import Config
from ..config import apply as apply_config
from ..engine.formats import DEFAULT_DATA_FORMAT, IMAGE_DATA_FORMAT
from .cancellation import checked_releasing
from .diagnostics import Collector
from .interpreter import Interpreter
from .parsing import parse_source
from .positions import Positions
from .repeats import distinct_models
from .result import (
    ArrayNote,
    Diagnostic,
    Edit,
    FileAnalysis,
    Fix,
    LayerReport,
    ModelReport,
    Related,
    Severity,
    Span,
)
from .workspace import Workspace

if TYPE_CHECKING:
    from .incremental import PrefixCache

__all__ = [
    "ArrayNote", "Diagnostic", "Edit", "FileAnalysis", "Fix", "LayerReport", "ModelReport", "PrefixCache",
    "Related", "Severity", "Span", "Workspace", "analyze",
]


def analyze(
    source: str,
    path: str | None = None,
    last_good: str | None = None,
    workspace: Workspace | None = None,
    config: Config | None = None,
    cache: PrefixCache | None = None,
) -> FileAnalysis:
    """Analyze one Python file's text. Never raises on bad input; never runs the code.

    ``last_good`` is the last version of the same buffer that parsed (an editor passes it):
    when ``source`` does not parse, the unchanged parts are still analyzed with it.
    ``workspace`` resolves names imported from the user's other modules (cached there).
    ``config`` selects, ignores and re-grades rules; suppression comments always apply.
    ``cache`` (one per buffer, an editor's) lets the next version re-run only from its first
    changed top-level statement; the result is the same as without it.
    """
    # Each file starts with Keras's default image data format.
    token = IMAGE_DATA_FORMAT.set(DEFAULT_DATA_FORMAT)
    try:
        with _collector_paused():
            result = _analyze(source, path, last_good, workspace, cache)
    finally:
        IMAGE_DATA_FORMAT.reset(token)
    result.diagnostics = apply_config(result.diagnostics, source, config)
    return result


_gc_lock = threading.Lock()
_gc_pauses = 0
_gc_was_enabled = False


def __getattr__(name: str) -> Any:
    """``PrefixCache``, loaded on first use (only the language server keeps one per buffer)."""
    if name == "PrefixCache":
        from .incremental import PrefixCache

        return PrefixCache
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause the cyclic collector while any analysis runs (safe across threads).

    A big file's syntax tree makes the collector rescan it again and again; nothing here needs
    it (the analysis frees its data by reference counting)."""
    global _gc_pauses, _gc_was_enabled
    with _gc_lock:
        if _gc_pauses == 0:
            _gc_was_enabled = gc.isenabled()
            gc.disable()
        _gc_pauses += 1
    try:
        yield
    finally:
        with _gc_lock:
            _gc_pauses -= 1
            if _gc_pauses == 0 and _gc_was_enabled:
                gc.enable()


# Layers whose shapes follow the image data format (``data_format=None`` resolves to it).
_FORMAT_KINDS = ("Conv", "Pooling", "UpSampling", "ZeroPadding", "Cropping")


def _note_data_format(interp: Interpreter, models: list[ModelReport]) -> None:
    """A branch on ``image_data_format()`` that Keras's default decided: the image models of the
    file hold under that default (``~/.keras/keras.json`` may say channels_first)."""
    if not interp.format_branches:
        return
    branches = tuple(Span(n - 1, 0, n - 1, 0) for n in interp.format_branches[:3])
    note = (f"assumes image_data_format() is '{DEFAULT_DATA_FORMAT}', Keras's default unless keras.json says "
            f"otherwise: it decided the branch at {', '.join('{}' for _ in branches)}")
    for model in models:
        images = isinstance(model.input_shape, tuple) and len(model.input_shape) >= 4
        if images or any(k in layer.kind for layer in model.layers for k in _FORMAT_KINDS):
            model.assumptions.append((note, branches))


def _analyze(
    source: str, path: str | None, last_good: str | None, workspace: Workspace | None, cache: PrefixCache | None
) -> FileAnalysis:
    if cache is not None:  # an editor's buffer: a check never loads the prefix cache
        from .incremental import RecordingWorkspace, cut_index, cut_line, resume, take
    result = FileAnalysis(path)
    sink = Collector()
    source = source.replace("\r\n", "\n").replace("\r", "\n") if "\r" in source else source
    # A byte-order mark is not Python; it stays a character of line 0 for the editor.
    bom = 1 if source.startswith("\ufeff") else 0
    source = source[bom:]
    if "\x00" in source:
        sink.add(Span(0, 0, 0, 0), "SL002", "the file contains NUL bytes: it is binary, not Python source")
        result.diagnostics = sink.sorted()
        return result
    replaced: set[int] = set()
    # An edited buffer: only the text after its checkpoint is parsed (it starts a line at top level).
    point = cache.usable(source, bom, path, workspace) if cache is not None else None
    body: list[ast.stmt] | None = None
    if point is not None:
        try:
            body = parse_source("\n" * point.line + source[len(point.prefix):], filename=path or "<buffer>").body
        except (SyntaxError, ValueError, RecursionError, MemoryError):
            point = None  # the whole text is parsed below, and says where it fails
    if body is None:
        try:
            tree = parse_source(source, filename=path or "<buffer>")
        except SyntaxError as err:
            line = max((err.lineno or 1) - 1, 0)
            col = max((err.offset or 1) - 1, 0)
            sink.add(Span(line, col, line, col + 1), "SL001", f"syntax error: {err.msg}")
            from .recovery import blank_until_it_parses, patch_from_last_good  # only for broken code

            recovered = (patch_from_last_good(last_good, source) if last_good else None) \
                or blank_until_it_parses(source)
            if recovered is None:
                result.diagnostics = sink.sorted()
                return result
            source, replaced = recovered
            tree = parse_source(source)
        except (ValueError, RecursionError, MemoryError) as err:
            sink.add(Span(0, 0, 0, 0), "SL001", f"the file cannot be parsed: {err or type(err).__name__}")
            result.diagnostics = sink.sorted()
            return result
        body = tree.body
        point = cache.usable(source, bom, path, workspace) if cache is not None else None
        if point is not None:  # the statements before it are the checkpoint's
            body = body[bisect.bisect_left([s.lineno - 1 for s in body], point.line):]
    # Only comments and blank lines after the checkpoint: the result is the one resuming from it
    # gave before (nothing after the last statement is read), kept with it.
    empty = point is not None and not body and not sink.items and not replaced
    if empty and point is not None and point.final is not None and cache is not None:
        cache.resumed += 1
        cache.resumed_line = point.line
        cache.last_text = source
        models, arrays, diagnostics = point.final
        result.models, result.arrays, result.diagnostics = list(models), list(arrays), list(diagnostics)
        return result
    positions = Positions(source, first_line_offset=bom)
    if point is not None and cache is not None:
        interp = resume(point, source, positions, workspace)
        cache.resumed += 1
        cache.resumed_line = point.line
    else:
        recorder = RecordingWorkspace(workspace) if cache is not None and workspace is not None else workspace
        # With a cache, what the parse said stays out of the interpreter's sink (and so out of
        # its checkpoints): it is put first at the end, as in a fresh analysis.
        interp = Interpreter(source, positions, Collector() if cache is not None else sink, recorder, path)  # type: ignore[arg-type]
    # Where this version differs from the last one: the next checkpoint goes just before it.
    cut = cut_index(body, cache.wanted_line(source), positions.lines) if cache is not None else None
    final_of = point if empty else None
    try:
        if cut is not None and cache is not None and cut_line(body, cut) < len(positions.lines):
            line = cut_line(body, cut)
            at_end = cut == len(body)
            head, tail = body[:cut], body[cut:]
            body = tree = None  # type: ignore[assignment]  # each statement's tree is freed once run
            interp.block(checked_releasing(head))  # type: ignore[arg-type]
            prefix_end = sum(len(text) + 1 for text in positions.lines[:line])
            if not interp._stopped:
                taken = take(interp, source[:prefix_end], line, bom, path, workspace)
                cache.checkpoint = taken or cache.checkpoint
                if taken is not None and at_end and not sink.items and not replaced:
                    final_of = taken  # nothing follows it: this result is its own
            interp.block(checked_releasing(tail))  # type: ignore[arg-type]
        else:
            statements, body, tree = body, None, None  # type: ignore[assignment]
            interp.block(checked_releasing(statements))  # type: ignore[arg-type]
        interp.finish()
    except RecursionError:
        final_of = None  # absurdly deep expressions: report what was found so far
    if cache is not None:
        cache.last_text = source
    for model in interp.models:  # every model first: nested ones adopt their input shape
        interp.assembler.assemble(model)
    for model in interp.models:
        built = interp.assembler.assemble_for_report(model)
        result.models.append(interp.assembler.report(built))
    interp.release()
    result.models = distinct_models(result.models)
    _note_data_format(interp, result.models)
    result.arrays = [a for a in interp.arrays if not replaced.intersection((a.span.line,))]
    if interp.sink is not sink:
        for diag in interp.sink.items:
            sink.add(diag.span, diag.code, diag.message, diag.fixes, diag.related, diag.severity)
    diagnostics = sink.sorted()
    if replaced:
        diagnostics = [
            d for d in diagnostics
            if d.code == "SL001" or not replaced.intersection(range(d.span.line, d.span.end_line + 1))
        ]
    result.diagnostics = diagnostics
    if final_of is not None:
        final_of.final = (list(result.models), list(result.arrays), list(diagnostics))
    return result
