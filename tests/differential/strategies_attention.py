"""Hypothesis strategies for MultiHeadAttention on one input, as a Sequential would call it.

Keras always rejects that (the layer needs a query and a value), whatever the arguments: the
engine must raise too. Its shapes and weights on (query, value[, key]) are compared with Keras
in tests/core/test_attention_vs_keras.py.
"""

from __future__ import annotations

from hypothesis import strategies as st

from .harness import Case
from .strategies import P, case, shape_of, values


def attention_case() -> st.SearchStrategy[Case]:
    params = [
        P("num_heads", *values([1, 2, 4], [0, -1, 1.5, None]), pos=0, required=True),
        P("key_dim", *values([2, 4, 8], [0, -2, "a"]), pos=1, required=True),
        P("value_dim", *values([None, 3, 8], [0, 2.5])),
        P("use_bias", *values([True, False])),
        P("output_shape", *values([None, 6, (2, 3)], [0])),
    ]
    return case("MultiHeadAttention", params, lambda: st.integers(2, 4), shape_of)


STRATEGIES: dict[str, st.SearchStrategy[Case]] = {"MultiHeadAttention": attention_case()}
EXAMPLES: dict[str, int] = {"MultiHeadAttention": 20}
