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


def sequential_instances(path: Path, namespace: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """Run a program file and record every ``Sequential`` it creates, with the line of the call.

    The line is the innermost frame in ``path`` (a helper's ``Sequential(...)`` call, not its
    caller), which is where the analysis reports the model. Per built model: its layers as
    (class, output shape, params); models Keras never built have no shapes and are skipped.
    """
    import sys

    import keras

    created: list[tuple[int, Any]] = []
    original = keras.Sequential.__init__
    filename = str(path)

    def recording_init(self: Any, *args: Any, **kwargs: Any) -> None:
        frame = sys._getframe(1)
        while frame is not None and frame.f_code.co_filename != filename:
            frame = frame.f_back
        if frame is not None:
            created.append((frame.f_lineno, self))
        original(self, *args, **kwargs)

    keras.Sequential.__init__ = recording_init  # type: ignore[method-assign]
    try:
        scope = namespace if namespace is not None else {}
        scope.update({"__name__": "__main__", "__file__": filename})
        exec(compile(path.read_text(), filename, "exec"), scope)
    finally:
        keras.Sequential.__init__ = original  # type: ignore[method-assign]
    return [
        {"line": line, "layers": layers}
        for line, model in created
        if model.built and (layers := _layer_truth(model)) is not None
    ]


def _layer_truth(model: Any) -> list[tuple[str, tuple[Any, ...], int]] | None:
    layers = []
    for layer in model.layers:
        try:
            output = layer.output
        except (AttributeError, ValueError):  # called in several graphs: its first call
            nodes = getattr(layer, "_inbound_nodes", [])
            if not nodes:
                return None
            output = nodes[0].output_tensors[0]
        try:
            params = layer.count_params()
        except ValueError:
            return None
        layers.append((type(layer).__name__, tuple(output.shape), params))
    return layers
