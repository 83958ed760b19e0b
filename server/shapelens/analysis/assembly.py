"""Assembling a Sequential model the way Keras does, and running data shapes through it.

``assemble`` mirrors ``Sequential._maybe_rebuild``: the input comes from a leading
``keras.Input``/``InputLayer`` or from ``input_shape=``/``input_dim=`` on the first layer, then
each layer is built on its predecessor's output. ``run_data`` mirrors a call on real data
(``Functional._adjust_input_rank``, then every built layer's input spec and shape rule).
"""

from __future__ import annotations

import ast
import dataclasses
import math
from typing import Any

from ..engine import Built, LayerError, build_layer, call_layer
from ..engine.formats import DATA_FORMATS, spatial_axes
from ..engine.shapes import UNKNOWN, Shape, _Unknown, count, is_concrete, shape_str
from .budget import Budget
from .diagnostics import Collector
from .fixes import Fixer
from .positions import Positions
from .result import Diagnostic, Fix, LayerReport, ModelReport, Related, Span
from .shared_weights import unique_counts
from .values import Alternatives, BuiltModel, InputTensor, Layer, Model, Opaque, ShapeTuple


def argument_node(call: ast.Call, name: str | None) -> ast.AST:
    """The keyword argument's value node, for pointing a diagnostic at ``kernel_size=5``."""
    if name:
        for kw in call.keywords:
            if kw.arg == name:
                return kw.value
    return call


class Assembler:
    """Builds models once each (per set of entries) and reports what Keras raises."""

    # The analysis's work budget (the interpreter sets it): nested models are paid from it.
    budget: Budget | None = None

    def __init__(self, sink: Collector, positions: Positions, fixer: Fixer) -> None:
        self.sink = sink
        self.positions = positions
        self.fixer = fixer
        self._cache: dict[tuple[int, ...], BuiltModel] = {}
        # Layers whose build Keras rejects, by id: the rule code raised.
        self._failed: dict[int, str] = {}
        # The models being assembled (innermost last), and whether each has an input.
        self._outer: list[tuple[Model, bool]] = []
        # The layers built on each path of an Alternatives entry, by id, for reports.
        self._paths: dict[int, list[tuple[Any, Built | None, Span]]] = {}
        # Models being assembled (a model that contains itself is a cycle), and nested models
        # already built on a given input shape (``m = Sequential([m, m])`` repeated is not exponential).
        self._building: set[int] = set()
        self._nested: dict[tuple[Any, ...], Built | None] = {}
        # Each layer's first build, by id: a layer used twice keeps the weights of its first build.
        self._first_build: dict[int, Built] = {}
        # Nested models run on a shape (see _run_nested), by (id, shape).
        self._runs: dict[tuple[int, Shape], tuple[BuiltModel, Shape | _Unknown]] = {}
        # The SL108 reported for each model inside itself, by id.
        self._cycles: dict[int, Diagnostic] = {}

    def assemble_for_report(self, model: Model) -> BuiltModel:
        """The model as Keras reports it at the end (a nested input-less model has been built by
        then on the shape its container gave it: see ``_build_nested``)."""
        return self.assemble(model)

    def assemble(self, model: Model) -> BuiltModel:
        key = _key(model)
        if key not in self._cache:
            added = id(model) not in self._building
            self._building.add(id(model))
            try:
                built = self._assemble(model)
                self._cache[key] = built
                # Building may have built nested models (new entries): cache under the new key too.
                self._cache.setdefault(_key(model), built)
            finally:
                if added:
                    self._building.discard(id(model))
        return self._cache[key]

    def forget(self) -> None:
        """Layers changed in place (``trainable``): models assembled before are built again."""
        self._cache.clear()
        self._nested.clear()
        self._runs.clear()
        self._first_build.clear()

    def build_nested_now(self, model: Model) -> None:
        """Keras builds a model with an input as soon as it is made or grows, and with it the
        input-less models it contains: do it now, before later code builds them on other data."""
        if any(isinstance(e, Model) for e in model.entries):
            self.assemble(model)

    def _assemble(self, model: Model) -> BuiltModel:
        entries = list(model.entries)
        shape: Shape | _Unknown = UNKNOWN
        decl: Span | None = None
        source = None
        node: ast.AST | None = None
        declared = False
        if entries and isinstance(entries[0], InputTensor):
            first_input = entries[0]
            shape, declared, node = first_input.batch_shape, True, first_input.decl_node
            source = first_input.decl_value
            entries = entries[1:]
        elif entries and isinstance(entries[0], Layer) and entries[0].legacy_input is not None:
            first = entries[0]
            shape, declared, node, source = first.legacy_input, True, first.legacy_node, first.legacy_value
        elif len(entries) > 1 and isinstance(entries[0], Model) and id(entries[0]) not in self._building:
            # Sequential._maybe_rebuild: a built first model lends its input shape (not a model
            # being assembled: one that contains itself first would recurse without end).
            inner = self.assemble(entries[0])
            shape, declared = inner.input_shape, inner.declared
        if node is not None:
            decl = self.positions.span(node)
        built = BuiltModel(
            model, shape if declared else UNKNOWN, [], input_decl=decl,
            input_from=source if isinstance(source, ShapeTuple) else None, declared=declared, input_node=node,
        )
        current = shape if declared else UNKNOWN
        dtype: Any = model.entries[0].dtype if declared and isinstance(model.entries[0], InputTensor) else "float32"
        self._outer.append((model, declared))
        try:
            for index, entry in enumerate(entries):
                step = self._build_entry(entry, current, built if index == 0 else None,
                                         entries[index - 1] if index else None, dtype)
                built.steps.append((entry, step, _entry_span(entry)))
                self._list_output_check(entry, step, last=index == len(entries) - 1)
                current = step.output if step is not None else UNKNOWN
                dtype = step.dtype if step is not None and step.dtype is not None else UNKNOWN
        finally:
            self._outer.pop()
        return built

    def _build_entry(self, entry: object, shape: Shape | _Unknown, first_of: BuiltModel | None = None,
                     previous: object = None, dtype: Any = "float32") -> Built | None:
        if isinstance(entry, Model):
            return self._build_nested(entry, shape)
        if isinstance(entry, Alternatives):
            return self._build_alternatives(entry, shape)
        if not isinstance(entry, Layer) or entry.rule is None:
            return None
        try:
            built = build_layer(entry.rule, shape, dtype)
        except LayerError as err:
            node = argument_node(entry.node, err.argument)
            fixes = self._layer_fixes(entry, err, shape, first_of, previous)
            self.sink.add(self.positions.span(node), err.code, err.message, fixes=fixes)
            self._failed[id(entry)] = err.code
            return self._first(entry, shape, Built(UNKNOWN, UNKNOWN, UNKNOWN))
        self._softmax_check(entry, built)
        return self._first(entry, shape, built)

    def _first(self, layer: Layer, shape: Shape | _Unknown, built: Built) -> Built:
        """Remember a layer's first build on a known input (an unbuilt model's layers have none)."""
        if not isinstance(shape, _Unknown):
            self._first_build.setdefault(id(layer), built)
        return built

    def _list_output_check(self, entry: object, step: Built | None, last: bool) -> None:
        """``return_state=True`` / ``merge_mode=None``: the layer outputs a list, which the next
        layer of a Sequential rejects (Keras: 'expects 1 input(s), but it received 3')."""
        if not isinstance(entry, Layer) or step is None or getattr(entry.rule, "returns_state", False) is not True:
            return
        names = [kw.arg for kw in entry.node.keywords if kw.arg in ("return_state", "merge_mode")]
        node = argument_node(entry.node, names[0] if names else None)
        what = "merge_mode=None" if names and names[0] == "merge_mode" else "return_state=True"
        if last:
            self.sink.add(
                self.positions.span(node), "SL106",
                f"{entry.kind}({what}) outputs a list of tensors: a Sequential model ending with it has "
                "no single output, so fit() and predict() fail; remove it, or use the functional API",
                severity="warning",
            )
        else:
            self.sink.add(
                self.positions.span(node), "SL106",
                f"{entry.kind}({what}) outputs a list of tensors, and the next layer of a Sequential model "
                "takes one tensor (Keras raises 'expects 1 input(s)'); remove it, or use the functional API",
            )

    def _layer_fixes(self, layer: Layer, err: LayerError, shape: Shape | _Unknown,
                     first_of: BuiltModel | None, previous: object = None) -> tuple[Fix, ...]:
        fix: Fix | None = None
        if err.code == "SL101" and isinstance(shape, tuple) and layer.rule:
            spec = layer.rule.input_spec()
            wanted = spec.ndim or spec.min_ndim
            if wanted == len(shape) + 1 and first_of is not None:
                fix = self.fixer.trailing_axis(first_of.input_node)
                legacy = layer.legacy_arg == "input_shape" and layer.legacy_node is first_of.input_node
                if fix is not None and legacy:
                    shape_text = fix.edits[0].new_text
                    declare = self.fixer.declare_input(layer.node, layer.kind, "input_shape", shape_text)
                    return tuple(f for f in (fix, declare) if f is not None)
            elif wanted == len(shape) + 1 and isinstance(previous, Layer) and previous.kind in _RECURRENT \
                    and layer.rule.family == "recurrent":
                fix = self.fixer.set_argument(previous.node, "return_sequences", None, "True",
                                              f"Return the whole sequence from the {previous.kind} before it")
        elif err.code == "SL103" and isinstance(shape, tuple):
            fix = self._reshape_fix(layer, shape)
        elif err.code == "SL105":
            position = 3 if layer.rule and layer.rule.family in ("conv", "convolutional") else 2
            padding = next((kw.value for kw in layer.node.keywords if kw.arg == "padding"), None)
            quoted = self.fixer.string_value(padding, "same") if padding is not None else '"same"'
            fix = self.fixer.set_argument(layer.node, "padding", position, quoted, 'Use padding="same"')
            nearest = self._window_that_fits(layer, shape)
            return tuple(f for f in (fix, nearest) if f is not None)
        return (fix,) if fix else ()

    def _window_that_fits(self, layer: Layer, shape: Shape | _Unknown) -> Fix | None:
        """The largest kernel or pool size that fits the input (the nearest valid value)."""
        rule = layer.rule
        attr = "pool_size" if hasattr(rule, "pool_size") else "kernel_size" if hasattr(rule, "kernel_size") else None
        if attr is None or not isinstance(shape, tuple) or getattr(rule, "data_format", None) not in DATA_FORMATS:
            return None
        window = getattr(rule, attr)
        dilation = getattr(rule, "dilation_rate", None) or (1,) * len(window)
        sizes = [shape[a] for a in spatial_axes(len(shape), rule.data_format)]  # type: ignore[union-attr]
        values = (*window, *dilation, *sizes)
        if len(sizes) != len(window) or not all(is_concrete(v) and v >= 1 for v in values):
            return None
        fitted = tuple(min(w, (n - 1) // d + 1) for w, n, d in zip(window, sizes, dilation, strict=True))
        if fitted == tuple(window):
            return None
        text = str(fitted[0]) if len(set(fitted)) == 1 else f"({', '.join(map(str, fitted))})"
        position = 0 if attr == "pool_size" else 1
        fix = self.fixer.set_argument(layer.node, attr, position, text, f"Use {attr}={text}, which fits the input")
        return dataclasses.replace(fix, preferred=False) if fix else None

    def _reshape_fix(self, layer: Layer, shape: Shape) -> Fix | None:
        """Let Keras infer one axis (``-1``) where the other axes divide the element count."""
        target = getattr(layer.rule, "target", None)
        size = math.prod(shape[1:]) if all(is_concrete(d) for d in shape[1:]) else None
        node = layer.node.args[0] if layer.node.args else next(
            (kw.value for kw in layer.node.keywords if kw.arg == "target_shape"), None)
        if not isinstance(target, tuple) or size is None or not isinstance(node, (ast.Tuple, ast.List)):
            return None
        if not all(is_concrete(d) and d > 0 for d in target):
            return None
        for i in range(len(target)):
            rest = math.prod(target[:i] + target[i + 1:])
            if rest and size % rest == 0:
                new = tuple(-1 if j == i else d for j, d in enumerate(target))
                text = f"({', '.join(map(str, new))}{',' if len(new) == 1 else ''})"
                return Fix(f"Let Keras infer axis {i + 1}: {text}", (self.fixer.replace(node, text),), True)
        return None

    def _build_alternatives(self, alt: Alternatives, shape: Shape | _Unknown) -> Built:
        """Each path built on the same input; the result is known where all paths agree."""
        rows: list[tuple[Any, Built | None, Span]] = []
        outs: list[Any] = []
        totals: list[tuple[Any, Any]] = []
        for path in alt.paths:
            current: Shape | _Unknown = shape
            trainable: list[Any] = []
            non_trainable: list[Any] = []
            for entry in path:
                step = self._build_entry(entry, current)
                rows.append((entry, step, _entry_span(entry)))
                current = step.output if step is not None else UNKNOWN
                trainable.append(step.trainable if step is not None else UNKNOWN)
                non_trainable.append(step.non_trainable if step is not None else UNKNOWN)
            outs.append(current)
            totals.append((count(*trainable), count(*non_trainable)))
        self._paths[id(alt)] = rows
        out = outs[0] if all(o == outs[0] for o in outs) else UNKNOWN
        same = all(t == totals[0] for t in totals)
        return Built(out, totals[0][0] if same else UNKNOWN, totals[0][1] if same else UNKNOWN)

    def _build_nested(self, inner: Model, shape: Shape | _Unknown) -> Built | None:
        """A Sequential used as a layer, once per input shape (see ``_build_nested_once``)."""
        key = (shape, id(inner), *map(id, inner.entries))  # a model that grew is built again
        if key not in self._nested:
            if id(inner) in self._building:
                self._cycle(inner)
                return None
            if self.budget is not None and not self.budget.spend(1 + len(inner.entries)):
                self.budget.report(self.sink, inner.span, "nested models expanded too often")
                return None
            self._building.add(id(inner))
            try:
                built = self._build_nested_once(inner, shape)
                shared = unique_counts(inner.entries, self._first_build) if built is not None else None
                self._nested[key] = dataclasses.replace(built, trainable=shared[0], non_trainable=shared[1]) \
                    if built is not None and shared is not None else built
            finally:
                self._building.discard(id(inner))
        return self._nested[key]

    def _cycle(self, model: Model) -> None:
        """A model inside itself: Keras recurses without end when it builds it. One diagnostic per
        model: a warning while nothing builds it, an error once something does."""
        name = f'"{model.name}" ' if model.name else ""
        first = model.entries[0] if model.entries else None
        built_later = isinstance(first, InputTensor) and bool(first.built_by)
        declared = not built_later and (isinstance(first, InputTensor) or (
            isinstance(first, Layer) and first.legacy_input is not None))
        earlier = self._cycles.get(id(model))
        if earlier is not None:
            if earlier.severity == "error" or not (declared or built_later):
                return
            self.sink.items.remove(earlier)
            self.sink._seen.discard((earlier.span, earlier.code, earlier.message))
        when = "when it is added (ValueError, or RecursionError when the shapes fit)" if declared \
            else "when it is built or called (RecursionError)"
        self.sink.add(
            model.span, "SL108",
            f"the model {name}contains itself (added to itself, or to a model inside it): Keras "
            f"recurses without end {when}; add a new model, or the layers one by one",
            severity="error" if declared or built_later else "warning",
        )
        # The sink may not keep it (the same report already made at that span): nothing to track.
        added = next((d for d in reversed(self.sink.items) if d.code == "SL108" and d.span == model.span), None)
        if added is not None:
            self._cycles[id(model)] = added

    def _build_nested_once(self, inner: Model, shape: Shape | _Unknown) -> Built | None:
        """A Sequential used as a layer: its own input (if any) then its layers."""
        sub = self.assemble(inner)
        if not sub.declared and inner.entries and self._outer and self._outer[-1][1]:
            # Keras builds an input-less Sequential on the shape it is first called with, when its
            # container is built: it is then a model with that input.
            outer = self._outer[-1][0]
            head = outer.entries[0] if outer.entries else None
            if isinstance(head, InputTensor) and head.built_by:  # the data that built the container
                site, use = head.span, head.built_by
            else:
                site, use = outer.span, f"Sequential([..., {inner.name}, ...])" if inner.name else "Sequential([...])"
            inner.entries.insert(0, InputTensor(shape, site, built_by=use))
            sub = self.assemble(inner)
        if not sub.declared:
            return self._build_chain(inner.entries, shape)
        out = self.run_data(sub, shape, batched=False, site=None, method="")
        params = [s.params if s is not None else UNKNOWN for _, s, _ in sub.steps]
        trainable = [s.trainable if s is not None else UNKNOWN for _, s, _ in sub.steps]
        total, train = count(*params), count(*trainable)
        non_train = UNKNOWN if total is UNKNOWN or train is UNKNOWN else total - train  # type: ignore[operator]
        return Built(out, train, non_train)

    def _build_chain(self, entries: list[Any], shape: Shape | _Unknown) -> Built:
        current: Shape | _Unknown = shape
        trainable: list[Any] = []
        non_trainable: list[Any] = []
        for entry in entries:
            step = self._build_entry(entry, current)
            current = step.output if step is not None else UNKNOWN
            trainable.append(step.trainable if step is not None else UNKNOWN)
            non_trainable.append(step.non_trainable if step is not None else UNKNOWN)
        return Built(current, count(*trainable), count(*non_trainable))

    def _softmax_check(self, layer: Layer, built: Built) -> None:
        activation = getattr(layer.rule, "activation", None)
        is_softmax = activation == "softmax" or layer.kind == "Softmax"
        out = built.output
        if is_softmax and isinstance(out, tuple) and out and out[-1] == 1:
            fix = None
            if layer.kind != "Softmax":
                position = 0 if layer.kind == "Activation" else 1
                node = next((kw.value for kw in layer.node.keywords if kw.arg == "activation"), None)
                if node is None and len(layer.node.args) > position:
                    node = layer.node.args[position]
                if node is not None:
                    fix = Fix("Use activation='sigmoid'",
                              (self.fixer.replace(node, self.fixer.string_value(node, "sigmoid")),), True)
            self.sink.add(
                layer.span,
                "SL201",
                f"{layer.kind} applies softmax over a single unit (output {shape_str(out)}): it always "
                "outputs 1.0; use activation='sigmoid' for a binary output, or one unit per class",
                fixes=(fix,) if fix else (),
            )

    def run_data(
        self,
        built: BuiltModel,
        data: Shape | _Unknown,
        batched: bool,
        site: Span | None,
        method: str,
    ) -> Shape | _Unknown:
        """The output shape for data of shape ``data``; reports at ``site`` what Keras raises."""
        ref = built.input_shape
        if isinstance(data, _Unknown) or isinstance(ref, _Unknown):
            return UNKNOWN
        shape: Shape = data
        if batched:
            if not shape:
                return UNKNOWN
            shape = (None, *shape[1:])
        if len(shape) != len(ref):
            adjusted = adjust_rank(shape, ref)
            if adjusted is None:
                if site is not None:
                    self._rank_error(built, data, ref, site, method)
                return UNKNOWN
            if isinstance(adjusted, _Unknown):
                return UNKNOWN
            shape = adjusted
        for entry, step, span in built.steps:
            if step is None or (isinstance(step.output, _Unknown) and step.spec is None):
                return UNKNOWN
            if isinstance(entry, Model):
                inner = self.assemble(entry)
                out = self._run_nested(inner, shape) if inner.declared else UNKNOWN
                if isinstance(out, _Unknown):
                    return UNKNOWN
                shape = out
                continue
            if not isinstance(entry, Layer) or entry.rule is None:
                return UNKNOWN
            try:
                out = call_layer(entry.rule, step, shape)
            except LayerError as err:
                if site is not None:
                    self.sink.add(
                        site,
                        "SL303",
                        f"{method}() gets data of shape {shape_str(data)}, which the model "
                        f"(input {shape_str(ref)}) cannot take: at {entry.kind} on line "
                        f"{span.line + 1}: {err.message}",
                        related=(Related(span, f"{entry.kind} was built for another input here"),),
                    )
                return UNKNOWN
            if isinstance(out, _Unknown):
                return UNKNOWN
            shape = out
        return shape

    def _run_nested(self, inner: BuiltModel, shape: Shape) -> Shape | _Unknown:
        """A nested model run on a shape (nothing reported), once per model and shape:
        ``m = Sequential([m, m])`` repeated would otherwise run the innermost one 2**n times."""
        key = (id(inner), shape)
        try:
            hit = self._runs.get(key)
        except TypeError:  # a dimension that cannot be hashed: no memo
            return self.run_data(inner, shape, False, None, "")
        if hit is None:
            hit = self._runs[key] = (inner, self.run_data(inner, shape, False, None, ""))  # keeps inner alive
        return hit[1]

    def _rank_error(self, built: BuiltModel, data: Shape, ref: Shape, site: Span, method: str) -> None:
        sample = ref[1:]
        if len(data) == len(ref) - 1 and all(
            not (is_concrete(d) and is_concrete(s)) or d == s for d, s in zip(data, sample, strict=False)
        ):
            self.sink.add(
                site,
                "SL301",
                f"{method}() gets shape {shape_str(data)} but the model expects {shape_str(ref)}: "
                "the batch axis is missing",
            )
            return
        self.sink.add(
            site,
            "SL302",
            f"{method}() gets data of shape {shape_str(data)} ({len(data)}-D) but the model expects "
            f"{shape_str(ref)} ({len(ref)}-D, batch axis included); Keras only adds or drops a "
            "trailing axis of size 1",
        )

    def report(self, built: BuiltModel) -> ModelReport:
        layers: list[LayerReport] = []
        trainable: list[Any] = []
        non_trainable: list[Any] = []
        for entry, step, span in built.steps:
            trainable.append(step.trainable if step is not None else UNKNOWN)
            non_trainable.append(step.non_trainable if step is not None else UNKNOWN)
            rows = self._paths.get(id(entry), [(entry, step, span)]) if isinstance(entry, Alternatives) \
                else [(entry, step, span)]
            layers.extend(self._layer_report(*row) for row in rows)
        model = built.model
        first = model.entries[0] if model.entries else None
        built_at = (first.span, first.built_by) if isinstance(first, InputTensor) and first.built_by else None
        totals = unique_counts([entry for entry, _, _ in built.steps], self._first_build) \
            or (count(*trainable), count(*non_trainable))
        return ModelReport(model.name, model.span, built.input_shape, layers, list(model.references), *totals, built_at,
                           [model.call_site] if model.call_site is not None else [])

    def _layer_report(self, entry: Any, step: Built | None, span: Span) -> LayerReport:
        if isinstance(entry, Layer):
            kind = entry.kind
        elif isinstance(entry, Model):
            kind = "Sequential"
        elif isinstance(entry, Opaque):
            kind = entry.label
        else:
            kind = "?"
        error = self._failed.get(id(entry)) or (entry.error.code if isinstance(entry, Layer) and entry.error else None)
        if step is None:
            return LayerReport(kind, span, error=error)
        dtype = step.dtype if step.dtype is not None else UNKNOWN
        return LayerReport(kind, span, step.output, step.trainable, step.non_trainable, error, dtype)


_RECURRENT = frozenset({"LSTM", "GRU", "SimpleRNN"})


def adjust_rank(shape: Shape, ref: Shape) -> Shape | _Unknown | None:
    """``Functional._adjust_input_rank``: None when Keras raises, UNKNOWN when we cannot tell."""
    if len(shape) == len(ref) + 1:
        last = shape[-1]
        if last == 1:
            return shape[:-1]
        return UNKNOWN if not is_concrete(last) and last is not None else None
    if len(shape) == len(ref) - 1:
        last = ref[-1]
        if last == 1:
            return (*shape, 1)
        return UNKNOWN if not is_concrete(last) and last is not None else None
    return None


def _key(model: Model) -> tuple[Any, ...]:
    """A model's identity and entries, nested models' entries included (they change too).

    Flat: each model reachable from this one is listed once (its id, its number of entries,
    their ids), depth first. A nested tuple per path would grow as 2**n for
    ``m = Sequential([m, m])`` repeated n times, and so would hashing it."""
    for entry in model.entries:
        if isinstance(entry, Model):
            break
    else:  # no nested model (the common case): the ids say it all
        return (id(model), *map(id, model.entries))
    key: list[Any] = ["nested"]
    _key_of(model, key, set())
    return tuple(key)


def _key_of(model: Model, key: list[Any], seen: set[int]) -> None:
    seen.add(id(model))
    key += (id(model), len(model.entries), *map(id, model.entries))
    for entry in model.entries:
        if isinstance(entry, Model) and id(entry) not in seen:
            _key_of(entry, key, seen)


def _entry_span(entry: object) -> Span:
    span = getattr(entry, "span", None)
    assert isinstance(span, Span)
    return span
