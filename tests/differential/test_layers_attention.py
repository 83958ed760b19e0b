"""MultiHeadAttention against real Keras on one input (harness.compare: the engine raises
exactly when Keras raises)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from .harness import compare, diff_settings
from .strategies_attention import EXAMPLES, STRATEGIES


@diff_settings(EXAMPLES["MultiHeadAttention"])
@given(data=st.data())
def test_multi_head_attention_on_one_input_matches_keras(data: st.DataObject) -> None:
    compare(data.draw(STRATEGIES["MultiHeadAttention"], label="case"))
