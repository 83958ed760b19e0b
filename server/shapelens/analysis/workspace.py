"""Names defined in the user's other modules: ``from config import IMG_SIZE, NUM_CLASSES``.

A module inside the workspace is located by the import's own rules (the importing file's
folder, the workspace root, ``src/``), with jedi as a fallback locator for layouts those do not
cover; it is then evaluated by the same static interpreter, never imported. Results are cached
per file and refreshed when the file changes, so the per-keystroke path costs a dictionary
lookup. Modules outside the workspace (installed packages) are never read.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..files import SkippedFile, read_regular_file
from .parsing import parse_source

_MAX_DEPTH = 3  # imports followed through this many modules
_MAX_BYTES = 2_000_000


# What marks a project's top folder, as Python tools look for it.
_PROJECT_MARKERS = ("pyproject.toml", "setup.py", "setup.cfg", ".git")


def project_root(path: Path) -> Path:
    """The folder a file's own imports resolve from: the nearest one at or above it holding a
    pyproject.toml, setup.py, setup.cfg or .git, else the file's folder. Never the current
    directory: run from a parent folder, the CLI must not read modules of another project."""
    folder = path if path.is_dir() else path.parent
    for candidate in (folder, *folder.parents):
        if any(os.path.lexists(candidate / marker) for marker in _PROJECT_MARKERS):
            return candidate
    return folder


@dataclass
class ModuleValues:
    path: Path
    stamp: tuple[int, int]
    env: dict[str, Any]
    interpreter: Any = None


@dataclass
class Workspace:
    """Resolves and evaluates the workspace's own modules. Safe to share between analyses."""

    root: Path | None = None
    use_jedi: bool = True
    _modules: dict[Path, ModuleValues] = field(default_factory=dict)
    _located: dict[tuple[str, int, str], Path | None] = field(default_factory=dict)
    _active: set[Path] = field(default_factory=set)
    jedi_lookups: int = 0

    def module_env(self, module: str, level: int, importer: str | None, depth: int) -> ModuleValues | None:
        if depth >= _MAX_DEPTH:
            return None
        path = self.locate(module, level, importer)
        if path is None or path in self._active:
            return None
        try:
            stat = path.stat()
        except OSError:
            return None
        stamp = (stat.st_mtime_ns, stat.st_size)
        cached = self._modules.get(path)
        if cached is not None and cached.stamp == stamp:
            return cached
        if stat.st_size > _MAX_BYTES:
            return None
        try:
            source = read_regular_file(path, _MAX_BYTES).decode("utf-8-sig")
            tree = parse_source(source, filename=str(path))
        except (OSError, SkippedFile, UnicodeDecodeError, SyntaxError, ValueError, RecursionError, MemoryError):
            return None
        from .diagnostics import Collector
        from .interpreter import Interpreter
        from .positions import Positions

        self._active.add(path)
        try:
            interp = Interpreter(source, Positions(source), Collector(), self, str(path), depth + 1)
            interp.run(tree, analyze_uncalled=False)
        except RecursionError:
            return None
        finally:
            self._active.discard(path)
        values = ModuleValues(path, stamp, interp.module_env, interp)
        self._modules[path] = values
        return values

    def locate(self, module: str, level: int, importer: str | None) -> Path | None:
        key = (module, level, str(Path(importer).parent) if importer else "")
        if key not in self._located:
            self._located[key] = self._search(module, level, importer)
        return self._located[key]

    def _search(self, module: str, level: int, importer: str | None) -> Path | None:
        parts = [p for p in module.split(".") if p]
        bases: list[Path] = []
        if level and importer:
            base = Path(importer).resolve().parent
            for _ in range(level - 1):
                base = base.parent
            bases.append(base)
        elif not level:
            if importer:
                bases.append(Path(importer).resolve().parent)
            if self.root is not None:
                bases += [self.root, self.root / "src"]
        for base in bases:
            for candidate in (base.joinpath(*parts).with_suffix(".py"), base.joinpath(*parts, "__init__.py")):
                if parts and candidate.is_file() and self._inside(candidate):
                    return candidate
        if self.use_jedi and importer and not level and parts:
            return self._jedi_locate(module, importer)
        return None

    def _jedi_locate(self, module: str, importer: str) -> Path | None:
        """jedi knows sys.path, namespace packages and project settings; used once per name."""
        try:
            import jedi
        except ImportError:
            return None
        self.jedi_lookups += 1
        code = f"import {module}"
        try:
            project = jedi.Project(str(self.root)) if self.root else None
            names = jedi.Script(code, path=importer, project=project).goto(1, len(code), follow_imports=True)
        except Exception as err:  # jedi raises many kinds of errors on odd setups
            import logging  # jedi loads it anyway; a check without jedi never does

            logging.getLogger(__name__).debug("jedi could not locate %s: %s", module, err)
            return None
        for name in names:
            path = name.module_path
            if path is not None and Path(path).suffix == ".py" and self._inside(Path(path)):
                return Path(path)
        return None

    def _inside(self, path: Path) -> bool:
        """Only the user's own files: never a virtualenv or an installed package."""
        resolved = path.resolve()
        if any(part in ("site-packages", "dist-packages", ".venv", "venv", "node_modules") for part in resolved.parts):
            return False
        if self.root is None:
            return True
        try:
            return os.path.commonpath([resolved, self.root.resolve()]) == str(self.root.resolve())
        except ValueError:
            return False
