"""User-defined layers: shapes from compute_output_shape, as Keras reports them."""

from __future__ import annotations

from shapelens.analysis import analyze
from shapelens.engine.shapes import UNKNOWN
from tests.core.keras_truth import keras_models
from tests.core.paths import MODELS

CUSTOM = MODELS.parent / "custom" / "custom_layers.py"


def test_custom_layer_shapes_match_keras() -> None:
    truth = keras_models(CUSTOM)
    result = analyze(CUSTOM.read_text(), str(CUSTOM))
    assert result.diagnostics == []
    ours = {m.name: m for m in result.models}
    assert [(layer.kind, layer.output_shape) for layer in ours["model"].layers] == [
        (kind, shape) for kind, shape, _ in truth["model"]
    ]
    # params depend on build(): unknown for custom layers, known for the built-in ones
    assert [layer.params for layer in ours["model"].layers] == [UNKNOWN, 0, UNKNOWN]


def test_custom_layer_without_compute_output_shape_is_unknown() -> None:
    truth = keras_models(CUSTOM)
    assert truth["opaque"][0][1] == (None, 8)  # Keras runs call(); we cannot, so we say unknown
    result = analyze(CUSTOM.read_text(), str(CUSTOM))
    opaque = {m.name: m for m in result.models}["opaque"]
    assert [layer.output_shape for layer in opaque.layers] == [UNKNOWN, UNKNOWN]
