"""Where and on what a model without Input is built, when the analysis can and cannot know it.

The shapes themselves are compared with real Keras in test_deferred_vs_keras.py; these cases
are about soundness (unknown stays unknown), the build site in the report, and the checks that
still run against a model built by data.
"""

from __future__ import annotations

import textwrap

from shapelens.analysis import ModelReport, analyze
from shapelens.engine.shapes import UNKNOWN
from shapelens.report import summary_table

HEADER = "import os\nimport numpy as np\nimport keras\nfrom keras import layers\n"
OFFSET = HEADER.count("\n")
MLP = "keras.Sequential([layers.Dense(4), layers.Dense(3, activation='softmax')])"


def analyzed(body: str) -> tuple[dict[str, list[ModelReport]], list[tuple[int, str, str]]]:
    result = analyze(HEADER + textwrap.dedent(body), "snippet.py")
    models: dict[str, list[ModelReport]] = {}
    for model in result.models:
        models.setdefault(model.name or "?", []).append(model)
    return models, [(d.span.line + 1 - OFFSET, d.code, d.severity) for d in result.diagnostics]


def built_at(model: ModelReport) -> tuple[int, str] | None:
    return (model.built_at[0].line + 1 - OFFSET, model.built_at[1]) if model.built_at else None


def test_fit_builds_and_the_summary_says_where() -> None:
    models, diagnostics = analyzed(f"""\
        x = np.random.rand(50, 10)
        model = {MLP}
        model.compile(loss="sparse_categorical_crossentropy")
        model.fit(x, np.random.randint(0, 3, size=(50,)))
    """)
    (model,) = models["model"]
    assert model.input_shape == (None, 10)
    assert [layer.output_shape for layer in model.layers] == [(None, 4), (None, 3)]
    assert built_at(model) == (4, "fit(x)")
    assert "(built at line 8 by `fit(x)`)" in summary_table(model)
    assert diagnostics == []


def test_labels_are_checked_against_the_model_built_by_fit() -> None:
    _, diagnostics = analyzed(f"""\
        model = {MLP}
        model.compile(loss="categorical_crossentropy")
        model.fit(np.random.rand(50, 10), np.random.randint(0, 3, size=(50,)))
    """)
    assert diagnostics == [(3, "SL202", "error")]


def test_unknown_data_builds_on_an_unknown_shape_that_later_data_does_not_replace() -> None:
    models, diagnostics = analyzed(f"""\
        model = {MLP}
        model.fit(load_data())
        model.predict(np.random.rand(5, 10))
    """)
    (model,) = models["model"]
    assert model.input_shape is UNKNOWN and all(layer.output_shape is UNKNOWN for layer in model.layers)
    assert built_at(model) == (2, "fit(load_data())")
    assert "on data whose shape is not known here" in summary_table(model)
    assert diagnostics == []


def test_a_build_on_one_path_of_an_if_is_not_known_after_it() -> None:
    models, diagnostics = analyzed(f"""\
        x = np.random.rand(64, 10)
        model = {MLP}
        if os.environ.get("PRETRAIN"):
            model.fit(x, np.zeros((64,)))
        model.predict(x[:8])
        same = {MLP}
        if os.environ.get("SHORT"):
            same.predict(x[:8])
        else:
            same.predict(x[:8])
    """)
    (model,) = models["model"]
    assert [layer.kind for layer in model.layers] == ["Dense", "Dense"]
    assert model.input_shape is UNKNOWN and built_at(model) == (4, "fit(x)")
    (same,) = models["same"]
    assert same.input_shape == (8, 10)
    assert diagnostics == []


def test_a_build_in_a_loop_that_may_not_run_is_on_unknown_data() -> None:
    models, _ = analyzed(f"""\
        model = {MLP}
        while os.environ.get("MORE"):
            model.train_on_batch(np.random.rand(8, 10), np.zeros((8,)))
        unrolled = {MLP}
        for epoch in range(3):
            unrolled.fit(np.random.rand(64, 10), np.zeros((64,)))
    """)
    assert models["model"][0].input_shape is UNKNOWN
    assert models["unrolled"][0].input_shape == (32, 10)


def test_a_helper_builds_one_model_per_call_site() -> None:
    models, _ = analyzed("""\
        def train(data):
            m = keras.Sequential([layers.Dense(4), layers.Dense(1)])
            m.compile(loss="mse")
            m.fit(data, data[:, :1])
            return m

        small = train(np.zeros((10, 5)))
        large = train(np.zeros((64, 7)))
    """)
    assert sorted((m.input_shape for m in models["m"]), key=str) == [(32, 7), (None, 5)]


def test_one_sample_first_then_batches() -> None:
    """Keras builds on predict(x[0]) without complaint (axis 0 taken as the batch) and raises
    at the next fit(x): the error is there, the warning and the fix at the build."""
    body = """\
        x = np.random.rand(20, 5, 4)
        model = keras.Sequential([layers.Flatten(), layers.Dense(3)])
        first = model.predict(x[0])
        model.fit(x, np.zeros((20, 3)))
    """
    models, diagnostics = analyzed(body)
    assert diagnostics == [(3, "SL301", "warning"), (4, "SL302", "error")]
    assert models["model"][0].input_shape == (5, 4)
    result = analyze(HEADER + textwrap.dedent(body), "snippet.py")
    warning, error = sorted(result.diagnostics, key=lambda d: d.span.line)
    assert warning.fixes[0].edits[-1].new_text == "np.expand_dims(x[0], 0)"
    assert "Keras built this model on shape (5, 4) at line 7, by predict(x[0])" in error.message
    assert error.related[-1].span == warning.span


def test_build_again_with_another_shape_raises() -> None:
    _, diagnostics = analyzed(f"""\
        model = {MLP}
        model.build((None, 5))
        model.build((None, 5))
        model.build((32, 5))
        declared = keras.Sequential([keras.Input(shape=(3,)), layers.Dense(2)])
        declared.build((None, 3))
        declared.build((None, 3, 1))
    """)
    assert diagnostics == [(4, "SL303", "error"), (7, "SL302", "error")]


def test_a_layer_that_rejects_the_data_raises_at_the_call_that_builds() -> None:
    result = analyze(HEADER + textwrap.dedent(f"""\
        model = {MLP}
        model.fit(np.random.rand(50), np.zeros((50,)))
    """), "snippet.py")
    (diag,) = result.diagnostics
    assert (diag.span.line + 1 - OFFSET, diag.code) == (2, "SL101")
    assert diag.message.startswith("fit(np.random.rand(50)) builds the model on data of shape (None,)")
    assert diag.related[0].span.line + 1 - OFFSET == 1


def test_an_unbuilt_model_keeps_the_note() -> None:
    models, _ = analyzed(f"model = {MLP}\n")
    assert "no input shape is declared" in summary_table(models["model"][0])


def test_loss_and_activation_are_checked_once_fit_has_built_the_model() -> None:
    _, diagnostics = analyzed("""\
        model = keras.Sequential([layers.Dense(8), layers.Dense(3, activation="sigmoid")])
        model.compile(loss="categorical_crossentropy")
        model.fit(np.zeros((10, 4)), np.zeros((10, 3)))
    """)
    assert diagnostics == [(2, "SL204", "warning")]


def test_one_flat_sample_first_raises_with_the_batch_axis_fix() -> None:
    result = analyze(HEADER + textwrap.dedent(f"""\
        x_test = np.random.rand(10, 784)
        model = {MLP}
        model.predict(x_test[0])
    """), "snippet.py")
    (diag,) = result.diagnostics
    assert diag.code == "SL101" and "data of shape (32,)" in diag.message  # the first batch of 32 values
    assert diag.fixes[0].edits[-1].new_text == "np.expand_dims(x_test[0], 0)"


def test_one_long_sample_first_then_batches() -> None:
    """x[0] of shape (100, 8): predict builds on its first batch (32, 8); fit(x) then raises."""
    _, diagnostics = analyzed("""\
        x = np.random.rand(20, 100, 8)
        model = keras.Sequential([layers.Dense(4), layers.Dense(1)])
        model.predict(x[0])
        model.fit(x, np.zeros((20, 1)))
    """)
    assert diagnostics == [(3, "SL301", "warning"), (4, "SL302", "error")]
