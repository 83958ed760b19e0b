"""Hypothesis strategies for the preprocessing layers (see strategies.py for the scheme).

A preprocessing case also has an input dtype (strings for text layers, integers for lookups and
category encodings, images as floats or uint8), so it is a ``PCase``. Plausible and hostile moods
as in strategies.py; the vocabularies are small lists with the traps Keras checks (repeated
terms, special tokens at the front or elsewhere, more terms than ``max_tokens``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from hypothesis import strategies as st

from .strategies import BATCH, COMMON, HOSTILE, P, call_args, values

# ------------------------------------------------------------------------------ the case


@dataclass(frozen=True)
class PCase:
    kind: str
    args: tuple[Any, ...]
    kwargs: dict[str, Any]
    batch_shape: tuple[int | None, ...]
    dtype: str = "float32"

    def __repr__(self) -> str:
        call = ", ".join([*map(repr, self.args), *(f"{k}={v!r}" for k, v in self.kwargs.items())])
        return (f"layers.{self.kind}({call})(keras.Input(batch_shape={self.batch_shape!r}, "
                f"dtype={self.dtype!r}))")


IMAGE_DIM = st.sampled_from([1, 2, 3, 4, 5, 8, 8, 16, 28, None, 0])
FEATURE = st.sampled_from([1, 1, 2, 3, 4, 5, 8, None])
DATA_FORMATS = [None, "channels_last", "channels_last", "channels_first", "Channels_First"]
BAD_DATA_FORMATS = ["channels_middle", 3]
SEEDS = [None, None, 0, 42]
BAD_SEEDS = [1.5, True, "x"]
IMAGE_DTYPES = st.sampled_from(["float32", "float32", "uint8", "int32", "float16", "string"])
INT_DTYPES = st.sampled_from(["int32", "int64", "int64", "float32"])


def shape_of(rank: int, dims: st.SearchStrategy[Any]) -> st.SearchStrategy[tuple[Any, ...]]:
    if rank == 0:
        return st.just(())
    return st.tuples(BATCH, *[dims] * (rank - 1))


def pcase(
    kind: str,
    params: list[P],
    ranks: list[int],
    dims: st.SearchStrategy[Any],
    dtypes: st.SearchStrategy[str],
    wrong_ranks: list[int] = (),  # type: ignore[assignment]
) -> st.SearchStrategy[PCase]:
    @st.composite
    def draw_case(draw: st.DrawFn) -> PCase:
        hostile = draw(HOSTILE)
        args, kwargs = draw(call_args(params, hostile))
        rank = draw(st.sampled_from(ranks))
        if hostile and wrong_ranks and draw(st.booleans()):
            rank = draw(st.sampled_from(list(wrong_ranks)))
        return PCase(kind, args, kwargs, draw(shape_of(rank, dims)), draw(dtypes))

    return draw_case()


# ------------------------------------------------------------------------------ numeric layers


def rescaling_case() -> st.SearchStrategy[PCase]:
    params = [
        P("scale", st.sampled_from([1 / 255, 1 / 127.5, 2.0, 1, [0.5, 0.5, 0.5]]), None, 0, True),
        P("offset", st.sampled_from([0.0, -1.0, 0.5]), None, 1),
        P("dtype", st.sampled_from([None, "float32", "float16", "mixed_float16", "bfloat16"])),
    ]
    return pcase("Rescaling", params, [1, 2, 3, 4, 4, 4], IMAGE_DIM, IMAGE_DTYPES)


@st.composite
def _mean_variance(draw: st.DrawFn, shape: tuple[Any, ...]) -> tuple[Any, Any]:
    """A mean/variance pair: scalars, vectors along the last axis (often the right length),
    matrices, mismatched pairs, ragged lists."""
    last = shape[-1] if shape and isinstance(shape[-1], int) and shape[-1] > 0 else 3
    n = draw(st.sampled_from([last, last, last, 1, 2, 3]))
    kind = draw(st.sampled_from(["scalar", "vector", "vector", "vector", "matrix", "mismatch", "ragged", "alone"]))
    if kind == "scalar":
        return draw(st.sampled_from([0.5, 2])), draw(st.sampled_from([1.0, 4]))
    if kind == "vector":
        return [0.5] * n, [2.0] * n
    if kind == "matrix":
        rows = draw(st.sampled_from([1, 2, 3]))
        return [[0.0] * n] * rows, [[1.0] * n] * rows
    if kind == "mismatch":
        return [0.5] * n, [2.0] * (n + 1)
    if kind == "ragged":
        return [[0.0, 1.0], [0.0]], [[1.0, 1.0], [1.0]]
    return [0.5] * n, None


def normalization_case() -> st.SearchStrategy[PCase]:
    @st.composite
    def draw_case(draw: st.DrawFn) -> PCase:
        hostile = draw(HOSTILE)
        rank = draw(st.sampled_from([1, 2, 2, 3, 3, 4]))
        shape = draw(shape_of(rank, FEATURE))
        params = [
            P("axis", st.sampled_from([-1, -1, -1, 1, 2, (1, 2), [1, -1], None, 0, -2, (1, 1), (-1, 1)]),
              st.sampled_from([4, -5, 1.0, "a", (1.5,)]), 0),
            P("invert", st.booleans()),
            P("dtype", st.sampled_from([None, "float16"])),
        ]
        args, kwargs = draw(call_args(params, hostile))
        if draw(st.integers(0, 2)) == 0:
            mean, variance = draw(_mean_variance(shape))
            kwargs["mean"] = mean
            if variance is not None:
                kwargs["variance"] = variance
        return PCase("Normalization", args, kwargs, shape, draw(st.sampled_from(["float32", "int32", "float32"])))

    return draw_case()


# ------------------------------------------------------------------------------ image layers

_SIZE_GOOD = [1, 2, 4, 5, 8, 8, 16, 0, None, True]
_SIZE_BAD = [-3, 4.5, "a", (2, 2)]
_IMAGE_RANKS = [4, 4, 4, 3, 2]
_WRONG_IMAGE_RANKS = [1, 5, 0]


def _image_case(kind: str, params: list[P]) -> st.SearchStrategy[PCase]:
    return pcase(kind, params, _IMAGE_RANKS, IMAGE_DIM, IMAGE_DTYPES, _WRONG_IMAGE_RANKS)


def _data_format(pos: int | None) -> P:
    return P("data_format", *values(DATA_FORMATS, BAD_DATA_FORMATS), pos)


def _seed(pos: int | None) -> P:
    return P("seed", *values(SEEDS, BAD_SEEDS), pos)


FILL_MODES = (["reflect", "wrap", "constant", "nearest"], ["Reflect", "bogus", None])
INTERPOLATIONS = (["bilinear", "nearest"], ["bicubic", "Bilinear", None])


def resizing_case() -> st.SearchStrategy[PCase]:
    params = [
        P("height", *values(_SIZE_GOOD, _SIZE_BAD), 0, True),
        P("width", *values(_SIZE_GOOD, _SIZE_BAD), 1, True),
        P("interpolation", st.sampled_from(["bilinear", "nearest", "bicubic", "area", "bogus"]), None, 2),
        P("crop_to_aspect_ratio", st.booleans(), None, 3),
        P("pad_to_aspect_ratio", st.booleans(), None, 4),
        _data_format(8),
    ]
    return _image_case("Resizing", params)


def center_crop_case() -> st.SearchStrategy[PCase]:
    params = [
        P("height", *values(_SIZE_GOOD, _SIZE_BAD), 0, True),
        P("width", *values(_SIZE_GOOD, _SIZE_BAD), 1, True),
        _data_format(2),
    ]
    return _image_case("CenterCrop", params)


def random_crop_case() -> st.SearchStrategy[PCase]:
    params = [
        P("height", *values(_SIZE_GOOD, _SIZE_BAD), 0, True),
        P("width", *values(_SIZE_GOOD, _SIZE_BAD), 1, True),
        _seed(2),
        _data_format(3),
    ]
    return _image_case("RandomCrop", params)


def random_flip_case() -> st.SearchStrategy[PCase]:
    params = [
        P("mode", st.sampled_from(["horizontal", "vertical", "horizontal_and_vertical", "bogus"]), None, 0),
        _seed(1),
        _data_format(2),
    ]
    return _image_case("RandomFlip", params)


_ROTATION_GOOD = [0.1, 0.5, (-0.2, 0.3), [0.1, 0.2], 0, None, 1.0, -1, (-3, 0.5), True, []]
_ROTATION_BAD = [2, (0.1, 0.2, 0.3), "a", (3, 0), (0.5, -2)]


def random_rotation_case() -> st.SearchStrategy[PCase]:
    params = [
        P("factor", *values(_ROTATION_GOOD, _ROTATION_BAD), 0, True),
        P("fill_mode", *values(*FILL_MODES), 1),
        P("interpolation", *values(*INTERPOLATIONS), 2),
        _seed(3),
        P("fill_value", st.sampled_from([0.0, 1.0]), None, 4),
        _data_format(5),
    ]
    return _image_case("RandomRotation", params)


_ZOOM_GOOD = [0.1, 0.5, (-0.2, 0.3), [0.1, 0.2], 1.0, -0.5, 0, (0.9, -0.9)]
_ZOOM_BAD = [-1.0, 1.5, None, (0.1,), "a", (-1, 0.5)]


def random_zoom_case() -> st.SearchStrategy[PCase]:
    params = [
        P("height_factor", *values(_ZOOM_GOOD, _ZOOM_BAD), 0, True),
        P("width_factor", *values([None, *_ZOOM_GOOD], [b for b in _ZOOM_BAD if b is not None]), 1),
        P("fill_mode", *values(*FILL_MODES), 2),
        P("interpolation", *values(*INTERPOLATIONS), 3),
        _seed(4),
        _data_format(6),
    ]
    return _image_case("RandomZoom", params)


_TRANSLATION_GOOD = [0.1, 0.5, (-0.2, 0.3), [0.1, 0.2], 1.0, -1.0, 0, (-1, 1)]
_TRANSLATION_BAD = [1.5, -1.5, None, (0.1,), "a", (-2, 0.5)]


def random_translation_case() -> st.SearchStrategy[PCase]:
    params = [
        P("height_factor", *values(_TRANSLATION_GOOD, _TRANSLATION_BAD), 0, True),
        P("width_factor", *values(_TRANSLATION_GOOD, _TRANSLATION_BAD), 1, True),
        P("fill_mode", *values(*FILL_MODES), 2),
        P("interpolation", *values(*INTERPOLATIONS), 3),
        _seed(4),
        _data_format(6),
    ]
    return _image_case("RandomTranslation", params)


def random_contrast_case() -> st.SearchStrategy[PCase]:
    params = [
        P("factor", *values([0.1, 0.5, (0.2, 0.8), [0.0, 1.0], 1, 0, (-5, 0.5)],
                            [-0.1, None, 1.5, (0.5, -0.5), "a", (0.1, 0.2, 0.3)]), 0, True),
        P("value_range", st.sampled_from([(0, 255), (0, 1), [-1, 1]]), None, 1),
        _seed(2),
    ]
    return _image_case("RandomContrast", params)


def random_brightness_case() -> st.SearchStrategy[PCase]:
    params = [
        P("factor", *values([0.1, (-0.2, 0.3), None, 0, [0.0, 1.0], -1], [2, "a", (0.1, 0.2, 0.3), (2, 3)]),
          0, True),
        P("value_range", *values([(0, 255), [0, 1], (1, 0), (0.0, 1.0)], [5, (0, 1, 2), (0, "a"), None]), 1),
        _seed(2),
    ]
    return _image_case("RandomBrightness", params)


# ------------------------------------------------------------------------------ encodings


def category_encoding_case() -> st.SearchStrategy[PCase]:
    params = [
        P("num_tokens", *values([1, 3, 5, 10, 10, True, 2.5], [0, -1, None, "3", 0.5]), 0, True),
        P("output_mode", *values(["multi_hot", "one_hot", "one_hot", "count", "binary"], ["int", "Count", None]),
          1),
        P("sparse", st.booleans(), None, 2),
        P("dtype", st.sampled_from([None, "float32", "int32", "float16"])),
    ]
    dims = st.sampled_from([1, 1, 1, 2, 3, 4, None])
    return pcase("CategoryEncoding", params, [0, 1, 2, 2, 2, 3], dims, INT_DTYPES)


def discretization_case() -> st.SearchStrategy[PCase]:
    @st.composite
    def draw_case(draw: st.DrawFn) -> PCase:
        hostile = draw(HOSTILE)
        params = [
            P("output_mode", *values(["int", "int", "one_hot", "multi_hot", "count"], ["binary", "INT", None])),
            P("sparse", st.sampled_from([False, False, True])),
            P("epsilon", st.sampled_from([0.01, 0.1])),
            P("dtype", st.sampled_from([None, "float16", "float64"])),
        ]
        args, kwargs = draw(call_args(params, hostile))
        which = draw(st.sampled_from(["bounds", "bounds", "bins", "bins", "both" if hostile else "bins",
                                      "neither" if hostile else "bounds"]))
        if which in ("bounds", "both"):
            kwargs["bin_boundaries"] = draw(st.sampled_from([[0.0, 1.0], [], (0.5,), [1.0, 2.0, 3.0]]))
        if which in ("bins", "both"):
            kwargs["num_bins"] = draw(st.sampled_from([0, 3, 5, 2.5, -1] if hostile else [0, 1, 3, 5]))
        if which in ("bounds", "both") and draw(st.booleans()) and not args:
            args = (kwargs.pop("bin_boundaries"),)  # bin_boundaries is the first positional
        rank = draw(st.sampled_from([0, 1, 2, 2, 3]))
        dims = st.sampled_from([1, 1, 2, 3, 4, None])
        return PCase("Discretization", args, kwargs, draw(shape_of(rank, dims)),
                     draw(st.sampled_from(["float32", "float32", "int32"])))

    return draw_case()


# ------------------------------------------------------------------------------ lookups


@st.composite
def _vocabulary(draw: st.DrawFn, string: bool, hostile: bool) -> Any:
    """A small vocabulary: distinct terms, sometimes with the default special tokens in front,
    sometimes with a repeat, the mask token inside, or nothing at all."""
    terms = ["a", "b", "c", "d", "e", "f"] if string else [5, 7, 9, 11, 13, 2]
    oov = "[UNK]" if string else -1
    mask = "" if string else 0
    n = draw(st.integers(1, 5))
    vocab = list(terms[:n])
    variant = draw(st.sampled_from(["plain"] * 4 + ["oov"] * 2 + ["mask_oov", "tuple"]
                                   + (["repeat", "mask_inside", "empty", "oov_inside"] if hostile else [])))
    if variant == "oov":
        vocab = [oov, *vocab]
    elif variant == "mask_oov":
        vocab = [mask, oov, *vocab]
    elif variant == "tuple":
        return tuple(vocab)
    elif variant == "repeat":
        vocab = [*vocab, vocab[0]]
    elif variant == "mask_inside":
        vocab = [*vocab, mask]
    elif variant == "empty":
        vocab = []
    elif variant == "oov_inside":
        vocab = [*vocab, oov]
    return vocab


def lookup_case(kind: str) -> st.SearchStrategy[PCase]:
    string = kind in ("StringLookup", "TextVectorization")
    modes_good = ["int", "int", "one_hot", "multi_hot", "count", "tf_idf", "binary"]
    modes_bad = ["INT", "bogus", None]

    @st.composite
    def draw_case(draw: st.DrawFn) -> PCase:
        hostile = draw(HOSTILE)
        params = [
            P("max_tokens", *values([None, None, 3, 5, 10, 20], [1, 0, 3.5, "5"])),
            P("output_mode", *values(modes_good, modes_bad)),
            P("pad_to_max_tokens", st.sampled_from([False, False, True])),
            P("sparse", st.sampled_from([False, False, True])),
        ]
        if kind == "TextVectorization":
            params += [
                P("output_sequence_length", *values([None, 4, 10, 0, True], [-3, 4.0, "4"])),
                P("split", *values(["whitespace", "whitespace", None, "character"], ["bogus", 3])),
                P("standardize", *values(["lower_and_strip_punctuation", "lower", None], ["upper"])),
                P("ngrams", *values([None, 2, (1, 2)], [[1, 2], (1.5,)])),
                P("ragged", st.sampled_from([False, False, True])),
            ]
        else:
            oov_good = ["[UNK]", "?", None] if string else [-1, 0, None]
            mask_good = [None, None, "", "a"] if string else [None, None, 0, 5]
            params += [
                P("num_oov_indices", *values([1, 1, 0, 2], [-1, 1.5])),
                P("mask_token", st.sampled_from(mask_good)),
                P("oov_token", st.sampled_from(oov_good)),
                P("invert", st.sampled_from([False, False, False, True])),
                P("oov_method", *values(["floormod", "farmhash"], ["bogus"])),
                P("salt", *values([None, None, 3, (1, 2)], ["x", (1, 2, 3)])),
            ]
            if kind == "IntegerLookup":
                params.append(P("vocabulary_dtype", *values(["int64"], ["int32"])))
            if hostile:
                params.append(P("input_shape", st.sampled_from([(3,)])))
        args, kwargs = draw(call_args(params, hostile))
        kwargs.update(dict(zip([p.name for p in params], args, strict=False)))
        if draw(st.integers(0, 2)):
            vocab = draw(_vocabulary(string, hostile))
            kwargs["vocabulary"] = vocab
            if _mode_of(kwargs.get("output_mode", "int")) == "tf_idf" or (hostile and draw(st.booleans())):
                n = len(vocab) + draw(st.sampled_from([0, 0, 0, 1] if hostile else [0]))
                if draw(st.integers(0, 5)):
                    kwargs["idf_weights"] = [1.0] * n
        rank = draw(st.sampled_from([1, 2, 2, 2, 3] + ([0] if hostile else [])))
        dims = st.sampled_from([1, 1, 2, 3, 4, None])
        dtype = "string" if string else draw(st.sampled_from(["int64", "int64", "int32"]))
        if kind != "TextVectorization" and kwargs.get("invert") is True:
            dtype = "int64"
        return PCase(kind, (), kwargs, draw(shape_of(rank, dims)), dtype)

    return draw_case()


def _mode_of(mode: Any) -> Any:
    return {"binary": "multi_hot", "tf-idf": "tf_idf"}.get(mode, mode)


# ------------------------------------------------------------------------------ the table

STRATEGIES: dict[str, st.SearchStrategy[PCase]] = {
    "Rescaling": rescaling_case(),
    "Normalization": normalization_case(),
    "Resizing": resizing_case(),
    "CenterCrop": center_crop_case(),
    "RandomCrop": random_crop_case(),
    "RandomFlip": random_flip_case(),
    "RandomRotation": random_rotation_case(),
    "RandomZoom": random_zoom_case(),
    "RandomTranslation": random_translation_case(),
    "RandomContrast": random_contrast_case(),
    "RandomBrightness": random_brightness_case(),
    "CategoryEncoding": category_encoding_case(),
    "Discretization": discretization_case(),
    "StringLookup": lookup_case("StringLookup"),
    "IntegerLookup": lookup_case("IntegerLookup"),
    "TextVectorization": lookup_case("TextVectorization"),
}

# Layers whose encoded width depends on a vocabulary adapt() may set: the engine answers
# UNKNOWN there, where Keras (not adapted) says None.
VOCABULARY_LAYERS = frozenset({"StringLookup", "IntegerLookup", "TextVectorization"})

EXAMPLES: dict[str, int] = dict.fromkeys(STRATEGIES, 40)
EXAMPLES.update({"Normalization": 80, "Resizing": 60, "StringLookup": 80, "IntegerLookup": 80,
                 "TextVectorization": 80, "CategoryEncoding": 50, "Discretization": 50})

__all__ = ["COMMON", "EXAMPLES", "STRATEGIES", "VOCABULARY_LAYERS", "PCase"]
