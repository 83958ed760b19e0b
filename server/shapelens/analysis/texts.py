"""Python strings whose content the analysis does not know, but whose type it does.

``[" ".join(words) for _ in range(64)]`` builds 64 reviews: their text is data, yet a dataset
made of them (``from_tensor_slices((texts, labels))``) has a known element spec, strings of
shape (). ``SOME_TEXT`` stands for such a string inside a list built by a comprehension; it only
ever becomes the dtype of an array (``arrays.literal``), everything else sees an unknown value.
"""

from __future__ import annotations

import ast
from typing import Any

from ..engine.shapes import UNKNOWN


class _SomeText:
    def __repr__(self) -> str:
        return "SOME_TEXT"


SOME_TEXT: Any = _SomeText()

# str methods that always return a str (whatever their arguments, when they do not raise).
_STR_METHODS = frozenset({"join", "lower", "upper", "strip", "replace", "format", "title", "capitalize"})


def _makes_text(node: ast.expr) -> bool:
    """The expression is a str by syntax: a str method on a string literal."""
    return isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
        and node.func.attr in _STR_METHODS and isinstance(node.func.value, ast.Constant) \
        and isinstance(node.func.value.value, str)


def comprehension_item(elt: ast.expr, value: Any) -> Any:
    """An item of a list comprehension: an unknown value that is a str by syntax is SOME_TEXT."""
    return SOME_TEXT if value is UNKNOWN and _makes_text(elt) else value
