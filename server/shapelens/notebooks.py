"""Jupyter notebooks as the analysis sees them: the Python code cells in order, joined into one
program, IPython-only lines blanked, and a map from its lines back to ``cell N, line L``.

The language server gets the cells from the editor (notebook document sync); the CLI reads
them from the ``.ipynb`` file. Both blank magics the same way (``python_lines_of_cell``).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from .analysis.result import FileAnalysis

# A line IPython transforms before Python sees it: %magic, !shell, `x = !cmd`, `x = %magic`,
# `obj?` / `?obj` help. Blanked (the line stays, so every line after it keeps its number).
_MAGIC_LINE = re.compile(r"^\s*(?:[%!?]|[A-Za-z_][\w.]*\s*=\s*[%!])|^\s*[A-Za-z_][\w.]*\?\??\s*$")
# Cell magics whose body is still Python; any other %%magic cell (%%bash, %%html...) is blanked.
_PYTHON_CELL_MAGICS = {"time", "timeit", "capture", "prun", "debug"}


def python_lines_of_cell(lines: list[str]) -> list[str]:
    """A code cell's lines as the analysis sees them: IPython-only lines blanked (an indented
    one becomes ``pass`` so that its block still parses), a non-Python %%magic cell all blank."""
    first = lines[0].strip() if lines else ""
    if first.startswith("%%"):
        name = first[2:].split(maxsplit=1)[0] if first[2:].strip() else ""
        if name not in _PYTHON_CELL_MAGICS:
            return [""] * len(lines)
    out = []
    for line in lines:
        if _MAGIC_LINE.match(line):
            indent = line[: len(line) - len(line.lstrip())]
            line = f"{indent}pass" if indent else ""
        out.append(line)
    return out


# Saved outputs (plots as base64 images) make notebooks far bigger than their code.
NOTEBOOK_MAX_BYTES = 50 * 1024 * 1024


class NotebookError(ValueError):
    """A file that is not a Jupyter notebook ShapeLens can read; the message says why."""


@dataclass(frozen=True)
class Cell:
    number: int  # 1-based, counting every cell of the notebook (markdown too), as it shows them
    start: int  # its first line in the joined program (0-based)
    stop: int  # one past its last line


@dataclass(frozen=True)
class NotebookProgram:
    text: str  # the code cells joined, magics blanked
    cells: tuple[Cell, ...]

    def locate(self, line: int) -> tuple[int, int]:
        """A 0-based line of the joined program as (cell number, 0-based line in that cell)."""
        for cell in self.cells:
            if cell.start <= line < cell.stop:
                return cell.number, line - cell.start
        last = self.cells[-1] if self.cells else Cell(1, 0, 1)
        return last.number, max(0, min(line - last.start, last.stop - last.start - 1))

    def cell_end(self, cell_number: int) -> int:
        """The last 0-based line of a cell, counted in the cell."""
        for cell in self.cells:
            if cell.number == cell_number:
                return max(0, cell.stop - cell.start - 1)
        return 0


@dataclass
class NotebookAnalysis(FileAnalysis):
    """A notebook's analysis: positions are in the joined program; ``program`` maps them back."""

    program: NotebookProgram = field(default_factory=lambda: NotebookProgram("", ()))


def _cell_text(source: object) -> str:
    if isinstance(source, str):
        return source
    if isinstance(source, list) and all(isinstance(part, str) for part in source):
        return "".join(source)
    raise NotebookError("a cell's source is neither text nor a list of lines")


def notebook_program(text: str) -> NotebookProgram:
    """The Python program of a notebook's JSON text (nbformat 4)."""
    try:
        doc = json.loads(text)
    except (ValueError, RecursionError) as err:
        raise NotebookError(f"not a Jupyter notebook: invalid JSON ({err})") from err
    cells = doc.get("cells") if isinstance(doc, dict) else None
    if not isinstance(cells, list):
        raise NotebookError("not a Jupyter notebook: no list of cells (only nbformat 4 is read)")
    metadata = doc.get("metadata")
    language = metadata.get("language_info", {}) if isinstance(metadata, dict) else {}
    if isinstance(language, dict) and language.get("name", "python") != "python":
        raise NotebookError(f"not a Python notebook (its language is {language.get('name')!r})")
    lines: list[str] = []
    placed = []
    for number, cell in enumerate(cells, start=1):
        if not isinstance(cell, dict) or cell.get("cell_type") != "code":
            continue
        own = _cell_text(cell.get("source", "")).replace("\r\n", "\n").replace("\r", "\n").split("\n")
        placed.append(Cell(number, len(lines), len(lines) + len(own)))
        lines += python_lines_of_cell(own)
    return NotebookProgram("\n".join(lines), tuple(placed))
