"""keras.Input has an explicit signature: a keyword it does not name (type_spec=, input_shape=,
batch_input_shape=) is a TypeError, and the diagnostic names that keyword, not a missing shape."""

from __future__ import annotations

import pytest

from shapelens.analysis import analyze

CALLS = ["keras.Input(type_spec=None)", "keras.Input(input_shape=(3,))", "keras.Input(shape=(3,), foo=1)"]


@pytest.mark.parametrize("call", CALLS)
def test_unexpected_input_keyword(call: str) -> None:
    import keras

    with pytest.raises(TypeError, match="unexpected keyword argument"):
        eval(call, {"keras": keras})
    source = f"import keras\nx = {call}\n"
    diagnostics = analyze(source, "input.py").diagnostics
    assert [d.code for d in diagnostics] == ["SL106"]
    assert "unexpected keyword argument" in diagnostics[0].message


def test_known_input_keywords_are_accepted() -> None:
    source = "import keras\nx = keras.Input(shape=(3,), batch_size=4, dtype='float32', name='x', sparse=False)\n"
    assert analyze(source, "input.py").diagnostics == []
