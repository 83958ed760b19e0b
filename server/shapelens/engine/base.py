"""The shape engine's building blocks: layer arguments, input specs, build results, registry.

Each Keras layer class is a small ``LayerRule`` subclass registered under its Keras name. The
constructor reads and validates the arguments the way the Keras constructor does; ``build``
takes the input shape and returns the output shape and parameter counts the way Keras's
``build`` + ``compute_output_shape`` do. A rule raises ``LayerError`` exactly where Keras
raises, and returns UNKNOWN wherever an argument could not be resolved statically.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar

from .numbers import NumpyInt
from .shapes import UNKNOWN, Dim, Shape, _Unknown, is_concrete, shape_str


class LayerError(Exception):
    """A condition under which Keras raises. ``code`` is the ShapeLens rule code;
    ``argument`` names the constructor argument to blame (None: the input)."""

    def __init__(self, code: str, message: str, argument: str | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.argument = argument


_MISSING: Any = object()


@dataclass(frozen=True)
class Args:
    """The arguments of one constructor call, as resolved statically.

    Values are plain Python values (int, float, str, bool, None, tuples/lists of them) or
    UNKNOWN. ``args`` are the positional ones.
    """

    args: tuple[Any, ...] = ()
    kwargs: Mapping[str, Any] = field(default_factory=dict)
    layer: str = ""

    def has(self, name: str, pos: int | None = None) -> bool:
        return name in self.kwargs or (pos is not None and pos < len(self.args))

    def raw(self, name: str, pos: int | None = None, default: Any = _MISSING) -> Any:
        if name in self.kwargs:
            return self.kwargs[name]
        if pos is not None and pos < len(self.args):
            return self.args[pos]
        if default is _MISSING:
            raise LayerError(
                "SL106",
                f"{self.layer}() is missing its required argument `{name}`",
                name,
            )
        return default

    def invalid(self, name: str, value: Any, expected: str) -> LayerError:
        return LayerError(
            "SL106",
            f"{self.layer}({name}={value!r}) is rejected by Keras: expected {expected}",
            name,
        )

    def positive_int(self, name: str, pos: int | None = None, default: Any = _MISSING) -> Any:
        value = self.raw(name, pos, default)
        if value is UNKNOWN or (value is None and default is None) or isinstance(value, NumpyInt):
            return UNKNOWN if isinstance(value, NumpyInt) else value  # some layers take it, Dense raises
        if not _is_int(value) or value <= 0:
            raise self.invalid(name, value, "a positive integer")
        return value

    def non_negative_int(self, name: str, pos: int | None = None, default: Any = _MISSING) -> Any:
        value = self.raw(name, pos, default)
        if value is UNKNOWN:
            return value
        if not _is_int(value) or value < 0:
            raise self.invalid(name, value, "a non-negative integer")
        return value

    def flag(self, name: str, default: bool, pos: int | None = None) -> Any:
        value = self.raw(name, pos, default)
        if value is UNKNOWN:
            return UNKNOWN
        return bool(value)

    def number(self, name: str, default: Any, pos: int | None = None) -> Any:
        value = self.raw(name, pos, default)
        if value is UNKNOWN or value is None:
            return value
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise self.invalid(name, value, "a number")
        return value

    def rate(self, name: str = "rate", pos: int | None = 0) -> Any:
        """A dropout-style rate: Keras requires 0 <= rate <= 1."""
        value = self.raw(name, pos)
        if value is UNKNOWN:
            return value
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 1:
            raise self.invalid(name, value, "a float in the range [0, 1]")
        return value

    def choice(self, name: str, choices: tuple[str, ...], default: Any, pos: int | None = None) -> Any:
        """A string option; Keras lower-cases most of them before validating."""
        value = self.raw(name, pos, default)
        if value is UNKNOWN or (value is None and default is None):
            return value
        if not isinstance(value, str) or value.lower() not in choices:
            options = ", ".join(repr(c) for c in choices)
            raise self.invalid(name, value, f"one of {options}")
        return value.lower()

    def int_tuple(
        self,
        name: str,
        n: int,
        pos: int | None = None,
        default: Any = _MISSING,
        allow_zero: bool = False,
    ) -> Any:
        """Like Keras's ``standardize_tuple``: an int becomes an n-tuple; each entry validated.

        Returns a tuple whose entries may be UNKNOWN, or UNKNOWN.
        """
        value = self.raw(name, pos, default)
        if value is UNKNOWN or (value is None and default is None):
            return value
        if _is_int(value):
            items: tuple[Any, ...] = (value,) * n
        elif isinstance(value, (tuple, list)):
            items = tuple(value)
            if len(items) != n:
                raise self.invalid(name, value, f"a tuple of {n} integers")
        else:
            raise self.invalid(name, value, f"an integer or a tuple of {n} integers")
        for item in items:
            if item is UNKNOWN:
                continue
            if not _is_int(item) or item < 0 or (item == 0 and not allow_zero):
                bound = ">= 0" if allow_zero else "> 0"
                raise self.invalid(name, value, f"integers {bound}")
        return items


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


@dataclass(frozen=True)
class InputSpec:
    """What a layer checks on every call, like ``keras.layers.InputSpec``."""

    ndim: int | None = None
    min_ndim: int | None = None
    max_ndim: int | None = None
    axes: Mapping[int, int] = field(default_factory=dict)

    def check(self, layer: str, shape: Shape) -> None:
        rank = len(shape)
        if self.ndim is not None and rank != self.ndim:
            raise _rank_error(layer, f"exactly {self.ndim}", shape)
        if self.max_ndim is not None and rank > self.max_ndim:
            raise _rank_error(layer, f"at most {self.max_ndim}", shape)
        if self.min_ndim is not None and rank < self.min_ndim:
            raise _rank_error(layer, f"at least {self.min_ndim}", shape)
        for axis, expected in self.axes.items():
            if -rank <= axis < rank:
                got = shape[axis]
                if is_concrete(got) and got != expected:
                    raise LayerError(
                        "SL102",
                        f"{layer} expects axis {axis} of its input to be {expected}, "
                        f"but gets shape {shape_str(shape)}",
                    )


def _rank_error(layer: str, expected: str, shape: Shape) -> LayerError:
    wanted = int(expected.split()[-1])
    rank = len(shape)
    if rank < wanted:
        sample = shape[1:] + (1,) * (wanted - rank)
        hint = f"add {'a trailing axis' if wanted - rank == 1 else 'trailing axes'} of size 1, " \
            f"e.g. an input shape of {shape_str(sample)}, or a layers.Reshape({shape_str(sample)}) before it"
    else:
        hint = "remove the extra axes before it, e.g. with layers.Flatten(), a global pooling layer, " \
            "or layers.Reshape(...)"
    return LayerError(
        "SL101",
        f"{layer} expects an input of rank {expected} (batch axis included), "
        f"but gets {rank}-D shape {shape_str(shape)}: {hint}",
    )


@dataclass(frozen=True)
class Built:
    """The result of building a layer on an input shape."""

    output: Shape | _Unknown
    trainable: int | _Unknown = 0
    non_trainable: int | _Unknown = 0
    # The spec the built layer checks on later calls (e.g. Dense fixes its last axis).
    spec: InputSpec | None = None
    # The output dtype (``layer.output.dtype``); filled in by ``build_layer`` when None.
    dtype: str | _Unknown | None = None

    @property
    def params(self) -> int | _Unknown:
        if self.trainable is UNKNOWN or self.non_trainable is UNKNOWN:
            return UNKNOWN
        return self.trainable + self.non_trainable  # type: ignore[operator]


FLOAT_DTYPES = frozenset({"float16", "bfloat16", "float32", "float64"})
# dtype policies and the compute dtype they give.
_POLICIES = {"mixed_float16": "float16", "mixed_bfloat16": "bfloat16"}


def compute_dtype(value: Any) -> str | _Unknown:
    """The compute dtype of a layer's ``dtype=`` argument (a dtype or a policy name)."""
    if value is None:
        return "float32"
    if isinstance(value, str):
        return _POLICIES.get(value, value)
    return UNKNOWN


class LayerRule:
    """One Keras layer class. Subclasses set ``name`` and ``family`` and override methods."""

    name: ClassVar[str] = ""
    family: ClassVar[str] = ""
    # Keyword arguments every Keras layer accepts (``Layer.__init__``).
    common: ClassVar[frozenset[str]] = frozenset(
        {"name", "dtype", "trainable", "autocast", "input_shape", "input_dim",
         "activity_regularizer", "seed"}
    )

    def __init__(self, args: Args) -> None:
        self.args = args
        self.trainable = trainable_arg(args)

    # Layers that only move values around (Flatten, Reshape, Permute, Identity) keep a
    # non-float input's dtype: Keras autocasts floating inputs only.
    dtype_passthrough: ClassVar[bool] = False

    def output_dtype(self, input_dtype: str | _Unknown) -> str | _Unknown:
        """Keras: floating inputs are cast to the compute dtype; others pass through reshuffles."""
        compute = compute_dtype(self.args.kwargs.get("dtype"))
        if self.dtype_passthrough and input_dtype not in FLOAT_DTYPES:
            return input_dtype
        return compute

    def input_spec(self) -> InputSpec:
        """The spec checked before ``build`` (Keras's ``self.input_spec`` in ``__init__``)."""
        return InputSpec()

    def build(self, shape: Shape) -> Built:
        raise NotImplementedError

    def call(self, shape: Shape) -> Shape | _Unknown:
        """The output when real data of ``shape`` reaches the built layer (an eager call, as in
        fit/predict). For most layers the same as building; layers whose backend op follows
        other rules than Keras's ``compute_output_shape`` override it (pooling)."""
        return self.build(shape).output

    def require_defined(self, dim: Dim, what: str) -> None:
        """Keras cannot create weights over an axis of size None."""
        if dim is None:
            raise LayerError(
                "SL102",
                f"{self.name} needs a defined {what} to create its weights, but it is None; "
                "give the model input a fixed size on that axis",
            )


def trainable_arg(args: Args) -> Any:
    """``Layer.__init__(trainable=True)``: Keras requires an actual bool (``trainable=0`` raises)."""
    value = args.kwargs.get("trainable", True)
    if isinstance(value, bool):
        return value
    if value is None or isinstance(value, (int, float, str, bytes, tuple, list, dict, set)):
        raise args.invalid("trainable", value, "True or False")
    return UNKNOWN  # something the analysis cannot see into


def frozen(built: Built, trainable: Any) -> Built:
    """Apply ``trainable=False`` (or an unknown value): a frozen layer's weights all count as
    non-trainable in Keras (``trainable_weights`` is empty, ``non_trainable_weights`` all)."""
    if trainable is True or built.trainable == 0:
        return built
    if trainable is UNKNOWN:
        return Built(built.output, UNKNOWN, UNKNOWN, built.spec)
    return Built(built.output, 0, built.params, built.spec)


REGISTRY: dict[str, type[LayerRule]] = {}


def register(cls: type[LayerRule]) -> type[LayerRule]:
    assert cls.name and cls.name not in REGISTRY, cls.name
    REGISTRY[cls.name] = cls
    return cls


def same_shape(shape: Shape) -> Built:
    """For layers that change no shape and hold no weights."""
    return Built(shape)


def require_tuple(value: Any, name: str, layer: str) -> tuple[Any, ...] | _Unknown:
    """A shape-like argument (``target_shape``, ``shape``): a tuple or list."""
    if value is UNKNOWN:
        return UNKNOWN
    if isinstance(value, (tuple, list)):
        return tuple(value)
    raise LayerError("SL106", f"{layer}({name}={value!r}) is rejected by Keras: expected a tuple", name)
