"""Preprocessing layers: rescaling, normalization, image resizing and augmentation, text and
category encoding (``keras/src/layers/preprocessing``).

These layers compute their symbolic output with their own ``compute_output_shape`` /
``compute_output_spec``, whatever the input's rank (an image layer takes a rank-3 input for
one unbatched image, so ``(None, 28, 28)`` resizes the *first* two axes), and their output dtype
is fixed by the layer (``int64`` indices, the layer's compute dtype otherwise), not by the
input. The shapes they return go through ``standardize_shape``: a negative, float or string
size raises when the layer is called, ``True`` becomes 1.

The vocabulary of the lookup layers decides the width of their encoded outputs. When it is
given statically the width is known; otherwise (``adapt()`` later, or a file) it is UNKNOWN:
Keras itself says None while the layer has no vocabulary, and the size adapt() finds later.
"""

from __future__ import annotations

import math
from typing import Any, ClassVar

from .base import Args, Built, LayerError, LayerRule, _is_int, compute_dtype, register
from .formats import data_format_arg
from .shapes import UNKNOWN, Shape, _Unknown, is_concrete, known, shape_str

FAMILY = "preprocessing"


def _ctor_error(layer: str, message: str, argument: str | None = None) -> LayerError:
    return LayerError("SL106", f"{layer}() is rejected by Keras: {message}", argument)


def _build_error(layer: str, message: str, argument: str | None = None) -> LayerError:
    return LayerError("SL106", f"{layer} raises when it is built: {message}", argument)


def keras_dim(layer: str, value: Any, argument: str) -> Any:
    """A size a layer puts into its output shape, through ``standardize_shape``: None stays,
    ints (``True`` is 1) must be >= 0, floats and strings raise. UNKNOWN stays UNKNOWN."""
    if value is None or value is UNKNOWN:
        return value
    if isinstance(value, bool):
        return int(value)
    if _is_int(value):
        if value < 0:
            raise _build_error(layer, f"{argument}={value} makes a negative output size", argument)
        return value
    raise _build_error(layer, f"{argument}={value!r} is not a valid output size", argument)


def _numeric(value: Any) -> bool:
    """A Python number (bools are ints to Keras's comparisons)."""
    return isinstance(value, (int, float))


def _strict_bool(value: Any) -> Any:
    """Python truthiness of a plain value (UNKNOWN when it cannot be seen)."""
    if value is UNKNOWN:
        return UNKNOWN
    if isinstance(value, (list, tuple)) and any(v is UNKNOWN for v in value):
        return UNKNOWN
    return bool(value)


class Preprocessing(LayerRule):
    family = FAMILY

    def output_dtype(self, input_dtype: str | _Unknown) -> str | _Unknown:
        """The layer's compute dtype whatever the input dtype (strings and ints included)."""
        return compute_dtype(self.args.kwargs.get("dtype"))


def _same(shape: Shape) -> Built:
    return Built(shape)


# ------------------------------------------------------------------------------ Rescaling


@register
class Rescaling(Preprocessing):
    """``Rescaling(scale, offset=0.0)``: no validation; the shape passes unchanged."""

    name = "Rescaling"

    def __init__(self, args: Args) -> None:
        super().__init__(args)
        args.raw("scale", 0)

    def build(self, shape: Shape) -> Built:
        return _same(shape)


# ------------------------------------------------------------------------------ Normalization


def np_shape(value: Any) -> Any:
    """``np.shape`` of a nested list/tuple of plain values; raises ValueError when ragged;
    UNKNOWN when some part cannot be seen."""
    if value is UNKNOWN:
        return UNKNOWN
    if isinstance(value, (list, tuple)):
        shapes = [np_shape(v) for v in value]
        if any(s is UNKNOWN for s in shapes):
            return UNKNOWN
        if not shapes:
            return (0,)
        if any(s != shapes[0] for s in shapes):
            raise ValueError("ragged")
        return (len(value), *shapes[0])
    return ()


def _leaves(value: Any) -> list[Any]:
    if isinstance(value, (list, tuple)):
        return [leaf for v in value for leaf in _leaves(v)]
    return [value]


@register
class Normalization(Preprocessing):
    """``Normalization(axis=-1, mean=None, variance=None, invert=False)``.

    Without ``mean``/``variance`` the layer owns non-trainable ``mean`` and ``variance``
    weights over the kept axes and a scalar ``count``: 2 * prod(kept axes) + 1 parameters.
    With them it owns no weights, but they must broadcast to the kept axes."""

    name = "Normalization"

    def __init__(self, args: Args) -> None:
        super().__init__(args)
        axis = args.raw("axis", 0, -1)
        if axis is UNKNOWN:
            self.axis: Any = UNKNOWN
        elif axis is None:
            self.axis = ()
        elif isinstance(axis, int):
            self.axis = (axis,)
        elif isinstance(axis, (list, tuple, str)):
            self.axis = tuple(axis)
        else:
            raise _ctor_error(self.name, f"axis={axis!r} is neither an int, None nor a sequence of ints", "axis")
        mean = args.raw("mean", 1, None)
        variance = args.raw("variance", 2, None)
        if mean is UNKNOWN or variance is UNKNOWN:
            # Given together (no weights) or neither (weights): unknown unless the other is given.
            other = variance if mean is UNKNOWN else mean
            self.given: Any = True if other is not None else UNKNOWN
        else:
            self.given = mean is not None or variance is not None
            if (mean is None) != (variance is None):
                raise _ctor_error(self.name, "`mean` and `variance` must be given together", "mean")
        self.mean_shape: Any = None
        self.mean = mean
        if self.given is True:
            try:
                mean_shape, variance_shape = np_shape(mean), np_shape(variance)
            except ValueError:
                raise _ctor_error(self.name, "`mean`/`variance` are ragged", "mean") from None
            if known(mean_shape, variance_shape) and mean_shape != variance_shape:
                raise _ctor_error(
                    self.name, f"`mean` has shape {mean_shape} but `variance` {variance_shape}", "variance")
            self.mean_shape = mean_shape if variance_shape is not UNKNOWN else UNKNOWN
            if self.mean_shape is not UNKNOWN and self.axis is not UNKNOWN and len(self.mean_shape) > len(self.axis):
                raise _ctor_error(
                    self.name,
                    f"`mean` of rank {len(self.mean_shape)} for {len(self.axis)} axis/axes {self.axis}", "mean")

    def build(self, shape: Shape) -> Built:
        ndim = len(shape)
        none_given = UNKNOWN if self.given is UNKNOWN else (0 if self.given else UNKNOWN)
        if self.axis is UNKNOWN or any(a is UNKNOWN for a in self.axis):
            return Built(shape, 0, none_given)
        for a in self.axis:
            if not isinstance(a, int):  # Keras compares or indexes with it: TypeError
                raise _build_error(self.name, f"axis entry {a!r} is not an integer", "axis")
        if any(a < -ndim or a >= ndim for a in self.axis):
            raise LayerError(
                "SL101",
                f"{self.name}(axis={_axis_text(self.axis)}) needs axes in [-{ndim}, {ndim}) but the input "
                f"{shape_str(shape)} has rank {ndim}",
                "axis",
            )
        keep = sorted(a + ndim if a < 0 else a for a in self.axis)
        for d in keep:
            if shape[d] is None:
                raise LayerError(
                    "SL102",
                    f"{self.name} keeps axis {d} of its input {shape_str(shape)}, which is None: give that "
                    "axis a fixed size",
                )
        sizes = [shape[d] for d in keep]
        broadcast = [shape[d] if d in keep else 1 for d in range(ndim)]
        if not all(is_concrete(s) for s in sizes) or self.given is UNKNOWN:
            return Built(shape, 0, none_given)
        if not self.given:
            # The adapt weights have the shape of the kept axes (repeats included); reshaping
            # them to the broadcast shape fails when a repeated axis is longer than 1.
            if math.prod(sizes) != math.prod(b for b in broadcast):  # type: ignore[misc]
                raise _build_error(self.name, f"axis={_axis_text(self.axis)} repeats an axis", "axis")
            return Built(shape, 0, 2 * math.prod(sizes) + 1)  # type: ignore[arg-type]
        self._check_given(shape, keep, broadcast)
        return Built(shape, 0, 0)

    def _check_given(self, shape: Shape, keep: list[int], broadcast: list[Any]) -> None:
        leaves = _leaves(self.mean) + _leaves(self.args.raw("variance", 2, None))
        if any(leaf is not UNKNOWN and not _numeric(leaf) for leaf in leaves):
            raise _build_error(self.name, "`mean`/`variance` hold non-numbers", "mean")
        ms = self.mean_shape
        if ms is UNKNOWN or not ms:
            return
        expanded = [1] * len(shape)
        for i in range(1, len(ms) + 1):
            expanded[keep[-i]] = ms[-i]
        if math.prod(expanded) != math.prod(ms):
            raise _build_error(self.name, f"`mean` of shape {ms} does not fit axis={_axis_text(self.axis)}", "mean")
        for e, b in zip(expanded, broadcast, strict=True):
            if e != 1 and e != b:
                raise LayerError(
                    "SL102",
                    f"{self.name}: `mean` of shape {ms} does not broadcast to the kept axes of the input "
                    f"{shape_str(shape)}",
                    "mean",
                )


def _axis_text(axis: tuple[Any, ...]) -> Any:
    return axis[0] if len(axis) == 1 else axis


# ------------------------------------------------------------------------------ image layers


def seed_arg(args: Args, pos: int | None = None) -> None:
    """``SeedGenerator(seed)``: None or an int (bools too; a bool is turned into a tensor
    with mixed types and fails)."""
    seed = args.raw("seed", pos, None)
    if seed is None or seed is UNKNOWN:
        return
    if isinstance(seed, bool) or not isinstance(seed, int):
        raise args.invalid("seed", seed, "an integer")


def choice_exact(args: Args, name: str, choices: tuple[str, ...], default: Any, pos: int | None = None,
                 allow_none: bool = False) -> Any:
    """A string option Keras compares as given (no lower-casing)."""
    value = args.raw(name, pos, default)
    if value is UNKNOWN or (value is None and allow_none):
        return value
    if not isinstance(value, str) or value not in choices:
        options = ", ".join(repr(c) for c in choices)
        raise args.invalid(name, value, f"one of {options}")
    return value


_FILL_MODES = ("reflect", "wrap", "constant", "nearest")
_INTERPOLATIONS = ("nearest", "bilinear")


def base_factor(args: Args, name: str, bounds: tuple[float, float], pos: int | None, or_zero: bool) -> None:
    """``BaseImagePreprocessingLayer._set_factor``: a number in ``bounds`` or a pair whose first
    entry is not above the upper bound nor the second below the lower one. With ``or_zero``
    (the base constructor), a falsy factor means 0."""
    value = args.raw(name, pos)
    if value is UNKNOWN:
        return
    if or_zero and _plain_falsy(value):
        return
    lo, hi = bounds
    if isinstance(value, (tuple, list)):
        if len(value) != 2:
            raise args.invalid(name, value, f"a number or a pair of numbers in [{lo}, {hi}]")
        a, b = value
        if not known(a, b):
            return
        if not (_numeric(a) and _numeric(b)):
            raise args.invalid(name, value, "numbers")
        if a > hi or b < lo:
            raise args.invalid(name, value, f"a pair of numbers in [{lo}, {hi}]")
        return
    if _numeric(value):
        if value < lo or value > hi:
            raise args.invalid(name, value, f"a number in [{lo}, {hi}]")
        return
    raise args.invalid(name, value, f"a number or a pair of numbers in [{lo}, {hi}]")


def _plain_falsy(value: Any) -> bool:
    try:
        return not value
    except Exception:
        return False


def range_factor(args: Args, name: str, pos: int | None, open_low: bool, required: bool = True) -> None:
    """``RandomZoom``/``RandomTranslation._set_factor``: a number or a pair, each entry in
    (-1, 1] (zoom) or [-1, 1] (translation)."""
    value = args.raw(name, pos) if required else args.raw(name, pos, None)
    if value is UNKNOWN or (value is None and not required):
        return
    expected = "a number or a pair of numbers in " + ("(-1, 1]" if open_low else "[-1, 1]")

    def check(x: Any) -> None:
        if x is UNKNOWN:
            return
        if not _numeric(x):
            raise args.invalid(name, value, expected)
        if x > 1 or (x <= -1 if open_low else x < -1):
            raise args.invalid(name, value, expected)

    if isinstance(value, (tuple, list)):
        if len(value) != 2:
            raise args.invalid(name, value, expected)
        check(value[0])
        check(value[1])
        return
    if _numeric(value):
        check(value)
        return
    raise args.invalid(name, value, expected)


class ImageLayer(Preprocessing):
    """A layer built on ``BaseImagePreprocessingLayer``."""

    def __init__(self, args: Args) -> None:
        super().__init__(args)
        self.data_format = data_format_arg(args, self.data_format_pos)

    data_format_pos: ClassVar[int | None] = None

    def build(self, shape: Shape) -> Built:
        return _same(shape)


@register
class RandomFlip(ImageLayer):
    name = "RandomFlip"
    data_format_pos = 2

    def __init__(self, args: Args) -> None:
        super().__init__(args)
        args.raw("mode", 0, "horizontal_and_vertical")  # not validated by Keras
        seed_arg(args, 1)


@register
class RandomRotation(ImageLayer):
    name = "RandomRotation"
    data_format_pos = 5

    def __init__(self, args: Args) -> None:
        super().__init__(args)
        base_factor(args, "factor", (-1, 1), 0, or_zero=True)
        choice_exact(args, "fill_mode", _FILL_MODES, "reflect", 1)
        choice_exact(args, "interpolation", _INTERPOLATIONS, "bilinear", 2)
        seed_arg(args, 3)


@register
class RandomZoom(ImageLayer):
    name = "RandomZoom"
    data_format_pos = 6

    def __init__(self, args: Args) -> None:
        super().__init__(args)
        range_factor(args, "height_factor", 0, open_low=True)
        range_factor(args, "width_factor", 1, open_low=True, required=False)
        choice_exact(args, "fill_mode", _FILL_MODES, "reflect", 2)
        choice_exact(args, "interpolation", _INTERPOLATIONS, "bilinear", 3)
        seed_arg(args, 4)


@register
class RandomTranslation(ImageLayer):
    name = "RandomTranslation"
    data_format_pos = 6

    def __init__(self, args: Args) -> None:
        super().__init__(args)
        range_factor(args, "height_factor", 0, open_low=False)
        range_factor(args, "width_factor", 1, open_low=False)
        choice_exact(args, "fill_mode", _FILL_MODES, "reflect", 2)
        choice_exact(args, "interpolation", _INTERPOLATIONS, "bilinear", 3)
        seed_arg(args, 4)


@register
class RandomContrast(ImageLayer):
    name = "RandomContrast"

    def __init__(self, args: Args) -> None:
        super().__init__(args)
        base_factor(args, "factor", (0, 1), 0, or_zero=False)
        seed_arg(args, 2)


@register
class RandomBrightness(ImageLayer):
    name = "RandomBrightness"

    def __init__(self, args: Args) -> None:
        super().__init__(args)
        base_factor(args, "factor", (-1, 1), 0, or_zero=True)
        value_range = args.raw("value_range", 1, (0, 255))
        if value_range is not UNKNOWN:
            if not isinstance(value_range, (tuple, list)) or len(value_range) != 2:
                raise args.invalid("value_range", value_range, "a pair of numbers")
            a, b = value_range
            comparable = (_numeric(a) and _numeric(b)) or (isinstance(a, str) and isinstance(b, str))
            if known(a, b) and not comparable:
                raise args.invalid("value_range", value_range, "a pair of numbers")  # sorted() fails
        seed_arg(args, 2)


class SizedImageLayer(ImageLayer):
    """Layers that set the height and width of their output: Resizing, CenterCrop, RandomCrop."""

    def __init__(self, args: Args) -> None:
        super().__init__(args)
        self.height = args.raw("height", 0)
        self.width = args.raw("width", 1)

    def sized(self, shape: Shape, rows: int, cols: int) -> Built:
        out = list(shape)
        out[rows] = keras_dim(self.name, self.height, "height")
        out[cols] = keras_dim(self.name, self.width, "width")
        return Built(tuple(out))

    def too_short(self, shape: Shape) -> LayerError:
        return LayerError(
            "SL101",
            f"{self.name} cannot set the height and width of the {len(shape)}-D input {shape_str(shape)}: "
            "it takes images, (batch, height, width, channels) or one (height, width, channels)",
        )


@register
class Resizing(SizedImageLayer):
    name = "Resizing"
    data_format_pos = 8

    def build(self, shape: Shape) -> Built:
        fmt = self.data_format
        if fmt is UNKNOWN:
            return Built(UNKNOWN if len(shape) != 4 else (shape[0], UNKNOWN, UNKNOWN, UNKNOWN))
        first = fmt == "channels_first"
        if len(shape) == 4:
            return self.sized(shape, 2 if first else 1, 3 if first else 2)
        if len(shape) < (3 if first else 2):
            raise self.too_short(shape)
        return self.sized(shape, 1 if first else 0, 2 if first else 1)


@register
class CenterCrop(SizedImageLayer):
    name = "CenterCrop"
    data_format_pos = 2

    def build(self, shape: Shape) -> Built:
        if len(shape) not in (3, 4):
            raise LayerError(
                "SL101",
                f"{self.name} takes images of rank 3 (unbatched) or 4 (batched), but gets the "
                f"{len(shape)}-D input {shape_str(shape)}",
            )
        fmt = self.data_format
        if fmt is UNKNOWN:
            return Built(tuple(UNKNOWN for _ in shape))
        first = fmt == "channels_first"
        if len(shape) == 4:
            return self.sized(shape, 2 if first else 1, 3 if first else 2)
        return self.sized(shape, 1 if first else 0, 2 if first else 1)


@register
class RandomCrop(SizedImageLayer):
    name = "RandomCrop"
    data_format_pos = 3

    def __init__(self, args: Args) -> None:
        super().__init__(args)
        seed_arg(args, 2)

    def build(self, shape: Shape) -> Built:
        fmt = self.data_format
        if fmt is UNKNOWN:
            return Built(tuple(UNKNOWN for _ in shape))
        first = fmt == "channels_first"
        rows, cols = (-2, -1) if first else (-3, -2)
        if len(shape) < -rows:
            raise self.too_short(shape)
        return self.sized(shape, len(shape) + rows, len(shape) + cols)


# ------------------------------------------------------------------------------ CategoryEncoding


@register
class CategoryEncoding(Preprocessing):
    """``CategoryEncoding(num_tokens=None, output_mode="multi_hot", sparse=False)``."""

    name = "CategoryEncoding"

    def __init__(self, args: Args) -> None:
        super().__init__(args)
        mode = args.raw("output_mode", 1, "multi_hot")
        if mode == "binary":
            mode = "multi_hot"
        if mode is not UNKNOWN and mode not in ("count", "one_hot", "multi_hot"):
            raise args.invalid("output_mode", mode, "'count', 'one_hot' or 'multi_hot'")
        self.mode = mode
        n = args.raw("num_tokens", 0, None)
        if n is None:
            raise _ctor_error(self.name, "num_tokens must be set", "num_tokens")
        if n is not UNKNOWN:
            if not _numeric(n):
                raise args.invalid("num_tokens", n, "an integer >= 1")
            if n < 1:
                raise args.invalid("num_tokens", n, "an integer >= 1")
        self.num_tokens = n

    def build(self, shape: Shape) -> Built:
        depth = keras_dim(self.name, self.num_tokens, "num_tokens")
        if not shape:
            return Built((depth,))
        if self.mode is UNKNOWN:
            return Built(UNKNOWN)
        if self.mode == "one_hot":
            last = shape[-1]
            if last is UNKNOWN:
                return Built(UNKNOWN)
            if last != 1 or len(shape) == 1:
                return Built((*shape, depth))
            return Built((*shape[:-1], depth))
        return Built((*shape[:-1], depth))


# ------------------------------------------------------------------------------ Discretization


_DISCRETIZATION_ARGS = ("bin_boundaries", "num_bins", "epsilon", "output_mode", "sparse", "dtype", "name")


def _signature_only(args: Args, names: tuple[str, ...]) -> None:
    """A constructor without ``**kwargs``: any other keyword is a TypeError."""
    if len(args.args) > len(names):
        raise _ctor_error(args.layer, f"it takes at most {len(names)} positional arguments")
    for key in args.kwargs:
        if key not in names:
            raise _ctor_error(args.layer, f"unexpected keyword argument `{key}`", key)


@register
class Discretization(Preprocessing):
    """``Discretization(bin_boundaries=None, num_bins=None, epsilon=0.01, output_mode="int",
    sparse=False, dtype=None, name=None)``: int32 bin indices, or encoded bins."""

    name = "Discretization"

    def __init__(self, args: Args) -> None:
        _signature_only(args, _DISCRETIZATION_ARGS)
        super().__init__(args)
        bounds = args.raw("bin_boundaries", 0, None)
        num_bins = args.raw("num_bins", 1, None)
        mode = args.raw("output_mode", 3, "int")
        sparse = _strict_bool(args.raw("sparse", 4, False))
        if sparse is True and mode == "int":
            raise _ctor_error(self.name, "sparse=True needs output_mode 'one_hot', 'multi_hot' or 'count'", "sparse")
        self.mode = choice_exact(args, "output_mode", ("int", "one_hot", "multi_hot", "count"), "int", 3)
        if num_bins is not None and num_bins is not UNKNOWN:
            if not _numeric(num_bins) or num_bins < 0:
                raise args.invalid("num_bins", num_bins, "an integer >= 0")
        if num_bins is not None and bounds is not None and known(num_bins, bounds):
            raise _ctor_error(self.name, "give either `num_bins` or `bin_boundaries`, not both", "num_bins")
        if num_bins is None and bounds is None:
            raise _ctor_error(self.name, "it needs `num_bins` or `bin_boundaries`", "num_bins")
        if bounds is not None and bounds is not UNKNOWN:
            self.depth: Any = len(bounds) + 1 if isinstance(bounds, (list, tuple)) else UNKNOWN
        elif bounds is UNKNOWN:
            self.depth = UNKNOWN
        else:
            self.depth = num_bins

    def output_dtype(self, input_dtype: str | _Unknown) -> str | _Unknown:
        if self.mode == "int":
            return "int32"
        if self.mode is UNKNOWN:
            return UNKNOWN
        return compute_dtype(self.args.kwargs.get("dtype", self.args.args[5] if len(self.args.args) > 5 else None))

    def build(self, shape: Shape) -> Built:
        if self.mode == "int":
            return Built(shape)
        if self.mode is UNKNOWN:
            return Built(UNKNOWN)
        depth = keras_dim(self.name, self.depth, "num_bins")
        if self.mode == "one_hot":
            if shape and shape[-1] is UNKNOWN and len(shape) > 1:
                return Built(UNKNOWN)
            if shape and shape[-1] == 1 and len(shape) > 1:
                return Built((*shape[:-1], depth))
            return Built((*shape, depth))
        if len(shape) >= 2:
            return Built((shape[0], *shape[2:], depth))
        return Built((depth,))


# ------------------------------------------------------------------------------ lookups


_LOOKUP_MODES = ("int", "one_hot", "multi_hot", "count", "tf_idf")
# What IndexLookup.__init__ pops from **kwargs before refusing the rest.
_LOOKUP_EXTRA = frozenset({"trainable", "dtype", "vocabulary_size", "has_input_vocabulary"})


def _mode(value: Any) -> Any:
    return {"binary": "multi_hot", "tf-idf": "tf_idf"}.get(value, value) if isinstance(value, str) else value


class Lookup:
    """``IndexLookup``: validation, vocabulary checks and the encoded width (``depth``).

    ``depth`` is the width of one_hot/multi_hot/count/tf_idf outputs: ``max_tokens`` with
    ``pad_to_max_tokens``, else the size of a static vocabulary (special tokens included),
    else UNKNOWN (Keras: None until adapt() or a vocabulary)."""

    def __init__(self, layer: str, args: Any, values: dict[str, Any], string: bool) -> None:
        self.layer = layer
        self.args = args
        self.string = string
        self.opaque = False  # something the analysis does not model: the result is UNKNOWN
        max_tokens = values["max_tokens"]
        num_oov = values["num_oov_indices"]
        mask, oov = values["mask_token"], values["oov_token"]
        vocabulary, idf = values["vocabulary"], values["idf_weights"]
        invert = _strict_bool(values["invert"])
        mode = _mode(values["output_mode"])
        sparse = _strict_bool(values["sparse"])
        pad = _strict_bool(values["pad_to_max_tokens"])
        oov_method = values["oov_method"]
        salt = values["salt"]

        if max_tokens is not None and max_tokens is not UNKNOWN:
            if not _numeric(max_tokens):
                raise self.invalid("max_tokens", max_tokens, "an integer > 1")
            if max_tokens <= 1:
                raise self.invalid("max_tokens", max_tokens, "an integer > 1")
        if pad is True and max_tokens is None:
            raise _ctor_error(layer, "pad_to_max_tokens=True needs `max_tokens`", "pad_to_max_tokens")
        if num_oov is not UNKNOWN:
            if not _numeric(num_oov):
                raise self.invalid("num_oov_indices", num_oov, "an integer >= 0")
            if num_oov < 0:
                raise self.invalid("num_oov_indices", num_oov, "an integer >= 0")
        if oov_method is not UNKNOWN and oov_method not in ("floormod", "farmhash"):
            raise self.invalid("oov_method", oov_method, "'floormod' or 'farmhash'")
        if salt is not None and salt is not UNKNOWN:
            if not string and oov_method != "farmhash" and oov_method is not UNKNOWN:
                raise _ctor_error(layer, "`salt` needs oov_method='farmhash'", "salt")
            if not ((isinstance(salt, (tuple, list)) and len(salt) == 2) or isinstance(salt, int)):
                raise self.invalid("salt", salt, "an integer or a pair of integers")
        if mode is not UNKNOWN and mode not in _LOOKUP_MODES:
            raise self.invalid("output_mode", values["output_mode"], "one of " + ", ".join(map(repr, _LOOKUP_MODES)))
        if invert is True and mode not in ("int", UNKNOWN):
            raise _ctor_error(layer, "invert=True needs output_mode='int'", "invert")
        if sparse is True and mode == "int":
            raise _ctor_error(layer, "sparse=True needs an encoded output_mode", "sparse")
        if idf is not None and idf is not UNKNOWN and mode not in ("tf_idf", UNKNOWN):
            raise _ctor_error(layer, "`idf_weights` need output_mode='tf_idf'", "idf_weights")
        # Special tokens of the wrong type fail when converted to tensors: not modeled.
        token_type = str if string else int
        for token in (mask, oov):
            if token is not None and token is not UNKNOWN and (
                    not isinstance(token, token_type) or (not string and isinstance(token, bool))):
                self.opaque = True
        if invert is True and oov is None:  # the lookup table's default value cannot be None
            raise _ctor_error(layer, "invert=True needs an `oov_token`", "oov_token")
        if mode == "tf_idf" and vocabulary is not None and vocabulary is not UNKNOWN and idf is None:
            raise _ctor_error(layer, "a `vocabulary` in tf_idf mode needs `idf_weights`", "idf_weights")

        self.mode = mode
        self.max_tokens = max_tokens
        self.pad = pad
        self.depth: Any = UNKNOWN
        if pad is True:
            self.depth = max_tokens
        if vocabulary is None:
            return
        size = self._vocabulary(vocabulary, idf, values, mask, oov, num_oov, invert, mode, max_tokens)
        if pad is False and size is not None:
            self.depth = size
        elif pad is UNKNOWN:
            self.depth = UNKNOWN

    def invalid(self, name: str, value: Any, expected: str) -> LayerError:
        return LayerError("SL106", f"{self.layer}({name}={value!r}) is rejected by Keras: expected {expected}", name)

    def _vocabulary(self, vocabulary: Any, idf: Any, values: dict[str, Any], mask: Any, oov: Any, num_oov: Any,
                    invert: Any, mode: Any, max_tokens: Any) -> int | None:
        """``set_vocabulary`` on a list: raises where it raises; the vocabulary size or None."""
        if vocabulary is UNKNOWN or isinstance(vocabulary, str) or not isinstance(vocabulary, (list, tuple)):
            return None  # a file, an array: not seen
        items = list(vocabulary)
        if not items:
            raise _ctor_error(self.layer, "the vocabulary is empty", "vocabulary")
        if any(i is UNKNOWN for i in items) or not known(mask, oov, num_oov, invert, mode) or self.opaque:
            return None
        if not isinstance(num_oov, int):
            raise self.invalid("num_oov_indices", num_oov, "an integer")  # [oov] * 1.5
        tokens_in = self._as_numpy(items)
        if tokens_in is None:
            return None
        oov_start = 1 if mask is not None and mode == "int" else 0
        token_start = oov_start + num_oov
        special = [mask] * oov_start + [oov] * num_oov
        head = tokens_in[:token_start]
        found = len(head) == len(special) and all(_same_token(a, b) for a, b in zip(special, head, strict=True))
        tokens = tokens_in[token_start:] if found else tokens_in
        if len(set(tokens)) != len(tokens):
            raise _ctor_error(self.layer, "the vocabulary repeats a term", "vocabulary")
        if mask is not None and any(_same_token(mask, t) for t in tokens):
            raise _ctor_error(self.layer, f"the mask token {mask!r} is in the vocabulary", "vocabulary")
        if oov is not None and invert is True and any(_same_token(oov, t) for t in tokens):
            raise _ctor_error(self.layer, f"the OOV token {oov!r} is in the vocabulary", "vocabulary")
        size = token_start + len(tokens)
        if max_tokens is not None and max_tokens is not UNKNOWN and size > max_tokens:
            raise _ctor_error(
                self.layer, f"the vocabulary has {size} entries with the special tokens, more than "
                f"max_tokens={max_tokens}", "max_tokens")
        if mode == "tf_idf" and idf is not None:
            if idf is UNKNOWN:
                return size
            try:
                idf_shape = np_shape(idf)
            except ValueError:
                raise _ctor_error(self.layer, "`idf_weights` are ragged", "idf_weights") from None
            if idf_shape is UNKNOWN:
                return size
            length = idf_shape[0] if idf_shape else None
            if length is None:
                self.opaque = True  # len() of a scalar: a TypeError, not modeled
                return None
            if length != len(items):
                raise _ctor_error(self.layer, f"{length} idf_weights for {len(items)} vocabulary terms",
                                  "idf_weights")
            if len(idf_shape) != 1:
                raise _ctor_error(self.layer, "`idf_weights` must be 1-D", "idf_weights")
        return size

    def _as_numpy(self, items: list[Any]) -> list[Any] | None:
        """The vocabulary as ``np.array(vocabulary)`` sees it (None: not modeled)."""
        if self.string:
            if all(isinstance(i, str) for i in items):
                return items
            if any(isinstance(i, str) for i in items) and all(isinstance(i, (str, int)) for i in items):
                return [str(i) for i in items]  # numpy turns a mixed list into strings
            if all(_is_int(i) for i in items):
                raise _ctor_error(self.layer, "a StringLookup vocabulary of integers", "vocabulary")
            return None
        if all(isinstance(i, int) for i in items):
            return [int(i) for i in items]
        return None


def _same_token(a: Any, b: Any) -> bool:
    return type(a) is type(b) and a == b if not isinstance(a, bool) else a == b


class LookupLayer(Preprocessing):
    """StringLookup and IntegerLookup (``IndexLookup``)."""

    string: ClassVar[bool] = True
    params: ClassVar[tuple[tuple[str, Any], ...]] = ()
    # Keywords passed on to IndexLookup through **kwargs.
    keyword_only: ClassVar[tuple[tuple[str, Any], ...]] = ()

    def __init__(self, args: Args) -> None:
        names = [n for n, _ in self.params]
        if len(args.args) > len(names):
            raise _ctor_error(args.layer, f"it takes at most {len(names)} positional arguments")
        extra = [k for k in args.kwargs
                 if k not in names and k not in _LOOKUP_EXTRA and k not in dict(self.keyword_only)]
        if extra:
            raise _ctor_error(args.layer, f"unrecognized keyword argument(s) {', '.join(extra)}", extra[0])
        self.args = args
        self.trainable = True  # IndexLookup drops `trainable` without looking at it
        values = {n: args.raw(n, i, default) for i, (n, default) in enumerate(self.params)}
        values.update({n: args.raw(n, None, default) for n, default in self.keyword_only})
        self.check_own(values)
        self.lookup = Lookup(args.layer, args, values, self.string)

    def check_own(self, values: dict[str, Any]) -> None:
        pass

    def output_dtype(self, input_dtype: str | _Unknown) -> str | _Unknown:
        mode = self.lookup.mode
        return UNKNOWN if mode is UNKNOWN else ("int64" if mode == "int" else "float32")

    def build(self, shape: Shape) -> Built:
        if self.lookup.opaque:
            return Built(UNKNOWN)
        return Built(lookup_output(self.lookup, shape, self.name))


def lookup_output(lookup: Lookup, shape: Shape, layer: str) -> Shape | _Unknown:
    """``IndexLookup.compute_output_shape``."""
    mode = lookup.mode
    if mode is UNKNOWN:
        return UNKNOWN
    if mode == "int":
        return shape
    depth = keras_dim(layer, lookup.depth, "max_tokens")
    if mode == "one_hot":
        if len(shape) > 1 and shape[-1] is UNKNOWN:
            return UNKNOWN
        if len(shape) > 1 and shape[-1] == 1:
            return (*shape[:-1], depth)
        return (*shape, depth)
    return (*shape[:-1], depth)


@register
class StringLookup(LookupLayer):
    name = "StringLookup"
    string = True
    params = (("max_tokens", None), ("num_oov_indices", 1), ("mask_token", None), ("oov_token", "[UNK]"),
              ("vocabulary", None), ("idf_weights", None), ("invert", False), ("output_mode", "int"),
              ("pad_to_max_tokens", False), ("sparse", False), ("encoding", "utf-8"), ("name", None),
              ("salt", None))
    keyword_only = (("oov_method", "floormod"),)


@register
class IntegerLookup(LookupLayer):
    name = "IntegerLookup"
    string = False
    params = (("max_tokens", None), ("num_oov_indices", 1), ("mask_token", None), ("oov_token", -1),
              ("vocabulary", None), ("vocabulary_dtype", "int64"), ("idf_weights", None), ("invert", False),
              ("output_mode", "int"), ("sparse", False), ("pad_to_max_tokens", False),
              ("oov_method", "floormod"), ("salt", None), ("name", None))

    def check_own(self, values: dict[str, Any]) -> None:
        dtype = values["vocabulary_dtype"]
        if dtype is not UNKNOWN and dtype != "int64":
            raise self.args.invalid("vocabulary_dtype", dtype, "'int64'")


# ------------------------------------------------------------------------------ TextVectorization


def _string_arg(args: Args, name: str, choices: tuple[str, ...], default: Any, pos: int) -> Any:
    """``validate_string_arg`` with None and callables allowed."""
    value = args.raw(name, pos, default)
    if value is None or value is UNKNOWN:
        return value
    if isinstance(value, str):
        if value not in choices:
            raise args.invalid(name, value, "None, a callable or one of " + ", ".join(map(repr, choices)))
        return value
    if isinstance(value, (int, float, bool, tuple, list, bytes)):
        raise args.invalid(name, value, "None, a callable or one of " + ", ".join(map(repr, choices)))
    return UNKNOWN  # a callable


@register
class TextVectorization(Preprocessing):
    """``TextVectorization``: int64 token indices of shape (batch, output_sequence_length)
    whatever the input's rank, or an encoded float32 vector of the vocabulary's width."""

    name = "TextVectorization"
    params = (("max_tokens", None), ("standardize", "lower_and_strip_punctuation"), ("split", "whitespace"),
              ("ngrams", None), ("output_mode", "int"), ("output_sequence_length", None),
              ("pad_to_max_tokens", False), ("vocabulary", None), ("idf_weights", None), ("sparse", False),
              ("ragged", False), ("encoding", "utf-8"), ("name", None))

    def __init__(self, args: Args) -> None:
        super().__init__(args)
        values = {n: args.raw(n, i, default) for i, (n, default) in enumerate(self.params)}
        _string_arg(args, "standardize", ("lower_and_strip_punctuation", "lower", "strip_punctuation"),
                    "lower_and_strip_punctuation", 1)
        _string_arg(args, "split", ("whitespace", "character"), "whitespace", 2)
        split = args.raw("split", 2, "whitespace")
        # None: no splitting; a mode or a callable: one more axis of tokens.
        self.split = split if split is None or split is UNKNOWN or isinstance(split, str) else "callable"
        mode = _mode(values["output_mode"])
        if mode is not UNKNOWN and mode not in _LOOKUP_MODES:
            raise args.invalid("output_mode", values["output_mode"], "one of " + ", ".join(map(repr, _LOOKUP_MODES)))
        ngrams = values["ngrams"]
        if ngrams is not None and ngrams is not UNKNOWN and not isinstance(ngrams, int):
            if not (isinstance(ngrams, tuple) and all(isinstance(n, int) or n is UNKNOWN for n in ngrams)):
                raise args.invalid("ngrams", ngrams, "None, an integer or a tuple of integers")
        length = values["output_sequence_length"]
        if mode == "int" and length is not None and length is not UNKNOWN and not isinstance(length, int):
            raise args.invalid("output_sequence_length", length, "None or an integer in output_mode 'int'")
        if mode not in ("int", UNKNOWN) and length is not None and length is not UNKNOWN:
            raise _ctor_error(self.name, "output_sequence_length is only for output_mode 'int'",
                              "output_sequence_length")
        ragged = _strict_bool(values["ragged"])
        if ragged is True and mode not in ("int", UNKNOWN):
            raise _ctor_error(self.name, "ragged=True is only for output_mode 'int'", "ragged")
        self.mode = mode
        self.length = length
        lookup_values = {
            "max_tokens": values["max_tokens"], "num_oov_indices": 1, "mask_token": "", "oov_token": "[UNK]",
            "vocabulary": values["vocabulary"], "idf_weights": values["idf_weights"], "invert": False,
            "output_mode": values["output_mode"], "sparse": values["sparse"],
            "pad_to_max_tokens": values["pad_to_max_tokens"], "oov_method": "floormod", "salt": None,
        }
        self.lookup = Lookup(self.name, args, lookup_values, string=True)

    def output_dtype(self, input_dtype: str | _Unknown) -> str | _Unknown:
        return UNKNOWN if self.mode is UNKNOWN else ("int64" if self.mode == "int" else "float32")

    def build(self, shape: Shape) -> Built:
        if self.mode is UNKNOWN:
            return Built(UNKNOWN)
        if self.mode == "int":
            if not shape:
                raise LayerError(
                    "SL101", f"{self.name} needs an input with a batch axis, but gets a scalar input ()")
            return Built((shape[0], keras_dim(self.name, self.length, "output_sequence_length")))
        if self.split is UNKNOWN:
            return Built(UNKNOWN)
        if self.split is None:
            split_shape = (*shape, 1) if len(shape) <= 1 else shape
        else:
            split_shape = (*shape, None)
        return Built(lookup_output(self.lookup, split_shape, self.name))

    def call(self, shape: Shape) -> Shape | _Unknown:
        """On real data, without ``output_sequence_length`` the length is the longest text's."""
        out = self.build(shape).output
        if self.mode == "int" and self.length is None and isinstance(out, tuple):
            return (out[0], UNKNOWN)
        return out
