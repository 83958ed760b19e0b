"""Deferred build: a Sequential that declares no input is built by the first data it sees.

Keras (``Sequential.build``) then inserts an ``InputLayer`` whose batch shape is the shape of
that data, and the model behaves from then on as if it had been declared with it. What that
shape is depends on the call (Keras 3.15 / TensorFlow 2.21, checked by running it):

- ``fit``/``evaluate`` trace their step on the tf.data batches of the array adapter: the batch
  axis is ``batch_size`` when it divides the sample count (every batch is full), else ``None``;
- ``predict`` traces on its first batch: ``min(batch_size, samples)``;
- ``model(x)``, ``*_on_batch`` and ``build(shape)`` take the shape as it is;
- a ``tf.data`` dataset gives its element spec (``None`` batch unless ``drop_remainder=True``).

The first build wins: data of another shape later is checked against it (Keras raises there).
"""

from __future__ import annotations

import ast
import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..engine import LayerError, build_layer
from ..engine.shapes import UNKNOWN, Shape, _Unknown, is_concrete, shape_str
from .result import Diagnostic, Edit, Fix, Related, Span
from .values import Array, InputTensor, Layer, Model, Pipeline

if TYPE_CHECKING:
    from .interpreter import Interpreter

_DEFAULT_BATCH = 32
# Where ``batch_size``/``steps`` sit among each method's positional arguments.
_BATCH_POSITION = {"fit": 2, "evaluate": 2, "predict": 1}
_STEPS_NAME = {"fit": "steps_per_epoch", "evaluate": "steps", "predict": "steps"}


@dataclass
class SymbolicTensor:
    """A functional-API tensor that is not itself a ``keras.Input``: what a layer or a model
    returns when called on one. Unlike ``InputTensor`` it cannot start a Sequential."""

    shape: Shape | _Unknown
    # The tokenizer (TextVectorization in output_mode 'int') whose ids this tensor holds.
    token_ids: Any = None


def symbolic_shape(value: Any) -> Shape | _Unknown | None:
    """The batch shape of a functional tensor, None when ``value`` is not one."""
    if isinstance(value, InputTensor):
        return value.batch_shape if value.error is None else UNKNOWN
    if isinstance(value, SymbolicTensor):
        return value.shape
    return None


def _arg(args: list[Any], kwargs: dict[str, Any], name: str, position: int | None) -> Any:
    if name in kwargs:
        return kwargs[name]
    if position is not None and position < len(args):
        return args[position]
    return None


def array_build_shape(method: str, shape: Shape, args: list[Any], kwargs: dict[str, Any]) -> Shape | _Unknown:
    """The batch shape Keras builds the model on when ``method`` first gets an array of ``shape``."""
    if method not in _BATCH_POSITION:
        return shape  # model(x), *_on_batch: the array is the batch
    if not shape:
        return UNKNOWN
    n: Any = shape[0]
    split = kwargs.get("validation_split") if method == "fit" else None
    if split not in (None, 0, 0.0):
        n = math.floor(n * (1.0 - split)) if is_concrete(n) and isinstance(split, float) else UNKNOWN
    batch = _arg(args, kwargs, "batch_size", _BATCH_POSITION[method])
    if batch is None:
        steps = kwargs.get(_STEPS_NAME[method])
        if steps is None:
            batch = _DEFAULT_BATCH
        else:
            batch = math.ceil(n / steps) if is_concrete(n) and is_concrete(steps) and steps > 0 else UNKNOWN
    if not is_concrete(n) or not is_concrete(batch) or n <= 0 or batch <= 0:
        return (UNKNOWN, *shape[1:])
    if method == "predict":
        return (min(batch, n), *shape[1:])
    return (batch if n % batch == 0 else None, *shape[1:])


def pipeline_build_shape(method: str, pipe: Pipeline) -> Shape | _Unknown:
    """The element spec of a dataset's features, as the traced step sees it."""
    if not isinstance(pipe.features, Array):  # a dict or tuple of features: not a Sequential input
        return UNKNOWN
    features = pipe.features.shape
    if not pipe.batched:
        return features
    if method == "predict" and pipe.batch is None:
        return (UNKNOWN, *features)  # the first batch: min(batch size, samples), not known here
    return (pipe.batch, *features)


def loop_element(iterable: Any) -> Any:
    """What ``for x in iterable`` binds when it is known: one row of an array, one element of a
    dataset (batched datasets yield whole batches)."""
    from .numpy_calls import rows
    from .pipelines import eager_element

    if isinstance(iterable, Pipeline):
        return eager_element(iterable)
    return rows(iterable)


def entered_loop(iterable: Any, stmt: ast.For | ast.AsyncFor) -> bool:
    """A ``for`` whose first iteration surely runs its body from the top: over a known non-empty
    sequence, array or dataset, with no ``break``/``continue``/``return`` that could end it early."""
    if isinstance(iterable, range):
        count: Any = int(bool(iterable))  # len() overflows past sys.maxsize
    elif isinstance(iterable, (list, tuple)):
        count = len(iterable)
    elif isinstance(iterable, Array) and iterable.shape:
        count = iterable.shape[0]
    elif isinstance(iterable, Pipeline):
        count = iterable.count
    else:
        return False
    if not is_concrete(count) or count <= 0 or isinstance(stmt, ast.AsyncFor):
        return False
    jumps = (ast.Break, ast.Continue, ast.Return, ast.Raise)
    return not any(isinstance(node, jumps) for part in stmt.body for node in ast.walk(part))


def call_text(positions: Any, method: str, x_node: ast.AST | None) -> str:
    """``fit(x_train)``: how a build site is named in hovers and messages."""
    text = positions.segment(x_node) if x_node is not None else None
    if not text or len(text) > 40 or "\n" in text:
        text = "..."
    return f"{method}({text})"


class DeferredBuilds:
    """Builds input-less models where Keras does, and explains the consequences later."""

    def __init__(self, interp: Interpreter) -> None:
        self.interp = interp
        # The argument node of each build site, by id of the InputTensor inserted there.
        self._nodes: dict[int, ast.AST] = {}

    def build_on_data(self, model: Model, method: str, x: Any, node: ast.Call, x_node: ast.AST | None,
                      args: list[Any], kwargs: dict[str, Any]) -> bool:
        """Build ``model`` on the data of a ``fit``/``predict``/... call; True when this call built it."""
        if not model.entries or self.interp.assembler.assemble(model).declared:
            return False
        if isinstance(x, Pipeline):
            shape: Shape | _Unknown = pipeline_build_shape(method, x)
        elif isinstance(x, Array) and x.dtype != "object":
            shape = array_build_shape(method, x.shape, args, kwargs)
        else:
            shape = symbolic_shape(x) or UNKNOWN
        return self.build(model, shape, node, x_node, call_text(self.interp.positions, method, x_node),
                          self._hint(x, x_node))

    def _hint(self, x: Any, x_node: ast.AST | None) -> tuple[str, Fix | None] | None:
        """Why data that a layer rejects at the build is likely wrong, and the fix: an unbatched
        dataset (each element taken as a batch), or one sample ``x[0]`` (axis 0 taken as the batch)."""
        if x_node is None:
            return None
        fixer = self.interp.fixer
        if isinstance(x, Pipeline) and not x.batched:
            return ("the dataset is not batched, so each element is taken as a batch: add .batch(32) "
                    "(or another batch size)", fixer.wrap(x_node, "{}.batch(32)", "Batch the dataset: {new}"))
        one = isinstance(x_node, ast.Subscript) and isinstance(x_node.slice, ast.Constant) \
            and type(x_node.slice.value) is int
        if isinstance(x, Array) and one:
            text = self.interp.positions.segment(x_node) or "x[0]"
            np_name, import_edit = self.interp.training._numpy_alias()
            new = f"{np_name}.expand_dims({text}, 0)"
            edits = (*((import_edit,) if import_edit else ()), Edit(self.interp.positions.span(x_node), new))
            return (f"{text} is one sample, and Keras takes its first axis as the batch axis: pass a batch "
                    f"of one, {new}", Fix(f"Add the batch axis: {new}", edits, True))
        return None

    def build(self, model: Model, shape: Shape | _Unknown, node: ast.AST, x_node: ast.AST | None, text: str,
              hint: tuple[str, Fix | None] | None = None) -> bool:
        """Insert the InputLayer Keras inserts; report the layer errors of that build at the call."""
        interp = self.interp
        if not model.entries or interp.assembler.assemble(model).declared:
            return False
        # In a loop body that may not run, the build may not happen: built, on unknown data.
        # (On one path of an if it is certain on that path: ``split_builds`` merges the paths.)
        # In a loop whose first iteration surely runs, that iteration builds it: the body as
        # analyzed (what the loop assigns unknown) stands for every iteration, the first too.
        certain = all(level in interp.entered_levels for level in range(model.depth + 1, interp.uncertain + 1))
        site = interp.positions.span(x_node if x_node is not None else node)
        tensor = InputTensor(shape if certain else UNKNOWN, site, built_by=text)
        if x_node is not None:
            self._nodes[id(tensor)] = x_node
        model.entries.insert(0, tensor)
        sink = interp.sink
        before = len(sink.items)
        interp.assembler.assemble(model)
        for i in range(before, len(sink.items)):
            diag = sink.items[i]
            if diag.severity == "error":
                sink.items[i] = _at_build_site(diag, site, text, tensor.batch_shape, hint)
        return True

    def functional_call(self, model: Model, tensor: Any, node: ast.Call) -> SymbolicTensor:
        """``block(inputs)`` on a functional tensor: builds the block, returns its output tensor."""
        shape = symbolic_shape(tensor)
        x_node = node.args[0] if node.args else None
        name = self.interp.positions.segment(node.func) or "model"
        fresh = self.build(model, shape if shape is not None else UNKNOWN, node, x_node,
                           call_text(self.interp.positions, name, x_node))
        built = self.interp.assembler.assemble(model)
        if not built.declared or isinstance(shape, _Unknown) or shape is None:
            return SymbolicTensor(UNKNOWN)
        # A model built before checks the tensor as it checks data (Keras raises the same way).
        site = None if fresh or x_node is None else self.interp.positions.span(x_node)
        before = len(self.interp.sink.items)
        out = self.interp.assembler.run_data(built, shape, batched=False, site=site, method=name)
        if len(self.interp.sink.items) > before:
            self.explain_conflict(model.entries[0], shape, before)
        return SymbolicTensor(out)

    def explain_conflict(self, built_input: Any, data: Shape, before: int) -> None:
        """Data rejected (diagnostics from ``before`` on) by a model that earlier data built: point
        at that build; when the earlier data was one sample of this data (``predict(x[0])``),
        warn there too."""
        if not isinstance(built_input, InputTensor) or built_input.built_by is None:
            return
        shape = built_input.batch_shape
        note = Related(built_input.span, f"Keras built the model here, on shape {shape_str(shape)}, "
                                         f"by {built_input.built_by}")
        items = self.interp.sink.items
        where = f"Keras built this model on shape {shape_str(shape)} at line {built_input.span.line + 1}, " \
                f"by {built_input.built_by}"
        items[before:] = [Diagnostic(d.span, d.severity, d.code, f"{d.message} ({where})", d.fixes, (*d.related, note))
                          if d.code in ("SL301", "SL302", "SL303") else d for d in items[before:]]
        if not isinstance(shape, tuple) or len(data) != len(shape) + 1:
            return
        node = self._nodes.get(id(built_input))
        indexed = isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Constant) \
            and type(node.slice.value) is int  # x[0]: its first axis may have been cut to a batch
        if (tuple(data[1:]) == shape and all(is_concrete(d) for d in shape)) or (
                indexed and tuple(data[2:]) == shape[1:]):
            self._one_sample_warning(built_input, shape)

    def _one_sample_warning(self, tensor: InputTensor, shape: Shape) -> None:
        node = self._nodes.get(id(tensor))
        fixes: tuple[Fix, ...] = ()
        text = self.interp.positions.segment(node) if node is not None else None
        if text:
            np_name, import_edit = self.interp.training._numpy_alias()
            edits = (*((import_edit,) if import_edit else ()), Edit(tensor.span, f"{np_name}.expand_dims({text}, 0)"))
            fixes = (Fix(f"Add the batch axis: {np_name}.expand_dims({text}, 0)", edits, True),)
        self.interp.sink.add(
            tensor.span, "SL301",
            f"{tensor.built_by} is the first data this model sees, so Keras builds the model on shape "
            f"{shape_str(shape)}, taking the first axis as the batch axis: it looks like one sample; "
            "pass a batch of one",
            fixes=fixes, severity="warning",
        )


def split_builds(before: list[Any], paths: list[list[Any]]) -> tuple[InputTensor | None, list[list[Any]]]:
    """A model's entries after the paths of an if: when some paths built it (an InputTensor
    inserted first), the build (its shape kept only if every path built it the same way) and
    the paths without it."""
    def fresh(path: list[Any]) -> bool:
        head = path[0] if path else None
        return isinstance(head, InputTensor) and head.built_by is not None and not (before and head is before[0])

    built = [p[0] for p in paths if fresh(p)]
    if not built:
        return None, paths
    first = built[0]
    same = len(built) == len(paths) and all(b.batch_shape == first.batch_shape for b in built)
    tensor = InputTensor(first.batch_shape if same else UNKNOWN, first.span, built_by=first.built_by)
    return tensor, [p[1:] if fresh(p) else p for p in paths]


def _at_build_site(diag: Diagnostic, site: Span, text: str, shape: Shape | _Unknown,
                   hint: tuple[str, Fix | None] | None = None) -> Diagnostic:
    """A layer that rejects the shape a deferred build gives it: Keras raises at that call.
    ``hint``: what is likely wrong with the data, and its fix (instead of the layer's own)."""
    if hint is not None:
        message = (f"{text} builds the model on data of shape {shape_str(shape)}, and Keras raises at the layer "
                   f"on line {diag.span.line + 1}: {diag.message.split(':')[0]}; {hint[0]}")
        fixes: tuple[Fix, ...] = (hint[1],) if hint[1] is not None else ()
    else:
        message = (f"{text} builds the model on data of shape {shape_str(shape)}, and Keras raises at the "
                   f"layer on line {diag.span.line + 1}: {diag.message}")
        fixes = diag.fixes
    related = (Related(diag.span, "this layer rejects its input"), *diag.related)
    return Diagnostic(site, diag.severity, diag.code, message, fixes, related)


_ELEMENTWISE = frozenset({"Add", "Subtract", "Multiply", "Average", "Maximum", "Minimum"})
MERGE_FUNCTIONS = {f"keras.layers.{kind.lower()}": kind for kind in (*_ELEMENTWISE, "Concatenate")}


def merge(kind: str, tensors: Any, axis: Any = -1) -> SymbolicTensor | None:
    """``layers.add([a, b])``, ``layers.Concatenate(axis)([a, b])`` on functional tensors
    (``base_merge`` / ``Concatenate.compute_output_shape``), when every input shape is known and
    the inputs agree on all other axes; None when these are not functional tensors."""
    if not isinstance(tensors, (list, tuple)) or not tensors:
        return None
    shapes = [symbolic_shape(t) for t in tensors]
    if any(s is None for s in shapes):
        return None
    if not all(isinstance(s, tuple) for s in shapes) or len({len(s) for s in shapes}) != 1:  # type: ignore[arg-type]
        return SymbolicTensor(UNKNOWN)
    first: Shape = shapes[0]  # type: ignore[assignment]
    if kind in _ELEMENTWISE:
        return SymbolicTensor(first if all(s == first for s in shapes) else UNKNOWN)
    if not is_concrete(axis) or not -len(first) <= axis < len(first):
        return SymbolicTensor(UNKNOWN)
    others = [tuple(d for i, d in enumerate(s) if i != axis % len(first)) for s in shapes]  # type: ignore[arg-type]
    # An axis some input leaves unknown (a batch of data we cannot count): when Keras accepts
    # the inputs they agree there, at a size we cannot see.
    unknown_axes = {i for o in others for i, d in enumerate(o) if d is UNKNOWN}
    cut = [tuple(d for i, d in enumerate(o) if i not in unknown_axes) for o in others]
    if any(c != cut[0] or not all(d is None or is_concrete(d) for d in c) for c in cut):
        return SymbolicTensor(UNKNOWN)
    sizes = [s[axis] for s in shapes]  # type: ignore[index]
    if not all(d is None or is_concrete(d) for d in sizes):
        return SymbolicTensor(UNKNOWN)
    total = None if None in sizes else sum(sizes)
    out = list(first)
    for i in range(len(out)):
        if i != axis % len(first) and any(s[i] is UNKNOWN for s in shapes):  # type: ignore[index]
            out[i] = UNKNOWN
    out[axis] = total
    return SymbolicTensor(tuple(out))


def is_symbolic(value: Any) -> bool:
    return symbolic_shape(value) is not None


def tensor_arith(left: Any, right: Any) -> SymbolicTensor:
    """``x + y`` on functional tensors (``keras.Input``s or layer outputs): ``keras.ops``
    broadcasting of their shapes, a Python number being a scalar."""
    from .tensor_ops import broadcast

    number = (int, float)
    shapes = [symbolic_shape(v) if is_symbolic(v) else () if isinstance(v, number) and not isinstance(v, bool)
              else UNKNOWN for v in (left, right)]
    if any(isinstance(s, _Unknown) for s in shapes):
        return SymbolicTensor(UNKNOWN)
    out = broadcast(shapes[0], shapes[1])  # type: ignore[arg-type]
    return SymbolicTensor(out if isinstance(out, tuple) else UNKNOWN)


def tensor_op(qualname: str, args: list[Any], kwargs: dict[str, Any]) -> Any:
    """``ops.expand_dims(inputs["age"], -1)`` on functional tensors: the tensor-op rule run on
    arrays of their shapes, its tensors made functional again. ``tensor_ops.NOT_AN_OP`` when no
    argument is a functional tensor or the op is not a ``keras.ops`` one the rules know."""
    from . import tensor_ops

    found = [False]

    def array(value: Any, depth: int = 0) -> Any:
        shape = symbolic_shape(value)
        if shape is not None:
            found[0] = True
            dtype = value.dtype if isinstance(value, InputTensor) else UNKNOWN
            return Array(shape, dtype) if isinstance(shape, tuple) else UNKNOWN
        if isinstance(value, (list, tuple)) and depth == 0:
            return type(value)(array(v, 1) for v in value)
        return value

    plain_args = [array(a) for a in args]
    plain_kwargs = {k: array(v) for k, v in kwargs.items()}
    # Only Keras's own ops take KerasTensors (a tf.* function on one raises in Keras 3).
    if not found[0] or not qualname.startswith(("keras.ops.", "keras.activations.")) or not tensor_ops.is_op(qualname):
        return tensor_ops.NOT_AN_OP
    out = tensor_ops.call(qualname, plain_args, plain_kwargs)
    if out is tensor_ops.NOT_AN_OP:
        return out

    def functional(value: Any) -> Any:
        if isinstance(value, Array):
            return SymbolicTensor(tuple(value.shape))
        if isinstance(value, (list, tuple)) and any(isinstance(v, Array) for v in value):
            return type(value)(functional(v) for v in value)
        return value

    return SymbolicTensor(UNKNOWN) if out is UNKNOWN else functional(out)


def _axis_argument(node: ast.Call) -> Any:
    value = next((kw.value for kw in node.keywords if kw.arg == "axis"), node.args[0] if node.args else None)
    if value is None:
        return -1
    try:
        axis = ast.literal_eval(value)
    except ValueError:
        return UNKNOWN
    return axis if is_concrete(axis) else UNKNOWN


def call_layer_on_tensor(layer: Layer, tensor: Any) -> SymbolicTensor | None:
    """``layers.Dense(4)(x)`` on a functional tensor: its output tensor (None when not one)."""
    if layer.kind in _ELEMENTWISE or layer.kind == "Concatenate":
        return merge(layer.kind, tensor, _axis_argument(layer.node) if layer.kind == "Concatenate" else -1)
    shape = symbolic_shape(tensor)
    if shape is None:
        return None
    if layer.rule is None or layer.error is not None or isinstance(shape, _Unknown):
        return SymbolicTensor(UNKNOWN)
    try:
        return SymbolicTensor(build_layer(layer.rule, shape).output,
                              layer if layer.kind in ("TextVectorization", "StringLookup", "IntegerLookup") else None)
    except LayerError:
        return SymbolicTensor(UNKNOWN)
