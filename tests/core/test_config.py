"""[tool.shapelens] configuration and suppression comments, in the core and the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from shapelens.analysis import analyze
from shapelens.cli import main
from shapelens.config import Config, ConfigError, find_config, parse_config

SOURCE = (
    "import numpy as np\nimport keras\nfrom keras import layers\n"
    "m = keras.Sequential([keras.Input(shape=(10,)), layers.LSTM(3)])\n"  # SL101
    "s = keras.Sequential([keras.Input(shape=(6,)), layers.Dense(1, activation='softmax')])\n"  # SL201
    "s.predict(np.zeros((6,)))\n"  # SL301
)


def codes(result) -> list[tuple[str, str]]:
    return [(d.code, d.severity) for d in result.diagnostics]


def test_no_config_reports_everything() -> None:
    assert codes(analyze(SOURCE)) == [("SL101", "error"), ("SL201", "warning"), ("SL301", "error")]


def test_select_ignore_and_severity() -> None:
    config = parse_config({"select": ["SL1", "SL2"], "ignore": ["SL101"], "severity": {"SL201": "error"}})
    assert codes(analyze(SOURCE, config=config)) == [("SL201", "error")]


@pytest.mark.parametrize(
    ("comment", "expected"),
    [
        ("  # shapelens: ignore[SL101]", ["SL201", "SL301"]),
        ("  # shapelens: ignore[SL999, sl101]", ["SL201", "SL301"]),
        ("  # shapelens: ignore", ["SL201", "SL301"]),
        ("  # shapelens: ignore[SL201]", ["SL101", "SL201", "SL301"]),  # wrong line for SL201
    ],
)
def test_line_suppression(comment: str, expected: list[str]) -> None:
    lines = SOURCE.split("\n")
    lines[3] += comment
    assert [c for c, _ in codes(analyze("\n".join(lines)))] == expected


def test_file_suppression_and_strings_are_not_comments() -> None:
    assert [c for c, _ in codes(analyze(SOURCE + "# shapelens: ignore-file[SL201, SL301]\n"))] == ["SL101"]
    assert codes(analyze(SOURCE + "# shapelens: ignore-file\n")) == []
    assert len(codes(analyze(SOURCE + "note = '# shapelens: ignore-file'\n"))) == 3


def test_syntax_errors_cannot_be_silenced() -> None:
    assert [c for c, _ in codes(analyze("x = (  # shapelens: ignore\n"))] == ["SL001"]


def test_pyproject_discovery(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.shapelens]\nignore = ["SL2"]\nseverity = { SL301 = "warning" }\n')
    sub = tmp_path / "pkg" / "models"
    sub.mkdir(parents=True)
    config = find_config(sub / "train.py")
    assert config == Config((), ("SL2",), {"SL301": "warning"}, str(tmp_path / "pyproject.toml"))
    # a nearer pyproject.toml without the table stops the search
    (tmp_path / "pkg" / "pyproject.toml").write_text("[project]\nname = 'x'\n")
    assert find_config(sub / "train.py") == Config(source=str(tmp_path / "pkg" / "pyproject.toml"))


@pytest.mark.parametrize(
    "table",
    [{"selct": []}, {"select": "SL1"}, {"ignore": ["XY1"]}, {"severity": {"SL101": "fatal"}}, {"severity": {"SL9": "error"}}],
)
def test_bad_config_is_a_clear_error(table: dict) -> None:
    with pytest.raises(ConfigError):
        parse_config(table)


def test_cli_uses_pyproject_and_flags(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.shapelens]\nignore = ["SL101"]\n')
    (tmp_path / "m.py").write_text(SOURCE)
    monkeypatch.chdir(tmp_path)
    assert main(["check", "--format", "json", "m.py"]) == 1
    assert [d["code"] for d in json.loads(capsys.readouterr().out)[0]["diagnostics"]] == ["SL201", "SL301"]
    assert main(["check", "--format", "json", "--ignore", "SL3", "m.py"]) == 0
    assert [d["code"] for d in json.loads(capsys.readouterr().out)[0]["diagnostics"]] == ["SL201"]
    (tmp_path / "pyproject.toml").write_text('[tool.shapelens]\nselect = ["SL7"]\n')
    assert main(["check", "m.py"]) == 2
    assert "matches no rule" in capsys.readouterr().err


def test_github_format(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "m.py"
    path.write_text(SOURCE)
    assert main(["check", "--format", "github", str(path)]) == 1
    first = capsys.readouterr().out.splitlines()[0]
    assert first.startswith("::error file=") and ",line=4,col=49," in first and "title=SL101::LSTM" in first


# Hostile pyproject.toml files: each ends in one clear line on stderr and status 2, never a
# traceback, never a hang.
DEEP = "x = " + "[" * 100_000 + "]" * 100_000 + "\n"  # past any recursion limit (jedi raises it to 3000)


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b'tool = "x"\n', "`tool` must be a table"),
        (b"[tool]\nshapelens = 3\n", "[tool.shapelens] must be a table, not an integer"),
        (b'[tool]\nshapelens = "SL1"\n', "[tool.shapelens] must be a table, not a string"),
        (DEEP.encode(), "cannot read it"),
        (b"[tool.shapelens]\nselect = [1]\n", "select must be a list of rule codes"),
        (b"[tool.shapelens]\nseverity = { SL101 = [\"error\"] }\n", "severity.SL101 must be one of"),
        (b"[tool.shapelens]\nseverity = 3\n", "severity must be a table"),
        (b"[tool.shapelens\n", "cannot read it"),
        (b"\xff\xfe[tool]\n", "cannot read it"),
    ],
)
def test_hostile_pyproject_is_one_line_and_status_2(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                   content: bytes, expected: str) -> None:
    (tmp_path / "pyproject.toml").write_bytes(content)
    (tmp_path / "m.py").write_text(SOURCE)
    assert main(["check", "--format", "json", str(tmp_path / "m.py")]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.count("\n") == 1 and err.startswith("shapelens: ") and expected in err, err
    assert str(tmp_path / "pyproject.toml") in err and "Traceback" not in err


def test_pyproject_with_a_byte_order_mark_is_read(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_bytes('\ufeff[tool.shapelens]\nignore = ["SL2"]\n'.encode())
    assert find_config(tmp_path / "m.py").ignore == ("SL2",)


@pytest.mark.timeout(20)
def test_pyproject_that_is_a_fifo_or_a_device_is_skipped(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import os

    (tmp_path / "m.py").write_text(SOURCE)
    os.mkfifo(tmp_path / "pyproject.toml")
    assert main(["check", str(tmp_path / "m.py")]) == 2
    assert "not a regular file" in capsys.readouterr().err
    (tmp_path / "pyproject.toml").unlink()
    (tmp_path / "pyproject.toml").symlink_to("/dev/zero")
    assert main(["check", str(tmp_path / "m.py")]) == 2
    assert "a device, not a regular file" in capsys.readouterr().err
