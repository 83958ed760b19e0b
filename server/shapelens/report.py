"""Rendering analyses for people and machines: summary tables, ruff-style text, JSON, SARIF.

The JSON form is the fixed contract of ``shapelens check --format json``.
"""

from __future__ import annotations

import json
from typing import Any

from . import __version__
from .analysis import Diagnostic, FileAnalysis, ModelReport
from .engine.shapes import UNKNOWN, shape_json, shape_str
from .rules import RULES


def _num(value: object) -> str:
    return "?" if value is UNKNOWN or value is None else f"{value:,}"


def summary_rows(model: ModelReport) -> list[tuple[str, str, str, str]]:
    """(layer, output shape, params, line) per layer, as ``model.summary()`` lists them."""
    return [
        (
            layer.kind,
            f"✗ Keras raises ({layer.error})" if layer.error else shape_str(layer.output_shape),
            _num(layer.params),
            str(layer.span.line + 1),
        )
        for layer in model.layers
    ]


def build_note(model: ModelReport) -> str | None:
    """Where a model that declares no input was built, or that it never is in this file."""
    if model.built_at is not None:
        span, call = model.built_at
        note = f"built at line {span.line + 1} by `{call}`"
        if model.input_shape is UNKNOWN:
            note += ", on data whose shape is not known here"
        return note
    if model.input_shape is UNKNOWN and model.layers:
        return "no input shape is declared: Keras builds this model only when it first sees data"
    return None


def summary_table(model: ModelReport) -> str:
    """A ``model.summary()``-style table in box characters, like Keras 3 prints it."""
    header = ("Layer (type)", "Output Shape", "Param #", "Line")
    rows = summary_rows(model)
    widths = [max(len(header[i]), *(len(r[i]) for r in rows)) + 2 for i in range(4)] if rows else \
        [len(h) + 2 for h in header]

    def line(left: str, mid: str, right: str, fill: str) -> str:
        return left + mid.join(fill * w for w in widths) + right

    def cells(values: tuple[str, ...], sep: str) -> str:
        parts = []
        for i, value in enumerate(values):
            text = f" {value}".ljust(widths[i]) if i < 2 else f"{value} ".rjust(widths[i])
            parts.append(text)
        return sep + sep.join(parts) + sep

    name = model.name or "Sequential"
    out = [
        f'Model: "{name}" (line {model.span.line + 1}), input {shape_str(model.input_shape)}',
        line("┏", "┳", "┓", "━"),
        cells(header, "┃"),
        line("┡", "╇", "┩", "━"),
    ]
    out += [cells(r, "│") for r in rows]
    out.append(line("└", "┴", "┘", "─"))
    out.append(f" Total params: {_num(model.params)}")
    out.append(f" Trainable params: {_num(model.trainable)}")
    out.append(f" Non-trainable params: {_num(model.non_trainable)}")
    note = build_note(model)
    if note:
        out.append(f" ({note})")
    return "\n".join(out)


def summary_markdown(model: ModelReport) -> str:
    """The same table in Markdown, for hovers."""
    name = model.name or "Sequential"
    lines = [
        f"**{name}**: Sequential, input `{shape_str(model.input_shape)}`",
        "",
        "| Layer | Output shape | Params | Line |",
        "|---|---|---:|---:|",
    ]
    lines += [f"| {k} | `{s}` | {p} | {ln} |" for k, s, p, ln in summary_rows(model)]
    lines += [
        "",
        f"Total params: **{_num(model.params)}** (trainable {_num(model.trainable)}, "
        f"non-trainable {_num(model.non_trainable)})",
    ]
    note = build_note(model)
    if note:
        lines.append(f"\n_{note[0].upper()}{note[1:]}._")
    return "\n".join(lines)


def diagnostic_line(path: str, diag: Diagnostic) -> str:
    return f"{path}:{diag.span.line + 1}:{diag.span.col + 1}: {diag.code} [{diag.severity}] {diag.message}"


def render_text(results: list[FileAnalysis], summaries: bool = True) -> str:
    out: list[str] = []
    counts = {"error": 0, "warning": 0, "information": 0, "hint": 0}
    for result in results:
        path = result.path or "<stdin>"
        if summaries and result.models:
            out.append(f"{path}")
            for model in result.models:
                out.append(summary_table(model))
                out.append("")
        for diag in result.diagnostics:
            out.append(diagnostic_line(path, diag))
            counts[diag.severity] += 1
    if out and out[-1] != "":
        out.append("")
    total = sum(counts.values())
    if total:
        parts = [f"{n} {k}{'s' if n != 1 else ''}" for k, n in counts.items() if n and k in ("error", "warning")]
        others = counts["information"] + counts["hint"]
        if others:
            parts.append(f"{others} note{'s' if others != 1 else ''}")
        out.append(f"Found {', '.join(parts)} in {len(results)} file{'s' if len(results) != 1 else ''}.")
    else:
        out.append(f"All checks passed ({len(results)} file{'s' if len(results) != 1 else ''}).")
    return "\n".join(out) + "\n"


def to_json(results: list[FileAnalysis]) -> list[dict[str, Any]]:
    files = []
    for result in results:
        files.append(
            {
                "path": result.path,
                "models": [
                    {
                        "name": model.name,
                        "line": model.span.line + 1,
                        "column": model.span.col + 1,
                        "input_shape": shape_json(model.input_shape),
                        "params": None if model.params is UNKNOWN else model.params,
                        "layers": [
                            {
                                "line": layer.span.line + 1,
                                "column": layer.span.col + 1,
                                "layer": layer.kind,
                                "output_shape": shape_json(layer.output_shape),
                                "params": None if layer.params is UNKNOWN else layer.params,
                                "dtype": None if layer.dtype is UNKNOWN else layer.dtype,
                            }
                            for layer in model.layers
                        ],
                    }
                    for model in result.models
                ],
                "diagnostics": [
                    {
                        "line": d.span.line + 1,
                        "column": d.span.col + 1,
                        "end_line": d.span.end_line + 1,
                        "end_column": d.span.end_col + 1,
                        "severity": d.severity,
                        "code": d.code,
                        "message": d.message,
                    }
                    for d in result.diagnostics
                ],
            }
        )
    return files


def render_json(results: list[FileAnalysis]) -> str:
    return json.dumps(to_json(results), indent=2) + "\n"


_SARIF_LEVEL = {"error": "error", "warning": "warning", "information": "note", "hint": "note"}


def render_sarif(results: list[FileAnalysis]) -> str:
    """SARIF 2.1.0, for code-scanning uploads."""
    rules = [
        {
            "id": rule.code,
            "name": rule.name,
            "shortDescription": {"text": rule.summary},
            "fullDescription": {"text": rule.why},
            "help": {"text": f"Example:\n{rule.example}\n\nUse instead:\n{rule.instead}"},
            "defaultConfiguration": {"level": _SARIF_LEVEL[rule.severity]},
        }
        for rule in RULES.values()
    ]
    sarif_results = []
    for result in results:
        for d in result.diagnostics:
            sarif_results.append(
                {
                    "ruleId": d.code,
                    "level": _SARIF_LEVEL[d.severity],
                    "message": {"text": d.message},
                    "locations": [
                        {
                            "physicalLocation": {
                                "artifactLocation": {"uri": (result.path or "").replace("\\", "/")},
                                "region": {
                                    "startLine": d.span.line + 1,
                                    "startColumn": d.span.col + 1,
                                    "endLine": d.span.end_line + 1,
                                    "endColumn": d.span.end_col + 1,
                                },
                            }
                        }
                    ],
                }
            )
    doc = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [
            {
                "tool": {"driver": {"name": "shapelens", "version": __version__, "rules": rules}},
                "results": sarif_results,
            }
        ],
    }
    return json.dumps(doc, indent=2) + "\n"


_GITHUB_LEVEL = {"error": "error", "warning": "warning", "information": "notice", "hint": "notice"}


def _github_escape(text: str, property_value: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if property_value else text


def render_github(results: list[FileAnalysis]) -> str:
    """GitHub Actions workflow commands: annotations on the pull request's lines."""
    out = []
    for result in results:
        path = _github_escape((result.path or "").replace("\\", "/"), True)
        for d in result.diagnostics:
            s = d.span
            out.append(
                f"::{_GITHUB_LEVEL[d.severity]} file={path},line={s.line + 1},col={s.col + 1},"
                f"endLine={s.end_line + 1},endColumn={s.end_col + 1},title={d.code}::{_github_escape(d.message)}"
            )
    return "\n".join(out) + ("\n" if out else "")
