"""functools.partial layer factories and custom layers holding lists of layers, against Keras."""

from __future__ import annotations

from shapelens.analysis import analyze
from tests.core.keras_truth import keras_models
from tests.core.paths import MODELS

FIXTURE = MODELS.parent / "custom" / "partial_factories.py"


def test_partial_factories_match_keras() -> None:
    """Stored keywords merge with the call's (the call wins); stored positionals come first."""
    truth = keras_models(FIXTURE)
    result = analyze(FIXTURE.read_text(), str(FIXTURE))
    assert result.diagnostics == []
    ours = {m.name: m for m in result.models}["model"]
    assert [(layer.kind, layer.output_shape, layer.params) for layer in ours.layers] == truth["model"]
