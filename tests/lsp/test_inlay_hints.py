"""Inlay hints: each layer's output shape at the end of its line; switchable."""

from __future__ import annotations

import asyncio

import pytest
from lsprotocol import types
from pytest_lsp import LanguageClient

from .conftest import (
    TIMEOUT,
    case_text,
    diagnostics_for,
    hover_at,
    open_doc,
    split_lines,
    uri_for,
    wait_until,
)

pytestmark = pytest.mark.timeout(60)

CHANNEL = case_text("missing_unit_channel_ok.py")
WHOLE = types.Range(start=types.Position(line=0, character=0), end=types.Position(line=100, character=0))


async def inlay_hints(client: LanguageClient, uri: str, rng: types.Range = WHOLE) -> list[types.InlayHint]:
    result = await asyncio.wait_for(
        client.text_document_inlay_hint_async(
            types.InlayHintParams(text_document=types.TextDocumentIdentifier(uri=uri), range=rng)
        ),
        TIMEOUT,
    )
    return list(result or [])


async def test_hints_for_each_layer(client: LanguageClient, tmp_path):
    uri = uri_for(tmp_path, "missing_unit_channel_ok.py")
    open_doc(client, uri, CHANNEL)
    await diagnostics_for(client, uri, version=1)
    hints = await inlay_hints(client, uri)
    lines = split_lines(CHANNEL)
    assert [(h.label, h.position.line, h.position.character) for h in hints] == [
        ("→ (None, 18, 18, 4)", 11, len(lines[11])),
        ("→ (None, 1296)", 12, len(lines[12])),
        ("→ (None, 5)", 13, len(lines[13])),
    ]
    for hint in hints:
        assert hint.kind == types.InlayHintKind.Type
        assert hint.padding_left is True


async def test_hints_only_in_the_requested_range(client: LanguageClient, tmp_path):
    uri = uri_for(tmp_path, "missing_unit_channel_ok.py")
    open_doc(client, uri, CHANNEL)
    rng = types.Range(start=types.Position(line=12, character=0), end=types.Position(line=12, character=80))
    assert [h.label for h in await inlay_hints(client, uri, rng)] == ["→ (None, 1296)"]


LOOP = (
    "import keras\n"
    "from keras import layers\n"
    "model = keras.Sequential([keras.Input(shape=(16,))])\n"
    "for units in [8, 4]:\n"
    "    model.add(layers.Dense(units))  # built twice\n"
    "model.add(layers.Dense(2)); model.add(layers.Dense(1))\n"
)


async def test_call_built_twice_and_calls_sharing_a_line(client: LanguageClient, tmp_path):
    uri = uri_for(tmp_path, "loop.py")
    open_doc(client, uri, LOOP)
    await diagnostics_for(client, uri, version=1)
    lines = split_lines(LOOP)
    hints = await inlay_hints(client, uri)
    assert [(h.label, h.position.line, h.position.character) for h in hints] == [
        ("→ (None, 8) | (None, 4)", 4, len(lines[4])),
        # Two calls end on line 5: each hint goes right after its own layer call.
        ("→ (None, 2)", 5, lines[5].index("Dense(2)") + len("Dense(2)")),
        ("→ (None, 1)", 5, lines[5].index("Dense(1)") + len("Dense(1)")),
    ]
    hover = await hover_at(client, uri, 4, 20)
    assert hover.contents.value.split("\n\n---\n\n") == [
        "**Dense** → `(None, 8)` · 136 params (trainable 136)",
        "**Dense** → `(None, 4)` · 36 params (trainable 36)",
    ]


async def test_no_hint_for_unknown_shapes(client: LanguageClient, tmp_path):
    uri = uri_for(tmp_path, "lstm_fed_2d.py")
    open_doc(client, uri, case_text("lstm_fed_2d.py"))
    assert await inlay_hints(client, uri) == []


async def test_disabled_by_initialization_options(client_no_hints: LanguageClient, tmp_path):
    uri = uri_for(tmp_path, "missing_unit_channel_ok.py")
    open_doc(client_no_hints, uri, CHANNEL)
    await diagnostics_for(client_no_hints, uri, version=1)
    assert await inlay_hints(client_no_hints, uri) == []


async def test_switched_by_configuration(client: LanguageClient, tmp_path):
    uri = uri_for(tmp_path, "missing_unit_channel_ok.py")
    open_doc(client, uri, CHANNEL)
    await diagnostics_for(client, uri, version=1)
    assert len(await inlay_hints(client, uri)) == 3

    def configure(enabled: bool) -> None:
        client.workspace_did_change_configuration(
            types.DidChangeConfigurationParams(settings={"shapelens": {"inlayHints": {"enabled": enabled}}})
        )

    configure(False)

    async def count() -> int:
        return len(await inlay_hints(client, uri))

    async def wait_count(n: int) -> None:
        async def poll() -> None:
            while await count() != n:
                await asyncio.sleep(0.02)

        await asyncio.wait_for(poll(), TIMEOUT)

    await wait_count(0)
    configure(True)
    await wait_count(3)


async def test_switched_by_pulled_configuration(client: LanguageClient, tmp_path):
    """A client that sends `settings: null` (Neovim does) is asked for the "shapelens" section."""
    uri = uri_for(tmp_path, "missing_unit_channel_ok.py")
    open_doc(client, uri, CHANNEL)
    await diagnostics_for(client, uri, version=1)
    client.set_configuration({"inlayHints": {"enabled": False}}, section="shapelens")
    client.workspace_did_change_configuration(types.DidChangeConfigurationParams(settings=None))

    async def poll() -> None:
        while await inlay_hints(client, uri):
            await asyncio.sleep(0.02)

    await asyncio.wait_for(poll(), TIMEOUT)


async def test_no_hints_for_an_unknown_document(client: LanguageClient, tmp_path):
    assert await inlay_hints(client, uri_for(tmp_path, "never_opened.py")) == []
    # The server is still fine.
    uri = uri_for(tmp_path, "missing_unit_channel_ok.py")
    open_doc(client, uri, CHANNEL)
    await wait_until(lambda: uri in client.diagnostics)
    assert len(await inlay_hints(client, uri)) == 3
