"""Quick fixes: the core's fixes as versioned workspace edits."""

from __future__ import annotations

import asyncio

import pytest
from lsprotocol import types
from pytest_lsp import LanguageClient

from shapelens.analysis import analyze

from .conftest import (
    CASES,
    TIMEOUT,
    action_edits,
    apply_edits,
    case_text,
    change_doc,
    diagnostics_for,
    open_doc,
    uri_for,
)

pytestmark = pytest.mark.timeout(60)

PREDICT = case_text("predict_single_sample.py")


async def code_actions(
    client: LanguageClient,
    uri: str,
    rng: types.Range,
    diagnostics: list[types.Diagnostic],
    only: list[str] | None = None,
) -> list[types.CodeAction]:
    result = await asyncio.wait_for(
        client.text_document_code_action_async(
            types.CodeActionParams(
                text_document=types.TextDocumentIdentifier(uri=uri),
                range=rng,
                context=types.CodeActionContext(diagnostics=diagnostics, only=only),
            )
        ),
        TIMEOUT,
    )
    return list(result or [])


async def test_quick_fix_adds_the_batch_axis(client: LanguageClient, tmp_path):
    uri = uri_for(tmp_path, "predict_single_sample.py")
    open_doc(client, uri, PREDICT, version=1)
    (diag,) = await diagnostics_for(client, uri, version=1)
    assert diag.code == "SL301"

    (action,) = await code_actions(client, uri, diag.range, [diag])
    assert action.kind == types.CodeActionKind.QuickFix
    assert action.title == "Add the batch axis: np.expand_dims(samples[2], 0)"
    assert action.is_preferred is True
    assert list(action.diagnostics) == [diag]
    (doc_edit,) = action.edit.document_changes
    assert doc_edit.text_document.uri == uri
    assert doc_edit.text_document.version == 1

    fixed = apply_edits(PREDICT, doc_edit.edits, "utf-16")
    assert "scores = model.predict(np.expand_dims(samples[2], 0))" in fixed
    assert not analyze(fixed).has_errors
    assert [d.code for d in analyze(fixed).diagnostics] == []

    # The editor applies it: the diagnostic goes away.
    change_doc(client, uri, fixed, version=2)
    assert await diagnostics_for(client, uri, version=2) == []


async def test_quick_fix_found_from_a_cursor_and_without_context(client: LanguageClient, tmp_path):
    uri = uri_for(tmp_path, "predict_single_sample.py")
    open_doc(client, uri, PREDICT)
    (diag,) = await diagnostics_for(client, uri, version=1)
    cursor = types.Position(line=8, character=25)
    (action,) = await code_actions(client, uri, types.Range(start=cursor, end=cursor), [])
    # Without the client's diagnostic, the server's own conversion of it is attached.
    (attached,) = action.diagnostics
    assert (attached.code, attached.range, attached.source) == (diag.code, diag.range, "shapelens")


async def test_no_quick_fix_elsewhere_or_for_other_kinds(client: LanguageClient, tmp_path):
    uri = uri_for(tmp_path, "predict_single_sample.py")
    open_doc(client, uri, PREDICT)
    (diag,) = await diagnostics_for(client, uri, version=1)
    line3 = types.Range(start=types.Position(line=3, character=0), end=types.Position(line=3, character=5))
    assert await code_actions(client, uri, line3, []) == []
    assert await code_actions(client, uri, diag.range, [diag], only=[types.CodeActionKind.SourceOrganizeImports]) == []
    assert len(await code_actions(client, uri, diag.range, [diag], only=[types.CodeActionKind.QuickFix])) == 1


@pytest.mark.parametrize("name", sorted(p.name for p in CASES.glob("*.py") if p.name != "__init__.py"))
async def test_one_action_per_core_fix(client: LanguageClient, tmp_path, name):
    """Every case file: on each diagnostic, exactly the core's fixes are offered (none for a
    diagnostic without fixes), and each one applied leaves a text that still parses."""
    text = case_text(name)
    uri = uri_for(tmp_path, name)
    open_doc(client, uri, text)
    diags = await diagnostics_for(client, uri, version=1)
    core = analyze(text, name).diagnostics
    assert [d.code for d in diags] == [d.code for d in core]
    for diag, core_diag in zip(diags, core, strict=True):
        actions = await code_actions(client, uri, diag.range, [diag])
        # Other diagnostics overlapping this range may add their own fixes.
        overlapping = [
            f.title for c in core if c.span.line <= core_diag.span.end_line and core_diag.span.line <= c.span.end_line
            for f in c.fixes
        ]
        assert {f.title for f in core_diag.fixes} <= {a.title for a in actions} <= set(overlapping)
        for action in actions:
            _, edits = action_edits(action, uri)
            fixed = apply_edits(text, edits, "utf-16")
            assert not any(d.code == "SL001" for d in analyze(fixed).diagnostics), (action.title, fixed)


async def test_quick_fix_is_for_the_current_version(client: LanguageClient, tmp_path):
    """After a change (not yet analyzed) that moves the call down a line, the fix edits the
    new text and names the new version."""
    uri = uri_for(tmp_path, "predict_single_sample.py")
    open_doc(client, uri, PREDICT, version=1)
    await diagnostics_for(client, uri, version=1)
    moved = PREDICT.replace("scores = model", "# a new comment line\nscores = model")
    change_doc(client, uri, moved, version=2)
    whole = types.Range(start=types.Position(line=0, character=0), end=types.Position(line=20, character=0))
    (action,) = await code_actions(client, uri, whole, [])
    (doc_edit,) = action.edit.document_changes
    assert doc_edit.text_document.version == 2
    (edit,) = doc_edit.edits
    assert edit.range.start.line == 9
    fixed = apply_edits(moved, doc_edit.edits, "utf-16")
    assert "model.predict(np.expand_dims(samples[2], 0))" in fixed
    assert not analyze(fixed).has_errors
