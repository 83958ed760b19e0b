"""Hypothesis strategies for the simpler layers of issue 3: EinsumDense, Masking, Lambda, the
activation layers, Layer/Group/UnitNormalization, the noise and spatial dropouts, Permute,
RepeatVector, UpSampling, ZeroPadding and Cropping.

Same conventions as ``strategies.py`` (whose building blocks are reused): every parameter has
good values and bad ones, cases are usually plausible and sometimes hostile. The bad values
include the ones Keras lets through its constructor and only rejects later (a float padding
that meets a known axis, a float axis in a list) or never (``Softmax(axis=5)`` builds).
"""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from .harness import Case
from .strategies import (
    ACTIVATIONS,
    BAD_ACTIVATIONS,
    BAD_DATA_FORMATS,
    BOOL,
    DATA_FORMATS,
    FEATURE,
    HOSTILE,
    P,
    bad_int_tuple,
    call_args,
    case,
    channels_first_view,
    image_shape,
    int_or_tuple,
    shape_of,
    values,
)


class OpenCase(Case):
    """A case the engine may answer UNKNOWN for by design (a Lambda's function is never seen)."""

    @property
    def allows_unknown(self) -> bool:
        return True


ANY_RANK = lambda: st.integers(1, 4)  # noqa: E731
SMALL_DIM = st.sampled_from([1, 2, 3, 4, 4, 5, 6, 8, None, 0])
SEEDS = values([None, None, 0, 42], ["x", 1.5])


def spatial_shapes(r: int) -> st.SearchStrategy[tuple[Any, ...]]:
    """(batch, *spatial, channels) or its channels-first view."""
    return st.one_of(image_shape(r), image_shape(r).map(channels_first_view))


# ------------------------------------------------------------------------------ activations


def relu_case() -> st.SearchStrategy[Case]:
    params = [
        P("max_value", *values([None, None, 6, 6.0, 1, 0, 0.5, True], [-1, -0.5, "6", [1]]), pos=0),
        P("negative_slope", *values([0.0, 0.0, 0.1, 0, 1, 2.5], [-0.1, None, "a"]), pos=1),
        P("threshold", *values([0.0, 0.5, 1, 0], [-1, None, "x"]), pos=2),
    ]
    return case("ReLU", params, ANY_RANK, shape_of)


def leaky_relu_case() -> st.SearchStrategy[Case]:
    params = [
        P("negative_slope", *values([0.3, 0.1, 0.01, 0, 1, 2.5], [-0.1, None, "a"]), pos=0),
        P("alpha", *values([0.2, 0.01, 0], [-1, None, "0.2"])),  # Keras 2's name, still accepted
    ]
    return case("LeakyReLU", params, ANY_RANK, shape_of)


def prelu_case() -> st.SearchStrategy[Case]:
    params = [
        P("alpha_initializer", *values(["zeros", "Zeros", "ones"]), pos=0),
        P("shared_axes", *values([None, 1, 1, 2, [1, 2], (1,), [1, 1], 0, -1, (), [2, 3], True],
                                 [5, -5, "1", 1.0, [1, 9], [1.5]]), pos=3),
    ]
    return case("PReLU", params, lambda: st.integers(1, 5), lambda r: shape_of(r, FEATURE))


def elu_case() -> st.SearchStrategy[Case]:
    params = [P("alpha", *values([1.0, 1.0, 0.5, 2, 0, -1.0], [None, "x", [1, 2], (1.0,)]), pos=0)]
    return case("ELU", params, ANY_RANK, shape_of)


def softmax_case() -> st.SearchStrategy[Case]:
    params = [P("axis", *values([-1, -1, -1, 1, 2, -2, (1, 2), [1], None, 0, (-1, 1)],
                                [5, -5, (), "a", 1.5, (1, 1), [3], (1, 4)]), pos=0)]
    return case("Softmax", params, ANY_RANK, shape_of)


# ------------------------------------------------------------------------------ normalization


def layer_norm_case() -> st.SearchStrategy[Case]:
    params = [
        P("axis", *values([-1, -1, -1, 1, 2, -2, [1, 2], (2, 1), [-1], [], 0, True],
                          [5, -6, 1.0, "1", None, [1.5], [1, 1], [1, 7], [-1, 2]]), pos=0),
        P("epsilon", st.sampled_from([1e-3, 1e-5]), pos=1),
        P("center", *values([True, False, 0, 1]), pos=2),
        P("scale", *values([True, False]), pos=3),
        P("rms_scaling", st.sampled_from([False, False, True])),
    ]
    return case("LayerNormalization", params, lambda: st.integers(1, 5), lambda r: shape_of(r, FEATURE))


def group_norm_case() -> st.SearchStrategy[Case]:
    params = [
        P("groups", *values([1, 2, 2, 4, -1, 3, 8, 32, True], [0, -2, 2.0, "2", None, False]), pos=0,
          required=True),
        P("axis", *values([-1, -1, -1, 1, 2, -2], [0, 5, -6, [1], 1.0, None, -3]), pos=1),
        P("center", BOOL, pos=3),
        P("scale", BOOL, pos=4),
    ]
    return case("GroupNormalization", params, lambda: st.integers(2, 5), lambda r: shape_of(r, FEATURE), [1])


def unit_norm_case() -> st.SearchStrategy[Case]:
    params = [P("axis", *values([-1, -1, 1, [1, 2], 0, -2, [], (1,)],
                                [5, None, 1.0, [1.5], ["a"], [9], [1, 1], [-1, 1]]), pos=0)]
    return case("UnitNormalization", params, ANY_RANK, shape_of)


# ------------------------------------------------------------------------------ regularization


def _strict(strategy: st.SearchStrategy[Case], params: set[str]) -> st.SearchStrategy[Case]:
    """SpatialDropout has an explicit signature: ``trainable`` (drawn for every layer) is a
    TypeError there, so plausible cases drop it; hostile ones keep it."""

    @st.composite
    def draw(d: st.DrawFn) -> Case:
        c = d(strategy)
        if d(HOSTILE):
            return c
        return Case(c.kind, c.args, {k: v for k, v in c.kwargs.items() if k in params}, c.batch_shape)

    return draw()


def spatial_dropout_case(rank: int) -> st.SearchStrategy[Case]:
    kind = f"SpatialDropout{rank}D"
    params = [P("rate", *values([0.0, 0.1, 0.5, 0.5, 1, 0], [1.5, -0.1, "0.5", None]), pos=0, required=True)]
    if rank > 1:
        params.append(P("data_format", *values(DATA_FORMATS, BAD_DATA_FORMATS), pos=1))
    params += [
        P("seed", *SEEDS, pos=1 if rank == 1 else 2),
        P("name", st.sampled_from(["drop"])),
        P("dtype", st.sampled_from([None, "float32", "float64"])),
        P("noise_shape", st.sampled_from([(1, 2)]), st.sampled_from([(1, 2)])),  # not an argument here
    ]
    plain = case(kind, [p for p in params if p.name != "noise_shape"], rank + 2, spatial_shapes, [rank + 1, 2])
    hostile = case(kind, params, rank + 2, spatial_shapes, [rank + 1, 2])
    return _strict(st.one_of(plain, plain, plain, hostile), {"rate", "data_format", "seed", "name", "dtype"})


def noise_case(kind: str) -> st.SearchStrategy[Case]:
    first = "stddev" if kind == "GaussianNoise" else "rate"
    params = [
        P(first, *values([0.0, 0.1, 0.5, 1, 0, True], [1.5, -0.1, "a", None]), pos=0, required=True),
        P("seed", *SEEDS, pos=2 if kind == "AlphaDropout" else 1),
    ]
    if kind == "AlphaDropout":
        params.append(P("noise_shape", st.sampled_from([None, (1, 2), "abc", (None, 1)]), pos=1))
    return case(kind, params, ANY_RANK, shape_of)


def activity_regularization_case() -> st.SearchStrategy[Case]:
    good, bad = [0.0, 0.01, 1, None, 0, 2.5], [-1, "a", float("inf"), float("nan"), [0.1]]
    params = [P("l1", *values(good, bad), pos=0), P("l2", *values(good, bad), pos=1)]
    return case("ActivityRegularization", params, ANY_RANK, shape_of)


# ------------------------------------------------------------------------------ reshaping


def permute_case() -> st.SearchStrategy[Case]:
    @st.composite
    def draw(d: st.DrawFn) -> Case:
        hostile = d(HOSTILE)
        args, kwargs = d(call_args([], hostile))
        rank = d(st.integers(2, 5))
        shape = d(shape_of(rank))
        n = rank - 1
        if hostile and d(st.booleans()):
            n = d(st.integers(0, 5))  # a permutation for another rank
        dims: Any = tuple(d(st.permutations(list(range(1, n + 1)))))
        if d(st.integers(0, 4)) == 0:
            dims = list(dims)
        if hostile and d(st.booleans()):
            dims = d(st.sampled_from([(0, 1), (2, 2), (1, 3), 5, "21", (1.0, 2.0), (True, 2), (2, 1.0), None]))
        if d(st.booleans()):
            args = (dims,)
        elif not hostile or d(st.integers(0, 3)):
            kwargs["dims"] = dims
        return Case("Permute", args, kwargs, shape)

    return draw()


def repeat_vector_case() -> st.SearchStrategy[Case]:
    params = [P("n", *values([1, 2, 3, 10], [0, -1, 2.0, True, "2", None]), pos=0, required=True)]
    return case("RepeatVector", params, 2, lambda r: shape_of(r, SMALL_DIM), [1, 3])


def upsampling_case(rank: int) -> st.SearchStrategy[Case]:
    kind = f"UpSampling{rank}D"
    if rank == 1:
        params = [P("size", *values([1, 2, 2, 3], [0, -1, 2.0, True, (2,)]), pos=0)]
    else:
        params = [
            P("size", st.one_of(int_or_tuple(rank, [1, 2, 2, 3]), st.sampled_from([True, (2.0,) * rank])),
              st.one_of(bad_int_tuple(rank, [0, -1, "2"], [2]), int_or_tuple(rank, [2], floats=True)), pos=0),
            P("data_format", *values(DATA_FORMATS, BAD_DATA_FORMATS), pos=1),
        ]
        if rank == 2:
            params.append(P("interpolation", *values(["nearest", "nearest", "bilinear", "Bilinear", "bicubic",
                                                      "area", "lanczos3"], ["gaussian", "bogus", 3, None]), pos=2))
    return case(kind, params, rank + 2, spatial_shapes, [rank + 1, rank + 3])


def _padding_values(rank: int, crop: bool) -> tuple[list[Any], list[Any]]:
    if rank == 1:
        good: list[Any] = [0, 1, 1, 2, (1, 2), [0, 3], (2, 0)]
        bad: list[Any] = [-1, (1, 2, 3), 1.0, "12", (1.5, 0), (-1, 1)]
        return good, bad
    pairs = [(1, 2), (0, 0), (2, 1), 1, 0, 3, (0, 1)]
    good = [0, 1, 1, 2, tuple([1, 2, 0][:rank]), tuple(pairs[:rank]), tuple(pairs[2:2 + rank]), [1] * rank]
    bad = [tuple(range(rank + 1)), 1.0, "ab", ((-1, 1),) * rank, ((1.5, 0),) * rank, (1,) * (rank - 1)]
    bad.append(-1 if crop else (-1,) * rank)
    if not crop:
        good.append(-1)  # ZeroPadding2D/3D take a negative int without complaint
    return good, bad


def padding_case(kind: str, rank: int) -> st.SearchStrategy[Case]:
    crop = kind.startswith("Cropping")
    name = "cropping" if crop else "padding"
    params = [P(name, *values(*_padding_values(rank, crop)), pos=0)]
    if crop and rank == 1:  # Cropping1D has no data_format: only hostile cases keep one
        params.append(P("data_format", st.sampled_from(["channels_last"])))
        return _strict(case(kind, params, rank + 2, spatial_shapes, [rank + 1, rank + 3]), {"cropping", "trainable"})
    params.append(P("data_format", *values(DATA_FORMATS, BAD_DATA_FORMATS), pos=1))
    return case(kind, params, rank + 2, spatial_shapes, [rank + 1, rank + 3])


# ------------------------------------------------------------------------------ core


def masking_case() -> st.SearchStrategy[Case]:
    params = [P("mask_value", *values([0.0, 0.0, 0, -1.0, 2.5, (1, 2), [0.0], "x", None]), pos=0)]
    return case("Masking", params, ANY_RANK, shape_of)


def _identity(x: Any) -> Any:
    return x


def _double(x: Any) -> Any:
    return x * 2


def _first_feature(x: Any) -> Any:
    return x[..., :1]


FUNCTIONS = [_identity, _double, _first_feature]


def lambda_case() -> st.SearchStrategy[Case]:
    shapes = [(3,), (5,), (None, 3), (2, 4), (), (0,), (True,), ((2,), (3,)), [(2,), (3,)]]
    bad_shapes = [[5, 2], 5, (-1,), (2.5,), "ab", ((2,), [3]), ((2,), 3), ((2,), None), []]
    params = [
        P("function", st.sampled_from(FUNCTIONS), st.sampled_from([3, None, "abs"]), pos=0, required=True),
        P("output_shape", *values(shapes, bad_shapes), pos=1),
        P("mask", st.sampled_from([None, 3]), pos=2),
        P("arguments", st.sampled_from([None, {}]), st.sampled_from([3, "x", [1]]), pos=3),
    ]
    return case("Lambda", params, ANY_RANK, shape_of).map(
        lambda c: OpenCase(c.kind, c.args, c.kwargs, c.batch_shape)
    )


# Einsum equations by input rank r: (equation, output_shape for a (batch, *sizes) input with
# `units` new units). The analysis takes the output_shape without the batch axis.
def _einsum_templates(r: int, sizes: tuple[Any, ...], units: int, heads: int) -> list[tuple[str, Any]]:
    letters = "abcdefg"[:r]
    templates: list[tuple[str, Any]] = [
        (f"{letters},{letters[-1]}z->{letters[:-1]}z", (*sizes[:-1], units)),
        ("...y,yz->...z", units),
        (f"{letters},{letters[-1]}yz->{letters[:-1]}yz", (*sizes[:-1], heads, units)),
    ]
    if r >= 2:
        templates.append(("ab...,bz->az...", units))
        templates.append(("...ab,bz->...az", (sizes[-2] if len(sizes) > 1 else None, units)))
    if r >= 3:
        templates.append(("abc,bz->acz", (sizes[1], units)))
    return templates


BAD_EQUATIONS = ["ab,bc", "a,b->c", "ab,bc->ad", "ab,bx->ac", "a...,bc->ac...", "aab,bc->ac", "ab,bc->acc",
                 5, "", "ab,bc->ac ", "abc,cd->abd", "...ab,bc->...ac"]


def einsum_case() -> st.SearchStrategy[Case]:
    @st.composite
    def draw(d: st.DrawFn) -> Case:
        hostile = d(HOSTILE)
        rank = d(st.integers(2, 4))
        if hostile and d(st.integers(0, 3)) == 0:
            rank = d(st.sampled_from([1, 5]))
        shape = d(shape_of(rank, st.sampled_from([1, 2, 3, 4, 4, 8, 16, None, 0])))
        units, heads = d(st.sampled_from([1, 2, 4, 8, 0])), d(st.sampled_from([1, 2, 3]))
        equation, output = d(st.sampled_from(_einsum_templates(max(rank, 1), shape[1:] or (4,), units, heads)))
        if isinstance(output, tuple):
            output = tuple(None if d(st.integers(0, 4)) == 0 else o for o in output)  # None: "infer it"
            if d(st.integers(0, 5)) == 0:
                output = list(output)
        if hostile and d(st.booleans()):
            equation = d(st.sampled_from(BAD_EQUATIONS))
        if hostile and d(st.booleans()):
            output = d(st.sampled_from([units, (units,), (3, units), -1, 2.5, "64", None, (2.5,), (), (units, -1),
                                        True, (None,)]))
        out_letters = equation.split("->")[-1].replace(".", "") if isinstance(equation, str) else "z"
        bias = d(st.sampled_from([None, None, "z", out_letters[-1:], out_letters, out_letters[:1], "yz"]))
        if hostile and d(st.booleans()):
            bias = d(st.sampled_from(["q", "", 5, ["z"], ("z", "y")]))
        kwargs: dict[str, Any] = {}
        args: tuple[Any, ...] = ()
        how = d(st.integers(0, 2))
        if how == 0:
            args = (equation, output)
        elif how == 1:
            args = (equation,)
            kwargs["output_shape"] = output
        else:
            kwargs.update(equation=equation, output_shape=output)
        if hostile and d(st.integers(0, 4)) == 0:
            kwargs.pop("output_shape", None)  # required
            args = args[:1]
        if bias is not None:
            kwargs["bias_axes"] = bias
        if d(st.integers(0, 3)) == 0:
            kwargs["activation"] = d(st.sampled_from(ACTIVATIONS + (BAD_ACTIVATIONS if hostile else [])))
        if d(st.integers(0, 6)) == 0:
            kwargs["lora_rank"] = d(st.sampled_from([1, 2, 0] + ([-1, 1.5] if hostile else [])))
            if hostile and d(st.booleans()):
                kwargs["kernel_constraint"] = "non_neg"
        kwargs.update(d(call_args([], hostile))[1])  # trainable
        return Case("EinsumDense", args, kwargs, shape)

    return draw()


# ------------------------------------------------------------------------------ the table

STRATEGIES: dict[str, st.SearchStrategy[Case]] = {
    "EinsumDense": einsum_case(),
    "Masking": masking_case(),
    "Lambda": lambda_case(),
    "ReLU": relu_case(),
    "LeakyReLU": leaky_relu_case(),
    "PReLU": prelu_case(),
    "ELU": elu_case(),
    "Softmax": softmax_case(),
    "LayerNormalization": layer_norm_case(),
    "GroupNormalization": group_norm_case(),
    "UnitNormalization": unit_norm_case(),
    "GaussianNoise": noise_case("GaussianNoise"),
    "GaussianDropout": noise_case("GaussianDropout"),
    "AlphaDropout": noise_case("AlphaDropout"),
    "ActivityRegularization": activity_regularization_case(),
    "Permute": permute_case(),
    "RepeatVector": repeat_vector_case(),
}
for _r in (1, 2, 3):
    STRATEGIES[f"SpatialDropout{_r}D"] = spatial_dropout_case(_r)
    STRATEGIES[f"UpSampling{_r}D"] = upsampling_case(_r)
    STRATEGIES[f"ZeroPadding{_r}D"] = padding_case(f"ZeroPadding{_r}D", _r)
    STRATEGIES[f"Cropping{_r}D"] = padding_case(f"Cropping{_r}D", _r)

# Default-run example budgets: the rules with many interacting arguments get more.
EXAMPLES: dict[str, int] = dict.fromkeys(STRATEGIES, 25)
EXAMPLES.update({"EinsumDense": 120, "Lambda": 40, "PReLU": 40, "LayerNormalization": 50,
                 "GroupNormalization": 40, "Permute": 30, "UpSampling2D": 35, "ZeroPadding2D": 35,
                 "Cropping2D": 35, "Cropping3D": 35, "ZeroPadding3D": 30})
