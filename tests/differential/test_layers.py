"""Every engine layer against real Keras, on generated configurations (see harness.compare)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shapelens.engine import REGISTRY

from .harness import compare, diff_settings
from .strategies import EXAMPLES, STRATEGIES


def test_every_registered_layer_has_a_strategy() -> None:
    missing = sorted(set(REGISTRY) - set(STRATEGIES))
    assert not missing, f"layers without a differential strategy: {missing}"
    stale = sorted(set(STRATEGIES) - set(REGISTRY))
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
