"""Re-analysing an edited file from its first changed top-level statement (a prefix cache).

An editor's next version of a buffer mostly repeats the last one: typing changes one place.
The analysis of a module runs its top-level statements in order, and everything the
interpreter knows before statement ``k`` comes from statements ``0..k-1`` alone (nothing looks
ahead; what depends on the whole file, such as functions never called and the assembly of the
models, runs after the last statement). So the interpreter's state just before statement ``k``
(a *checkpoint*, copied) is valid for any later text whose first lines, up to that statement,
are the same characters: the analysis resumes there on a copy of it, with only the rest of the
text parsed and run. The result is the one a fresh analysis gives (a test replays random edits
on the corpus and compares).

One checkpoint per buffer, kept where the last edit was (typing goes on at the same place):
when the next version changes nothing before it, only the statements from there on run again.
"""

from __future__ import annotations

import ast
import copy
import dataclasses
import types
from typing import Any

from ..engine.formats import IMAGE_DATA_FORMAT
from .positions import Positions
from .result import Span

# How each class is copied, found once per class.
_ATOMIC, _LIST, _DICT, _TUPLE, _SET, _METHOD, _FROZEN, _PLAIN, _OTHER = range(9)
_KINDS: dict[type, int] = {
    cls: _ATOMIC for cls in (
        type(None), bool, int, float, complex, str, bytes, type, range, slice, type(Ellipsis),
        types.FunctionType, types.BuiltinFunctionType, types.ModuleType, property, object,
        type(NotImplemented), types.CodeType,
        Span,  # frozen, of ints
    )
}
_KINDS.update({list: _LIST, dict: _DICT, tuple: _TUPLE, set: _SET, frozenset: _SET, types.MethodType: _METHOD})
_SLOTS: dict[type, tuple[str, ...]] = {}


def _kind(cls: type) -> int:
    kind = _KINDS.get(cls)
    if kind is not None:
        return kind
    if issubclass(cls, ast.AST):
        kind = _ATOMIC  # syntax nodes stay the parse's own (the new text's first part is the same)
    elif issubclass(cls, BaseException):
        kind = _ATOMIC  # a caught error kept as a record: never changed after it was raised
    elif (
        cls.__new__ is object.__new__
        and not hasattr(cls, "__deepcopy__")
        and cls.__reduce_ex__ is object.__reduce_ex__
        and cls.__reduce__ is object.__reduce__
        and getattr(cls, "__getstate__", None) is getattr(object, "__getstate__", None)
        and not hasattr(cls, "__setstate__")
    ):
        params = getattr(cls, "__dataclass_params__", None)
        slots = tuple(
            name for klass in cls.__mro__ for name in klass.__dict__.get("__slots__", ())
            if name not in ("__dict__", "__weakref__")
        )
        _SLOTS[cls] = slots
        kind = _FROZEN if params is not None and params.frozen and not slots else _PLAIN
    else:
        kind = _OTHER  # its own copy protocol, or made by its own __new__ (a singleton)
    _KINDS[cls] = kind
    return kind


# memo's entry for the copied dicts and sets that may hold id()s (an id is never negative).
_BY_ID = -1


def copy_state(obj: Any, memo: dict[int, Any]) -> Any:
    """A deep copy of ``obj`` (see :func:`fast_copy`) in which the tables keyed by ``id()`` of
    copied objects (the interpreter keeps many: lists lost, layers built, tensors' nodes) are
    keyed by the copies' ids. An int key is taken for an id when it is the id of an object
    that was copied: ids are addresses, far above the numbers a program's shapes hold."""
    memo[_BY_ID] = []
    copied = fast_copy(obj, memo)

    def remap(key: Any) -> Any:
        if type(key) is int:
            new = memo.get(key, memo)
            return key if new is memo or key == _BY_ID else id(new)
        if type(key) is tuple:
            return tuple(remap(k) for k in key)
        return key

    for table in memo.pop(_BY_ID):
        if isinstance(table, dict):
            items = list(table.items())
            table.clear()
            table.update((remap(k), v) for k, v in items)
        else:
            members = list(table)
            table.clear()
            table.update(remap(k) for k in members)
    return copied


def fast_copy(obj: Any, memo: dict[int, Any]) -> Any:
    """A deep copy like ``copy.deepcopy(obj, memo)`` (``memo`` maps ids to what they become),
    faster: syntax nodes and immutable values are shared, and a frozen dataclass or tuple whose
    parts all stay the same objects is shared too."""
    kind = _KINDS.get(type(obj))
    if kind is None:
        kind = _kind(type(obj))
    if kind == _ATOMIC:
        return obj
    key = id(obj)
    found = memo.get(key, memo)
    if found is not memo:
        return found
    kinds = _KINDS
    if kind == _DICT:
        out_dict: dict[Any, Any] = {}
        memo[key] = out_dict
        for k, v in obj.items():
            out_dict[k if kinds.get(type(k)) == _ATOMIC else fast_copy(k, memo)] = (
                v if kinds.get(type(v)) == _ATOMIC else fast_copy(v, memo)
            )
        if out_dict and type(next(iter(out_dict))) in (int, tuple):
            memo[_BY_ID].append(out_dict)  # perhaps a table by id(): its keys follow the copies
        return out_dict
    if kind == _LIST:
        out_list: list[Any] = []
        memo[key] = out_list
        out_list.extend([v if kinds.get(type(v)) == _ATOMIC else fast_copy(v, memo) for v in obj])
        return out_list
    if kind == _TUPLE:
        items = [v if kinds.get(type(v)) == _ATOMIC else fast_copy(v, memo) for v in obj]
        # A tuple cannot hold itself: a cycle through it passes a mutable object, which memo has.
        out = obj if all(a is b for a, b in zip(items, obj, strict=True)) else tuple(items)
        memo[key] = out
        return out
    if kind == _FROZEN:
        state = obj.__dict__
        new_state = {k: v if kinds.get(type(v)) == _ATOMIC else fast_copy(v, memo) for k, v in state.items()}
        if all(new_state[k] is v for k, v in state.items()):
            memo[key] = obj  # immutable, and all its parts are the same: the same value
            return obj
        new = object.__new__(type(obj))
        new.__dict__.update(new_state)
        memo[key] = new
        return new
    if kind == _PLAIN:
        new = object.__new__(type(obj))
        memo[key] = new
        state = getattr(obj, "__dict__", None)
        if state is not None:
            new.__dict__.update(
                {k: v if kinds.get(type(v)) == _ATOMIC else fast_copy(v, memo) for k, v in state.items()}
            )
        for name in _SLOTS[type(obj)]:
            if hasattr(obj, name):
                object.__setattr__(new, name, fast_copy(getattr(obj, name), memo))
        return new
    if kind == _SET:
        out_set: Any = type(obj)(fast_copy(v, memo) for v in obj)
        memo[key] = out_set
        if kind == _SET and type(obj) is set and any(type(v) in (int, tuple) for v in out_set):
            memo[_BY_ID].append(out_set)
        return out_set
    if kind == _METHOD:
        method = types.MethodType(obj.__func__, fast_copy(obj.__self__, memo))
        memo[key] = method
        return method
    return copy.deepcopy(obj, memo)


class RecordingWorkspace:
    """The file's workspace, noting what each import found (a checkpoint made after an import
    of the user's own module is valid only while that module's values are unchanged)."""

    def __init__(self, workspace: Any) -> None:
        self.workspace = workspace
        self.found: list[tuple[tuple[Any, ...], Any]] = []

    def module_env(self, module: str, level: int, importer: str | None, depth: int) -> Any:
        values = self.workspace.module_env(module, level, importer, depth)
        self.found.append(((module, level, importer, depth), values))
        return values

    def __getattr__(self, name: str) -> Any:
        return getattr(self.workspace, name)


@dataclasses.dataclass
class Checkpoint:
    """The interpreter's state before the top-level statement that starts on ``line``."""

    prefix: str  # the text before ``line`` (every character of it must be the same)
    line: int
    interpreter: Any
    data_format: Any
    bom: int
    path: str | None
    workspace: Any
    imports: list[tuple[Any, ...]]  # the workspace imports made before it (none found)


class PrefixCache:
    """One buffer's checkpoint and last analysed text (used by one thread at a time)."""

    def __init__(self) -> None:
        self.checkpoint: Checkpoint | None = None
        self.last_text: str | None = None
        # Statistics for tests and benchmarks: how many analyses resumed, from which line.
        self.resumed = 0
        self.resumed_line = -1

    def usable(self, source: str, bom: int, path: str | None, workspace: Any) -> Checkpoint | None:
        point = self.checkpoint
        if point is None or point.bom != bom or point.path != path or point.workspace is not workspace:
            return None
        if not source.startswith(point.prefix):
            return None
        if any(workspace.module_env(*args) is not None for args in point.imports):
            return None  # the module imported now exists
        return point

    def wanted_line(self, source: str) -> int:
        """The line of the first character that differs from the last analysed text (a
        checkpoint is made before the last statement that starts before it)."""
        last = self.last_text
        if last is None:
            return 0
        n = min(len(last), len(source))
        lo, hi = 0, n  # the common prefix's length, by halves (each comparison a memcmp)
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if source.startswith(last[lo:mid], lo):
                lo = mid
            else:
                hi = mid - 1
        if lo == len(last) == len(source):
            return source.count("\n") + 1  # the same text: after the last statement
        return source.count("\n", 0, lo)


def cut_index(body: list[ast.stmt], line: int, lines: list[str]) -> int | None:
    """The largest k such that statements 0..k-1 end before 0-based ``line`` and statement k
    starts a line of its own at top level (None when only k = 0 would do)."""
    lo, hi = 0, len(body)  # statements 0..lo-1 end before line: find the largest such lo
    while lo < hi:
        mid = (lo + hi + 1) // 2
        end = body[mid - 1].end_lineno or body[mid - 1].lineno
        if end <= line:
            lo = mid
        else:
            hi = mid - 1
    k = lo
    while k > 0:
        start_line = body[k - 1].end_lineno or body[k - 1].lineno  # 1-based: the next line's 0-based index
        if k < len(body) and body[k].lineno <= start_line:
            k -= 1  # `a = 1; b = 2`: b does not start its own line
            continue
        previous = lines[start_line - 1] if 0 < start_line <= len(lines) else ""
        if previous.endswith("\\"):
            k -= 1  # a line continuation joins the next line to this statement
            continue
        return k
    return None


def cut_line(body: list[ast.stmt], k: int) -> int:
    """The 0-based line where the text after statements 0..k-1 starts."""
    return body[k - 1].end_lineno or body[k - 1].lineno


def take(interp: Any, prefix: str, line: int, bom: int, path: str | None, workspace: Any) -> Checkpoint | None:
    """A copy of the interpreter's state now (between top-level statements)."""
    recorder = interp.workspace
    if isinstance(recorder, RecordingWorkspace) and any(values is not None for _, values in recorder.found):
        return None  # values of the user's own modules are shared with the workspace's cache
    memo: dict[int, Any] = {
        id(interp.source): interp.source,
        id(interp.positions): interp.positions,
        id(interp.positions.lines): interp.positions.lines,
        id(recorder): recorder,
    }
    imports = [args for args, _ in recorder.found] if isinstance(recorder, RecordingWorkspace) else []
    try:
        state = copy_state(interp, memo)
    except Exception:  # something in the state that cannot be copied: no checkpoint
        return None
    return Checkpoint(prefix, line, state, IMAGE_DATA_FORMAT.get(), bom, path, workspace, imports)


def resume(point: Checkpoint, source: str, positions: Positions, workspace: Any) -> Any:
    """A working copy of the checkpoint's interpreter, now over ``source``."""
    old = point.interpreter
    recorder = RecordingWorkspace(workspace) if workspace is not None else None
    memo: dict[int, Any] = {
        id(old.source): source,
        id(old.positions): positions,
        id(old.positions.lines): positions.lines,
        id(old.workspace): recorder,
    }
    interp = copy_state(old, memo)
    IMAGE_DATA_FORMAT.set(point.data_format)
    return interp
