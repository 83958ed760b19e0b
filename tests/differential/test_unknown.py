"""UNKNOWN is sound: blurring part of a configuration never invents an error or an answer.

For a generated configuration, some argument values (or entries of tuple arguments) and some
input axes are replaced by UNKNOWN, as the analysis does for values it cannot see. Then:

* the engine raises nothing but LayerError;
* if the blurred configuration raises, the concrete one raises too (an UNKNOWN may stand for
  the concrete value, so an error reported without knowing it must hold for every value);
* if both build, every dimension and parameter count the blurred result still states equals
  the concrete one.

Engine only (no Keras), so cheap: the concrete side is already checked against Keras.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shapelens.engine import UNKNOWN, LayerError, build_layer, make_layer

from .harness import STATS, Case, diff_settings
from .strategies import STRATEGIES


def _engine(case: Case) -> tuple[str | None, Any]:
    try:
        rule = make_layer(case.kind, case.args, case.kwargs)
        built = build_layer(rule, case.batch_shape)
    except LayerError as err:
        return err.code, None
    return None, built


def _blur(draw: st.DrawFn, value: Any) -> Any:
    """UNKNOWN in place of ``value`` or of some of its entries, or ``value`` unchanged."""
    choice = draw(st.integers(0, 5))
    if choice == 0:
        return UNKNOWN
    if choice == 1 and isinstance(value, (tuple, list)) and value:
        return type(value)(UNKNOWN if draw(st.booleans()) else v for v in value)
    return value


def _agrees(blurred: Any, concrete: Any) -> bool:
    """No contradiction: an UNKNOWN on either side (the concrete engine answer may hold one,
    e.g. for glu) agrees with anything."""
    if blurred is UNKNOWN or concrete is UNKNOWN:
        return True
    if isinstance(blurred, tuple):
        return (
            isinstance(concrete, tuple)
            and len(blurred) == len(concrete)
            and all(map(_agrees, blurred, concrete))
        )
    return blurred == concrete


def check_unknown(
    draw: st.DrawFn,
    kind: str,
    strategy: st.SearchStrategy[Case],
    blur: Callable[[st.DrawFn, Any], Any] = _blur,
    engine: Callable[[Case], tuple[str | None, Any]] = _engine,
) -> None:
    """One generated case, blurred with UNKNOWN: the engine may know less, never contradict."""
    case: Case = draw(strategy, label="case")
    blurred = Case(
        kind,
        tuple(blur(draw, a) for a in case.args),
        {k: blur(draw, v) for k, v in case.kwargs.items()},
        tuple(d if draw(st.integers(0, 3)) else UNKNOWN for d in case.batch_shape),
    )
    stats = STATS[("unknown", kind)]
    stats.seen.add(repr(blurred))
    concrete_error, concrete = engine(case)
    try:
        blurred_error, result = engine(blurred)
    except Exception as exc:  # anything but LayerError is a bug
        raise AssertionError(f"{blurred!r}: {type(exc).__name__}: {exc}") from exc
    if blurred_error is not None:
        stats.build.add(repr(blurred))
        assert concrete_error is not None, (
            f"{blurred!r} raises {blurred_error} but the concrete {case!r} builds"
        )
        return
    if concrete_error is not None:
        return
    for what in ("output", "trainable", "non_trainable"):
        b, c = getattr(result, what), getattr(concrete, what)
        assert _agrees(b, c), f"{what}: blurred {blurred!r} gives {b}, concrete {case!r} gives {c}"


@pytest.mark.parametrize("kind", sorted(STRATEGIES))
def test_unknown_never_invents(kind: str) -> None:
    @diff_settings(150)
    @given(data=st.data())
    def check(data: st.DataObject) -> None:
        check_unknown(data.draw, kind, STRATEGIES[kind])

    check()
