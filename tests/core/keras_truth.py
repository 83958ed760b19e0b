"""Run our own fixture files in real Keras to get the truth for whole models.

Only the project's test fixtures are executed here, never user code.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("KERAS_BACKEND", "tensorflow")


def keras_models(path: Path) -> dict[str, list[tuple[str, tuple[Any, ...], int]]]:
    """Module-level Sequential models of a fixture file: per layer (class, output shape, params)."""
    import keras

    namespace: dict[str, Any] = {"__name__": "fixture", "__file__": str(path)}
    exec(compile(path.read_text(), str(path), "exec"), namespace)
    models = {}
    for name, value in namespace.items():
        if isinstance(value, keras.Sequential):
            models[name] = [
                (type(layer).__name__, tuple(layer.output.shape), layer.count_params())
                for layer in value.layers
            ]
    return models


def run_source(source: str, path: Path) -> tuple[int | None, str | None]:
    """Run a fixture's text in real Keras: the line that raised and the error, or (None, None)."""
    import traceback

    namespace: dict[str, Any] = {"__name__": "__fixture__", "__file__": str(path)}
    try:
        exec(compile(source, str(path), "exec"), namespace)
    except Exception as exc:
        frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename == str(path)]
        return (frames[-1].lineno if frames else 0), f"{type(exc).__name__}: {str(exc)[:300]}"
    return None, None
