"""The ``shapelens`` command: ``check`` files, ``explain`` a rule, ``serve`` the language server."""

from __future__ import annotations

import argparse
import gc
import os
import sys
import warnings
from collections.abc import Iterator, Sequence
from dataclasses import fields
from pathlib import Path
from typing import NoReturn

from . import __version__
from .analysis import FileAnalysis, Span, Workspace, analyze
from .analysis.diagnostics import Collector
from .analysis.workspace import project_root
from .config import Config, ConfigError, find_config, parse_config
from .files import MAX_BYTES, SkippedFile, read_regular_file
from .report import render_github, render_json, render_sarif, render_text
from .rules import RULES, explain

# Folders that hold no user code worth checking.
_SKIP_DIRS = {".git", ".hg", ".svn", ".venv", "venv", "env", "__pycache__", "node_modules", ".tox",
              ".mypy_cache", ".ruff_cache", ".pytest_cache", "site-packages", "build", "dist"}


def iter_python_files(paths: Sequence[str]) -> Iterator[Path]:
    """Each path in order; a directory expands to its ``*.py`` and ``*.ipynb`` files
    (recursively), sorted."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = [
                p for pattern in ("*.py", "*.ipynb") for p in path.rglob(pattern)
                if not any(part in _SKIP_DIRS or part.startswith(".") for part in p.relative_to(path).parts[:-1])
            ]
            yield from sorted(found)
        else:
            yield path


def workspace_for(path: Path, workspaces: dict[Path, Workspace]) -> Workspace:
    """The analyzed file's own project (see ``project_root``), wherever the command runs from."""
    root = project_root(path.resolve())
    if root not in workspaces:
        workspaces[root] = Workspace(root)
    return workspaces[root]


def check_file(path: Path, workspace: Workspace | None = None, config: Config | None = None) -> FileAnalysis:
    """Read and analyze one file; unreadable or skipped files get a diagnostic, never an exception."""
    notebook = path.suffix.lower() == ".ipynb"
    if notebook:  # only then: a check of .py files never loads the notebook reader
        from .notebooks import NOTEBOOK_MAX_BYTES, NotebookAnalysis, NotebookError, notebook_program
    try:
        data = read_regular_file(path, NOTEBOOK_MAX_BYTES if notebook else MAX_BYTES)
    except SkippedFile as skipped:
        return _unreadable(path, str(skipped))
    except OSError as err:
        return _unreadable(path, f"cannot read the file: {err.strerror or err}")
    if b"\x00" in data:
        return _unreadable(path, "the file contains NUL bytes: it is binary, not Python source")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        return _unreadable(path, f"the file is not UTF-8 text ({err.reason} at byte {err.start})")
    program = None
    if notebook:
        try:
            program = notebook_program(text)
        except NotebookError as err:
            return _unreadable(path, str(err))
        text = program.text
    # Python's warnings about the user's code (invalid escape sequences...) are not ours to print.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = analyze(text, str(path), workspace=workspace, config=config)
    if program is None:
        return result
    return NotebookAnalysis(**{f.name: getattr(result, f.name) for f in fields(result)}, program=program)


def _unreadable(path: Path, message: str) -> FileAnalysis:
    sink = Collector()
    sink.add(Span(0, 0, 0, 0), "SL002", message)
    return FileAnalysis(str(path), [], sink.sorted())


def _check(args: argparse.Namespace) -> int:
    workspaces: dict[Path, Workspace] = {}
    current = "the command line"
    try:
        overrides = parse_config(
            {key: value for key, value in (("select", args.select), ("ignore", args.ignore)) if value}
        )
        results = []
        for path in iter_python_files(args.paths):
            current = str(path)
            config = find_config(path.resolve()).merged(overrides)
            results.append(check_file(path, workspace_for(path, workspaces), config))
        current = "the report"
        if args.format == "json":
            out = render_json(results)
        elif args.format == "sarif":
            out = render_sarif(results)
        elif args.format == "github":
            out = render_github(results)
        else:
            out = render_text(results, summaries=not args.no_summary)
    except ConfigError as err:
        _fail(str(err))
        return 2
    except RecursionError:
        _fail(f"internal error while checking {current}: too deeply nested")
        return 2
    except Exception as err:  # never a traceback, never half a report: one line and status 2
        _fail(f"internal error while checking {current}: {type(err).__name__}: {err}")
        return 2
    # The whole report is built before anything is printed: a failure leaves stdout empty.
    _write(out)
    return 1 if any(r.has_errors for r in results) else 0


def _write(text: str) -> None:
    """Print the report whatever stdout's encoding (an ASCII terminal, a file name that is not
    UTF-8): what it cannot encode is escaped. The text is encoded whole before it is written."""
    encoding = getattr(sys.stdout, "encoding", None) or "utf-8"
    try:
        text.encode(encoding, getattr(sys.stdout, "errors", None) or "strict")
    except (UnicodeEncodeError, LookupError):
        text = text.encode(encoding, "backslashreplace").decode(encoding, "replace")
    sys.stdout.write(text)
    sys.stdout.flush()


def _fail(message: str) -> None:
    """One line on stderr, whatever the message holds."""
    line = " ".join(message.split())
    print(f"shapelens: {line[:500]}", file=sys.stderr)


def _explain(args: argparse.Namespace) -> int:
    if not args.code:
        for rule in RULES.values():
            print(f"{rule.code}  {rule.name:<28} {rule.severity:<8} {rule.summary}")
        return 0
    text = explain(args.code)
    if text is None:
        print(f"shapelens: unknown rule code {args.code!r}; `shapelens explain` lists them", file=sys.stderr)
        return 2
    print(text, end="")
    return 0


def _serve(args: argparse.Namespace) -> int:
    from .lsp import run_server

    run_server(tcp=args.tcp, host=args.host, port=args.port)
    return 0


def _codes(text: str) -> list[str]:
    return [code.strip().upper() for code in text.split(",") if code.strip()]


class UsageError(Exception):
    """A command line argparse rejects; its message is one line."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{message} (see `{self.prog} --help`)")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="shapelens", description="Catch Keras Sequential model shape mistakes before the code runs."
    )
    parser.add_argument("--version", action="version", version=f"shapelens {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    check = sub.add_parser("check", help="analyze files and folders, print models and diagnostics")
    check.add_argument("paths", nargs="+", metavar="PATH")
    check.add_argument("--format", choices=("text", "json", "sarif", "github"), default="text")
    check.add_argument("--no-summary", action="store_true", help="print only the diagnostics")
    check.add_argument("--select", type=_codes, default=[], metavar="CODES",
                       help="comma-separated rule codes or prefixes to report (overrides pyproject.toml)")
    check.add_argument("--ignore", type=_codes, default=[], metavar="CODES",
                       help="comma-separated rule codes or prefixes to leave out")
    check.set_defaults(func=_check)

    exp = sub.add_parser("explain", help="document a rule (no code: list all rules)")
    exp.add_argument("code", nargs="?")
    exp.set_defaults(func=_explain)

    serve = sub.add_parser("serve", help="run the language server (stdio by default)")
    serve.add_argument("--stdio", action="store_true", help="use stdio (the default; editors pass it)")
    serve.add_argument("--tcp", action="store_true", help="listen on TCP instead of stdio")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=2087)
    serve.set_defaults(func=_serve)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Exit status: 0 no error found, 1 errors found, 2 a usage or internal error (one line on
    stderr, never a traceback)."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except UsageError as err:
        _fail(str(err))
        return 2
    except SystemExit as exit_:  # --help, --version
        return int(exit_.code or 0)
    try:
        return int(args.func(args))
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except Exception as err:
        _fail(f"internal error: {type(err).__name__}: {err}")
        return 2


def run(argv: Sequence[str] | None = None) -> NoReturn:
    """The process entry point (``shapelens`` and ``python -m shapelens``): ``main``, then exit.

    A check is a short-lived process: its data is freed by reference counting (the analysis makes
    no cycles worth collecting), so the cyclic collector stays off, and the process ends without
    tearing down every module and object once the report is flushed (measured: 5% of a 2k-line
    check). The other commands exit normally (the server runs threads)."""
    args = list(sys.argv[1:] if argv is None else argv)
    check = args[:1] == ["check"]
    if check:
        gc.disable()
    code = main(args)
    if not check:
        sys.exit(code)
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):  # a closed pipe: nothing more can be said
        pass
    os._exit(code)


if __name__ == "__main__":
    run()
