"""Python lists the analyzed code fills and changes (``append``, ``extend``, ``+=``, ``l[i] = v``).

A list is a plain Python ``list`` in the interpreter, shared by every name that refers to it, so a
change made through one alias is seen through all. Changes are followed exactly where the code
runs a known number of times (straight-line code, loops unrolled over known sequences). A change
made where the count is unknown - inside a loop not unrolled, or on one path of an ``if`` - to a
list made outside of it makes the list *lost*: every later read of it, through any alias, is
UNKNOWN. A list filled in a loop we cannot count is unknown, never empty.
"""

from __future__ import annotations

import ast
from typing import Any

from ..engine.shapes import UNKNOWN, is_concrete
from .budget import MAX_FOLDED
from .values import Function

# Methods that change a list in place.
MUTATORS = frozenset({"append", "extend", "insert", "pop", "remove", "clear", "sort", "reverse"})
# Longest list the analysis keeps; a longer one is unknown (bounded work).
MAX_ITEMS = MAX_FOLDED


class ListTracker:
    """Where each list was made (how deep in uncertain code), and which lists are lost."""

    def __init__(self) -> None:
        # Lists made inside uncertain code, by id, with their level; others are level 0. The
        # list itself is kept so that its id is never reused by another list.
        self._born: dict[int, tuple[list[Any], int]] = {}
        self._lost: dict[int, list[Any]] = {}

    def born(self, value: Any, level: int) -> Any:
        if isinstance(value, list) and level > 0:
            self._born[id(value)] = (value, level)
        return value

    def visible(self, value: Any) -> Any:
        """The value as a reader sees it: a lost list is UNKNOWN."""
        if isinstance(value, list) and id(value) in self._lost:
            return UNKNOWN
        return value

    def lose(self, value: Any) -> None:
        if isinstance(value, list):
            self._lost[id(value)] = value

    def _changeable(self, target: list[Any], level: int) -> bool:
        """True when a change at ``level`` can be followed exactly; else the list is lost."""
        if id(target) in self._lost:
            return False
        born = self._born.get(id(target))
        if level > (born[1] if born is not None else 0):
            self.lose(target)
            return False
        return True

    def call(self, target: list[Any], name: str, args: list[Any], kwargs: dict[str, Any], level: int) -> Any:
        """``target.name(*args)``: the result, with the change applied or the list lost."""
        if name == "copy" and not kwargs and not args and id(target) not in self._lost:
            return self.born(list(target), level)
        if name not in MUTATORS:
            return UNKNOWN
        if not self._changeable(target, level):
            return UNKNOWN
        result = _apply(target, name, args, kwargs)
        if result is _FAILED or len(target) > MAX_ITEMS:
            self.lose(target)
            return UNKNOWN
        return result

    def extend(self, target: list[Any], items: Any, level: int) -> bool:
        """``target += items`` in place; False (and the list lost) when it cannot be followed."""
        if self._changeable(target, level) and _apply(target, "extend", [items], {}) is not _FAILED \
                and len(target) <= MAX_ITEMS:
            return True
        self.lose(target)
        return False

    def setitem(self, target: list[Any], key: Any, value: Any, level: int) -> None:
        """``target[key] = value``."""
        if not self._changeable(target, level):
            return
        if is_concrete(key) and -len(target) <= key < len(target):
            target[key] = value
        else:
            self.lose(target)  # a slice or an index we cannot see: the length may change

    def lose_mutated(self, nodes: list[ast.AST], env: dict[str, Any]) -> None:
        """Before code that may run any number of times: lose the lists it changes by name
        (``hidden.append(u)``, ``hidden[i] = v``, ``hidden += [u]``, ``del hidden[0]``), so that
        reads of them in that code already see UNKNOWN."""
        for name in _mutated_names(nodes):
            self.lose(env.get(name))
        # One call deep: the file's functions called there, changing a list passed to them or
        # one they reach by name (``def grow(values): values.append(...)``).
        for node in (n for root in nodes for n in ast.walk(root)):
            func = env.get(node.func.id) if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) else None
            if not isinstance(func, Function):
                continue
            changed = _mutated_names(func.node.body)
            params = [a.arg for a in (*func.node.args.posonlyargs, *func.node.args.args)]
            for name in changed - set(params):
                self.lose(env.get(name))
            passed = [*zip(params, node.args, strict=False), *((k.arg, k.value) for k in node.keywords)]
            for param, arg in passed:
                if param in changed and isinstance(arg, ast.Name):
                    self.lose(env.get(arg.id))


_FAILED = object()


def _apply(target: list[Any], name: str, args: list[Any], kwargs: dict[str, Any]) -> Any:
    """Apply one list method to ``target``: its result, or ``_FAILED`` when its effect is unclear."""
    if kwargs:
        return _FAILED
    if name == "append" and len(args) == 1:
        target.append(args[0])
    elif name == "extend" and len(args) == 1 and isinstance(args[0], (list, tuple, str)):
        target.extend(args[0])
    elif name == "insert" and len(args) == 2 and is_concrete(args[0]):
        # Python clamps the index to the list; clamped here first, as a huge int overflows insert().
        target.insert(max(-len(target) - 1, min(args[0], len(target))), args[1])
    elif name == "clear" and not args:
        target.clear()
    elif name == "reverse" and not args:
        target.reverse()
    elif name == "pop" and len(args) <= 1 and target:
        index = args[0] if args else -1
        if not is_concrete(index) or not -len(target) <= index < len(target):
            return _FAILED
        return target.pop(index)
    else:
        return _FAILED  # remove, sort and anything unclear: the list becomes unknown
    return None


def _mutated_names(nodes: list[ast.AST]) -> set[str]:
    names: set[str] = set()
    for root in nodes:
        for node in ast.walk(root):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
                    and node.func.attr in MUTATORS and isinstance(node.func.value, ast.Name):
                names.add(node.func.value.id)
            elif isinstance(node, ast.Subscript) and isinstance(node.ctx, (ast.Store, ast.Del)) \
                    and isinstance(node.value, ast.Name):
                names.add(node.value.id)
            elif isinstance(node, ast.AugAssign) and isinstance(node.target, ast.Name):
                names.add(node.target.id)
    return names
