"""Write server/shapelens/engine/applications_data.py from the installed Keras (run with TF installed).

    .venv/bin/python tools/gen_applications.py                 # every application (a few minutes)
    .venv/bin/python tools/gen_applications.py MobileNetV2 ...  # print the records of some, write nothing
    .venv/bin/python tools/gen_applications.py --update NASNetMobile ...  # re-record some in the file

Every ``keras.applications`` constructor is built with ``weights=None`` (no download can happen:
``get_file`` and ``load_weights`` are replaced by stubs that raise while this tool runs), inside a
``StatelessScope`` (variables get their shapes but no values, which makes big models cheap).
For each application the tool records:

* ``signature``: the constructor's parameters in order, with their defaults;
* ``input``: how the constructor settles its input shape: ``obtain`` (Keras's
  ``imagenet_utils.obtain_input_shape`` with the ``default_size``/``min_size`` the constructor
  passes, and for MobileNet/MobileNetV2 the square sizes that become the default size), or
  ``mobilenet_v3`` (its own check); ``no_top_default`` when a constructor fills in an input
  shape of its own without a top (NASNetMobile); ``imagenet_static`` when imagenet weights
  require a static input shape (NASNet);
* ``graph``: the spatial part of the network as a list of nodes over (rows, cols) pairs, taken
  from the Keras graph itself (convolutions and pooling windows, paddings, croppings,
  ``correct_pad`` paddings that depend on the parity of the size they were built for, merges
  that require equal or broadcastable sizes, constants such as squeeze-and-excitation branches);
  ``graph_none`` when building on unknown sizes gives another graph (NASNet);
* ``channels``: the channels of the base output (independent of the input);
* ``params``: trainable and non-trainable parameter counts of the base (``include_top=False``)
  as ``a + b * input_channels`` (checked on three channel counts and two sizes); ``params_none``
  with ``graph_none``;
* ``heads``: the layers Keras adds after the base for ``include_top=True`` (with ``classes`` as
  a symbol), ``pooling="avg"`` and ``pooling="max"``.

tests/differential/test_applications.py regenerates some records and compares them with the file.
"""

from __future__ import annotations

import contextlib
import inspect
import os
import pprint
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")
os.environ["KERAS_BACKEND"] = "tensorflow"

ROOT = Path(__file__).resolve().parent.parent
sys.setrecursionlimit(20000)  # the graph walk recurses once per layer (EfficientNetB7: 800)
TARGET = ROOT / "server" / "shapelens" / "engine" / "applications_data.py"
sys.path.insert(0, str(ROOT / "server"))

# Sizes tried as MobileNet's "default size" (the ones it accepts for imagenet weights).
_SIZE_CANDIDATES = (96, 128, 160, 192, 224, 240, 260, 299, 300, 331, 380, 384, 456, 480, 528, 600)
_CLASSES_MARK = 7  # built with classes=7: a head layer with 7 units is the classifier


class Downloading(Exception):
    """Raised instead of downloading anything."""


class _Abort(Exception):
    """Raised to stop a constructor once the fact under study has been seen."""


@contextlib.contextmanager
def no_downloads() -> Iterator[None]:
    """Nothing can be downloaded: ``get_file`` and ``Model.load_weights`` raise."""
    from keras.src.models.model import Model
    from keras.src.utils import file_utils

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise Downloading(f"refused to download {args[:1]}")

    saved = file_utils.get_file, Model.load_weights
    file_utils.get_file = refuse
    Model.load_weights = refuse  # type: ignore[method-assign]
    try:
        yield
    finally:
        file_utils.get_file, Model.load_weights = saved  # type: ignore[method-assign]


@contextlib.contextmanager
def fake_imagenet() -> Iterator[None]:
    """``weights="imagenet"`` builds the model and loads nothing: ``get_file`` returns a name
    that is never opened and ``load_weights`` does nothing. For checking what Keras accepts."""
    from keras.src.models.model import Model
    from keras.src.utils import file_utils

    saved = file_utils.get_file, Model.load_weights
    file_utils.get_file = lambda *a, **k: "/nonexistent/imagenet-weights-not-downloaded.h5"
    Model.load_weights = lambda self, *a, **k: None  # type: ignore[method-assign]
    try:
        yield
    finally:
        file_utils.get_file, Model.load_weights = saved  # type: ignore[method-assign]


@contextlib.contextmanager
def tagged_correct_pad() -> Iterator[None]:
    """Tag each ZeroPadding2D whose padding came from ``imagenet_utils.correct_pad`` with the
    kernel size it was computed for (the padding depends on the parity of the input size)."""
    from keras.src import layers
    from keras.src.applications import imagenet_utils

    pending: list[Any] = []
    original_pad = imagenet_utils.correct_pad
    original_init = layers.ZeroPadding2D.__init__

    def correct_pad(inputs: Any, kernel_size: Any) -> Any:
        result = original_pad(inputs, kernel_size)
        k = (kernel_size, kernel_size) if isinstance(kernel_size, int) else tuple(kernel_size)
        pending.append((k, result))
        return result

    def init(self: Any, padding: Any = (1, 1), *args: Any, **kwargs: Any) -> None:
        original_init(self, padding, *args, **kwargs)
        if pending and pending[-1][1] == padding:
            self._shapelens_correct_pad = pending.pop()[0]

    imagenet_utils.correct_pad = correct_pad
    layers.ZeroPadding2D.__init__ = init  # type: ignore[method-assign]
    try:
        yield
    finally:
        imagenet_utils.correct_pad = original_pad
        layers.ZeroPadding2D.__init__ = original_init  # type: ignore[method-assign]


def constructor(name: str) -> Any:
    import keras

    return getattr(keras.applications, name)


def build(name: str, imagenet: bool = False, **kwargs: Any) -> Any:
    """The application built as Keras builds it, without weights values or downloads."""
    from keras.src.backend.common.stateless_scope import StatelessScope

    kwargs.setdefault("weights", "imagenet" if imagenet else None)
    guard = fake_imagenet() if imagenet else no_downloads()
    with guard, StatelessScope(), tagged_correct_pad():
        return constructor(name)(**kwargs)


# ----------------------------------------------------------------------------- the graph


class Graph:
    """Spatial nodes over (rows, cols), interned so that equal sub-graphs share one node."""

    def __init__(self) -> None:
        self.nodes: list[tuple[Any, ...]] = [("input",)]
        self.index: dict[tuple[Any, ...], int] = {("input",): 0}

    def add(self, node: tuple[Any, ...]) -> int:
        if node not in self.index:
            self.index[node] = len(self.nodes)
            self.nodes.append(node)
        return self.index[node]

    # Each op returns the node id of its result (or the id of its input when it changes nothing).

    def window(self, src: int, kernel: tuple[int, int], strides: tuple[int, int], padding: str,
               dilation: tuple[int, int] = (1, 1)) -> int:
        span = tuple(d * (k - 1) + 1 for k, d in zip(kernel, dilation, strict=True))
        if padding == "same":
            if strides == (1, 1):
                return src
            return self.add(("same", tuple(strides), src))
        assert padding == "valid", padding
        if span == (1, 1) and strides == (1, 1):
            return src
        return self.add(("valid", span, tuple(strides), src))

    def pad(self, src: int, padding: tuple[tuple[int, int], tuple[int, int]]) -> int:
        total = (padding[0][0] + padding[0][1], padding[1][0] + padding[1][1])
        return src if total == (0, 0) else self.add(("pad", total, src))

    def merge(self, kind: str, srcs: list[int]) -> int:
        if kind == "broadcast":
            # Broadcasting against a constant 1 (a squeeze-and-excitation branch) changes nothing.
            one = self.index.get(("const", (1, 1)))
            rest = [s for s in srcs if s != one]
            srcs = rest or srcs
        # Broadcasting is symmetric; a concatenation keeps the first input's sizes when it is
        # called on other sizes than it was built for, so its order matters.
        unique = tuple(sorted(set(srcs))) if kind == "broadcast" else tuple(dict.fromkeys(srcs))
        if len(unique) == 1:
            return unique[0]
        return self.add((kind, unique))


def _pair(value: Any) -> tuple[int, int]:
    return (value, value) if isinstance(value, int) else (int(value[0]), int(value[1]))


def _pads(value: Any) -> tuple[tuple[int, int], tuple[int, int]]:
    if isinstance(value, int):
        return ((value, value), (value, value))
    rows, cols = value
    rows = (rows, rows) if isinstance(rows, int) else tuple(rows)
    cols = (cols, cols) if isinstance(cols, int) else tuple(cols)
    return (tuple(rows), tuple(cols))  # type: ignore[return-value]


# Layers that change no spatial size (whatever their channels).
_SAME_SIZE = {
    "BatchNormalization", "Activation", "ReLU", "Dropout", "Normalization", "Rescaling",
    "LayerNormalization", "LayerScale", "Dense", "InputLayer", "StochasticDepth",
}
_BROADCAST_MERGES = {"Add", "Multiply", "Subtract", "Maximum", "Minimum", "Average", "CustomScaleLayer"}


def spatial_graph(model: Any) -> tuple[list[tuple[Any, ...]], int]:
    """The graph of the model's (rows, cols) from its input to its output; returns the nodes and
    the output node. Raises on a layer it does not know (to be added here)."""
    graph = Graph()
    memo: dict[int, int] = {}

    def of_tensor(tensor: Any, inputs: dict[int, int]) -> int:
        key = id(tensor)
        if key in inputs:
            return inputs[key]
        if key in memo:
            return memo[key]
        operation, node_index, _ = tensor._keras_history
        node = operation._inbound_nodes[node_index]
        srcs = [of_tensor(t, inputs) for t in node.input_tensors]
        memo[key] = apply(operation, srcs, node.input_tensors)
        return memo[key]

    def apply(layer: Any, srcs: list[int], tensors: list[Any]) -> int:
        kind = type(layer).__name__
        if kind == "Sequential":
            current = srcs[0]
            for inner in layer.layers:
                current = apply(inner, [current], [None])
            return current
        if kind == "Functional":
            inner_inputs = {id(t): s for t, s in zip(layer.inputs, srcs, strict=True)}
            return of_tensor(layer.outputs[0], inner_inputs)
        if kind in ("Conv2D", "DepthwiseConv2D", "SeparableConv2D"):
            return graph.window(srcs[0], _pair(layer.kernel_size), _pair(layer.strides), layer.padding,
                                _pair(layer.dilation_rate))
        if kind in ("MaxPooling2D", "AveragePooling2D"):
            return graph.window(srcs[0], _pair(layer.pool_size), _pair(layer.strides), layer.padding)
        if kind == "ZeroPadding2D":
            kernel = getattr(layer, "_shapelens_correct_pad", None)
            if kernel is not None:
                return graph.add(("correct_pad", kernel, srcs[0]))
            return graph.pad(srcs[0], _pads(layer.padding))
        if kind == "Cropping2D":
            crop = _pads(layer.cropping)
            return graph.pad(srcs[0], ((-crop[0][0], -crop[0][1]), (-crop[1][0], -crop[1][1])))
        if kind in ("GlobalAveragePooling2D", "GlobalMaxPooling2D"):
            return graph.add(("const", (1, 1)))  # keepdims or not: only a later Reshape can use it
        if kind == "Reshape":
            target = tuple(layer.target_shape)
            assert len(target) == 3 and all(isinstance(d, int) and d > 0 for d in target[:2]), target
            return graph.add(("const", (target[0], target[1])))
        if kind in _BROADCAST_MERGES:
            return graph.merge("broadcast", srcs)
        if kind == "Concatenate":
            assert layer.axis in (-1, 3), layer.axis
            return graph.merge("equal", srcs)
        if kind in _SAME_SIZE:
            assert len(srcs) == 1, kind
            return srcs[0]
        raise NotImplementedError(f"spatial_graph: no rule for {kind}")

    inputs = {id(model.inputs[0]): 0}
    tensor = model.outputs[0]
    while type(tensor._keras_history[0]).__name__ in _TRAILING:  # the trunk's output
        operation, node_index, _ = tensor._keras_history
        tensor = operation._inbound_nodes[node_index].input_tensors[0]
    out = of_tensor(tensor, inputs)
    return compact(graph.nodes, out)


def compact(nodes: list[tuple[Any, ...]], out: int) -> tuple[list[tuple[Any, ...]], int]:
    """Only the nodes the output depends on, renumbered in order."""
    needed: set[int] = set()

    def visit(i: int) -> None:
        if i in needed:
            return
        needed.add(i)
        for ref in _refs(nodes[i]):
            visit(ref)

    visit(out)
    order = sorted(needed)
    new = {old: n for n, old in enumerate(order)}
    result = [_renumber(nodes[i], new) for i in order]
    return result, new[out]


def _refs(node: tuple[Any, ...]) -> list[int]:
    kind = node[0]
    if kind in ("input", "const"):
        return []
    if kind in ("broadcast", "equal"):
        return list(node[1])
    return [node[-1]]


def _renumber(node: tuple[Any, ...], new: dict[int, int]) -> tuple[Any, ...]:
    kind = node[0]
    if kind in ("input", "const"):
        return node
    if kind in ("broadcast", "equal"):
        return (kind, tuple(new[i] for i in node[1]))
    return (*node[:-1], new[node[-1]])


# ----------------------------------------------------------------------------- heads


# Layers a constructor without top puts after the trunk whatever ``pooling`` is (ConvNeXt).
_TRAILING = {"LayerNormalization"}


def trunk_of(base: Any) -> tuple[tuple[Any, ...], str]:
    """The trunk's output (shape, producing layer kind) in the ``include_top=False,
    pooling=None`` model: its output, before any trailing layers."""
    tensor = base.outputs[0]
    while True:
        layer, node_index, _ = tensor._keras_history
        if type(layer).__name__ not in _TRAILING:
            return tuple(tensor.shape), type(layer).__name__
        tensor = layer._inbound_nodes[node_index].input_tensors[0]


def head(variant: Any, trunk: tuple[tuple[Any, ...], str]) -> tuple[list[tuple[Any, ...]], int, int]:
    """The layers after the trunk in ``variant`` (built on the same input), as ops; with their
    trainable and non-trainable parameter counts."""
    target, trunk_kind = trunk
    chain: list[Any] = []
    tensor = variant.outputs[0]
    while True:
        layer, node_index, _ = tensor._keras_history
        if tuple(tensor.shape) == target and type(layer).__name__ == trunk_kind:
            break
        node = layer._inbound_nodes[node_index]
        assert len(node.input_tensors) == 1, f"head layer {layer.name} has several inputs"
        chain.append(layer)
        tensor = node.input_tensors[0]
    ops = [op for layer in reversed(chain) if (op := head_op(layer)) is not None]
    trainable = sum(_prod(w.shape) for layer in chain for w in layer.trainable_weights)
    total = sum(layer.count_params() for layer in chain)
    return ops, trainable, total - trainable


def _units(n: int) -> Any:
    return "classes" if n == _CLASSES_MARK else n


def head_op(layer: Any) -> tuple[Any, ...] | None:
    kind = type(layer).__name__
    if kind in ("GlobalAveragePooling2D", "GlobalMaxPooling2D"):
        return ("global_pool", "avg" if "Average" in kind else "max", bool(layer.keepdims))
    if kind == "Flatten":
        return ("flatten",)
    if kind == "Dense":
        return ("dense", _units(layer.units), bool(layer.use_bias))
    if kind == "Conv2D":
        assert _pair(layer.kernel_size) == (1, 1) and _pair(layer.strides) == (1, 1), layer.name
        return ("conv1x1", _units(layer.filters), bool(layer.use_bias))
    if kind == "Reshape":
        return ("reshape", tuple(_units(d) for d in layer.target_shape))
    if kind == "LayerNormalization":
        return ("layer_norm", bool(layer.center), bool(layer.scale))
    if kind in ("Activation", "Dropout", "ReLU"):
        return None
    raise NotImplementedError(f"head: no rule for {kind}")


# ----------------------------------------------------------------------------- constructor facts


def signature(name: str) -> list[tuple[str, Any]]:
    params = []
    for p in inspect.signature(constructor(name)).parameters.values():
        assert p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY), (name, p)
        default = p.default
        if callable(default) and not isinstance(default, (str, int, float, bool)):
            default = repr(default)
        params.append((p.name, default))
    return params


def obtain_calls(name: str, **kwargs: Any) -> dict[str, Any] | None:
    """The arguments the constructor passes to ``obtain_input_shape`` (None: it does not call
    it, or raises before). The constructor is stopped right there."""
    from keras.src.applications import imagenet_utils

    seen: dict[str, Any] = {}
    original = imagenet_utils.obtain_input_shape

    def spy(input_shape: Any, default_size: Any, min_size: Any, data_format: Any, require_flatten: Any,
            weights: Any = None) -> Any:
        seen.update(input_shape=input_shape, default_size=default_size, min_size=min_size)
        raise _Abort

    imagenet_utils.obtain_input_shape = spy
    try:
        with no_downloads():
            constructor(name)(weights=kwargs.pop("weights", None), **kwargs)
    except _Abort:
        return seen
    except Exception:
        return None
    finally:
        imagenet_utils.obtain_input_shape = original
    return None


def input_facts(name: str) -> dict[str, Any]:
    call = obtain_calls(name, include_top=False)
    if call is None:
        # MobileNetV3: its own "at least 32x32" check, (None, None, 3) by default.
        return {"policy": "mobilenet_v3", "min_size": 32}
    facts: dict[str, Any] = {"policy": "obtain", "default_size": call["default_size"], "min_size": call["min_size"]}
    if call["input_shape"] is not None:
        facts["no_top_default"] = tuple(call["input_shape"])
    choices = []
    for size in _SIZE_CANDIDATES:
        seen = obtain_calls(name, include_top=False, input_shape=(size, size, 3))
        if seen is not None and seen["default_size"] == size and size != call["default_size"]:
            choices.append(size)
    if choices:
        facts["default_size_choices"] = tuple(sorted({*choices, call["default_size"]}))
    # NASNet refuses imagenet weights on an input shape with None entries before anything else.
    if obtain_calls(name, include_top=False, input_shape=(None, None, 3), weights="imagenet") is None:
        facts["imagenet_static"] = True
    return facts


def _size_for(facts: dict[str, Any], extra: int = 0) -> int:
    base = facts.get("no_top_default", (facts.get("default_size", 224),))[0]
    return int(base) + extra


def params_facts(name: str, size: int | None, known: Any, check: bool) -> dict[str, Any]:
    """Trunk parameters as a + b * channels, from 1 and 3 channels; with ``check``, also
    checked on 2 channels and another size. ``size`` None: built on unknown sizes."""
    counts = {}
    runs = ((1, size), (3, size), (2, None if size is None else size + 17)) if check else ((1, size), (3, size))
    for channels, rows in runs:
        if channels == 3:
            model = known
        else:
            shape = (None, None, channels) if rows is None else (rows, rows + 3, channels)
            model = build(name, include_top=False, input_shape=shape)
        _, head_train, head_other = head(model, trunk_of(model))
        train = sum(int(_prod(w.shape)) for w in model.trainable_weights) - head_train
        counts[channels] = (train, model.count_params() - train - head_train - head_other)
    slope = tuple(counts[3][i] - counts[1][i] for i in (0, 1))
    assert all(slope[i] % 2 == 0 for i in (0, 1)), (name, counts)
    per_channel = tuple(s // 2 for s in slope)
    base = tuple(counts[1][i] - per_channel[i] for i in (0, 1))
    if check:
        assert counts[2] == tuple(base[i] + 2 * per_channel[i] for i in (0, 1)), (name, counts)
    return {"trainable": base[0], "trainable_per_channel": per_channel[0],
            "non_trainable": base[1], "non_trainable_per_channel": per_channel[1]}


def _prod(shape: Any) -> int:
    out = 1
    for d in shape:
        out *= int(d)
    return out


def record(name: str, check: bool = True) -> dict[str, Any]:
    """Everything recorded about one application; ``check`` adds builds that only verify."""
    facts: dict[str, Any] = {"signature": signature(name), "input": input_facts(name)}
    size = _size_for(facts["input"])
    known = build(name, include_top=False, input_shape=(size, size + 3, 3))
    nodes, out = spatial_graph(known)
    facts["graph"] = nodes
    assert out == len(nodes) - 1
    unknown = build(name, include_top=False, input_shape=(None, None, 3))
    none_nodes, _ = spatial_graph(unknown)
    if none_nodes != nodes:
        # NASNet chooses its cells from the sizes it sees: other cells, other weights.
        facts["graph_none"] = none_nodes
        facts["params_none"] = params_facts(name, None, unknown, check)
    trunk = trunk_of(known)
    facts["channels"] = int(trunk[0][-1])
    facts["params"] = params_facts(name, size, known, check)
    heads = {"none": head(known, trunk)[0]}
    for key, kwargs in (("avg", {"pooling": "avg"}), ("max", {"pooling": "max"})):
        heads[key] = head(build(name, include_top=False, input_shape=(size, size + 3, 3), **kwargs), trunk)[0]
    top = build(name, include_top=True, input_shape=(size, size + 3, 3), classes=_CLASSES_MARK)
    heads["top"] = head(top, trunk)[0]
    facts["heads"] = heads
    return facts


# ----------------------------------------------------------------------------- the file

HEADER = '''"""Facts about the ``keras.applications`` constructors of Keras {version}.

GENERATED by tools/gen_applications.py from the installed Keras (models built with
weights=None; nothing downloaded). Do not edit: regenerate. See that tool for what each
field means; engine/applications.py reads them.
"""

from typing import Any

APPLICATIONS: dict[str, dict[str, Any]] = {{
'''


def render_one(name: str, facts: dict[str, Any]) -> str:
    body = pprint.pformat(facts, indent=1, width=110, sort_dicts=True, compact=True)
    lines = body.splitlines()
    return f"    {name!r}: " + "\n    ".join(lines) + ",\n"


def render(records: dict[str, dict[str, Any]]) -> str:
    import keras

    parts = [HEADER.format(version=keras.__version__)]
    for name in sorted(records):
        parts.append(render_one(name, records[name]))
    parts.append("}\n")
    return "".join(parts)


def app_names() -> list[str]:
    from shapelens.engine.keras_names import APPLICATIONS

    return sorted(APPLICATIONS)


def main(argv: list[str]) -> None:
    import warnings

    warnings.filterwarnings("ignore")
    if argv[:1] == ["--update"]:
        # Re-record some applications and keep the others as they are in the file.
        from shapelens.engine.applications_data import APPLICATIONS

        records = dict(APPLICATIONS)
        for name in argv[1:]:
            print(f"recording {name}", file=sys.stderr)
            records[name] = record(name)
        TARGET.write_text(render(records))
        print(f"wrote {TARGET}")
        return
    if argv:
        for name in argv:
            sys.stdout.write(render_one(name, record(name)))
        return
    records = {}
    for name in app_names():
        print(f"recording {name}", file=sys.stderr)
        records[name] = record(name)
    TARGET.write_text(render(records))
    print(f"wrote {TARGET}")


if __name__ == "__main__":
    main(sys.argv[1:])
