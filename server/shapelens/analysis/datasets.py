"""Data that arrives with a known shape: ``keras.datasets`` and common splitting helpers.

The dataset shapes are documented facts of Keras (``load_data()`` with default arguments); nothing
is downloaded.
"""

from __future__ import annotations

import math
from typing import Any

from ..engine.shapes import UNKNOWN, is_concrete
from .values import Array

_UINT8 = "uint8"
_INT = "int64"


def _pair(x: Array, y: Array) -> tuple[Array, Array]:
    return (x, y)


def _images(n_train: int, n_test: int, sample: tuple[int, ...], classes: int, label_axis: bool) -> Any:
    def labels(n: int) -> Array:
        shape = (n, 1) if label_axis else (n,)
        return Array(shape, _UINT8, (0, classes - 1))

    return (
        _pair(Array((n_train, *sample), _UINT8, (0, 255)), labels(n_train)),
        _pair(Array((n_test, *sample), _UINT8, (0, 255)), labels(n_test)),
    )


def _sequences(n_train: int, n_test: int, classes: int, kwargs: dict[str, Any]) -> Any:
    # Lists of word ids of varying length: an object array, not a tensor, until padded. With
    # num_words, Keras replaces every id >= num_words by oov_char (2): ids stay below num_words.
    words = kwargs.get("num_words")
    ids = (0, words - 1) if isinstance(words, int) and not isinstance(words, bool) and words > 3 \
        and kwargs.get("oov_char", 2) in (2, None) else None
    return (
        _pair(Array((n_train,), "object", ids), Array((n_train,), _INT, (0, classes - 1))),
        _pair(Array((n_test,), "object", ids), Array((n_test,), _INT, (0, classes - 1))),
    )


def load_data(dataset: str, kwargs: dict[str, Any]) -> Any:
    """``keras.datasets.<name>.load_data(...)`` as Keras documents it."""
    if dataset in ("mnist", "fashion_mnist"):
        return _images(60000, 10000, (28, 28), 10, label_axis=False)
    if dataset == "cifar10":
        return _images(50000, 10000, (32, 32, 3), 10, label_axis=True)
    if dataset == "cifar100":
        mode = kwargs.get("label_mode", "fine")
        if mode not in ("fine", "coarse"):
            return UNKNOWN
        return _images(50000, 10000, (32, 32, 3), 100 if mode == "fine" else 20, label_axis=True)
    if dataset == "imdb":
        return _sequences(25000, 25000, 2, kwargs)
    if dataset == "reuters":
        split = kwargs.get("test_split", 0.2)
        if not isinstance(split, float):
            return UNKNOWN
        n_train = int(11228 * (1 - split))
        return _sequences(n_train, 11228 - n_train, 46, kwargs)
    if dataset == "boston_housing":
        split = kwargs.get("test_split", 0.2)
        if not isinstance(split, float):
            return UNKNOWN
        n_train = int(506 * (1 - split))
        return (
            _pair(Array((n_train, 13), "float64"), Array((n_train,), "float64")),
            _pair(Array((506 - n_train, 13), "float64"), Array((506 - n_train,), "float64")),
        )
    if dataset == "california_housing":
        # 20,640 districts of 8 features; version="small" keeps the first 600 (dtype not checked here).
        version, split = kwargs.get("version", "large"), kwargs.get("test_split", 0.2)
        if version not in ("small", "large") or not isinstance(split, float):
            return UNKNOWN
        total = 600 if version == "small" else 20640
        n_train = int(total * (1 - split))
        return (
            _pair(Array((n_train, 8), UNKNOWN), Array((n_train,), UNKNOWN)),
            _pair(Array((total - n_train, 8), UNKNOWN), Array((total - n_train,), UNKNOWN)),
        )
    return UNKNOWN


def train_test_split(arrays: list[Any], kwargs: dict[str, Any]) -> Any:
    """``sklearn.model_selection.train_test_split``: (a_train, a_test, b_train, b_test, ...)."""
    if not arrays or not all(isinstance(a, Array) and a.shape for a in arrays):
        return UNKNOWN
    n = arrays[0].shape[0]
    if not is_concrete(n) or any(a.shape[0] != n for a in arrays):
        return UNKNOWN
    test, train = kwargs.get("test_size"), kwargs.get("train_size")
    n_test = _split_size(test, n, ceil=True)
    n_train = _split_size(train, n, ceil=False)
    if test is None and train is None:
        n_test = math.ceil(0.25 * n)
    if n_test is UNKNOWN or n_train is UNKNOWN:
        return UNKNOWN
    if n_test is None:
        n_test = n - n_train  # type: ignore[operator]
    if n_train is None:
        n_train = n - n_test
    out: list[Any] = []
    for a in arrays:
        out.append(Array((n_train, *a.shape[1:]), a.dtype, a.value_range, one_hot=a.one_hot,
                         fractional=a.fractional, draw=a.draw))
        out.append(Array((n_test, *a.shape[1:]), a.dtype, a.value_range, one_hot=a.one_hot,
                         fractional=a.fractional, draw=a.draw))
    return out


def _split_size(value: Any, n: int, ceil: bool) -> Any:
    if value is None:
        return None
    if isinstance(value, float) and 0 < value < 1:
        return math.ceil(value * n) if ceil else math.floor(value * n)
    if is_concrete(value):
        return value
    return UNKNOWN


def pad_sequences(sequences: Any, kwargs: dict[str, Any], maxlen: Any) -> Any:
    """``keras.utils.pad_sequences``: (number of sequences, maxlen)."""
    length = maxlen if is_concrete(maxlen) else UNKNOWN
    if not isinstance(sequences, Array) or not sequences.shape:
        # Sequences we cannot see (a list made by a loop over the data): still one padded row each.
        known_dtype = isinstance(kwargs.get("dtype", "int32"), str)
        count = len(sequences) if isinstance(sequences, (list, tuple)) else UNKNOWN
        return Array((count, length), kwargs.get("dtype", "int32")) if length is not UNKNOWN and known_dtype \
            and sequences is not None else UNKNOWN
    dtype = kwargs.get("dtype", "int32") if isinstance(kwargs.get("dtype"), str) else "int32"
    pad = kwargs.get("value", 0)
    ids = sequences.value_range
    # Padding adds the pad value to the ids (0 unless told); float dtypes keep no integer range.
    value_range = (min(ids[0], pad), max(ids[1], pad)) if ids is not None and isinstance(pad, int) \
        and dtype.startswith(("int", "uint")) else None
    return Array((sequences.shape[0], length), dtype, value_range)
