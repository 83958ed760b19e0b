"""A shape that holds only under an assumption says so in the summary: Keras's default image data
format where a branch on ``image_data_format()`` was decided by it, and the helper calls whose
arguments made a model's shapes."""

from __future__ import annotations

import textwrap

from shapelens.analysis import analyze
from shapelens.report import assumption_notes, summary_markdown, summary_table

FORMAT_BRANCH = textwrap.dedent("""\
    import keras
    from keras import backend as K
    from keras import layers

    if K.image_data_format() == "channels_first":
        input_shape = (1, 28, 28)
    else:
        input_shape = (28, 28, 1)
    cnn = keras.Sequential([keras.Input(shape=input_shape), layers.Conv2D(8, 3), layers.Flatten(),
                            layers.Dense(10)])
    mlp = keras.Sequential([keras.Input(shape=(784,)), layers.Dense(10)])
    """)


def test_a_branch_decided_by_the_default_data_format_is_shown_on_image_models() -> None:
    cnn, mlp = analyze(FORMAT_BRANCH, "f.py").models
    assert cnn.input_shape == (None, 28, 28, 1)
    assert assumption_notes(cnn) == [
        "assumes image_data_format() is 'channels_last', Keras's default unless keras.json says otherwise: "
        "it decided the branch at line 5"]
    assert "(assumes image_data_format() is 'channels_last'" in summary_table(cnn)
    assert "_Assumes image_data_format() is 'channels_last'" in summary_markdown(cnn)
    assert assumption_notes(mlp) == []  # no layer of it follows the data format


def test_the_conditional_expression_spelling() -> None:
    source = FORMAT_BRANCH.replace(
        'if K.image_data_format() == "channels_first":\n    input_shape = (1, 28, 28)\nelse:\n'
        '    input_shape = (28, 28, 1)',
        'input_shape = (1, 28, 28) if keras.config.image_data_format() == "channels_first" else (28, 28, 1)')
    cnn = analyze(source, "f.py").models[0]
    assert cnn.input_shape == (None, 28, 28, 1)
    assert [text.split(": it decided")[1] for text in assumption_notes(cnn)] == [" the branch at line 5"]


def test_a_saved_format_decides_a_branch_too() -> None:
    source = FORMAT_BRANCH.replace('if K.image_data_format() == "channels_first":',
                                   'fmt = K.image_data_format()\nif fmt == "channels_first":')
    cnn, mlp = analyze(source, "f.py").models
    assert cnn.input_shape == (None, 28, 28, 1)
    assert [text.split(": it decided")[1] for text in assumption_notes(cnn)] == [" the branch at line 6"]
    assert assumption_notes(mlp) == []


def test_a_saved_format_after_the_file_sets_one_is_no_assumption() -> None:
    source = FORMAT_BRANCH.replace(
        'if K.image_data_format() == "channels_first":',
        'keras.config.set_image_data_format("channels_last")\nfmt = K.image_data_format()\n'
        'if fmt == "channels_first":')
    assert all(assumption_notes(m) == [] for m in analyze(source, "f.py").models)


def test_a_format_the_file_sets_is_no_assumption() -> None:
    source = FORMAT_BRANCH.replace("if K.image_data_format()",
                                   'keras.config.set_image_data_format("channels_last")\nif K.image_data_format()')
    assert all(assumption_notes(m) == [] for m in analyze(source, "f.py").models)


def test_a_layer_with_the_default_format_and_no_branch_says_nothing() -> None:
    source = "import keras\nfrom keras import layers\n" \
        "m = keras.Sequential([keras.Input(shape=(8, 8, 3)), layers.Conv2D(4, 3)])\n"
    assert assumption_notes(analyze(source, "f.py").models[0]) == []


HELPER = textwrap.dedent("""\
    import keras
    from keras import layers


    def make_mlp(features, hidden):
        return keras.Sequential([keras.Input(shape=(features,)), layers.Dense(hidden), layers.Dense(1)])


    small = make_mlp(8, 16)
    large = make_mlp(32, 64)
    again = make_mlp(8, 16)
    """)


def test_a_helper_model_names_the_calls_that_gave_its_shapes() -> None:
    first, second = analyze(HELPER, "h.py").models
    assert first.input_shape == (None, 8) and second.input_shape == (None, 32)
    assert assumption_notes(first) == [
        "shapes of the 2 calls at line 9, line 11 (the same for each); the helper's other calls give other shapes"]
    assert assumption_notes(second) == [
        "shapes of the call `make_mlp(32, 64)` at line 10; the helper's other calls give other shapes"]
    assert "(shapes of the call `make_mlp(32, 64)` at line 10;" in summary_table(second)


def test_a_helper_called_once() -> None:
    source = HELPER.replace("large = make_mlp(32, 64)\nagain = make_mlp(8, 16)\n", "")
    (model,) = analyze(source, "h.py").models
    assert assumption_notes(model) == ["shapes of the call `make_mlp(8, 16)` at line 9"]


def test_a_call_text_with_braces_is_kept_as_written() -> None:
    source = HELPER.replace("def make_mlp(features, hidden):", "def make_mlp(features, hidden, extra=None):") \
        .replace("small = make_mlp(8, 16)", "small = make_mlp(8, 16, {'a': 1})") \
        .replace("large = make_mlp(32, 64)\nagain = make_mlp(8, 16)\n", "")
    notes = assumption_notes(analyze(source, "h.py").models[0])
    assert "`make_mlp(8, 16, {'a': 1})` at line 9" in notes[0]


def test_models_at_the_top_level_have_no_call_note() -> None:
    source = "import keras\nfrom keras import layers\nm = keras.Sequential([keras.Input(shape=(4,)), layers.Dense(2)])\n"
    assert assumption_notes(analyze(source, "t.py").models[0]) == []
