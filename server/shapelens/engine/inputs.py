"""Model inputs: ``keras.Input``, ``InputLayer`` and the legacy ``input_shape=``/``input_dim=``."""

from __future__ import annotations

from typing import Any

from .base import Args, LayerError
from .shapes import UNKNOWN, Shape, _Unknown, is_concrete


def standardize_shape(value: Any, name: str, layer: str) -> Shape | _Unknown:
    """Keras's ``backend.standardize_shape``: a tuple/list of non-negative ints or None."""
    if value is UNKNOWN:
        return UNKNOWN
    if not isinstance(value, (tuple, list)):
        hint = f"; write a tuple: {name}=({value!r},)" if is_concrete(value) else ""
        raise LayerError(
            "SL106", f"{layer}({name}={value!r}) is rejected by Keras: cannot convert it to a shape{hint}",
            name,
        )
    dims: list[Any] = []
    for d in value:
        if d is None or d is UNKNOWN:
            dims.append(d)
        elif is_concrete(d) and d >= 0:
            dims.append(d)
        else:
            raise LayerError(
                "SL106",
                f"{layer}({name}={tuple(value)!r}) is rejected by Keras: every axis must be a "
                "non-negative integer or None",
                name,
            )
    return tuple(dims)


# keras.Input's explicit signature: any other keyword is a TypeError (InputLayer takes **kwargs).
_INPUT_KEYWORDS = frozenset({"shape", "batch_size", "dtype", "sparse", "ragged", "batch_shape", "name", "tensor",
                             "optional"})


def input_batch_shape(args: Args) -> Shape | _Unknown:
    """The batch shape an ``Input``/``InputLayer`` call declares (Keras's ``InputLayer``)."""
    layer = args.layer
    if layer == "Input":
        unexpected = sorted(set(args.kwargs) - _INPUT_KEYWORDS)
        if unexpected:
            raise LayerError(
                "SL106",
                f"Input() got an unexpected keyword argument '{unexpected[0]}' (TypeError in Keras 3); "
                "declare the input with shape=(...) or batch_shape=(...)",
                unexpected[0],
            )
    shape = args.raw("shape", 0, None)
    if shape is None and "input_shape" in args.kwargs:
        shape = args.kwargs["input_shape"]
    batch_size = args.raw("batch_size", 1, None)
    batch_shape = args.kwargs.get("batch_shape", args.kwargs.get("batch_input_shape"))
    if shape is not None and batch_shape is not None:
        raise LayerError("SL106", f"{layer}() cannot take both `shape` and `batch_shape`", "batch_shape")
    if batch_size is not None and batch_shape is not None:
        raise LayerError("SL106", f"{layer}() cannot take both `batch_size` and `batch_shape`", "batch_size")
    if shape is None and batch_shape is None:
        raise LayerError("SL106", f"{layer}() needs a `shape` argument, e.g. shape=(784,)", "shape")
    if batch_shape is not None:
        return standardize_shape(batch_shape, "batch_shape", layer)
    per_sample = standardize_shape(shape, "shape", layer)
    if isinstance(per_sample, _Unknown):
        return UNKNOWN
    if batch_size is not None and batch_size is not UNKNOWN and not is_concrete(batch_size):
        raise args.invalid("batch_size", batch_size, "an integer")
    return (batch_size, *per_sample)


def legacy_input_shape(args: Args) -> tuple[Shape | _Unknown, str] | None:
    """The model input that ``input_shape=``/``input_dim=`` on a first layer declares.

    Returns the batch shape and the argument it came from, or None when neither is given.
    A ``keras.applications`` model always declares one: its own input shape.
    """
    from .applications import model_input  # the applications import the engine's rules

    app_input = model_input(args)
    if app_input is not None:
        return app_input, "input_shape"
    if "batch_input_shape" in args.kwargs and args.kwargs["batch_input_shape"] is not None:
        # Keras 3 rejects the Keras 2 keyword (SL401); the batch size the author meant is in it, and
        # the layers after it are analyzed with it so that only the root cause is reported.
        return standardize_shape(args.kwargs["batch_input_shape"], "batch_input_shape", args.layer), \
            "batch_input_shape"
    # Embedding's own first parameter is input_dim (the vocabulary size), not the input width.
    if "input_dim" in args.kwargs and args.kwargs["input_dim"] is not None and args.layer != "Embedding":
        dim = args.kwargs["input_dim"]
        return (None, dim) if dim is UNKNOWN or is_concrete(dim) else UNKNOWN, "input_dim"
    if "input_shape" in args.kwargs and args.kwargs["input_shape"] is not None:
        per_sample = standardize_shape(args.kwargs["input_shape"], "input_shape", args.layer)
        return (UNKNOWN if isinstance(per_sample, _Unknown) else (None, *per_sample)), "input_shape"
    return None
