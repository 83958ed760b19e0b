"""Every real mistake in ../shared/keras-cases/ (facts observed with TF 2.21 / Keras 3.15)."""

from __future__ import annotations

import json

import pytest

from shapelens.analysis import analyze
from tests.core.paths import SHARED_CASES


def _cases() -> list[dict]:
    index = SHARED_CASES / "cases.json"
    if not index.is_file():
        pytest.fail(f"the shared Keras cases are missing: {index} (CI lays shared/ beside the clone)")
    return json.loads(index.read_text())


CASES = _cases() if (SHARED_CASES / "cases.json").is_file() else [{"file": "<missing>"}]


@pytest.mark.parametrize("case", CASES, ids=[c["file"] for c in CASES])
def test_case(case: dict) -> None:
    if case["file"] == "<missing>":
        pytest.fail(f"the shared Keras cases are missing: {SHARED_CASES}")
    path = SHARED_CASES / case["file"]
    result = analyze(path.read_text(), str(path))
    by_severity: dict[str, list[int]] = {}
    for diag in result.diagnostics:
        by_severity.setdefault(diag.severity, []).append(diag.span.line + 1)
    expect = case["expect"]
    if expect == "none":
        assert not by_severity.get("error") and not by_severity.get("warning"), result.diagnostics
    elif expect == "warning":
        assert not by_severity.get("error"), result.diagnostics
        assert set(by_severity.get("warning", [])) & set(case["lines"]), result.diagnostics
    else:
        assert expect == "error"
        assert set(by_severity.get("error", [])) & set(case["lines"]), (case["message"], result.diagnostics)


def test_every_case_is_known() -> None:
    """New cases dropped into shared/ must be covered by cases.json, not silently ignored."""
    files = {p.name for p in SHARED_CASES.glob("*.py")}
    assert files == {c["file"] for c in _cases()}
