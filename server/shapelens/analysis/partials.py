"""``functools.partial`` of a layer class, a custom layer class or a function of the file.

Hands-On ML builds its CNNs with ``DefaultConv2D = partial(keras.layers.Conv2D, kernel_size=3,
padding="same")``; calling the partial is calling the wrapped callable with the stored
positional arguments first and the stored keywords updated by the call's (the call wins).
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from typing import Any

from ..engine.shapes import UNKNOWN
from .custom_layers import CustomLayerClass
from .values import Function, Ref

PARTIAL = ("functools.partial",)


@dataclass(eq=False)
class Partial:
    func: Any
    args: list[Any] = field(default_factory=list)
    kwargs: dict[str, Any] = field(default_factory=dict)


def make(args: list[Any], kwargs: dict[str, Any]) -> Any:
    """``partial(func, *args, **kwargs)``; a partial of a partial flattens as Python does."""
    if not args:
        return UNKNOWN
    func, rest = args[0], list(args[1:])
    if isinstance(func, Partial):
        return Partial(func.func, [*func.args, *rest], {**func.kwargs, **kwargs})
    if not isinstance(func, (Ref, Function, CustomLayerClass)):
        return UNKNOWN
    return Partial(func, rest, dict(kwargs))


def call(interp: Any, partial: Partial, node: ast.Call, args: list[Any], kwargs: dict[str, Any]) -> Any:
    merged_args, merged_kwargs = [*partial.args, *args], {**partial.kwargs, **kwargs}
    func = partial.func
    if isinstance(func, Ref):
        return interp.call_ref(func.qualname, node, merged_args, merged_kwargs)
    if isinstance(func, Function):
        return interp.call_function(func, merged_args, merged_kwargs)
    if isinstance(func, CustomLayerClass):
        return interp.new_custom_layer(func, node, merged_args, merged_kwargs)
    return UNKNOWN
