"""What is where in one analysis result, built once per snapshot: hover, inlay hints and the
summary command look a position up here instead of scanning every layer of every model.

Lookups give exactly what a scan in report order would: the entries of a line keep that order,
and ties are broken the same way."""

from __future__ import annotations

import bisect
import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from ..analysis import LayerReport, ModelReport, Span
from ..engine.shapes import UNKNOWN, shape_str
from ..report import summary_markdown
from .rendering import layer_markdown


@dataclass(frozen=True)
class HintSpot:
    """One inlay hint before its conversion to the client's encoding."""

    line: int
    col: int
    shapes: tuple[str, ...]
    kind: str


def _span_size(span: Span) -> tuple[int, int]:
    # Orders nested spans inner-first: fewer lines, then fewer columns.
    return span.end_line - span.line, span.end_col - span.col


# A hover candidate: (rank, span, model, layer); rank 0 for a layer call, 1 for a model.
_Entry = tuple[int, Span, ModelReport, "LayerReport | None"]


class PositionIndex:
    def __init__(self, models: Iterable[ModelReport], lines: list[str]) -> None:
        self.models = list(models)
        self._lines = lines
        self._hover_lines: dict[int, list[_Entry]] | None = None
        self._hints: list[HintSpot] | None = None
        self._hint_keys: list[tuple[int, int, int]] = []

    # -- hover ---------------------------------------------------------------------------

    def _by_line(self) -> dict[int, list[_Entry]]:
        if self._hover_lines is None:
            by_line: dict[int, list[_Entry]] = {}
            for model in self.models:
                entries: list[_Entry] = [(0, layer.span, model, layer) for layer in model.layers]
                entries += [(1, span, model, None) for span in [model.span, *model.references]]
                for entry in entries:
                    span = entry[1]
                    for line in range(span.line, span.end_line + 1):
                        by_line.setdefault(line, []).append(entry)
            self._hover_lines = by_line
        return self._hover_lines

    def hover(
        self, line: int, col: int, model_text: Callable[[ModelReport], str] = summary_markdown
    ) -> tuple[Span, str] | None:
        """The innermost thing at (line, col): a layer call, else a model (its Sequential call
        or any place its variable appears). On equal spans the layer wins. A call reported more
        than once (built in a loop, shared by two models) shows each of its distinct reports."""
        best_key: tuple[tuple[int, int], int] | None = None
        best: list[tuple[Span, Callable[[], str]]] = []
        for rank, span, model, layer in self._by_line().get(line, ()):
            if not span.contains(line, col):
                continue
            key = (_span_size(span), rank)
            render = functools.partial(layer_markdown, layer) if layer is not None else functools.partial(model_text, model)
            if best_key is None or key < best_key:
                best_key, best = key, [(span, render)]
            elif key == best_key and span == best[0][0]:
                best.append((span, render))
        if not best:
            return None
        texts = list(dict.fromkeys(render() for _, render in best))
        return best[0][0], "\n\n---\n\n".join(texts)

    # -- inlay hints ---------------------------------------------------------------------

    def _hint_spots(self) -> list[HintSpot]:
        if self._hints is None:
            shapes: dict[Span, list[str]] = {}
            kinds: dict[Span, str] = {}
            for model in self.models:
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
            spots = []
            for span, shape_texts in shapes.items():
                line = span.end_line
                if not 0 <= line < len(self._lines):
                    continue
                col = len(self._lines[line].rstrip()) if per_line[line] == 1 else span.end_col
                spots.append(HintSpot(line, col, tuple(shape_texts), kinds[span]))
            self._hints = spots
            self._hint_keys = sorted((s.line, s.col, i) for i, s in enumerate(spots))
        return self._hints

    def hints_within(self, within: Span) -> list[HintSpot]:
        """The hints placed within the span, in report order. One hint per layer call of known
        output shape: at the end of the line where the call ends, or right after the call when
        several calls end on that line; a call reported more than once gets each distinct shape."""
        spots = self._hint_spots()
        lo = bisect.bisect_left(self._hint_keys, (within.line, within.col, -1))
        hi = bisect.bisect_right(self._hint_keys, (within.end_line, within.end_col, len(spots)))
        return [spots[i] for i in sorted(k[2] for k in self._hint_keys[lo:hi])]

    # -- models by line --------------------------------------------------------------------

    @functools.cached_property
    def models_by_line(self) -> dict[int, ModelReport]:
        """The first model whose Sequential call starts on each line."""
        out: dict[int, ModelReport] = {}
        for model in self.models:
            out.setdefault(model.span.line, model)
        return out
