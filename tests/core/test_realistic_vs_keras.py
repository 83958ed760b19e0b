"""Realistic programs run in real Keras (tiny data, one epoch) against the analysis.

Where Keras raises, the analysis must report an error in the statement that raised; where
Keras runs to the end, the analysis must report no error. Every layer shape and parameter count
the analysis knows must equal the model Keras built. These are the project's own fixtures; user
code is never run.
"""

from __future__ import annotations

import ast
import functools
import os
import sys
import traceback
import types
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from shapelens.analysis import analyze
from shapelens.engine.shapes import UNKNOWN
from tests.core.paths import MODELS

REALISTIC = MODELS.parent / "realistic"
FILES = sorted(REALISTIC.glob("*.py"))


@dataclass
class Outcome:
    line: int | None
    error: str | None
    models: dict[str, list[tuple[str, Any, int]]]
    # The module's names after the run (arrays, frames, constants): see test_values_vs_runtime.
    values: dict[str, Any]


@functools.cache
def run_in_keras(path: Path) -> Outcome:
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    import keras

    # A registered module: dataclasses look their class's module up in sys.modules.
    module = types.ModuleType("__fixture__")
    module.__file__ = str(path)
    namespace: dict[str, Any] = module.__dict__
    line = error = None
    sys.modules["__fixture__"] = module
    try:
        exec(compile(path.read_text(), str(path), "exec"), namespace)
    except Exception as exc:
        frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename == str(path)]
        line, error = frames[-1].lineno, f"{type(exc).__name__}: {str(exc)[:300]}"
    finally:
        sys.modules.pop("__fixture__", None)
    models = {}
    for name, value in namespace.items():
        if isinstance(value, keras.Sequential) and value.built:
            try:
                models[name] = [(type(la).__name__, tuple(la.output.shape), la.count_params()) for la in value.layers]
            except (AttributeError, ValueError):
                continue
    return Outcome(line, error, models, namespace)


def statement_lines(source: str, line: int) -> range:
    """The lines of the innermost simple statement that contains ``line``."""
    best = range(line, line + 1)
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.stmt) and not hasattr(node, "body") and node.lineno <= line <= (node.end_lineno or line):
            best = range(node.lineno, (node.end_lineno or node.lineno) + 1)
    return best


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_program(path: Path) -> None:
    source = path.read_text()
    outcome = run_in_keras(path)
    result = analyze(source, str(path))
    errors = [d for d in result.diagnostics if d.severity == "error"]
    if outcome.line is None:
        assert errors == [], "Keras ran this file without error"
        assert path.stem.endswith("_ok"), "a file Keras accepts is named *_ok.py"
    else:
        lines = statement_lines(source, outcome.line)
        assert any(d.span.line + 1 in lines for d in errors), (outcome.error, lines, result.diagnostics)
        assert not path.stem.endswith("_ok"), outcome.error
    # A model made more than once with the same result is listed once, under all its names.
    ours = {name: m for m in result.models for name in (m.name or "").split(", ")}
    for name, layers in outcome.models.items():
        assert name in ours, name
        got = ours[name].layers
        assert [layer.kind for layer in got] == [kind for kind, _, _ in layers]
        for layer, (_, shape, params) in zip(got, layers, strict=True):
            if layer.output_shape is not UNKNOWN:
                assert layer.output_shape == shape, (name, layer)
            if layer.params is not UNKNOWN:
                assert layer.params == params, (name, layer)
            if path.stem.endswith("_ok"):
                assert layer.output_shape is not UNKNOWN and layer.params is not UNKNOWN, (name, layer)
