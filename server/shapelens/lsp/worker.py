"""What runs in the analysis thread: the core on one text, never raising."""

from __future__ import annotations

import traceback
from collections.abc import Callable
from dataclasses import dataclass

from ..analysis import FileAnalysis, PrefixCache, Workspace, analyze
from ..analysis.cancellation import Cancelled, cancel_when
from ..config import Config
from .documents import split_lines
from .settings import effective_config


@dataclass
class AnalysisResult:
    lines: list[str]
    analysis: FileAnalysis
    error: str | None = None  # a traceback when the core raised
    config_error: str | None = None


def analyze_text(
    text: str,
    path: str | None,
    last_good: str | None,
    workspace: Workspace | None = None,
    editor_config: Config | None = None,
    lines: list[str] | None = None,
    cancelled: Callable[[], bool] = lambda: False,
    cache: PrefixCache | None = None,
) -> AnalysisResult | None:
    """Runs in the worker thread. The core promises never to raise; if it does anyway, the
    document gets an empty analysis and the traceback goes back to be logged. None when
    ``cancelled()`` turned true (the editor moved on): the analysis stopped early. ``cache``
    is the document's prefix cache (the analysis resumes from its checkpoint when it can)."""
    if cancelled():
        return None
    if lines is None:
        lines = split_lines(text)
    config, config_error = effective_config(path, editor_config)
    try:
        with cancel_when(cancelled):
            result = analyze(text, path, last_good=last_good, workspace=workspace, config=config, cache=cache)
        return AnalysisResult(lines, result, None, config_error)
    except Cancelled:
        return None
    except Exception:
        return AnalysisResult(lines, FileAnalysis(path), traceback.format_exc(), config_error)
