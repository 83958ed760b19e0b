"""The catalog of checks: stable codes, default severities, and their documentation.

Each rule's text follows Ruff's layout: what it finds, why it is wrong, an example, and what
to use instead (``shapelens explain SL101``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .analysis.result import Severity


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    severity: Severity
    summary: str
    why: str
    example: str
    instead: str


_RULES = [
    Rule(
        "SL001", "syntax-error", "error",
        "The file is not valid Python, so it cannot be analyzed.",
        "Python would refuse to run the file; nothing in it can be checked until it parses.",
        "model = keras.Sequential([\n    layers.Dense(10\n",
        "Fix the syntax error that the message names.",
    ),
    Rule(
        "SL002", "unreadable-file", "error",
        "The file cannot be read as UTF-8 text (binary data, another encoding, or an I/O error).",
        "Only Python source text can be analyzed.",
        "shapelens check model.h5",
        "Point ShapeLens at .py files, or save the file as UTF-8.",
    ),
    Rule(
        "SL003", "analysis-budget", "information",
        "The file needs more work than one analysis allows (loops unrolled thousands of times, "
        "constants grown to thousands of items, models nested in themselves many times): from that "
        "point ShapeLens follows the code approximately.",
        "ShapeLens never runs your code, it follows it; to stay fast on any file (also in the "
        "editor, on every keystroke) each analysis has a fixed budget of work. Past it, loops are "
        "no longer unrolled and large constants are not built, so the values they compute show as "
        "unknown (`?`) instead of being guessed. Nothing is wrong with the code itself.",
        "for epoch in range(50):\n"
        "    for batch in range(60):\n"
        "        for step in range(60):\n"
        "            total = epoch * batch * step\n"
        "model = keras.Sequential([keras.Input(shape=(total,)), layers.Dense(10)])",
        "# Keep model-building code out of long nested loops, or give the sizes as constants:\n"
        "features = 32\n"
        "model = keras.Sequential([keras.Input(shape=(features,)), layers.Dense(10)])",
    ),
    Rule(
        "SL101", "input-rank", "error",
        "A layer gets an input whose rank (number of axes, batch included) it rejects.",
        "Keras checks each layer's input rank when the model is built and raises a ValueError: "
        "an LSTM needs (batch, timesteps, features), a Conv2D needs (batch, height, width, "
        "channels), a Dense needs at least (batch, features).",
        "keras.Sequential([\n"
        "    layers.LSTM(32, input_shape=(10,)),   # (None, 10) is 2-D\n"
        "])",
        "keras.Sequential([\n"
        "    keras.Input(shape=(10, 1)),           # 10 timesteps of 1 feature\n"
        "    layers.LSTM(32),\n"
        "])\n"
        "# or: add the missing axis (Reshape, a channel axis in input_shape), or Flatten()\n"
        "# before a Dense layer",
    ),
    Rule(
        "SL102", "input-axis", "error",
        "A layer gets an input axis it rejects: undefined (None) where it creates weights, or a "
        "size other than the one it was built for.",
        "Weights are created from the input's last (or channel) axis, so Keras raises when that "
        "axis is None; a built layer raises when later data has a different size on that axis.",
        "keras.Sequential([keras.Input(shape=(None,)), layers.Dense(3)])",
        "keras.Sequential([keras.Input(shape=(16,)), layers.Dense(3)])",
    ),
    Rule(
        "SL103", "reshape-size", "error",
        "A Reshape whose target holds a different number of values than its input.",
        "Reshape never drops or invents values: Keras raises 'The total size of the tensor must "
        "be unchanged' when the model is built or called.",
        "keras.Sequential([keras.Input(shape=(64,)), layers.Dense(700), layers.Reshape((15, 50))])",
        "keras.Sequential([keras.Input(shape=(64,)), layers.Dense(750), layers.Reshape((15, 50))])\n"
        "# or layers.Reshape((-1, 50)) to let Keras infer one axis",
    ),
    Rule(
        "SL104", "input-shape-includes-batch", "warning",
        "`input_shape=` (or `shape=`) is given the full shape of the data, batch axis included.",
        "`input_shape` describes one sample. Passing `x.shape` adds the number of samples as an "
        "extra axis, so the model expects (None, n_samples, ...) and fit()/predict() on x raise.",
        "model = keras.Sequential([layers.Dense(16, input_shape=x.shape)])",
        "model = keras.Sequential([keras.Input(shape=x.shape[1:]), layers.Dense(16)])",
    ),
    Rule(
        "SL105", "output-size-nonpositive", "error",
        "A layer whose output would have zero or negative size: a convolution or pooling window "
        "larger than its input, a crop that removes a whole axis, a negative padding.",
        "With padding='valid' each window must fit inside the input; when the kernel or pool is "
        "larger than the input, Keras raises 'Computed output size would be zero or negative'. "
        "Cropping that leaves an axis empty raises too.",
        "keras.Sequential([keras.Input(shape=(4, 4, 1)), layers.Conv2D(8, 3), layers.MaxPooling2D(3)])",
        "keras.Sequential([keras.Input(shape=(4, 4, 1)), layers.Conv2D(8, 3), layers.MaxPooling2D(2)])\n"
        "# or padding='same'",
    ),
    Rule(
        "SL106", "invalid-argument", "error",
        "A layer constructor argument that Keras rejects (a non-positive `units`, an unknown "
        "activation, a shape that is not a tuple, ...).",
        "Keras validates these arguments in the layer constructor and raises a ValueError.",
        "layers.Dense(0)\nkeras.Input(shape=784)",
        "layers.Dense(10)\nkeras.Input(shape=(784,))",
    ),
    Rule(
        "SL107", "unknown-layer", "error",
        "A layer name that `keras.layers` does not have in Keras 3 (often a Keras 1/2 layer).",
        "Python raises AttributeError when the name is looked up, before any model is built.",
        "from keras import layers\nlayers.Merge([a, b], mode='concat')",
        "layers.Concatenate()",
    ),
    Rule(
        "SL108", "model-contains-itself", "error",
        "A Sequential model added to itself, or to a model it contains.",
        "A model that contains itself has no end: Keras recurses when it builds it and raises "
        "(RecursionError, or a ValueError when the shapes differ) - at `add` when the model "
        "declares its input, else at its first build or call. Reported as a warning in that case, "
        "since nothing raises until the model is used.",
        "model = keras.Sequential([keras.Input(shape=(4,)), layers.Dense(4)])\nmodel.add(model)",
        "block = keras.Sequential([layers.Dense(4)])\n"
        "model = keras.Sequential([keras.Input(shape=(4,)), block, layers.Dense(4)])",
    ),
    Rule(
        "SL201", "softmax-single-unit", "warning",
        "A softmax over a single unit.",
        "Softmax normalizes over the last axis; with one unit it always outputs 1.0, so the "
        "model cannot learn anything. Keras accepts it silently.",
        "layers.Dense(1, activation='softmax')   # binary classification",
        "layers.Dense(1, activation='sigmoid')   # with loss='binary_crossentropy'\n"
        "# or Dense(n_classes, activation='softmax') for n_classes >= 2",
    ),
    Rule(
        "SL202", "labels-loss-mismatch", "error",
        "The labels given to fit()/evaluate() do not have the shape the loss needs for the "
        "model's output.",
        "`categorical_crossentropy` needs one-hot labels shaped like the output (batch, classes); "
        "`sparse_categorical_crossentropy` needs integer class ids shaped (batch,); "
        "`binary_crossentropy` needs labels shaped like the output; MSE/MAE/Huber need labels that "
        "match or broadcast against the output (see SL207). Keras raises a ValueError on the first "
        "training step otherwise, whether the loss is a string, a function or a loss object. The same "
        "holds for metrics: `sparse_categorical_accuracy` against one-hot labels, "
        "`top_k_categorical_accuracy` against class ids.",
        "y = np.random.randint(0, 3, size=(50,))\n"
        "model.compile(loss='categorical_crossentropy')\nmodel.fit(x, y)",
        "model.compile(loss='sparse_categorical_crossentropy')\n"
        "# or: model.fit(x, keras.utils.to_categorical(y, 3))",
    ),
    Rule(
        "SL203", "label-out-of-range", "error",
        "Integer labels reach or exceed the number of output units.",
        "With `sparse_categorical_crossentropy` each label is an index into the output; a label "
        ">= units has no output to index, and TensorFlow raises InvalidArgumentError during fit().",
        "y = np.arange(40) % 10          # labels 0..9\nlayers.Dense(5, activation='softmax')",
        "layers.Dense(10, activation='softmax')   # one unit per class",
    ),
    Rule(
        "SL204", "loss-activation-mismatch", "warning",
        "A final activation that does not fit the loss: sigmoid with categorical crossentropy, "
        "softmax with binary crossentropy.",
        "Keras trains without complaint, but categorical crossentropy expects a distribution over "
        "classes (softmax) and binary crossentropy independent probabilities (sigmoid); the other "
        "pairing optimizes the wrong thing.",
        "layers.Dense(10, activation='sigmoid')\nmodel.compile(loss='categorical_crossentropy')",
        "layers.Dense(10, activation='softmax')\nmodel.compile(loss='categorical_crossentropy')",
    ),
    Rule(
        "SL205", "binary-loss-multiclass", "warning",
        "binary_crossentropy with integer labels above 1.",
        "Binary crossentropy treats each label as a probability in [0, 1]; labels 2, 3, ... give "
        "meaningless losses, and Keras does not complain.",
        "y = np.random.randint(0, 5, size=(100,))\nmodel.compile(loss='binary_crossentropy')\nmodel.fit(x, y)",
        "layers.Dense(5, activation='softmax')\nmodel.compile(loss='sparse_categorical_crossentropy')",
    ),
    Rule(
        "SL206", "probability-loss-on-logits", "warning",
        "A crossentropy loss that expects probabilities (`from_logits=False`, the default, and every "
        "string or function spelling) after a last Dense layer without activation, which outputs logits.",
        "Keras trains without raising, but reads the raw scores as probabilities: it clips them to "
        "[eps, 1 - eps] (and normalizes them for categorical crossentropy), so the loss and its "
        "gradients are not the crossentropy of the model's predictions and the accuracy stalls.",
        "model = keras.Sequential([keras.Input(shape=(8,)), layers.Dense(10)])\n"
        "model.compile(loss='sparse_categorical_crossentropy')",
        "model.compile(loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))\n"
        "# or layers.Dense(10, activation='softmax')",
    ),
    Rule(
        "SL207", "regression-target-broadcast", "warning",
        "An element-wise loss (MSE, MAE, Huber, ...) whose labels broadcast against the model output "
        "instead of matching it: labels (N, 1) against an output (N, 5), (N, 3) against (N, 1), or "
        "per-sample targets against a sequence output.",
        "These losses subtract y_pred - y_true with NumPy broadcasting after squeezing only a trailing "
        "axis of size 1, so Keras trains without an error while each output is compared with the "
        "wrong target (every unit against the same label, or every timestep against the whole "
        "sequence's target).",
        "model = keras.Sequential([keras.Input(shape=(20, 4)), layers.LSTM(16, return_sequences=True),\n"
        "                          layers.Dense(1)])\nmodel.compile(loss='mse')\n"
        "model.fit(x, y)   # y.shape == (N, 1)",
        "layers.LSTM(16)   # return_sequences=False: one output per sample\n"
        "# or give the last Dense as many units as the labels have values per sample",
    ),
    Rule(
        "SL208", "from-logits-on-probabilities", "information",
        "`from_logits=True` on a crossentropy loss while the last layer already applies softmax or "
        "sigmoid.",
        "The output is a probability, not a logit. Keras's TensorFlow backend notices it, uses the "
        "logits behind the activation and only warns (UserWarning: \"received from_logits=True, but "
        "the output argument was produced by a Softmax activation\"), so training is right there; on "
        "the JAX and PyTorch backends the loss applies softmax a second time.",
        "layers.Dense(10, activation='softmax')\n"
        "model.compile(loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))",
        "layers.Dense(10, activation='softmax')\n"
        "model.compile(loss=keras.losses.SparseCategoricalCrossentropy())",
    ),
    Rule(
        "SL209", "embedding-index-out-of-range", "error",
        "Token ids fed to an Embedding reach or exceed its `input_dim`, where the code shows their "
        "range (`np.random.randint(0, high)`, literal ids).",
        "An Embedding is a table of `input_dim` rows; id `input_dim` or above has no row. On CPU "
        "TensorFlow's gather raises InvalidArgumentError (\"indices[...] = 9731 is not in [0, 5000)\") "
        "during fit()/predict(); on GPU it silently returns zeros.",
        "tokens = np.random.randint(0, 10000, size=(64, 30))\n"
        "model = keras.Sequential([layers.Embedding(5000, 16), ...])\nmodel.fit(tokens, y)",
        "layers.Embedding(10000, 16)   # input_dim = vocabulary size (padding id included)",
    ),
    Rule(
        "SL210", "embedding-float-input", "warning",
        "Float values (scaled features, `np.random.rand`) fed to a model whose first layer is an "
        "Embedding.",
        "An Embedding looks rows up by integer id. Keras casts the floats to integers without an "
        "error, so 0.73 becomes id 0 and every value in [0, 1) maps to the same row: the model "
        "trains on a constant.",
        "x = np.random.rand(64, 30)\nmodel = keras.Sequential([keras.Input(shape=(30,)), "
        "layers.Embedding(100, 8), ...])\nmodel.fit(x, y)",
        "Feed integer token ids (layers.TextVectorization, a tokenizer), or drop the Embedding for "
        "numeric features: keras.Sequential([keras.Input(shape=(30,)), layers.Dense(64), ...])",
    ),
    Rule(
        "SL211", "normalization-axis", "warning",
        "`BatchNormalization(axis=1)` or `LayerNormalization(axis=1)` on channels-last feature maps "
        "(batch, height, width, channels).",
        "axis=1 is a channels-first habit. On channels-last maps it is the height: Keras builds one "
        "scale and offset per image row (gamma of shape (height,)) and normalizes each row across "
        "channels, without any error; the per-channel statistics the layer is meant for are lost.",
        "layers.Conv2D(32, 3, padding='same'),\nlayers.BatchNormalization(axis=1),",
        "layers.Conv2D(32, 3, padding='same'),\nlayers.BatchNormalization(),   # axis=-1: channels",
    ),
    Rule(
        "SL212", "channels-first-images", "warning",
        "A model whose input is declared channels-first, (3, 32, 32), while its first convolution is "
        "channels-last (the Keras default).",
        "Raw CIFAR-style batches reshaped to (N, 3, 32, 32) and declared with `input_shape=x.shape[1:]` "
        "run without an error: the convolution slides over (3, 32) and reads the 32 columns as 32 "
        "channels, so the model never sees the image as an image.",
        "x = raw.reshape(-1, 3, 32, 32)\n"
        "model = keras.Sequential([keras.Input(shape=x.shape[1:]), layers.Conv2D(32, 3), ...])",
        "x = raw.reshape(-1, 3, 32, 32).transpose(0, 2, 3, 1)   # (N, 32, 32, 3)\n"
        "model = keras.Sequential([keras.Input(shape=x.shape[1:]), layers.Conv2D(32, 3), ...])",
    ),
    Rule(
        "SL213", "normalization-adapted-width", "error",
        "A Normalization layer adapted on data with another number of features than the model is fed.",
        "`adapt()` stores one mean and variance per feature. Data of another width cannot be "
        "normalized with them: Keras raises ValueError (\"Dimensions must be equal, but are 8 and "
        "9\") at fit(). The usual cause is adapting on the whole frame, target column included.",
        "norm = layers.Normalization()\nnorm.adapt(df.to_numpy())          # 9 columns\n"
        "model = keras.Sequential([norm, layers.Dense(1)])\nmodel.fit(df.drop(columns='price'), df['price'])",
        "norm.adapt(df.drop(columns='price').to_numpy())   # the 8 features only",
    ),
    Rule(
        "SL214", "sparse-loss-fractional-labels", "warning",
        "Float labels with fractions (`np.random.rand`, `normal`, `uniform`, scaled or not) given to "
        "`sparse_categorical_crossentropy`; an error when the draws all but surely reach a value <= -1 "
        "or >= the number of output units (`np.random.randn(64)`, `rand(64) * 10` on 5 units).",
        "The sparse loss reads each label as a class id and Keras casts it to an integer by dropping "
        "the fraction, without an error: every label in [0, 1) becomes class 0, and 3.7 becomes class "
        "3. The model trains on classes the data does not hold (a warning). A value <= -1 becomes a "
        "negative id and a value >= units an id with no output unit: then TensorFlow raises "
        "InvalidArgumentError during fit() on CPU (an error). Measured in Keras 3 / TF 2.21: 64 "
        "labels from `randn`, `normal`, `default_rng().normal` or `tf.random.normal` raised on every "
        "seed tried (with 64 draws, all of them land in (-1, units) about once in 60,000 runs), as "
        "did `rand(64) * 10` against 5 units; `rand(64) * 5` trained. The error is reported only when "
        "the distribution and the number of labels are known and fewer than 1 run in 1000 would "
        "escape it; otherwise it stays a warning. Float labels that hold whole class ids "
        "(`y.astype('float32')`) are fine and are not reported.",
        "y = np.random.rand(100)\nmodel.compile(loss='sparse_categorical_crossentropy')\nmodel.fit(x, y)",
        "y = np.random.randint(0, n_classes, size=(100,))   # class ids\n"
        "# or, for a continuous target: layers.Dense(1) with loss='mse'",
    ),
    Rule(
        "SL215", "metric-label-format", "warning",
        "A metric that takes the other label format than the labels given to fit(): "
        "`categorical_accuracy` (string, function, class or object) against integer class ids, "
        "`sparse_categorical_accuracy` against one-hot rows when every batch holds as many samples "
        "as there are classes.",
        "The loss fits the labels, so training runs; the metric compares the labels in a format it "
        "does not take and Keras reports a meaningless number without an error (categorical accuracy "
        "takes the argmax of a class id). Where the shapes cannot broadcast Keras raises instead, "
        "and ShapeLens reports SL202.",
        "model.compile(loss='sparse_categorical_crossentropy',\n"
        "              metrics=[keras.metrics.CategoricalAccuracy()])\nmodel.fit(x, class_ids)",
        "model.compile(loss='sparse_categorical_crossentropy',\n"
        "              metrics=[keras.metrics.SparseCategoricalAccuracy()])   # or metrics=['accuracy']",
    ),
    Rule(
        "SL216", "embedding-vocabulary-size", "warning",
        "A `TextVectorization` (or `StringLookup`/`IntegerLookup`) in output_mode 'int' whose "
        "vocabulary can hold more tokens (`max_tokens`, or a given vocabulary) than the `Embedding` "
        "that reads its ids has rows (`input_dim`).",
        "The tokenizer gives ids up to max_tokens - 1; an Embedding has rows 0..input_dim - 1. Once "
        "adapt() finds more than input_dim tokens (a real corpus fills max_tokens), TensorFlow's "
        "lookup raises InvalidArgumentError during fit() on CPU and returns zeros on GPU. A small "
        "corpus may hide it, which is why this is a warning (SL209 is the error where the ids are known).",
        "vectorize = layers.TextVectorization(max_tokens=20000, output_sequence_length=200)\n"
        "model = keras.Sequential([keras.Input(shape=(1,), dtype='string'), vectorize,\n"
        "                          layers.Embedding(10000, 64), ...])",
        "layers.Embedding(20000, 64)   # input_dim = max_tokens",
    ),
    Rule(
        "SL301", "missing-batch-axis", "error",
        "Data for one sample is passed where Keras expects a batch.",
        "fit(), predict(), evaluate() and model(x) take a batch: the first axis counts samples. "
        "`x[0]` drops that axis, so Keras reads each feature as a sample and raises a ValueError.",
        "probs = model.predict(x_test[0])",
        "probs = model.predict(np.expand_dims(x_test[0], 0))   # or x_test[:1]",
    ),
    Rule(
        "SL302", "data-rank-mismatch", "error",
        "The data's rank does not match the model input's, and Keras cannot adapt it.",
        "Keras adds or drops only a trailing axis of size 1; any other difference in the number "
        "of axes raises 'Invalid input shape' when the data reaches the model.",
        "model = keras.Sequential([keras.Input(shape=(28, 28, 1)), ...])\n"
        "model.fit(np.zeros((64, 784)), y)",
        "model.fit(x.reshape(-1, 28, 28, 1), y)",
    ),
    Rule(
        "SL303", "data-shape-mismatch", "error",
        "The data has the right rank but a layer rejects one of its axes.",
        "A built layer checks its input on every call (a Dense layer built for 784 features "
        "raises on 785); Keras raises a ValueError in fit()/predict().",
        "model = keras.Sequential([layers.Dense(64, input_shape=(784,))])\n"
        "model.fit(np.random.rand(32, 785), y)",
        "Make the data match the model (drop the extra column), or change the model's input shape.",
    ),
    Rule(
        "SL304", "sample-count-mismatch", "error",
        "x and y hold different numbers of samples.",
        "fit() pairs x[i] with y[i]; when their first axes differ Keras raises 'Data cardinality "
        "is ambiguous'.",
        "model.fit(np.random.rand(100, 4), np.random.rand(90, 1))",
        "Pass the same samples for both: x[:90], or the labels that belong to all 100 rows.",
    ),
    Rule(
        "SL305", "data-type", "error",
        "Data of a kind Keras cannot feed to the model: a Python list, or strings into a numeric layer.",
        "Keras 3 accepts NumPy arrays, tensors and datasets; a nested list raises 'Unrecognized data "
        "type', and an array of strings raises 'Invalid dtype' unless the model starts with a "
        "layer that takes text (TextVectorization, StringLookup).",
        "model.predict([[0.1, 0.2, 0.3, 0.4]])",
        "model.predict(np.array([[0.1, 0.2, 0.3, 0.4]]))",
    ),
    Rule(
        "SL401", "keras2-argument", "error",
        "A Keras 1/2 spelling that Keras 3 no longer accepts: an argument name (`lr=`, "
        "`border_mode=`, `nb_epoch=`) or a removed model method (`fit_generator`, `predict_classes`).",
        "Keras 3 removed the old spellings: layers raise 'Unrecognized keyword arguments', "
        "optimizers 'Argument(s) not recognized', fit() a TypeError, removed methods an AttributeError.",
        "keras.optimizers.Adam(lr=0.001)\nlayers.Conv2D(32, 3, border_mode='same')\nmodel.fit(x, y, nb_epoch=10)",
        "keras.optimizers.Adam(learning_rate=0.001)\nlayers.Conv2D(32, 3, padding='same')\n"
        "model.fit(x, y, epochs=10)",
    ),
    Rule(
        "SL402", "ignored-argument", "warning",
        "An argument Keras 3 accepts but ignores (`decay=` on optimizers, `input_length=` on "
        "Embedding).",
        "Keras only warns and drops the value, so the code does not do what it says.",
        "keras.optimizers.SGD(learning_rate=0.01, decay=1e-6)",
        "keras.optimizers.SGD(learning_rate=keras.optimizers.schedules.InverseTimeDecay(0.01, 1, 1e-6))",
    ),
]

RULES: dict[str, Rule] = {r.code: r for r in _RULES}


def explain(code: str) -> str | None:
    rule = RULES.get(code.upper())
    if rule is None:
        return None
    indent = "    "
    example = "\n".join(indent + line for line in rule.example.splitlines())
    instead = "\n".join(indent + line for line in rule.instead.splitlines())
    return (
        f"{rule.code} ({rule.name}) [{rule.severity}]\n\n{rule.summary}\n\n"
        f"Why is this wrong?\n{rule.why}\n\nExample\n{example}\n\nUse instead\n{instead}\n"
    )
