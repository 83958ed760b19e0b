"""A model made by the same code more than once (a helper called N times, a loop unrolled) is
listed once per distinct result: same place in the file, same input and the same layers with the
same shapes and sizes. Different shapes from different call sites stay separate models. The
variables it was bound to are joined in its name (``a, b``), and its references in hovers."""

from __future__ import annotations

from typing import Any

from .result import ModelReport


def distinct_models(reports: list[ModelReport]) -> list[ModelReport]:
    """The reports in order, repeats merged into the first one (their references joined)."""
    kept: dict[Any, ModelReport] = {}
    out: list[ModelReport] = []
    for report in reports:
        key = _key(report)
        first = kept.get(key)
        if first is None:
            kept[key] = report
            out.append(report)
            continue
        for span in report.references:
            if span not in first.references:
                first.references.append(span)
        names = first.name.split(", ") if first.name else []
        if report.name and report.name not in names:
            first.name = ", ".join([*names, report.name]) if len(names) < 3 else ", ".join(names[:3]) + ", ..."
    return out


def _key(report: ModelReport) -> Any:
    layers = tuple(
        (layer.kind, layer.span, layer.output_shape, layer.trainable, layer.non_trainable, layer.error, layer.dtype)
        for layer in report.layers
    )
    return (report.span, report.input_shape, layers, report.trainable, report.non_trainable)
