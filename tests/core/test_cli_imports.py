"""`shapelens check` loads only what a check needs: never the language server (pygls,
lsprotocol) nor jedi, which only the server uses to resolve the user's imports."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.cases import CASES_DIR

SERVER_ONLY = ("pygls", "lsprotocol", "jedi", "shapelens.lsp")

PROBE = """
import json, sys
from shapelens.cli import main
try:
    main(sys.argv[1:])
except SystemExit:
    pass
print(json.dumps(sorted(sys.modules)), file=sys.stderr)
"""


def _modules_after(args: list[str]) -> set[str]:
    done = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, text=True, timeout=120)
    return set(json.loads(done.stderr.strip().splitlines()[-1]))


def _server_modules(modules: set[str]) -> list[str]:
    return sorted(m for m in modules if m.split(".")[0] in SERVER_ONLY or m.startswith("shapelens.lsp"))


def test_check_does_not_import_the_server() -> None:
    case = min(p for p in Path(CASES_DIR).glob("*.py") if p.name != "__init__.py")
    modules = _modules_after(["check", str(case)])
    assert "shapelens.analysis" in modules  # the probe saw the check run
    assert _server_modules(modules) == []


def test_explain_does_not_import_the_server() -> None:
    modules = _modules_after(["explain", "SL101"])
    assert "shapelens.rules" in modules
    assert _server_modules(modules) == []


def test_serve_module_is_the_lsp_package() -> None:
    # The other side: the server's entry point is found where `shapelens serve` imports it.
    from shapelens.lsp import run_server

    assert callable(run_server)


def test_check_without_applications_does_not_load_their_tables() -> None:
    # The recorded keras.applications facts are large: a file that uses none never loads them.
    case = min(p for p in Path(CASES_DIR).glob("*.py") if p.name != "__init__.py")
    assert "keras.applications" not in case.read_text(encoding="utf-8")
    modules = _modules_after(["check", str(case)])
    assert "shapelens.analysis" in modules
    assert "shapelens.engine.applications_data" not in modules
    assert "shapelens.analysis.incremental" not in modules  # the editor's prefix cache


def test_application_names_are_the_recorded_ones() -> None:
    # The rules are registered from keras_names.APPLICATIONS; their facts come from the tables.
    from shapelens.engine.applications import APPLICATION_RULES
    from shapelens.engine.applications_data import APPLICATIONS as DATA
    from shapelens.engine.keras_names import APPLICATIONS

    assert set(APPLICATION_RULES) == set(DATA) == APPLICATIONS
