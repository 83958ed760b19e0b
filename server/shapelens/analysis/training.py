"""Checks where data meets a model: ``fit``, ``evaluate``, ``predict``, ``model(x)``, and the
labels against the compiled loss.

Shapes follow what Keras does at run time: ``fit``/``predict``/``evaluate`` slice the first axis
into batches; ``model(x)`` and ``*_on_batch`` take the array as one batch; losses first apply
``squeeze_or_expand_to_same_rank`` and then the backend's rank and shape checks.
"""

from __future__ import annotations

import ast
import dataclasses
from typing import TYPE_CHECKING, Any

from ..engine.shapes import UNKNOWN, Shape, _Unknown, is_concrete, shape_str
from . import (
    adapt_checks,
    dataset_checks,
    embedding_checks,
    keras2,
    layout_checks,
    list_inputs,
    loss_checks,
    losses,
)
from .composition import get_layer
from .deferred import DeferredBuilds, call_text, symbolic_shape
from .fixes import keras_prefix
from .parsing import parse_source
from .positions import Positions
from .result import Edit, Fix, Related, Span
from .values import Array, BuiltModel, InputTensor, Layer, Model, Opaque, Pipeline, Ref, ShapeTuple

if TYPE_CHECKING:
    from .interpreter import Interpreter

_BATCHED = {"fit": True, "evaluate": True, "predict": True,
            "train_on_batch": False, "test_on_batch": False, "predict_on_batch": False}
_WITH_LABELS = {"fit", "evaluate", "train_on_batch", "test_on_batch"}

_CATEGORICAL = "categorical_crossentropy"
_SPARSE = "sparse_categorical_crossentropy"
_BINARY = "binary_crossentropy"


class TrainingChecks:
    def __init__(self, interp: Interpreter) -> None:
        self.interp = interp
        self.deferred = DeferredBuilds(interp)

    @property
    def positions(self) -> Positions:
        return self.interp.positions

    def model_method(self, model: Model, name: str, node: ast.Call, args: list[Any], kwargs: dict[str, Any]) -> Any:
        if name in keras2.REMOVED_METHODS:
            self._removed_method(name, node)
            return UNKNOWN
        for kw in node.keywords:
            new = keras2.METHOD_RENAMES.get((name, kw.arg or ""))
            if new is not None:
                start = self.positions.span(kw)
                span = Span(start.line, start.col, start.line, start.col + len(kw.arg or ""))
                self.interp.sink.add(
                    span, "SL401",
                    f"{name}({kw.arg}=...) is a Keras 2 argument that Keras 3 rejects (TypeError): use {new}=",
                    fixes=(Fix(f"Rename {kw.arg}= to {new}=", (Edit(span, new),), True),),
                )
        if name == "add":
            layer = args[0] if args else kwargs.get("layer", UNKNOWN)
            span = self.positions.span(node.args[0]) if node.args else self.positions.span(node)
            entry = self.interp.model_entry(layer, span)
            if self.interp.uncertain > model.depth:
                entry = Opaque(getattr(entry, "span", span), getattr(entry, "kind", "?"))
            model.entries.append(entry)
            if isinstance(entry, Model):
                self.interp.assembler.build_nested_now(model)
            return None
        if name == "pop":
            if self.interp.uncertain > model.depth or not model.entries:
                model.entries.append(Opaque(self.positions.span(node), "?"))
            else:
                popped = model.entries.pop()
                return popped if isinstance(popped, (Layer, Model)) else UNKNOWN
            return UNKNOWN
        if name == "get_layer":
            return get_layer(model, args, kwargs)
        if name == "build":
            shape = args[0] if args else kwargs.get("input_shape")
            self._build(model, shape, node)
            return None
        if name == "compile":
            model.loss = kwargs.get("loss", args[1] if len(args) > 1 else None)
            model.loss_node = _arg_node(node, "loss", 1)  # type: ignore[attr-defined]
            model.metrics = (kwargs.get("metrics", args[3] if len(args) > 3 else None),  # type: ignore[attr-defined]
                             _arg_node(node, "metrics", 3))
            resolved = losses.resolve(model.loss)
            if resolved is not None and model.loss_node is not None:  # type: ignore[attr-defined]
                self._loss_activation(model, resolved.name, model.loss_node)  # type: ignore[attr-defined]
                loss_checks.from_logits(self, self.interp.assembler.assemble(model), resolved,
                                        model.loss_node)  # type: ignore[attr-defined]
            layout_checks.normalization_axis(self.interp, self.interp.assembler.assemble(model))
            layout_checks.channels_first_input(self.interp, self.interp.assembler.assemble(model))
            embedding_checks.vocabulary_in_model(self.interp, self.interp.assembler.assemble(model))
            return None
        if name in _BATCHED:
            x = list_inputs.unwrap(args[0] if args else kwargs.get("x", UNKNOWN))
            x_node = _arg_node(node, "x", 0)
            y = args[1] if len(args) > 1 else kwargs.get("y", UNKNOWN)
            y_node = _arg_node(node, "y", 1)
            batched = _BATCHED[name]
            self.call_kwargs = kwargs
            if isinstance(x, Pipeline):
                fresh = self.deferred.build_on_data(model, name, x, node, x_node, args, kwargs)
                x, y, y_node, batched = _from_pipeline(x, x_node)
            elif not self.check_container(name, x, x_node) or (
                    name in _WITH_LABELS and not self.check_container(name, y, y_node)):
                return UNKNOWN
            else:
                fresh = self.deferred.build_on_data(model, name, x, node, x_node, args, kwargs)
            before = len(self.interp.sink.items)
            out = self.check_data(model, name, x, x_node, batched, fresh)
            rank_error = any(d.code == "SL302" for d in self.interp.sink.items[before:])
            list_inputs.batch_of_one(self, x_node, before)
            loss_node = getattr(model, "loss_node", None)
            resolved = losses.resolve(model.loss) if fresh and loss_node is not None else None
            if resolved is not None:  # a model built here: its output is known now
                self._loss_activation(model, resolved.name, loss_node)
                loss_checks.from_logits(self, self.interp.assembler.assemble(model), resolved, loss_node)
            if name in _WITH_LABELS and not (rank_error and getattr(x, "name", None) == _DATASET):
                self.check_labels(model, name, x, y, y_node or node, out, batched)
            if name == "fit":
                validation = kwargs.get("validation_data")
                v_node = _arg_node(node, "validation_data", 99)
                if isinstance(validation, Pipeline) and v_node is not None:
                    vx, vy, _, v_batched = _from_pipeline(validation, v_node)
                    out_v = self.check_data(model, name, vx, v_node, v_batched)
                    self.check_labels(model, name, vx, vy, v_node, out_v, v_batched)
                elif isinstance(validation, (tuple, list)) and len(validation) >= 2 and v_node is not None:
                    vx_node, vy_node = _tuple_elements(v_node)
                    out_v = self.check_data(model, name, validation[0], vx_node or v_node, True)
                    self.check_labels(model, name, validation[0], validation[1], vy_node or v_node, out_v, True)
            return UNKNOWN
        return UNKNOWN

    def _loss_activation(self, model: Model, loss: str, loss_node: ast.AST) -> None:
        """A final activation that does not match the loss: Keras trains, the result is wrong."""
        built = self.interp.assembler.assemble(model)
        if not built.steps:
            return
        entry, step, span = built.steps[-1]
        out = step.output if step is not None else UNKNOWN
        activation = getattr(getattr(entry, "rule", None), "activation", None)
        if isinstance(entry, Layer) and entry.kind == "Softmax" and step is not None:
            activation = "softmax"
        units = out[-1] if isinstance(out, tuple) and out else None
        if not is_concrete(units) or units < 2:  # type: ignore[operator]
            return
        if loss in (_CATEGORICAL, _SPARSE) and activation == "sigmoid":
            message = (
                f"{loss} with a sigmoid output over {units} units: the classes do not sum to 1, "
                "so the loss is computed on values that are not a distribution; use activation='softmax'"
            )
        elif loss == _BINARY and activation == "softmax":
            message = (
                f"binary_crossentropy with a softmax output over {units} units: softmax makes the units "
                "compete; use activation='sigmoid' for independent (multi-label) outputs, or "
                "categorical_crossentropy for one class per sample"
            )
        else:
            return
        swap = "softmax" if activation == "sigmoid" else "sigmoid"
        fix = None
        if isinstance(entry, Layer) and entry.kind in ("Dense", "Activation"):
            node = next((kw.value for kw in entry.node.keywords if kw.arg == "activation"), None)
            position = 0 if entry.kind == "Activation" else 1
            if node is None and len(entry.node.args) > position:
                node = entry.node.args[position]
            if isinstance(node, ast.Constant):
                fixer = self.interp.fixer
                fix = Fix(f"Use activation='{swap}' in the last layer",
                          (fixer.replace(node, fixer.string_value(node, swap)),), True)
        self.interp.sink.add(
            self.positions.span(loss_node), "SL204", message,
            related=(Related(span, f"the last layer uses activation='{activation}'"),),
            fixes=(fix,) if fix else (),
        )

    def _removed_method(self, name: str, node: ast.Call) -> None:
        func = node.func
        if not isinstance(func, ast.Attribute):
            return
        end = self.positions.span(func)
        span = Span(end.end_line, end.end_col - len(name), end.end_line, end.end_col)
        new = keras2.REMOVED_METHODS[name]
        extra = ""
        if name == "predict_classes":
            extra = " and take np.argmax(..., axis=-1) of the result"
        self.interp.sink.add(
            span, "SL401",
            f"model.{name}() was removed in Keras 3 (AttributeError): use model.{new}(){extra}",
            fixes=(Fix(f"Use {new}()", (Edit(span, new),), not extra),) if not extra else (),
        )

    def _build(self, model: Model, shape: Any, node: ast.Call) -> None:
        """``model.build((None, 784))``: Keras inserts an InputLayer unless there is one, and
        raises when there is one with another batch shape."""
        if isinstance(shape, (tuple, list)) and all(d is None or is_concrete(d) or d is UNKNOWN for d in shape):
            batch_shape: Any = tuple(shape)
        else:
            batch_shape = UNKNOWN
        shape_node = _arg_node(node, "input_shape", 0)
        text = call_text(self.positions, "build", shape_node)
        if self.deferred.build(model, batch_shape, node, shape_node, text):
            return
        built = self.interp.assembler.assemble(model)
        first = model.entries[0] if model.entries else None
        declared = built.input_shape if isinstance(first, InputTensor) or (
            isinstance(first, Layer) and first.legacy_input is not None) else UNKNOWN
        if isinstance(declared, tuple) and isinstance(batch_shape, tuple) and declared != batch_shape \
                and all(d is None or is_concrete(d) for d in (*declared, *batch_shape)):
            code = "SL303" if len(declared) == len(batch_shape) else "SL302"
            span = self.positions.span(shape_node or node)
            related = (Related(first.span, f"the input shape {shape_str(declared)} is set here"),)  # type: ignore[union-attr]
            self.interp.sink.add(
                span, code,
                f"{text}: the model is already built for input shape {shape_str(declared)}, and Keras raises "
                f"when it is built again with another one (ValueError: already been configured to use input shape)",
                related=related,
            )

    def model_call(self, model: Model, node: ast.Call, args: list[Any]) -> Any:
        if args and symbolic_shape(args[0]) is not None:
            return self.deferred.functional_call(model, args[0], node)
        if args and node.args and self.check_container("model", args[0], node.args[0]):
            text = self.positions.segment(node.func) or "model"
            fresh = self.deferred.build_on_data(model, text, args[0], node, node.args[0], args, {})
            self.check_data(model, "__call__", args[0], node.args[0], False, fresh)
        return UNKNOWN

    def check_container(self, method: str, x: Any, x_node: ast.AST | None) -> bool:
        """Keras 3 takes arrays, tensors and datasets: a nested list of numbers is rejected."""
        if x_node is None or not isinstance(x, list) or not x or not _numbers(x):
            return True
        text = self.positions.segment(x_node) or "x"
        np_name, import_edit = self._numpy_alias()
        edits = ((import_edit,) if import_edit else ()) + (Edit(self.positions.span(x_node), f"{np_name}.array({text})"),)
        self.interp.sink.add(
            self.positions.span(x_node),
            "SL305",
            f"{method}() gets a Python list, which Keras 3 rejects (ValueError: Unrecognized data type); "
            f"pass an array: {np_name}.array({text})",
            fixes=(Fix(f"Wrap in {np_name}.array(...)", edits, True),),
        )
        return False

    # ----- features -----------------------------------------------------------------------

    def check_data(self, model: Model, method: str, x: Any, x_node: ast.AST | None, batched: bool,
                   fresh: bool = False) -> Shape | _Unknown:
        """``fresh``: this call has just built the model on ``x`` (nothing to check it against)."""
        if not isinstance(x, Array) or x_node is None or x.dtype == "object":
            return UNKNOWN
        built = self.interp.assembler.assemble(model)
        site = self.positions.span(x_node)
        label = "model" if method == "__call__" else method
        embedding_checks.check(self, built, x, site, label)
        adapt_checks.check(self, built, x, site, label)
        if not built.declared:
            return UNKNOWN
        if isinstance(x.dtype, str) and x.dtype.startswith(("str", "<U", "bytes")) and _numeric_first_layer(built):
            if _custom_first_layer(built):  # the model's float input is the problem, not the layer
                message = (f"{label}() gets an array of strings, but the model's input is float32 (Keras casts "
                           "the strings to it and raises); declare keras.Input(shape=..., dtype='string') "
                           "first in the model")
            else:
                message = (f"{label}() gets an array of strings, but the model's first layer needs numbers "
                           "(Keras raises ValueError: Invalid dtype); encode the text first, e.g. with "
                           "layers.TextVectorization or layers.StringLookup")
            self.interp.sink.add(site, "SL305", message)
            return UNKNOWN
        if fresh:
            return built.output_shape
        before = len(self.interp.sink.items)
        data, batched = loss_checks.fixed_batch(built, method, x, getattr(self, "call_kwargs", {}), batched)
        out = self.interp.assembler.run_data(built, data, batched, site, label)
        if loss_checks.batch_in_declared_shape(self, built, x, x_node, site, label, before):
            return UNKNOWN
        layout_checks.channels_first_data(self.interp, built, x, x_node, before)
        new = self.interp.sink.items[before:]
        if new and _one_sample(x.shape, built.input_shape) and not any(d.code == "SL301" for d in new):
            # Keras adapts the rank and fails deeper; the cause is the missing batch axis.
            del self.interp.sink.items[before:]
            self.interp.sink.add(
                site, "SL301",
                f"{label}() gets shape {shape_str(x.shape)} but the model expects "
                f"{shape_str(built.input_shape)}: the batch axis is missing",
            )
            new = self.interp.sink.items[before:]
        if any(d.code in ("SL301", "SL302") for d in new) and self._batch_in_input_shape(built, x, site, new, label):
            return UNKNOWN
        for i, diag in enumerate(new):
            if diag.code == "SL302" and getattr(x, "name", None) == _DATASET and dataset_checks.batched_twice(
                    x.shape, built.input_shape):
                self.interp.sink.items[before + i] = diag = dataclasses.replace(
                    diag, message=diag.message + dataset_checks.BATCHED_TWICE)
            if diag.code == "SL302" and not diag.fixes and isinstance(built.input_shape, tuple):
                reshape = self.interp.fixer.reshape_to(x_node, x.shape, built.input_shape)
                if reshape is not None:
                    self.interp.sink.items[before + i] = type(diag)(
                        diag.span, diag.severity, diag.code, diag.message, (reshape,), diag.related
                    )
            if diag.code == "SL301":
                is_dataset = getattr(x, "name", None) == _DATASET
                fixes = self._batch_axis_fixes(x_node)
                if is_dataset:
                    batch = self.interp.fixer.wrap(x_node, "{}.batch(32)", "Batch the dataset: {new}")
                    fixes = (batch,) if batch else ()
                message = diag.message
                if is_dataset:
                    message += "; the dataset is not batched: add .batch(32) (or another batch size)"
                if fixes and not is_dataset:
                    message += f"; pass {fixes[0].edits[-1].new_text} (a batch of one)"
                self.interp.sink.items[before + i] = type(diag)(
                    diag.span, diag.severity, diag.code, message, fixes, diag.related
                )
        if new and model.entries:
            self.deferred.explain_conflict(model.entries[0], x.shape, before)
        return out

    def _batch_in_input_shape(self, built: BuiltModel, x: Array, site: Span, new: list[Any], method: str) -> bool:
        """``input_shape=x.shape``: explain the rank error by the batch axis in the input shape."""
        source = built.input_from
        if not isinstance(source, ShapeTuple) or source.array is None or source.array.shape != x.shape:
            return False
        sink = self.interp.sink
        for diag in new:
            if diag.code in ("SL301", "SL302") and diag in sink.items:
                sink.items.remove(diag)
        decl = built.input_decl
        text = source.source or "x.shape"
        sink.add(
            site,
            "SL302",
            f"{method}() gets shape {shape_str(x.shape)} but the model expects {shape_str(built.input_shape)}: "
            f"the input shape was set to {text}, which includes the batch axis",
            related=(Related(decl, f"use {text}[1:] here"),) if decl else (),
        )
        if decl is not None:
            fix = Fix(f"Use {text}[1:] (drop the batch axis)", (Edit(decl, f"{text}[1:]"),), True)
            fixes: list[Fix | None] = [fix]
            first = built.steps[0][0] if built.steps else None
            if isinstance(first, Layer) and first.legacy_arg == "input_shape" and first.legacy_node is built.input_node:
                fixes.append(self.interp.fixer.declare_input(first.node, first.kind, "input_shape", f"{text}[1:]"))
            sink.add(
                decl,
                "SL104",
                f"{text} is the whole data shape {shape_str(x.shape)}, batch axis included: the model "
                f"will expect {shape_str(built.input_shape)}; use {text}[1:]",
                fixes=tuple(f for f in fixes if f is not None),
            )
        return True

    def _batch_axis_fixes(self, x_node: ast.AST) -> tuple[Fix, ...]:
        text = self.positions.segment(x_node)
        if not text:
            return ()
        span = self.positions.span(x_node)
        np_name, import_edit = self._numpy_alias()
        edits = [Edit(span, f"{np_name}.expand_dims({text}, 0)")]
        if import_edit is not None:
            edits.insert(0, import_edit)
        return (Fix(f"Add the batch axis: {np_name}.expand_dims({text}, 0)", tuple(edits), True),)

    def _numpy_alias(self) -> tuple[str, Edit | None]:
        for name, value in self.interp.module_env.items() or self.interp.env.items():
            if isinstance(value, Ref) and value.qualname == "numpy":
                return name, None
        for name, value in self.interp.env.items():
            if isinstance(value, Ref) and value.qualname == "numpy":
                return name, None
        line = _import_line(self.interp.source)
        return "np", Edit(Span(line, 0, line, 0), "import numpy as np\n")

    # ----- labels -------------------------------------------------------------------------

    def check_labels(
        self, model: Model, method: str, x: Any, y: Any, y_node: ast.AST, out: Any, batched: bool
    ) -> None:
        if not isinstance(y, Array):
            return
        site = self.positions.span(y_node)
        if isinstance(x, Array) and x.shape and y.shape and batched:
            nx, ny = x.shape[0], y.shape[0]
            if is_concrete(nx) and is_concrete(ny) and nx != ny:
                self.interp.sink.add(
                    site,
                    "SL304",
                    f"{method}() gets {nx} samples in x but {ny} in y: x and y must have the same "
                    "length on their first axis",
                )
                return
        resolved = losses.resolve(model.loss)
        loss = resolved.name if resolved is not None else None
        if resolved is None or (loss not in losses.CROSSENTROPY and loss not in losses.REGRESSION):
            return
        built = self.interp.assembler.assemble(model)
        output = out if isinstance(out, tuple) else built.output_shape
        if not isinstance(output, tuple) or not y.shape:
            return
        target: Shape = (None, *y.shape[1:]) if batched else y.shape
        pred: Shape = (None, *output[1:])
        if loss in losses.REGRESSION:
            sizes = None if x is UNKNOWN or getattr(x, "name", None) == _DATASET else loss_checks.batch_sizes(
                method, x, getattr(self, "call_kwargs", {}), batched)
            loss_checks.regression(self, resolved, y, target, pred, site, built, sizes)
            return
        message = _loss_mismatch(loss, target, pred, y)
        if message:
            related = ()
            loss_node = getattr(model, "loss_node", None)
            if loss_node is not None:
                related = (Related(self.positions.span(loss_node), f"loss is {loss} here"),)
            fixes = self._label_fixes(loss, target, pred, y, y_node, loss_node, built)
            message, fixes = loss_checks.label_advice(self, loss, y, y_node, loss_node, message, fixes)
            self.interp.sink.add(site, "SL202", message, related=related, fixes=fixes)
            return
        if loss_checks.fractional_labels(self, loss, y, site, getattr(model, "loss_node", None), pred[-1]):
            return
        if loss in losses.CROSSENTROPY:
            sizes = None if x is UNKNOWN or getattr(x, "name", None) == _DATASET else loss_checks.batch_sizes(
                method, x, getattr(self, "call_kwargs", {}), batched)
            if sizes is None and isinstance(x, Array) and x.name == _DATASET and x.shape and is_concrete(x.shape[0]):
                sizes = frozenset({x.shape[0]})  # the first batch of the dataset
            if loss_checks.metrics(self, model, y, target, pred, site, sizes):
                return
        self._label_range(loss, y, pred, site, built)

    def _label_fixes(self, loss: str, target: Shape, pred: Shape, y: Array, y_node: ast.AST,
                     loss_node: ast.AST | None, built: BuiltModel) -> tuple[Fix, ...]:
        fixer = self.interp.fixer
        fixes: list[Fix | None] = []
        string_loss = isinstance(loss_node, ast.Constant) and isinstance(loss_node.value, str)
        integer_ids = not y.one_hot and y.value_range is not None and (
            len(target) == len(pred) - 1 or (len(target) == len(pred) and target[-1] == 1))
        if loss == _CATEGORICAL and integer_ids:
            if string_loss:
                assert loss_node is not None
                fixes.append(Fix("Use loss='sparse_categorical_crossentropy'",
                                 (fixer.replace(loss_node, fixer.string_value(loss_node, _SPARSE)),), True))
            prefix = keras_prefix(self.interp.module_env or self.interp.env)
            classes = pred[-1]
            if prefix and is_concrete(classes):
                fixes.append(fixer.wrap(y_node, f"{prefix}.utils.to_categorical({{}}, {classes})",
                                        "One-hot encode the labels: {new}"))
        elif loss == _SPARSE and y.one_hot and len(target) == len(pred):
            if string_loss:
                assert loss_node is not None
                fixes.append(Fix("Use loss='categorical_crossentropy'",
                                 (fixer.replace(loss_node, fixer.string_value(loss_node, _CATEGORICAL)),), True))
            np_name, import_edit = self._numpy_alias()
            fixes.append(fixer.wrap(y_node, f"{np_name}.argmax({{}}, axis=-1)", "Use class ids: {new}",
                                    (import_edit,) if import_edit else ()))
        elif len(pred) > len(target) + (1 if loss == _SPARSE else 0):
            fixes.extend(self._flatten_fixes(built))
        return tuple(f for f in fixes if f is not None)

    def _flatten_fixes(self, built: BuiltModel) -> list[Fix | None]:
        """Before the first Dense layer that receives more than one feature axis: Flatten(), or a
        global average pooling over the axes between batch and features."""
        current = built.input_shape
        for entry, step, _ in built.steps:
            if isinstance(entry, Layer) and entry.kind == "Dense" and isinstance(current, tuple) and len(current) > 2:
                fixer = self.interp.fixer
                fixes = [fixer.insert_layer_before(entry.node, entry.kind, "Flatten()")]
                if len(current) <= 5:
                    pooling = f"GlobalAveragePooling{len(current) - 2}D()"
                    alternative = fixer.insert_layer_before(entry.node, entry.kind, pooling)
                    fixes.append(dataclasses.replace(alternative, preferred=False) if alternative else None)
                return fixes
            current = step.output if step is not None else UNKNOWN
        return []

    def _label_range(self, loss: str, y: Array, pred: Shape, site: Span, built: BuiltModel) -> None:
        classes = pred[-1] if pred else None
        if loss == _BINARY and y.value_range is not None and y.value_range[1] > 1 and not y.one_hot:
            self.interp.sink.add(
                site, "SL205",
                f"binary_crossentropy expects labels 0 and 1, but these go up to {y.value_range[1]}: "
                f"for {y.value_range[1] + 1} classes use sparse_categorical_crossentropy with "
                f"{y.value_range[1] + 1} softmax units",
            )
            return
        if loss != _SPARSE or y.value_range is None or not is_concrete(classes):
            return
        high = y.value_range[1]
        if high >= classes:  # type: ignore[operator]
            last = built.steps[-1][2] if built.steps else built.model.span
            last_entry = built.steps[-1][0] if built.steps else None
            fix = None
            if isinstance(last_entry, Layer) and last_entry.kind == "Dense":
                fix = self.interp.fixer.set_argument(last_entry.node, "units", 0, str(high + 1),
                                                     f"Set the last layer's units to {high + 1}")
            self.interp.sink.add(
                site,
                "SL203",
                f"labels go up to {high} ({high + 1} classes) but the model outputs {classes} units: "
                f"sparse_categorical_crossentropy needs one output unit per class; set the last "
                f"layer's units to {high + 1}",
                related=(Related(last, f"the last layer outputs {classes} units"),),
                fixes=(fix,) if fix else (),
            )


_DATASET = "<dataset>"
# Layers that take strings; any other first layer needs numbers.
_STRING_LAYERS = frozenset({"TextVectorization", "StringLookup", "Hashing", "IntegerLookup", "Lambda"})


def _from_pipeline(pipe: Pipeline, node: ast.AST | None) -> tuple[Array, Any, ast.AST | None, bool]:
    """What a dataset feeds the model: each element is one batch, whatever its shape."""
    features = pipe.features
    if not isinstance(features, Array):
        return UNKNOWN, UNKNOWN, node, False  # a dict of inputs, or an element we could not follow
    shape = (pipe.batch, *features.shape) if pipe.batched else features.shape
    x = Array(shape, features.dtype, features.value_range, _DATASET, token_ids=features.token_ids)
    y: Any = UNKNOWN
    if isinstance(pipe.labels, Array):
        labels = pipe.labels
        y = Array((pipe.batch, *labels.shape) if pipe.batched else labels.shape, labels.dtype,
                  labels.value_range, _DATASET, labels.one_hot, labels.fractional, labels.draw)
    return x, y, node, False


def _one_sample(data: Shape, ref: Shape | _Unknown) -> bool:
    """The data is exactly one sample of the model input (every axis known and equal)."""
    if not isinstance(ref, tuple) or len(data) != len(ref) - 1:
        return False
    return all(is_concrete(d) and d == r for d, r in zip(data, ref[1:], strict=True))


def _numbers(value: Any) -> bool:
    if isinstance(value, (list, tuple)):
        return all(_numbers(v) for v in value)
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _custom_first_layer(built: BuiltModel) -> bool:
    from .custom_layers import CustomRule

    return bool(built.steps) and isinstance(built.steps[0][0], Layer) and isinstance(built.steps[0][0].rule, CustomRule)


def _numeric_first_layer(built: BuiltModel) -> bool:
    """The model takes numbers: a Keras layer that needs them comes first, or a custom layer
    after a float input (Keras casts the strings to it and raises; a string Input is fine)."""
    from .custom_layers import CustomRule

    first = built.model.entries[0] if built.model.entries else None
    for entry, _, _ in built.steps:
        if isinstance(entry, Layer) and isinstance(entry.rule, CustomRule):
            return isinstance(first, InputTensor) and first.dtype in ("float16", "float32", "float64", "bfloat16")
        return isinstance(entry, Layer) and entry.kind not in _STRING_LAYERS
    return False


def _squeeze_or_expand(t: Shape, o: Shape) -> tuple[Shape, Shape] | None:
    """Keras's ``squeeze_or_expand_to_same_rank(y_true, y_pred)``; None when undecidable."""
    if len(t) == len(o):
        return t, o
    if len(t) == len(o) + 1:
        if not is_concrete(t[-1]) and t[-1] is not None:
            return None
        if t[-1] == 1:
            return (t, (*o, 1)) if len(o) == 1 else (t[:-1], o)
    if len(o) == len(t) + 1:
        if not is_concrete(o[-1]) and o[-1] is not None:
            return None
        if o[-1] == 1:
            return ((*t, 1), o) if len(t) == 1 else (t, o[:-1])
    return t, o


def _loss_mismatch(loss: str, target: Shape, pred: Shape, y: Array) -> str | None:
    adjusted = _squeeze_or_expand(target, pred)
    if adjusted is None:
        return None
    t, o = adjusted
    if loss == _SPARSE:
        if len(t) == len(o) and t and t[-1] == 1:
            t = t[:-1]
        if len(t) != len(o) - 1:
            hint = (
                "the labels look one-hot: use loss='categorical_crossentropy', or pass integer "
                "class ids (y.argmax(axis=-1))"
                if len(t) == len(o)
                else "the model output has extra axes: add Flatten() or a global pooling layer "
                "before the last Dense"
            )
            return (
                f"sparse_categorical_crossentropy needs labels of rank {len(o) - 1} for the model "
                f"output {shape_str(o)}, but y has shape {shape_str(y.shape)}: {hint}"
            )
        if _dims_differ(t, o[:-1]):
            return (
                f"sparse_categorical_crossentropy needs labels shaped {shape_str(o[:-1])} for the "
                f"model output {shape_str(o)}, but y has shape {shape_str(y.shape)}"
            )
        return None
    if len(t) != len(o):
        if loss == _CATEGORICAL and len(t) == len(o) - 1:
            hint = (
                "the labels look like integer class ids: use loss='sparse_categorical_crossentropy', "
                f"or one-hot encode them with keras.utils.to_categorical(y, {_dim(o[-1])})"
            )
        else:
            hint = "the model output has extra axes: add Flatten() or a global pooling layer before the last Dense"
        return (
            f"{loss} needs labels shaped like the model output {shape_str(o)}, but y has shape "
            f"{shape_str(y.shape)}: {hint}"
        )
    if _dims_differ(t, o):
        return (
            f"{loss} needs labels shaped like the model output {shape_str(o)}, but y has shape "
            f"{shape_str(y.shape)}"
        )
    return None


def _dims_differ(a: Shape, b: Shape) -> bool:
    return any(is_concrete(x) and is_concrete(y) and x != y for x, y in zip(a, b, strict=False))


def _dim(d: Any) -> str:
    return str(d) if is_concrete(d) else "n_classes"


def _arg_node(call: ast.Call, name: str, pos: int) -> ast.expr | None:
    for kw in call.keywords:
        if kw.arg == name:
            return kw.value
    if pos < len(call.args) and not any(isinstance(a, ast.Starred) for a in call.args[: pos + 1]):
        return call.args[pos]
    return None


def _tuple_elements(node: ast.AST) -> tuple[ast.expr | None, ast.expr | None]:
    if isinstance(node, (ast.Tuple, ast.List)) and len(node.elts) >= 2:
        return node.elts[0], node.elts[1]
    return None, None


def _import_line(source: str) -> int:
    """Where a new import goes: after the module docstring and ``__future__`` imports."""
    try:
        tree = parse_source(source)
    except SyntaxError:
        return 0
    line = 0
    for i, stmt in enumerate(tree.body):
        is_doc = i == 0 and isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant) \
            and isinstance(stmt.value.value, str)
        is_future = isinstance(stmt, ast.ImportFrom) and stmt.module == "__future__"
        if is_doc or is_future:
            line = stmt.end_lineno or stmt.lineno
        else:
            break
    return line

