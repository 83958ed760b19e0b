"""While a person types, the buffer rarely parses. The analysis must keep the models, never
invent an error, and never point past the text."""

from __future__ import annotations

import pytest

from shapelens.analysis import analyze
from tests.core.paths import EXAMPLES


def type_line(path_text: str, after: str, line: str):
    """Each intermediate buffer while ``line`` is typed after the line containing ``after``."""
    lines = path_text.split("\n")
    at = next(i for i, text in enumerate(lines) if after in text) + 1
    for n in range(len(line) + 1):
        yield "\n".join([*lines[:at], line[:n], *lines[at:]])


@pytest.mark.parametrize(
    ("example", "after", "typed"),
    [
        ("mnist_cnn.py", "layers.Dropout(0.5),", '        layers.Dense(64, activation="relu"),'),
        ("text_classifier.py", "layers.GRU(32)", "model.add(layers.Dropout(0.2))"),
        ("mnist_cnn.py", "model.compile(", "x_train = x_train.reshape((-1, 28, 28, 1))"),
    ],
)
def test_typing_keeps_models_and_invents_nothing(example: str, after: str, typed: str) -> None:
    original = (EXAMPLES / example).read_text()
    expected_models = len(analyze(original).models)
    last_good = None
    broken = 0
    for text in type_line(original, after, typed):
        result = analyze(text, example, last_good)
        n_lines = text.count("\n") + 1
        if not any(d.code == "SL001" for d in result.diagnostics):
            last_good = text
        else:
            broken += 1
        assert len(result.models) == expected_models, text
        for diag in result.diagnostics:
            assert diag.span.end_line < n_lines
            assert diag.code == "SL001" or diag.severity not in ("error", "warning"), (diag, text)
    assert broken > 0  # the test really went through broken buffers


def test_without_last_good_the_rest_of_the_file_is_analyzed() -> None:
    source = (
        "import keras\nfrom keras import layers\n"
        "x = (1, 2\n"
        "m = keras.Sequential([keras.Input(shape=(4,)), layers.LSTM(3)])\n"
    )
    result = analyze(source)
    assert [d.code for d in result.diagnostics] == ["SL001", "SL101"]
    assert len(result.models) == 1


def test_half_typed_add_makes_the_rest_unknown_not_wrong() -> None:
    source = (
        "import keras\nfrom keras import layers\n"
        "m = keras.Sequential([keras.Input(shape=(8,))])\n"
        "m.add(layers.Reshape((2, 4)\n"
        "m.add(layers.LSTM(3))\n"
    )
    result = analyze(source)
    assert [d.code for d in result.diagnostics if d.severity == "error"] == ["SL001"]
