"""The analysis core: source text in, models and diagnostics out. It knows nothing of LSP."""

from __future__ import annotations

import ast
import gc

from .diagnostics import Collector
from .interpreter import Interpreter
from .positions import Positions
from .result import Diagnostic, Edit, FileAnalysis, Fix, LayerReport, ModelReport, Related, Severity, Span

__all__ = [
    "Diagnostic", "Edit", "FileAnalysis", "Fix", "LayerReport", "ModelReport", "Related",
    "Severity", "Span", "analyze",
]


def analyze(source: str, path: str | None = None) -> FileAnalysis:
    """Analyze one Python file's text. Never raises on bad input; never runs the code."""
    # A big file's syntax tree makes the cyclic collector rescan it again and again; nothing
    # here needs it (the analysis frees its data by reference counting), so pause it.
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _analyze(source, path)
    finally:
        if enabled:
            gc.enable()


def _analyze(source: str, path: str | None) -> FileAnalysis:
    result = FileAnalysis(path)
    sink = Collector()
    source = source.replace("\r\n", "\n").replace("\r", "\n") if "\r" in source else source
    if "\x00" in source:
        sink.add(Span(0, 0, 0, 0), "SL002", "the file contains NUL bytes: it is binary, not Python source")
        result.diagnostics = sink.sorted()
        return result
    try:
        tree = ast.parse(source, filename=path or "<buffer>")
    except SyntaxError as err:
        line = max((err.lineno or 1) - 1, 0)
        col = max((err.offset or 1) - 1, 0)
        sink.add(Span(line, col, line, col + 1), "SL001", f"syntax error: {err.msg}; the file cannot be analyzed")
        result.diagnostics = sink.sorted()
        return result
    except (ValueError, RecursionError, MemoryError) as err:
        sink.add(Span(0, 0, 0, 0), "SL001", f"the file cannot be parsed: {err}")
        result.diagnostics = sink.sorted()
        return result
    positions = Positions(source)
    interp = Interpreter(source, positions, sink)
    try:
        interp.run(tree)
    except RecursionError:
        pass  # absurdly deep expressions: report what was found so far
    for model in interp.models:
        built = interp.assembler.assemble(model)
        result.models.append(interp.assembler.report(built))
    result.diagnostics = sink.sorted()
    return result
