"""Every real mistake in tests/cases/: Keras still does what the index says, and ShapeLens
reports it where and how the index says (an error where Keras raises, a warning where Keras runs
but the result is wrong, nothing where Keras runs and is right)."""

from __future__ import annotations

import pytest

from shapelens.analysis import analyze
from tests.cases import CASES, CASES_DIR, Case
from tests.core.keras_truth import run_source

IDS = [c.file for c in CASES]


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_keras_does_what_the_index_says(case: Case) -> None:
    line, error = run_source(case.text(), case.path)
    if case.exception is None:
        assert (line, error) == (None, None)
        return
    assert error is not None, f"{case.file} ran without error in Keras"
    assert error.startswith(f"{case.exception}: "), error
    assert case.message in error, error
    assert line == case.keras_line, error


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_shapelens_reports_it(case: Case) -> None:
    result = analyze(case.text(), str(case.path))
    by_severity: dict[str, set[int]] = {}
    for diag in result.diagnostics:
        by_severity.setdefault(diag.severity, set()).add(diag.span.line + 1)
    if case.expect == "none":
        assert not by_severity.get("error") and not by_severity.get("warning"), result.diagnostics
    elif case.expect == "warning":
        assert not by_severity.get("error"), result.diagnostics
        assert by_severity.get("warning", set()) & set(case.lines), result.diagnostics
    else:
        assert case.expect == "error"
        assert by_severity.get("error", set()) & set(case.lines), (case.message, result.diagnostics)


def test_every_case_file_is_indexed() -> None:
    """A case file added without its facts would be silently ignored."""
    assert {p.name for p in CASES_DIR.glob("*.py") if p.name != "__init__.py"} == set(IDS)
