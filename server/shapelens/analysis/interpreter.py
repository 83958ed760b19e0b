"""An abstract interpreter over one file's syntax tree.

It walks statements in order, keeping what each name holds (a constant, an array shape, a
layer, a model, a library reference), and hands model-related calls to the checks. The user's
code is never imported or run. Branches and loops are handled soundly: a name assigned inside
them, or a model changed inside them, becomes unknown instead of being guessed.
"""

from __future__ import annotations

import ast
import dataclasses
import operator
import sys
from collections.abc import Callable
from typing import Any

from ..engine import INPUT_LAYERS, LayerError, input_batch_shape, is_supported, legacy_input_shape, make_layer
from ..engine.formats import DATA_FORMATS, IMAGE_DATA_FORMAT
from ..engine.keras_names import LAYER_CLASSES
from ..engine.numbers import printable
from ..engine.shapes import UNKNOWN, is_concrete
from . import (
    arrays,
    attention,
    custom_layers,
    datasets,
    embedding_checks,
    extensions,
    keras2,
    losses,
    numpy_calls,
    pipelines,
    program_values,
    static_shapes,
    subclassed,
    symbolic_calls,
    tensor_ops,
    texts,
)
from .assembly import Assembler, argument_node
from .budget import MAX_FOLDED, Budget
from .composition import CLONE_MODEL, MODEL_ATTRIBUTES, clone_model, model_attribute, set_trainable
from .custom_layers import CustomLayerClass, CustomRule, SelfObject
from .deferred import (
    MERGE_FUNCTIONS,
    call_layer_on_tensor,
    entered_loop,
    is_symbolic,
    loop_element,
    merge,
    split_builds,
    tensor_arith,
    tensor_op,
)
from .diagnostics import Collector
from .fixes import Fixer
from .lists import ListTracker
from .names import import_bindings, is_layer_name, is_sequential, layer_kind
from .positions import Positions
from .result import ArrayNote, Edit, Fix, Span
from .subclassed import SubclassedCalls
from .training import TrainingChecks
from .values import (
    Alternatives,
    Array,
    BoundMethod,
    ForeignFunction,
    Function,
    InputTensor,
    Layer,
    Model,
    ModuleRef,
    Opaque,
    Pipeline,
    Ref,
    ShapeTuple,
)
from .workspace import Workspace

_BINOPS: dict[type[ast.operator], Callable[[Any, Any], Any]] = {
    ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul,
    ast.FloorDiv: operator.floordiv, ast.Div: operator.truediv, ast.Mod: operator.mod,
    ast.Pow: operator.pow,
}

_ARRAY_MODULES = ("numpy", "tensorflow")
_MAX_CONST = 10**12  # keep constant folding cheap and bounded
_COMPARE: dict[type[ast.cmpop], Callable[[Any, Any], Any]] = {
    ast.Eq: operator.eq, ast.NotEq: operator.ne, ast.Lt: operator.lt, ast.LtE: operator.le,
    ast.Gt: operator.gt, ast.GtE: operator.ge, ast.Is: operator.is_, ast.IsNot: operator.is_not,
    ast.In: lambda a, b: operator.contains(b, a), ast.NotIn: lambda a, b: not operator.contains(b, a),
}
# Interpreter._eval_<NodeType> by node type, filled on first use.
_EVAL_METHODS: dict[type[ast.AST], Callable[..., Any] | None] = {}
_MAX_UNROLL = 128  # loops over longer literal sequences are not unrolled (100 hidden layers are)
_MAX_CALL_DEPTH = 6  # plot -> example -> train -> make_dataset -> map(split_window)


class Interpreter:
    def __init__(
        self,
        source: str,
        positions: Positions,
        sink: Collector,
        workspace: Workspace | None = None,
        path: str | None = None,
        depth: int = 0,
    ) -> None:
        self.workspace = workspace
        self.path = path
        self.depth = depth
        self.source = source
        self.positions = positions
        self.sink = sink
        self.fixer = Fixer(source, positions)
        self.assembler = Assembler(sink, positions, self.fixer)
        self.training = TrainingChecks(self)
        self.subclassed = SubclassedCalls(self)
        self.models: list[Model] = []
        self.arrays: list[ArrayNote] = []
        self.lists = ListTracker()
        self.env: dict[str, Any] = {}
        self.module_env: dict[str, Any] = {}
        # > 0 inside a loop body: changes to models made outside the loop are not followed.
        self.uncertain = 0
        # The values of ``uncertain`` inside loops whose first iteration surely runs the body.
        self.entered_levels: set[int] = set()
        self._functions: list[Function] = []
        self._methods: list[ast.FunctionDef | ast.AsyncFunctionDef] = []
        # Call-site analysis of the file's own functions: active calls, return values, budget.
        self._active: list[ast.AST] = []
        # The calls of the file's own functions being analyzed, outermost first.
        self._call_sites: list[ast.Call] = []
        # ``image_data_format()`` answered with Keras's default (the file never sets it), and the
        # lines of the ``if`` tests whose branch that answer chose.
        self.format_queries = 0
        self.format_set = False
        self.format_branches: list[int] = []
        self._returns: list[Any] | None = None
        self._stopped = False
        self.budget = Budget()
        self.assembler.budget = self.budget
        self._where: ast.stmt | None = None  # the statement being interpreted, for SL003
        self._halted = False
        # > 0 inside the paths of an if/try/match: global settings made there are uncertain.
        self._branching = 0

    def release(self) -> None:
        """The analysis is over: drop the helpers that link back to this interpreter. Without
        that cycle, reference counting frees the whole analysis (syntax tree included) at once;
        with it, the cyclic collector has to find it: memory held longer, and a scan of it all."""
        del self.training, self.subclassed

    @property
    def level(self) -> int:
        """How deep the current code is in loops not unrolled and in paths of an ``if``."""
        return self.uncertain + self._branching

    # ----- statements -------------------------------------------------------------------

    def run(self, tree: ast.Module, analyze_uncalled: bool = True) -> None:
        self.block(tree.body)
        self.finish(analyze_uncalled)

    def finish(self, analyze_uncalled: bool = True) -> None:
        """After the module's statements (``block`` may have run them in parts)."""
        self.module_env = self.env
        if not analyze_uncalled:
            return
        # Functions never called in the file run once with unknown parameters; methods too.
        for func in self._functions:
            if not func.called:
                self.env = dict(self.module_env)
                for name in _parameters(func.node):
                    self.env[name] = UNKNOWN
                self._call_body(func.node)
        for method in self._methods:
            if method in self.subclassed.covered:
                continue  # an __init__ already run for an instance: its models exist
            self.env = dict(self.module_env)
            for name in _parameters(method):
                self.env[name] = UNKNOWN
            self._call_body(method)
        self.env = self.module_env

    def block(self, body: list[ast.stmt]) -> None:
        for stmt in body:
            if self._stopped:
                return
            if not self.budget.spend() and self.budget.halted:
                self._halt(stmt)
                return
            self._where = stmt
            self.statement(stmt)

    def statement(self, stmt: ast.stmt) -> None:
        if isinstance(stmt, (ast.Import, ast.ImportFrom)):
            self.env.update(import_bindings(stmt))
            if self.workspace is not None:
                self._workspace_import(stmt)
        elif isinstance(stmt, ast.Assign):
            value = self.eval(stmt.value)
            for target in stmt.targets:
                self.bind(target, value)
        elif isinstance(stmt, ast.AnnAssign):
            if stmt.value is not None:
                self.bind(stmt.target, self.eval(stmt.value))
        elif isinstance(stmt, ast.AugAssign):
            current = self.eval(stmt.target)
            if isinstance(current, list) and isinstance(stmt.op, ast.Add):  # in place, seen by aliases
                extended = self.lists.extend(current, self.eval(stmt.value), self.level)
                self.bind(stmt.target, current if extended else UNKNOWN)
                return
            value = self.binop(stmt.op, current, self.eval(stmt.value))
            self.bind(stmt.target, value)
        elif isinstance(stmt, ast.Expr):
            if not static_shapes.set_shape_statement(self, stmt.value):
                self.eval(stmt.value)
        elif isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)):
            func = Function(stmt, self.env, self._defaults(stmt))
            self.env[stmt.name] = func
            self._functions.append(func)
        elif isinstance(stmt, ast.ClassDef):
            bases = [self.eval(b) for b in stmt.bases]
            if any(_is_layer_base(b) for b in bases):
                methods = {
                    f.name: Function(f, self.env, self._defaults(f), called=True)
                    for f in stmt.body if isinstance(f, ast.FunctionDef)
                }
                self.env[stmt.name] = CustomLayerClass(stmt.name, stmt, methods, custom_layers.direct_subclass(bases),
                                                       custom_layers.keras_base(bases))
            else:
                self.env[stmt.name] = program_values.class_value(self, stmt, bases)
            self._methods.extend(
                s for s in stmt.body if isinstance(s, (ast.FunctionDef, ast.AsyncFunctionDef))
            )
        elif isinstance(stmt, (ast.With, ast.AsyncWith)):
            for item in stmt.items:
                value = self.eval(item.context_expr)
                if item.optional_vars is not None:
                    self.bind(item.optional_vars, UNKNOWN if value is not None else value)
            self.block(stmt.body)
        elif isinstance(stmt, ast.If):
            test = self._branch_test(stmt)
            # ``if self.activation:`` holding a function or a layer: an object, always true.
            test = True if isinstance(test, (Function, ForeignFunction, Layer, Model)) else test
            if _is_plain(test):
                self.block(stmt.body if test else stmt.orelse)
            else:
                self.branches([stmt.body, stmt.orelse], self.positions.span(stmt))
        elif isinstance(stmt, (ast.For, ast.AsyncFor)):
            iterable = self._loop_iterable(stmt.iter)
            items = _iteration(iterable)
            if items is not None and not _has_jump(stmt):
                for item in items:
                    if not self.budget.spend():  # the other iterations: as many as may be
                        self.budget.report(self.sink, self.positions.span(stmt), "loop unrolled too often")
                        self.loop(stmt)
                        return
                    self.bind(stmt.target, item)
                    self.block(stmt.body)
                    if self._stopped:
                        return
                self.block(stmt.orelse)
            else:
                if not isinstance(iterable, Pipeline):
                    self.loop(stmt, loop_element(iterable), entered_loop(iterable, stmt))
                    return
                # A dataset's elements are eager tensors (concrete sizes); one that surely
                # yields runs the body once for certain, then as a loop.
                element = pipelines.eager_element(iterable)
                if pipelines.surely_runs(iterable) and not _has_jump(stmt):
                    self.bind(stmt.target, pipelines.eager_element(iterable, first=True))  # surely runs
                    self.block(stmt.body)
                    if self._stopped:
                        return
                    if iterable.count == 1:  # type: ignore[union-attr]
                        self.block(stmt.orelse)  # for batch in dataset.take(1): exactly once
                        return
                self.loop(stmt, element)
        elif isinstance(stmt, ast.While):
            self.eval(stmt.test)
            self.loop(stmt)
        elif isinstance(stmt, ast.Try) or type(stmt).__name__ == "TryStar":
            self.block(stmt.body)  # type: ignore[attr-defined]
            handlers = [h.body for h in stmt.handlers]  # type: ignore[attr-defined]
            self.branches([*handlers, stmt.orelse, []], self.positions.span(stmt))  # type: ignore[attr-defined]
            self.block(stmt.finalbody)  # type: ignore[attr-defined]
        elif isinstance(stmt, ast.Match):
            self.eval(stmt.subject)
            self.branches([case.body for case in stmt.cases] + [[]], self.positions.span(stmt))
        elif isinstance(stmt, ast.Return):
            value = self.eval(stmt.value) if stmt.value is not None else None
            if self._returns is not None:
                self._returns.append(value)
                self._stopped = True
        elif isinstance(stmt, ast.Delete):
            for target in stmt.targets:
                if isinstance(target, ast.Subscript):
                    base = self.eval(target.value)
                    if isinstance(base, list):
                        self.lists.lose(base)
                    else:
                        extensions.delete_item(self, target)
                else:
                    self.bind(target, UNKNOWN)
        elif isinstance(stmt, (ast.Global, ast.Nonlocal, ast.Pass, ast.Break, ast.Continue)):
            pass
        else:
            for child in ast.iter_child_nodes(stmt):
                if isinstance(child, ast.expr):
                    self.eval(child)

    def branches(self, bodies: list[list[ast.stmt]], span: Span) -> None:
        """Run each alternative on its own copy of the names, then keep what all agree on.

        A model changed differently on different paths gets an ``Alternatives`` entry: its
        shape after that point is known only when every path gives the same one.
        """
        before = self.env
        models = {id(m): (m, list(m.entries)) for m in self.models}
        envs: list[dict[str, Any]] = []
        paths: dict[int, list[list[Any]]] = {key: [] for key in models}
        stopped: list[bool] = []
        self._branching += 1
        for body in bodies:
            self.env = dict(before)
            for model, entries in models.values():
                model.entries[:] = entries
            self.block(body)
            stopped.append(self._stopped)
            self._stopped = False
            if not stopped[-1]:
                envs.append(self.env)
            for key, (model, _) in models.items():
                if not stopped[-1] or (len(stopped) == len(bodies) and all(stopped)):
                    paths[key].append(list(model.entries))
        self._branching -= 1
        for key, (model, entries) in models.items():
            model.entries[:] = _merge_paths(entries, paths[key], span)
        self._stopped = all(stopped)
        merged: dict[str, Any] = {}
        for name in set().union(*envs) if envs else before:
            values = [env.get(name, UNKNOWN) for env in envs] or [UNKNOWN]
            first = values[0]
            merged[name] = first if all(v is first for v in values) else pipelines.join(values)
        self.env = merged

    def loop(self, stmt: ast.For | ast.AsyncFor | ast.While, element: Any = UNKNOWN, entered: bool = False) -> None:
        """A loop body may run any number of times: what it assigns is unknown throughout
        (the loop variable holds ``element``, one row of an array, when that is known).
        ``entered``: its first iteration surely runs the body from the top (see ``entered_loop``)."""
        assigned = _assigned_names(stmt)
        # ``for x, y in ds.take(1): break``, then x used: bound by an iteration (every one binds
        # the same shapes), as nothing before the loop or in its body binds those names.
        kept = isinstance(stmt, (ast.For, ast.AsyncFor)) and element is not UNKNOWN and _only_target(stmt, self.env)
        self.lists.lose_mutated([*stmt.body, *stmt.orelse], self.env)
        for name in assigned:
            self.env[name] = UNKNOWN
        if element is not UNKNOWN and isinstance(stmt, (ast.For, ast.AsyncFor)):
            self.bind(stmt.target, element)
        self.uncertain += 1
        if entered:
            self.entered_levels.add(self.uncertain)
        try:
            self.block(stmt.body)
            self.block(stmt.orelse)
        finally:
            self.entered_levels.discard(self.uncertain)
            self.uncertain -= 1
            self._stopped = False
        for name in assigned:
            self.env[name] = UNKNOWN
        if kept:
            self.bind(stmt.target, element)  # type: ignore[union-attr]

    def _loop_iterable(self, node: ast.expr) -> Any:
        """What a ``for`` goes through; ``range(...)`` of any length stays a (lazy) range, so
        that a loop too long to unroll is still known to run (``entered_loop``)."""
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "range" \
                and "range" not in self.env and not node.keywords and 1 <= len(node.args) <= 3 \
                and not any(isinstance(a, ast.Starred) for a in node.args):
            bounds = [self.eval(a) for a in node.args]
            if all(type(b) is int for b in bounds) and (len(bounds) < 3 or bounds[2] != 0):
                return range(*bounds)
            return UNKNOWN
        return self.eval(node)

    def bind(self, target: ast.expr, value: Any) -> None:
        if isinstance(target, ast.Name):
            if isinstance(value, Array):
                value = dataclasses.replace(value, name=target.id)
                self._note_array(target, value)
            if isinstance(value, Model):
                if value.name is None:
                    value.name = target.id
                value.references.append(self.positions.span(target))
            self.env[target.id] = value
        elif isinstance(target, (ast.Tuple, ast.List)):
            items = value if isinstance(value, (tuple, list)) else None
            starred = any(isinstance(t, ast.Starred) for t in target.elts)
            if items is not None and not starred and len(items) == len(target.elts):
                for sub, item in zip(target.elts, items, strict=False):
                    self.bind(sub, item)
            else:
                for sub in target.elts:
                    self.bind(sub.value if isinstance(sub, ast.Starred) else sub, UNKNOWN)
        elif isinstance(target, ast.Starred):
            self.bind(target.value, UNKNOWN)
        elif isinstance(target, ast.Attribute):
            base = self.eval(target.value)
            if isinstance(base, SelfObject):
                base.attributes[target.attr] = value
            elif isinstance(base, (Layer, Model)) and target.attr == "trainable":
                # ``base_model.trainable = False``: Keras stores bool(value); every weight of a
                # frozen layer counts as non-trainable.
                set_trainable(base, bool(value) if _is_plain(value) else UNKNOWN)
                self.assembler.forget()
            else:
                program_values.set_attribute(self, base, target.attr, value)
        elif isinstance(target, ast.Subscript):
            base = self.eval(target.value)
            if isinstance(base, list):
                self.lists.setitem(base, self._index_item(target.slice), value, self.level)
            else:
                extensions.set_item(self, target, value)
        else:
            self.eval(target)

    # ----- expressions ------------------------------------------------------------------

    def eval(self, node: ast.expr | None) -> Any:
        if node is None:
            return None
        try:
            method = _EVAL_METHODS[type(node)]
        except KeyError:  # once per node type: no name formatted and looked up per node
            method = _EVAL_METHODS[type(node)] = getattr(Interpreter, f"_eval_{type(node).__name__}", None)
        if method is None:
            for child in ast.iter_child_nodes(node):
                if isinstance(child, ast.expr):
                    self.eval(child)
            return UNKNOWN
        return method(self, node)

    def _eval_Constant(self, node: ast.Constant) -> Any:
        # A literal too long to print (a 5000-digit hex) would crash every message naming it.
        return UNKNOWN if isinstance(node.value, int) and not printable(node.value) else node.value

    def _eval_Name(self, node: ast.Name) -> Any:
        value = self.lists.visible(self.env.get(node.id, UNKNOWN))
        if isinstance(value, Model):
            value.references.append(self.positions.span(node))
        elif isinstance(value, Array):
            self._note_array(node, value)
        return value

    def _note_array(self, node: ast.Name, array: Array) -> None:
        if self.depth == 0 and not self._active:  # this file's own top-level flow
            self.arrays.append(ArrayNote(self.positions.span(node), node.id, array.shape, array.dtype,
                                         array.value_range))

    def _eval_Dict(self, node: ast.Dict) -> Any:
        return program_values.dict_literal(self, node)

    def _eval_DictComp(self, node: ast.DictComp) -> Any:
        return program_values.dict_comprehension(self, node)

    def _eval_JoinedStr(self, node: ast.JoinedStr) -> Any:
        return program_values.joined_str(self, node)

    def _eval_Tuple(self, node: ast.Tuple) -> Any:
        return self._sequence(node.elts, tuple)

    def _eval_List(self, node: ast.List) -> Any:
        return self._sequence(node.elts, list)

    def _sequence(self, elts: list[ast.expr], kind: type) -> Any:
        items: list[Any] = []
        spread_unknown = False
        for elt in elts:
            if isinstance(elt, ast.Starred):
                inner = self.eval(elt.value)
                if isinstance(inner, (tuple, list)):
                    items.extend(inner)
                else:
                    spread_unknown = True
            else:
                items.append(self.eval(elt))
        if spread_unknown:
            return UNKNOWN
        return self.lists.born(self._folded(kind(items)), self.level)

    def _eval_UnaryOp(self, node: ast.UnaryOp) -> Any:
        value = self.eval(node.operand)
        if isinstance(node.op, ast.USub) and isinstance(value, (int, float)) and not isinstance(value, bool):
            return -value
        if isinstance(node.op, ast.UAdd) and isinstance(value, (int, float)):
            return value
        if isinstance(node.op, ast.Not) and isinstance(value, bool):
            return not value
        if isinstance(value, Array) and isinstance(node.op, (ast.USub, ast.UAdd)):
            return value
        return UNKNOWN

    def _eval_Compare(self, node: ast.Compare) -> Any:
        values = [self.eval(node.left), *(self.eval(c) for c in node.comparators)]
        if any(isinstance(v, program_values.AssumedFormat) for v in values):
            self.format_queries += 1  # a saved image_data_format() answer: the branch it decides is noted
        if (own := extensions.compare(values, node.ops)) is not NotImplemented:
            return own
        if not all(_is_plain(v) for v in values):
            return UNKNOWN
        result = True
        for op, left, right in zip(node.ops, values, values[1:], strict=False):
            fn = _COMPARE.get(type(op))
            if fn is None:
                return UNKNOWN
            try:
                result = result and bool(fn(left, right))
            except TypeError:
                return UNKNOWN
        return result

    def _branch_test(self, node: ast.If | ast.IfExp) -> Any:
        """An ``if`` test; one decided by Keras's default image data format is recorded."""
        before = self.format_queries
        test = self.eval(node.test)
        if self.format_queries > before and _is_plain(test) and node.lineno not in self.format_branches:
            self.format_branches.append(node.lineno)
        return test

    def _eval_BoolOp(self, node: ast.BoolOp) -> Any:
        values = [self.eval(v) for v in node.values]
        if not all(_is_plain(v) for v in values):
            return UNKNOWN
        if isinstance(node.op, ast.And):
            return next((v for v in values if not v), values[-1])
        return next((v for v in values if v), values[-1])

    def _eval_IfExp(self, node: ast.IfExp) -> Any:
        test = self._branch_test(node)
        if _is_plain(test):
            return self.eval(node.body if test else node.orelse)
        body, orelse = self.eval(node.body), self.eval(node.orelse)
        return body if body is orelse or (_is_plain(body) and body == orelse) else UNKNOWN

    def _eval_Lambda(self, node: ast.Lambda) -> Any:
        return symbolic_calls.lambda_function(node, self)

    def _eval_BinOp(self, node: ast.BinOp) -> Any:
        return self.binop(node.op, self.eval(node.left), self.eval(node.right))

    def binop(self, op: ast.operator, left: Any, right: Any) -> Any:
        if isinstance(left, Array) or isinstance(right, Array):
            return _array_arith(op, left, right)
        if is_symbolic(left) or is_symbolic(right):
            return tensor_arith(left, right)
        if (own := extensions.binop(left, right)) is not NotImplemented:
            return own
        fn = _BINOPS.get(type(op))
        if fn is None:
            return UNKNOWN
        numeric = (int, float)
        if isinstance(left, numeric) and isinstance(right, numeric) and not isinstance(left, bool) \
                and not isinstance(right, bool):
            if isinstance(op, ast.Pow) and abs(right) > 64:
                return UNKNOWN
            try:
                result = fn(left, right)
            except (ArithmeticError, ValueError):
                return UNKNOWN
            return result if not isinstance(result, int) or abs(result) < _MAX_CONST else UNKNOWN
        if isinstance(op, ast.Add) and isinstance(left, tuple) and isinstance(right, tuple):
            return self._folded((*left, *right))
        if isinstance(op, ast.Add) and isinstance(left, list) and isinstance(right, list):
            return self._folded([*left, *right])
        if isinstance(op, ast.Add) and isinstance(left, str) and isinstance(right, str):
            return self._folded(left + right)
        if isinstance(op, ast.Mult) and isinstance(left, (tuple, list)) and is_concrete(right) and 0 <= right <= 64:
            return self._folded(left * right) if len(left) * right <= MAX_FOLDED else self._too_large()
        return UNKNOWN

    def _folded(self, value: Any) -> Any:
        """A constant made by folding: paid for by its size, and UNKNOWN when too large to keep."""
        return value if self.budget.fold(value) else self._too_large()

    def _too_large(self) -> Any:
        self.budget.report(self.sink, self._span_here(), "a constant too large to fold")
        return UNKNOWN

    def _span_here(self) -> Span:
        return self.positions.span(self._where) if self._where is not None else Span(0, 0, 0, 0)

    def _halt(self, stmt: ast.stmt) -> None:
        """Past the overdraft: nothing more runs, so every model may still change later."""
        if self._halted:
            return
        self._halted = True
        span = self.positions.span(stmt)
        self.budget.report(self.sink, span, "the file needs too much work")
        for model in self.models:
            model.entries.append(Opaque(span, "?"))

    def _eval_Attribute(self, node: ast.Attribute) -> Any:
        base = self.eval(node.value)
        attr = node.attr
        if type(base) is Ref:  # the most common case (keras.layers.Dense); no extension handles it
            return base.child(attr)
        if (own := extensions.attribute(self, base, node)) is not NotImplemented:
            return self.lists.visible(own)
        if isinstance(base, Ref):
            return base.child(attr)
        if isinstance(base, SelfObject):
            return self.lists.visible(base.attribute(attr))
        if isinstance(base, Layer) and subclassed.attribute(base, attr) is not UNKNOWN:
            return subclassed.attribute(base, attr)
        if isinstance(base, ModuleRef):
            value = base.values.env.get(attr, UNKNOWN)
            return self._imported(value, base.values, self.positions.span(node), node)
        if isinstance(base, Array):
            return _array_attribute(base, attr, node, self)
        if isinstance(base, Model) and attr in MODEL_ATTRIBUTES:
            return model_attribute(self, base, attr)
        if isinstance(base, (Model, Layer, Array, Pipeline, list)):
            return BoundMethod(base, attr)
        return UNKNOWN

    def _eval_Subscript(self, node: ast.Subscript) -> Any:
        base = self.eval(node.value)
        if (own := extensions.subscript(self, base, node)) is not NotImplemented:
            return self.lists.visible(own)
        key_node = node.slice
        if isinstance(base, Array):
            items = key_node.elts if isinstance(key_node, ast.Tuple) else [key_node]
            if len(items) == 1 and not isinstance(items[0], ast.Slice):
                picked = self.eval(items[0])
                if isinstance(picked, Array):  # np.eye(n)[labels]: fancy indexing on axis 0
                    return arrays.take(base, picked)
                return arrays.index(base, (picked if picked is None or is_concrete(picked) or picked is Ellipsis
                                           else _newaxis(picked),))
            return arrays.index(base, tuple(self._index_item(i) for i in items))
        key = self._index_item(key_node)
        if isinstance(base, (tuple, list)):
            if is_concrete(key) and -len(base) <= key < len(base):
                return self.lists.visible(base[key])
            if isinstance(key, tuple) and key and key[0] == "slice":
                parts = key[1:]
                if all(p is None or is_concrete(p) for p in parts):
                    return type(base)(base[slice(*parts)])
        return UNKNOWN

    def _index_item(self, node: ast.expr) -> Any:
        if isinstance(node, ast.Slice):
            return ("slice", self.eval(node.lower), self.eval(node.upper), self.eval(node.step))
        value = self.eval(node)
        if value is Ellipsis or value is None or is_concrete(value):
            return value
        return _newaxis(value)

    def _eval_Call(self, node: ast.Call) -> Any:
        func = self.eval(node.func)
        args: list[Any] = []
        for arg in node.args:
            if isinstance(arg, ast.Starred):
                inner = self.eval(arg.value)
                if isinstance(inner, (tuple, list)):
                    args.extend(inner)
                else:
                    return self._opaque_call(node)
            else:
                args.append(self.eval(arg))
        kwargs: dict[str, Any] = {}
        for kw in node.keywords:
            value = self.eval(kw.value)
            if kw.arg is None:
                # f(**d) with d fully known (string keys, none given twice): its items as keywords.
                if not isinstance(value, program_values.DictValue) or value.open \
                        or not all(isinstance(k, str) for k in value) or any(k in kwargs for k in value):
                    return self._opaque_call(node)
                kwargs.update(value)
                continue
            if kw.arg in kwargs:
                return self._opaque_call(node)  # a TypeError in Python: not ours to judge
            kwargs[kw.arg] = value
        if isinstance(func, Ref):
            return self.call_ref(func.qualname, node, args, kwargs)
        if isinstance(func, BoundMethod):
            return self.call_method(func, node, args, kwargs)
        if isinstance(func, Model):
            result = self.training.model_call(func, node, args)
            return result if result is not UNKNOWN else symbolic_calls.call_model(self, func, args)
        if isinstance(func, Layer) and attention.is_attention(func):
            return attention.call(func, args, kwargs)
        if isinstance(func, Layer) and args and subclassed.is_subclassed_model(func):
            return self.subclassed.call(func, args[0], args[1:], kwargs)
        if isinstance(func, Layer) and args and not isinstance(args[0], Array):
            if func.kind == "Embedding" and getattr(args[0], "token_ids", None) is not None:
                embedding_checks.vocabulary(self, args[0].token_ids, func, self.positions.span(node))
            return call_layer_on_tensor(func, args[0]) or UNKNOWN
        if isinstance(func, Function):
            self._call_sites.append(node)
            try:
                return self.call_function(func, args, kwargs)
            finally:
                self._call_sites.pop()
        if isinstance(func, CustomLayerClass):
            return self.new_custom_layer(func, node, args, kwargs)
        if isinstance(func, Layer) and args and isinstance(args[0], Array):
            return symbolic_calls.call_layer(func, args)
        if isinstance(func, ForeignFunction):
            result = func.interpreter.call_function(func.function, args, kwargs)
            return self._rehome(result, self.positions.span(node), node, {})
        if (own := extensions.call_object(self, func, node, args, kwargs)) is not NotImplemented:
            return own
        if isinstance(node.func, ast.Name) and node.func.id not in self.env and \
                (own := extensions.call_builtin(self, node.func.id, args, kwargs)) is not NotImplemented:
            return own
        if isinstance(node.func, ast.Name) and node.func.id in _BUILTINS and node.func.id not in self.env:
            return _BUILTINS[node.func.id](args)
        return UNKNOWN

    def _opaque_call(self, node: ast.Call) -> Any:
        return UNKNOWN

    def _eval_ListComp(self, node: ast.ListComp) -> Any:
        return self._comprehension(node, list)

    def _eval_GeneratorExp(self, node: ast.GeneratorExp) -> Any:
        return self._comprehension(node, tuple)

    def _comprehension(self, node: ast.ListComp | ast.GeneratorExp, kind: type) -> Any:
        """``[layers.Dense(u) for u in (64, 32)]``: unrolled over a literal sequence."""
        if len(node.generators) != 1 or node.generators[0].is_async:
            return self._uncounted(node, node.generators)
        gen = node.generators[0]
        iterable = self.eval(gen.iter)
        items = _iteration(iterable)
        if items is None:
            rows = numpy_calls.comprehension_over_rows(self, node, iterable)
            return rows if rows is not UNKNOWN else self._uncounted(node, [])
        saved = self.env
        self.env = dict(saved)
        out = []
        try:
            for item in items:
                if not self.budget.spend():
                    self.budget.report(self.sink, self._span_here(), "comprehension expanded too often")
                    return self._uncounted(node, [])
                self.bind(gen.target, item)
                conditions = [self.eval(cond) for cond in gen.ifs]
                if any(c is UNKNOWN or not isinstance(c, (bool, int, str, type(None))) for c in conditions):
                    return self._uncounted(node, [])
                if all(conditions):
                    out.append(texts.comprehension_item(node.elt, self.eval(node.elt)))
        finally:
            self.env = saved
        return kind(out)

    def _uncounted(self, node: ast.ListComp | ast.GeneratorExp, iters: list[ast.comprehension]) -> Any:
        """A comprehension run an unknown number of times: its body once, as a loop's body (what
        it changes outside is unknown afterwards); its value is unknown."""
        self.lists.lose_mutated([node], self.env)
        saved = self.env
        self.env = dict(saved)
        self.uncertain += 1
        try:
            for gen in node.generators:
                if gen in iters:
                    self.eval(gen.iter)
                self.bind(gen.target, UNKNOWN)
                for cond in gen.ifs:
                    self.eval(cond)
            self.eval(node.elt)
        finally:
            self.uncertain -= 1
            self.env = saved
        return UNKNOWN

    # ----- the file's own functions -------------------------------------------------------

    def _defaults(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> dict[str, Any]:
        args = node.args
        positional = [*args.posonlyargs, *args.args]
        defaults: dict[str, Any] = {}
        for arg, default in zip(positional[len(positional) - len(args.defaults):], args.defaults, strict=False):
            defaults[arg.arg] = self.eval(default)
        for arg, kw_default in zip(args.kwonlyargs, args.kw_defaults, strict=False):
            if kw_default is not None:
                defaults[arg.arg] = self.eval(kw_default)
        return defaults

    def call_function(self, func: Function, args: list[Any], kwargs: dict[str, Any]) -> Any:
        """Analyze the function's body with this call's arguments; its return value if known."""
        func.called = True
        node = func.node
        self.budget.spend()
        if node in self._active or len(self._active) >= _MAX_CALL_DEPTH or self.budget.halted \
                or isinstance(node, ast.AsyncFunctionDef) or not symbolic_calls.transparent_decorators(node, func.scope):
            return UNKNOWN
        params = node.args
        positional = [a.arg for a in (*params.posonlyargs, *params.args)]
        env = dict(func.scope)
        for name in _parameters(node):
            env[name] = func.defaults.get(name, UNKNOWN)
        for name, value in zip(positional, args, strict=False):
            env[name] = value
        if len(args) > len(positional) and params.vararg is None:
            return UNKNOWN  # a TypeError in Python: not ours to judge
        named = {a.arg for a in (*params.args, *params.kwonlyargs)}
        extra = program_values.DictValue()  # what **kwargs receives: the keywords no parameter names
        for name, value in kwargs.items():
            if params.kwarg is not None and name not in named:
                extra[name] = value
            else:
                env[name] = value
        if params.vararg is not None:
            env[params.vararg.arg] = tuple(args[len(positional):])
        if params.kwarg is not None:
            env[params.kwarg.arg] = extra
        saved = (self.env, self._returns, self._stopped)
        self.env, self._returns, self._stopped = env, [], False
        self._active.append(node)
        try:
            self.block(node.body)
            returns = self._returns
        finally:
            self._active.pop()
            self.env, self._returns, self._stopped = saved
        if not returns:
            return None if not _has_return(node) else UNKNOWN
        first = returns[0]
        return first if all(r is first for r in returns) else UNKNOWN

    def _call_body(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        saved = (self._returns, self._stopped)
        self._returns, self._stopped = [], False
        self._active.append(node)
        try:
            self.block(node.body)
        finally:
            self._active.pop()
            self._returns, self._stopped = saved

    # ----- calls ------------------------------------------------------------------------

    def call_ref(self, qualname: str, node: ast.Call, args: list[Any], kwargs: dict[str, Any]) -> Any:
        if is_sequential(qualname):
            return self.new_model(node, args, kwargs)
        if qualname in CLONE_MODEL:
            return clone_model(self, args[0] if args else kwargs.get("model"), node)
        if qualname in MERGE_FUNCTIONS:
            return merge(MERGE_FUNCTIONS[qualname], args[0] if args else kwargs.get("inputs"),
                         kwargs.get("axis", args[1] if len(args) > 1 else -1)) or UNKNOWN
        kind = layer_kind(qualname)
        if kind is not None:
            return self.new_layer(kind, node, args, kwargs)
        if qualname in ("keras.config.set_image_data_format", "keras.backend.set_image_data_format"):
            value = args[0] if args else kwargs.get("data_format", UNKNOWN)
            certain = not self.uncertain and not self._branching and value in DATA_FORMATS
            IMAGE_DATA_FORMAT.set(value if certain else UNKNOWN)
            self.format_set = True
            return None
        if qualname.startswith("keras.losses.") and qualname.split(".")[-1][:1].isupper():
            return losses.loss_object(qualname, args, kwargs)  # its kind and from_logits
        if qualname.startswith("keras.metrics.") and qualname.split(".")[-1][:1].isupper():
            return losses.MetricObject(qualname)
        if qualname.startswith("keras.optimizers.") and qualname.split(".")[-1][:1].isupper():
            self._optimizer_args(qualname, node, kwargs)
            return UNKNOWN
        if qualname in ("keras.utils.to_categorical", "keras.utils.np_utils.to_categorical"):
            labels = args[0] if args else kwargs.get("x", UNKNOWN)
            n = args[1] if len(args) > 1 else kwargs.get("num_classes")
            return arrays.to_categorical(labels, n) if isinstance(labels, Array) else UNKNOWN
        if qualname.startswith("keras.datasets.") and qualname.endswith(".load_data"):
            return datasets.load_data(qualname.split(".")[2], kwargs)
        if qualname in ("keras.utils.pad_sequences", "keras.preprocessing.sequence.pad_sequences"):
            maxlen = kwargs.get("maxlen", args[1] if len(args) > 1 else None)
            return datasets.pad_sequences(args[0] if args else kwargs.get("sequences"), kwargs, maxlen)
        if (own := extensions.call_ref(self, qualname, node, args, kwargs)) is not NotImplemented:
            return own
        if qualname in ("sklearn.model_selection.train_test_split", "sklearn.cross_validation.train_test_split"):
            return datasets.train_test_split(args, kwargs)
        dataset = pipelines.call(qualname, args, kwargs)
        if dataset is not pipelines.NOT_A_DATASET:
            return dataset
        op = tensor_op(qualname, args, kwargs)  # on functional tensors
        if op is tensor_ops.NOT_AN_OP:
            op = tensor_ops.call(qualname, args, kwargs)
        if op is not tensor_ops.NOT_AN_OP:
            return op
        root = qualname.split(".")[0]
        if root in _ARRAY_MODULES:
            return _array_function(qualname, args, kwargs)
        return UNKNOWN

    def call_method(self, method: BoundMethod, node: ast.Call, args: list[Any], kwargs: dict[str, Any]) -> Any:
        obj, name = method.obj, method.name
        if (own := extensions.call_method(self, obj, name, node, args, kwargs)) is not NotImplemented:
            return own
        if isinstance(obj, Model):
            return self.training.model_method(obj, name, node, args, kwargs)
        if isinstance(obj, Array):
            return _array_method(obj, name, args, kwargs)
        if name in subclassed.DATA_METHODS and subclassed.is_subclassed_model(obj):
            return self.subclassed.data_method(obj, name, args, kwargs)
        if isinstance(obj, SelfObject):
            return custom_layers.self_method(self, obj, name, args, kwargs)
        if isinstance(obj, Pipeline):
            return pipelines.method(obj, name, args, kwargs, lambda f, a, k: symbolic_calls.call(self, f, a, k))
        if isinstance(obj, list):
            return self.lists.call(obj, name, args, kwargs, self.level)
        return UNKNOWN

    def new_model(self, node: ast.Call, args: list[Any], kwargs: dict[str, Any]) -> Model:
        model = Model(self.positions.span(node), depth=self.uncertain)
        if self._call_sites:
            outer = self._call_sites[0]
            model.call_site = (self.positions.span(outer), self.positions.segment(outer) or "")
        layers = args[0] if args else kwargs.get("layers")
        name = kwargs.get("name")
        if isinstance(name, str):
            model.name = None  # the variable name is what users look for; Keras names differ
        if isinstance(layers, (list, tuple)):
            element_nodes = _list_elements(node)
            for i, item in enumerate(layers):
                span = self.positions.span(element_nodes[i]) if element_nodes and i < len(element_nodes) \
                    else model.span
                model.entries.append(self.model_entry(item, span))
        elif layers not in (None, UNKNOWN) or (layers is UNKNOWN and (args or "layers" in kwargs)):
            model.entries.append(Opaque(model.span, "?"))
        self.models.append(model)
        self.assembler.build_nested_now(model)
        return model

    def model_entry(self, value: Any, span: Any) -> Any:
        if isinstance(value, (Layer, InputTensor, Model)):
            return value
        return Opaque(span, "?")

    def new_layer(self, kind: str, node: ast.Call, args: list[Any], kwargs: dict[str, Any]) -> Any:
        span = self.positions.span(node)
        if kind in INPUT_LAYERS:
            return self.new_input(kind, node, args, kwargs)
        layer = Layer(kind, span, node)
        if not is_layer_name(kind):
            self._unknown_layer(kind, node)
            layer.error = LayerError("SL107", f"keras.layers has no {kind}")
            return layer
        kwargs = self._keras2_kwargs(kind, node, kwargs)
        raw = (args, kwargs)
        args, kwargs = [_plain_arg(a) for a in args], {k: _plain_arg(v) for k, v in kwargs.items()}
        try:
            layer.rule = make_layer(kind, args, kwargs) if is_supported(kind) else None
            legacy = legacy_input_shape(layer.rule.args if layer.rule else _args(kind, args, kwargs))
        except LayerError as err:
            layer.error = err
            self.sink.add(self.positions.span(argument_node(node, err.argument)), err.code, err.message)
            return layer
        if kind == "Lambda" and layer.rule is not None:
            symbolic_calls.attach_lambda(self, layer.rule, *raw)
        if kind == "RNN" and layer.rule is None:
            layer.rule = custom_layers.rnn_rule(*raw)
        if legacy is not None:
            layer.legacy_input, layer.legacy_arg = legacy
            layer.legacy_node = argument_node(node, layer.legacy_arg)
            layer.legacy_value = kwargs.get(layer.legacy_arg)
        if kind == "Embedding" and kwargs.get("input_length") is not None:
            self.sink.add(
                self.positions.span(argument_node(node, "input_length")),
                "SL402",
                "Embedding(input_length=...) is ignored by Keras 3 (it only warns): remove it, "
                "and declare the sequence length with keras.Input(shape=(length,))",
            )
        return layer

    # ----- the user's other modules ------------------------------------------------------

    def _workspace_import(self, stmt: ast.Import | ast.ImportFrom) -> None:
        assert self.workspace is not None
        if isinstance(stmt, ast.ImportFrom):
            module = stmt.module or ""
            if not stmt.level and _is_library(module):
                return
            values = self.workspace.module_env(module, stmt.level, self.path, self.depth)
            if values is None:
                for alias in stmt.names:
                    if stmt.level or alias.name != "*":
                        self.env.setdefault(alias.asname or alias.name, UNKNOWN)
                return
            span = self.positions.span(stmt)
            for alias in stmt.names:
                if alias.name == "*":
                    for name, value in values.env.items():
                        if not name.startswith("_"):
                            self.env[name] = self._imported(value, values, span, stmt)
                else:
                    value = values.env.get(alias.name, UNKNOWN)
                    self.env[alias.asname or alias.name] = self._imported(value, values, span, stmt)
            return
        for alias in stmt.names:
            if _is_library(alias.name):
                continue
            values = self.workspace.module_env(alias.name, 0, self.path, self.depth)
            if values is not None and (alias.asname or "." not in alias.name):
                self.env[alias.asname or alias.name] = ModuleRef(values)

    def _imported(self, value: Any, values: Any, span: Span, node: ast.AST) -> Any:
        if isinstance(value, Function):
            return ForeignFunction(value, values.interpreter)
        if isinstance(value, (Model, Layer, InputTensor, list, tuple, Alternatives, Opaque)):
            return self._rehome(value, span, node, {})
        if isinstance(value, ModuleRef) or _is_plain(value) or isinstance(value, (Array, Ref, Pipeline)):
            return value
        if isinstance(value, extensions.OWN_TYPES):
            return program_values.imported(value, program_values.copies(self))
        return UNKNOWN

    def _rehome(self, value: Any, span: Span, node: ast.AST, memo: dict[int, Any]) -> Any:
        """Values made in another file get this file's position of where they arrive."""
        if id(value) in memo:
            return memo[id(value)]
        if isinstance(value, Layer):
            call = node if isinstance(node, ast.Call) else value.node
            out: Any = dataclasses.replace(value, span=span, node=call, legacy_node=None)
        elif isinstance(value, InputTensor):
            out = dataclasses.replace(value, span=span)
        elif isinstance(value, Opaque):
            out = Opaque(span, value.label)
        elif isinstance(value, Alternatives):
            out = Alternatives([[self._rehome(e, span, node, memo) for e in p] for p in value.paths], span)
        elif isinstance(value, Model):
            out = Model(span, None, [], value.loss, [], self.uncertain)
            memo[id(value)] = out
            out.entries = [self._rehome(e, span, node, memo) for e in value.entries]
            self.models.append(out)
        elif isinstance(value, (list, tuple)):
            out = type(value)(self._rehome(v, span, node, memo) for v in value)
        else:
            out = value
        memo[id(value)] = out
        return out

    def new_custom_layer(self, cls: CustomLayerClass, node: ast.Call, args: list[Any], kwargs: dict[str, Any]) -> Layer:
        layer = Layer(cls.name, self.positions.span(node), node)
        layer.rule = CustomRule(self, cls, args, kwargs)
        self.subclassed.covered.add(subclassed.init_node(layer))
        try:
            legacy = legacy_input_shape(_args(cls.name, [_plain_arg(a) for a in args],
                                              {k: _plain_arg(v) for k, v in kwargs.items()}))
        except LayerError as err:
            self.sink.add(self.positions.span(argument_node(node, err.argument)), err.code, err.message)
            return layer
        if legacy is not None:
            layer.legacy_input, layer.legacy_arg = legacy
            layer.legacy_node = argument_node(node, layer.legacy_arg)
        return layer

    def _unknown_layer(self, kind: str, node: ast.Call) -> None:
        hint = keras2.REMOVED_LAYERS.get(kind)
        if hint is None:
            import difflib  # only for a layer name Keras does not have

            close = difflib.get_close_matches(kind, sorted(LAYER_CLASSES), n=1)
            hint = f"layers.{close[0]}" if close else "a layer that exists in Keras 3"
        self.sink.add(
            self.positions.span(node.func),
            "SL107",
            f"keras.layers has no {kind} in Keras 3 (AttributeError): use {hint}",
        )

    def _keras2_kwargs(self, kind: str, node: ast.Call, kwargs: dict[str, Any]) -> dict[str, Any]:
        """Report Keras 2 keyword arguments; analyze shapes as if they had their Keras 3 names."""
        renamed = dict(kwargs)
        for kw in node.keywords:
            old = kw.arg
            if old is None:
                continue
            new = keras2.layer_rename(kind, old)
            if old == "batch_input_shape":
                value = renamed.pop(old)
                if isinstance(value, (tuple, list)) and value and "input_shape" not in renamed:
                    renamed["batch_input_shape"] = tuple(value)
                text = self.positions.segment(kw.value)
                fix = self.fixer.declare_input(node, kind, old, text, "batch_shape") if text else None
                self.sink.add(
                    _keyword_span(self.positions, kw), "SL401",
                    f"{kind}(batch_input_shape=...) is a Keras 2 argument that Keras 3 rejects "
                    "(Unrecognized keyword arguments): put keras.Input(batch_shape=...) first in the model",
                    fixes=(fix,) if fix else (),
                )
            elif old == "input_length" and kind != "Embedding":
                renamed.pop(old)
                self.sink.add(
                    _keyword_span(self.positions, kw), "SL401",
                    f"{kind}(input_length=...) is a Keras 2 argument that Keras 3 rejects "
                    "(Unrecognized keyword arguments): declare the length with keras.Input(shape=(length, features))",
                )
            elif new is not None:
                value = renamed.pop(old)
                if new not in kwargs:
                    renamed[new] = value
                self.sink.add(
                    _keyword_span(self.positions, kw), "SL401",
                    f"{kind}({old}=...) is a Keras 2 argument that Keras 3 rejects "
                    f"(Unrecognized keyword arguments): use {new}=",
                    fixes=(Fix(f"Rename {old}= to {new}=", (Edit(_keyword_span(self.positions, kw), new),), True),),
                )
        return renamed

    def new_input(self, kind: str, node: ast.Call, args: list[Any], kwargs: dict[str, Any]) -> InputTensor:
        span = self.positions.span(node)
        args, kwargs = [_plain_arg(a) for a in args], {k: _plain_arg(v) for k, v in kwargs.items()}
        try:
            shape = input_batch_shape(_args(kind, args, kwargs))
        except LayerError as err:
            self.sink.add(self.positions.span(argument_node(node, err.argument)), err.code, err.message)
            return InputTensor(UNKNOWN, span, err)
        tensor = InputTensor(shape, span)
        dtype = kwargs.get("dtype")
        tensor.dtype = "float32" if dtype is None else dtype if isinstance(dtype, str) else UNKNOWN
        if "shape" in kwargs or "input_shape" in kwargs:
            key = "shape" if "shape" in kwargs else "input_shape"
            tensor.decl_node, tensor.decl_value = argument_node(node, key), kwargs[key]
        elif node.args:
            tensor.decl_node, tensor.decl_value = node.args[0], args[0]
        return tensor

    def _optimizer_args(self, qualname: str, node: ast.Call, kwargs: dict[str, Any]) -> None:
        cls = qualname.split(".")[-1]
        for kw in node.keywords:
            new = keras2.OPTIMIZER_RENAMES.get(kw.arg or "")
            if new is not None:
                span = _keyword_span(self.positions, kw)
                self.sink.add(
                    span,
                    "SL401",
                    f"{cls}({kw.arg}=...) is a Keras 2 argument that Keras 3 rejects "
                    f"(ValueError: Argument(s) not recognized): use {new}=",
                    fixes=(Fix(f"Rename {kw.arg}= to {new}=", (Edit(span, new),), True),),
                )
        if kwargs.get("decay") is not None:
            self.sink.add(
                self.positions.span(argument_node(node, "decay")),
                "SL402",
                f"{cls}(decay=...) is ignored by Keras 3 (it only warns): use a learning-rate "
                "schedule from keras.optimizers.schedules instead",
            )


# Top-level packages that are never the user's own modules: no file lookup for them.
_LIBRARIES = frozenset({
    "keras", "tensorflow", "tf_keras", "numpy", "scipy", "sklearn", "pandas", "matplotlib", "seaborn",
    "torch", "jax", "tqdm", "PIL", "cv2", "h5py", "absl", "google", "IPython", "pytest", "typing_extensions",
})


def _is_library(module: str) -> bool:
    root = module.split(".")[0]
    return root in _LIBRARIES or root in sys.stdlib_module_names


def _keyword_span(positions: Positions, kw: ast.keyword) -> Span:
    """The span of a keyword argument's name (``border_mode`` in ``border_mode='same'``)."""
    start = positions.span(kw)
    return Span(start.line, start.col, start.line, start.col + len(kw.arg or ""))


def _newaxis(value: Any) -> Any:
    if isinstance(value, Ref) and value.qualname in ("numpy.newaxis", "tensorflow.newaxis"):
        return None
    if isinstance(value, tuple) and len(value) == 4 and value[0] == "slice":
        return value  # a slice(...) object: x[:, s, :]
    return UNKNOWN


def _is_layer_base(value: Any) -> bool:
    """``keras.layers.Layer`` (or ``keras.Layer``), or any Keras layer class, or another custom one."""
    if isinstance(value, CustomLayerClass) or subclassed.is_model_base(value):
        return True
    return isinstance(value, Ref) and (value.qualname in ("keras.Layer", "keras.layers.Layer")
                                       or layer_kind(value.qualname) is not None)


_CONSTANT_TYPES = frozenset({bool, int, float, str, type(None)})


def _plain_arg(value: Any) -> Any:
    """What a layer constructor may see: constants (and tuples of them), the rule of a layer
    passed to a wrapper (``Bidirectional(LSTM(8))``), else UNKNOWN."""
    if type(value) in _CONSTANT_TYPES:  # the common case first
        return value
    if isinstance(value, ShapeTuple):
        return value
    if isinstance(value, Layer):
        return value.rule if value.rule is not None and value.error is None else UNKNOWN
    if isinstance(value, (tuple, list)):
        return type(value)(_plain_arg(v) for v in value)
    if value is UNKNOWN or value is None or isinstance(value, (bool, int, float, str)):
        return value
    return UNKNOWN


def _is_plain(value: Any) -> bool:
    """A constant the analysis can compute with (not UNKNOWN, not an abstract object)."""
    if isinstance(value, (tuple, list)):
        return all(_is_plain(v) for v in value)
    return value is None or isinstance(value, (bool, int, float, str))


def _parameters(node: ast.FunctionDef | ast.AsyncFunctionDef) -> list[str]:
    args = node.args
    names = [a.arg for a in (*args.posonlyargs, *args.args, *args.kwonlyargs)]
    names += [a.arg for a in (args.vararg, args.kwarg) if a is not None]
    return names


def _iteration(value: Any) -> list[Any] | None:
    """The items a ``for`` goes through, when they are known and few."""
    if isinstance(value, (tuple, list)) and len(value) <= _MAX_UNROLL:
        return list(value)
    if isinstance(value, range) and arrays.range_length(value) <= _MAX_UNROLL:
        return list(value)
    if isinstance(value, program_values.DictValue) and not value.open and len(value) <= _MAX_UNROLL:
        return list(value)  # a dict's keys
    return None


def _has_jump(stmt: ast.stmt) -> bool:
    """``break``/``continue`` belonging to this loop (not to a nested one)."""
    def visit(nodes: list[ast.stmt]) -> bool:
        for node in nodes:
            if isinstance(node, (ast.Break, ast.Continue)):
                return True
            if isinstance(node, (ast.For, ast.AsyncFor, ast.While, ast.FunctionDef, ast.AsyncFunctionDef,
                                 ast.ClassDef)):
                continue
            for field in ("body", "orelse", "finalbody", "handlers", "cases"):
                children = getattr(node, field, None)
                if children and visit([c for c in children if isinstance(c, ast.stmt)] +
                                      [s for h in children if not isinstance(h, ast.stmt)
                                       for s in getattr(h, "body", [])]):
                    return True
        return False

    return visit(stmt.body)  # type: ignore[attr-defined]


def _has_return(node: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    return any(isinstance(n, ast.Return) for n in ast.walk(node))


def _merge_paths(before: list[Any], paths: list[list[Any]], span: Span) -> list[Any]:
    """A model's entries after an ``if``: unchanged, or the shared start plus the alternatives."""
    if not paths:
        return before
    built, paths = split_builds(before, paths)
    if built is not None:  # a deferred build on some paths: built after the if, maybe on unknown data
        return [built, *_merge_paths(before, paths, span)]
    first = paths[0]
    if all(len(p) == len(first) and all(a is b for a, b in zip(p, first, strict=False)) for p in paths):
        return list(first)
    n = len(before)
    if not all(len(p) >= n and all(a is b for a, b in zip(p[:n], before, strict=False)) for p in paths):
        return [*before, Opaque(span, "?")]
    return [*before, Alternatives([p[n:] for p in paths], span)]


def _args(kind: str, args: list[Any], kwargs: dict[str, Any]) -> Any:
    from ..engine import Args

    return Args(tuple(args), dict(kwargs), kind)


def _list_elements(node: ast.Call) -> list[ast.expr] | None:
    first = node.args[0] if node.args else next((k.value for k in node.keywords if k.arg == "layers"), None)
    if isinstance(first, (ast.List, ast.Tuple)) and not any(isinstance(e, ast.Starred) for e in first.elts):
        return list(first.elts)
    return None


def _only_target(stmt: ast.For | ast.AsyncFor, env: dict[str, Any]) -> bool:
    """The loop's target names are unbound before it and bound nowhere in its body."""
    if not all(isinstance(n, (ast.Name, ast.Tuple, ast.List, ast.Store)) for n in ast.walk(stmt.target)):
        return False  # attributes, items, starred names: not rebound here
    target = {n.id for n in ast.walk(stmt.target) if isinstance(n, ast.Name)}
    body = set().union(*(_assigned_names(s) for s in [*stmt.body, *stmt.orelse]))
    return bool(target) and not target & body and not any(n in env for n in target)


def _assigned_names(stmt: ast.stmt) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(stmt):
        if isinstance(node, ast.Name) and isinstance(node.ctx, (ast.Store, ast.Del)):
            names.add(node.id)
    return names


def _array_arith(op: ast.operator, left: Any, right: Any) -> Any:
    if isinstance(op, ast.MatMult):
        return numpy_calls.matmul(left, right)
    scalar = (int, float)
    if isinstance(left, Array) and isinstance(right, Array):
        shape = arrays.broadcast(left.shape, right.shape)
        if shape is UNKNOWN:
            return UNKNOWN
        dtype = left.dtype if left.dtype == right.dtype else UNKNOWN
        return Array(shape, dtype)
    array, other = (left, right) if isinstance(left, Array) else (right, left)
    if not isinstance(other, scalar) or isinstance(other, bool):
        return UNKNOWN
    dtype = array.dtype
    value_range = None
    if isinstance(op, ast.Div) or isinstance(other, float):
        # NumPy: true division and float scalars give float64 for integer arrays; float arrays keep
        # their precision (NEP 50); a dtype we do not know stays unknown.
        if isinstance(dtype, str) and not dtype.startswith(("float", "bfloat")):
            dtype = arrays.FLOAT
    elif isinstance(op, ast.Mod) and array is left and is_concrete(other) and other > 0:
        low = array.value_range[0] if array.value_range else None
        if low is not None and low >= 0:
            high = min(other - 1, array.value_range[1]) if array.value_range else other - 1
            value_range = (0, high)
    elif array.value_range is not None and is_concrete(other) and array is left:
        low, high = array.value_range
        if isinstance(op, ast.Add):
            value_range = (low + other, high + other)
        elif isinstance(op, ast.Sub):
            value_range = (low - other, high - other)
    # Scaling or shifting random fractions keeps fractions (rand(n) * 5 is not a class id).
    fractional = array.fractional and isinstance(op, (ast.Mult, ast.Div, ast.Add, ast.Sub))
    draw = arrays.scaled_draw(array.draw, op, other, array is left) if fractional else None
    return Array(array.shape, dtype, value_range, one_hot=False, fractional=fractional, draw=draw)


def _array_attribute(array: Array, attr: str, node: ast.Attribute, interp: Interpreter) -> Any:
    if attr == "shape":
        value = ShapeTuple(array.shape)
        value.array = array
        value.source = interp.positions.segment(node) or ""
        return value
    if attr == "ndim":
        return array.rank
    if attr == "T":
        return arrays.transpose(array)
    if attr == "size":
        return arrays._size(array.shape)
    return BoundMethod(array, attr)


def _array_method(array: Array, name: str, args: list[Any], kwargs: dict[str, Any]) -> Any:
    if name == "reshape":
        target = args[0] if len(args) == 1 else tuple(args) if args else kwargs.get("shape", UNKNOWN)
        return arrays.reshape(array, target)
    if name == "astype":
        dtype = args[0] if args else kwargs.get("dtype")
        return Array(array.shape, _dtype_name(dtype), array.value_range if _is_int_dtype(dtype) else None,
                     one_hot=array.one_hot,
                     fractional=array.fractional and str(_dtype_name(dtype)).startswith("float"),
                     draw=array.draw if str(_dtype_name(dtype)).startswith("float") else None)
    if name in ("copy", "numpy"):
        return array
    if name == "argmax":
        return arrays.argmax(array, args[0] if args else kwargs.get("axis"))
    if name == "swapaxes" and len(args) == 2:
        return arrays.swapaxes(array, args[0], args[1])
    if name == "squeeze":
        return arrays.squeeze(array, args[0] if args else kwargs.get("axis"))
    if name == "flatten" or name == "ravel":
        return arrays.reshape(array, (-1,))
    if name == "transpose":
        return arrays.transpose(array, tuple(args) if len(args) > 1 else args[0] if args else None)
    return UNKNOWN


def _arg(args: list[Any], kwargs: dict[str, Any], pos: int, key: str, default: Any) -> Any:
    return args[pos] if len(args) > pos else kwargs.get(key, default)


def _array_function(qualname: str, args: list[Any], kwargs: dict[str, Any]) -> Any:
    """NumPy and TensorFlow functions that make or transform arrays."""
    name = qualname.split(".", 1)[1] if "." in qualname else qualname
    first = args[0] if args else UNKNOWN
    float_dtype = arrays.FLOAT32 if qualname.startswith("tensorflow") else arrays.FLOAT
    dtype = _dtype_name(kwargs.get("dtype")) if kwargs.get("dtype") is not None else float_dtype
    if name in ("random.normal", "random.uniform") and qualname.startswith("tensorflow"):
        def tf_arg(pos: int, key: str, default: Any) -> Any:
            return args[pos] if len(args) > pos else kwargs.get(key, default)
        low, high = tf_arg(1, "minval", 0), tf_arg(2, "maxval", None)
        if name == "random.uniform" and str(dtype).startswith(("int", "uint")):
            # Integers in [minval, maxval): class ids, not fractions.
            value_range = (low, high - 1) if is_concrete(low) and is_concrete(high) else None
            return arrays.from_shape(kwargs.get("shape", first), dtype, value_range)
        draw = ("normal", tf_arg(1, "mean", 0.0), tf_arg(2, "stddev", 1.0)) if name == "random.normal" \
            else ("uniform", low, 1.0 if high is None else high)
        return arrays.fractions(arrays.from_shape(kwargs.get("shape", first), dtype), draw)
    if name in ("zeros", "ones", "empty") and qualname.startswith("tensorflow"):
        return arrays.from_shape(kwargs.get("shape", first), dtype)
    if name in ("zeros", "ones", "empty"):
        return arrays.from_shape(kwargs.get("shape", first), dtype)
    if name == "full":
        return arrays.from_shape(kwargs.get("shape", first), dtype)
    if name in ("random.rand", "random.randn"):
        draw = ("uniform", 0, 1) if name == "random.rand" else ("normal", 0, 1)
        return arrays.fractions(arrays.from_dims(tuple(args), arrays.FLOAT), draw)
    if name in ("random.random", "random.random_sample", "random.sample"):
        return arrays.fractions(arrays.from_shape(kwargs.get("size", first), arrays.FLOAT), ("uniform", 0, 1)) \
            if (args or "size" in kwargs) else UNKNOWN
    if name == "random.standard_normal":
        size = kwargs.get("size", first if args else None)
        return arrays.fractions(arrays.from_shape(size, arrays.FLOAT), ("normal", 0, 1)) if size is not None else UNKNOWN
    if name in ("random.normal", "random.uniform"):
        size = kwargs.get("size", args[2] if len(args) > 2 else None)
        draw = ("normal", _arg(args, kwargs, 0, "loc", 0.0), _arg(args, kwargs, 1, "scale", 1.0)) \
            if name == "random.normal" else \
            ("uniform", _arg(args, kwargs, 0, "low", 0.0), _arg(args, kwargs, 1, "high", 1.0))
        return arrays.fractions(arrays.from_shape(size, arrays.FLOAT), draw) if size is not None else UNKNOWN
    if name == "random.randint":
        return arrays.randint(
            first if args else kwargs.get("low", UNKNOWN),
            args[1] if len(args) > 1 else kwargs.get("high"),
            args[2] if len(args) > 2 else kwargs.get("size"),
        )
    if name == "arange":
        return arrays.arange(tuple(args))
    if name in ("array", "asarray", "constant", "convert_to_tensor"):
        if isinstance(first, Array):
            return first
        value = arrays.literal(first)
        if isinstance(value, Array) and kwargs.get("dtype") is not None:
            value = Array(value.shape, _dtype_name(kwargs["dtype"]), value.value_range)
        return value
    if name in ("zeros_like", "ones_like") and isinstance(first, Array):
        return Array(first.shape, first.dtype)
    if name == "expand_dims" and isinstance(first, Array):
        return arrays.expand_dims(first, args[1] if len(args) > 1 else kwargs.get("axis", UNKNOWN))
    if name == "squeeze" and isinstance(first, Array):
        return arrays.squeeze(first, args[1] if len(args) > 1 else kwargs.get("axis"))
    if name == "reshape" and isinstance(first, Array):
        return arrays.reshape(first, args[1] if len(args) > 1 else kwargs.get("newshape", kwargs.get("shape", UNKNOWN)))
    if name == "transpose" and isinstance(first, Array):
        return arrays.transpose(first, args[1] if len(args) > 1 else kwargs.get("axes"))
    if name in ("stack", "concatenate", "vstack", "hstack", "concat") and isinstance(first, (list, tuple)):
        axis = args[1] if len(args) > 1 else kwargs.get("axis", 0)
        items = list(first)
        if name == "vstack":
            items = [arrays.expand_dims(a, 0) if isinstance(a, Array) and a.rank == 1 else a for a in items]
        if name == "hstack":
            axis = 0 if all(isinstance(a, Array) and a.rank == 1 for a in items) else 1
        return arrays.stack_like(items, axis, new_axis=name == "stack")
    if name == "swapaxes" and isinstance(first, Array) and len(args) >= 3:
        return arrays.swapaxes(first, args[1], args[2])
    if name == "moveaxis" and isinstance(first, Array) and len(args) >= 3:
        return arrays.moveaxis(first, args[1], args[2])
    if name == "argmax" and isinstance(first, Array):
        return arrays.argmax(first, args[1] if len(args) > 1 else kwargs.get("axis"))
    if name == "eye" and is_concrete(first):
        return Array((first, args[1] if len(args) > 1 and is_concrete(args[1]) else first), arrays.FLOAT, (0, 1))
    return UNKNOWN


def _dtype_name(dtype: Any) -> Any:
    if isinstance(dtype, str):
        return dtype
    if isinstance(dtype, Ref):
        return dtype.qualname.split(".")[-1]
    return UNKNOWN


def _is_int_dtype(dtype: Any) -> bool:
    name = _dtype_name(dtype)
    return isinstance(name, str) and ("int" in name)


def _builtin_len(args: list[Any]) -> Any:
    if len(args) == 1:
        value = args[0]
        if isinstance(value, (tuple, list, str)):
            return len(value)
        if isinstance(value, Array) and value.shape and is_concrete(value.shape[0]):
            return value.shape[0]
    return UNKNOWN


def _builtin_int(args: list[Any]) -> Any:
    if len(args) == 1 and isinstance(args[0], (int, float)) and not isinstance(args[0], bool):
        return int(args[0])
    return UNKNOWN


def _builtin_tuple(args: list[Any]) -> Any:
    if len(args) == 1 and isinstance(args[0], (tuple, list)):
        return tuple(args[0])
    return UNKNOWN


def _builtin_list(args: list[Any]) -> Any:
    if len(args) == 1 and isinstance(args[0], (tuple, list)):
        return list(args[0])
    return UNKNOWN


def _builtin_range(args: list[Any]) -> Any:
    if 1 <= len(args) <= 3 and all(is_concrete(a) for a in args) and (len(args) < 3 or args[2] != 0):
        values = range(*args)
        return values if arrays.range_length(values) <= _MAX_UNROLL else UNKNOWN
    return UNKNOWN


def _numeric_builtin(fn: Callable[..., Any]) -> Callable[[list[Any]], Any]:
    def apply(args: list[Any]) -> Any:
        if args and all(isinstance(a, (int, float)) and not isinstance(a, bool) for a in args):
            try:
                return fn(*args)
            except (TypeError, ValueError, OverflowError):
                return UNKNOWN
        return UNKNOWN

    return apply


_BUILTINS: dict[str, Callable[[list[Any]], Any]] = {
    "len": _builtin_len, "int": _builtin_int, "tuple": _builtin_tuple, "list": _builtin_list,
    "range": _builtin_range, "min": _numeric_builtin(min), "max": _numeric_builtin(max),
    "abs": _numeric_builtin(abs), "float": _numeric_builtin(float), "round": _numeric_builtin(round),
}
