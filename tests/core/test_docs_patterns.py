"""Patterns of the TensorFlow docs notebooks that a careful reader follows (issue 9): frames
whose columns the file never names, methods and properties added to a class after it, cached
attributes read with ``getattr``, the first batch of a dataset. Each stays unknown where the
file does not say (never a guess)."""

from __future__ import annotations

import textwrap
from typing import Any

from shapelens.analysis import analyze
from shapelens.engine.shapes import UNKNOWN

HEADER = "import numpy as np\nimport pandas as pd\nimport tensorflow as tf\nimport keras\nfrom keras import layers\n"


def run(body: str) -> Any:
    return analyze(HEADER + textwrap.dedent(body), "snippet.py")


def model_shapes(body: str) -> dict[str, list[Any]]:
    result = run(body)
    assert not [d for d in result.diagnostics if d.severity == "error"], result.diagnostics
    return {m.name: [m.input_shape, *(layer.output_shape for layer in m.layers)] for m in result.models}


def test_frame_of_unknown_columns_keeps_its_columns_through_row_slices_and_statistics() -> None:
    # pd.read_csv(path): neither rows nor columns are known, but a row slice (even by bounds we
    # cannot compute) and the frame's own statistics keep the columns: a 2-D array of features.
    # Statistics of another frame (or of the frame before a column was popped) may add columns.
    assert model_shapes("""
        df = pd.read_csv("data.csv")
        n = len(df)
        train = df[0:int(n * 0.7)]
        train = (train - train.mean()) / train.std()
        other = pd.read_csv("other.csv")
        mixed = train - other.mean()
        before = df.mean()
        df.pop("label")
        after = df - before
        a = keras.Sequential([layers.Dense(2)])
        a.predict(np.array(train, dtype=np.float32))
        b = keras.Sequential([layers.Dense(2)])
        b.predict(np.array(mixed, dtype=np.float32))
        c = keras.Sequential([layers.Dense(2)])
        c.predict(np.array(after, dtype=np.float32))
    """) == {"a": [(UNKNOWN, UNKNOWN), (UNKNOWN, 2)], "b": [UNKNOWN, UNKNOWN], "c": [UNKNOWN, UNKNOWN]}


def test_methods_and_properties_assigned_to_the_class_after_it() -> None:
    # The time-series tutorial adds split_window, make_dataset and @property train one cell at
    # a time: instances made before see them too. A property wins over an instance attribute
    # of its name; anything else assigned to the class hides the method.
    assert model_shapes("""
        class Window():
            def __init__(self, width, data):
                self.width = width
                self.data = data

        w = Window(3, np.zeros((50, 4), dtype="float32"))
        w.train = "hidden by the property"

        def make_dataset(self, data):
            ds = keras.utils.timeseries_dataset_from_array(data=data, targets=None,
                                                           sequence_length=self.width, batch_size=8)
            return ds.map(self.split)

        def split(self, features):
            inputs = features[:, :self.width, :]
            inputs.set_shape([None, self.width, None])
            return inputs, features[:, -1:, :]

        @property
        def train(self):
            return self.make_dataset(self.data)

        Window.make_dataset = make_dataset
        Window.split = split
        Window.train = train
        m = keras.Sequential([layers.Dense(1)])
        m.fit(w.train, epochs=1)

        Window.split = None
        late = keras.Sequential([layers.Dense(1)])
        late.fit(w.train, epochs=1)
    """) == {"m": [(None, 3, 4), (None, 3, 1)], "late": [UNKNOWN, UNKNOWN]}


def test_getattr_default_and_a_cached_example() -> None:
    # getattr(self, "_example", None) is the default until the property stores the value; the
    # second read finds the cached tuple, which ``is None`` tells from None.
    assert model_shapes("""
        class Window():
            def __init__(self, data):
                self.data = data

            @property
            def example(self):
                result = getattr(self, "_example", None)
                if result is None:
                    result = self.data, self.data[:, :1]
                    self._example = result
                return result

        w = Window(np.zeros((6, 5), dtype="float32"))
        first = w.example
        m = keras.Sequential([layers.Dense(2)])
        m(w.example[0])
        unset = keras.Sequential([layers.Dense(2)])
        unset(getattr(w, "missing", np.zeros((2, 7))))
    """) == {"m": [(6, 5), (6, 2)], "unset": [(2, 7), (2, 2)]}


def test_getattr_stays_unknown_when_the_instance_may_hold_the_attribute() -> None:
    assert model_shapes("""
        class Window():
            def __init__(self, data):
                self.data = data
                if np.random.rand() > 0.5:
                    self.extra = data

        w = Window(np.zeros((6, 5), dtype="float32"))
        for name in ["a", "b"]:
            setattr(w, name, None)
        m = keras.Sequential([layers.Dense(2)])
        m(getattr(w, "extra", np.zeros((2, 7))))
    """) == {"m": [UNKNOWN, UNKNOWN]}


def test_first_batch_of_a_dataset() -> None:
    # next(iter(ds)) and a loop over ds give eager tensors: concrete shapes. The first batch of
    # known data has min(batch_size, samples) rows; an axis the element spec leaves None is
    # otherwise unknown (a shuffled batched dataset may start with its short last batch).
    assert model_shapes("""
        x = np.zeros((100, 7), dtype="float32")
        ds = tf.data.Dataset.from_tensor_slices((x, x[:, :1])).batch(32)
        first = keras.Sequential([layers.Dense(1)])
        first(next(iter(ds))[0])
        for inputs, labels in ds.take(1):
            looped = keras.Sequential([layers.Dense(3)])
            looped(inputs)
        dropped = keras.Sequential([layers.Dense(1)])
        dropped(next(iter(ds.unbatch().batch(10, drop_remainder=True)))[0])
        shuffled = keras.Sequential([layers.Dense(1)])
        shuffled(next(iter(ds.shuffle(4)))[0])
        unknown_rows = keras.Sequential([layers.Dense(1)])
        unknown_rows(next(iter(tf.data.Dataset.from_tensor_slices(x[x[:, 0] > 0]).batch(32))))
    """) == {"first": [(32, 7), (32, 1)], "looped": [(32, 7), (32, 3)],
             "dropped": [(10, 7), (10, 1)], "shuffled": [(UNKNOWN, 7), (UNKNOWN, 1)],
             "unknown_rows": [(UNKNOWN, 7), (UNKNOWN, 1)]}


def test_get_dummies_keeps_the_rows_not_the_columns() -> None:
    # One column per category present in the data: the width is the data's, the rows stay.
    assert model_shapes("""
        df = pd.DataFrame({"a": np.zeros(10), "origin": np.arange(10) % 3})
        df = pd.get_dummies(df, columns=["origin"], prefix="", prefix_sep="", dtype=float)
        m = keras.Sequential([layers.Dense(2)])
        m.predict(df)
    """) == {"m": [(10, UNKNOWN), (10, 2)]}


def test_loop_target_after_the_loop_and_the_audio_pipeline() -> None:
    # The audio tutorial: audio_dataset_from_directory (the channel axis is None), squeeze, the
    # spectrogram of tf.signal.stft, one batch taken by ``for ... in ds.take(1): break`` and its
    # shape[1:] as the model's input. A name bound before the loop, or in its body, may hold
    # another value after it: unknown.
    assert model_shapes("""
        train_ds = keras.utils.audio_dataset_from_directory("data", batch_size=64, output_sequence_length=16000)

        def squeeze(audio, labels):
            return tf.squeeze(audio, axis=-1), labels

        def get_spectrogram(waveform):
            spectrogram = tf.abs(tf.signal.stft(waveform, frame_length=255, frame_step=128))
            return spectrogram[..., tf.newaxis]

        spec_ds = train_ds.map(squeeze).map(lambda audio, label: (get_spectrogram(audio), label))
        for spectrograms, labels in spec_ds.take(1):
            break
        m = keras.Sequential([layers.Input(shape=spectrograms.shape[1:]), layers.Resizing(32, 32),
                              layers.Conv2D(8, 3)])
        known = np.zeros((5, 3))
        for known in spec_ds:
            break
        other = keras.Sequential([layers.Dense(2)])
        other(known)
        for rows in spec_ds:
            rows = np.zeros((2, 2))
        last = keras.Sequential([layers.Dense(2)])
        last(rows)
    """) == {"m": [(None, 124, 129, 1), (None, 32, 32, 1), (None, 30, 30, 8)],
             "other": [UNKNOWN, UNKNOWN], "last": [UNKNOWN, UNKNOWN]}


def test_reshape_of_data_we_cannot_see() -> None:
    # tf.reshape(x, (-1, 28, 28, 1)) on a tensor loaded at run time: if TensorFlow accepts it,
    # the result has that shape; the -1 axis is unknown. A target we cannot read stays unknown.
    assert model_shapes("""
        import tensorflow_datasets as tfds
        ds = tfds.load("mnist", split="test", as_supervised=True)
        (x, _), = ds.take(1)
        x = tf.reshape(tf.cast(x, tf.float32) / 255., (-1, 28, 28, 1))
        enc = keras.Sequential([layers.Conv2D(4, 5, strides=2, padding="same"), layers.Flatten()])
        y = enc(x)
        odd = keras.Sequential([layers.Dense(3)])
        odd(tf.reshape(x, (-1, -1)))
    """) == {"enc": [(UNKNOWN, 28, 28, 1), (UNKNOWN, 14, 14, 4), (UNKNOWN, 784)], "odd": [UNKNOWN, UNKNOWN]}


def test_linspace() -> None:
    # The TF basics guide fits a Lambda that stacks x and x**2 on tf.linspace data.
    assert model_shapes("""
        x = tf.cast(tf.linspace(-2, 2, 201), tf.float32)
        m = keras.Sequential([layers.Lambda(lambda x: tf.stack([x, x**2], axis=1)), layers.Dense(units=1)])
        m.compile(loss="mse", optimizer="sgd")
        m.fit(x, x, epochs=1)
        grid = keras.Sequential([layers.Dense(2)])
        grid.predict(keras.ops.linspace(0.0, 1.0, 8)[:, None])
    """) == {"m": [(None,), (None, 2), (None, 1)], "grid": [(8, 1), (8, 2)]}


def test_subclassed_model_on_a_dict_of_columns() -> None:
    # The pandas tutorial's MyModel: dict(df) / df.items() give the named columns, fit gets a
    # dict of arrays, call stacks them through a helper method of the class (sorted by name)
    # with a Concatenate, then runs its Sequential. The batch of rows we cannot count stays
    # unknown through the Concatenate.
    assert model_shapes("""
        df = pd.read_csv("heart.csv")
        target = df.pop("target")
        features = df[["age", "thalach", "chol"]]
        features_dict = {key: value.to_numpy()[:, tf.newaxis] for key, value in dict(features).items()}
        pairs = {name: column.to_numpy()[:, None] for name, column in features.items()}

        class MyModel(keras.Model):
            def __init__(self):
                super().__init__()
                self.seq = keras.Sequential([layers.Dense(10, activation="relu"), layers.Dense(1)])
                self.concat = layers.Concatenate(axis=1)

            def _stack(self, input_dict):
                values = []
                for key, value in sorted(input_dict.items()):
                    values.append(value)
                return self.concat(values)

            def call(self, inputs):
                return self.seq(self._stack(inputs))

        model = MyModel()
        model.compile(optimizer="adam", loss="mse")
        model.fit(features_dict, target.to_numpy()[:, None], epochs=1, batch_size=2)
        rows = keras.Sequential([layers.Dense(4)])
        rows.fit(pairs["chol"], target.to_numpy(), epochs=1)
    """) == {None: [(UNKNOWN, 3), (UNKNOWN, 10), (UNKNOWN, 1)], "rows": [(UNKNOWN, 1), (UNKNOWN, 4)]}


def test_subclassed_model_on_a_dict_of_arrays_with_a_known_batch() -> None:
    assert model_shapes("""
        d = {"b": np.zeros((10, 2)), "a": np.zeros((10, 1))}

        class MyModel(keras.Model):
            def __init__(self):
                super().__init__()
                self.seq = keras.Sequential([layers.Dense(3)])

            def _stack(self, input_dict):
                return layers.Concatenate(axis=1)([v for k, v in sorted(input_dict.items())])

            def call(self, inputs):
                return self.seq(self._stack(inputs))

        model = MyModel()
        model.compile(optimizer="adam", loss="mse")
        model.fit(d, np.zeros((10, 3)), epochs=1, batch_size=2)
    """) == {None: [(2, 3), (2, 3)]}


def test_frame_sample_rows() -> None:
    # df.sample(frac=0.8) keeps round(0.8 * len) rows (fit's batch axis is known when it
    # divides them); after dropna the count is the data's.
    assert model_shapes("""
        df = pd.DataFrame(np.zeros((120, 3)), columns=["a", "b", "c"])
        train = df.sample(frac=0.8, random_state=0)
        m = keras.Sequential([layers.Dense(2)])
        m.fit(np.array(train), np.zeros((96, 2)), batch_size=48, epochs=1)
        clean = df.dropna().sample(frac=0.5)
        n = keras.Sequential([layers.Dense(2)])
        n.fit(np.array(clean), np.zeros((60, 2)), batch_size=30, epochs=1)
    """) == {"m": [(48, 3), (48, 2)], "n": [(UNKNOWN, 3), (UNKNOWN, 2)]}


def test_ragged_words_padded_to_a_tensor() -> None:
    # The ragged-tensor guide: split sentences into words, hash them, pad with to_tensor() (the
    # longest sentence sets the width: unknown here), then an Embedding + LSTM model.
    assert model_shapes("""
        sentences = tf.constant(["What makes you think she is a witch?", "A newt?", "Well, I got better."])
        is_question = tf.constant([True, True, False])
        words = tf.strings.split(sentences, " ")
        hashed = tf.strings.to_hash_bucket_fast(words, 1000)
        m = keras.Sequential([layers.Embedding(1000, 16, mask_zero=True), layers.LSTM(8), layers.Dense(1)])
        m.compile(loss="binary_crossentropy", optimizer="rmsprop")
        m.fit(hashed.to_tensor(), is_question, epochs=1)
        raw = keras.Sequential([layers.Dense(1)])
        raw(tf.reshape(words, (-1, 2)))
    """) == {"m": [(None, UNKNOWN), (None, UNKNOWN, 16), (None, 8), (None, 1)], "raw": [UNKNOWN, UNKNOWN]}


def test_a_loop_over_a_dataset_of_known_length_surely_runs() -> None:
    # The GAN of Hands-On ML / the TF docs: models first called inside ``for batch in
    # dataset.take(1)``. The dataset comes from a known array, so the first iteration surely
    # runs and builds them. After filter() the count is the data's: a build there may not happen.
    assert model_shapes("""
        x = np.zeros((100, 28, 28), dtype="float32")
        dataset = tf.data.Dataset.from_tensor_slices(x).shuffle(100).batch(32, drop_remainder=True).prefetch(1)
        generator = keras.Sequential([layers.Dense(28 * 28), layers.Reshape([28, 28])])
        discriminator = keras.Sequential([layers.Flatten(), layers.Dense(1)])
        for X_batch in dataset.take(1):
            fake = generator(tf.random.normal(shape=[32, 30]))
            discriminator.train_on_batch(tf.concat([fake, X_batch], axis=0), np.zeros((64, 1)))
        maybe = keras.Sequential([layers.Dense(2)])
        for X_batch in dataset.filter(lambda b: tf.reduce_sum(b) > 0):
            maybe(X_batch)
        empty = keras.Sequential([layers.Dense(2)])
        for X_batch in dataset.skip(3):
            empty(X_batch)
    """) == {"generator": [(32, 30), (32, 784), (32, 28, 28)],
             "discriminator": [(64, 28, 28), (64, 784), (64, 1)],
             "maybe": [UNKNOWN, UNKNOWN], "empty": [UNKNOWN, UNKNOWN]}


def test_tf_function_steps_are_followed() -> None:
    # @tf.function traces on the arguments' own shapes: a model called in a training or
    # evaluation step is built there. An input_signature relaxes them: not followed.
    assert model_shapes("""
        x = np.zeros((100, 28, 28, 1), dtype="float32")
        ds = tf.data.Dataset.from_tensor_slices((x, np.zeros(100, dtype="int64"))).batch(25)
        model = keras.Sequential([layers.Conv2D(4, 3), layers.Flatten(), layers.Dense(10)])

        @tf.function
        def eval_step(images, labels):
            return model(images, training=False)

        for images, labels in ds:
            eval_step(images, labels)

        signed = keras.Sequential([layers.Dense(3)])

        @tf.function(input_signature=[tf.TensorSpec((None, 5))])
        def serve(z):
            return signed(z)

        serve(np.zeros((4, 5), dtype="float32"))
    """) == {"model": [(25, 28, 28, 1), (25, 26, 26, 4), (25, 2704), (25, 10)],
             "signed": [UNKNOWN, UNKNOWN]}


def test_datasets_from_both_paths_of_an_if() -> None:
    # prepare(ds, shuffle=...) of the augmentation tutorial: a path that shuffles or takes part
    # of the data keeps the elements; the count then differs, so a loop over it may not run.
    assert model_shapes("""
        x = np.zeros((64, 5), dtype="float32")
        ds = tf.data.Dataset.from_tensor_slices(x).batch(16)
        if np.random.rand() > 0.5:
            ds = ds.take(2).shuffle(4)
        m = keras.Sequential([layers.Dense(2)])
        m.fit(ds, epochs=1)
        n = keras.Sequential([layers.Dense(2)])
        for batch in ds:
            n(batch)
    """) == {"m": [(None, 5), (None, 2)], "n": [UNKNOWN, UNKNOWN]}
