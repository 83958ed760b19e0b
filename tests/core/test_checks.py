"""Checks on small realistic snippets. Each expectation is what TF 2.21 / Keras 3.15 did when
the snippet was run (errors where Keras raised, silence where it ran)."""

from __future__ import annotations

import textwrap

import pytest

from shapelens.analysis import analyze
from shapelens.engine.shapes import UNKNOWN

HEADER = "import numpy as np\nimport keras\nfrom keras import layers\n"


def run(body: str):
    return analyze(HEADER + textwrap.dedent(body), "snippet.py")


def codes(body: str, severity: str = "error") -> list[tuple[int, str]]:
    """(1-based line within the body, code) of each diagnostic of that severity."""
    offset = HEADER.count("\n")
    return [(d.span.line + 1 - offset, d.code) for d in run(body).diagnostics if d.severity == severity]


# ----- Keras raises ------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # Input(shape=7): "Cannot convert '7' to a shape."
        ("m = keras.Sequential([keras.Input(shape=7), layers.Dense(3)])\n", [(1, "SL106")]),
        # Dense over a None axis: "Shapes used to initialize variables must be fully-defined"
        ("m = keras.Sequential([keras.Input(shape=(None,)), layers.Dense(3)])\n", [(1, "SL102")]),
        # Dense(0): "Received an invalid value for `units`"
        ("m = keras.Sequential([keras.Input(shape=(4,)), layers.Dense(0)])\n", [(1, "SL106")]),
        # Dense on a rank-1 input: expected min_ndim=2
        ("m = keras.Sequential([keras.Input(shape=()), layers.Dense(3)])\n", [(1, "SL101")]),
        # model(x) without a batch axis: "Invalid input shape"
        ("m = keras.Sequential([keras.Input(shape=(784,)), layers.Dense(2)])\nm(np.zeros((784,)))\n",
         [(2, "SL301")]),
        # a spatial size that a later Dense was not built for
        ("m = keras.Sequential([keras.Input(shape=(28, 28, 1)), layers.Conv2D(4, 3), layers.Flatten(),\n"
         "                      layers.Dense(2)])\nm.predict(np.zeros((4, 32, 32, 1)))\n", [(3, "SL303")]),
        # a Reshape that the data does not fit, at call time
        ("m = keras.Sequential([keras.Input(shape=(10,)), layers.Reshape((2, 5))])\n"
         "m.predict(np.zeros((3, 11)))\n", [(2, "SL303")]),
        # rank 4 data into a 2-D model
        ("m = keras.Sequential([keras.Input(shape=(784,)), layers.Dense(2)])\n"
         "m.fit(np.zeros((64, 28, 28, 3)), np.zeros((64, 2)))\n", [(2, "SL302")]),
    ],
)
def test_keras_raises(body: str, expected: list[tuple[int, str]]) -> None:
    assert codes(body) == expected


# ----- Keras accepts -----------------------------------------------------------------------

@pytest.mark.parametrize(
    "body",
    [
        # a trailing axis of size 1 is squeezed
        "m = keras.Sequential([keras.Input(shape=(784,)), layers.Dense(2)])\nm.predict(np.zeros((4, 784, 1)))\n",
        # and a missing one of size 1 is added
        "m = keras.Sequential([keras.Input(shape=(1,)), layers.Dense(2)])\nm.predict(np.zeros((7,)))\n",
        "m = keras.Sequential([keras.Input(shape=(1,)), layers.Dense(2)])\nm(np.zeros((7,)))\n",
        # other spatial sizes flow through convolutions and global pooling
        "m = keras.Sequential([keras.Input(shape=(28, 28, 1)), layers.Conv2D(4, 3),\n"
        "                      layers.GlobalAveragePooling2D(), layers.Dense(2)])\n"
        "m.predict(np.zeros((4, 32, 32, 1)))\n",
        # input_shape on a later layer is ignored
        "m = keras.Sequential([layers.Dense(3, input_shape=(5,)), layers.Dense(4, input_shape=(99,))])\n",
        # Dense works on the last axis of any rank
        "m = keras.Sequential([keras.Input(shape=(4, 5)), layers.Dense(3)])\n",
        # np.expand_dims restores the batch axis
        "x = np.random.rand(10, 784)\nm = keras.Sequential([keras.Input(shape=(784,)), layers.Dense(2)])\n"
        "m.predict(np.expand_dims(x[0], 0))\nm.predict(x[:1])\nm.predict(x[0:1])\nm.predict(x[None, 0])\n",
        # reshape with -1 to the model input
        "x = np.zeros((100, 784))\nm = keras.Sequential([keras.Input(shape=(28, 28, 1)), layers.Flatten()])\n"
        "m.predict(x.reshape(-1, 28, 28, 1))\nm.predict(x.reshape((100, 28, 28)))\n",
        # sparse labels with a trailing 1, binary labels without one
        "x = np.zeros((8, 4))\ny = np.random.randint(0, 3, size=(8, 1))\n"
        "m = keras.Sequential([keras.Input(shape=(4,)), layers.Dense(3, activation='softmax')])\n"
        "m.compile(loss='sparse_categorical_crossentropy')\nm.fit(x, y)\n",
        "x = np.zeros((8, 4))\ny = np.random.randint(0, 2, size=(8,))\n"
        "m = keras.Sequential([keras.Input(shape=(4,)), layers.Dense(1, activation='sigmoid')])\n"
        "m.compile(loss='binary_crossentropy')\nm.fit(x, y)\n",
        # one-hot labels made with to_categorical
        "x = np.zeros((8, 4))\ny = keras.utils.to_categorical(np.random.randint(0, 3, size=(8,)), 3)\n"
        "m = keras.Sequential([keras.Input(shape=(4,)), layers.Dense(3, activation='softmax')])\n"
        "m.compile(loss=keras.losses.CategoricalCrossentropy())\nm.fit(x, y, validation_data=(x, y))\n",
    ],
)
def test_keras_accepts(body: str) -> None:
    result = run(body)
    assert [d for d in result.diagnostics if d.severity in ("error", "warning")] == []


# ----- unknown stays quiet -----------------------------------------------------------------

def test_unknown_layer_makes_the_rest_unknown() -> None:
    result = run(
        "from mylib import Custom\n"
        "m = keras.Sequential([keras.Input(shape=(8,)), Custom(), layers.Dense(3), layers.LSTM(2)])\n"
        "m.predict(np.zeros((8,)))\n"
    )
    (model,) = result.models
    assert [layer.output_shape for layer in model.layers] == [UNKNOWN, UNKNOWN, UNKNOWN]
    # the missing batch axis is still seen at the model input
    assert [d.code for d in result.diagnostics] == ["SL301"]


def test_unresolvable_argument_gives_unknown_axis_not_a_guess() -> None:
    result = run("import os\nunits = int(os.environ['UNITS'])\n"
                 "m = keras.Sequential([keras.Input(shape=(8,)), layers.Dense(units), layers.Dense(2)])\n")
    (model,) = result.models
    assert model.layers[0].output_shape == (None, UNKNOWN)
    assert model.layers[0].params is UNKNOWN
    # the next layer's shape is known, its parameter count is not
    assert model.layers[1].output_shape == (None, 2)
    assert model.layers[1].params is UNKNOWN
    assert result.diagnostics == []


def test_branches_do_not_guess() -> None:
    result = run(
        "import sys\n"
        "m = keras.Sequential([keras.Input(shape=(8, 8, 1))])\n"
        "if sys.argv:\n"
        "    m.add(layers.Flatten())\n"
        "else:\n"
        "    m.add(layers.Conv2D(4, 3))\n"
        "m.add(layers.Dense(2))\n"
        "m.predict(np.zeros((3, 8, 8, 1)))\n"
    )
    assert [d for d in result.diagnostics if d.severity == "error"] == []
    assert result.models[0].layers[-1].output_shape is UNKNOWN


def test_loop_assigned_data_is_unknown() -> None:
    result = run(
        "import sys\n"
        "m = keras.Sequential([keras.Input(shape=(4,)), layers.Dense(2)])\n"
        "x = np.zeros((4,))\n"
        "for i in sys.argv:\n"
        "    m.predict(x)\n"
        "    x = np.zeros((2, 4))\n"
    )
    assert result.diagnostics == []


def test_loop_over_literal_is_unrolled() -> None:
    result = run(
        "m = keras.Sequential([keras.Input(shape=(4,))])\n"
        "for units in [64, 32]:\n"
        "    m.add(layers.Dense(units))\n"
        "m.add(layers.LSTM(3))\n"
    )
    assert [(layer.kind, layer.output_shape) for layer in result.models[0].layers[:2]] == [
        ("Dense", (None, 64)), ("Dense", (None, 32)),
    ]
    assert [(d.span.line - 3, d.code) for d in result.diagnostics] == [(3, "SL101")]


def test_layers_added_in_an_unknown_loop_are_unknown() -> None:
    result = run(
        "import sys\n"
        "m = keras.Sequential([keras.Input(shape=(4,))])\n"
        "for units in sys.argv:\n"
        "    m.add(layers.Dense(int(units)))\n"
        "m.add(layers.LSTM(3))\n"
    )
    assert result.diagnostics == []
    assert result.models[0].layers[-1].output_shape is UNKNOWN


def test_model_built_inside_a_loop_is_followed() -> None:
    result = run(
        "import sys\n"
        "for arg in sys.argv:\n"
        "    m = keras.Sequential([keras.Input(shape=(4,))])\n"
        "    m.add(layers.Dense(8))\n"
        "    m.add(layers.LSTM(3))\n"
    )
    assert [d.code for d in result.diagnostics] == ["SL101"]


def test_comprehension_and_unpacking_in_sequential() -> None:
    result = run(
        "blocks = [layers.Dense(u, activation='relu') for u in (64, 32)]\n"
        "m = keras.Sequential([keras.Input(shape=(10,)), *blocks, layers.Dense(1)])\n"
        "n = keras.Sequential([keras.Input(shape=(10,))] + [layers.Dense(2 ** i) for i in range(1, 4) if i != 2])\n"
    )
    m, n = result.models
    assert [layer.output_shape for layer in m.layers] == [(None, 64), (None, 32), (None, 1)]
    assert [layer.output_shape for layer in n.layers] == [(None, 2), (None, 8)]


def test_constant_condition_takes_one_branch() -> None:
    result = run(
        "USE_CONV = False\n"
        "m = keras.Sequential([keras.Input(shape=(16,))])\n"
        "if USE_CONV:\n"
        "    m.add(layers.Conv2D(4, 3))\n"
        "else:\n"
        "    m.add(layers.Dense(4))\n"
        "m.add(layers.Dense(2))\n"
    )
    assert result.diagnostics == []
    assert [layer.output_shape for layer in result.models[0].layers] == [(None, 4), (None, 2)]


def test_branches_that_agree_keep_the_shape() -> None:
    result = run(
        "import sys\n"
        "m = keras.Sequential([keras.Input(shape=(16,))])\n"
        "if len(sys.argv) > 1:\n"
        "    m.add(layers.Dense(8, activation='relu'))\n"
        "else:\n"
        "    m.add(layers.Dense(8))\n"
        "    m.add(layers.Dropout(0.2))\n"
        "m.add(layers.Dense(2))\n"
    )
    model = result.models[0]
    assert [layer.output_shape for layer in model.layers] == [(None, 8), (None, 8), (None, 8), (None, 2)]
    assert model.params == 136 + 18
    assert result.diagnostics == []


def test_branch_errors_are_reported_on_their_path() -> None:
    result = run(
        "import sys\n"
        "m = keras.Sequential([keras.Input(shape=(16,))])\n"
        "if sys.argv:\n"
        "    m.add(layers.LSTM(8))\n"
    )
    assert [d.code for d in result.diagnostics] == ["SL101"]


def test_helper_function_analyzed_with_call_arguments() -> None:
    result = run(
        "def build_model(input_shape, n_classes, hidden=64):\n"
        "    model = keras.Sequential([\n"
        "        keras.Input(shape=input_shape),\n"
        "        layers.Flatten(),\n"
        "        layers.Dense(hidden, activation='relu'),\n"
        "        layers.Dense(n_classes, activation='softmax'),\n"
        "    ])\n"
        "    model.compile(loss='sparse_categorical_crossentropy')\n"
        "    return model\n"
        "\n"
        "model = build_model((28, 28), 10)\n"
        "x = np.zeros((32, 28, 28))\n"
        "y = np.random.randint(0, 12, size=(32,))\n"
        "model.fit(x, y)\n"
        "model.predict(x[0])\n"
    )
    (model,) = result.models
    assert [layer.output_shape for layer in model.layers] == [(None, 784), (None, 64), (None, 10)]
    assert [(d.span.line - 2, d.code) for d in result.diagnostics] == [(14, "SL203"), (15, "SL301")]


def test_function_never_called_runs_with_unknowns() -> None:
    result = run(
        "def build(units):\n"
        "    return keras.Sequential([keras.Input(shape=(3,)), layers.Dense(units), layers.LSTM(2)])\n"
    )
    (model,) = result.models
    assert model.layers[0].output_shape == (None, UNKNOWN)
    assert [d.code for d in result.diagnostics] == ["SL101"]


def test_recursion_is_bounded() -> None:
    result = run("def f(n):\n    return f(n + 1)\n\nm = f(0)\n")
    assert result.diagnostics == []


def test_model_build_declares_the_input() -> None:
    result = run(
        "m = keras.Sequential([layers.Dense(8), layers.Dense(2)])\n"
        "m.build((None, 784))\n"
        "m.predict(np.zeros((784,)))\n"
    )
    assert [layer.output_shape for layer in result.models[0].layers] == [(None, 8), (None, 2)]
    assert [d.code for d in result.diagnostics] == ["SL301"]


def test_function_scope_uses_module_constants() -> None:
    result = run(
        "N = 12\n"
        "def build(k):\n"
        "    model = keras.Sequential([keras.Input(shape=(N,)), layers.Dense(k), layers.Reshape((5, 3))])\n"
        "    return model\n"
    )
    (model,) = result.models
    assert model.input_shape == (None, 12)
    assert result.diagnostics == []  # Dense(k): unknown units, so the Reshape cannot be judged


def test_reassigned_model_names_each_model() -> None:
    result = run(
        "model = keras.Sequential([keras.Input(shape=(3,)), layers.Dense(1)])\n"
        "model = keras.Sequential([keras.Input(shape=(5,)), layers.Dense(2)])\n"
    )
    assert [(m.name, m.input_shape) for m in result.models] == [("model", (None, 3)), ("model", (None, 5))]


def test_nested_sequential_as_layer() -> None:
    result = run(
        "block = keras.Sequential([keras.Input(shape=(6,)), layers.Dense(4), layers.Dense(3)])\n"
        "outer = keras.Sequential([keras.Input(shape=(6,)), block, layers.Dense(1)])\n"
    )
    outer = result.models[1]
    assert [(layer.kind, layer.output_shape, layer.params) for layer in outer.layers] == [
        ("Sequential", (None, 3), 28 + 15),
        ("Dense", (None, 1), 4),
    ]


def test_missing_batch_axis_fix_adds_expand_dims_and_import() -> None:
    source = (
        "import keras\nfrom keras import layers\nimport numpy\n"
        "x = numpy.zeros((5, 784))\n"
        "m = keras.Sequential([keras.Input(shape=(784,)), layers.Dense(2)])\n"
        "m.predict(x[0])\n"
    )
    (diag,) = analyze(source).diagnostics
    (fix,) = diag.fixes
    assert [e.new_text for e in fix.edits] == ["numpy.expand_dims(x[0], 0)"]


def test_input_shape_from_data_shape() -> None:
    result = run(
        "x = np.random.rand(100, 20)\n"
        "m = keras.Sequential([layers.Dense(16, input_shape=x.shape), layers.Dense(1)])\n"
        "m.fit(x, np.zeros((100, 1)))\n"
    )
    found = {(d.code, d.severity) for d in result.diagnostics}
    assert found == {("SL104", "warning"), ("SL302", "error")}
    (sl104,) = [d for d in result.diagnostics if d.code == "SL104"]
    assert sl104.fixes[0].edits[0].new_text == "x.shape[1:]"


@pytest.mark.parametrize(
    "imports",
    [
        "import keras\nDense = keras.layers.Dense\nSeq = keras.Sequential\n",
        "from tensorflow import keras\nDense = keras.layers.Dense\nSeq = keras.Sequential\n",
        "import tensorflow as tf\nDense = tf.keras.layers.Dense\nSeq = tf.keras.models.Sequential\n",
        "from tensorflow.keras.layers import Dense\nfrom tensorflow.keras.models import Sequential as Seq\n",
        "from keras import layers as L\nfrom keras import Sequential as Seq\nDense = L.Dense\n",
        "import tensorflow.keras as K\nDense = K.layers.Dense\nSeq = K.Sequential\n",
    ],
)
def test_import_styles(imports: str) -> None:
    result = analyze(imports + "m = Seq([Dense(4, input_dim=3), Dense(2)])\n")
    (model,) = result.models
    assert [(layer.kind, layer.output_shape, layer.params) for layer in model.layers] == [
        ("Dense", (None, 4), 16), ("Dense", (None, 2), 10),
    ]


def test_not_keras_is_ignored() -> None:
    result = analyze("class Sequential:\n    pass\n\nm = Sequential([Dense(0)])\n")
    assert result.models == [] and result.diagnostics == []


@pytest.mark.parametrize(
    "source",
    [
        "model = keras.Sequential([\n    layers.Dense(10\n",
        "\x00\x01\x02binary",
        "def f(:\n",
        "x = (" * 300 + ")" * 300 + "\n",
        "",
        "import keras\nkeras.Sequential(*[])\nkeras.Sequential(**{})\n",
    ],
)
def test_bad_input_never_raises(source: str) -> None:
    analyze(source, "bad.py")


def test_byte_order_mark_keeps_columns() -> None:
    result = analyze("\ufeffimport keras\nm = keras.Sequential([keras.Input(shape=(3,)), keras.layers.LSTM(2)])\n")
    assert [(d.code, d.span.col) for d in result.diagnostics] == [("SL101", 47)]


def test_dtypes_follow_keras() -> None:
    result = run(
        "m = keras.Sequential([keras.Input(shape=(4, 3), dtype='int32'), layers.Flatten(), layers.Dense(2),\n"
        "                      layers.Dense(2, dtype='mixed_float16')])\n"
    )
    assert [layer.dtype for layer in result.models[0].layers] == ["int32", "float32", "float16"]


def test_loss_activation_and_binary_label_warnings() -> None:
    body = (
        "x = np.zeros((20, 4))\ny = np.random.randint(0, 5, size=(20,))\n"
        "a = keras.Sequential([keras.Input(shape=(4,)), layers.Dense(5, activation='sigmoid')])\n"
        "a.compile(loss='categorical_crossentropy')\n"
        "b = keras.Sequential([keras.Input(shape=(4,)), layers.Dense(3), layers.Activation('softmax')])\n"
        "b.compile(loss='binary_crossentropy')\n"
        "c = keras.Sequential([keras.Input(shape=(4,)), layers.Dense(1, activation='sigmoid')])\n"
        "c.compile(loss='binary_crossentropy')\nc.fit(x, y)\n"
        "d = keras.Sequential([keras.Input(shape=(4,)), layers.Dense(5, activation='softmax')])\n"
        "d.compile(loss='sparse_categorical_crossentropy')\nd.fit(x, y)\n"
    )
    assert codes(body, "warning") == [(4, "SL204"), (6, "SL204"), (9, "SL205")]
    assert codes(body) == []


def test_list_outputs_in_a_sequential() -> None:
    # Keras: the next layer raises "expects 1 input(s), but it received 3 input tensors";
    # as the last layer, the model is left without an output.
    body = (
        "a = keras.Sequential([keras.Input(shape=(5, 3)), layers.LSTM(4, return_state=True), layers.Dense(2)])\n"
        "b = keras.Sequential([keras.Input(shape=(5, 3)), layers.Bidirectional(layers.LSTM(4), merge_mode=None),\n"
        "                      layers.Dense(2)])\n"
        "c = keras.Sequential([keras.Input(shape=(5, 3)), layers.LSTM(4, return_state=True)])\n"
    )
    assert codes(body) == [(1, "SL106"), (2, "SL106")]
    assert codes(body, "warning") == [(4, "SL106")]


def test_dense_on_feature_maps_offers_flatten_or_global_pooling() -> None:
    result = run(
        "x = np.zeros((8, 28, 28))\ny = np.random.randint(0, 10, size=(8,))\n"
        "m = keras.Sequential([\n"
        "    keras.Input(shape=(28, 28)),\n"
        "    layers.Dense(10, activation='softmax'),\n"
        "])\n"
        "m.compile(loss='sparse_categorical_crossentropy')\nm.fit(x, y)\n"
    )
    (diag,) = result.diagnostics
    assert [(f.title, f.preferred, f.edits[0].new_text) for f in diag.fixes] == [
        ("Insert layers.Flatten() before Dense", True, "layers.Flatten(),\n    "),
        ("Insert layers.GlobalAveragePooling1D() before Dense", False, "layers.GlobalAveragePooling1D(),\n    "),
    ]


def test_window_too_large_offers_padding_or_the_size_that_fits() -> None:
    result = run(
        "m = keras.Sequential([keras.Input(shape=(4, 4, 1)), layers.Conv2D(8, 3), layers.MaxPooling2D(pool_size=3)])\n"
    )
    (diag,) = result.diagnostics
    assert [(f.title, f.preferred, f.edits[0].new_text) for f in diag.fixes] == [
        ('Use padding="same"', True, ', padding="same"'),
        ("Use pool_size=2, which fits the input", False, "2"),
    ]


def test_input_shape_moved_into_a_keras_input() -> None:
    source = (
        "import tensorflow as tf\n"
        "model = tf.keras.Sequential([\n"
        "    tf.keras.layers.Conv2D(32, 3, activation='relu', input_shape=(28, 28)),\n"
        "    tf.keras.layers.Flatten(),\n"
        "])\n"
    )
    (diag,) = analyze(source).diagnostics
    assert [f.title for f in diag.fixes] == [
        "Add a trailing axis of size 1: (28, 28, 1)",
        "Declare the input with a first layer Input(shape=(28, 28, 1))",
    ]
    from tests.core.test_fixes_vs_keras import apply_edits

    fixed = apply_edits(source, list(diag.fixes[1].edits))
    assert fixed.split("\n")[2:4] == [
        "    tf.keras.layers.Input(shape=(28, 28, 1)),",
        "    tf.keras.layers.Conv2D(32, 3, activation='relu'),",
    ]
    assert analyze(fixed).diagnostics == []
