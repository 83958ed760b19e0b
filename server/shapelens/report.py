"""Rendering analyses for people and machines: summary tables, ruff-style text, JSON, SARIF.

The JSON form is the fixed contract of ``shapelens check --format json``.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

from . import __version__
from .analysis import Diagnostic, FileAnalysis, ModelReport, Span
from .engine.numbers import count_str, json_int
from .engine.shapes import UNKNOWN, shape_json, shape_str
from .rules import RULES


def _num(value: object) -> str:
    return count_str(value)


def _line_number(span: Span) -> str:
    return str(span.line + 1)


def summary_rows(model: ModelReport, where: Callable[[Span], str] = _line_number) -> list[tuple[str, str, str, str]]:
    """(layer, output shape, params, line) per layer, as ``model.summary()`` lists them."""
    return [
        (
            layer.kind,
            f"✗ Keras raises ({layer.error})" if layer.error else shape_str(layer.output_shape),
            _num(layer.params),
            where(layer.span),
        )
        for layer in model.layers
    ]


def build_note(model: ModelReport, where: Callable[[Span], str] | None = None) -> str | None:
    """Where a model that declares no input was built, or that it never is in this file."""
    if model.built_at is not None:
        span, call = model.built_at
        place = f"line {span.line + 1}" if where is None else "cell {}, line {}".format(*where(span).split(":"))
        note = f"built at {place} by `{call}`"
        if model.input_shape is UNKNOWN:
            note += ", on data whose shape is not known here"
        return note
    if model.input_shape is UNKNOWN and model.layers:
        return "no input shape is declared: Keras builds this model only when it first sees data"
    return None


def _notebook(result: FileAnalysis) -> bool:
    """A notebook's analysis. No analysis can be one unless the notebook reader was loaded, and
    a check of .py files never loads it."""
    notebooks = sys.modules.get(f"{__package__}.notebooks")
    return notebooks is not None and isinstance(result, notebooks.NotebookAnalysis)


def assumption_notes(model: ModelReport, where: Callable[[Span], str] | None = None) -> list[str]:
    """What the model's shapes take for granted: Keras's default image data format, the helper
    call that made them. ``where`` renders a place in a notebook (cell:line)."""
    def place(span: Span) -> str:
        return f"line {span.line + 1}" if where is None else "cell {}, line {}".format(*where(span).split(":"))

    return [text.format(*(place(span) for span in spans)) for text, spans in model.assumptions]


def _cell_where(result: FileAnalysis) -> Callable[[Span], str] | None:
    """For a notebook: a span as ``3:2`` (cell 3, line 2 of that cell)."""
    if not _notebook(result):
        return None
    program = result.program

    def where(span: Span) -> str:
        cell, line = program.locate(span.line)
        return f"{cell}:{line + 1}"

    return where


def cell_position(result: FileAnalysis, line: int) -> tuple[int | None, int]:
    """A 0-based line of an analysis as (cell number or None, 1-based line in the cell or file)."""
    if _notebook(result):
        cell, in_cell = result.program.locate(line)
        return cell, in_cell + 1
    return None, line + 1


def summary_table(model: ModelReport, where: Callable[[Span], str] | None = None) -> str:
    """A ``model.summary()``-style table in box characters, like Keras 3 prints it. ``where``
    renders a layer's position (for notebooks: cell:line)."""
    header = ("Layer (type)", "Output Shape", "Param #", "Line" if where is None else "Cell:Line")
    rows = summary_rows(model, where or _line_number)
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
    place = f"line {model.span.line + 1}" if where is None else "cell {}, line {}".format(*where(model.span).split(":"))
    out = [
        f'Model: "{name}" ({place}), input {shape_str(model.input_shape)}',
        line("┏", "┳", "┓", "━"),
        cells(header, "┃"),
        line("┡", "╇", "┩", "━"),
    ]
    out += [cells(r, "│") for r in rows]
    out.append(line("└", "┴", "┘", "─"))
    out.append(f" Total params: {_num(model.params)}")
    out.append(f" Trainable params: {_num(model.trainable)}")
    out.append(f" Non-trainable params: {_num(model.non_trainable)}")
    note = build_note(model, where)
    if note:
        out.append(f" ({note})")
    out += [f" ({text})" for text in assumption_notes(model, where)]
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
    lines += [f"\n_{text[0].upper()}{text[1:]}._" for text in assumption_notes(model)]
    return "\n".join(lines)


def diagnostic_line(path: str, diag: Diagnostic, result: FileAnalysis | None = None) -> str:
    cell, line = cell_position(result, diag.span.line) if result is not None else (None, diag.span.line + 1)
    where = f"{line}:{diag.span.col + 1}" if cell is None else f"cell {cell}, line {line}, col {diag.span.col + 1}"
    return f"{path}:{where}: {diag.code} [{diag.severity}] {diag.message}"


def render_text(results: list[FileAnalysis], summaries: bool = True) -> str:
    out: list[str] = []
    counts = {"error": 0, "warning": 0, "information": 0, "hint": 0}
    for result in results:
        path = result.path or "<stdin>"
        if summaries and result.models:
            out.append(f"{path}")
            for model in result.models:
                out.append(summary_table(model, _cell_where(result)))
                out.append("")
        for diag in result.diagnostics:
            out.append(diagnostic_line(path, diag, result))
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


def _json_place(result: FileAnalysis, span: Span, end: bool = False) -> dict[str, Any]:
    """``line``/``column`` (1-based) of a span; in a notebook, counted in its cell, with the
    cell's number (1-based, every cell counted) in ``cell``, and the end kept in that cell."""
    cell, line = cell_position(result, span.line)
    place: dict[str, Any] = {"line": line, "column": span.col + 1}
    if end:
        end_cell, end_line = cell_position(result, span.end_line)
        end_col = span.end_col + 1
        if end_cell != cell and _notebook(result) and cell is not None:
            end_line, end_col = result.program.cell_end(cell) + 1, 1  # crosses into the next cell
        place.update(end_line=end_line, end_column=end_col)
    if cell is not None:
        place["cell"] = cell
    return place


def to_json(results: list[FileAnalysis]) -> list[dict[str, Any]]:
    files = []
    for result in results:
        files.append(
            {
                "path": result.path,
                "models": [
                    {
                        "name": model.name,
                        **_json_place(result, model.span),
                        "input_shape": shape_json(model.input_shape),
                        "params": json_int(model.params),
                        "layers": [
                            {
                                **_json_place(result, layer.span),
                                "layer": layer.kind,
                                "output_shape": shape_json(layer.output_shape),
                                "params": json_int(layer.params),
                                "dtype": None if layer.dtype is UNKNOWN else layer.dtype,
                            }
                            for layer in model.layers
                        ],
                    }
                    for model in result.models
                ],
                "diagnostics": [
                    {
                        **_json_place(result, d.span, end=True),
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
    import json  # only for this format: a text report never loads it

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
            artifact = {"uri": (result.path or "").replace("\\", "/")}
            cell, line = cell_position(result, d.span.line)
            if cell is None:
                location: dict[str, Any] = {"artifactLocation": artifact, "region": {
                    "startLine": d.span.line + 1,
                    "startColumn": d.span.col + 1,
                    "endLine": d.span.end_line + 1,
                    "endColumn": d.span.end_col + 1,
                }}
                text, properties = d.message, {}
            else:
                # A region would count lines of the .ipynb JSON: the cell goes in the text.
                location = {"artifactLocation": artifact}
                text = f"cell {cell}, line {line}: {d.message}"
                properties = {"properties": {"cell": cell, "line": line, "column": d.span.col + 1}}
            sarif_results.append(
                {
                    "ruleId": d.code,
                    "level": _SARIF_LEVEL[d.severity],
                    "message": {"text": text},
                    "locations": [{"physicalLocation": location}],
                    **properties,
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
    import json

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
            cell, line = cell_position(result, s.line)
            if cell is not None:  # a line of the .ipynb JSON would be wrong: the cell goes in the text
                message = _github_escape(f"cell {cell}, line {line}: {d.message}")
                out.append(f"::{_GITHUB_LEVEL[d.severity]} file={path},title={d.code}::{message}")
                continue
            out.append(
                f"::{_GITHUB_LEVEL[d.severity]} file={path},line={s.line + 1},col={s.col + 1},"
                f"endLine={s.end_line + 1},endColumn={s.end_col + 1},title={d.code}::{_github_escape(d.message)}"
            )
    return "\n".join(out) + ("\n" if out else "")
