"""An analysis stops between top-level statements once its installed check says so (the
language server abandons the analysis of a version the editor has moved past)."""

from __future__ import annotations

import pytest

from shapelens.analysis import analyze
from shapelens.analysis.cancellation import Cancelled, cancel_when

SOURCE = "import keras\n" + "".join(
    f"m{i} = keras.Sequential([keras.Input((4,)), keras.layers.Dense({i + 1})])\n" for i in range(20)
)


def test_a_cancelled_analysis_stops_between_top_level_statements() -> None:
    asked = 0

    def cancelled() -> bool:
        nonlocal asked
        asked += 1
        return asked > 5

    with cancel_when(cancelled), pytest.raises(Cancelled):
        analyze(SOURCE)
    assert asked == 6  # asked before each statement, and stopped when it said so


def test_a_check_that_never_fires_changes_nothing() -> None:
    plain = analyze(SOURCE)
    with cancel_when(lambda: False):
        checked = analyze(SOURCE)
    assert [m.params for m in checked.models] == [m.params for m in plain.models] == [(4 + 1) * (i + 1) for i in range(20)]
    assert checked.diagnostics == plain.diagnostics
    # Outside the block nothing is checked any more.
    assert analyze(SOURCE).models[-1].params == 5 * 20
