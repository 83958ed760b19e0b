"""``model.save("my_model.keras")`` then ``keras.models.load_model("my_model.keras")`` in the
same program: the loaded model has the saved one's layers and input, as Keras rebuilds them
from the file's config. Only a save that surely ran (straight-line code) to a constant path is
followed; the architecture is taken as it was at the save, not at the load.
"""

from __future__ import annotations

import ast
from typing import Any

from ..engine.shapes import UNKNOWN
from .composition import _clone
from .program_values import certain
from .values import Model

LOAD = frozenset({"keras.models.load_model", "keras.saving.load_model"})
_SUFFIXES = (".keras", ".h5")


def _saved(interp: Any) -> dict[str, Model]:
    store = getattr(interp, "_saved_models", None)
    if store is None:
        store = {}
        interp._saved_models = store
    return store


def save(interp: Any, model: Model, node: ast.Call, args: list[Any], kwargs: dict[str, Any]) -> None:
    path = args[0] if args else kwargs.get("filepath")
    if not isinstance(path, str):
        return
    store = _saved(interp)
    store.pop(path, None)
    if certain(interp) and path.endswith(_SUFFIXES) and len(args) + len(kwargs) == 1:
        store[path] = _clone(interp, model, interp.positions.span(node))


def load(interp: Any, node: ast.Call, args: list[Any], kwargs: dict[str, Any]) -> Any:
    path = args[0] if args else kwargs.get("filepath")
    snapshot = _saved(interp).get(path) if isinstance(path, str) else None
    if snapshot is None or len(args) + len(kwargs) != 1:
        return UNKNOWN  # custom_objects= / compile= / a file the program did not write
    loaded = _clone(interp, snapshot, interp.positions.span(node))
    interp.models.append(loaded)
    return loaded
