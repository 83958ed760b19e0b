"""Models that declare no input, built by their first data, run in real Keras against the analysis.

Each program in ``tests/core/deferred/`` runs in TensorFlow 2.21 / Keras 3.15 (tiny data, one
epoch). Every module-level ``Sequential`` is then compared layer by layer: a model Keras has built
must be reported with exactly Keras's output shapes (in that model's graph, as ``summary()``
shows them, batch axis included: it is not always None after a deferred build) and parameter
counts (trainable ones too), all known in ``*_ok.py`` files; a model Keras has not built must be
reported with no input and no build site (never a guess), unless its build is what raised.
Where Keras raises, the analysis reports an error in that statement, and only there. These are
the project's own fixtures; user code is never run.
"""

from __future__ import annotations

import ast
import math
import os
import traceback
from pathlib import Path
from typing import Any

import pytest

from shapelens.analysis import ModelReport, analyze
from shapelens.engine.shapes import UNKNOWN
from tests.core.test_realistic_vs_keras import statement_lines

FOLDER = Path(__file__).resolve().parent / "deferred"
FILES = sorted(FOLDER.glob("*.py"))


def keras_outcome(path: Path) -> tuple[int | None, str | None, dict[str, Any]]:
    """The line that raised (if any), and per module-level Sequential: its layers or None (unbuilt)."""
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    import keras

    namespace: dict[str, Any] = {"__name__": "__fixture__", "__file__": str(path)}
    line = error = None
    try:
        exec(compile(path.read_text(), str(path), "exec"), namespace)
    except Exception as exc:
        frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename == str(path)]
        line, error = frames[-1].lineno, f"{type(exc).__name__}: {str(exc)[:300]}"
    models: dict[str, Any] = {}
    for name, value in namespace.items():
        if isinstance(value, keras.Sequential):
            models[name] = [(type(la).__name__, _output_in(value, la), la.count_params(),
                             sum(math.prod(w.shape) for w in la.trainable_weights))
                            for la in value.layers] if value.built else None
    return line, error, models


def _output_in(model: Any, layer: Any) -> tuple[Any, ...]:
    """The layer's output shape in this model's graph, as ``model.summary()`` shows it (a layer
    shared with another model has one output per model; ``layer.output`` is the first)."""
    nodes = {id(n) for depth in model._functional._nodes_by_depth.values() for n in depth}
    (node,) = [n for n in layer._inbound_nodes if id(n) in nodes]
    (tensor,) = node.output_tensors
    return tuple(tensor.shape)


def report_named(source: str, models: list[ModelReport], name: str) -> ModelReport | None:
    """The model bound to ``name`` by the last module-level assignment of that name."""
    targets = [(node.lineno - 1, node.col_offset) for stmt in ast.parse(source).body
               if isinstance(stmt, ast.Assign) for target in stmt.targets for node in ast.walk(target)
               if isinstance(node, ast.Name) and node.id == name]
    if not targets:
        return None
    line, col = targets[-1]
    for model in models:
        if any((span.line, span.col) == (line, col) for span in model.references):
            return model
    return None


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_program(path: Path) -> None:
    from keras import layers as keras_layers

    source = path.read_text()
    line, error, keras_models = keras_outcome(path)
    result = analyze(source, str(path))
    errors = [d for d in result.diagnostics if d.severity == "error"]
    if line is None:
        assert errors == [], "Keras ran this file without error"
        assert path.stem.endswith("_ok"), "a file Keras accepts is named *_ok.py"
    else:
        lines = statement_lines(source, line)
        assert errors and all(d.span.line + 1 in lines for d in errors), (error, lines, result.diagnostics)
        assert not path.stem.endswith("_ok"), error
    assert keras_models, "the program makes module-level Sequential models"
    for name, layers in keras_models.items():
        ours = report_named(source, result.models, name)
        assert ours is not None, name
        if layers is None:  # Keras has not built it: neither may we, unless the build is what raised
            raised_there = line is not None and ours.built_at is not None \
                and ours.built_at[0].line + 1 in statement_lines(source, line)
            if not raised_there:
                assert ours.input_shape is UNKNOWN and ours.built_at is None, (name, ours)
            continue
        assert [layer.kind for layer in ours.layers] == [kind for kind, _, _, _ in layers], name
        for layer, (_, shape, params, trainable) in zip(ours.layers, layers, strict=True):
            if path.stem.endswith("_ok"):  # a custom layer's weights are not counted (yet)
                custom = layer.kind not in ("Sequential", *dir(keras_layers))
                assert layer.output_shape is not UNKNOWN and (custom or layer.params is not UNKNOWN), (name, layer)
            if layer.output_shape is not UNKNOWN:
                assert layer.output_shape == shape, (name, layer, shape)
            if layer.params is not UNKNOWN:
                assert layer.params == params, (name, layer, params)
            if layer.trainable is not UNKNOWN:
                assert layer.trainable == trainable, (name, layer, trainable)
