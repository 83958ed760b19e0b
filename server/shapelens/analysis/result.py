"""What an analysis produces: models with their layers, and diagnostics with fixes.

Positions are 0-based lines and columns counted in Unicode code points (Python ``str``
indices); the language server converts them to the client's encoding.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from ..engine.shapes import UNKNOWN, Shape, _Unknown

Severity = Literal["error", "warning", "information", "hint"]


@dataclass(frozen=True, order=True)
class Span:
    line: int
    col: int
    end_line: int
    end_col: int

    def contains(self, line: int, col: int) -> bool:
        return (self.line, self.col) <= (line, col) <= (self.end_line, self.end_col)


@dataclass(frozen=True)
class Edit:
    span: Span
    new_text: str


@dataclass(frozen=True)
class Fix:
    title: str
    edits: tuple[Edit, ...]
    preferred: bool = False


@dataclass(frozen=True)
class Related:
    span: Span
    message: str


@dataclass(frozen=True)
class Diagnostic:
    span: Span
    severity: Severity
    code: str
    message: str
    fixes: tuple[Fix, ...] = ()
    related: tuple[Related, ...] = ()


@dataclass
class LayerReport:
    kind: str
    span: Span
    output_shape: Shape | _Unknown = UNKNOWN
    trainable: int | _Unknown = UNKNOWN
    non_trainable: int | _Unknown = UNKNOWN
    # The rule code when Keras raises at this layer (its shape is then unknown).
    error: str | None = None
    dtype: str | _Unknown = UNKNOWN

    @property
    def params(self) -> int | _Unknown:
        if self.trainable is UNKNOWN or self.non_trainable is UNKNOWN:
            return UNKNOWN
        return self.trainable + self.non_trainable  # type: ignore[operator]


@dataclass
class ModelReport:
    name: str | None
    span: Span
    input_shape: Shape | _Unknown
    layers: list[LayerReport]
    # Every place the model's variable is written or read: hover targets.
    references: list[Span] = field(default_factory=list)
    # Totals as ``model.count_params()`` gives them (layers on alternative paths count once).
    trainable: int | _Unknown = UNKNOWN
    non_trainable: int | _Unknown = UNKNOWN
    # Where Keras built a model that declares no input, and by which call (``fit(x_train)``).
    built_at: tuple[Span, str] | None = None
    # A model made by a helper function: the top-level calls of the helper that give these shapes.
    call_sites: list[tuple[Span, str]] = field(default_factory=list)
    # What the shapes take for granted beyond the code (Keras's default image data format, the
    # helper call that made them), for hovers and summaries: one short sentence each, whose
    # ``{}`` fields are the places of the spans (rendered as lines, or cells in a notebook).
    assumptions: list[tuple[str, tuple[Span, ...]]] = field(default_factory=list)

    @property
    def params(self) -> int | _Unknown:
        if self.trainable is UNKNOWN or self.non_trainable is UNKNOWN:
            return UNKNOWN
        return self.trainable + self.non_trainable  # type: ignore[operator]


@dataclass(frozen=True)
class ArrayNote:
    """A name that holds an array of known shape, where it is written or read (hover targets)."""

    span: Span
    name: str
    shape: Shape
    dtype: str | _Unknown
    value_range: tuple[int, int] | None = None


@dataclass
class FileAnalysis:
    path: str | None
    models: list[ModelReport] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    arrays: list[ArrayNote] = field(default_factory=list)

    @property
    def has_errors(self) -> bool:
        return any(d.severity == "error" for d in self.diagnostics)
