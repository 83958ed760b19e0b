"""The analysis core: source text in, models and diagnostics out. It knows nothing of LSP."""

from __future__ import annotations

import contextlib
import gc
import threading
from collections.abc import Iterator

from ..config import Config
from ..config import apply as apply_config
from ..engine.formats import DEFAULT_DATA_FORMAT, IMAGE_DATA_FORMAT
from .cancellation import checked
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

__all__ = [
    "ArrayNote", "Diagnostic", "Edit", "FileAnalysis", "Fix", "LayerReport", "ModelReport", "Related",
    "Severity", "Span", "Workspace", "analyze",
]


def analyze(
    source: str,
    path: str | None = None,
    last_good: str | None = None,
    workspace: Workspace | None = None,
    config: Config | None = None,
) -> FileAnalysis:
    """Analyze one Python file's text. Never raises on bad input; never runs the code.

    ``last_good`` is the last version of the same buffer that parsed (an editor passes it):
    when ``source`` does not parse, the unchanged parts are still analyzed with it.
    ``workspace`` resolves names imported from the user's other modules (cached there).
    ``config`` selects, ignores and re-grades rules; suppression comments always apply.
    """
    # Each file starts with Keras's default image data format.
    token = IMAGE_DATA_FORMAT.set(DEFAULT_DATA_FORMAT)
    try:
        with _collector_paused():
            result = _analyze(source, path, last_good, workspace)
    finally:
        IMAGE_DATA_FORMAT.reset(token)
    result.diagnostics = apply_config(result.diagnostics, source, config)
    return result


_gc_lock = threading.Lock()
_gc_pauses = 0
_gc_was_enabled = False


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


def _analyze(source: str, path: str | None, last_good: str | None, workspace: Workspace | None) -> FileAnalysis:
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
    positions = Positions(source, first_line_offset=bom)
    interp = Interpreter(source, positions, sink, workspace, path)
    try:
        interp.run(checked(tree))
    except RecursionError:
        pass  # absurdly deep expressions: report what was found so far
    for model in interp.models:  # every model first: nested ones adopt their input shape
        interp.assembler.assemble(model)
    for model in interp.models:
        built = interp.assembler.assemble_for_report(model)
        result.models.append(interp.assembler.report(built))
    interp.release()
    result.models = distinct_models(result.models)
    result.arrays = [a for a in interp.arrays if not replaced.intersection((a.span.line,))]
    diagnostics = sink.sorted()
    if replaced:
        diagnostics = [
            d for d in diagnostics
            if d.code == "SL001" or not replaced.intersection(range(d.span.line, d.span.end_line + 1))
        ]
    result.diagnostics = diagnostics
    return result
