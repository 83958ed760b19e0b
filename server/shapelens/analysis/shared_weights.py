"""Weights counted as Keras counts them: a layer (or a whole model) used more than once in a model
shares its weights, so ``count_params()`` counts them once (``Sequential([block, block])``)."""

from __future__ import annotations

from typing import Any

from ..engine import Built
from ..engine.shapes import UNKNOWN, count
from .values import InputTensor, Layer, Model


def unique_counts(entries: list[Any], first_build: dict[int, Built]) -> tuple[Any, Any] | None:
    """(trainable, non-trainable) over the distinct layers under ``entries``; None when no layer
    repeats (the plain sum is right) or when the entries hide layers we cannot see."""
    layers: dict[int, Layer] = {}
    models: set[int] = set()
    repeated = _walk(entries, layers, models)
    if repeated is None or not repeated:
        return None
    builds = [first_build.get(key) for key in layers]
    if any(b is None for b in builds):
        return UNKNOWN, UNKNOWN
    return count(*(b.trainable for b in builds if b)), count(*(b.non_trainable for b in builds if b))


def _walk(items: list[Any], layers: dict[int, Layer], models: set[int]) -> bool | None:
    """Collect the layers and models under ``items``: whether one repeats; None for an unknown
    entry, or layers on alternative paths. (Not a closure: a recursive closure is a reference
    cycle, garbage on every call.)"""
    repeated = False
    for entry in items:
        if isinstance(entry, InputTensor):
            continue
        if isinstance(entry, Model):
            if id(entry) in models:
                repeated = True
                continue
            models.add(id(entry))
            inner = _walk(entry.entries, layers, models)
            if inner is None:
                return None
            repeated = repeated or inner
        elif isinstance(entry, Layer):
            repeated = repeated or id(entry) in layers
            layers[id(entry)] = entry
        else:
            return None
    return repeated
