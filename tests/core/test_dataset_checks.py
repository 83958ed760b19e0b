"""Datasets into fit(): label_mode against the loss, and a dataset batched twice, run in Keras
on a small folder of generated images (three classes)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from shapelens.analysis import analyze
from tests.core.keras_truth import run_source

HEADER = """\
import keras
import numpy as np
import tensorflow as tf
from keras import layers

model = keras.Sequential([keras.Input(shape=(16, 16, 3)), layers.Conv2D(4, 3), layers.GlobalAveragePooling2D(),
                          layers.Dense(3, activation="softmax")])
"""
FIT_LINE = 11  # the last line of every program below

PROGRAMS = {
    # (the rest of the program: lines 9-11, whether Keras raises at fit)
    "categorical_labels_sparse_loss": (
        "train = keras.utils.image_dataset_from_directory(DATA, label_mode='categorical', image_size=(16, 16))\n"
        "model.compile(optimizer='adam', loss='sparse_categorical_crossentropy')\n"
        "model.fit(train, epochs=1, verbose=0)\n", True),
    "int_labels_categorical_loss": (
        "train = keras.utils.image_dataset_from_directory(DATA, image_size=(16, 16), batch_size=2)\n"
        "model.compile(optimizer='adam', loss=keras.losses.CategoricalCrossentropy())\n"
        "model.fit(train, epochs=1, verbose=0)\n", True),
    "batched_twice": (
        "train = keras.utils.image_dataset_from_directory(DATA, image_size=(16, 16), batch_size=2).batch(2)\n"
        "model.compile(optimizer='adam', loss='sparse_categorical_crossentropy')\n"
        "model.fit(train, epochs=1, verbose=0)\n", True),
    "int_labels_sparse_loss_ok": (
        "train = keras.utils.image_dataset_from_directory(DATA, image_size=(16, 16), batch_size=2)\n"
        "model.compile(optimizer='adam', loss=keras.losses.SparseCategoricalCrossentropy())\n"
        "model.fit(train, epochs=1, verbose=0)\n", False),
    "categorical_labels_categorical_loss_ok": (
        "train = keras.utils.image_dataset_from_directory(DATA, label_mode='categorical', image_size=(16, 16))\n"
        "model.compile(optimizer='adam', loss=keras.losses.categorical_crossentropy)\n"
        "model.fit(train, epochs=1, verbose=0)\n", False),
}


@pytest.fixture(scope="module")
def image_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    import numpy as np
    import tensorflow as tf

    root = tmp_path_factory.mktemp("images")
    rng = np.random.default_rng(1)
    for cls in ("a", "b", "c"):
        os.makedirs(root / cls)
        for i in range(2):
            pixels = rng.integers(0, 255, size=(16, 16, 3), dtype=np.uint8)
            tf.io.write_file(str(root / cls / f"{i}.png"), tf.io.encode_png(pixels))
    return root


@pytest.mark.parametrize("name", sorted(PROGRAMS))
def test_dataset_into_fit_matches_keras(name: str, image_folder: Path) -> None:
    body, raises = PROGRAMS[name]
    source = HEADER + "DATA = 'data'\n" + body
    assert source.count("\n") == FIT_LINE
    line, error = run_source(source.replace("'data'", repr(str(image_folder))), Path("program.py"))
    assert (line == FIT_LINE) == raises, error
    found = [(d.span.line + 1, d.code) for d in analyze(source, "program.py").diagnostics
             if d.severity in ("error", "warning")]
    if raises:
        assert len(found) == 1 and found[0][0] == FIT_LINE, found
    else:
        assert found == []
    if name == "batched_twice":
        assert found[0][1] == "SL302"
        assert "batched twice" in analyze(source, "program.py").diagnostics[0].message


def test_scalar_model_input_fed_a_batched_dataset_does_not_crash() -> None:
    # The TF text tutorial: a model built on one scalar string (``next(iter(ds))``), later
    # evaluated on a batched dataset; the rank message is checked for a second .batch() without
    # an axis to compare (it raised IndexError).
    source = (
        "import tensorflow as tf\n"
        "import keras\n"
        "ds = tf.data.Dataset.from_tensor_slices((tf.random.uniform((8,)), tf.zeros((8,))))\n"
        "model = keras.Sequential([keras.layers.Dense(1)])\n"
        "x, y = next(iter(ds))\n"
        "model(x)\n"
        "model.compile(loss='mse')\n"
        "model.evaluate(ds.batch(4))\n"
    )
    analyze(source, "scalar.py")
