"""The README's rule and layer tables are generated from the code and must not drift."""

from __future__ import annotations

import importlib.util

from tests.core.paths import ROOT


def test_readme_tables_match_the_code() -> None:
    spec = importlib.util.spec_from_file_location("gen_readme_tables", ROOT / "tools" / "gen_readme_tables.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    text = (ROOT / "README.md").read_text()
    assert module.render(text) == text, "run tools/gen_readme_tables.py"
