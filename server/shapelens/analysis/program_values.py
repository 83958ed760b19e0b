"""Plain program values real scripts use to configure models: dicts, config classes, lists.

``CONFIG = {"hidden": 64}`` then ``Dense(CONFIG["hidden"])``; ``@dataclass class Config: hidden:
int = 64`` then ``Config().hidden``; ``namedtuple`` and ``typing.NamedTuple`` defaults; plain
classes holding constants (``class CFG: units = 32``); lists filled by ``append`` in loops the
interpreter unrolls. Mutation is followed where it is certain (straight-line code and unrolled
loops); inside branches and loops of unknown count a mutated value becomes unknown, never a guess.

``argparse`` defaults are deliberately not followed: the command line may override them, and a
shape (or an error) that holds only under that assumption would be a guess.
"""

from __future__ import annotations

import ast
import copy
import math
import re
from dataclasses import dataclass, field
from typing import Any

from ..engine.formats import IMAGE_DATA_FORMAT
from ..engine.shapes import UNKNOWN, is_concrete
from . import plain_objects
from .values import Ref

_MAX_ITEMS = 4096  # a list grown by append stays bounded


class DictValue(dict):  # type: ignore[type-arg]
    """A dict whose keys are known; ``open`` once a key we cannot see may have been set."""

    open: bool = False

    def lookup(self, key: Any) -> Any:
        if not _hashable(key) or key is UNKNOWN:
            return UNKNOWN
        return self.get(key, UNKNOWN)

    def poison(self) -> None:
        for key in self:
            self[key] = UNKNOWN
        self.open = True


@dataclass(eq=False)
class RecordClass:
    """A class used as a record of settings: a dataclass, a NamedTuple, or constants in a class body."""

    name: str
    kind: str  # "dataclass", "namedtuple" or "plain"
    fields: list[str] = field(default_factory=list)
    defaults: dict[str, Any] = field(default_factory=dict)
    attributes: dict[str, Any] = field(default_factory=dict)
    # False when __init__/__post_init__/__new__ (or an unknown base) decide what instances hold.
    plain_init: bool = True
    frozen: bool = False
    # A plain class with its own __init__: its methods with self bound (plain_objects).
    methods: dict[str, Any] = field(default_factory=dict)


@dataclass(eq=False)
class Record:
    """An instance of a ``RecordClass``: its field values; ``open`` after an unknown change."""

    cls: RecordClass
    values: dict[str, Any]
    open: bool = False

    def get(self, attr: str) -> Any:
        if attr in self.values:
            return self.values[attr]
        if self.open:
            return UNKNOWN
        value = self.cls.attributes.get(attr, UNKNOWN)
        return value if not callable_like(value) else UNKNOWN


def callable_like(value: Any) -> bool:
    from .values import Function

    return isinstance(value, Function)


TYPES = (DictValue, RecordClass, Record)


def _hashable(key: Any) -> bool:
    try:
        hash(key)
    except TypeError:
        return False
    return True


def joined_str(interp: Any, node: ast.JoinedStr) -> Any:
    """An f-string of known values (column and layer names built in loops)."""
    parts: list[str] = []
    for item in node.values:
        if isinstance(item, ast.Constant) and isinstance(item.value, str):
            parts.append(item.value)
            continue
        if not isinstance(item, ast.FormattedValue):
            return UNKNOWN
        value = interp.eval(item.value)
        spec = joined_str(interp, item.format_spec) if isinstance(item.format_spec, ast.JoinedStr) else ""
        if not (value is None or isinstance(value, (bool, int, float, str))) or not isinstance(spec, str):
            return UNKNOWN
        if len(spec) > 16 or any(int(d) > 1000 for d in re.findall(r"\d+", spec)):
            return UNKNOWN  # widths and precisions stay small: no huge strings from user text
        value = {115: str, 114: repr, 97: ascii}.get(item.conversion, lambda v: v)(value)
        try:
            parts.append(format(value, spec))
        except (ValueError, TypeError):
            return UNKNOWN
        if sum(map(len, parts)) > 10_000:
            return UNKNOWN
    return "".join(parts)


# ----- dicts ---------------------------------------------------------------------------------


def dict_literal(interp: Any, node: ast.Dict) -> Any:
    out = DictValue()
    for key_node, value_node in zip(node.keys, node.values, strict=False):
        if key_node is None:  # {**other}
            inner = interp.eval(value_node)
            if not isinstance(inner, DictValue):
                out.poison()
                continue
            out.update(inner)
            out.open = out.open or inner.open
            continue
        key, value = interp.eval(key_node), interp.eval(value_node)
        if key is UNKNOWN or not _hashable(key) or not _is_key(key):
            out.poison()
        else:
            out[key] = value
    return out


def _is_key(key: Any) -> bool:
    return key is None or isinstance(key, (bool, int, float, str, tuple))


def dict_comprehension(interp: Any, node: ast.DictComp) -> Any:
    """``{name: f(name) for name in names}`` over a known, short sequence."""
    from .interpreter import _iteration

    if len(node.generators) != 1 or node.generators[0].is_async:
        return UNKNOWN
    gen = node.generators[0]
    items = _iteration(interp.eval(gen.iter))
    if items is None:
        return UNKNOWN
    saved = interp.env
    interp.env = dict(saved)
    out = DictValue()
    try:
        for item in items:
            interp.bind(gen.target, item)
            conditions = [interp.eval(cond) for cond in gen.ifs]
            if not all(c is None or isinstance(c, (bool, int, str)) for c in conditions):
                return UNKNOWN
            if all(conditions):
                key = interp.eval(node.key)
                if key is UNKNOWN or not _is_key(key) or not _hashable(key):
                    return UNKNOWN
                out[key] = interp.eval(node.value)
    finally:
        interp.env = saved
    return out


def make_dict(args: list[Any], kwargs: dict[str, Any]) -> Any:
    """``dict(a=1)``, ``dict(other, b=2)``, ``dict([("a", 1)])``."""
    out = DictValue()
    if len(args) > 1:
        return UNKNOWN
    if args:
        source = args[0]
        if isinstance(source, DictValue):
            out.update(source)
            out.open = source.open
        elif isinstance(source, (list, tuple)) and all(
                isinstance(p, (list, tuple)) and len(p) == 2 and _is_key(p[0]) and p[0] is not UNKNOWN
                for p in source):
            out.update((p[0], p[1]) for p in source)
        else:
            return UNKNOWN
    out.update(kwargs)
    return out


def dict_method(interp: Any, d: DictValue, name: str, node: ast.Call, args: list[Any],
                kwargs: dict[str, Any]) -> Any:
    if name == "get" and 1 <= len(args) <= 2:
        key = args[0]
        if key is UNKNOWN or not _hashable(key):
            return UNKNOWN
        if key in d:
            return d[key]
        return UNKNOWN if d.open else (args[1] if len(args) > 1 else None)
    if name in ("keys", "values", "items") and not args:
        if d.open:
            return UNKNOWN
        return list(d.keys()) if name == "keys" else list(d.values()) if name == "values" \
            else [(k, v) for k, v in d.items()]
    if name == "copy" and not args:
        out = DictValue(d)
        out.open = d.open
        return out
    # Mutations: exact in straight-line code, unknown on uncertain paths.
    sure = certain(interp)
    if name == "update":
        other = make_dict(args, kwargs)
        if not sure or not isinstance(other, DictValue):
            _forget(interp, node, d)
        else:
            d.update(other)
            d.open = d.open or other.open
        return None
    if name in ("pop", "setdefault") and args:
        key = args[0]
        value = d.lookup(key) if key in d or d.open or len(args) < 2 else args[1]
        if not sure or key is UNKNOWN or not _hashable(key):
            _forget(interp, node, d)
        elif name == "pop":
            d.pop(key, None)
        elif key not in d:
            d[key] = args[1] if len(args) > 1 else None
        return value
    if name in ("clear", "popitem"):
        _forget(interp, node, d)
        return UNKNOWN if name == "popitem" else None
    return UNKNOWN


def set_item_on(interp: Any, base: Any, target: ast.Subscript, value: Any) -> None:
    """``d[key] = value``; for other containers only the evaluation's side effects."""
    key = interp.eval(target.slice)
    if isinstance(base, DictValue):
        if not certain(interp):
            _forget(interp, target, base)
        elif key is UNKNOWN or not _hashable(key) or not _is_key(key):
            base.poison()
        else:
            base[key] = value


def delete_item(interp: Any, base: Any, target: ast.Subscript) -> None:
    key = interp.eval(target.slice)
    if not certain(interp):
        _forget(interp, target, base)
    elif isinstance(base, DictValue):
        if _hashable(key) and key is not UNKNOWN and (key in base or not base.open):
            base.pop(key, None)
        else:
            base.poison()
    elif is_concrete(key) and -len(base) <= key < len(base):
        del base[key]
    else:
        _forget(interp, target, base)


def certain(interp: Any) -> bool:
    """A change made here surely happens: straight-line code of the file's own run (not a
    branch, a loop of unknown count, or a function analyzed after the run without a call)."""
    return not interp.uncertain and not interp._branching and not interp.module_env


def _forget(interp: Any, node: ast.AST, value: Any) -> None:
    """A container changed in a way we cannot follow: its name no longer has a known value."""
    if isinstance(value, DictValue):
        value.poison()
    elif isinstance(value, Record):
        value.values.clear()
        value.open = True
    if isinstance(value, list):
        _forget_everywhere(interp, value)
    receiver = node.func.value if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) else \
        node.value if isinstance(node, (ast.Subscript, ast.Attribute)) else None
    if isinstance(receiver, ast.Name):
        interp.env[receiver.id] = UNKNOWN
    elif isinstance(receiver, (ast.Attribute, ast.Subscript)) and isinstance(receiver.value, ast.Name):
        # self.blocks.append(...), cfg.layers.append(...), CONFIG["units"].append(...)
        owner = interp.env.get(receiver.value.id)
        if isinstance(receiver, ast.Attribute) and hasattr(owner, "attributes") and isinstance(owner.attributes, dict):
            owner.attributes[receiver.attr] = UNKNOWN  # a custom layer's self, a config class
        elif isinstance(receiver, ast.Attribute) and isinstance(owner, Record):
            owner.values[receiver.attr] = UNKNOWN
        elif isinstance(receiver, ast.Subscript) and isinstance(owner, DictValue):
            key = interp.eval(receiver.slice)
            if _hashable(key) and key in owner:
                owner[key] = UNKNOWN
            else:
                owner.poison()


def _forget_everywhere(interp: Any, items: list[Any]) -> None:
    """A list cannot say "unknown length" itself: every name bound to it becomes unknown, here and
    in the scopes of the file's functions (a helper appending to a module-level list)."""
    scopes = {id(interp.env): interp.env}
    for func in getattr(interp, "_functions", ()):
        scopes.setdefault(id(func.scope), func.scope)
    for scope in scopes.values():
        for name in [n for n, v in scope.items() if v is items]:
            scope[name] = UNKNOWN


# ----- lists ---------------------------------------------------------------------------------



# ----- builtins over known sequences ---------------------------------------------------------


def _sequence(value: Any) -> list[Any] | None:
    if isinstance(value, (list, tuple, range, str)) and len(value) <= _MAX_ITEMS:
        return list(value)
    if isinstance(value, DictValue) and not value.open:
        return list(value.keys())
    return None


def builtin(name: str, args: list[Any], kwargs: dict[str, Any]) -> Any:
    """``enumerate``, ``zip``, ``reversed``, ``sorted``, ``sum`` over sequences whose items are
    known (layer sizes, names); NotImplemented for other builtins."""
    if name == "enumerate" and 1 <= len(args) <= 2 and set(kwargs) <= {"start"}:
        items, start = _sequence(args[0]), args[1] if len(args) > 1 else kwargs.get("start", 0)
        return [(start + i, v) for i, v in enumerate(items)] if items is not None and is_concrete(start) else UNKNOWN
    if name == "zip" and args and set(kwargs) <= {"strict"}:
        seqs = [_sequence(a) for a in args]
        return [tuple(t) for t in zip(*seqs, strict=False)] if all(s is not None for s in seqs) else UNKNOWN
    if name == "reversed" and len(args) == 1 and not kwargs:
        items = _sequence(args[0])
        return items[::-1] if items is not None else UNKNOWN
    if name == "sorted" and len(args) == 1 and set(kwargs) <= {"reverse"}:
        items = _sequence(args[0])
        keys = [p[0] for p in items if isinstance(p, tuple) and p] if items is not None else []
        if items and len(keys) == len(items) and all(isinstance(k, str) for k in keys) and len(set(keys)) == len(keys):
            # sorted(d.items()): pairs of distinct keys compare by their keys alone
            return sorted(items, key=lambda p: p[0], reverse=kwargs.get("reverse", False) is True)
        if items is None or not all(isinstance(v, (int, float, str)) and not isinstance(v, bool) for v in items):
            return UNKNOWN
        try:
            return sorted(items, reverse=kwargs.get("reverse", False) is True)
        except TypeError:
            return UNKNOWN
    if name == "sum" and len(args) == 1 and not kwargs:
        items = _sequence(args[0])
        if items is None or not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in items):
            return UNKNOWN
        return sum(items)
    return NotImplemented


_MATH = {"sqrt": math.sqrt, "ceil": math.ceil, "floor": math.floor, "isqrt": math.isqrt, "log2": math.log2,
         "log": math.log, "log10": math.log10, "pow": math.pow, "gcd": math.gcd, "prod": math.prod,
         "trunc": math.trunc, "exp": math.exp}


def math_function(name: str, args: list[Any], kwargs: dict[str, Any]) -> Any:
    """``math.sqrt(num_patches)``, ``math.ceil(n / batch)``: sizes computed from known numbers."""
    fn = _MATH.get(name)
    if fn is None or kwargs:
        return NotImplemented
    if name == "prod":
        items = _sequence(args[0]) if len(args) == 1 else None
        args = [items] if items is not None else []
        numbers = items or []
    else:
        numbers = args
    if not args or not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in numbers):
        return UNKNOWN
    try:
        value = fn(*args)
    except (ValueError, TypeError, OverflowError):
        return UNKNOWN
    return value if not isinstance(value, int) or abs(value) < 2 ** 62 else UNKNOWN


# ----- config classes ------------------------------------------------------------------------


def class_value(interp: Any, stmt: ast.ClassDef, bases: list[Any]) -> Any:
    """A class statement whose body is settings: a ``RecordClass``, else UNKNOWN."""
    decorators = [interp.eval(d.func if isinstance(d, ast.Call) else d) for d in stmt.decorator_list]
    is_dataclass = any(isinstance(d, Ref) and d.qualname == "dataclasses.dataclass" for d in decorators)
    if len(decorators) != int(is_dataclass):
        return UNKNOWN  # another decorator may replace the class
    named = any(isinstance(b, Ref) and b.qualname == "typing.NamedTuple" for b in bases)
    parents = [b for b in bases if isinstance(b, RecordClass)]
    known_bases = all(isinstance(b, RecordClass) or (isinstance(b, Ref) and b.qualname == "typing.NamedTuple")
                      or (isinstance(n, ast.Name) and n.id == "object" and "object" not in interp.env)
                      for n, b in zip(stmt.bases, bases, strict=False)) and not stmt.keywords
    kind = "namedtuple" if named else "dataclass" if is_dataclass else "plain"
    # A plain subclass of a dataclass keeps the parent's __init__: the body's annotations and
    # values do not become fields or defaults (instances get the parent's defaults).
    inherited = next((p.kind for p in parents if p.kind != "plain"), None)
    body_fields = kind != "plain"
    if kind == "plain" and inherited is not None:
        kind = inherited
    cls = RecordClass(stmt.name, kind)
    for parent in parents:
        cls.fields += [f for f in parent.fields if f not in cls.fields]
        cls.defaults.update(parent.defaults)
        cls.attributes.update(parent.attributes)
    cls.plain_init = known_bases and all(p.plain_init for p in parents)
    frozen = next((kw.value for d in stmt.decorator_list if isinstance(d, ast.Call)
                   for kw in d.keywords if kw.arg == "frozen"), None)
    cls.frozen = named or (isinstance(frozen, ast.Constant) and frozen.value is True)
    saved = interp.env
    interp.env = dict(saved)
    try:
        for item in stmt.body:
            if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)):
                if item.name in ("__init__", "__post_init__", "__new__", "__setattr__", "__getattr__",
                                 "__getattribute__", "__init_subclass__"):
                    cls.plain_init = False
                cls.attributes[item.name] = UNKNOWN
                interp.env[item.name] = UNKNOWN
            elif isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name):
                name = item.target.id
                class_var = "ClassVar" in ast.unparse(item.annotation)
                value = interp.eval(item.value) if item.value is not None else None
                default = _field_default(interp, item.value, value)
                if body_fields and not class_var:
                    if name not in cls.fields:
                        cls.fields.append(name)
                    if item.value is not None:
                        cls.defaults[name] = default
                    else:
                        cls.defaults.pop(name, None)
                if item.value is not None:
                    cls.attributes[name] = default
                    interp.env[name] = default
            elif isinstance(item, ast.Assign):
                value = interp.eval(item.value)
                for target in item.targets:
                    if isinstance(target, ast.Name):
                        cls.attributes[target.id] = value
                        interp.env[target.id] = value
                    else:
                        cls.plain_init = False
            elif isinstance(item, ast.Expr):
                continue
            elif not isinstance(item, ast.Pass):
                cls.plain_init = False  # nested classes, loops, ifs: keep it simple
    finally:
        interp.env = saved
    if kind == "plain" and not parents and not cls.plain_init:
        cls.methods = plain_objects.methods_of(stmt, bases, saved, interp._defaults) or {}
    return cls


def _field_default(interp: Any, node: ast.expr | None, value: Any) -> Any:
    """``x: int = 3`` -> 3; ``field(default=3)`` -> 3; ``field(default_factory=...)`` -> unknown."""
    if isinstance(node, ast.Call):
        func = interp.eval(node.func)
        if isinstance(func, Ref) and func.qualname == "dataclasses.field":
            for kw in node.keywords:
                if kw.arg == "default":
                    return interp.eval(kw.value)
            return UNKNOWN
    return value


def namedtuple_class(args: list[Any], kwargs: dict[str, Any]) -> Any:
    """``collections.namedtuple("Config", ["units", "classes"], defaults=[...])``."""
    name = args[0] if args else kwargs.get("typename")
    names = args[1] if len(args) > 1 else kwargs.get("field_names")
    if isinstance(names, str):
        names = names.replace(",", " ").split()
    if not isinstance(name, str) or not isinstance(names, (list, tuple)) or not all(isinstance(n, str) for n in names):
        return UNKNOWN
    cls = RecordClass(name, "namedtuple", list(names), frozen=True)
    defaults = kwargs.get("defaults", None)
    if defaults is not None:
        if not isinstance(defaults, (list, tuple)) or len(defaults) > len(names):
            return UNKNOWN
        for field_name, default in zip(names[len(names) - len(defaults):], defaults, strict=False):
            cls.defaults[field_name] = default
    return cls


def instantiate(cls: RecordClass, args: list[Any], kwargs: dict[str, Any]) -> Any:
    if not cls.plain_init:
        return UNKNOWN
    if cls.kind == "plain":
        return Record(cls, {}) if not args and not kwargs else UNKNOWN
    if len(args) > len(cls.fields) or any(k not in cls.fields for k in kwargs):
        return UNKNOWN  # a TypeError in Python
    values = dict(cls.defaults)
    values.update(zip(cls.fields, args, strict=False))
    values.update(kwargs)
    if any(f not in values for f in cls.fields):
        return UNKNOWN
    return Record(cls, values)


def set_attribute(interp: Any, base: Any, attr: str, value: Any) -> bool:
    """``cfg.units = 128`` / ``Config.units = 128``; True when the base is a config object."""
    if isinstance(base, Record):
        if certain(interp):
            base.values[attr] = value
        else:
            base.values[attr] = UNKNOWN
        return True
    if isinstance(base, RecordClass):
        base.attributes[attr] = value if certain(interp) else UNKNOWN
        plain_objects.add_method(base, attr, value, certain(interp))
        if attr in base.defaults:
            base.plain_init = False  # instances made before and after differ: stop following
        return True
    return False


def attribute(base: Any, attr: str) -> Any:
    if isinstance(base, Record):
        return base.get(attr)
    if isinstance(base, RecordClass):
        value = base.attributes.get(attr, UNKNOWN)
        return UNKNOWN if callable_like(value) else value
    return UNKNOWN


def subscript_record(record: Record, key: Any) -> Any:
    """A namedtuple is a tuple: ``cfg[0]``."""
    if record.cls.kind != "namedtuple" or record.open or not is_concrete(key):
        return UNKNOWN
    fields = record.cls.fields
    if not -len(fields) <= key < len(fields):
        return UNKNOWN
    return record.values.get(fields[key], UNKNOWN)


class AssumedFormat(str):
    """The answer of ``image_data_format()`` that is Keras's default (the file never set one): a
    string like any other, tagged so that a later branch on a saved copy is noted as an assumption."""

    __slots__ = ()


def image_data_format(assumed: bool = False) -> Any:
    """``keras.config.image_data_format()``: the file's current format (Keras's default,
    ``channels_last``, unless the file sets another); tagged when it is the assumed default."""
    value = IMAGE_DATA_FORMAT.get()
    return AssumedFormat(value) if assumed and isinstance(value, str) else value


def copies(interp: Any) -> dict[int, Any]:
    """The importing file's copies of other modules' values, one per original (so that
    ``C.CONFIG["units"] = 128`` is seen by the next ``C.CONFIG``)."""
    memo = getattr(interp, "_module_copies", None)
    if memo is None:
        memo = {}
        interp._module_copies = memo
    return memo


def imported(value: Any, memo: dict[int, Any] | None = None) -> Any:
    """A value from another module: containers copied, so that changes here never reach the
    cached module (other objects are shared as they are)."""
    memo = {} if memo is None else memo
    if id(value) in memo:
        return memo[id(value)]
    if isinstance(value, DictValue):
        out: Any = DictValue()
        memo[id(value)] = out
        out.update({k: imported(v, memo) for k, v in value.items()})
        out.open = value.open
    elif isinstance(value, list):
        out = []
        memo[id(value)] = out
        out.extend(imported(v, memo) for v in value)
    elif isinstance(value, Record):
        out = Record(imported(value.cls, memo), {}, value.open)
        memo[id(value)] = out
        out.values.update({k: imported(v, memo) for k, v in value.values.items()})
    elif isinstance(value, RecordClass):
        out = copy.copy(value)
        memo[id(value)] = out
        out.attributes = {k: imported(v, memo) for k, v in value.attributes.items()}
        out.defaults = {k: imported(v, memo) for k, v in value.defaults.items()}
        out.fields = list(value.fields)
    else:
        out = value
    memo[id(value)] = out
    return out
