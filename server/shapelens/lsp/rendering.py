"""Core results as LSP objects and markdown: diagnostics, hovers, code lens titles, inlay hints."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from lsprotocol import types
from pygls.workspace.position_codec import PositionCodec

from ..analysis import Diagnostic, LayerReport, ModelReport, Span
from ..engine.numbers import count_str
from ..engine.shapes import UNKNOWN, shape_str
from ..report import summary_markdown, summary_table
from .documents import Place, Snapshot

if TYPE_CHECKING:
    from .index import HintSpot
from .positions import range_out, to_client, within_place

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
    built_at = (local(model.built_at[0]), model.built_at[1]) if model.built_at else None
    assumptions = [(text, tuple(local(s) for s in spans)) for text, spans in model.assumptions]
    return dataclasses.replace(model, span=local(model.span), layers=layers, built_at=built_at,
                               assumptions=assumptions)


_NOTEBOOK_LINES = "Line numbers count from the top of each cell."


def model_markdown(model: ModelReport, snap: Snapshot) -> str:
    text = summary_markdown(_localized(model, snap))
    return f"{text}\n\n_{_NOTEBOOK_LINES}_" if snap.notebook else text


def model_summary_text(model: ModelReport, snap: Snapshot) -> str:
    text = summary_table(_localized(model, snap))
    return f"{text}\n ({_NOTEBOOK_LINES})" if snap.notebook else text


def inlay_hints(codec: PositionCodec, lines: list[str], spots: Iterable[HintSpot]) -> list[types.InlayHint]:
    """The index's hint spots as LSP inlay hints in the client's encoding."""
    return [
        types.InlayHint(
            position=to_client(codec, lines, spot.line, spot.col),
            label="→ " + " | ".join(spot.shapes),
            kind=types.InlayHintKind.Type,
            padding_left=True,
            tooltip=f"{spot.kind} output shape",
        )
        for spot in spots
    ]


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
