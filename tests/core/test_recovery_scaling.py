"""Recovering a half-typed buffer costs work linear in its length, even when its lines repeat.

Work is measured as the number of function calls (Python and C) made during recovery, so the
test does not depend on the machine's speed: quadrupling the file may at most about quadruple it.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

import pytest

from shapelens.analysis.recovery import patch_from_last_good

HEADER = "import keras\nmodel = keras.Sequential()\n"
REPEATED = "model.add(keras.layers.Dense(4))\n"


def _calls(fn: Callable[[], Any]) -> tuple[int, Any]:
    count = 0

    def profile(frame: Any, event: str, arg: Any) -> None:
        nonlocal count
        if event in ("call", "c_call"):
            count += 1

    sys.setprofile(profile)
    try:
        result = fn()
    finally:
        sys.setprofile(None)
    return count, result


def _one_line_half_typed(n: int) -> tuple[str, str]:
    good = HEADER + REPEATED * n
    lines = good.split("\n")
    lines[n // 2] = "model.add(keras.layers.Dense(4"
    return good, "\n".join(lines)


def _block_pasted(n: int) -> tuple[str, str]:
    """Every other line of the body replaced (a paste), one of them unfinished."""
    good = HEADER + REPEATED * n
    other = "model.add(keras.layers.Dense(8))\n"
    lines = (HEADER + "".join(other if i % 2 == 0 else REPEATED for i in range(n))).split("\n")
    lines[n // 2] = "model.add(keras.layers.Dense(8"
    return good, "\n".join(lines)


@pytest.mark.parametrize("make", [_one_line_half_typed, _block_pasted])
def test_recovery_work_is_linear_in_repeated_lines(make: Callable[[int], tuple[str, str]]) -> None:
    small_calls, small = _calls(lambda: patch_from_last_good(*make(1000)))
    large_calls, large = _calls(lambda: patch_from_last_good(*make(4000)))
    assert small is not None and large is not None
    # Quadratic work would grow 16 times; linear grows at most 4 times (plus constant overhead).
    assert large_calls <= 5 * small_calls + 1000, (small_calls, large_calls)


def test_half_typed_line_is_replaced_by_its_last_good_text() -> None:
    good, bad = _one_line_half_typed(2000)
    patched = patch_from_last_good(good, bad)
    assert patched is not None
    text, changed = patched
    assert text == good and changed == {1000}

