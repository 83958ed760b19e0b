"""Labels against the sparse loss and the metrics, and token ids against the Embedding, in every
spelling. Each expectation is what TF 2.21 / Keras 3.15 did on the same snippet (the files in
tests/cases/ re-run the main ones in Keras): SL202 where Keras raises, a warning where it trains."""

from __future__ import annotations

import textwrap

import pytest

from shapelens.analysis import analyze
from shapelens.engine.shapes import UNKNOWN

HEADER = "import numpy as np\nimport keras\nimport tensorflow as tf\nfrom keras import layers, metrics\n"
MODEL = ("x = np.random.rand(60, 7)\n"
         "model = keras.Sequential([keras.Input(shape=(7,)), layers.Dense(5, activation='softmax')])\n")


def found(body: str) -> list[tuple[str, str]]:
    result = analyze(HEADER + textwrap.dedent(body), "snippet.py")
    return [(d.code, d.severity) for d in result.diagnostics if d.severity in ("error", "warning")]


def fit(loss: str, metric: str, y: str, batch_size: int = 12) -> str:
    return (MODEL + f"y = {y}\nmodel.compile(optimizer='adam', loss={loss}, metrics=[{metric}])\n"
            f"model.fit(x, y, batch_size={batch_size}, epochs=1)\n")


ONE_HOT = "keras.utils.to_categorical(np.random.randint(0, 5, size=(60,)), 5)"
IDS = "np.random.randint(0, 5, size=(60,))"


# Keras raised "Dimensions must be equal, but are 5 and 12" for each of these spellings.
@pytest.mark.parametrize("metric", [
    "'sparse_categorical_accuracy'", "'SparseCategoricalAccuracy'", "keras.metrics.sparse_categorical_accuracy",
    "metrics.SparseCategoricalAccuracy", "keras.metrics.SparseCategoricalAccuracy(name='acc')",
    "tf.keras.metrics.SparseCategoricalAccuracy()", "keras.metrics.SparseTopKCategoricalAccuracy(k=2)",
])
def test_sparse_metric_against_one_hot_labels_raises(metric: str) -> None:
    assert found(fit("'categorical_crossentropy'", metric, ONE_HOT)) == [("SL202", "error")]


def test_sparse_metric_against_one_hot_labels_broadcasts_when_batches_hold_one_sample_per_class() -> None:
    # 50 samples in batches of 5 against 5 classes: Keras trained (the comparison broadcasts).
    body = fit("'categorical_crossentropy'", "'sparse_categorical_accuracy'", ONE_HOT, batch_size=5)
    body = body.replace("rand(60, 7)", "rand(50, 7)").replace("size=(60,)", "size=(50,)")
    assert found(body) == [("SL215", "warning")]


# Keras trained and reported a meaningless categorical accuracy.
@pytest.mark.parametrize("metric", [
    "'categorical_accuracy'", "'CategoricalAccuracy'", "keras.metrics.categorical_accuracy",
    "metrics.CategoricalAccuracy", "keras.metrics.CategoricalAccuracy()",
])
def test_categorical_metric_against_class_ids_is_silent(metric: str) -> None:
    assert found(fit("'sparse_categorical_crossentropy'", metric, IDS)) == [("SL215", "warning")]


def test_top_k_against_class_ids() -> None:
    # (N,): "Shape must be rank 1 but is rank 0"; (N, 1): Keras trained, top-k accuracy 0.0.
    metric = "keras.metrics.TopKCategoricalAccuracy(k=2)"
    assert found(fit("'sparse_categorical_crossentropy'", metric, IDS)) == [("SL202", "error")]
    assert found(fit("'sparse_categorical_crossentropy'", metric, IDS + "[:, None]")) == [("SL215", "warning")]


@pytest.mark.parametrize(("loss", "metric", "y"), [
    ("'sparse_categorical_crossentropy'", "'accuracy'", IDS),
    ("'sparse_categorical_crossentropy'", "'acc'", IDS),
    ("'categorical_crossentropy'", "'accuracy'", ONE_HOT),
    ("keras.losses.CategoricalCrossentropy()", "keras.metrics.CategoricalAccuracy()", ONE_HOT),
    ("'sparse_categorical_crossentropy'", "keras.metrics.SparseCategoricalAccuracy()", IDS),
    ("'sparse_categorical_crossentropy'", "'sparse_top_k_categorical_accuracy'", IDS),
])
def test_metrics_that_fit_the_labels(loss: str, metric: str, y: str) -> None:
    assert found(fit(loss, metric, y)) == []


def test_loss_mismatch_is_reported_once_not_again_for_the_metric() -> None:
    assert found(fit("'sparse_categorical_crossentropy'", "'sparse_categorical_accuracy'", ONE_HOT)) == \
        [("SL202", "error")]


# ----- float labels under a sparse loss ------------------------------------------------------

@pytest.mark.parametrize("y", [
    "np.random.rand(60)", "np.random.rand(60) * 5", "np.random.random(size=(60,))",
    "np.random.default_rng(0).random(60)", "np.random.default_rng(0).uniform(0, 5, size=(60,))",
    "np.random.uniform(0, 1, size=(60, 1))",
])
def test_fractional_labels_with_a_sparse_loss_are_cast_silently(y: str) -> None:
    assert found(fit("'sparse_categorical_crossentropy'", "'accuracy'", y)) == [("SL214", "warning")]


def test_fractional_labels_through_a_split() -> None:
    body = MODEL + textwrap.dedent("""\
        from sklearn.model_selection import train_test_split
        y = np.random.rand(60)
        x_train, x_test, y_train, y_test = train_test_split(x, y, test_size=0.2)
        model.compile(optimizer="adam", loss=keras.losses.SparseCategoricalCrossentropy())
        model.fit(x_train, y_train)
        """)
    assert found(body) == [("SL214", "warning")]


# Cast to ids, a value <= -1 or >= units is out of range: Keras raised InvalidArgumentError at fit()
# (CPU) for 64 labels from each of these on every seed tried (tests/cases/sparse_loss_*).
@pytest.mark.parametrize("y", [
    "np.random.randn(60)", "np.random.normal(size=60)", "np.random.normal(0, 1, (60,))",
    "np.random.standard_normal(60)", "np.random.default_rng(0).normal(size=60)",
    "np.random.default_rng(0).standard_normal(60)", "tf.random.normal((60,))", "tf.random.normal([60, 1])",
    "np.random.rand(60) * 10", "np.random.uniform(0, 10, size=(60,))", "np.random.rand(60) * 10 - 5",
    "np.random.randn(60).reshape(-1, 1)", "np.random.randn(60).astype('float32')",
    "tf.random.uniform((60,), maxval=10)",
])
def test_fractional_labels_out_of_the_class_range_raise(y: str) -> None:
    assert found(fit("'sparse_categorical_crossentropy'", "'accuracy'", y)) == [("SL214", "error")]


@pytest.mark.parametrize("y", [
    "np.random.normal(2, 0.5, size=60)",  # within (-1, 5) but for one draw in 10^9
    "np.random.rand(60) * 5.5",  # 60 draws all below 5 in 3 runs of 1000: not sure enough to claim a raise
    "np.random.randn(int(sys.argv[1]))",  # the count is unknown
])
def test_fractional_labels_that_may_stay_in_range_are_a_warning(y: str) -> None:
    body = "import sys\n" + fit("'sparse_categorical_crossentropy'", "'accuracy'", y)
    assert found(body) == [("SL214", "warning")]


def test_fractional_labels_from_a_dataset_are_a_warning() -> None:
    # The dataset's element spec holds one batch, not every label: the count is not known.
    body = MODEL + textwrap.dedent("""\
        ds = tf.data.Dataset.from_tensor_slices((x, np.random.randn(60))).batch(12)
        model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
        model.fit(ds)
        """)
    assert found(body) == [("SL214", "warning")]


def test_the_error_names_the_cause_and_the_fix() -> None:
    result = analyze(HEADER + fit("'sparse_categorical_crossentropy'", "'accuracy'", "np.random.randn(60)"), "s.py")
    (diag,) = result.diagnostics
    assert "normal(0, 1)" in diag.message and "values <= -1 become negative ids" in diag.message
    assert "InvalidArgumentError" in diag.message and "np.random.randint" in diag.message
    (diag,) = analyze(HEADER + fit("'sparse_categorical_crossentropy'", "'accuracy'", "np.random.rand(60) * 10"),
                      "s.py").diagnostics
    assert "uniform [0, 10)" in diag.message and "values >= 5 become ids the 5 output units do not have" \
        in diag.message and "negative" not in diag.message


def test_integer_uniform_tensors_are_class_ids() -> None:
    # Keras: ids 0..9 against 5 units raised InvalidArgumentError; ids 0..4 trained.
    y = "tf.random.uniform((60,), 0, 10, dtype=tf.int32)"
    assert found(fit("'sparse_categorical_crossentropy'", "'accuracy'", y)) == [("SL203", "error")]
    assert found(fit("'sparse_categorical_crossentropy'", "'accuracy'", y.replace("10", "5"))) == []


def test_negative_fractional_labels_through_a_split_raise() -> None:
    body = MODEL + textwrap.dedent("""\
        from sklearn.model_selection import train_test_split
        y = np.random.randn(60)
        x_train, x_test, y_train, y_test = train_test_split(x, y, test_size=0.2)
        model.compile(optimizer="adam", loss=keras.losses.SparseCategoricalCrossentropy())
        model.fit(x_train, y_train)
        """)
    assert found(body) == [("SL214", "error")]


@pytest.mark.parametrize("y", [
    IDS + ".astype('float32')", "np.floor(np.random.rand(60) * 5)", "np.random.rand(60).astype(int)",
])
def test_whole_class_ids_stored_as_floats_are_fine(y: str) -> None:
    assert found(fit("'sparse_categorical_crossentropy'", "'accuracy'", y)) == []


def test_soft_labels_with_binary_crossentropy_are_fine() -> None:
    body = ("x = np.random.rand(60, 7)\n"
            "model = keras.Sequential([keras.Input(shape=(7,)), layers.Dense(1, activation='sigmoid')])\n"
            "model.compile(loss='binary_crossentropy')\nmodel.fit(x, np.random.rand(60, 1))\n")
    assert found(body) == []


# ----- token ids against the Embedding -------------------------------------------------------

VECTORIZE = "vectorize = layers.TextVectorization(max_tokens=1000, output_sequence_length=20)\n"


@pytest.mark.parametrize(("dim", "expected"), [(500, [("SL216", "warning")]), (999, [("SL216", "warning")]),
                                                (1000, []), (5000, [])])
def test_text_vectorization_into_a_smaller_embedding(dim: int, expected: list[tuple[str, str]]) -> None:
    body = VECTORIZE + textwrap.dedent(f"""\
        model = keras.Sequential([keras.Input(shape=(1,), dtype="string"), vectorize,
                                  layers.Embedding({dim}, 8), layers.GlobalAveragePooling1D(), layers.Dense(1)])
        model.compile(optimizer="adam", loss="mse")
        """)
    assert found(body) == expected


def test_text_vectorization_into_a_smaller_embedding_functional() -> None:
    body = VECTORIZE + textwrap.dedent("""\
        inputs = keras.Input(shape=(1,), dtype="string")
        x = layers.Embedding(input_dim=800, output_dim=8)(vectorize(inputs))
        """)
    assert found(body) == [("SL216", "warning")]
    fixes = [f for d in analyze(HEADER + body, "s.py").diagnostics for f in d.fixes]
    assert [e.new_text for f in fixes for e in f.edits] == ["1000"]


def test_token_ids_made_outside_the_model() -> None:
    body = VECTORIZE + textwrap.dedent("""\
        texts = np.array(["the cat sat", "a dog ran"] * 32)
        labels = np.random.randint(0, 2, size=(64, 1))
        ids = vectorize(texts)
        model = keras.Sequential([layers.Embedding(600, 8), layers.GlobalAveragePooling1D(), layers.Dense(1)])
        model.compile(optimizer="adam", loss="mse")
        model.fit(ids, labels)
        ds = tf.data.Dataset.from_tensor_slices((texts, labels)).batch(16).map(lambda x, y: (vectorize(x), y))
        model.fit(ds)
        """)
    assert found(body) == [("SL216", "warning"), ("SL216", "warning")]
    assert found(body.replace("Embedding(600", "Embedding(1000")) == []


def test_a_given_vocabulary_bounds_the_ids() -> None:
    # 3 terms + padding + OOV: ids 0..4.
    body = textwrap.dedent("""\
        vectorize = layers.TextVectorization(vocabulary=["a", "b", "c"], output_sequence_length=4)
        inputs = keras.Input(shape=(1,), dtype="string")
        small = layers.Embedding(4, 8)(vectorize(inputs))
        right = layers.Embedding(5, 8)(vectorize(inputs))
        """)
    assert found(body) == [("SL216", "warning")]


def test_encoded_output_modes_are_not_token_ids() -> None:
    body = textwrap.dedent("""\
        vectorize = layers.TextVectorization(max_tokens=1000, output_mode="multi_hot")
        inputs = keras.Input(shape=(1,), dtype="string")
        x = layers.Embedding(10, 8)(vectorize(inputs))
        """)
    assert ("SL216", "warning") not in found(body)


# ----- one root cause ------------------------------------------------------------------------

def test_batch_input_shape_is_the_only_report_before_a_stateful_rnn() -> None:
    body = textwrap.dedent("""\
        model = keras.Sequential([
            layers.Embedding(input_dim=39, output_dim=16, batch_input_shape=[1, None]),
            layers.GRU(128, return_sequences=True, stateful=True),
            layers.Dense(39, activation="softmax"),
        ])
        """)
    result = analyze(HEADER + body, "snippet.py")
    assert [(d.code, d.severity) for d in result.diagnostics] == [("SL401", "error")]
    # The layers after it are analyzed with the batch size the author meant.
    assert result.models[0].input_shape == (1, None)
    assert [layer.output_shape for layer in result.models[0].layers] == [(1, None, 16), (1, None, 128), (1, None, 39)]
    fix = result.diagnostics[0].fixes[0]
    assert "Input(batch_shape=[1, None])" in fix.edits[0].new_text


def test_embedding_input_dim_is_the_vocabulary_not_the_model_input() -> None:
    # Keras: the model stays unbuilt (Embedding's own input_dim is not Layer's legacy input_dim).
    body = "model = keras.Sequential([layers.Embedding(input_dim=100, output_dim=8), layers.Dense(1)])\n"
    result = analyze(HEADER + body, "snippet.py")
    assert result.models[0].layers[0].output_shape != (None, 100, 8)
    assert result.models[0].input_shape is UNKNOWN


def test_build_with_a_tensor_shape() -> None:
    # HOML ch. 16: stateless_model.build(tf.TensorShape([None, None])); Keras: (None, None, 16), 624.
    body = textwrap.dedent("""\
        m = tf.keras.Sequential([tf.keras.layers.Embedding(input_dim=39, output_dim=16)])
        m.build(tf.TensorShape([None, None]))
        """)
    (model,) = analyze(HEADER + body, "snippet.py").models
    assert [(layer.output_shape, layer.params) for layer in model.layers] == [((None, None, 16), 624)]
