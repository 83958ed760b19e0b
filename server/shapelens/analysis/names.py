"""Resolving library names from the syntax tree: imports, aliases, attribute chains.

jedi cannot see through ``tensorflow.keras`` (a lazy loader), so imports are followed here:
``import tensorflow as tf`` + ``tf.keras.layers.Dense``, ``from keras import layers as L``,
``from tensorflow.keras.layers import Dense as D`` all name ``keras.layers.Dense``.
"""

from __future__ import annotations

import ast
from functools import lru_cache

from ..engine.keras_names import ALIASES, APPLICATIONS, LAYER_CLASSES
from .values import Ref

# Module paths that are the same Keras under another name.
_KERAS_PREFIXES = (
    "tensorflow.keras",
    "tensorflow.python.keras",
    "tf_keras",
    "keras.api",
    "keras.src",
    "keras_core",  # Keras 3 under its pre-release name
)

# TensorFlow's compat namespaces expose the same ``keras`` (Keras 3 in TF 2.21) and array ops.
_TF_COMPAT = ("tensorflow.compat.v1", "tensorflow.compat.v2")

# What ``from <module> import *`` binds for Keras modules (Keras 3.15, ``dir()`` of each).
_STAR_EXPORTS: dict[str, tuple[str, ...]] = {
    "keras": (
        "Input", "InputSpec", "Layer", "Model", "Sequential", "activations", "applications", "backend",
        "callbacks", "config", "constraints", "datasets", "initializers", "layers", "losses", "metrics",
        "mixed_precision", "models", "ops", "optimizers", "preprocessing", "random", "regularizers",
        "saving", "utils",
    ),
    "keras.models": ("Model", "Sequential", "clone_model", "load_model", "model_from_json", "save_model"),
    "keras.layers": (
        *sorted(LAYER_CLASSES), *sorted(ALIASES),
        "add", "average", "concatenate", "dot", "maximum", "minimum", "multiply", "subtract",
    ),
}


@lru_cache(maxsize=4096)  # a pure function of a string, asked for every attribute of a library name
def canonical(qualname: str) -> str:
    """``tensorflow.keras.layers.Dense`` -> ``keras.layers.Dense``."""
    for prefix in _TF_COMPAT:
        if qualname == prefix or qualname.startswith(prefix + "."):
            qualname = "tensorflow" + qualname[len(prefix):]
    for prefix in _KERAS_PREFIXES:
        if qualname == prefix or qualname.startswith(prefix + "."):
            return "keras" + qualname[len(prefix):]
    if qualname.startswith("keras._tf_keras.keras"):
        return "keras" + qualname[len("keras._tf_keras.keras"):]
    return qualname


def import_bindings(node: ast.Import | ast.ImportFrom, package: str | None = None) -> dict[str, Ref]:
    """The names an import statement binds, each to the canonical object it names."""
    bound: dict[str, Ref] = {}
    if isinstance(node, ast.Import):
        for alias in node.names:
            if alias.asname:
                bound[alias.asname] = Ref(canonical(alias.name))
            else:
                top = alias.name.split(".")[0]
                bound[top] = Ref(canonical(top))
        return bound
    if node.level or node.module is None:
        return bound  # relative imports name the user's own modules
    module = canonical(node.module)
    for alias in node.names:
        if alias.name == "*":
            for name in _STAR_EXPORTS.get(module, ()):
                bound[name] = Ref(canonical(f"{module}.{name}"))
            continue
        bound[alias.asname or alias.name] = Ref(canonical(f"{module}.{alias.name}"))
    return bound


def layer_kind(qualname: str) -> str | None:
    """The Keras layer class a canonical name refers to (aliases resolved), if it is one.

    A capitalized name under ``keras.layers`` that Keras does not have is returned as is: the
    interpreter reports it.
    """
    parts = qualname.split(".")
    if len(parts) >= 3 and parts[0] == "keras" and parts[1] == "layers" and parts[-1][:1].isupper():
        return ALIASES.get(parts[-1], parts[-1])
    if qualname in ("keras.Input", "keras.InputLayer"):
        return parts[-1]
    if len(parts) >= 3 and parts[:2] == ["keras", "applications"] and parts[-1] in APPLICATIONS:
        return parts[-1]
    return None


def is_layer_name(kind: str) -> bool:
    return kind in LAYER_CLASSES or kind in ALIASES or kind in APPLICATIONS


def is_sequential(qualname: str) -> bool:
    return qualname in ("keras.Sequential", "keras.models.Sequential", "keras.models.sequential.Sequential")
