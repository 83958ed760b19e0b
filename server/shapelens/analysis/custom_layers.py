"""User-defined subclasses of Keras layers.

Keras reports ``compute_output_shape`` as a layer's output shape when the class overrides it.
So does the analysis: ``__init__`` is interpreted to learn what it stores on ``self``, then
``compute_output_shape`` with the actual input shape. Anything it cannot evaluate leaves the
shape unknown; the parameter count is always unknown (it depends on ``build``).
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..engine import Args, Built, LayerRule
from ..engine.shapes import UNKNOWN, Shape, is_concrete

if TYPE_CHECKING:
    from .interpreter import Interpreter


@dataclass
class SelfObject:
    """``self`` inside a custom layer's methods: the attributes ``__init__`` assigned."""

    attributes: dict[str, Any] = field(default_factory=dict)


@dataclass
class CustomLayerClass:
    name: str
    node: ast.ClassDef
    methods: dict[str, Any]  # name -> Function


class CustomRule(LayerRule):
    family = "custom"

    def __init__(self, interp: Interpreter, cls: CustomLayerClass, args: list[Any], kwargs: dict[str, Any]) -> None:
        super().__init__(Args(tuple(args), dict(kwargs), cls.name))
        self.name = cls.name  # type: ignore[misc]
        self.interp = interp
        self.cls = cls
        self.self_obj = SelfObject()
        init = cls.methods.get("__init__")
        if init is not None:
            interp.call_function(init, [self.self_obj, *args], kwargs)

    def build(self, shape: Shape) -> Built:
        method = self.cls.methods.get("compute_output_shape")
        if method is None:
            return Built(_call_output(self, shape), UNKNOWN, UNKNOWN)
        result = self.interp.call_function(method, [self.self_obj, tuple(shape)], {})
        return Built(_as_shape(result), UNKNOWN, UNKNOWN)


def _call_output(rule: CustomRule, shape: Shape) -> Any:
    """Without ``compute_output_shape`` Keras runs ``call`` on a symbolic input: so does the
    analysis (it also builds the Sequential blocks ``call`` uses)."""
    from .deferred import SymbolicTensor

    call = rule.cls.methods.get("call")
    if call is None:
        return UNKNOWN
    result = rule.interp.call_function(call, [rule.self_obj, SymbolicTensor(tuple(shape))], {})
    return result.shape if isinstance(result, SymbolicTensor) else UNKNOWN


def _as_shape(value: Any) -> Any:
    if isinstance(value, (tuple, list)) and all(d is None or d is UNKNOWN or is_concrete(d) for d in value):
        return tuple(value)
    return UNKNOWN
