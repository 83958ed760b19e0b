"""Every engine layer against real Keras, on generated configurations (see harness.compare)."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shapelens.engine import REGISTRY

from .harness import compare, diff_settings
from .strategies import EXAMPLES, STRATEGIES


def _all_strategies() -> dict[str, str]:
    """Layer name -> module, over every ``strategies*.py`` module of this package (each family
    may keep its strategies, and its tests, in a module of its own)."""
    found: dict[str, str] = {}
    for path in sorted(Path(__file__).parent.glob("strategies*.py")):
        module = importlib.import_module(f"{__package__}.{path.stem}")
        for kind in getattr(module, "STRATEGIES", {}):
            assert kind not in found, f"{kind} has strategies in {found[kind]} and {path.stem}"
            found[kind] = path.stem
    return found


def test_every_registered_layer_has_a_strategy() -> None:
    strategies = _all_strategies()
    missing = sorted(set(REGISTRY) - set(strategies))
    assert not missing, f"layers without a differential strategy: {missing}"
    stale = sorted(set(strategies) - set(REGISTRY))
    assert not stale, f"strategies for layers the engine does not register: {stale}"


def _layer_test(kind: str):
    @diff_settings(EXAMPLES[kind])
    @given(data=st.data())
    def check(data: st.DataObject) -> None:
        compare(data.draw(STRATEGIES[kind], label="case"))

    return check


# One Hypothesis test per layer, each with its own example budget.
_TESTS = {kind: _layer_test(kind) for kind in sorted(STRATEGIES)}


@pytest.mark.parametrize("kind", sorted(STRATEGIES))
def test_layer_matches_keras(kind: str) -> None:
    _TESTS[kind]()
