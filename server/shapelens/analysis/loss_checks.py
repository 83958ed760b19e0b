"""Checks of a compiled loss against the model's output and the labels, for every spelling of the
loss (see losses.py): ``from_logits`` against the last activation (SL206, SL208), and element-wise
regression losses whose labels broadcast against the output (SL202 when Keras raises, SL207 when
it broadcasts silently).

Verified with Keras 3 / TF 2.21: MSE/MAE/Huber first apply ``squeeze_or_expand_to_same_rank``
(only a trailing axis of size 1), then subtract with NumPy broadcasting: labels (N, 1) against an
output (N, 5), or (N, 3) against (N, 1), train without a word; (N,) against (N, 5) raises unless
every batch happens to hold exactly 5 samples.
"""

from __future__ import annotations

import ast
import math
from typing import TYPE_CHECKING, Any

from ..engine.shapes import UNKNOWN, Shape, is_concrete, shape_str
from .losses import CROSSENTROPY, Loss
from .result import Edit, Fix, Related, Span
from .values import Array, BuiltModel, Layer

if TYPE_CHECKING:
    from .training import TrainingChecks

_BATCH = "batch"  # the batch axis, as a symbol: its size is the size of each batch
_PROBABILITY = ("softmax", "sigmoid")
_LINEAR = (None, "linear")


def last_layer(built: BuiltModel) -> tuple[Any, Any, Span, Any] | None:
    """The last step of the model: (entry, its activation or UNKNOWN, span, output shape)."""
    if not built.steps:
        return None
    entry, step, span = built.steps[-1]
    out = step.output if step is not None else UNKNOWN
    activation: Any = UNKNOWN
    if isinstance(entry, Layer) and entry.error is None:
        if entry.kind == "Softmax":
            activation = "softmax"
        elif entry.kind in ("Dense", "Activation"):
            activation = getattr(entry.rule, "activation", UNKNOWN)
    return entry, activation, span, out


def from_logits(checks: TrainingChecks, built: BuiltModel, loss: Loss, loss_node: ast.AST) -> None:
    """``from_logits=True`` after a softmax/sigmoid, or a crossentropy on probabilities after a
    linear last layer: Keras trains either way, on the wrong quantity."""
    if loss.name not in CROSSENTROPY or not isinstance(loss.from_logits, bool):
        return
    last = last_layer(built)
    if last is None:
        return
    entry, activation, span, _ = last
    if activation is UNKNOWN:
        return
    interp = checks.interp
    fixer = interp.fixer
    fix: Fix | None = None
    code = "SL206"
    if loss.from_logits and activation in _PROBABILITY:
        # TensorFlow's backend finds the logits behind a softmax/sigmoid output and uses them (with
        # a UserWarning): the loss is right there, wrong on JAX and PyTorch. Information only.
        code = "SL208"
        message = (
            f"{loss.spelling} has from_logits=True, but the last layer already applies {activation}: "
            f"on TensorFlow Keras recovers the logits behind the {activation} and only warns, on the "
            f"JAX and PyTorch backends the loss applies {activation} twice; use from_logits=False"
        )
        related = Related(span, f"the last layer uses activation='{activation}'")
        if isinstance(loss_node, ast.Call):
            fix = fixer.set_argument(loss_node, "from_logits", 0, "False", "Use from_logits=False")
    elif not loss.from_logits and activation in _LINEAR and isinstance(entry, Layer) and entry.kind == "Dense":
        kind = "sigmoid" if loss.name == "binary_crossentropy" else "softmax"
        message = (
            f"{loss.spelling} expects probabilities, but the last layer has no activation and outputs "
            f"logits: Keras reads the raw scores as probabilities (clipped to [eps, 1 - eps]) and trains on the wrong values (it does not raise); "
            f"use from_logits=True in the loss, or activation='{kind}' in the last layer"
        )
        related = Related(span, "the last layer is linear (no activation)")
        if isinstance(loss_node, ast.Call):
            fix = fixer.set_argument(loss_node, "from_logits", 0, "True", "Use from_logits=True")
        else:
            fix = fixer.set_argument(entry.node, "activation", 1, f"'{kind}'",
                                     f"Use activation='{kind}' in the last layer")
    else:
        return
    interp.sink.add(interp.positions.span(loss_node), code, message, related=(related,),
                    fixes=(fix,) if fix else ())


def regression(checks: TrainingChecks, loss: Loss, y: Array, target: Shape, pred: Shape, site: Span,
               built: BuiltModel, batch_sizes: frozenset[int] | None) -> bool:
    """Labels against the output of an element-wise loss; True when a diagnostic was added."""
    from .training import _squeeze_or_expand

    adjusted = _squeeze_or_expand(target, pred)
    if adjusted is None:
        return False
    t, o = (_symbolic(s) for s in adjusted)
    if t == o:
        return False
    result = _broadcast(t, o, batch_sizes)
    if result is None:
        return False
    interp = checks.interp
    last = last_layer(built)
    related: tuple[Related, ...] = ()
    fixes: tuple[Fix, ...] = ()
    hint = ""
    out_shape = shape_str(tuple(None if d == _BATCH else d for d in pred))
    if len(pred) > 2 and len(target) <= 2:
        hint = ("; the model outputs a sequence or a feature map per sample: set return_sequences=False "
                "on the last recurrent layer, or add Flatten()/a global pooling layer before the last Dense")
        fixes = _sequence_fixes(checks, built)
    elif len(pred) == 2 and len(target) in (1, 2) and last is not None and (
            len(target) == 1 or is_concrete(target[-1])):
        entry, _, span, _ = last
        k = target[-1] if len(target) == 2 else 1
        hint = f"; the labels hold {k} value(s) per sample: give the last layer {k} unit(s)"
        related = (Related(span, f"the last layer outputs {pred[-1]} unit(s)"),)
        if isinstance(entry, Layer) and entry.kind == "Dense":
            fix = interp.fixer.set_argument(entry.node, "units", 0, str(k), f"Set the last layer's units to {k}")
            fixes = (fix,) if fix else ()
    if result == "error":
        interp.sink.add(
            site, "SL202",
            f"{loss.name} needs labels shaped like the model output {out_shape}, but y has shape "
            f"{shape_str(y.shape)}: they do not broadcast and Keras raises ValueError{hint}",
            related=related, fixes=fixes,
        )
        return True
    interp.sink.add(
        site, "SL207",
        f"{loss.name} compares labels {shape_str(y.shape)} with the model output {out_shape}: Keras "
        f"broadcasts them to {shape_str(tuple(None if d == _BATCH else d for d in result))} without an "
        f"error, so the loss pairs outputs with the wrong targets{hint}",
        related=related, fixes=fixes,
    )
    return True


# Layers after the last recurrent one that keep the timestep axis as it is.
_PER_STEP = frozenset({"Dense", "Dropout", "Activation", "BatchNormalization", "LayerNormalization"})


def _sequence_fixes(checks: TrainingChecks, built: BuiltModel) -> tuple[Fix, ...]:
    """``return_sequences=False`` on the last recurrent layer when only per-step layers follow it,
    else Flatten() (or a global pooling) before the first Dense that gets more than one axis."""
    fixes: list[Fix | None] = []
    for entry, _, _ in reversed(built.steps):
        if not isinstance(entry, Layer):
            break
        flag = next((kw.value for kw in entry.node.keywords if kw.arg == "return_sequences"), None)
        if isinstance(flag, ast.Constant) and flag.value is True:
            fixes.append(Fix("Use return_sequences=False on the last recurrent layer",
                             (checks.interp.fixer.replace(flag, "False"),), True))
            break
        if entry.kind not in _PER_STEP:
            break
    fixes.extend(checks._flatten_fixes(built))
    return tuple(f for f in fixes if f is not None)


def batch_sizes(method: str, x: Any, kwargs: dict[str, Any], batched: bool) -> frozenset[int] | None:
    """The sizes of the batches Keras cuts from x (None when not known statically)."""
    if not isinstance(x, Array) or not x.shape or not is_concrete(x.shape[0]):
        return None
    n = x.shape[0]
    if not batched:
        return frozenset({n})
    size = kwargs.get("batch_size", 32)
    if size is None:
        size = 32
    if not isinstance(size, int) or isinstance(size, bool) or size <= 0:
        return None
    full, rest = divmod(n, size)
    return frozenset(({size} if full else set()) | ({rest} if rest else set()))


def _symbolic(shape: Shape) -> tuple[Any, ...]:
    return (_BATCH, *shape[1:]) if shape else ()


def _broadcast(t: tuple[Any, ...], o: tuple[Any, ...], sizes: frozenset[int] | None) -> Any:
    """NumPy broadcasting of the two shapes: the result, "error", or None when undecidable."""
    result: list[Any] = []
    error = False
    for i in range(1, max(len(t), len(o)) + 1):
        a = t[-i] if i <= len(t) else 1
        b = o[-i] if i <= len(o) else 1
        if a == b:
            result.append(a)
            continue
        if not (is_concrete(a) or a == _BATCH) or not (is_concrete(b) or b == _BATCH):
            return None
        if a == 1 or b == 1:
            result.append(b if a == 1 else a)
            continue
        if _BATCH in (a, b):
            other = b if a == _BATCH else a
            if sizes is None:
                return None
            if sizes != {other}:
                error = True
            result.append(other)
            continue
        error = True
    return "error" if error else tuple(reversed(result))


def fixed_batch(built: BuiltModel, method: str, x: Array, kwargs: dict[str, Any],
                batched: bool) -> tuple[Shape, bool]:
    """A model with a fixed batch size (``Input(batch_shape=(32, ...))``, stateful RNNs) fed in
    batches of exactly that size: the data arrives as batches of that size, not of unknown size.
    Verified: a stateful LSTM with batch_shape (32, ...) fits 320 samples with batch_size=32, and
    raises when one batch is smaller (330 samples) or the batch size differs."""
    ref = built.input_shape
    if batched and isinstance(ref, tuple) and ref and is_concrete(ref[0]) and x.shape:
        if batch_sizes(method, x, kwargs, True) == {ref[0]}:
            return (ref[0], *x.shape[1:]), False
    return x.shape, batched


# First layers for which an unknown axis before the features is unusual: (None, 5) declared on a
# Dense is the batch axis written into the input shape, not a variable-length axis.
_PER_FEATURE = frozenset({"Dense"})


def batch_in_declared_shape(checks: TrainingChecks, built: BuiltModel, x: Array, x_node: ast.AST,
                            site: Span, method: str, before: int) -> bool:
    """``Dense(8, input_shape=(None, 5))`` then ``predict(x)`` with x (N, 5): Keras raises because
    the model expects (None, None, 5). Both "x lacks its batch axis" and "input_shape holds the
    batch axis" explain it; on a Dense first layer the code shows the second."""
    interp = checks.interp
    new = interp.sink.items[before:]
    ref = built.input_shape
    if not any(d.code == "SL301" for d in new) or not isinstance(ref, tuple) or len(ref) < 3:
        return False
    first = built.steps[0][0] if built.steps else None
    decl = built.input_decl
    if not isinstance(first, Layer) or first.kind not in _PER_FEATURE or decl is None or ref[1] is not None:
        return False
    if len(x.shape) != len(ref) - 1 or any(
            not (is_concrete(d) and d == r) for d, r in zip(x.shape[1:], ref[2:], strict=True)):
        return False
    del interp.sink.items[before:]
    sample = ref[2:]
    text = f"({', '.join(str(d) for d in sample)},)" if len(sample) == 1 else shape_str(sample)
    interp.sink.add(
        site, "SL302",
        f"{method}() gets shape {shape_str(x.shape)} but the model expects {shape_str(ref)}: the "
        f"model's input shape starts with None, which is the batch axis written into it",
        related=(Related(decl, f"use {text} here: input shapes leave the batch axis out"),),
    )
    interp.sink.add(
        decl, "SL104",
        f"{shape_str(ref[1:])} starts with None, the batch axis: input_shape/shape describe one "
        f"sample, so the model expects {shape_str(ref)}; use {text}",
        fixes=(Fix(f"Use {text} (drop the batch axis)", (Edit(decl, text),), True),),
    )
    return True


_CLASS_OF = {"categorical_crossentropy": "CategoricalCrossentropy",
             "sparse_categorical_crossentropy": "SparseCategoricalCrossentropy"}
_OTHER = {"categorical_crossentropy": "sparse_categorical_crossentropy",
          "sparse_categorical_crossentropy": "categorical_crossentropy"}
_DATASET = "<dataset>"  # training._DATASET: labels that come from a tf.data dataset


def label_advice(checks: TrainingChecks, loss: str, y: Array, y_node: ast.AST, loss_node: ast.AST | None,
                 message: str, fixes: tuple[Fix, ...]) -> tuple[str, tuple[Fix, ...]]:
    """SL202 between one-hot and integer labels, for the spellings training.py does not fix:
    a loss object gets its class swapped; labels from a dataset are not wrapped in a NumPy call
    (the node is the dataset), and the message names label_mode instead."""
    other = _OTHER.get(loss)
    if other is None:
        return message, fixes
    fixes = tuple(fixes)
    if isinstance(loss_node, ast.Call) and isinstance(loss_node.func, ast.Attribute) \
            and loss_node.func.attr == _CLASS_OF[loss]:
        span = checks.positions.span(loss_node.func)
        name_span = Span(span.end_line, span.end_col - len(loss_node.func.attr), span.end_line, span.end_col)
        swap = Fix(f"Use {_CLASS_OF[other]}", (Edit(name_span, _CLASS_OF[other]),), True)
        fixes = (swap, *fixes)
    if y.name == _DATASET:
        y_span = checks.positions.span(y_node)
        fixes = tuple(f for f in fixes if not any(e.span == y_span for e in f.edits))
        if loss == "sparse_categorical_crossentropy" and y.one_hot:
            message = message.split(": the labels look")[0] + (
                ": the dataset yields one-hot labels: use loss='categorical_crossentropy' (or, "
                "for image_dataset_from_directory, label_mode='int')")
        elif loss == "categorical_crossentropy" and not y.one_hot:
            message = message.split(": the labels look")[0] + (
                ": the dataset yields integer class ids: use loss='sparse_categorical_crossentropy' "
                "(or, for image_dataset_from_directory, label_mode='categorical')")
    return message, fixes


def fractional_labels(checks: TrainingChecks, loss: str, y: Array, site: Span, loss_node: ast.AST | None,
                      classes: Any = UNKNOWN) -> bool:
    """Float labels with fractions (``np.random.rand``, ``normal``) under a sparse crossentropy.

    Verified with Keras 3 / TF 2.21 (CPU): ``sparse_categorical_crossentropy`` casts y to int by
    dropping the fraction, without a word: labels from ``np.random.rand(n)`` all become class 0 and
    ``rand(n) * 5`` becomes 0..4 against 5 units; the model trains on classes the data never meant
    (a warning). A label cast outside 0..units-1 (a value <= -1, or >= units) makes fit() raise
    InvalidArgumentError: ``randn(64)`` raised for every seed tried, ``rand(64) * 10`` against 5
    units too (an error, when the draws make it all but certain). Float labels that hold whole
    class ids (``y.astype("float32")``) are right and are not flagged."""
    if loss != "sparse_categorical_crossentropy" or not y.fractional:
        return False
    related = (Related(checks.positions.span(loss_node), f"loss is {loss} here"),) if loss_node else ()
    name = y.name if y.name and not y.name.startswith("<") else "y"
    fix = ("pass integer class ids (e.g. np.random.randint(0, n_classes, size)), or use a regression loss "
           "such as 'mse' for continuous targets")
    outside = _ids_outside(y, classes)
    if outside is not None:
        below, above = outside
        where = " and ".join(part for part, p in (("values <= -1 become negative ids", below),
                                                   (f"values >= {classes} become ids the {classes} output units "
                                                    "do not have", above)) if p > _NEGLIGIBLE)
        checks.interp.sink.add(
            site, "SL214",
            f"sparse_categorical_crossentropy gets float labels with fractions ({name} is drawn from "
            f"{_draw_text(y.draw)}): Keras casts them to integer class ids, and {where}, so fit() raises "
            f"InvalidArgumentError; {fix}",
            related=related, severity="error",
        )
        return True
    checks.interp.sink.add(
        site, "SL214",
        f"sparse_categorical_crossentropy gets float labels with fractions ({name} is drawn from a "
        "continuous distribution): Keras casts them to integer class ids without an error (0.73 becomes "
        f"class 0), so the model learns classes the data does not hold; {fix}",
        related=related,
    )
    return True


# An error claims Keras raises: only when fewer than 1 run in 1000 would draw no label out of range.
_SURE = 1e-3
_NEGLIGIBLE = 1e-6


def _ids_outside(y: Array, classes: Any) -> tuple[float, float] | None:
    """(P(value <= -1), P(value >= classes)) for one label, when the labels are drawn from a known
    distribution, all their count is known and at least one id out of 0..classes-1 is all but sure."""
    if y.draw is None or not is_concrete(classes) or not y.shape or not all(is_concrete(d) for d in y.shape):
        return None
    if y.name == _DATASET:
        return None  # the shape holds one batch, not every label
    kind, a, b = y.draw
    if kind == "uniform" and b > a:
        below = max(0.0, min(b, -1.0) - a) / (b - a)
        above = max(0.0, b - max(a, float(classes))) / (b - a)
    elif kind == "normal" and b > 0:
        def cdf(v: float) -> float:
            return 0.5 * (1 + math.erf((v - a) / (b * math.sqrt(2))))
        below, above = cdf(-1.0), 1 - cdf(float(classes))
    else:
        return None
    count = math.prod(y.shape)  # type: ignore[arg-type]
    inside = max(0.0, 1 - below - above)
    if inside ** count > _SURE:
        return None
    return below, above


def _draw_text(draw: tuple[str, float, float] | None) -> str:
    if draw is None:
        return "a continuous distribution"
    kind, a, b = draw
    return f"{kind}({a:g}, {b:g})" if kind == "normal" else f"uniform [{a:g}, {b:g})"


def metrics(checks: TrainingChecks, model: Any, y: Array, target: Shape, pred: Shape, site: Span,
            sizes: frozenset[int] | None) -> bool:
    """A metric that takes the other label format than the labels have (the loss fits them).

    Verified with Keras 3 / TF 2.21 on a softmax output of k units, batches of 12: against one-hot
    labels (N, k), ``sparse_categorical_accuracy``/``sparse_top_k_categorical_accuracy``/
    ``sparse_categorical_crossentropy`` (strings, functions, classes or objects) raise ValueError in
    fit() ("Dimensions must be equal"), except when every batch holds exactly k samples (they then
    broadcast and train); against class ids (N,), ``categorical_accuracy`` trains and reports a
    meaningless accuracy, ``top_k_categorical_accuracy`` and ``categorical_crossentropy`` raise;
    against ids (N, 1), ``categorical_accuracy`` and ``top_k_categorical_accuracy`` train silently.
    """
    from . import losses

    value, node = getattr(model, "metrics", (None, None))
    items = value if isinstance(value, (list, tuple)) else [value] if value is not None else []
    nodes: list[ast.AST | None] = [None] * len(items)
    if isinstance(node, (ast.List, ast.Tuple)) and len(node.elts) == len(items) \
            and not any(isinstance(e, ast.Starred) for e in node.elts):
        nodes = list(node.elts)
    elif node is not None and len(items) == 1 and not isinstance(value, (list, tuple)):
        nodes = [node]
    # Verified on (batch, classes) outputs only; sequence outputs are left alone.
    if len(pred) != 2 or not is_concrete(pred[-1]) or pred[-1] < 2:  # type: ignore[operator]
        return False
    classes = pred[-1]
    one_hot = len(target) == len(pred) and target[-1] == classes
    ids = not y.one_hot and (len(target) == len(pred) - 1 or (len(target) == len(pred) and target[-1] == 1))
    for metric, metric_node in zip(items, nodes, strict=True):
        resolved = losses.resolve_metric(metric)
        if resolved is None:
            continue
        name, spelled = resolved
        if one_hot and name in losses.METRICS_FOR_IDS:
            raises = name == losses.SPARSE or (sizes is not None and sizes != {classes})
            if sizes is None and name != losses.SPARSE:
                continue  # batch sizes unknown: it raises unless every batch holds `classes` samples
            problem = (f"{spelled} takes integer class ids, but y holds one-hot rows {shape_str(y.shape)}")
        elif ids and name in losses.METRICS_FOR_ONE_HOT:
            raises = name == losses.CATEGORICAL or (name == losses.TOP_K and len(target) == len(pred) - 1)
            problem = f"{spelled} takes one-hot labels, but y holds class ids {shape_str(y.shape)}"
        else:
            continue
        other = losses.METRIC_SWAP[spelled]
        fix = _metric_fix(checks, metric_node, spelled, other)
        related = (Related(checks.positions.span(metric_node), f"the metric {spelled} is set here"),) \
            if metric_node is not None else ()
        if raises:
            message = (f"{problem}: Keras raises ValueError when it computes the metric in fit(); "
                       f"use {other} (or 'accuracy', which compile() matches to the labels)")
            checks.interp.sink.add(site, "SL202", message, related=related, fixes=(fix,) if fix else ())
        else:
            message = (f"{problem}: Keras computes it without an error, and the metric it reports is "
                       f"meaningless; use {other} (or 'accuracy', which compile() matches to the labels)")
            checks.interp.sink.add(site, "SL215", message, related=related, fixes=(fix,) if fix else ())
        return True
    return False


def _metric_fix(checks: TrainingChecks, node: ast.AST | None, spelled: str, other: str) -> Fix | None:
    """The metric's name swapped for the one that takes the labels' format."""
    fixer = checks.interp.fixer
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return Fix(f"Use {other}", (fixer.replace(node, fixer.string_value(node, other)),), True)
    target = node.func if isinstance(node, ast.Call) else node
    if isinstance(target, ast.Attribute) and target.attr == spelled:
        span = checks.positions.span(target)
        name_span = Span(span.end_line, span.end_col - len(spelled), span.end_line, span.end_col)
        return Fix(f"Use {other}", (Edit(name_span, other),), True)
    if isinstance(target, ast.Name) and target.id == spelled:
        return None  # imported by name: the other name may not be imported
    return None
