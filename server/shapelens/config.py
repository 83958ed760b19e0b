"""User configuration: ``[tool.shapelens]`` in pyproject.toml, and suppression comments.

    [tool.shapelens]
    select = ["SL1", "SL3"]         # rule codes or prefixes to report (default: all)
    ignore = ["SL201"]              # codes or prefixes never reported
    severity = { SL104 = "error" }  # per-code severity overrides

In code, ``# shapelens: ignore[SL101]`` (or ``# shapelens: ignore`` for every code) on a
diagnostic's line silences it; ``# shapelens: ignore-file[SL201]`` (or ``ignore-file``) anywhere
in a file silences it for the whole file. Both the CLI and the language server apply them.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .files import SkippedFile, read_regular_file
from .rules import RULES

if TYPE_CHECKING:
    from .analysis.result import Diagnostic

SEVERITIES = ("error", "warning", "information", "hint")
_COMMENT = re.compile(r"#\s*shapelens:\s*(ignore-file|ignore)\b(?:\[([A-Za-z0-9_,\s]*)\])?", re.I)


class ConfigError(ValueError):
    """A [tool.shapelens] table that cannot be used; the message says what to change."""


@dataclass(frozen=True)
class Config:
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severity: dict[str, str] = field(default_factory=dict)
    source: str | None = None  # the pyproject.toml it came from

    def enabled(self, code: str) -> bool:
        if self.select and not any(code.startswith(p) for p in self.select):
            return False
        return not any(code.startswith(p) for p in self.ignore)

    def merged(self, other: Config) -> Config:
        """``other`` (e.g. editor settings) on top of this one."""
        return Config(
            other.select or self.select,
            self.ignore + other.ignore,
            {**self.severity, **other.severity},
            other.source or self.source,
        )


def parse_config(table: Any, source: str | None = None) -> Config:
    if not isinstance(table, dict):
        raise ConfigError("[tool.shapelens] must be a table")
    unknown = set(table) - {"select", "ignore", "severity"}
    if unknown:
        raise ConfigError(f"[tool.shapelens] has unknown keys: {', '.join(sorted(unknown))} "
                          "(known: select, ignore, severity)")
    select, ignore = table.get("select", []), table.get("ignore", [])
    for name, value in (("select", select), ("ignore", ignore)):
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ConfigError(f"[tool.shapelens] {name} must be a list of rule codes, e.g. [\"SL101\"]")
        for code in value:
            if not any(rule.startswith(code.upper()) for rule in RULES):
                raise ConfigError(f"[tool.shapelens] {name}: {code!r} matches no rule (see `shapelens explain`)")
    severity = table.get("severity", {})
    if not isinstance(severity, dict):
        raise ConfigError("[tool.shapelens] severity must be a table, e.g. { SL104 = \"error\" }")
    for code, level in severity.items():
        if code.upper() not in RULES:
            raise ConfigError(f"[tool.shapelens] severity: {code!r} is not a rule code")
        if level not in SEVERITIES:
            raise ConfigError(f"[tool.shapelens] severity.{code} must be one of {', '.join(SEVERITIES)}")
    return Config(
        tuple(c.upper() for c in select), tuple(c.upper() for c in ignore),
        {c.upper(): v for c, v in severity.items()}, source,
    )


_cache: dict[Path, tuple[tuple[int, int], Config]] = {}


def find_config(start: Path) -> Config:
    """The [tool.shapelens] of the nearest pyproject.toml at or above ``start`` (cached by mtime).
    A pyproject.toml without the table stops the search, as in Ruff."""
    folder = start if start.is_dir() else start.parent
    for candidate in [folder, *folder.parents]:
        path = candidate / "pyproject.toml"
        try:
            stat = path.stat()
        except OSError:
            continue
        stamp = (stat.st_mtime_ns, stat.st_size)
        cached = _cache.get(path)
        if cached is not None and cached[0] == stamp:
            return cached[1]
        config = _read_pyproject(path)
        _cache[path] = (stamp, config)
        return config
    return Config()


_MAX_PYPROJECT_BYTES = 1024 * 1024


def _read_pyproject(path: Path) -> Config:
    """The [tool.shapelens] of one pyproject.toml; ConfigError (one line, naming the file) for
    anything unusable: not a regular file, too big, not UTF-8, not TOML, nested past reason,
    ``tool`` or ``tool.shapelens`` not a table, a wrong value."""
    # Loaded only when a pyproject.toml is found: most checks never need a TOML parser.
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised on Python 3.10 only
        import tomli as tomllib
    try:
        text = read_regular_file(path, _MAX_PYPROJECT_BYTES).decode("utf-8-sig")  # a BOM is fine
        data = tomllib.loads(text)
    except SkippedFile as err:
        raise ConfigError(f"{path}: {err}") from err
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as err:
        raise ConfigError(f"{path}: cannot read it: {err}") from err
    except (RecursionError, MemoryError) as err:
        raise ConfigError(f"{path}: cannot read it: nested too deeply") from err
    tool = data.get("tool", {})
    if not isinstance(tool, dict):
        raise ConfigError(f"{path}: `tool` must be a table ([tool]), not {_toml_type(tool)}")
    table = tool.get("shapelens")
    if table is None:
        return Config(source=str(path))
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [tool.shapelens] must be a table, not {_toml_type(table)}")
    try:
        return parse_config(table, str(path))
    except ConfigError as err:
        raise ConfigError(f"{path}: {err}") from err


def _toml_type(value: object) -> str:
    return {str: "a string", bool: "a boolean", int: "an integer", float: "a float", list: "an array"}.get(
        type(value), type(value).__name__)


def suppressions(source: str) -> tuple[dict[int, set[str] | None], set[str] | None]:
    """Per 0-based line: the codes silenced there (None: all); and the file-wide ones."""
    import io  # only for a file that mentions shapelens (see apply)
    import tokenize

    comments: list[tuple[int, str]] = []
    try:
        for token in tokenize.generate_tokens(io.StringIO(source).readline):
            if token.type == tokenize.COMMENT:
                comments.append((token.start[0] - 1, token.string))
    except (tokenize.TokenError, IndentationError, SyntaxError):
        # Half-typed buffers: fall back to a line scan (a '#' inside a string may fool it).
        comments = [(i, line[line.index("#"):]) for i, line in enumerate(source.split("\n")) if "#" in line]
    lines: dict[int, set[str] | None] = {}
    file_codes: set[str] | None = set()
    for line, text in comments:
        for match in _COMMENT.finditer(text):
            codes = {c.strip().upper() for c in (match.group(2) or "").split(",") if c.strip()} or None
            if match.group(1).lower() == "ignore-file":
                file_codes = None if codes is None or file_codes is None else file_codes | codes
            else:
                current = lines.get(line, set())
                lines[line] = None if codes is None or current is None else current | codes
    return lines, file_codes


def apply(diagnostics: list[Diagnostic], source: str, config: Config | None) -> list[Diagnostic]:
    """Drop what the configuration or a suppression comment silences; apply severity overrides.
    Syntax and read errors (SL0xx) are never silenced by comments."""
    lines, file_codes = suppressions(source) if "shapelens" in source else ({}, set())
    kept = []
    for diag in diagnostics:
        if config is not None and not config.enabled(diag.code):
            continue
        if not diag.code.startswith("SL0"):
            if file_codes is None or diag.code in file_codes:
                continue
            silenced = [lines.get(n, set()) for n in {diag.span.line, diag.span.end_line}]
            if any(codes is None or diag.code in codes for codes in silenced):
                continue
        if config is not None and diag.code in config.severity:
            diag = replace(diag, severity=config.severity[diag.code])  # type: ignore[arg-type]
        kept.append(diag)
    return kept
