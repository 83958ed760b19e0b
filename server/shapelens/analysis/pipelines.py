"""``tf.data`` pipelines and the Keras dataset utilities, as element specs.

A ``Pipeline`` holds the structure of one element with the shapes TensorFlow reports in
``element_spec``: ``from_tensor_slices`` drops the first axis, ``batch`` adds a batch axis
(``None`` unless ``drop_remainder=True``), ``map`` runs the function of the file on the element
with the tensor-op rules. What the analysis cannot follow makes the pipeline unknown.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from ..engine.shapes import UNKNOWN, Dim, is_concrete
from . import arrays, frames
from .values import Array, Pipeline, Ref


@dataclass(frozen=True)
class Windows:
    """The element of ``dataset.window(...)``: one small dataset per component, for ``flat_map``."""

    element: Any


@dataclass(frozen=True)
class DatasetIterator:
    """``iter(dataset)``: ``next`` on it gives the first element as eager tensors."""

    pipe: Pipeline


def eager_element(value: Any, first: bool = False) -> Any:
    """One element a loop over the dataset (or ``next(iter(dataset))``, ``first``) gets: tensors
    of concrete shapes, so an axis the element spec leaves ``None`` (the batch axis of a last
    batch that may be short, a window length TensorFlow does not fix) has a size we cannot see,
    but the first batch of known data (``head``)."""
    if not isinstance(value, Pipeline) or isinstance(value.element, Windows):
        return UNKNOWN
    head = value.head if first and value.batched and is_concrete(value.head) else UNKNOWN

    def concrete(a: Array) -> Array:
        dims = tuple(UNKNOWN if d is None else d for d in a.shape)
        if dims and a.shape[0] is None and head is not UNKNOWN:
            dims = (head, *dims[1:])
        return dataclasses.replace(a, shape=dims, name=None)

    return _map_arrays(value.element, concrete)


def iteration(name: str, args: list[Any]) -> Any:
    """``iter(dataset)`` / ``next(iterator)``; NotImplemented for other values."""
    if name == "iter" and len(args) == 1 and isinstance(args[0], Pipeline):
        return DatasetIterator(args[0])
    if name == "next" and args and isinstance(args[0], DatasetIterator):
        return eager_element(args[0].pipe, first=True)
    return NotImplemented


# Calls a function of the file with abstract arguments (the interpreter's machinery).
Caller = Callable[[Any, list[Any], dict[str, Any]], Any]

_SAME_ELEMENT = frozenset({
    "shuffle", "prefetch", "cache", "repeat", "take", "skip", "with_options", "filter", "shard",
    "ignore_errors", "apply_options", "take_while", "assert_cardinality",
})


def _map_arrays(value: Any, fn: Callable[[Array], Any]) -> Any:
    """Apply ``fn`` to every Array of a structure (tuple or dict). A component we could not
    follow stays UNKNOWN inside a known structure; the structure itself must be known."""
    if isinstance(value, Array):
        return fn(value)
    if isinstance(value, tuple) and value:
        items = tuple(_map_arrays(v, fn) if v is not UNKNOWN else UNKNOWN for v in value)
        return UNKNOWN if not _leaves(items) else items
    if isinstance(value, dict) and value and all(isinstance(k, str) for k in value):
        mapped = {k: _map_arrays(v, fn) if v is not UNKNOWN else UNKNOWN for k, v in value.items()}
        return UNKNOWN if not _leaves(mapped) else mapped
    return UNKNOWN


def _leaves(value: Any) -> list[Array]:
    if isinstance(value, Array):
        return [value]
    if isinstance(value, tuple):
        return [a for v in value for a in _leaves(v)]
    if isinstance(value, dict):
        return [a for v in value.values() for a in _leaves(v)]
    return []


def _tensor(value: Any) -> Any:
    """A component given to a Dataset constructor: an Array, or a Python literal TensorFlow
    converts (ints to int32, floats to float32); a DataFrame or Series as the array it holds."""
    if isinstance(value, (frames.Frame, frames.Series)):
        value = frames.as_array(value)
    if isinstance(value, Array):
        return value
    if isinstance(value, (list, int, float)) and not isinstance(value, bool):
        literal = arrays.literal(value if isinstance(value, list) else [value])
        if not isinstance(literal, Array):
            return UNKNOWN
        dtype = {"int64": "int32", "float64": "float32"}.get(literal.dtype, literal.dtype)  # type: ignore[arg-type]
        shape = literal.shape if isinstance(value, list) else ()
        return Array(shape, dtype, literal.value_range)
    return UNKNOWN


def _structure(value: Any) -> Any:
    """The components of a Dataset constructor argument: a tuple or dict of tensors, or one."""
    if isinstance(value, tuple):
        items = tuple(_structure(v) if isinstance(v, (tuple, dict)) else _tensor(v) for v in value)
        return UNKNOWN if not items or any(i is UNKNOWN for i in items) else items
    if isinstance(value, dict):
        return _map_arrays({k: _tensor(v) for k, v in value.items()}, lambda a: a)
    return _tensor(value)


def from_tensor_slices(tensors: Any) -> Any:
    element = _structure(tensors)
    leaves = _leaves(element)
    if element is UNKNOWN or not leaves or any(not a.shape for a in leaves):
        return UNKNOWN
    sizes = {a.shape[0] for a in leaves}
    if len(sizes) > 1 and all(is_concrete(s) for s in sizes):
        return UNKNOWN  # TensorFlow raises: the components differ in length
    count = sizes.pop() if len(sizes) == 1 else UNKNOWN
    return Pipeline(_map_arrays(element, lambda a: dataclasses.replace(a, shape=a.shape[1:], name=None)),
                    count=count if is_concrete(count) else UNKNOWN)


def from_tensors(tensors: Any) -> Any:
    element = _structure(tensors)
    return UNKNOWN if element is UNKNOWN else Pipeline(element, count=1)


def range_(args: list[Any], kwargs: dict[str, Any]) -> Any:
    dtype = kwargs.get("output_type")
    name = "int64" if dtype is None else dtype.qualname.split(".")[-1] if isinstance(dtype, Ref) else dtype
    return Pipeline(Array((), name if isinstance(name, str) else UNKNOWN))


def tensor_spec(args: list[Any], kwargs: dict[str, Any]) -> Any:
    """``tf.TensorSpec(shape, dtype=tf.float32)`` as the Array it describes."""
    shape = args[0] if args else kwargs.get("shape", UNKNOWN)
    dtype = args[1] if len(args) > 1 else kwargs.get("dtype", "float32")
    if not isinstance(shape, (tuple, list)) or not all(d is None or is_concrete(d) for d in shape):
        return UNKNOWN
    name = dtype.qualname.split(".")[-1] if isinstance(dtype, Ref) else dtype
    return Array(tuple(shape), name if isinstance(name, str) else UNKNOWN)


def from_generator(kwargs: dict[str, Any]) -> Any:
    signature = kwargs.get("output_signature")
    element = _map_arrays(signature, lambda a: a) if signature is not None else UNKNOWN
    return UNKNOWN if element is UNKNOWN else Pipeline(element)


def zip_(datasets: Any) -> Any:
    if not isinstance(datasets, tuple) or not datasets or not all(isinstance(d, Pipeline) for d in datasets):
        return UNKNOWN
    element = tuple(d.element for d in datasets)
    return Pipeline(element, all(d.batched for d in datasets) and _one_batch_axis(element))


def _one_batch_axis(element: Any) -> bool:
    """Every component has the same leading axis (what ``Pipeline.batch`` reports for all)."""
    leaves = _leaves(element)
    return bool(leaves) and all(a.shape and a.shape[0] == leaves[0].shape[0] for a in leaves)


def join(values: list[Any]) -> Any:
    """Datasets from the paths of an if (``if shuffle: ds = ds.shuffle(1000)``): the same
    elements, their count and first batch kept where every path agrees; else UNKNOWN."""
    first = values[0]
    if not all(isinstance(v, Pipeline) and v.element == first.element and v.batched == first.batched
               for v in values):
        return UNKNOWN
    count = first.count if all(v.count == first.count for v in values) else UNKNOWN
    head = first.head if all(v.head == first.head for v in values) else UNKNOWN
    return Pipeline(first.element, first.batched, count, head)


def surely_runs(value: Any) -> bool:
    """A loop over this dataset runs its body at least once."""
    return isinstance(value, Pipeline) and is_concrete(value.count) and value.count >= 1


def _count(pipe: Pipeline, name: str, args: list[Any], kwargs: dict[str, Any]) -> Any:
    """How many elements ``dataset.<name>(...)`` yields (UNKNOWN when the data decides)."""
    n = pipe.count
    if name in ("shuffle", "prefetch", "cache", "with_options", "apply_options", "map", "enumerate"):
        return n
    first = args[0] if args else kwargs.get("count", kwargs.get("batch_size", UNKNOWN))
    if name == "assert_cardinality":
        return first if is_concrete(first) and first >= 0 else UNKNOWN
    if not is_concrete(n) or not is_concrete(first):
        return UNKNOWN
    if name == "take":
        return n if first == -1 else min(n, first) if first >= 0 else UNKNOWN
    if name == "skip":
        return 0 if first == -1 else max(0, n - first) if first >= 0 else UNKNOWN
    if name == "repeat":
        return n * first if first >= 0 else UNKNOWN
    if name in ("batch", "padded_batch") and first > 0:
        drop = kwargs.get("drop_remainder", args[2 if name == "padded_batch" else 1]
                          if len(args) > (2 if name == "padded_batch" else 1) else False)
        return n // first if drop is True else -(-n // first) if drop is False else UNKNOWN
    return UNKNOWN


def method(pipe: Pipeline, name: str, args: list[Any], kwargs: dict[str, Any], call: Caller) -> Any:
    """``dataset.<name>(...)``."""
    out = _method(pipe, name, args, kwargs, call)
    if isinstance(out, Pipeline) and not isinstance(out.element, Windows):
        out = replace(out, count=_count(pipe, name, args, kwargs), head=_head(pipe, out, name, args, kwargs))
    return out


def _head(pipe: Pipeline, out: Pipeline, name: str, args: list[Any], kwargs: dict[str, Any]) -> Any:
    """The first element's batch size after ``dataset.<name>(...)`` (see ``Pipeline.head``)."""
    if name in ("batch", "padded_batch"):
        size = args[0] if args else kwargs.get("batch_size", UNKNOWN)
        n = pipe.count
        return min(size, n) if is_concrete(size) and is_concrete(n) and size > 0 and n > 0 else UNKNOWN
    if name in ("prefetch", "cache", "with_options", "apply_options", "take", "repeat", "assert_cardinality") \
            or (name in ("map", "enumerate") and out.batched and out.batch is None):
        return pipe.head
    return UNKNOWN  # shuffle may put the short last batch first; filter, skip... change it


def _method(pipe: Pipeline, name: str, args: list[Any], kwargs: dict[str, Any], call: Caller) -> Any:
    if name in _SAME_ELEMENT:
        return pipe
    if name in ("batch", "padded_batch"):
        size = args[0] if args else kwargs.get("batch_size", UNKNOWN)
        drop = kwargs.get("drop_remainder", args[2 if name == "padded_batch" else 1]
                          if len(args) > (2 if name == "padded_batch" else 1) else False)
        if not isinstance(drop, bool):
            return UNKNOWN
        axis: Dim = size if drop and is_concrete(size) else None if is_concrete(size) else UNKNOWN
        padded = kwargs.get("padded_shapes", args[1] if len(args) > 1 else None) if name == "padded_batch" else None
        element = _padded(pipe.element, padded) if padded is not None else pipe.element
        element = _map_arrays(element, lambda a: dataclasses.replace(a, shape=(axis, *a.shape), name=None))
        return UNKNOWN if element is UNKNOWN else Pipeline(element, batched=True)
    if name == "window":
        return UNKNOWN if _leaves(pipe.element) == [] else Pipeline(Windows(pipe.element))
    if name == "flat_map" and isinstance(pipe.element, Windows):
        func = args[0] if args else kwargs.get("map_func", UNKNOWN)
        inner = pipe.element.element
        datasets = [Pipeline(v) for v in inner] if isinstance(inner, tuple) else [Pipeline(inner)]
        out = call(func, datasets, {})
        return out if isinstance(out, Pipeline) and not isinstance(out.element, Windows) else UNKNOWN
    if name == "enumerate":
        return Pipeline((Array((), "int64"), pipe.element))
    if name == "unbatch":
        leaves = _leaves(pipe.element)
        if not leaves or any(not a.shape for a in leaves):
            return UNKNOWN
        element = _map_arrays(pipe.element, lambda a: dataclasses.replace(a, shape=a.shape[1:], name=None))
        return UNKNOWN if element is UNKNOWN else Pipeline(element)
    if name == "map":
        func = args[0] if args else kwargs.get("map_func", UNKNOWN)
        element = pipe.element
        call_args = list(element) if isinstance(element, tuple) else [element]
        out = _output(call(func, call_args, {}))
        if out is UNKNOWN:
            return UNKNOWN
        # Still batched when every component keeps the batch axis in front.
        axis = pipe.batch
        batched = pipe.batched and _one_batch_axis(out) and _leaves(out)[0].shape[0] == axis
        return Pipeline(out, batched)
    if name == "concatenate":
        other = args[0] if args else kwargs.get("dataset")
        if not isinstance(other, Pipeline):
            return UNKNOWN
        element = _merge(pipe.element, other.element)
        return UNKNOWN if element is UNKNOWN else Pipeline(element, pipe.batched and other.batched
                                                           and _one_batch_axis(element))
    return UNKNOWN


def _padded(element: Any, padded: Any) -> Any:
    """``padded_shapes``: an int fixes an axis, None pads to the longest (unknown statically)."""
    if isinstance(element, Array):
        if not isinstance(padded, (tuple, list)) or len(padded) != element.rank:
            return UNKNOWN
        if not all(d is None or (is_concrete(d) and d >= 0) or d == -1 for d in padded):
            return UNKNOWN
        return Array(tuple(None if d in (None, -1) else d for d in padded), element.dtype, element.value_range)
    if isinstance(element, tuple) and isinstance(padded, tuple) and len(element) == len(padded):
        items = tuple(_padded(e, p) for e, p in zip(element, padded, strict=True))
        return UNKNOWN if any(i is UNKNOWN for i in items) else items
    return UNKNOWN


def _output(value: Any) -> Any:
    """What a map function returns, as an element: tensors, tuples and dicts of them."""
    if isinstance(value, (Array, dict)):
        return _map_arrays(value, lambda a: a)
    if isinstance(value, tuple):
        items = tuple(_output(v) if isinstance(v, (Array, tuple, dict)) else _tensor(v) for v in value)
        return UNKNOWN if not _leaves(items) else items  # an unknown component stays unknown
    return UNKNOWN  # lists, Python values, anything we could not follow


def _merge(a: Any, b: Any) -> Any:
    """``concatenate``: the most specific spec compatible with both (differing sizes become None)."""
    if isinstance(a, Array) and isinstance(b, Array):
        if a.rank != b.rank or a.dtype != b.dtype:
            return UNKNOWN
        dims = tuple(x if x == y else UNKNOWN if UNKNOWN in (x, y) else None for x, y in zip(a.shape, b.shape,
                                                                                            strict=True))
        return Array(dims, a.dtype)
    if isinstance(a, tuple) and isinstance(b, tuple) and len(a) == len(b):
        items = tuple(_merge(x, y) for x, y in zip(a, b, strict=True))
        return UNKNOWN if any(i is UNKNOWN for i in items) else items
    return UNKNOWN


# ------------------------------------------------------------------------------ keras.utils


_CHANNELS = {"rgb": 3, "grayscale": 1, "rgba": 4}


def image_dataset_from_directory(args: list[Any], kwargs: dict[str, Any]) -> Any:
    """Images float32 (batch, height, width, channels); labels as ``label_mode`` says."""
    labels = kwargs.get("labels", args[1] if len(args) > 1 else "inferred")
    mode = kwargs.get("label_mode", args[2] if len(args) > 2 else "int")
    class_names = kwargs.get("class_names", args[3] if len(args) > 3 else None)
    color = kwargs.get("color_mode", args[4] if len(args) > 4 else "rgb")
    batch_size = kwargs.get("batch_size", args[5] if len(args) > 5 else 32)
    size = kwargs.get("image_size", args[6] if len(args) > 6 else (256, 256))
    data_format = kwargs.get("data_format")
    if color not in _CHANNELS or not isinstance(size, (tuple, list)) or len(size) != 2 \
            or not all(is_concrete(s) for s in size) or data_format not in (None, "channels_last") \
            or kwargs.get("format", "tf") != "tf" or mode not in ("int", "categorical", "binary", None):
        return UNKNOWN
    image = Array((size[0], size[1], _CHANNELS[color]), "float32")  # type: ignore[arg-type]
    if labels is None or mode is None:
        element: Any = image
    elif labels == "inferred" or isinstance(labels, (list, tuple)):
        label = _label(mode, class_names)
        if label is UNKNOWN:
            return UNKNOWN
        element = (image, label)
    else:
        return UNKNOWN
    return _batched_like_keras(Pipeline(element), batch_size, kwargs.get("subset"))


def _label(mode: str, class_names: Any) -> Any:
    if mode == "int":
        return Array((), "int32")
    if mode == "binary":
        return Array((1,), "float32")
    count = len(class_names) if isinstance(class_names, (list, tuple)) else UNKNOWN
    return Array((count,), "float32", (0, 1), one_hot=True)


def _batched_like_keras(pipe: Pipeline, batch_size: Any, subset: Any) -> Any:
    if batch_size is not None and not is_concrete(batch_size):
        return UNKNOWN
    if batch_size is not None:
        pipe = method(pipe, "batch", [batch_size], {}, lambda *_: UNKNOWN)
    if subset == "both":
        return [pipe, pipe]
    return pipe if subset in (None, "training", "validation") else UNKNOWN


def text_dataset_from_directory(args: list[Any], kwargs: dict[str, Any]) -> Any:
    """Strings (batch,); labels as ``label_mode`` says."""
    labels = kwargs.get("labels", args[1] if len(args) > 1 else "inferred")
    mode = kwargs.get("label_mode", args[2] if len(args) > 2 else "int")
    class_names = kwargs.get("class_names", args[3] if len(args) > 3 else None)
    batch_size = kwargs.get("batch_size", args[4] if len(args) > 4 else 32)
    if mode not in ("int", "categorical", "binary", None):
        return UNKNOWN
    text = Array((), "string")
    element: Any = text if labels is None or mode is None else (text, _label(mode, class_names))
    return _batched_like_keras(Pipeline(element), batch_size, kwargs.get("subset"))


def audio_dataset_from_directory(args: list[Any], kwargs: dict[str, Any]) -> Any:
    """Audio float32 (batch, output_sequence_length or None, None): TensorFlow does not fix the
    channel axis statically; labels as ``label_mode`` says."""
    labels = kwargs.get("labels", args[1] if len(args) > 1 else "inferred")
    mode = kwargs.get("label_mode", args[2] if len(args) > 2 else "int")
    class_names = kwargs.get("class_names", args[3] if len(args) > 3 else None)
    batch_size = kwargs.get("batch_size", args[4] if len(args) > 4 else 32)
    length = kwargs.get("output_sequence_length", args[6] if len(args) > 6 else None)
    if mode not in ("int", "categorical", "binary", None) or kwargs.get("ragged", False) is not False \
            or not (length is None or is_concrete(length)):
        return UNKNOWN
    audio = Array((length, None), "float32")
    element: Any = audio if labels is None or mode is None else (audio, _label(mode, class_names))
    return _batched_like_keras(Pipeline(element), batch_size, kwargs.get("subset"))


def timeseries_dataset_from_array(args: list[Any], kwargs: dict[str, Any]) -> Any:
    """Windows (batch, None, *features): TensorFlow does not fix the window axis statically."""
    data = args[0] if args else kwargs.get("data", UNKNOWN)
    targets = args[1] if len(args) > 1 else kwargs.get("targets", UNKNOWN)
    batch_size = kwargs.get("batch_size", args[6] if len(args) > 6 else 128)
    if not isinstance(data, Array) or not data.shape or (targets is not None and (
            not isinstance(targets, Array) or not targets.shape)):
        return UNKNOWN
    window = Array((None, *data.shape[1:]), data.dtype)
    element: Any = window if targets is None else (window, Array(targets.shape[1:], targets.dtype,
                                                                 targets.value_range, one_hot=targets.one_hot))
    return _batched_like_keras(Pipeline(element), batch_size, None)


NOT_A_DATASET: Any = object()

_CONSTRUCTORS: dict[str, Callable[[list[Any], dict[str, Any]], Any]] = {
    "tensorflow.data.Dataset.from_tensor_slices": lambda a, k: from_tensor_slices(a[0] if a else k.get("tensors")),
    "tensorflow.data.Dataset.from_tensors": lambda a, k: from_tensors(a[0] if a else k.get("tensors")),
    "tensorflow.data.Dataset.range": range_,
    "tensorflow.data.Dataset.from_generator": lambda a, k: from_generator(k),
    "tensorflow.data.Dataset.list_files": lambda a, k: Pipeline(Array((), "string")),
    # One scalar string per line of the files (``element_spec``: TensorSpec((), tf.string)).
    "tensorflow.data.TextLineDataset": lambda a, k: Pipeline(Array((), "string")),
    # ``Dataset.concatenate(a, b)``, the method called on the class.
    "tensorflow.data.Dataset.concatenate": lambda a, k: method(a[0], "concatenate", a[1:], k, lambda *_: UNKNOWN)
    if a and isinstance(a[0], Pipeline) else UNKNOWN,
    "tensorflow.data.Dataset.zip": lambda a, k: zip_(tuple(a) if len(a) > 1 else a[0] if a else k.get("datasets")),
    "tensorflow.TensorSpec": tensor_spec,
    "keras.utils.image_dataset_from_directory": image_dataset_from_directory,
    "keras.preprocessing.image_dataset_from_directory": image_dataset_from_directory,
    "keras.utils.text_dataset_from_directory": text_dataset_from_directory,
    "keras.preprocessing.text_dataset_from_directory": text_dataset_from_directory,
    "keras.utils.audio_dataset_from_directory": audio_dataset_from_directory,
    "keras.utils.timeseries_dataset_from_array": timeseries_dataset_from_array,
    "keras.preprocessing.timeseries_dataset_from_array": timeseries_dataset_from_array,
}


def call(qualname: str, args: list[Any], kwargs: dict[str, Any]) -> Any:
    """A Dataset constructor or Keras dataset utility; NOT_A_DATASET for any other name."""
    handler = _CONSTRUCTORS.get(qualname)
    return NOT_A_DATASET if handler is None else handler(args, kwargs)
