"""Code lenses: one over each model (layers, parameters), whose command returns the model's
summary table (workspace/executeCommand shapelens.showSummary); switchable."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import LanguageClient

from shapelens.analysis import analyze
from shapelens.report import summary_table

from .conftest import CONFIG, TIMEOUT, _start, diagnostics_for, open_doc, text_in, uri_for, wait_until

pytestmark = pytest.mark.timeout(60)

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "classic_mistakes.py"
TEXT = EXAMPLES.read_text(encoding="utf-8")


async def code_lenses(client: LanguageClient, uri: str) -> list[types.CodeLens]:
    result = await asyncio.wait_for(
        client.text_document_code_lens_async(
            types.CodeLensParams(text_document=types.TextDocumentIdentifier(uri=uri))
        ),
        TIMEOUT,
    )
    return list(result or [])


async def execute(client: LanguageClient, command: str, arguments: list) -> object:
    return await asyncio.wait_for(
        client.workspace_execute_command_async(types.ExecuteCommandParams(command=command, arguments=arguments)),
        TIMEOUT,
    )


async def _open(client: LanguageClient, tmp_path) -> str:
    uri = uri_for(tmp_path, "classic_mistakes.py")
    open_doc(client, uri, TEXT)
    await diagnostics_for(client, uri, version=1)
    return uri


async def test_capabilities(client: LanguageClient):
    caps = client.init_result.capabilities  # type: ignore[attr-defined]
    assert caps.code_lens_provider is not None
    assert "shapelens.showSummary" in caps.execute_command_provider.commands


async def test_one_lens_per_model(client: LanguageClient, tmp_path):
    uri = await _open(client, tmp_path)
    lenses = await code_lenses(client, uri)
    models = analyze(TEXT).models
    assert len(lenses) == len(models) == 6
    titles = {lens.command.title for lens in lenses}
    assert "mlp: Sequential · 1 layer · 7,850 params (7,850 trainable)" in titles
    assert "clf: Sequential · 1 layer · 27 params (27 trainable)" in titles
    # Unknown parameter counts (a layer Keras rejects) show "?".
    assert "decoder: Sequential · 2 layers · ? params" in titles
    for lens, model in zip(lenses, models, strict=True):
        assert lens.range.start.line == model.span.line
        assert ".Sequential(" in text_in(TEXT, lens.range, "utf-16").split("\n")[0]
        assert lens.command.command == "shapelens.showSummary"
        assert list(lens.command.arguments) == [uri, model.span.line]


async def test_show_summary_command(client: LanguageClient, tmp_path):
    uri = await _open(client, tmp_path)
    models = {m.name: m for m in analyze(TEXT).models}
    for lens in await code_lenses(client, uri):
        text = await execute(client, lens.command.command, lens.command.arguments)
        name = lens.command.title.split(":")[0]
        assert text == summary_table(models[name])
    mlp = models["mlp"]
    text = await execute(client, "shapelens.showSummary", [uri, mlp.span.line])
    assert text.startswith('Model: "mlp" (line 22), input (None, 784)')
    assert "Total params: 7,850" in text


@pytest.mark.parametrize(
    "arguments",
    [[], ["file:///never/opened.py", 3], ["URI", "x"], [None, 1], [42], ["same", 0]],
    ids=["none", "unknown-doc", "bad-line", "bad-uri", "one-arg", "no-model-there"],
)
async def test_show_summary_bad_arguments(client: LanguageClient, tmp_path, arguments):
    uri = await _open(client, tmp_path)
    arguments = [uri if a in ("URI", "same") else a for a in arguments]
    assert await execute(client, "shapelens.showSummary", arguments) is None
    # Still fine.
    assert len(await code_lenses(client, uri)) == 6


async def test_no_lens_without_a_model(client: LanguageClient, tmp_path):
    uri = uri_for(tmp_path, "plain.py")
    open_doc(client, uri, "import numpy as np\nx = np.zeros((3, 4))\n")
    assert await code_lenses(client, uri) == []
    assert await code_lenses(client, uri_for(tmp_path, "never_opened.py")) == []


@pytest_lsp.fixture(config=CONFIG)
async def client_no_lenses(lsp_client: LanguageClient):
    """What the VS Code extension sends when shapelens.codeLens.enabled is false."""
    await _start(lsp_client, "visual-studio-code", {"codeLens": {"enabled": False}})
    yield
    await asyncio.wait_for(lsp_client.shutdown_session(), TIMEOUT)


async def test_disabled_by_initialization_options(client_no_lenses: LanguageClient, tmp_path):
    uri = await _open(client_no_lenses, tmp_path)
    assert await code_lenses(client_no_lenses, uri) == []


async def test_switched_by_configuration(client: LanguageClient, tmp_path):
    uri = await _open(client, tmp_path)
    assert len(await code_lenses(client, uri)) == 6

    async def wait_count(n: int) -> None:
        async def poll() -> None:
            while len(await code_lenses(client, uri)) != n:
                await asyncio.sleep(0.02)

        await asyncio.wait_for(poll(), TIMEOUT)

    client.workspace_did_change_configuration(
        types.DidChangeConfigurationParams(settings={"shapelens": {"codeLens": {"enabled": False}}})
    )
    await wait_count(0)
    await wait_until(lambda: client.refreshes == 1)  # type: ignore[attr-defined]
    client.workspace_did_change_configuration(
        types.DidChangeConfigurationParams(settings={"shapelens": {"codeLens": {"enabled": True}}})
    )
    await wait_count(6)
