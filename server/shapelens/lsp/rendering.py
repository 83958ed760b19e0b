"""Core results as LSP objects and markdown: diagnostics, hovers, code lens titles, inlay hints."""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable, Iterable

from lsprotocol import types
from pygls.workspace.position_codec import PositionCodec

from ..analysis import Diagnostic, LayerReport, ModelReport, Span
from ..engine.numbers import count_str
from ..engine.shapes import UNKNOWN, shape_str
from ..report import summary_markdown, summary_table
from .documents import Place, Snapshot
from .positions import range_out, to_client

SOURCE = "shapelens"

_SEVERITY = {
    "error": types.DiagnosticSeverity.Error,
    "warning": types.DiagnosticSeverity.Warning,
    "information": types.DiagnosticSeverity.Information,
    "hint": types.DiagnosticSeverity.Hint,
}


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
