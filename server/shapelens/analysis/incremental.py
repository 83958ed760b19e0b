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
import dataclasses
import io
import pickle
import types
from typing import Any

from ..engine.formats import IMAGE_DATA_FORMAT
from .positions import Positions

# Shared, never copied: code and types, syntax nodes (the new text's first part is the same
# statements), caught errors kept as records, and bare sentinels (object()), compared by identity.
_SHARED = (
    types.FunctionType, types.BuiltinFunctionType, types.MethodWrapperType, types.ModuleType, type,
    types.CodeType, property, ast.AST, BaseException,
)
_PLAIN = frozenset({int, str, float, bool, type(None), bytes, complex})  # never keys by id()
_CONTAINERS = frozenset({tuple, list, dict, set})


class _Freezer(pickle.Pickler):
    """Pickles the state; what is shared goes by reference (its index in ``shared``)."""

    def __init__(self, out: io.BytesIO, pinned: dict[int, Any]) -> None:
        super().__init__(out, protocol=pickle.HIGHEST_PROTOCOL)
        self.shared: list[Any] = []
        self.index: dict[int, int] = {}  # id -> index in shared
        self.pinned = pinned  # the text, its positions, the workspace: replaced on resuming
        # Every object pickled, for the tables keyed by id(): a list, as a dict keyed by id()
        # would cost ~80 bytes an object (17 MiB for a 20,000-line file's state) to a list's 8.
        self.objects: list[Any] = []
        self.tables: list[Any] = []
        self.recording = True

    def persistent_id(self, obj: Any) -> Any:
        cls = type(obj)
        if cls is int or cls is bool or cls is float or obj is None:
            return None  # most calls, never shared
        key = id(obj)
        index = self.index.get(key)
        if index is not None:
            return index
        if key in self.pinned or (
            cls not in _PLAIN and cls not in _CONTAINERS and (cls is object or isinstance(obj, _SHARED))
        ):
            self.index[key] = len(self.shared)
            self.shared.append(obj)
            return len(self.shared) - 1
        if cls in _PLAIN:
            return None
        if not self.recording:
            return None
        self.objects.append(obj)
        if (cls is dict or cls is set) and obj and type(next(iter(obj))) in (int, tuple):
            self.tables.append(obj)  # perhaps keyed by id(): its keys must follow the copies
        return None


class _Thawer(pickle.Unpickler):
    def __init__(self, data: bytes, shared: list[Any]) -> None:
        super().__init__(io.BytesIO(data))
        self.shared = shared

    def persistent_load(self, pid: Any) -> Any:
        return self.shared[pid]


@dataclasses.dataclass
class Frozen:
    """An object graph as bytes (compact, thawed at C speed), with what it shares."""

    data: bytes
    shared: list[Any]
    pinned: dict[str, int]  # a pinned object's role -> its index in shared (absent: unused)


def freeze(obj: Any, pinned: dict[str, Any]) -> Frozen:
    """``obj`` and all it reaches, frozen; ``pinned`` objects (by role) are shared and can be
    replaced when thawing. The interpreter keeps tables keyed by ``id()`` (lists lost, layers built,
    tensors' nodes): their keys are recorded with the objects they name, so that the thawed
    tables are keyed by the thawed objects' ids. An int key is taken for an id when it is the id
    of an object in the graph: ids are addresses, far above the numbers a program holds."""
    out = io.BytesIO()
    freezer = _Freezer(out, {id(p): p for p in pinned.values()})
    freezer.dump(obj)
    candidates: dict[int, None] = {}  # int keys, in order
    for table in freezer.tables:
        for key in table:
            for part in key if type(key) is tuple else (key,):
                if type(part) is int:
                    candidates[part] = None
    named = {id(o): o for o in freezer.objects if id(o) in candidates}  # the ids among them
    freezer.objects = []
    keys = [k for k in candidates if k in named]
    # Dumped by the same pickler: the tables and objects are references into the state.
    freezer.recording = False
    freezer.dump((freezer.tables, keys, [named[k] for k in keys]))
    shared = freezer.shared
    index = freezer.index
    return Frozen(out.getvalue(), shared, {role: index[id(p)] for role, p in pinned.items() if id(p) in index})


def thaw(frozen: Frozen, replace: dict[str, Any]) -> Any:
    """A new copy of the frozen graph; the object pinned as ``role`` becomes ``replace[role]``."""
    shared = list(frozen.shared)
    for role, value in replace.items():
        index = frozen.pinned.get(role)
        if index is not None:
            shared[index] = value
    thawer = _Thawer(frozen.data, shared)
    obj = thawer.load()
    tables, keys, objects = thawer.load()
    if keys:
        new_ids = {old: id(new) for old, new in zip(keys, objects, strict=True)}

        def remap(key: Any) -> Any:
            if type(key) is int:
                return new_ids.get(key, key)
            if type(key) is tuple:
                return tuple(remap(k) for k in key)
            return key

        for table in tables:
            if isinstance(table, dict):
                items = list(table.items())
                table.clear()
                table.update((remap(k), v) for k, v in items)
            else:
                members = list(table)
                table.clear()
                table.update(remap(k) for k in members)
    return obj


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
    interpreter: Frozen
    data_format: Any
    bom: int
    path: str | None
    workspace: Any
    imports: list[tuple[Any, ...]]  # the workspace imports made before it (none found)
    # The result (models, arrays, diagnostics) when nothing but comments follows it.
    final: tuple[list[Any], list[Any], list[Any]] | None = None


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
        checkpoint is made before the last statement that starts before it); past the end when
        nothing differs, or nothing was analysed before."""
        last = self.last_text
        if last is None:  # a buffer just opened: typing often goes on at its end
            return source.count("\n") + 1
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
    """The interpreter's state now (between top-level statements), frozen."""
    recorder = interp.workspace
    if isinstance(recorder, RecordingWorkspace) and any(values is not None for _, values in recorder.found):
        return None  # values of the user's own modules are shared with the workspace's cache
    imports = [args for args, _ in recorder.found] if isinstance(recorder, RecordingWorkspace) else []
    pinned = {"source": interp.source, "positions": interp.positions, "lines": interp.positions.lines}
    if recorder is not None:
        pinned["workspace"] = recorder
    try:
        state = freeze(interp, pinned)
    except Exception:  # something in the state that cannot be pickled: no checkpoint
        return None
    return Checkpoint(prefix, line, state, IMAGE_DATA_FORMAT.get(), bom, path, workspace, imports)


def resume(point: Checkpoint, source: str, positions: Positions, workspace: Any) -> Any:
    """A working copy of the checkpoint's interpreter, now over ``source``."""
    recorder = RecordingWorkspace(workspace) if workspace is not None else None
    replace = {"source": source, "positions": positions, "lines": positions.lines, "workspace": recorder}
    interp = thaw(point.interpreter, replace)
    IMAGE_DATA_FORMAT.set(point.data_format)
    return interp
