"""Jupyter notebooks (LSP notebook document sync): the code cells are analyzed together, in
order, and every diagnostic, hover, hint, lens and quick fix lands on the right cell."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import LanguageClient

from .conftest import (
    CONFIG,
    TIMEOUT,
    action_edits,
    apply_edits,
    hover_at,
    publications,
    split_lines,
    text_in,
    wait_until,
)

pytestmark = pytest.mark.timeout(60)

CODE, MARKUP = types.NotebookCellKind.Code, types.NotebookCellKind.Markup

MODEL_CELL = (
    "import numpy as np\n"
    "import keras\n"
    "from keras import layers\n"
    'model = keras.Sequential([keras.Input(shape=(784,)), layers.Dense(10, activation="softmax")])'
)
DATA_CELL = '%matplotlib inline\nx_test = np.random.rand(10, 784).astype("float32")\n'
PREDICT_CELL = "!pip list\nprobs = model.predict(x_test[0])\n"
CELLS = [(CODE, MODEL_CELL), (MARKUP, "# Predict\nOne sample."), (CODE, DATA_CELL), (CODE, PREDICT_CELL)]


def notebook_capabilities() -> types.ClientCapabilities:
    caps = pytest_lsp.client_capabilities("visual-studio-code")
    caps.notebook_document = types.NotebookDocumentClientCapabilities(
        synchronization=types.NotebookDocumentSyncClientCapabilities(
            dynamic_registration=True, execution_summary_support=True
        )
    )
    return caps


@pytest_lsp.fixture(config=CONFIG)
async def client(lsp_client: LanguageClient):
    """VS Code with its notebook capabilities."""
    lsp_client.init_result = await asyncio.wait_for(  # type: ignore[attr-defined]
        lsp_client.initialize_session(types.InitializeParams(capabilities=notebook_capabilities())), TIMEOUT
    )
    yield
    await asyncio.wait_for(lsp_client.shutdown_session(), TIMEOUT)


class Notebook:
    def __init__(self, client: LanguageClient, path: Path, cells: list[tuple[types.NotebookCellKind, str]]):
        self.client = client
        self.uri = path.as_uri()
        self.version = 0
        # Cell uris as VS Code makes them (the fragment names the cell; %3D is quoted "=").
        self.cells = [f"vscode-notebook-cell:{path}#W{i}sZmlsZQ%3D%3D" for i in range(len(cells))]
        self.texts = {uri: text for uri, (_, text) in zip(self.cells, cells, strict=True)}
        self.versions = dict.fromkeys(self.cells, 1)
        client.notebook_document_did_open(
            types.DidOpenNotebookDocumentParams(
                notebook_document=types.NotebookDocument(
                    uri=self.uri,
                    notebook_type="jupyter-notebook",
                    version=0,
                    cells=[types.NotebookCell(kind=kind, document=uri) for uri, (kind, _) in zip(self.cells, cells, strict=True)],
                ),
                cell_text_documents=[
                    types.TextDocumentItem(
                        uri=uri, language_id="python" if kind == CODE else "markdown", version=1, text=text
                    )
                    for uri, (kind, text) in zip(self.cells, cells, strict=True)
                ],
            )
        )

    def edit(self, index: int, old: str, new: str) -> None:
        """A ranged edit of one cell, as VS Code sends it: replace the first ``old``."""
        uri = self.cells[index]
        text = self.texts[uri]
        offset = text.index(old)
        lines = split_lines(text[:offset])
        start = types.Position(line=len(lines) - 1, character=len(lines[-1]))
        end_lines = split_lines(text[: offset + len(old)])
        end = types.Position(line=len(end_lines) - 1, character=len(end_lines[-1]))
        self.texts[uri] = text[:offset] + new + text[offset + len(old) :]
        self.versions[uri] += 1
        self.change(
            types.NotebookDocumentCellChanges(
                text_content=[
                    types.NotebookDocumentCellContentChanges(
                        document=types.VersionedTextDocumentIdentifier(uri=uri, version=self.versions[uri]),
                        changes=[types.TextDocumentContentChangePartial(range=types.Range(start=start, end=end), text=new)],
                    )
                ]
            )
        )

    def delete_cell(self, index: int) -> None:
        uri = self.cells.pop(index)
        self.change(
            types.NotebookDocumentCellChanges(
                structure=types.NotebookDocumentCellChangeStructure(
                    array=types.NotebookCellArrayChange(start=index, delete_count=1, cells=[]),
                    did_close=[types.TextDocumentIdentifier(uri=uri)],
                )
            )
        )

    def change(self, cells: types.NotebookDocumentCellChanges) -> None:
        self.version += 1
        self.client.notebook_document_did_change(
            types.DidChangeNotebookDocumentParams(
                notebook_document=types.VersionedNotebookDocumentIdentifier(version=self.version, uri=self.uri),
                change=types.NotebookDocumentChangeEvent(cells=cells),
            )
        )

    def close(self) -> None:
        self.client.notebook_document_did_close(
            types.DidCloseNotebookDocumentParams(
                notebook_document=types.NotebookDocumentIdentifier(uri=self.uri),
                cell_text_documents=[types.TextDocumentIdentifier(uri=u) for u in self.cells],
            )
        )


async def cell_diagnostics(client: LanguageClient, uri: str, after: int = 0) -> list[types.Diagnostic]:
    """The diagnostics of the newest publication of a cell, once it has more than ``after``."""
    await wait_until(lambda: len(publications(client, uri)) > after)
    return list(publications(client, uri)[-1].diagnostics)


def counts(client: LanguageClient, nb: Notebook) -> list[int]:
    return [len(publications(client, uri)) for uri in nb.cells]


async def test_capabilities(client: LanguageClient):
    sync = client.init_result.capabilities.notebook_document_sync  # type: ignore[attr-defined]
    (selector,) = sync.notebook_selector
    assert selector.notebook == "jupyter-notebook"
    assert [c.language for c in selector.cells] == ["python"]


async def test_diagnostic_lands_on_its_cell_and_an_edit_elsewhere_clears_it(client: LanguageClient, tmp_path):
    nb = Notebook(client, tmp_path / "train.ipynb", CELLS)
    model, markdown, data, predict = nb.cells
    (diag,) = await cell_diagnostics(client, predict)
    assert diag.code == "SL301"
    assert diag.range.start.line == 1  # the line after the !shell line, in its own cell
    assert text_in(PREDICT_CELL, diag.range, "utf-16") == "x_test[0]"
    assert await cell_diagnostics(client, model) == []
    assert await cell_diagnostics(client, data) == []
    assert not publications(client, markdown)
    # The other cells are published in the same round.
    assert counts(client, nb) == [1, 0, 1, 1]

    # Fixing the model's input in cell 1 clears cell 4.
    nb.edit(0, "shape=(784,)", "shape=(1,)")
    assert await cell_diagnostics(client, predict, after=1) == []
    assert nb.texts[model].count("shape=(1,)") == 1
    # Breaking it again brings it back, still on cell 4.
    nb.edit(0, "shape=(1,)", "shape=(784,)")
    (diag,) = await cell_diagnostics(client, predict, after=2)
    assert (diag.code, diag.range.start.line) == ("SL301", 1)


async def test_hover_hints_and_lenses_in_cells(client: LanguageClient, tmp_path):
    nb = Notebook(client, tmp_path / "train.ipynb", CELLS)
    model, _, _, predict = nb.cells
    await cell_diagnostics(client, predict)

    # The model's variable in cell 4: the summary, its lines counted per cell.
    hover = await hover_at(client, predict, 1, 9)
    assert hover.contents.value.startswith("**model**: Sequential, input `(None, 784)`")
    assert "| Dense | `(None, 10)` | 7,850 | 4 |" in hover.contents.value
    assert "each cell" in hover.contents.value
    assert text_in(PREDICT_CELL, hover.range, "utf-16") == "model"
    # A layer call in cell 1.
    column = MODEL_CELL.splitlines()[3].index("layers.Dense") + 3
    hover = await hover_at(client, model, 3, column)
    assert hover.contents.value == "**Dense** → `(None, 10)` · 7,850 params (trainable 7,850)"
    assert text_in(MODEL_CELL, hover.range, "utf-16") == 'layers.Dense(10, activation="softmax")'
    # Nothing on the markdown cell nor on a magic line.
    assert await hover_at(client, nb.cells[1], 0, 2) is None
    assert await hover_at(client, nb.cells[2], 0, 3) is None

    whole = types.Range(start=types.Position(line=0, character=0), end=types.Position(line=50, character=0))
    hints = await asyncio.wait_for(
        client.text_document_inlay_hint_async(
            types.InlayHintParams(text_document=types.TextDocumentIdentifier(uri=model), range=whole)
        ),
        TIMEOUT,
    )
    assert [(h.label, h.position.line, h.position.character) for h in hints] == [
        ("→ (None, 10)", 3, len(MODEL_CELL.splitlines()[3]))
    ]
    hints = await asyncio.wait_for(
        client.text_document_inlay_hint_async(
            types.InlayHintParams(text_document=types.TextDocumentIdentifier(uri=predict), range=whole)
        ),
        TIMEOUT,
    )
    assert list(hints or []) == []

    lenses = await asyncio.wait_for(
        client.text_document_code_lens_async(types.CodeLensParams(text_document=types.TextDocumentIdentifier(uri=model))),
        TIMEOUT,
    )
    (lens,) = lenses
    assert lens.range.start.line == 3
    assert lens.command.title == "model: Sequential · 1 layer · 7,850 params (7,850 trainable)"
    assert list(lens.command.arguments) == [model, 3]
    text = await asyncio.wait_for(
        client.workspace_execute_command_async(
            types.ExecuteCommandParams(command=lens.command.command, arguments=lens.command.arguments)
        ),
        TIMEOUT,
    )
    assert text.startswith('Model: "model" (line 4), input (None, 784)')
    assert "each cell" in text
    lenses = await asyncio.wait_for(
        client.text_document_code_lens_async(types.CodeLensParams(text_document=types.TextDocumentIdentifier(uri=predict))),
        TIMEOUT,
    )
    assert list(lenses or []) == []


async def test_quick_fix_edits_the_cell(client: LanguageClient, tmp_path):
    nb = Notebook(client, tmp_path / "train.ipynb", CELLS)
    predict = nb.cells[3]
    (diag,) = await cell_diagnostics(client, predict)
    actions = await asyncio.wait_for(
        client.text_document_code_action_async(
            types.CodeActionParams(
                text_document=types.TextDocumentIdentifier(uri=predict),
                range=diag.range,
                context=types.CodeActionContext(diagnostics=[diag]),
            )
        ),
        TIMEOUT,
    )
    (action,) = actions
    assert list(action.diagnostics) == [diag]
    version, edits = action_edits(action, predict)
    assert version == 1
    fixed = apply_edits(PREDICT_CELL, edits, "utf-16")
    assert fixed == "!pip list\nprobs = model.predict(np.expand_dims(x_test[0], 0))\n"
    nb.edit(3, "x_test[0]", "np.expand_dims(x_test[0], 0)")
    assert nb.texts[predict] == fixed
    assert await cell_diagnostics(client, predict, after=1) == []


async def test_deleted_cells_and_closed_notebooks_are_cleared(client: LanguageClient, tmp_path):
    nb = Notebook(client, tmp_path / "train.ipynb", CELLS)
    model, _, data, predict = nb.cells
    assert await cell_diagnostics(client, predict)
    nb.delete_cell(3)
    assert await cell_diagnostics(client, predict, after=1) == []
    await wait_until(lambda: len(publications(client, data)) == 2)
    assert await hover_at(client, predict, 1, 9) is None

    # Without the data cell, `x_test` is unknown: nothing to report anywhere.
    nb2 = Notebook(client, tmp_path / "other.ipynb", CELLS)
    assert await cell_diagnostics(client, nb2.cells[3])
    nb2.close()
    assert await cell_diagnostics(client, nb2.cells[3], after=1) == []
    assert await cell_diagnostics(client, nb2.cells[0], after=1) == []
    assert await hover_at(client, nb2.cells[0], 3, 2) is None
    # The first notebook is still served.
    assert (await hover_at(client, model, 3, 2)) is not None


async def test_magics_and_syntax_errors(client: LanguageClient, tmp_path):
    cells = [
        (CODE, MODEL_CELL),
        (CODE, "%%bash\necho 'model.fit(x, y)' | (\n"),
        (CODE, "%%time\nfiles = !ls\nfor f in files:\n    !echo {f}\nmodel.summary?\n?model\n"),
        (CODE, "x = np.zeros((4, 784))\nmodel.predict(x)\nmodel.predict(x[0])\n"),
    ]
    nb = Notebook(client, tmp_path / "magics.ipynb", cells)
    last = nb.cells[3]
    (diag,) = await cell_diagnostics(client, last)
    assert (diag.code, diag.range.start.line) == ("SL301", 2)
    for uri in nb.cells[:3]:
        assert await cell_diagnostics(client, uri) == []

    # A syntax error in a cell is reported on that cell, and the others keep their results.
    before = counts(client, nb)
    nb.edit(2, "?model", "model = (")
    await wait_until(lambda: all(a > b for a, b in zip(counts(client, nb), before, strict=True)))
    (error,) = publications(client, nb.cells[2])[-1].diagnostics
    assert error.code == "SL001"
    assert error.range.start.line == 5
    hover = await hover_at(client, nb.cells[0], 3, 2)
    assert hover.contents.value.startswith("**model**: Sequential")
