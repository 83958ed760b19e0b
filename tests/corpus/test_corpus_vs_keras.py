"""The corpus programs run in real Keras (one subprocess for all of them) against the analysis.

Every program is correct: the analysis must not crash and must report no error or warning.
Every layer shape and parameter count it knows must equal the model Keras built at the same
``Sequential(...)`` call (see ``compare.py``). The number of layers whose shape it knows may grow,
never shrink (``expectations.json``). Only the project's own corpus files are run.
"""

from __future__ import annotations

import warnings
from typing import Any

import pytest

from shapelens.analysis import analyze
from tests.corpus.compare import check_program
from tests.corpus.keras_run import run_all
from tests.corpus.programs import PROGRAMS, expectations, program_id

EXPECTED = expectations()
# The Keras runs of all programs happen in the first test's setup: give it the time they take.
pytestmark = pytest.mark.timeout(1200)


def _param(path: Any) -> Any:
    reason = EXPECTED.get(program_id(path), {}).get("xfail")
    marks = [pytest.mark.xfail(reason=reason, strict=True)] if reason else []
    return pytest.param(path, id=program_id(path), marks=marks)


@pytest.fixture(scope="module")
def keras_truth(request: pytest.FixtureRequest) -> dict[str, dict[str, Any]]:
    """The Keras runs of the selected programs (all of them unless ``-k`` narrows the run)."""
    selected = {
        item.callspec.params["path"] for item in request.session.items
        if hasattr(item, "callspec") and "path" in item.callspec.params
    }
    return run_all([path for path in PROGRAMS if path in selected])


@pytest.mark.parametrize("path", [_param(path) for path in PROGRAMS])
def test_program(path: Any, keras_truth: dict[str, dict[str, Any]]) -> None:
    truth = keras_truth[str(path)]
    assert truth["error"] is None, f"a corpus program must run in Keras: {truth['error']}"
    check = check_program(analyze(path.read_text(), str(path)), truth["models"])
    assert check.alarms == [], "errors or warnings on a correct program"
    assert check.wrong == [], "shapes that differ from Keras"
    expected = EXPECTED[program_id(path)]
    assert check.layers == expected["layers"], "Keras builds other models than recorded: update expectations.json"
    assert check.known >= expected["known"], f"coverage regressed: {check.known} layers known, {expected['known']} recorded"
    if check.known > expected["known"]:
        warnings.warn(
            f"{program_id(path)}: {check.known} layers known, {expected['known']} recorded: "
            "run tools/measure_corpus.py --update", stacklevel=1,
        )


def test_every_program_is_recorded_and_credited() -> None:
    assert sorted(EXPECTED) == sorted(program_id(path) for path in PROGRAMS)
    for path in PROGRAMS:
        header = path.read_text().split("\n", 3)
        assert header[0].startswith("# In the style of"), f"{program_id(path)} credits its source in line 1"
