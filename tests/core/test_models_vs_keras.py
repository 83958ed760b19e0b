"""Whole fixture files: every layer's shape and parameter count equals what real Keras builds."""

from __future__ import annotations

import pytest

from shapelens.analysis import analyze
from shapelens.engine.shapes import UNKNOWN
from tests.core.keras_truth import keras_models
from tests.core.paths import MODELS

FILES = sorted(MODELS.glob("*.py"))


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_models_match_keras(path) -> None:
    truth = keras_models(path)
    assert truth, "fixture builds no model"
    result = analyze(path.read_text(), str(path))
    assert [d for d in result.diagnostics if d.severity in ("error", "warning")] == []
    ours = {m.name: m for m in result.models}
    for name, layers in truth.items():
        assert name in ours, f"model {name} not found; found {sorted(map(str, ours))}"
        got = [(layer.kind, layer.output_shape, layer.params) for layer in ours[name].layers]
        assert got == layers, name
        assert all(shape is not UNKNOWN for _, shape, _ in got)
