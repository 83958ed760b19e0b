"""Instances of the file's plain classes: ``__init__`` run on a fresh object, methods, properties.

``class WindowGenerator:`` with an ``__init__`` that stores settings on ``self``, methods that use
them and ``@property`` accessors (the TensorFlow time-series tutorial). An instance is a
``Record`` whose values ``__init__`` sets (exactly in straight-line code, unknown on uncertain
paths, as every attribute assignment); a method read from it is the file's function with ``self``
bound, analyzed at each call like any function of the file. Bounded and sound: only classes whose
bases are all ``object`` (no parent may change what an instance holds), only methods with no
decorator, ``@property`` or ``@staticmethod`` (not followed); anything else stays unknown.
"""

from __future__ import annotations

import ast
import copy
from typing import Any

from ..engine.shapes import UNKNOWN
from .values import Function

# Dunders that change how instances are made or read: such a class is not followed.
_SPECIAL = frozenset({"__new__", "__setattr__", "__getattr__", "__getattribute__", "__init_subclass__",
                      "__post_init__", "__call__", "__class_getitem__"})


# A method: the function without ``self``, is it a property, the name of ``self``, its
# definition, and the module function it was (when assigned to the class after it).
Method = tuple[Function, bool, str, ast.FunctionDef, Function | None]


def methods_of(stmt: ast.ClassDef, bases: list[Any], scope: dict[str, Any],
               defaults: Any) -> dict[str, Method] | None:
    """The class's methods (function, is a property) when its instances can be followed."""
    if stmt.decorator_list or stmt.keywords or any(not (isinstance(b, ast.Name) and b.id == "object")
                                                   for b in stmt.bases):
        return None
    if any(isinstance(n, ast.Attribute) and n.attr == "__dict__" for n in ast.walk(stmt)):
        return None  # self.__dict__.update(...): attributes set where we do not look
    found: dict[str, Method] = {}
    for item in stmt.body:
        if not isinstance(item, ast.FunctionDef):
            continue
        if item.name in _SPECIAL:
            return None
        names = [d.id for d in item.decorator_list if isinstance(d, ast.Name)]
        is_property = names == ["property"] and "property" not in scope
        if names == ["staticmethod"] and len(item.decorator_list) == 1:
            continue  # cannot change an instance; its calls are not followed (unknown)
        if item.decorator_list and not is_property:
            return None  # classmethods, setters, caches may change what instances hold
        method = _method(item, scope, defaults(item), is_property)
        if method is not None:
            found[item.name] = method
    return found if "__init__" in found and not found["__init__"][1] else None


def _method(item: ast.FunctionDef, scope: dict[str, Any], defaults: dict[str, Any], is_property: bool,
            source: Function | None = None) -> Method | None:
    """The function as a method: its first parameter (``self``) left out, bound at each read."""
    params = [*item.args.posonlyargs, *item.args.args]
    if not params:
        return None
    bound = copy.copy(item)
    bound.decorator_list = []
    bound.args = copy.copy(item.args)
    if item.args.posonlyargs:
        bound.args.posonlyargs = item.args.posonlyargs[1:]
    else:
        bound.args.args = item.args.args[1:]
    return (Function(bound, scope, defaults), is_property, params[0].arg, item, source)


def add_method(cls: Any, attr: str, value: Any, certain: bool) -> None:
    """``WindowGenerator.split_window = split_window`` after the class (the time-series tutorial
    adds its methods and ``@property`` functions one cell at a time): instances made before and
    after see it, as Python looks methods up on the class. Anything else assigned there hides
    the method of that name."""
    if not cls.methods:
        return
    cls.methods.pop(attr, None)
    if not certain or not isinstance(value, Function) or not isinstance(value.node, ast.FunctionDef):
        return
    node = value.node
    names = [d.id for d in node.decorator_list if isinstance(d, ast.Name)]
    is_property = names == ["property"] and len(node.decorator_list) == 1
    if node.decorator_list and not is_property:
        return
    method = _method(node, value.scope, value.defaults, is_property, value)
    if method is not None and attr != "__init__":
        cls.methods[attr] = method


def _bound(interp: Any, record: Any, method: Method) -> Function:
    func, _, self_name, original, source = method
    interp.subclassed.covered.add(original)  # analyzed at its calls: not again with unknown self
    if source is not None:
        source.called = True  # a module function made a method: the same
    return Function(func.node, {**func.scope, self_name: record}, func.defaults, called=True)


def construct(interp: Any, cls: Any, args: list[Any], kwargs: dict[str, Any]) -> Any:
    """``WindowGenerator(...)``: a fresh record, then ``__init__`` on it; None from __init__."""
    from .program_values import Record

    record = Record(cls, {})
    init = _bound(interp, record, cls.methods["__init__"])
    if interp.call_function(init, args, kwargs) is not None:
        return UNKNOWN  # __init__ returned early in a way we could not follow
    return record


def attribute(interp: Any, record: Any, attr: str) -> Any:
    """A method with ``self`` bound, or a property's value; NotImplemented for anything else."""
    methods = getattr(record.cls, "methods", None)
    if not methods or attr not in methods:
        return NotImplemented
    if attr in record.values and not methods[attr][1]:
        return NotImplemented  # an instance attribute hides a method, never a property
    bound = _bound(interp, record, methods[attr])
    return interp.call_function(bound, [], {}) if methods[attr][1] else bound


def get_attribute(interp: Any, args: list[Any]) -> Any:
    """``getattr(obj, "name", default)`` on an instance of a followed class: the attribute, or
    the default when nothing can have set it (the class has no such attribute, and every
    attribute the instance got is known: ``__init__`` and the methods that ran set them)."""
    record, attr = args[0], args[1]
    if not isinstance(attr, str):
        return UNKNOWN
    found = attribute(interp, record, attr)
    if found is not NotImplemented:
        return found
    if attr in record.values:
        return record.values[attr]
    methods = getattr(record.cls, "methods", None)
    if len(args) == 3 and methods and not record.open and attr not in record.cls.attributes:
        return args[2]
    return UNKNOWN
