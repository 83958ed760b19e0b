"""The position index answers exactly what a scan of every layer of every model would: the
scans the server did before the index are kept here as the reference."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from pathlib import Path

import pytest

from shapelens.analysis import ModelReport, Span, analyze
from shapelens.engine.shapes import UNKNOWN, shape_str
from shapelens.lsp.documents import split_lines
from shapelens.lsp.index import PositionIndex
from shapelens.lsp.rendering import layer_markdown
from shapelens.report import summary_markdown
from tests.cases import CASES_DIR

CASES = sorted(p for p in Path(CASES_DIR).glob("*.py") if p.name != "__init__.py")
# Two models on one line, a layer shared by two models, layers built in a loop.
SHARED = """import keras
from keras import layers
d = layers.Dense(4)
a = keras.Sequential([keras.Input((3,)), d]); b = keras.Sequential([keras.Input((3,)), d, layers.Dense(2), layers.Dense(1)])
c = keras.Sequential([keras.Input((2,))])
for n in (8, 16):
    c.add(layers.Dense(n))
print(a, b, c)
"""


def scan_hover(models: Iterable[ModelReport], line: int, col: int, model_text: Callable[[ModelReport], str]) -> tuple[Span, str] | None:
    best_key = None
    best: list[tuple[Span, Callable[[], str]]] = []
    for model in models:
        candidates = [(0, layer.span, functools.partial(layer_markdown, layer)) for layer in model.layers]
        candidates += [(1, span, functools.partial(model_text, model)) for span in [model.span, *model.references]]
        for rank, span, render in candidates:
            if not span.contains(line, col):
                continue
            key = ((span.end_line - span.line, span.end_col - span.col), rank)
            if best_key is None or key < best_key:
                best_key, best = key, [(span, render)]
            elif key == best_key and span == best[0][0]:
                best.append((span, render))
    if not best:
        return None
    texts = list(dict.fromkeys(render() for _, render in best))
    return best[0][0], "\n\n---\n\n".join(texts)


def scan_hints(lines: list[str], models: Iterable[ModelReport], within: Span) -> list[tuple[int, int, str, str]]:
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
    out = []
    for span, texts in shapes.items():
        line = span.end_line
        if not 0 <= line < len(lines):
            continue
        col = len(lines[line].rstrip()) if per_line[line] == 1 else span.end_col
        if (within.line, within.col) <= (line, col) <= (within.end_line, within.end_col):
            out.append((line, col, " | ".join(texts), kinds[span]))
    return out


@pytest.mark.parametrize("text", [SHARED, *(p.read_text(encoding="utf-8") for p in CASES)], ids=["shared", *(p.stem for p in CASES)])
def test_index_answers_as_the_scan(text: str) -> None:
    models = analyze(text).models
    lines = split_lines(text)
    index = PositionIndex(models, lines)
    for line in range(len(lines) + 1):
        for col in range(len(lines[line]) + 2 if line < len(lines) else 1):
            assert index.hover(line, col, summary_markdown) == scan_hover(models, line, col, summary_markdown), (line, col)
    ranges = [Span(0, 0, len(lines), 0)] + [Span(i, 0, i + 3, 5) for i in range(len(lines))]
    for within in ranges:
        spots = [(s.line, s.col, " | ".join(s.shapes), s.kind) for s in index.hints_within(within)]
        assert spots == scan_hints(lines, models, within), within
    for model in models:
        assert index.models_by_line[model.span.line] is next(m for m in models if m.span.line == model.span.line)


def test_the_shared_layer_shows_each_report() -> None:
    models = analyze(SHARED).models
    index = PositionIndex(models, split_lines(SHARED))
    found = index.hover(2, 6, summary_markdown)  # d = layers.Dense(4), in two models
    assert found is not None and found[1].count("**Dense**") == 1  # the same report once
    spots = index.hints_within(Span(0, 0, 9, 0))
    # d once (one shape in both models), b's two Dense, the loop's Dense with both its shapes.
    assert [s.shapes for s in spots] == [("(None, 4)",), ("(None, 2)",), ("(None, 1)",), ("(None, 8)", "(None, 16)")]
