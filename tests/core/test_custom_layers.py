"""User-defined layers: shapes from compute_output_shape or call(), params from add_weight, as Keras reports them."""

from __future__ import annotations

from shapelens.analysis import analyze
from tests.core.keras_truth import keras_models
from tests.core.paths import MODELS

CUSTOM = MODELS.parent / "custom" / "custom_layers.py"


def test_custom_layer_shapes_match_keras() -> None:
    truth = keras_models(CUSTOM)
    result = analyze(CUSTOM.read_text(), str(CUSTOM))
    assert result.diagnostics == []
    ours = {m.name: m for m in result.models}
    assert [(layer.kind, layer.output_shape, layer.params) for layer in ours["model"].layers] == truth["model"]


def test_custom_layer_without_compute_output_shape_runs_call() -> None:
    """Keras runs call() on a symbolic tensor; so does the analysis, with the tensor-op rules."""
    truth = keras_models(CUSTOM)
    assert truth["opaque"][0][1] == (None, 8)
    result = analyze(CUSTOM.read_text(), str(CUSTOM))
    opaque = {m.name: m for m in result.models}["opaque"]
    assert [(layer.kind, layer.output_shape, layer.params) for layer in opaque.layers] == truth["opaque"]
