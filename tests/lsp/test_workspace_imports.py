"""The server resolves names imported from the user's other modules in the workspace."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import LanguageClient

from .conftest import CONFIG, TIMEOUT

pytestmark = pytest.mark.timeout(60)


@pytest_lsp.fixture(config=CONFIG)
async def client(lsp_client: LanguageClient, tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("ws")
    (root / "config.py").write_text("IMG = (28, 28)\nCLASSES = 10\n")
    lsp_client.root = root  # type: ignore[attr-defined]
    await asyncio.wait_for(
        lsp_client.initialize_session(
            types.InitializeParams(
                capabilities=pytest_lsp.client_capabilities("visual-studio-code"),
                root_uri=root.as_uri(),
                workspace_folders=[types.WorkspaceFolder(uri=root.as_uri(), name="ws")],
            )
        ),
        TIMEOUT,
    )
    yield
    await asyncio.wait_for(lsp_client.shutdown_session(), TIMEOUT)


async def test_imported_constants_reach_the_model(client: LanguageClient) -> None:
    root: Path = client.root  # type: ignore[attr-defined]
    path = root / "train.py"
    text = (
        "import keras\nfrom keras import layers\nfrom config import IMG, CLASSES\n"
        "model = keras.Sequential([keras.Input(shape=IMG), layers.Conv2D(8, 3), layers.Dense(CLASSES)])\n"
    )
    path.write_text(text)
    client.text_document_did_open(types.DidOpenTextDocumentParams(
        text_document=types.TextDocumentItem(uri=path.as_uri(), language_id="python", version=1, text=text)))
    await asyncio.wait_for(client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS), 15)
    (diag,) = client.diagnostics[path.as_uri()]
    assert diag.code == "SL101" and "(None, 28, 28)" in diag.message
