"""The `shapelens` command: the JSON contract, exit codes, explain, bad input."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from shapelens import cli
from shapelens.cli import main
from shapelens.rules import RULES
from tests.core.paths import CASES, EXAMPLES


def run_cli(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


def test_json_contract(capsys: pytest.CaptureFixture[str]) -> None:
    path = CASES / "predict_single_sample.py"
    code, out, _ = run_cli(["check", "--format", "json", str(path)], capsys)
    assert code == 1
    (entry,) = json.loads(out)
    assert entry["path"] == str(path)
    (model,) = entry["models"]
    assert (model["name"], model["line"]) == ("model", 8)
    assert model["layers"] == [
        {"line": 8, "column": 53, "layer": "Dense", "output_shape": [None, 3], "params": 123, "dtype": "float32"}
    ]
    (diag,) = entry["diagnostics"]
    assert {k: diag[k] for k in ("line", "column", "end_line", "end_column", "severity", "code")} == {
        "line": 9, "column": 24, "end_line": 9, "end_column": 34, "severity": "error", "code": "SL301",
    }
    assert "batch axis is missing" in diag["message"]


def test_json_unknowns_are_null(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "m.py"
    src.write_text(
        "import keras\nfrom mylib import Custom\n"
        "m = keras.Sequential([keras.Input(shape=(4,)), Custom(), keras.layers.Dense(2)])\n"
    )
    code, out, _ = run_cli(["check", "--format", "json", str(src)], capsys)
    assert code == 0
    layers = json.loads(out)[0]["models"][0]["layers"]
    assert layers == [
        {"line": 3, "column": 48, "layer": "?", "output_shape": None, "params": None, "dtype": None},
        {"line": 3, "column": 58, "layer": "Dense", "output_shape": None, "params": None, "dtype": None},
    ]


def test_directory_expands_sorted_and_order_kept(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "b.py").write_text("x = 1\n")
    (tmp_path / "a.py").write_text("x = 1\n")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "c.py").write_text("x = 1\n")
    (tmp_path / ".venv").mkdir()
    (tmp_path / ".venv" / "skip.py").write_text("x = (\n")
    (tmp_path / "notes.txt").write_text("not python")
    single = tmp_path / "z.py"
    single.write_text("x = 1\n")
    code, out, _ = run_cli(["check", "--format", "json", str(single), str(tmp_path)], capsys)
    assert code == 0
    names = [Path(e["path"]).relative_to(tmp_path).as_posix() for e in json.loads(out)]
    assert names == ["z.py", "a.py", "b.py", "sub/c.py", "z.py"]


@pytest.mark.parametrize(
    ("content", "code"),
    [(b"\x00\x01\x02\x03", "SL002"), (b"\xff\xfe\xfa bad", "SL002"), (b"def f(:\n", "SL001")],
)
def test_bad_files_get_a_diagnostic(tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes,
                                    code: str) -> None:
    path = tmp_path / "bad.py"
    path.write_bytes(content)
    status, out, _ = run_cli(["check", "--format", "json", str(path)], capsys)
    assert status == 1
    (entry,) = json.loads(out)
    assert [d["code"] for d in entry["diagnostics"]] == [code]


def test_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run_cli(["check", str(tmp_path / "nope.py")], capsys)
    assert status == 1
    assert "SL002" in out and "cannot read" in out


def test_usage_error_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check"]) == 2
    assert main(["frobnicate"]) == 2
    assert main(["check", "--format", "xml", "x.py"]) == 2
    assert main(["explain", "SL999"]) == 2


def test_text_output(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run_cli(["check", str(EXAMPLES / "classic_mistakes.py")], capsys)
    assert status == 1
    assert "│ Dense        │ (None, 10)   │   7,850 │   22 │" in out
    assert "classic_mistakes.py:10:9: SL101 [error] LSTM expects an input of rank exactly 3" in out
    assert out.rstrip().endswith("Found 6 errors, 1 warning in 1 file.")


def test_clean_examples_pass(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run_cli(
        ["check", str(EXAMPLES / "mnist_cnn.py"), str(EXAMPLES / "text_classifier.py")], capsys
    )
    assert status == 0, out
    assert "All checks passed (2 files)." in out


def test_explain_every_rule(capsys: pytest.CaptureFixture[str]) -> None:
    for code in RULES:
        status, out, _ = run_cli(["explain", code.lower()], capsys)
        assert status == 0
        assert out.startswith(code) and "Why is this wrong?" in out and "Use instead" in out
    status, out, _ = run_cli(["explain"], capsys)
    assert status == 0 and len(out.splitlines()) == len(RULES)


def test_sarif(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run_cli(["check", "--format", "sarif", str(EXAMPLES / "classic_mistakes.py")], capsys)
    assert status == 1
    doc = json.loads(out)
    run = doc["runs"][0]
    assert doc["version"] == "2.1.0"
    assert {r["id"] for r in run["tool"]["driver"]["rules"]} == set(RULES)
    assert [r["ruleId"] for r in run["results"]] == ["SL101", "SL101", "SL301", "SL401", "SL202", "SL103", "SL201"]
    assert run["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] == 10


def test_module_entry_point_and_version() -> None:
    done = subprocess.run([sys.executable, "-m", "shapelens", "--version"], capture_output=True, text=True,
                          check=False)
    assert done.returncode == 0 and done.stdout.startswith("shapelens ")


# -- hostile files: read only regular files, never block, never a traceback ------------------


@pytest.mark.timeout(20)
def test_fifo_device_and_huge_files_are_skipped(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    os.mkfifo(tmp_path / "pipe.py")  # reading it would block forever
    (tmp_path / "zero.py").symlink_to("/dev/zero")  # reading it would never end
    (tmp_path / "huge.py").write_bytes(b"x = 1\n" * (11 * 1024 * 1024 // 6))  # 11 MB
    (tmp_path / "ok.py").write_text("x = 1\n")
    status, out, err = run_cli(["check", "--format", "json", str(tmp_path)], capsys)
    assert status == 1 and err == ""
    report = {Path(e["path"]).name: e["diagnostics"] for e in json.loads(out)}
    assert report["ok.py"] == []
    assert [(d["code"], d["message"]) for d in report["pipe.py"]] == [
        ("SL002", "skipped: a named pipe (FIFO), not a regular file")]
    assert [(d["code"], d["message"]) for d in report["zero.py"]] == [
        ("SL002", "skipped: a device, not a regular file")]
    ((code, message),) = [(d["code"], d["message"]) for d in report["huge.py"]]
    assert code == "SL002" and message.startswith("skipped: 11.0 MB is over the 10.0 MB limit")
    # Given by name, too.
    status, out, _ = run_cli(["check", "--no-summary", str(tmp_path / "pipe.py")], capsys)
    assert status == 1 and "pipe.py:1:1: SL002 [error] skipped: a named pipe (FIFO)" in out


def test_internal_error_is_one_line_status_2_and_no_partial_output(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "a.py").write_text("x = 1\n")
    (tmp_path / "b.py").write_text("x = 2\n")
    real = cli.analyze

    def failing(text: str, path: str, **kwargs: object) -> object:
        if path.endswith("b.py"):
            raise KeyError("boom")
        return real(text, path, **kwargs)

    monkeypatch.setattr(cli, "analyze", failing)
    for fmt in ("json", "sarif", "text", "github"):
        status, out, err = run_cli(["check", "--format", fmt, str(tmp_path)], capsys)
        assert (status, out) == (2, "")
        assert err.count("\n") == 1 and err.startswith("shapelens: internal error while checking ")
        assert "b.py: KeyError: 'boom'" in err


def test_usage_errors_are_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    for argv in (["check"], ["frobnicate"], ["check", "--format", "xml", "x.py"], []):
        assert main(argv) == 2
        out, err = capsys.readouterr()
        assert out == "" and err.count("\n") == 1 and err.startswith("shapelens: "), err


def test_python_warnings_about_the_users_code_stay_out_of_stderr(tmp_path: Path) -> None:
    """Parsing `"\\d"` makes Python warn (DeprecationWarning before 3.12, SyntaxWarning after):
    that is about the user's code, not a failure of ShapeLens."""
    path = tmp_path / "m.py"
    path.write_text('import keras\npattern = "\\d+"\nm = keras.Sequential([keras.Input(shape=(3,))])\n')
    done = subprocess.run([sys.executable, "-W", "default", "-m", "shapelens", "check", str(path)],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""


# -- workspace imports resolve from the analyzed file's project, not from the current folder --

USES_SIZE = (
    "import keras\nfrom settings import SIZE\n"
    "m = keras.Sequential([keras.Input(shape=(SIZE,)), keras.layers.Dense(2)])\n"
)


def _input_shape(out: str) -> list[int | None] | None:
    return json.loads(out)[0]["models"][0]["input_shape"]


def test_imports_are_not_read_from_outside_the_project(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Run from a parent folder, a module of that folder is not the project's."""
    (tmp_path / "settings.py").write_text("SIZE = 7\n")
    project = tmp_path / "project"
    project.mkdir()
    (project / "pyproject.toml").write_text("[project]\nname = 'p'\n")
    (project / "train.py").write_text(USES_SIZE)
    monkeypatch.chdir(tmp_path)
    status, out, _ = run_cli(["check", "--format", "json", "project/train.py"], capsys)
    assert status == 0
    assert _input_shape(out) == [None, None]


@pytest.mark.parametrize("marker", ["pyproject.toml", "setup.py", "setup.cfg", ".git"])
def test_imports_resolve_from_the_project_root_wherever_the_command_runs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, marker: str
) -> None:
    project = tmp_path / "project"
    (project / "pkg" / "models").mkdir(parents=True)
    (project / marker).mkdir() if marker == ".git" else (project / marker).write_text("")
    (project / "settings.py").write_text("SIZE = 7\n")
    (project / "pkg" / "models" / "train.py").write_text(USES_SIZE)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    status, out, _ = run_cli(["check", "--format", "json", str(project / "pkg" / "models" / "train.py")], capsys)
    assert status == 0
    assert _input_shape(out) == [None, 7]


# -- integers past Python's 4300-digit str() limit render in a short form, never crash ------

HUGE = "0x" + "f" * 1000  # 1,205 digits: kept by the analysis, too long to show in a table
HUGE_SOURCE = (
    f"import keras\nH = {HUGE}\n"
    "a = keras.Sequential([keras.Input(shape=(H,)), keras.layers.Dense(3)])\n"
    "b = keras.Sequential([keras.Input(shape=(4,)), keras.layers.Dense(H)])\n"
)


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "github"])
def test_huge_integers_render(tmp_path: Path, capsys: pytest.CaptureFixture[str], fmt: str) -> None:
    path = tmp_path / "huge.py"
    path.write_text(HUGE_SOURCE)
    status, out, err = run_cli(["check", "--format", fmt, str(path)], capsys)
    assert (status, err) == (0, "")
    if fmt == "text":
        assert "│ Dense        │ (None, ~1.32e+1204) │ ~6.59e+1204 │    4 │" in out
        assert 'Model: "a" (line 3), input (None, ~1.32e+1204)' in out
        assert " Total params: ~3.95e+1204" in out
    if fmt == "json":
        a, b = json.loads(out)[0]["models"]
        # Past int64 no Keras size exists: null, like anything the analysis cannot give.
        assert (a["input_shape"], a["params"]) == ([None, None], None)
        assert (b["layers"][0]["output_shape"], b["layers"][0]["params"]) == ([None, None], None)


def test_huge_integers_in_hovers() -> None:
    from shapelens.analysis import analyze
    from shapelens.lsp.rendering import layer_markdown, lens_title
    from shapelens.report import summary_markdown

    _, b = analyze(HUGE_SOURCE).models
    assert layer_markdown(b.layers[0]) == "**Dense** → `(None, ~1.32e+1204)` · ~6.59e+1204 params (trainable ~6.59e+1204)"
    assert lens_title(b) == "b: Sequential · 1 layer · ~6.59e+1204 params (~6.59e+1204 trainable)"
    assert "| Dense | `(None, ~1.32e+1204)` | ~6.59e+1204 | 4 |" in summary_markdown(b)


def test_literals_past_the_str_limit_are_unknown(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A 6,000-digit literal cannot even be printed by Python: the analysis leaves it unknown,
    so no message (a Reshape's, a predict()'s) tries to show it."""
    path = tmp_path / "huger.py"
    path.write_text(
        f"import keras\nimport numpy as np\nH = 0x{'f' * 5000}\n"
        "r = keras.Sequential([keras.Input(shape=(4,)), keras.layers.Reshape((H, -1))])\n"
        "m = keras.Sequential([keras.Input(shape=(4,)), keras.layers.Dense(2)])\n"
        "m.predict(np.zeros((H, 4)))\n"
    )
    for fmt in ("text", "json"):
        status, out, err = run_cli(["check", "--format", fmt, str(path)], capsys)
        assert (status, err) == (0, ""), err
    assert json.loads(out)[0]["models"][0]["layers"][0]["output_shape"] == [None, None, None]


# -- notebooks: the code cells are checked, positions are `cell N, line L` --------------------


def _notebook(cells: list[tuple[str, str | list[str]]], language: str = "python") -> str:
    return json.dumps({
        "nbformat": 4, "nbformat_minor": 5, "metadata": {"language_info": {"name": language}},
        "cells": [{"cell_type": kind, "metadata": {}, "source": source,
                   **({"outputs": [], "execution_count": None} if kind == "code" else {})}
                  for kind, source in cells],
    }, indent=1)


NOTEBOOK = _notebook([
    ("markdown", ["# A notebook\n"]),
    ("code", ["%matplotlib inline\n", "import numpy as np\n", "import keras\n", "from keras import layers\n"]),
    ("code", ["!pip install keras\n", "x_test = np.random.rand(10, 784)\n",
              "model = keras.Sequential([keras.Input(shape=(784,)),\n",
              "                          layers.Dense(10, activation='softmax')])\n"]),
    ("markdown", "Predict one digit"),
    ("code", "files = !ls\nprobs = model.predict(x_test[0])"),
])


def test_notebook_text(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "digits.ipynb"
    path.write_text(NOTEBOOK)
    status, out, err = run_cli(["check", str(path)], capsys)
    assert (status, err) == (1, "")
    assert 'Model: "model" (cell 3, line 3), input (None, 784)' in out
    assert "│ Dense        │ (None, 10)   │   7,850 │       3:4 │" in out
    assert (f"{path}:cell 5, line 2, col 23: SL301 [error] predict() gets shape (784,) but the model "
            "expects (None, 784)") in out
    assert "SL001" not in out  # %magic, !shell and `x = !cmd` lines are blanked


def test_notebook_json_sarif_github(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "digits.ipynb"
    path.write_text(NOTEBOOK)
    status, out, _ = run_cli(["check", "--format", "json", str(path)], capsys)
    assert status == 1
    (entry,) = json.loads(out)
    (model,) = entry["models"]
    assert (model["line"], model["column"], model["cell"]) == (3, 9, 3)
    assert [(la["line"], la["column"], la["cell"], la["params"]) for la in model["layers"]] == [(4, 27, 3, 7850)]
    (diag,) = entry["diagnostics"]
    assert {k: diag[k] for k in ("line", "column", "end_line", "end_column", "cell", "code")} == {
        "line": 2, "column": 23, "end_line": 2, "end_column": 32, "cell": 5, "code": "SL301"}
    status, out, _ = run_cli(["check", "--format", "sarif", str(path)], capsys)
    assert status == 1
    (result,) = json.loads(out)["runs"][0]["results"]
    assert result["message"]["text"].startswith("cell 5, line 2: predict() gets shape (784,)")
    assert result["properties"] == {"cell": 5, "line": 2, "column": 23}
    assert "region" not in result["locations"][0]["physicalLocation"]  # no JSON line of the .ipynb
    status, out, _ = run_cli(["check", "--format", "github", str(path)], capsys)
    assert status == 1
    assert out.startswith("::error file=") and ",title=SL301::cell 5, line 2: predict() gets" in out


def test_folder_scan_includes_notebooks(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "a.py").write_text("x = 1\n")
    (tmp_path / "b.ipynb").write_text(NOTEBOOK)
    (tmp_path / ".ipynb_checkpoints").mkdir()
    (tmp_path / ".ipynb_checkpoints" / "b-checkpoint.ipynb").write_text(NOTEBOOK)
    status, out, _ = run_cli(["check", "--format", "json", str(tmp_path)], capsys)
    assert status == 1
    assert [(Path(e["path"]).name, [d["code"] for d in e["diagnostics"]]) for e in json.loads(out)] == [
        ("a.py", []), ("b.ipynb", ["SL301"])]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "not a Jupyter notebook: invalid JSON"),
        ('{"cells": 3}', "no list of cells"),
        ("[" * 100_000 + "]" * 100_000, "invalid JSON"),
        (_notebook([("code", "x <- 1")], language="R"), "not a Python notebook (its language is 'R')"),
    ],
)
def test_bad_notebooks_get_a_diagnostic(tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str,
                                        message: str) -> None:
    path = tmp_path / "bad.ipynb"
    path.write_text(content)
    status, out, err = run_cli(["check", "--format", "json", str(path)], capsys)
    assert (status, err) == (1, "")
    ((code, text),) = [(d["code"], d["message"]) for d in json.loads(out)[0]["diagnostics"]]
    assert code == "SL002" and message in text, text


def test_report_on_an_ascii_stdout_is_escaped_not_a_crash(tmp_path: Path) -> None:
    """A CI log in ASCII: the box characters of the tables are escaped, the status stays 1."""
    path = tmp_path / "m.py"
    path.write_text("import keras\nm = keras.Sequential([keras.Input(shape=(3,)), keras.layers.LSTM(2)])\n")
    done = subprocess.run([sys.executable, "-m", "shapelens", "check", str(path)], capture_output=True,
                          text=True, check=False, env={**os.environ, "PYTHONIOENCODING": "ascii"})
    assert (done.returncode, done.stderr) == (1, "")
    assert "\\u250f" in done.stdout and "SL101 [error]" in done.stdout


def test_notebook_with_big_outputs_is_read(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Saved plots make a notebook bigger than the 10 MB a .py may have: up to 50 MB are read."""
    doc = json.loads(NOTEBOOK)
    doc["cells"][2]["outputs"] = [{"output_type": "display_data", "metadata": {},
                                   "data": {"image/png": "A" * (12 * 1024 * 1024)}}]
    path = tmp_path / "plots.ipynb"
    path.write_text(json.dumps(doc))
    status, out, _ = run_cli(["check", "--format", "json", str(path)], capsys)
    assert status == 1
    assert [d["code"] for d in json.loads(out)[0]["diagnostics"]] == ["SL301"]


def test_run_exits_normally_but_for_a_check(capsys: pytest.CaptureFixture[str]) -> None:
    """`run` (the process entry point) ends a check with os._exit once the report is flushed
    (the subprocess tests above cover it); every other command exits the usual way."""
    with pytest.raises(SystemExit) as exit_:
        cli.run(["explain", "SL101"])
    assert exit_.value.code == 0 and "SL101" in capsys.readouterr().out


def test_check_process_flushes_its_report_and_status(tmp_path: Path) -> None:
    path = tmp_path / "m.py"
    path.write_text("import keras\nm = keras.Sequential([keras.Input(shape=(3,)), keras.layers.LSTM(2)])\n")
    done = subprocess.run([sys.executable, "-m", "shapelens", "check", "--format", "json", str(path)],
                          capture_output=True, text=True, check=False)
    assert (done.returncode, done.stderr) == (1, "")
    assert json.loads(done.stdout)[0]["diagnostics"][0]["code"] == "SL101"
