"""SL213 stays quiet when Normalization is adapted on what the model gets (run in Keras too)."""

from __future__ import annotations

from shapelens.analysis import analyze
from tests.core.keras_truth import run_source
from tests.core.paths import CASES


def test_adapted_on_the_features_is_quiet_and_runs() -> None:
    path = CASES / "normalization_adapted_with_target.py"
    source = path.read_text().replace("norm.adapt(table)", "norm.adapt(features)")
    assert run_source(source, path) == (None, None)
    assert [d for d in analyze(source, str(path)).diagnostics if d.severity in ("error", "warning")] == []


def test_adapted_in_a_branch_is_unknown() -> None:
    path = CASES / "normalization_adapted_with_target.py"
    source = path.read_text().replace("norm.adapt(table)", "if table.any():\n    norm.adapt(table)")
    assert [d.code for d in analyze(source, str(path)).diagnostics] == []
