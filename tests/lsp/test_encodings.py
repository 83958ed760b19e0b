"""Positions in the client's negotiated encoding: UTF-16 (VS Code), UTF-8 (Neovim), UTF-32
(Emacs), on lines where non-ASCII text ("é", and "🧠" outside the BMP) comes before the call."""

from __future__ import annotations

import asyncio

import pytest
from lsprotocol import types
from pytest_lsp import LanguageClient

from shapelens.analysis import analyze

from .conftest import (
    ENCODINGS,
    TIMEOUT,
    action_edits,
    apply_edits,
    diagnostics_for,
    hover_at,
    open_doc,
    split_lines,
    text_in,
    units,
    uri_for,
)

pytestmark = pytest.mark.timeout(60)

TEXT = (
    "import numpy as np\n"
    "import keras\n"
    "from keras import layers\n"
    "\n"
    'x_test = np.random.rand(10, 784).astype("float32")\n'
    'model = keras.Sequential([keras.Input(shape=(784,)), layers.Dense(16, name="dé🧠"), layers.Dense(10)])\n'
    'note = "café 🧠"; probs = model.predict(x_test[0])  # 🧠 é\n'
)
LINES = split_lines(TEXT)


def client_col(line: int, text_before: str, encoding: str) -> int:
    """Column (in the encoding's units) where ``text_before`` ends on ``line``."""
    index = LINES[line].index(text_before) + len(text_before)
    return units(LINES[line][:index], encoding)


async def test_negotiated_encoding(any_client: LanguageClient):
    expected = ENCODINGS[any_client.spec]  # type: ignore[attr-defined]
    assert any_client.init_result.capabilities.position_encoding == expected  # type: ignore[attr-defined]


async def test_diagnostic_range(any_client: LanguageClient, tmp_path):
    encoding = ENCODINGS[any_client.spec]  # type: ignore[attr-defined]
    uri = uri_for(tmp_path, "unicode.py")
    open_doc(any_client, uri, TEXT)
    (diag,) = await diagnostics_for(any_client, uri, version=1)
    assert diag.code == "SL301"
    assert text_in(TEXT, diag.range, encoding) == "x_test[0]"
    start = LINES[6].index("x_test[0]")
    assert diag.range.start == types.Position(line=6, character=units(LINES[6][:start], encoding))
    assert diag.range.end.character == diag.range.start.character + len("x_test[0]")
    # The three encodings really differ on this line.
    assert len({units(LINES[6][:start], e) for e in ENCODINGS.values()}) == 3


async def test_code_action_edit(any_client: LanguageClient, tmp_path):
    encoding = ENCODINGS[any_client.spec]  # type: ignore[attr-defined]
    uri = uri_for(tmp_path, "unicode.py")
    open_doc(any_client, uri, TEXT)
    (diag,) = await diagnostics_for(any_client, uri, version=1)
    (action,) = await asyncio.wait_for(
        any_client.text_document_code_action_async(
            types.CodeActionParams(
                text_document=types.TextDocumentIdentifier(uri=uri),
                range=diag.range,
                context=types.CodeActionContext(diagnostics=[diag]),
            )
        ),
        TIMEOUT,
    )
    version, edits = action_edits(action, uri)
    # Neovim does not declare workspaceEdit.documentChanges: it gets unversioned `changes`.
    assert version == (None if any_client.spec == "neovim" else 1)  # type: ignore[attr-defined]
    fixed = apply_edits(TEXT, edits, encoding)
    assert 'note = "café 🧠"; probs = model.predict(np.expand_dims(x_test[0], 0))  # 🧠 é' in fixed
    assert not analyze(fixed).has_errors


async def test_hover_after_non_ascii(any_client: LanguageClient, tmp_path):
    encoding = ENCODINGS[any_client.spec]  # type: ignore[attr-defined]
    uri = uri_for(tmp_path, "unicode.py")
    open_doc(any_client, uri, TEXT)
    await diagnostics_for(any_client, uri, version=1)
    # The first character of the second Dense, which comes after "dé🧠" on line 5.
    col = client_col(5, '"dé🧠"), ', encoding)
    hover = await hover_at(any_client, uri, 5, col)
    assert hover.contents.value == "**Dense** → `(None, 10)` · 170 params (trainable 170)"
    assert text_in(TEXT, hover.range, encoding) == "layers.Dense(10)"
    # One code unit before it (in the ", " between the calls) is the model, not a layer.
    hover = await hover_at(any_client, uri, 5, col - 1)
    assert hover.contents.value.startswith("**model**")


async def test_inlay_hints_after_non_ascii(any_client: LanguageClient, tmp_path):
    """Two layers end on line 5: each hint sits right after its own call."""
    encoding = ENCODINGS[any_client.spec]  # type: ignore[attr-defined]
    uri = uri_for(tmp_path, "unicode.py")
    open_doc(any_client, uri, TEXT)
    await diagnostics_for(any_client, uri, version=1)
    whole = types.Range(start=types.Position(line=0, character=0), end=types.Position(line=len(LINES), character=0))
    hints = await asyncio.wait_for(
        any_client.text_document_inlay_hint_async(
            types.InlayHintParams(text_document=types.TextDocumentIdentifier(uri=uri), range=whole)
        ),
        TIMEOUT,
    )
    got = [(h.label, h.position) for h in hints]
    assert got == [
        ("→ (None, 16)", types.Position(line=5, character=client_col(5, 'name="dé🧠")', encoding))),
        ("→ (None, 10)", types.Position(line=5, character=client_col(5, "layers.Dense(10)", encoding))),
    ]
