"""tf.data pipelines and the Keras dataset utilities: the element spec the analysis infers for
``ds`` must equal TensorFlow's ``ds.element_spec`` (shapes and dtypes), for programs written the
way tutorials write them (tf.data guide, keras-io "Image classification from scratch",
"Timeseries forecasting for weather prediction"; data replaced by small arrays). These are the
project's own snippets; user code is never run.
"""

from __future__ import annotations

import ast
import os
from pathlib import Path
from typing import Any

import pytest

from shapelens.analysis.diagnostics import Collector
from shapelens.analysis.interpreter import Interpreter
from shapelens.analysis.positions import Positions
from shapelens.analysis.values import Array, Pipeline
from shapelens.engine.shapes import UNKNOWN

HEADER = "import numpy as np\nimport tensorflow as tf\nimport keras\nfrom keras import layers\n"

PROGRAMS = {
    "slices_pair_batched": """
x = np.zeros((64, 32, 32, 3), dtype="float32")
y = np.zeros(64)
ds = tf.data.Dataset.from_tensor_slices((x, y)).batch(8)
""",
    "map_lambda_and_drop_remainder": """
x = np.zeros((40, 28, 28), dtype="float32")
y = np.zeros((40,), dtype="int64")
ds = (tf.data.Dataset.from_tensor_slices((x, y))
      .shuffle(100)
      .map(lambda image, label: (tf.expand_dims(image, -1) / 255.0, tf.one_hot(label, 10)))
      .batch(16, drop_remainder=True)
      .prefetch(tf.data.AUTOTUNE))
""",
    "map_named_function_resize": """
def preprocess(image, label):
    image = tf.image.resize(image, (64, 64))
    image = tf.cast(image, tf.float32) / 255.0
    return image, label

x = np.zeros((10, 100, 120, 3), dtype="uint8")
y = np.zeros((10, 1), dtype="float32")
ds = tf.data.Dataset.from_tensor_slices((x, y)).map(preprocess).batch(4).cache().repeat()
""",
    "map_after_batch": """
x = np.zeros((30, 12), dtype="float32")
ds = tf.data.Dataset.from_tensor_slices(x).batch(5).map(lambda t: tf.reduce_mean(t, axis=-1, keepdims=True))
""",
    "single_tensor_unbatch": """
x = np.zeros((30, 6, 2), dtype="float32")
ds = tf.data.Dataset.from_tensors(x).unbatch().batch(3, drop_remainder=True)
""",
    "range_and_zip": """
a = tf.data.Dataset.range(10)
b = tf.data.Dataset.from_tensor_slices(np.zeros((10, 3), dtype="float32"))
ds = tf.data.Dataset.zip((b, a)).batch(2)
""",
    "from_generator_signature": """
def gen():
    yield np.zeros((5, 4), dtype="float32"), 1

ds = tf.data.Dataset.from_generator(gen, output_signature=(
    tf.TensorSpec(shape=(None, 4), dtype=tf.float32), tf.TensorSpec(shape=(), dtype=tf.int32))).batch(2)
""",
    "concatenate": """
a = tf.data.Dataset.from_tensor_slices(np.zeros((10, 3), dtype="float32")).batch(2, drop_remainder=True)
b = tf.data.Dataset.from_tensor_slices(np.zeros((10, 3), dtype="float32")).batch(5, drop_remainder=True)
ds = a.concatenate(b).take(3)
""",
    "python_lists": """
ds = tf.data.Dataset.from_tensor_slices(([1, 2, 3], [0.5, 1.5, 2.5])).batch(2)
""",
    "window_flat_map_hands_on_ml": """
series = np.zeros((100,), dtype="float32")
n_steps = 20
ds = tf.data.Dataset.from_tensor_slices(series)
ds = ds.window(n_steps + 1, shift=1, drop_remainder=True)
ds = ds.flat_map(lambda window: window.batch(n_steps + 1))
ds = ds.map(lambda window: (window[:-1], window[-1:])).batch(8)
""",
    "window_pairs_drop_remainder": """
x = np.zeros((50, 4), dtype="float32")
y = np.zeros((50,), dtype="int64")
ds = tf.data.Dataset.from_tensor_slices((x, y)).window(5, drop_remainder=True)
ds = ds.flat_map(lambda a, b: tf.data.Dataset.zip((a.batch(5, drop_remainder=True), b.batch(5))))
""",
    "padded_and_enumerate": """
x = np.zeros((10, 3, 4), dtype="float32")
y = np.zeros((10,), dtype="int32")
ds = tf.data.Dataset.from_tensor_slices((x, y)).padded_batch(2, padded_shapes=((5, None), ())).enumerate()
""",
    "timeseries": """
data = np.zeros((200, 7), dtype="float32")
ds = keras.utils.timeseries_dataset_from_array(data, data[:, 0], sequence_length=24, batch_size=32)
""",
    "timeseries_no_targets": """
ds = keras.utils.timeseries_dataset_from_array(np.zeros((50, 3)), None, sequence_length=10)
""",
}

IMAGE_PROGRAMS = {
    "images_default": "ds = keras.utils.image_dataset_from_directory(DATA)",
    "images_gray_categorical_unbatched": (
        "ds = keras.utils.image_dataset_from_directory(DATA, image_size=(20, 24), color_mode='grayscale',\n"
        "    label_mode='categorical', class_names=['a', 'b', 'c'], batch_size=None)"),
    "images_binary": ("ds = keras.utils.image_dataset_from_directory(DATA, label_mode='binary', "
                      "class_names=['a', 'b'], image_size=(32, 32), batch_size=4)"),
    "images_no_labels_rgba": ("ds = keras.utils.image_dataset_from_directory(DATA, labels=None, color_mode='rgba', "
                              "image_size=(16, 16))"),
    "images_mapped": ("ds = keras.utils.image_dataset_from_directory(DATA, image_size=(40, 40)).map(\n"
                      "    lambda x, y: (layers.Rescaling(1 / 255)(x), y))"),
}


def _truth(source: str) -> Any:
    import tensorflow as tf

    namespace: dict[str, Any] = {"__name__": "__fixture__"}
    exec(compile(source, "<fixture>", "exec"), namespace)

    def spec(s: Any) -> Any:
        if isinstance(s, tuple):
            return tuple(spec(v) for v in s)
        if isinstance(s, dict):
            return {k: spec(v) for k, v in s.items()}
        assert isinstance(s, tf.TensorSpec)
        return (tuple(s.shape), s.dtype.name)

    return spec(namespace["ds"].element_spec)


def _ours(source: str) -> Any:
    interp = Interpreter(source, Positions(source), Collector())
    interp.run(ast.parse(source))
    pipe = interp.env.get("ds")
    assert isinstance(pipe, Pipeline), pipe

    def spec(s: Any) -> Any:
        if isinstance(s, tuple):
            return tuple(spec(v) for v in s)
        if isinstance(s, dict):
            return {k: spec(v) for k, v in s.items()}
        assert isinstance(s, Array), s
        return (tuple(s.shape), s.dtype)

    return spec(pipe.element)


@pytest.mark.parametrize("name", sorted(PROGRAMS))
def test_element_spec(name: str) -> None:
    source = HEADER + PROGRAMS[name]
    assert _ours(source) == _truth(source)


@pytest.fixture(scope="module")
def image_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Three class folders of tiny random PNGs (written by TensorFlow: no PIL needed)."""
    import numpy as np
    import tensorflow as tf

    root = tmp_path_factory.mktemp("images")
    rng = np.random.default_rng(0)
    for cls in ("a", "b", "c"):
        os.makedirs(root / cls)
        for i in range(2):
            pixels = rng.integers(0, 255, size=(5 + i, 7, 3), dtype=np.uint8)
            tf.io.write_file(str(root / cls / f"{i}.png"), tf.io.encode_png(pixels))
    return root


@pytest.mark.parametrize("name", sorted(IMAGE_PROGRAMS))
def test_image_dataset_element_spec(name: str, image_folder: Path) -> None:
    source = HEADER + f"DATA = {str(image_folder)!r}\n" + IMAGE_PROGRAMS[name] + "\n"
    assert _ours(source) == _truth(source)


def test_unknown_class_count_stays_unknown() -> None:
    """label_mode='categorical' without class_names: the width is the number of folders."""
    source = HEADER + "ds = keras.utils.image_dataset_from_directory('data', label_mode='categorical')\n"
    images, labels = _ours(source)
    assert images == ((None, 256, 256, 3), "float32")
    assert labels[0][1] is not None and labels[0][1] is not labels[0][0] and str(labels[0][1]) == "UNKNOWN"


AUGMENTED = """
data_augmentation = keras.Sequential([layers.RandomFlip("horizontal"), layers.RandomRotation(0.1)])
resize_and_rescale = keras.Sequential([keras.Input(shape=(None, None, 3)), layers.Resizing(48, 48),
                                       layers.Rescaling(1.0 / 255)])
x = np.zeros((20, 60, 50, 3), dtype="float32")
y = np.zeros((20,), dtype="int32")
ds = (tf.data.Dataset.from_tensor_slices((x, y)).batch(4)
      .map(lambda a, b: (data_augmentation(a, training=True), b))
      .map(lambda a, b: (tf.image.resize(a, (48, 48)), b))
      .map(lambda a, b: (resize_and_rescale(a), b)))
"""


def test_models_called_in_map_functions() -> None:
    """keras-io style augmentation: a Sequential of preprocessing layers applied in ``map``."""
    source = HEADER + AUGMENTED
    assert _ours(source) == _truth(source)


TEXT = """
texts = np.array(["the cat sat", "a dog", "hello world again and again"] * 4)
labels = np.zeros((12,), dtype="int64")
vectorize_layer = layers.TextVectorization(max_tokens=50, output_mode="int", output_sequence_length=8)
vectorize_layer.adapt(texts)
raw = tf.data.Dataset.from_tensor_slices((texts, labels)).batch(4)
ds = raw.map(lambda x, y: (vectorize_layer(x), y))
"""


def test_text_vectorization_in_map() -> None:
    """keras-io "Text classification from scratch": vectorize the text inside the pipeline."""
    source = HEADER + TEXT
    assert _ours(source) == _truth(source)


FILES = """
import os
class_names = np.array(["a", "b", "c"])

def get_label(file_path):
    parts = tf.strings.split(file_path, os.path.sep)
    return tf.argmax(parts[-2] == class_names)

def decode_img(img):
    img = tf.io.decode_jpeg(img, channels=3)
    return tf.image.resize(img, [32, 32])

def process_path(file_path):
    label = get_label(file_path)
    img = tf.io.read_file(file_path)
    return decode_img(img), label

ds = tf.data.Dataset.list_files(DATA + "/*/*.png", shuffle=False).map(process_path).batch(2)
"""


def test_files_decoded_in_map(image_folder: Path) -> None:
    """TensorFlow "Load and preprocess images": the images are known, the label function (string
    ops) is not followed, and stays unknown instead of making the whole element unknown."""
    source = HEADER + f"DATA = {str(image_folder)!r}\n" + FILES
    truth = _truth(source)
    interp = Interpreter(source, Positions(source), Collector())
    interp.run(ast.parse(source))
    pipe = interp.env["ds"]
    images, labels = pipe.element
    assert (tuple(images.shape), images.dtype) == truth[0]
    assert labels is UNKNOWN
    assert pipe.batched and pipe.features.shape == truth[0][0][1:] and pipe.labels is UNKNOWN
