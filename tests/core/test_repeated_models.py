"""A model built by a helper called many times is listed once per distinct result (report, JSON,
hovers), while each call site's diagnostics are still reported."""

from __future__ import annotations

import json
import textwrap

import pytest

from shapelens.analysis import analyze
from shapelens.cli import main

SOURCE = textwrap.dedent("""
    import keras
    from keras import layers


    def build(n):
        model = keras.Sequential([keras.Input(shape=(n,)), layers.Dense(8), layers.Reshape((4, 2))])
        return model


    first = build(3)
    second = build(3)
    wider = build(5)
    more = [build(3) for _ in range(19)]


    def broken(n):
        return keras.Sequential([keras.Input(shape=(n,)), layers.Reshape((4, 2))])


    ok = broken(8)
    bad = broken(6)
    worse = broken(10)
    again = broken(10)
""")


def test_one_model_per_definition_and_shape() -> None:
    result = analyze(SOURCE, "snippet.py")
    listed = [(m.name, m.span.line, m.input_shape) for m in result.models]
    assert listed == [
        ("model", 6, (None, 3)), ("model", 6, (None, 5)),
        ("ok", 17, (None, 8)), ("bad", 17, (None, 6)), ("worse, again", 17, (None, 10)),
    ]
    # Hovers: the first report answers for every place the repeated model went.
    lines = {span.line for span in result.models[0].references}
    assert {10, 11}.issubset(lines)


def test_each_call_site_still_reports_its_own_error() -> None:
    result = analyze(SOURCE, "snippet.py")
    errors = [(d.code, d.span.line, d.message) for d in result.diagnostics]
    assert [(code, line) for code, line, _ in errors] == [("SL103", 17), ("SL103", 17)]
    assert len({message for _, _, message in errors}) == 2


def test_json_lists_each_model_once(tmp_path: pytest.TempPathFactory, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "helper.py"  # type: ignore[operator]
    path.write_text(SOURCE)
    main(["check", "--format", "json", str(path)])
    (entry,) = json.loads(capsys.readouterr().out)
    assert len(entry["models"]) == 5
