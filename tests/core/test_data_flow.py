"""Data from datasets, splits and tf.data pipelines into fit/predict. Each error expectation was
observed in TF 2.21 / Keras 3.15 (see the module docstrings of the cases)."""

from __future__ import annotations

import textwrap

from shapelens.analysis import analyze

HEADER = "import numpy as np\nimport tensorflow as tf\nimport keras\nfrom keras import layers\n"
OFFSET = HEADER.count("\n")


def found(body: str) -> list[tuple[int, str]]:
    result = analyze(HEADER + textwrap.dedent(body), "snippet.py")
    return [(d.span.line + 1 - OFFSET, d.code) for d in result.diagnostics if d.severity in ("error", "warning")]


CNN = (
    "model = keras.Sequential([keras.Input(shape=(28, 28, 1)), layers.Conv2D(8, 3), layers.Flatten(),\n"
    "                          layers.Dense(10, activation='softmax')])\n"
    "model.compile(loss='sparse_categorical_crossentropy')\n"
)


def test_mnist_without_channel_axis_is_adapted() -> None:
    body = "(x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()\n" + CNN + \
        "model.fit(x_train / 255.0, y_train)\nmodel.evaluate(x_test, y_test)\n"
    assert found(body) == []


def test_mnist_flattened_into_a_cnn() -> None:
    body = "(x_train, y_train), _ = keras.datasets.mnist.load_data()\n" + CNN + \
        "model.fit(x_train.reshape(60000, 784), y_train)\n"
    assert found(body) == [(5, "SL302")]


def test_cifar_labels_with_categorical_loss() -> None:
    # y is (50000, 1): fine for the sparse loss, a shape error for the categorical one.
    body = (
        "(x, y), _ = tf.keras.datasets.cifar10.load_data()\n"
        "m = keras.Sequential([keras.Input(shape=(32, 32, 3)), layers.GlobalAveragePooling2D(),\n"
        "    layers.Dense(10, activation='softmax')])\n"
        "m.compile(loss='sparse_categorical_crossentropy')\nm.fit(x, y)\n"
        "m.compile(loss='categorical_crossentropy')\nm.fit(x, y)\n"
        "m.fit(x, keras.utils.to_categorical(y, 10))\n"
    )
    assert found(body) == [(7, "SL202")]


def test_train_test_split_lengths() -> None:
    body = (
        "from sklearn.model_selection import train_test_split\n"
        "x = np.random.rand(100, 8)\ny = np.random.randint(0, 2, size=(100,))\n"
        "x_tr, x_te, y_tr, y_te = train_test_split(x, y, test_size=0.2)\n"
        "m = keras.Sequential([keras.Input(shape=(8,)), layers.Dense(1, activation='sigmoid')])\n"
        "m.compile(loss='binary_crossentropy')\n"
        "m.fit(x_tr, y_tr, validation_data=(x_te, y_te))\n"
        "m.fit(x_tr, y_te)\n"
    )
    assert found(body) == [(8, "SL304")]


def test_tf_data_batched_and_not() -> None:
    body = (
        "x = np.zeros((64, 4), 'float32')\ny = np.zeros((64, 2), 'float32')\n"
        "m = keras.Sequential([keras.Input(shape=(4,)), layers.Dense(2)])\nm.compile(loss='mse')\n"
        "ds = tf.data.Dataset.from_tensor_slices((x, y))\n"
        "m.fit(ds.shuffle(64).batch(8).prefetch(1))\n"
        "m.fit(ds)\n"
        "m.predict(tf.data.Dataset.from_tensor_slices(x).batch(4, drop_remainder=True))\n"
    )
    assert found(body) == [(7, "SL301")]
    result = analyze(HEADER + body)
    (diag,) = result.diagnostics
    assert "the dataset is not batched: add .batch(32)" in diag.message
    assert diag.fixes[0].edits[0].new_text == "ds.batch(32)"


def test_one_hot_from_eye_and_back_with_argmax() -> None:
    body = (
        "x = np.zeros((30, 4))\nlabels = np.random.randint(0, 3, size=(30,))\n"
        "onehot = np.eye(3)[labels]\n"
        "m = keras.Sequential([keras.Input(shape=(4,)), layers.Dense(3, activation='softmax')])\n"
        "m.compile(loss='sparse_categorical_crossentropy')\n"
        "m.fit(x, onehot)\n"
        "m.fit(x, np.argmax(onehot, axis=1))\n"
        "m.fit(x, onehot.argmax(axis=-1))\n"
    )
    assert found(body) == [(6, "SL202")]


def test_lists_and_strings_are_rejected() -> None:
    body = (
        "m = keras.Sequential([keras.Input(shape=(4,)), layers.Dense(2)])\n"
        "m.predict([[0.1, 0.2, 0.3, 0.4]])\n"
        "m.fit(np.zeros((8, 4)), [[0.0, 1.0]] * 8)\n"
        "m.predict(np.array([['a', 'b', 'c', 'd']]))\n"
    )
    assert found(body) == [(2, "SL305"), (3, "SL305"), (4, "SL305")]
    fixed = analyze(HEADER + body).diagnostics[0].fixes[0].edits[-1].new_text
    assert fixed == "np.array([[0.1, 0.2, 0.3, 0.4]])"


def test_imdb_padded_and_raw() -> None:
    body = (
        "(x_train, y_train), _ = keras.datasets.imdb.load_data(num_words=10000)\n"
        "x_pad = keras.utils.pad_sequences(x_train, maxlen=200)\n"
        "m = keras.Sequential([keras.Input(shape=(200,)), layers.Embedding(10000, 16),\n"
        "                      layers.GlobalAveragePooling1D(), layers.Dense(1, activation='sigmoid')])\n"
        "m.compile(loss='binary_crossentropy')\n"
        "m.fit(x_pad, y_train)\n"
        "m.fit(x_train, y_train)\n"  # ragged lists: not a shape question, stays quiet
    )
    assert found(body) == []



def test_imdb_vocabulary_beyond_the_embedding() -> None:
    """num_words=10000 keeps ids 0..9999 (rarer words become oov_char 2): an Embedding(5000)
    cannot look them up (SL209; the lookup error itself is checked in tests/cases)."""
    body = (
        "(x_train, y_train), _ = keras.datasets.imdb.load_data(num_words=10000)\n"
        "x_pad = keras.utils.pad_sequences(x_train, maxlen=200)\n"
        "m = keras.Sequential([keras.Input(shape=(200,)), layers.Embedding(5000, 16),\n"
        "                      layers.GlobalAveragePooling1D(), layers.Dense(1, activation='sigmoid')])\n"
        "m.compile(loss='binary_crossentropy')\n"
        "m.fit(x_pad, y_train)\n"
    )
    assert found(body) == [(6, "SL209")]


def test_axis_moves() -> None:
    body = (
        "x = np.zeros((10, 3, 28, 28))\n"  # channels first on disk
        "m = keras.Sequential([keras.Input(shape=(28, 28, 3)), layers.Conv2D(4, 3)])\n"
        "m.predict(np.moveaxis(x, 1, -1))\n"
        "m.predict(x.swapaxes(1, 3).swapaxes(1, 2))\n"
        "m.predict(np.hstack([x, x]))\n"
    )
    assert found(body) == [(5, "SL303")]


def test_hover_notes_for_arrays() -> None:
    source = HEADER + (
        "(x_train, y_train), _ = keras.datasets.mnist.load_data()\n"
        "x = x_train[..., None] / 255.0\n"
        "h = x.astype('float16') * 2.0\n"
    )
    notes = {(n.name, n.span.line - OFFSET + 1): (n.shape, n.dtype, n.value_range) for n in analyze(source).arrays}
    assert notes[("x_train", 1)] == ((60000, 28, 28), "uint8", (0, 255))
    assert notes[("y_train", 1)] == ((60000,), "uint8", (0, 9))
    assert notes[("x", 2)] == ((60000, 28, 28, 1), "float64", None)
    assert notes[("h", 3)] == ((60000, 28, 28, 1), "float16", None)


def test_california_housing_builds_the_regression_model() -> None:
    """``california_housing.load_data(version="small")``: 600 districts of 8 features, 480 for
    training (keras/src/datasets/california_housing.py); fit builds the Input-less model on them."""
    body = (
        "(x_train, y_train), (x_test, y_test) = keras.datasets.california_housing.load_data(version='small')\n"
        "model = keras.Sequential([layers.Dense(64, activation='relu'), layers.Dense(1)])\n"
        "model.compile(optimizer='adam', loss='mse')\n"
        "model.fit(x_train, y_train, batch_size=16)\n"
    )
    result = analyze(HEADER + body, "snippet.py")
    assert [layer.output_shape for layer in result.models[0].layers] == [(16, 64), (16, 1)]
    assert not [d for d in result.diagnostics if d.severity == "error"]
