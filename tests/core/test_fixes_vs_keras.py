"""Every quick fix, applied to a real mistake, gives code that analyzes clean and runs in Keras."""

from __future__ import annotations

from pathlib import Path

import pytest

from shapelens.analysis import Edit, analyze
from tests.core.keras_truth import run_source
from tests.core.paths import CASES, MODELS

REALISTIC = MODELS.parent / "realistic"
# Files named *_ok are programs Keras runs: nothing to fix there.
FILES = [p for p in sorted(CASES.glob("*.py")) + sorted(REALISTIC.glob("*.py"))
         if not p.stem.endswith("_ok") and p.name != "__init__.py"]
# Mistakes no edit can repair without knowing the data (a feature too many, samples missing),
# or whose cause is a value passed from elsewhere (a helper's argument).
NO_FIX = {"wrong_feature_count.py", "xy_length_mismatch.py", "evaluate_length_mismatch.py",
          "helper_function_bad_call.py", "pandas_frame_width_mismatch.py", "dataset_map_wrong_channels.py",
          "stateful_lstm_partial_batch.py", "embedding_float_inputs.py", "channels_first_model_input.py",
          "normalization_adapted_with_target.py", "sparse_loss_fractional_labels.py",
          "sparse_loss_negative_labels.py", "sparse_loss_scaled_fractions_past_units.py"}


def apply_edits(text: str, edits: list[Edit]) -> str:
    lines = text.split("\n")
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line) + 1)
    for edit in sorted(edits, key=lambda e: (e.span.line, e.span.col), reverse=True):
        start = offsets[edit.span.line] + edit.span.col
        end = offsets[edit.span.end_line] + edit.span.end_col
        text = text[:start] + edit.new_text + text[end:]
    return text


def preferred_edits(text: str, path: Path) -> tuple[list[Edit], set[str]]:
    """The first fix of each diagnostic, skipping any that overlaps one already taken."""
    edits: list[Edit] = []
    fixed: set[str] = set()
    for diag in analyze(text, str(path)).diagnostics:
        if not diag.fixes:
            continue
        candidate = list(diag.fixes[0].edits)
        if any(_overlaps(a, b) for a in candidate for b in edits):
            continue
        edits += candidate
        fixed.add(diag.code)
    return edits, fixed


def _overlaps(a: Edit, b: Edit) -> bool:
    a0, a1 = (a.span.line, a.span.col), (a.span.end_line, a.span.end_col)
    b0, b1 = (b.span.line, b.span.col), (b.span.end_line, b.span.end_col)
    return (a0 < b1 and b0 < a1) or a0 == b0


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_fix_then_run(path: Path) -> None:
    text = path.read_text()
    before = analyze(text, str(path)).diagnostics
    assert any(d.severity in ("error", "warning") for d in before)
    edits, fixed = preferred_edits(text, path)
    if path.name in NO_FIX:
        assert not any(d.severity == "error" and d.fixes for d in before)
        return
    assert edits, f"no fix offered for {[d.code for d in before]}"
    new_text = apply_edits(text, edits)
    after = analyze(new_text, str(path)).diagnostics
    assert [d for d in after if d.severity in ("error", "warning")] == [], new_text
    line, error = run_source(new_text, path)
    assert line is None, f"Keras still raises after the fixes ({sorted(fixed)}): {error}\n{new_text}"


def test_every_fixable_rule_is_exercised() -> None:
    seen: set[str] = set()
    for path in FILES:
        seen |= preferred_edits(path.read_text(), path)[1]
    assert {"SL101", "SL103", "SL104", "SL105", "SL201", "SL202", "SL203", "SL301", "SL302", "SL305",
            "SL401"} <= seen


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_alternative_fixes_run_too(path: Path) -> None:
    """Each non-preferred fix, applied alone, also removes its diagnostic, and Keras runs that
    statement (it may still raise later, at another mistake of the same file)."""
    text = path.read_text()
    for diag in analyze(text, str(path)).diagnostics:
        for fix in diag.fixes[1:]:
            new_text = apply_edits(text, list(fix.edits))
            after = analyze(new_text, str(path)).diagnostics
            assert not any(d.code == diag.code and d.span.line == diag.span.line for d in after), fix.title
            line, error = run_source(new_text, path)
            assert line is None or line != diag.span.line + 1, f"{fix.title}: {error}"
