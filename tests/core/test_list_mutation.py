"""Lists filled by ``append``/``extend``/``+=``: followed exactly where the code runs a known number
of times, UNKNOWN where it does not (never taken as empty).

The known cases are run in real Keras too (the file is written to a temporary folder and its
module-level models compared layer by layer)."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from shapelens.analysis import analyze
from shapelens.engine.shapes import UNKNOWN
from tests.core.keras_truth import keras_models

HEADER = "import sys\nimport keras\nfrom keras import layers\nunits_from_args = [int(a) for a in sys.argv[1:]]\n"


def _analyze(body: str):  # type: ignore[no-untyped-def]
    return analyze(HEADER + textwrap.dedent(body), "snippet.py")


def _problems(body: str) -> list[str]:
    return [d.code for d in _analyze(body).diagnostics if d.severity in ("error", "warning")]


def _model(body: str, name: str):  # type: ignore[no-untyped-def]
    return next(m for m in _analyze(body).models if m.name == name)


UNCOUNTED = {
    "for loop over unknown data": """
        hidden = []
        for u in units_from_args:
            hidden.append(u)
    """,
    "while loop": """
        hidden = []
        n = len(sys.argv)
        while n > 0:
            hidden.append(n)
            n -= 1
    """,
    "extend in a loop": """
        hidden = []
        for u in units_from_args:
            hidden.extend([u, u])
    """,
    "+= in a loop": """
        hidden = []
        for u in units_from_args:
            hidden += [u]
    """,
    "through an alias": """
        hidden = []
        alias = hidden
        for u in units_from_args:
            alias.append(u)
    """,
    "inside a helper function": """
        def grow(values, u):
            values.append(u)
        hidden = []
        for u in units_from_args:
            grow(hidden, u)
    """,
    "on one path of an if": """
        hidden = []
        if len(sys.argv) > 1:
            hidden.append(4)
    """,
    "item deleted in a loop": """
        hidden = [1, 2, 3]
        for u in units_from_args:
            del hidden[0]
    """,
    "known loop with break": """
        hidden = []
        for i in range(5):
            if i == len(sys.argv):
                break
            hidden.append(i)
    """,
    "side effect in a comprehension": """
        hidden = []
        [hidden.append(u) for u in units_from_args]
    """,
}


@pytest.mark.parametrize("body", UNCOUNTED.values(), ids=UNCOUNTED.keys())
def test_a_list_filled_an_unknown_number_of_times_is_unknown(body: str) -> None:
    # keras-io style: Dense(units=len(hidden_units)) was flagged as units=0.
    source = textwrap.dedent(body) + "m = keras.Sequential([keras.Input(shape=(4,)), layers.Dense(units=len(hidden))])\n"
    assert _problems(source) == []
    dense = _model(source, "m").layers[0]
    assert dense.output_shape == (None, UNKNOWN)


def test_sequential_of_blocks_filled_in_an_unknown_loop_is_not_empty() -> None:
    body = """
        blocks = []
        for u in units_from_args:
            blocks.append(layers.Dense(u))
        m = keras.Sequential(blocks)
    """
    model = _model(body, "m")
    assert [layer.kind for layer in model.layers] == ["?"]
    assert model.params is UNKNOWN


def test_a_read_before_the_append_in_the_loop_body_is_unknown_too() -> None:
    body = """
        hidden = []
        for u in units_from_args:
            layers.Dense(units=len(hidden))
            hidden.append(u)
    """
    assert _problems(body) == []


@pytest.mark.parametrize("call", ["grow(hidden, u)", "grow(values=hidden, u=u)", "grow_global(u)"])
def test_a_read_before_a_helper_appends_in_the_loop_body_is_unknown_too(call: str) -> None:
    body = f"""
        def grow(values, u):
            values.append(u)
        def grow_global(u):
            hidden.append(u)
        hidden = []
        for u in units_from_args:
            layers.Dense(units=len(hidden))
            {call}
    """
    assert _problems(body) == []


KNOWN = """
import keras
from keras import layers


def add_block(blocks, units):
    blocks.append(layers.Dense(units, activation="relu"))


known = []
for i in range(3):
    known.append(layers.Dense(i + 2))
m_range = keras.Sequential([keras.Input(shape=(4,)), *known])

stack = [keras.Input(shape=(6,))]
for units in [8, 4]:
    add_block(stack, units)
stack += [layers.Dense(1)]
stack.extend((layers.Dropout(0.5),))
m_helper = keras.Sequential(stack)

sizes = [16, 8, 4]
sizes.insert(0, 32)
sizes.pop()
sizes[1] = 12
alias = sizes
alias.reverse()
m_sizes = keras.Sequential([keras.Input(shape=(3,))] + [layers.Dense(s) for s in sizes])
m_len = keras.Sequential([keras.Input(shape=(2,)), layers.Dense(len(sizes))])
"""


def test_lists_filled_a_known_number_of_times_match_keras(tmp_path: Path) -> None:
    path = tmp_path / "known_lists.py"
    path.write_text(KNOWN)
    truth = keras_models(path)
    result = analyze(KNOWN, str(path))
    assert [d.code for d in result.diagnostics] == []
    ours = {m.name: [(layer.kind, layer.output_shape, layer.params) for layer in m.layers] for m in result.models}
    assert set(truth) == {"m_range", "m_helper", "m_sizes", "m_len"}
    for name, layers in truth.items():
        assert ours[name] == [(kind, shape, params) for kind, shape, params in layers], name


def test_model_changed_in_a_comprehension_over_unknown_data_is_unknown() -> None:
    body = """
        m = keras.Sequential([keras.Input(shape=(4,)), layers.Dense(2)])
        [m.add(layers.Dense(u)) for u in units_from_args]
        n = keras.Sequential([keras.Input(shape=(4,)), layers.Dense(2)])
        [n.add(layers.Dense(3)) for u in (1, 2) if u in units_from_args]
        k = keras.Sequential([keras.Input(shape=(4,))])
        [k.add(layers.Dense(u)) for u in (1, 2)]
    """
    assert _model(body, "m").layers[-1].output_shape is UNKNOWN
    assert _model(body, "n").layers[-1].output_shape is UNKNOWN
    assert [layer.output_shape for layer in _model(body, "k").layers] == [(None, 1), (None, 2)]


def test_insert_at_an_index_past_any_list_appends() -> None:
    # Python clamps the index of list.insert; one past sys.maxsize must not overflow (found by
    # the fuzz test).
    result = analyze(
        "import keras\n"
        "from keras import layers\n"
        "blocks = [layers.Dense(4)]\n"
        "blocks.insert(9223372036854775808, layers.Dense(2))\n"
        "blocks.insert(-9223372036854775809, keras.Input(shape=(3,)))\n"
        "model = keras.Sequential(blocks)\n",
        "insert.py",
    )
    assert [layer.output_shape for layer in result.models[0].layers] == [(None, 4), (None, 2)]
