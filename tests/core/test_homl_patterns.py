"""Patterns of Hands-On Machine Learning (3rd ed.) notebooks whose shapes a careful reader can
work out: fixed downloadable datasets, long literal loops, models rebuilt from ``model.layers``,
custom layers, models built by data. Each case states what Keras does; the shapes themselves are
checked against real Keras in the corpus (tests/corpus/data_built/homl_*.py)."""

from __future__ import annotations

import textwrap

from shapelens.analysis import ModelReport, analyze, pipelines
from shapelens.analysis.values import Array, Pipeline
from shapelens.engine.shapes import UNKNOWN

HEADER = "import numpy as np\nimport tensorflow as tf\nimport keras\nfrom keras import layers\n"
OFFSET = HEADER.count("\n")


def analyzed(body: str) -> tuple[dict[str, list[ModelReport]], list[tuple[int, str]]]:
    result = analyze(HEADER + textwrap.dedent(body), "snippet.py")
    models: dict[str, list[ModelReport]] = {}
    for model in result.models:
        for name in (model.name or "?").split(", "):
            models.setdefault(name, []).append(model)
    errors = [(d.span.line + 1 - OFFSET, d.code) for d in result.diagnostics if d.severity == "error"]
    return models, errors


def shapes(model: ModelReport) -> list[object]:
    return [layer.output_shape for layer in model.layers]


def test_california_housing_has_its_documented_shape() -> None:
    # sklearn documents data (20640, 8) and a float target (20640,); HOML ch. 10 and 12 split it.
    models, errors = analyzed("""\
        from sklearn.datasets import fetch_california_housing
        from sklearn.model_selection import train_test_split
        housing = fetch_california_housing()
        X_train, X_test, y_train, y_test = train_test_split(housing.data, housing.target.reshape(-1, 1))
        model = keras.Sequential([layers.Dense(30, activation="relu", input_shape=X_train.shape[1:]),
                                  layers.Dense(1)])
    """)
    (model,) = models["model"]
    assert shapes(model) == [(None, 30), (None, 1)]
    assert errors == []


def test_california_housing_as_a_frame_stays_unknown() -> None:
    models, _ = analyzed("""\
        from sklearn.datasets import fetch_california_housing
        housing = fetch_california_housing(as_frame=True)
        model = keras.Sequential([layers.Dense(30, input_shape=housing.data.shape[1:])])
    """)
    assert shapes(models["model"][0]) == [UNKNOWN]


def test_a_hundred_layers_added_in_a_loop() -> None:
    # HOML ch. 11: 100 hidden Dense layers added by a literal loop, then the output layer.
    models, _ = analyzed("""\
        model = tf.keras.Sequential()
        model.add(tf.keras.layers.Flatten(input_shape=[28, 28]))
        for layer in range(100):
            model.add(tf.keras.layers.Dense(100, activation="selu"))
        model.add(tf.keras.layers.Dense(10, activation="softmax"))
    """)
    (model,) = models["model"]
    assert len(model.layers) == 102
    assert shapes(model)[-1] == (None, 10)
    assert model.params == 784 * 100 + 100 + 99 * (100 * 100 + 100) + 1010


MC_DROPOUT = """\
    model = tf.keras.Sequential([
        tf.keras.layers.Flatten(input_shape=[28, 28]),
        tf.keras.layers.Dropout(rate=0.2),
        tf.keras.layers.Dense(100, activation="relu"),
        tf.keras.layers.SpatialDropout1D(0.3) if False else tf.keras.layers.Dropout(0.3),
        tf.keras.layers.Dense(10, activation="softmax"),
    ])

    class MCDropout(tf.keras.layers.Dropout):
        def call(self, inputs, training=None):
            return super().call(inputs, training=True)
"""


def test_model_rebuilt_from_layers_with_isinstance() -> None:
    # HOML ch. 11: Dropout layers swapped for MC Dropout ones, the others shared.
    models, errors = analyzed(textwrap.dedent(MC_DROPOUT) + textwrap.dedent("""\
        Dropout = tf.keras.layers.Dropout
        mc_model = tf.keras.Sequential([
            MCDropout(layer.rate) if isinstance(layer, Dropout) else layer
            for layer in model.layers
        ])
        rates = [layer.rate for layer in model.layers if isinstance(layer, (Dropout, layers.Dense))
                 and not isinstance(layer, layers.Dense)]
        check = keras.Sequential([keras.Input(shape=(4,)), layers.Dense(int(10 * sum(rates)))])
    """))
    (mc_model,) = models["mc_model"]
    assert [layer.kind for layer in mc_model.layers] == ["Flatten", "MCDropout", "Dense", "MCDropout", "Dense"]
    assert shapes(mc_model) == [(None, 784), (None, 784), (None, 100), (None, 100), (None, 10)]
    assert mc_model.params == 78500 + 1010
    assert shapes(models["check"][0]) == [(None, 5)]
    assert errors == []


def test_isinstance_keras_hierarchy() -> None:
    # LSTM is an RNN, SpatialDropout1D a Dropout (Keras 3.15); a Sequential is a Model and a Layer.
    models, _ = analyzed("""\
        lstm, spatial, dense = layers.LSTM(4), layers.SpatialDropout1D(0.1), layers.Dense(2)
        seq = keras.Sequential([dense])
        flags = [isinstance(lstm, layers.RNN), isinstance(spatial, layers.Dropout), isinstance(dense, layers.Dropout),
                 isinstance(dense, keras.layers.Layer), isinstance(seq, keras.Model), isinstance(seq, layers.Dense),
                 isinstance(dense, keras.Model)]
        width = sum(2 ** i for i, flag in enumerate(flags) if flag)
        check = keras.Sequential([keras.Input(shape=(4,)), layers.Dense(width)])
    """)
    assert shapes(models["check"][0]) == [(None, 1 + 2 + 8 + 16)]


def test_isinstance_of_custom_layers() -> None:
    # A subclass of one Keras class (or of Layer alone) is decided; a class with other bases is not.
    models, _ = analyzed(textwrap.dedent(MC_DROPOUT) + textwrap.dedent("""\
        class Block(layers.Layer):
            pass

        class Mixed(Block):
            pass

        d, b, m = MCDropout(0.5), Block(), Mixed()
        flags = [isinstance(d, layers.Dropout), isinstance(d, layers.Dense), isinstance(d, Block),
                 isinstance(b, layers.Layer), isinstance(b, layers.Dense), isinstance(b, MCDropout)]
        width = sum(2 ** i for i, flag in enumerate(flags) if flag)
        check = keras.Sequential([keras.Input(shape=(4,)), layers.Dense(width)])
        unknown = keras.Sequential([keras.Input(shape=(4,)), layers.Dense(3 if isinstance(m, layers.Dense) else 4)])
    """))
    assert shapes(models["check"][0]) == [(None, 1 + 8)]
    assert shapes(models["unknown"][0]) == [(None, UNKNOWN)]


def test_subclass_of_a_keras_layer_is_that_layer() -> None:
    # No __init__: the Keras constructor; call() overridden through super().call; build inherited.
    models, errors = analyzed("""\
        class MCAlphaDropout(tf.keras.layers.AlphaDropout):
            def call(self, inputs):
                return super().call(inputs, training=True)

        class Wide(layers.Dense):
            pass

        class Scaled(layers.Dense):
            def __init__(self, units, scale=2.0):
                super().__init__(units * 2, activation="relu")
                self.scale = scale

            def build(self, input_shape):
                super().build(input_shape)

            def call(self, inputs):
                return super().call(inputs) * self.scale

        model = keras.Sequential([keras.Input(shape=(8,)), MCAlphaDropout(0.1), Wide(5), Scaled(3)])
    """)
    (model,) = models["model"]
    assert shapes(model) == [(None, 8), (None, 5), (None, 6)]
    assert [layer.params for layer in model.layers] == [0, 45, 36]
    assert errors == []


def test_subclass_whose_keras_layer_is_not_known() -> None:
    # super().__init__ gets an unknown unit count: the Dense inside has an unknown width.
    models, _ = analyzed("""\
        class Mystery(layers.Dense):
            def __init__(self, config):
                super().__init__(config.units)

            def call(self, inputs):
                return inputs

        model = keras.Sequential([keras.Input(shape=(8,)), Mystery(load())])
    """)
    (model,) = models["model"]
    assert shapes(model) == [(None, UNKNOWN)]
    assert model.layers[0].params is UNKNOWN


def test_subclass_forwarding_kwargs_to_the_keras_constructor() -> None:
    # **kwargs binds the keywords no parameter names; super().__init__(**kwargs) spreads them back.
    # Keras 3.15: MyDense (None, 8) with 40 params, Scaled (None, 3) with 24 (no bias).
    models, errors = analyzed("""\
        class MyDense(keras.layers.Dense):
            def __init__(self, units, **kwargs):
                super().__init__(units, **kwargs)

        class Scaled(keras.layers.Dense):
            def __init__(self, scale=2.0, **kwargs):
                self.scale = scale
                super().__init__(**kwargs)

        def dense(**options):
            return layers.Dense(**options)

        model = keras.Sequential([keras.Input(shape=(4,)), MyDense(8, activation="relu"),
                                  Scaled(units=3, scale=0.5, use_bias=False), dense(units=2)])
        other = keras.Sequential([keras.Input(shape=(4,)), MyDense(8, **load())])
    """)
    (model,) = models["model"]
    assert shapes(model) == [(None, 8), (None, 3), (None, 2)]
    assert [layer.params for layer in model.layers] == [40, 24, 8]
    assert errors == []
    # A dict we cannot see: the call is not followed.
    assert shapes(models["other"][0]) == [UNKNOWN]


def test_subclass_output_is_the_keras_class_output_whatever_call_does() -> None:
    # Keras builds a model by the Keras class's compute_output_shape: call() is not run there
    # (Keras 3.15 reports (None, 3) for both layers, and 27 parameters for the first).
    models, errors = analyzed("""\
        class Weird(layers.Dense):
            def call(self, inputs):
                return inputs

        class Standardized(layers.Conv2D):
            def call(self, inputs):
                mean, var = tf.nn.moments(self.kernel, axes=[0, 1, 2], keepdims=True)
                return self.convolution_op(inputs, (self.kernel - mean) / tf.sqrt(var + 1e-10)) + self.bias

        class WeirdDrop(layers.Dropout):
            def call(self, inputs, training=None):
                return inputs[:, :2]

        model = keras.Sequential([keras.Input(shape=(8,)), Weird(3), WeirdDrop(0.1)])
        cnn = keras.Sequential([keras.Input(shape=(28, 28, 1)), Standardized(4, 3), layers.Flatten()])
    """)
    assert shapes(models["model"][0]) == [(None, 3), (None, 3)]
    assert [layer.params for layer in models["model"][0].layers] == [27, 0]
    assert shapes(models["cnn"][0]) == [(None, 26, 26, 4), (None, 2704)]
    assert errors == []


def test_custom_cell_rnn_with_input_shape() -> None:
    # HOML ch. 15: RNN(LNSimpleRNNCell(32), return_sequences=True, input_shape=[None, 5]).
    models, _ = analyzed("""\
        class Cell(layers.Layer):
            def __init__(self, units, **kwargs):
                super().__init__(**kwargs)
                self.state_size = units
                self.output_size = units

            def call(self, inputs, states):
                return inputs, states

        model = keras.Sequential([layers.RNN(Cell(32), return_sequences=True, input_shape=[None, 5]),
                                  layers.Dense(14)])
    """)
    assert shapes(models["model"][0]) == [(None, None, 32), (None, None, 14)]


TRAINING_LOOP = """\
    X_train = np.random.rand(1000, 8).astype("float32")
    y_train = np.random.rand(1000, 1)

    def random_batch(X, y, batch_size=32):
        idx = np.random.randint(len(X), size=batch_size)
        return X[idx], y[idx]

    model = keras.Sequential([layers.Dense(30, activation="relu"), layers.Dense(1)])
    n_steps = len(X_train) // 32
"""


def test_model_built_in_the_first_iteration_of_a_long_loop() -> None:
    # HOML ch. 12's custom training loop: 31 steps, more than are unrolled; the first one
    # builds the model on the batch shape, whatever the later ones do.
    models, errors = analyzed(textwrap.dedent(TRAINING_LOOP) + textwrap.dedent("""\
        for epoch in range(1, 3):
            for step in range(1, n_steps * 100):
                X_batch, y_batch = random_batch(X_train, y_train)
                with tf.GradientTape() as tape:
                    y_pred = model(X_batch, training=True)
    """))
    assert shapes(models["model"][0]) == [(32, 30), (32, 1)]
    assert errors == []


def test_loops_that_may_not_reach_the_build_leave_it_unknown() -> None:
    # An empty range, an unknown count, a break before the build: maybe never built there.
    for header in ("for step in range(n_steps - n_steps):", "for step in range(load()):",
                   "for step in range(1, n_steps * 100):\n    if step > 5:\n        break"):
        models, _ = analyzed(textwrap.dedent(TRAINING_LOOP) + header + """
    X_batch, y_batch = random_batch(X_train, y_train)
    model(X_batch, training=True)
""")
        assert shapes(models["model"][0]) == [UNKNOWN, UNKNOWN], header


GAN = """\
    X_train = np.random.rand(100, 28, 28).astype("float32")
    generator = keras.Sequential([layers.Dense(100, activation="relu"), layers.Dense(28 * 28),
                                  layers.Reshape([28, 28])])
    discriminator = keras.Sequential([layers.Flatten(), layers.Dense(1, activation="sigmoid")])
    gan = keras.Sequential([generator, discriminator])
    discriminator.compile(loss="binary_crossentropy", optimizer="rmsprop")
    gan.compile(loss="binary_crossentropy", optimizer="rmsprop")
"""

GAN_STEP = """
        noise = tf.random.normal(shape=[32, 30])
        generated_images = generator(noise)
        X_fake_and_real = tf.concat([generated_images, X_batch], axis=0)
        discriminator.train_on_batch(X_fake_and_real, tf.constant([[0.]] * 32 + [[1.]] * 32))
        gan.train_on_batch(tf.random.normal(shape=[32, 30]), tf.constant([[1.]] * 32))
"""


def test_gan_built_in_a_loop_over_a_dataset() -> None:
    # HOML ch. 17's train_gan: the dataset has 3 full batches, so the first one builds the
    # generator on the noise, the discriminator on fakes and reals together, the GAN on noise.
    loop = "def train_gan(gan, dataset, n_epochs):\n    generator, discriminator = gan.layers\n" \
        "    for epoch in range(n_epochs):\n        for X_batch in dataset:" + GAN_STEP.replace("\n        ", "\n            ")
    models, errors = analyzed(textwrap.dedent(GAN) + loop + textwrap.dedent("""\
        dataset = tf.data.Dataset.from_tensor_slices(X_train).shuffle(1000)
        dataset = dataset.batch(32, drop_remainder=True).prefetch(1)
        train_gan(gan, dataset, n_epochs=2)
    """))
    assert shapes(models["generator"][0]) == [(32, 100), (32, 784), (32, 28, 28)]
    assert shapes(models["discriminator"][0]) == [(64, 784), (64, 1)]
    assert shapes(models["gan"][0]) == [(32, 28, 28), (32, 1)]
    assert errors == []


def test_loop_over_a_dataset_that_may_be_empty() -> None:
    # Too few samples for one full batch, a filter, data of unknown length: maybe no iteration.
    for source in ("from_tensor_slices(X_train[:20]).batch(32, drop_remainder=True)",
                   "from_tensor_slices(X_train).filter(lambda x: True).batch(32)",
                   "from_tensor_slices(load()).batch(32)"):
        models, _ = analyzed(textwrap.dedent(GAN) + f"dataset = tf.data.Dataset.{source}\n"
                             "for X_batch in dataset:" + GAN_STEP.replace("\n        ", "\n    "))
        assert shapes(models["generator"][0]) == [UNKNOWN, UNKNOWN, UNKNOWN], source


def test_dataset_element_counts() -> None:
    ds = pipelines.from_tensor_slices((Array((100, 3), "float64"), Array((100,), "float64")))
    assert isinstance(ds, Pipeline) and ds.count == 100
    batched = pipelines.method(ds, "batch", [32], {}, lambda *a: UNKNOWN)
    dropped = pipelines.method(ds, "batch", [32], {"drop_remainder": True}, lambda *a: UNKNOWN)
    assert (batched.count, dropped.count) == (4, 3)
    assert pipelines.method(ds, "take", [5], {}, lambda *a: UNKNOWN).count == 5
    assert pipelines.method(ds, "take", [-1], {}, lambda *a: UNKNOWN).count == 100
    assert pipelines.method(ds, "shuffle", [10], {}, lambda *a: UNKNOWN).count == 100
    assert pipelines.method(ds, "repeat", [], {}, lambda *a: UNKNOWN).count is UNKNOWN
    assert pipelines.method(ds, "skip", [3], {}, lambda *a: UNKNOWN).count == 97


def test_text_line_datasets_labelled_and_concatenated() -> None:
    # HOML ch. 13's imdb_dataset: lines of text files (scalar strings), labelled by map, joined
    # by Dataset.concatenate(pos, neg); a mean embedding by count_nonzero in a Lambda.
    models, errors = analyzed("""\
        def imdb_dataset(filepaths_positive, filepaths_negative):
            dataset_neg = tf.data.TextLineDataset(filepaths_negative).map(lambda review: (review, 0))
            dataset_pos = tf.data.TextLineDataset(filepaths_positive).map(lambda review: (review, 1))
            return tf.data.Dataset.concatenate(dataset_pos, dataset_neg)

        def compute_mean_embedding(inputs):
            not_pad = tf.math.count_nonzero(inputs, axis=-1)
            n_words = tf.math.count_nonzero(not_pad, axis=-1, keepdims=True)
            return tf.reduce_sum(inputs, axis=1) / tf.math.sqrt(tf.cast(n_words, tf.float32))

        train_set = imdb_dataset(["pos.txt"], ["neg.txt"]).shuffle(100).batch(32).prefetch(1)
        text_vectorization = layers.TextVectorization(max_tokens=1000, output_mode="int")
        text_vectorization.adapt(train_set.map(lambda review, label: review))
        model = keras.Sequential([text_vectorization, layers.Embedding(1000, 20, mask_zero=True),
                                  layers.Lambda(compute_mean_embedding), layers.Dense(1, activation="sigmoid")])
        model.compile(loss="binary_crossentropy")
        model.fit(train_set, epochs=1)
    """)
    (model,) = models["model"]
    assert model.input_shape == (None,)
    assert shapes(model) == [(None, None), (None, None, 20), (None, 20), (None, 1)]
    assert errors == []


def test_strings_into_a_custom_first_layer() -> None:
    # Keras 3.15: with a string Input the custom layer gets the strings (runs); without an
    # Input, Keras builds the model on float32 and casting the strings raises.
    _, errors = analyzed("""\
        class Ident(keras.layers.Layer):
            def call(self, x):
                return x

        declared = keras.Sequential([keras.Input(shape=(), dtype="string"), Ident()])
        lines = tf.data.TextLineDataset("reviews.txt").batch(2)
        for x in lines.take(1):
            declared(x)
        declared(tf.constant(["Ab C"]))
        undeclared = keras.Sequential([Ident()])
        undeclared(tf.constant(["Ab C"]))
    """)
    assert errors == [(11, "SL305")]
    result = analyze(HEADER + "class I(keras.layers.Layer):\n    def call(self, x):\n        return x\n"
                     "m = keras.Sequential([I()])\nm(tf.constant(['a']))\n", "snippet.py")
    (message,) = [d.message for d in result.diagnostics if d.code == "SL305"]
    assert "input is float32" in message and "dtype='string'" in message


def test_dataset_loop_variable_has_eager_sizes() -> None:
    # Each batch is an eager tensor: 32 rows, or fewer for the last one (the spec's None); the
    # first one, which builds the model, has 32 (Keras 3.15: model.input_shape == (32, 3)).
    models, errors = analyzed("""\
        ds = tf.data.Dataset.from_tensor_slices((np.zeros((100, 3)), np.zeros(100))).batch(32)
        model = keras.Sequential([layers.Dense(4)])
        for x, y in ds:
            model(x)
            check = keras.Sequential([keras.Input(shape=(3,)), layers.Dense(x.shape[1] + 1)])
    """)
    assert models["model"][0].input_shape == (32, 3)
    assert shapes(models["model"][0]) == [(32, 4)]
    assert shapes(models["check"][0]) == [(None, 4)]
    assert errors == []


def test_custom_layer_call_under_tf_function_is_followed() -> None:
    # HOML ch. 15 decorates a custom layer's call() with @tf.function: its first trace sees the
    # input's own shape. Keras 3: (None, 3) with 15 weights, then (None, 2) with 8.
    body = """\
        class Scale(tf.keras.layers.Layer):
            def __init__(self, units, **kwargs):
                super().__init__(**kwargs)
                self.units = units

            def build(self, batch_input_shape):
                self.w = self.add_weight(name="w", shape=[batch_input_shape[-1], self.units])

            DECORATOR
            def call(self, inputs):
                return tf.matmul(inputs, self.w)

        model = tf.keras.Sequential([tf.keras.layers.Input(shape=[5]), Scale(3), tf.keras.layers.Dense(2)])
    """
    for decorator in ("@tf.function", "@tf.function(jit_compile=True)"):
        models, errors = analyzed(body.replace("DECORATOR", decorator))
        (model,) = models["model"]
        assert shapes(model) == [(None, 3), (None, 2)]
        assert [layer.params for layer in model.layers] == [15, 8]
        assert errors == []
    # An input_signature relaxes the traced shapes; an unseen decorator may change anything.
    for decorator in ("@tf.function(input_signature=[tf.TensorSpec([None, 5])])", "@unseen"):
        models, _ = analyzed("from x import unseen\n" + textwrap.dedent(body).replace("DECORATOR", decorator))
        assert shapes(models["model"][0]) == [UNKNOWN, UNKNOWN]


def test_layer_tied_to_a_dense_input_shape_stays_unknown() -> None:
    # HOML ch. 17's DenseTranspose reads ``self.dense.input_shape`` in build(): Keras 3 layers
    # have no ``input_shape`` (AttributeError at the build), so the decoder has no shape.
    models, _ = analyzed("""\
        class DenseTranspose(tf.keras.layers.Layer):
            def __init__(self, dense, activation=None, **kwargs):
                super().__init__(**kwargs)
                self.dense = dense
                self.activation = tf.keras.activations.get(activation)

            def build(self, batch_input_shape):
                self.biases = self.add_weight(name="bias", shape=self.dense.input_shape[-1],
                                              initializer="zeros")
                super().build(batch_input_shape)

            def call(self, inputs):
                Z = tf.matmul(inputs, self.dense.weights[0], transpose_b=True)
                return self.activation(Z + self.biases)

        dense_1 = tf.keras.layers.Dense(100, activation="relu")
        dense_2 = tf.keras.layers.Dense(30, activation="relu")
        tied_encoder = tf.keras.Sequential([tf.keras.layers.Flatten(input_shape=[28, 28]), dense_1, dense_2])
        tied_decoder = tf.keras.Sequential([DenseTranspose(dense_2, activation="relu"),
                                            DenseTranspose(dense_1), tf.keras.layers.Reshape([28, 28])])
    """)
    assert shapes(models["tied_encoder"][0]) == [(None, 784), (None, 100), (None, 30)]
    assert shapes(models["tied_decoder"][0]) == [UNKNOWN, UNKNOWN, UNKNOWN]
