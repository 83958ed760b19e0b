"""A document's rule configuration: the ``[tool.shapelens]`` table of its nearest
pyproject.toml with the editor's ``shapelens.select``/``ignore``/``severity`` settings on top."""

from __future__ import annotations

from pathlib import Path

from ..config import Config, ConfigError, find_config
from .documents import CONFIG_FILE


def effective_config(path: str | None, editor: Config | None) -> tuple[Config | None, str | None]:
    """The project's [tool.shapelens] (nearest pyproject.toml) with the editor settings on top,
    and the project error if its table cannot be used (it is then left out)."""
    project, error = None, None
    if path:
        try:
            project = find_config(Path(path))
        except ConfigError as err:
            error = str(err)
            if CONFIG_FILE not in error:
                where = _nearest_config_file(Path(path))
                error = f"{where}: {error}" if where else error
        except Exception as err:  # an unreadable folder or the like: analyze without it
            error = f"cannot read the configuration for {path}: {err}"
    if project is None:
        return editor, error
    return (project if editor is None else project.merged(editor)), error


def _nearest_config_file(path: Path) -> Path | None:
    for folder in path.parents:
        candidate = folder / CONFIG_FILE
        if candidate.is_file():
            return candidate
    return None
