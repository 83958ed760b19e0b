"""Hover: a layer call shows its output shape and parameters; the model (its variable or its
Sequential call) shows the summary table."""

from __future__ import annotations

import pytest
from lsprotocol import types
from pytest_lsp import LanguageClient

from .conftest import case_text, diagnostics_for, hover_at, open_doc, text_in, uri_for

pytestmark = pytest.mark.timeout(60)

CHAIN = case_text("layer_chain_ok.py")


async def _open_chain(client: LanguageClient, tmp_path) -> str:
    uri = uri_for(tmp_path, "layer_chain_ok.py")
    open_doc(client, uri, CHAIN)
    await diagnostics_for(client, uri, version=1)
    return uri


async def test_hover_on_layer_call(client: LanguageClient, tmp_path):
    uri = await _open_chain(client, tmp_path)
    # Inside `layers.Dense(32, input_shape=(64,))` on line index 8, which is also inside
    # the Sequential([...]) call: the innermost (the layer) wins.
    hover = await hover_at(client, uri, 8, 12)
    assert hover is not None
    assert hover.contents.kind == types.MarkupKind.Markdown
    assert hover.contents.value == "**Dense** → `(None, 32)` · 2,080 params (trainable 2,080)"
    assert text_in(CHAIN, hover.range, "utf-16") == "layers.Dense(32, input_shape=(64,))"

    hover = await hover_at(client, uri, 10, 6)
    assert hover.contents.value == "**Dense** → `(None, 4)` · 68 params (trainable 68)"


async def test_hover_on_model_shows_summary(client: LanguageClient, tmp_path):
    """On `model` where it is assigned and where it is used, and on the `keras.Sequential(` call."""
    uri = await _open_chain(client, tmp_path)
    for line, character, target in [(7, 2, "model"), (12, 0, "model"), (13, 4, "model"), (7, 10, None)]:
        hover = await hover_at(client, uri, line, character)
        assert hover is not None, (line, character)
        value = hover.contents.value
        assert value.startswith("**model**: Sequential, input `(None, 64)`")
        assert "| Dense | `(None, 32)` | 2,080 | 9 |" in value
        assert "| Dense | `(None, 16)` | 528 | 10 |" in value
        assert "| Dense | `(None, 4)` | 68 | 11 |" in value
        assert "Total params: **2,676**" in value
        covered = text_in(CHAIN, hover.range, "utf-16")
        if target:
            assert covered == target
        else:
            assert covered.startswith("keras.Sequential([") and covered.endswith("])")


async def test_hover_between_layers_and_outside(client: LanguageClient, tmp_path):
    uri = await _open_chain(client, tmp_path)
    # Line 8 starts with four spaces of indentation, inside the Sequential([...]) call.
    hover = await hover_at(client, uri, 8, 1)
    assert hover.contents.value.startswith("**model**")
    # On an import: nothing.
    assert await hover_at(client, uri, 3, 3) is None
    # Past the end of the document: nothing, and no error.
    assert await hover_at(client, uri, 500, 0) is None
    assert await hover_at(client, uri, 8, 500) is None


async def test_hover_unknown_shape(client: LanguageClient, tmp_path):
    uri = uri_for(tmp_path, "lstm_fed_2d.py")
    open_doc(client, uri, case_text("lstm_fed_2d.py"))
    hover = await hover_at(client, uri, 6, 20)
    assert hover is not None
    assert hover.contents.value == "**LSTM** → shape unknown · ? params"


async def test_hover_non_trainable(client: LanguageClient, tmp_path):
    text = (
        "import keras\n"
        "from keras import layers\n"
        "model = keras.Sequential([keras.Input(shape=(8,)), layers.BatchNormalization(), layers.Dense(2)])\n"
    )
    uri = uri_for(tmp_path, "bn.py")
    open_doc(client, uri, text)
    hover = await hover_at(client, uri, 2, text.splitlines()[2].index("BatchNormalization"))
    assert hover.contents.value == "**BatchNormalization** → `(None, 8)` · 32 params (trainable 16, non-trainable 16)"


async def test_hover_reanalyzes_an_outdated_document(client: LanguageClient, tmp_path):
    """A hover sent right after a change (before the debounced analysis) answers for the new text."""
    uri = await _open_chain(client, tmp_path)
    changed = CHAIN.replace("layers.Dense(32, input_shape=(64,))", "layers.Dense(128, input_shape=(64,))")
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=changed)],
        )
    )
    hover = await hover_at(client, uri, 8, 12)
    assert hover.contents.value == "**Dense** → `(None, 128)` · 8,320 params (trainable 8,320)"


async def test_hover_names_the_deferred_build_site(client: LanguageClient, tmp_path):
    """A model without Input shows the shapes Keras gives it at its first data, and where that is."""
    text = (
        "import numpy as np\n"
        "import keras\n"
        "from keras import layers\n"
        "x_train = np.random.rand(100, 28, 28)\n"
        "y_train = np.random.randint(0, 10, size=(100,))\n"
        "model = keras.Sequential([layers.Flatten(), layers.Dense(128), layers.Dense(10)])\n"
        "model.compile(optimizer='adam', loss='sparse_categorical_crossentropy')\n"
        "model.fit(x_train, y_train, epochs=1)\n"
        "unbuilt = keras.Sequential([layers.Dense(4)])\n"
    )
    uri = uri_for(tmp_path, "deferred.py")
    open_doc(client, uri, text)
    hover = await hover_at(client, uri, 5, 2)
    value = hover.contents.value
    assert value.startswith("**model**: Sequential, input `(None, 28, 28)`")
    assert "| Dense | `(None, 128)` | 100,480 | 6 |" in value
    assert "_Built at line 8 by `fit(x_train)`._" in value
    hover = await hover_at(client, uri, 5, text.splitlines()[5].index("Dense(128"))
    assert hover.contents.value == "**Dense** → `(None, 128)` · 100,480 params (trainable 100,480)"
    hover = await hover_at(client, uri, 8, 2)
    assert "_No input shape is declared: Keras builds this model only when it first sees data._" in hover.contents.value


async def test_hover_shows_what_a_shape_assumes(client: LanguageClient, tmp_path):
    """A branch decided by Keras's default image data format, and the helper call whose
    arguments gave the model's shapes, are said in the model's hover."""
    text = (
        "import keras\n"
        "from keras import layers\n"
        "\n"
        "def make_cnn(size):\n"
        "    if keras.config.image_data_format() == 'channels_first':\n"
        "        shape = (3, size, size)\n"
        "    else:\n"
        "        shape = (size, size, 3)\n"
        "    return keras.Sequential([keras.Input(shape=shape), layers.Conv2D(4, 3)])\n"
        "\n"
        "cnn = make_cnn(32)\n"
    )
    uri = uri_for(tmp_path, "assumed.py")
    open_doc(client, uri, text)
    hover = await hover_at(client, uri, 10, 1)
    value = hover.contents.value
    assert value.startswith("**cnn**: Sequential, input `(None, 32, 32, 3)`"), value
    assert "_Shapes of the call `make_cnn(32)` at line 11._" in value
    assert ("_Assumes image_data_format() is 'channels_last', Keras's default unless keras.json says "
            "otherwise: it decided the branch at line 5._") in value
