"""The shape engine: Keras 3 layer semantics in pure Python.

``make_layer`` validates a constructor call, ``build_layer`` builds it on an input shape (what
happens when a Sequential model is assembled) and ``call_layer`` applies an already built layer
to a new shape (what happens when data reaches it in ``fit``/``predict``).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

from . import (  # noqa: F401
    applications,
    attention,
    conv,
    conv_variants,
    convlstm,
    core,
    normalization,
    pooling,
    preprocessing,
    recurrent,
    regularization,
    reshaping,
    wrappers,
)
from .base import REGISTRY, Args, Built, InputSpec, LayerError, LayerRule, frozen
from .inputs import input_batch_shape, legacy_input_shape
from .shapes import UNKNOWN, Shape, _Unknown

__all__ = [
    "REGISTRY",
    "UNKNOWN",
    "Args",
    "Built",
    "InputSpec",
    "LayerError",
    "LayerRule",
    "build_layer",
    "call_layer",
    "infer",
    "input_batch_shape",
    "is_supported",
    "legacy_input_shape",
    "make_layer",
]

INPUT_LAYERS = frozenset({"Input", "InputLayer"})


def is_supported(kind: str) -> bool:
    return kind in REGISTRY


def make_layer(kind: str, args: tuple[Any, ...] = (), kwargs: Mapping[str, Any] | None = None) -> LayerRule:
    """Validate a constructor call. Raises LayerError where the Keras constructor raises."""
    rule = REGISTRY[kind]
    return rule(Args(tuple(args), dict(kwargs or {}), kind))


def build_layer(rule: LayerRule, shape: Shape | _Unknown, dtype: str | _Unknown = "float32") -> Built:
    """Build on an input shape (and dtype). UNKNOWN in, UNKNOWN out (with unknown params)."""
    if isinstance(shape, _Unknown):
        return Built(UNKNOWN, UNKNOWN, UNKNOWN, dtype=UNKNOWN)
    rule.input_spec().check(rule.name, shape)
    built = frozen(rule.build(shape), rule.trainable)
    if built.dtype is None:
        built = dataclasses.replace(built, dtype=rule.output_dtype(dtype))
    return built


def call_layer(rule: LayerRule, built: Built, shape: Shape | _Unknown) -> Shape | _Unknown:
    """Apply a built layer to another input shape; raises where Keras's call would."""
    if isinstance(shape, _Unknown):
        return UNKNOWN
    (built.spec or rule.input_spec()).check(rule.name, shape)
    return rule.call(shape)


def infer(kind: str, args: tuple[Any, ...], kwargs: Mapping[str, Any], shape: Shape,
          dtype: str = "float32") -> Built:
    """One layer, one input shape and dtype: the entry point of the differential tests."""
    return build_layer(make_layer(kind, args, kwargs), shape, dtype)
