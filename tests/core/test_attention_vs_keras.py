"""MultiHeadAttention called inside custom layers: output shapes and weights as Keras builds them."""

from __future__ import annotations

from shapelens.analysis import analyze
from shapelens.engine.shapes import UNKNOWN
from tests.core.keras_truth import keras_models
from tests.core.paths import MODELS

FIXTURE = MODELS.parent / "custom" / "attention_layers.py"


def test_attention_in_custom_layers_matches_keras() -> None:
    truth = keras_models(FIXTURE)
    result = analyze(FIXTURE.read_text(), str(FIXTURE))
    assert result.diagnostics == []
    ours = {m.name: [(layer.kind, layer.output_shape, layer.params) for layer in m.layers] for m in result.models}
    # transformer: the block's feed-forward Sequential (no Input) counts in its weights.
    for name in ("plain", "valued", "projected", "unbiased", "cross", "transformer"):
        assert ours[name] == truth[name], name


def test_attention_scores_output_stays_unknown() -> None:
    """``return_attention_scores=True`` returns a pair: not followed, so never a wrong shape."""
    result = analyze(FIXTURE.read_text(), str(FIXTURE))
    scores = {m.name: m for m in result.models}["scores"]
    assert scores.layers[0].output_shape is UNKNOWN
