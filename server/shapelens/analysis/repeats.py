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
        for site in report.call_sites:
            if site not in first.call_sites:
                first.call_sites.append(site)
        names = first.name.split(", ") if first.name else []
        if report.name and report.name not in names:
            first.name = ", ".join([*names, report.name]) if len(names) < 3 else ", ".join(names[:3]) + ", ..."
    _note_call_sites(out)
    return out


def _note_call_sites(reports: list[ModelReport]) -> None:
    """A model made by a helper has the shapes of the calls that ran it: say which calls, and
    whether other calls of the same helper give other shapes."""
    per_span: dict[Any, int] = {}
    for report in reports:
        if report.call_sites:
            per_span[report.span] = per_span.get(report.span, 0) + 1
    for report in reports:
        sites = sorted(report.call_sites)
        if not sites:
            continue
        if len(sites) == 1:
            note = f"shapes of the call `{_short(sites[0][1])}` at {{}}"
        else:
            note = f"shapes of the {len(sites)} calls at {', '.join('{}' for _ in sites[:5])}" \
                f"{', ...' if len(sites) > 5 else ''} (the same for each)"
        if per_span.get(report.span, 0) > 1:
            note += "; the helper's other calls give other shapes"
        report.assumptions.append((note, tuple(span for span, _ in sites[:5])))


def _short(text: str) -> str:
    """The call's text on one line, shortened, with its braces escaped for ``str.format``."""
    text = " ".join(text.split())
    text = text if len(text) <= 60 else text[:57] + "..."
    return text.replace("{", "{{").replace("}", "}}")


def _key(report: ModelReport) -> Any:
    layers = tuple(
        (layer.kind, layer.span, layer.output_shape, layer.trainable, layer.non_trainable, layer.error, layer.dtype)
        for layer in report.layers
    )
    return (report.span, report.input_shape, layers, report.trainable, report.non_trainable)
