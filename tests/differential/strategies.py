"""Hypothesis strategies: constructor arguments and input shapes for every engine layer.

Each strategy yields a ``Case``. Every parameter has ``good`` values (ones Keras accepts on
their own) and ``bad`` ones (zero or negative sizes, wrong lengths, unknown strings, wrong
types). A case is drawn in one of two moods: usually *plausible* (good values only, the input
of the right rank), sometimes *hostile* (each parameter may be bad, the rank may be off,
required arguments may be missing). Even plausible cases raise often (tiny inputs under big
kernels, None channel axes, groups that do not divide), so both sides of every rule are
exercised. Repeated entries in the sampled lists weight the common values.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from hypothesis import strategies as st

from .harness import Case

# ------------------------------------------------------------------------------ building blocks

BATCH = st.sampled_from([None, None, None, None, 1, 2, 3])
# A feature/channel axis: mostly small positive, sometimes None.
FEATURE = st.sampled_from([1, 1, 2, 3, 4, 4, 5, 6, 8, 8, 12, 16, None])
# A spatial/time axis: small sizes so that valid padding often fails; None and 0 sometimes.
SPATIAL = st.sampled_from([1, 2, 2, 3, 3, 4, 4, 5, 6, 7, 8, 8, 9, 10, 12, 16, 16, 28, 32, None, 0])
ANY_DIM = st.sampled_from([1, 2, 3, 4, 5, 6, 8, 10, 16, None, 0])
BOOL = st.booleans()
ACTIVATIONS = ["relu", "relu", "linear", "softmax", "tanh", "sigmoid", "gelu", "glu", None]
BAD_ACTIVATIONS = ["Relu", "bogus", 3]
DATA_FORMATS = [None, "channels_last", "channels_last", "channels_first", "channels_first", "Channels_First"]
BAD_DATA_FORMATS = ["channels_middle", 3, "NHWC"]


def shape_of(rank: int, dims: st.SearchStrategy[Any] = ANY_DIM) -> st.SearchStrategy[tuple[Any, ...]]:
    """A batch shape of the given rank (batch axis included)."""
    return st.tuples(BATCH, *[dims] * (rank - 1))


def image_shape(rank: int) -> st.SearchStrategy[tuple[Any, ...]]:
    """(batch, *spatial, channels); callers also use the channels-first view of it."""
    if rank < 2:
        return shape_of(rank)
    return st.tuples(BATCH, *[SPATIAL] * (rank - 2), FEATURE)


def channels_first_view(shape: tuple[Any, ...]) -> tuple[Any, ...]:
    """Move the last axis to position 1, so channels_first cases get plausible shapes too."""
    if len(shape) < 3:
        return shape
    return (shape[0], shape[-1], *shape[1:-1])


def int_or_tuple(n: int, values: list[int], floats: bool = False) -> st.SearchStrategy[Any]:
    """Like a Keras ``kernel_size``/``strides``: an int, or a tuple or list of n of them; with
    ``floats``, sometimes a tuple of floats too (``(h / 2, w / 2)``), which Keras keeps."""
    one = st.sampled_from(values)
    options = [one, one, st.tuples(*[one] * n), st.lists(one, min_size=n, max_size=n)]
    if floats:
        as_float = st.sampled_from([float(v) for v in values] + [1.5, 2.5])
        options.append(st.tuples(*[as_float] * n))
    return st.one_of(options)


def bad_int_tuple(n: int, bad: list[Any], good: list[int]) -> st.SearchStrategy[Any]:
    """Malformed: a bad scalar, a tuple of the wrong length, or a tuple holding a bad entry."""
    one = st.sampled_from(good)
    return st.one_of(
        st.sampled_from(bad),
        st.tuples(*[one] * (n + 1)),
        st.tuples(*[one] * (n - 1), st.sampled_from([b for b in bad if isinstance(b, (int, float))] or [0])),
    )


@dataclass(frozen=True)
class P:
    """One constructor parameter: good values, bad values (may be None), its position (None:
    keyword only), and whether a call must pass it (omitted only in hostile cases)."""

    name: str
    good: st.SearchStrategy[Any]
    bad: st.SearchStrategy[Any] | None = None
    pos: int | None = None
    required: bool = False


def values(good: list[Any], bad: list[Any] | None = None) -> tuple[st.SearchStrategy[Any], Any]:
    return st.sampled_from(good), (st.sampled_from(bad) if bad else None)


COMMON = [P("trainable", st.sampled_from([True, False]), st.sampled_from([0, None, "yes"]))]

HOSTILE = st.integers(0, 3).map(lambda i: i == 0)  # one case in four


@st.composite
def call_args(draw: st.DrawFn, params: list[P], hostile: bool) -> tuple[tuple[Any, ...], dict[str, Any]]:
    chosen: dict[str, Any] = {}
    for p in [*params, *COMMON]:
        if p.required:
            include = not hostile or draw(st.integers(0, 9)) != 0
        else:
            include = draw(st.integers(0, 1 if hostile else 2)) == 0
        if not include:
            continue
        if hostile and p.bad is not None and draw(st.booleans()):
            chosen[p.name] = draw(p.bad)
        else:
            chosen[p.name] = draw(p.good)
    positional = sorted((p for p in params if p.pos is not None), key=lambda p: p.pos)  # type: ignore[arg-type,return-value]
    prefix = 0
    while prefix < len(positional) and positional[prefix].pos == prefix and positional[prefix].name in chosen:
        prefix += 1
    n = draw(st.integers(0, prefix))
    names = [p.name for p in positional[:n]]
    args = tuple(chosen[name] for name in names)
    kwargs = {k: v for k, v in chosen.items() if k not in names}
    return args, kwargs


def case(
    kind: str,
    params: list[P],
    rank: int | Callable[[], st.SearchStrategy[int]],
    shapes: Callable[[int], st.SearchStrategy[tuple[Any, ...]]],
    wrong_ranks: list[int] = (),  # type: ignore[assignment]
) -> st.SearchStrategy[Case]:
    """A case for ``kind``: its arguments, and an input of ``rank`` (wrong ranks when hostile)."""

    @st.composite
    def draw_case(draw: st.DrawFn) -> Case:
        hostile = draw(HOSTILE)
        args, kwargs = draw(call_args(params, hostile))
        r = rank if isinstance(rank, int) else draw(rank())
        if hostile and wrong_ranks and draw(st.booleans()):
            r = draw(st.sampled_from(list(wrong_ranks)))
        shape = draw(shapes(r))
        return Case(kind, args, kwargs, shape)

    return draw_case()


# ------------------------------------------------------------------------------ per family


def conv_case(kind: str, rank: int) -> st.SearchStrategy[Case]:
    kernels = [1, 1, 2, 3, 3, 3, 5, 7]
    params = [
        P("filters", *values([1, 2, 4, 6, 8, 8, 16], [0, -2]), pos=0, required=True),
        P("kernel_size", int_or_tuple(rank, kernels), bad_int_tuple(rank, [0, -1, "3", 3.0], kernels), 1, True),
        P("strides", int_or_tuple(rank, [1, 1, 1, 2, 2, 3], floats=True), bad_int_tuple(rank, [0, -1, 2.0], [1, 2]),
          2),
        P("padding", *values(["valid", "valid", "same", "same", "causal", "SAME", "Valid"], ["full", None]), 3),
        P("data_format", *values(DATA_FORMATS, BAD_DATA_FORMATS), 4),
        P("dilation_rate", int_or_tuple(rank, [1, 1, 1, 2, 3], floats=True), bad_int_tuple(rank, [0, -2], [1, 2]),
          5),
        P("groups", *values([1, 1, 1, 2, 2, 3, 4], [0, -1]), 6),
        P("activation", *values(ACTIVATIONS, BAD_ACTIVATIONS), 7),
        P("use_bias", BOOL, None, 8),
    ]
    shapes = lambda r: st.one_of(image_shape(r), image_shape(r).map(channels_first_view))  # noqa: E731
    return case(kind, params, rank + 2, shapes, [rank + 1, rank + 3])


def pooling_case(kind: str, rank: int, pool_required: bool) -> st.SearchStrategy[Case]:
    strides_good = st.one_of(st.none(), int_or_tuple(rank, [1, 1, 2, 2, 3], floats=True))
    params = [
        P("pool_size", int_or_tuple(rank, [1, 2, 2, 2, 3, 4], floats=True), bad_int_tuple(rank, [0, -1, 2.0], [2]),
          0, pool_required),
        P("strides", strides_good, bad_int_tuple(rank, [0, -1], [1, 2]), 1),
        P("padding", *values(["valid", "valid", "same", "same"], ["SAME", "Same", "causal", None]), 2),
        P("data_format", *values(DATA_FORMATS, BAD_DATA_FORMATS), 3),
    ]
    shapes = lambda r: st.one_of(image_shape(r), image_shape(r).map(channels_first_view))  # noqa: E731
    return case(kind, params, rank + 2, shapes, [rank + 1, rank + 3])


def global_pooling_case(kind: str, rank: int) -> st.SearchStrategy[Case]:
    params = [
        P("data_format", *values(DATA_FORMATS, BAD_DATA_FORMATS), 0),
        P("keepdims", *values([True, False], [0, 1]), 1),
    ]
    return case(kind, params, rank + 2, lambda r: shape_of(r, SPATIAL), [rank + 1, rank + 3])


def rnn_case(kind: str) -> st.SearchStrategy[Case]:
    gated = kind != "SimpleRNN"
    params = [
        P("units", *values([1, 2, 3, 4, 8, 16], [0, -1]), pos=0, required=True),
        P("activation", *values(ACTIVATIONS, BAD_ACTIVATIONS), 1),
        P("use_bias", BOOL, None, 3 if gated else 2),
        P("return_sequences", BOOL),
        P("return_state", st.sampled_from([False, False, True])),
        P("go_backwards", BOOL),
        P("stateful", st.sampled_from([False, False, True])),
        P("unroll", BOOL),
        P("dropout", st.sampled_from([0.0, 0.2, 1.5])),
    ]
    if gated:
        params.append(P("recurrent_activation", *values(ACTIVATIONS, BAD_ACTIVATIONS), 2))
        params.append(P("use_cudnn", *values(["auto", True, False], ["yes", "Auto"])))
    if kind == "GRU":
        params.append(P("reset_after", BOOL, st.sampled_from([0, 1, "no"])))
    return case(kind, params, 3, image_shape, [2, 4])


# ------------------------------------------------------------------------------ core layers


def dense_case() -> st.SearchStrategy[Case]:
    params = [
        P("units", *values([1, 2, 4, 10, 64], [0, -3, 2.0, None]), pos=0, required=True),
        P("activation", *values(ACTIVATIONS, BAD_ACTIVATIONS), 1),
        P("use_bias", BOOL, None, 2),
    ]
    ranks = lambda: st.sampled_from([2, 2, 2, 3, 3, 4, 5])  # noqa: E731
    return case("Dense", params, ranks, image_shape, [1])


def activation_case() -> st.SearchStrategy[Case]:
    names = ["relu", "softmax", "tanh", "linear", "elu", "selu", "swish", "leaky_relu", "relu6", "glu", None]
    params = [P("activation", *values(names, BAD_ACTIVATIONS), pos=0, required=True)]
    return case("Activation", params, lambda: st.integers(1, 4), shape_of)


def embedding_case() -> st.SearchStrategy[Case]:
    params = [
        P("input_dim", *values([1, 10, 100, 1000], [0, -1, 10.0]), pos=0, required=True),
        P("output_dim", *values([1, 2, 8, 16], [0, -4]), pos=1, required=True),
        P("mask_zero", BOOL),
    ]
    return case("Embedding", params, lambda: st.integers(1, 4), shape_of)


def identity_case() -> st.SearchStrategy[Case]:
    return case("Identity", [], lambda: st.integers(1, 4), shape_of)


def flatten_case() -> st.SearchStrategy[Case]:
    params = [P("data_format", *values(DATA_FORMATS, BAD_DATA_FORMATS), 0)]
    return case("Flatten", params, lambda: st.integers(1, 5), shape_of)


def dropout_case() -> st.SearchStrategy[Case]:
    params = [
        P("rate", *values([0.0, 0.1, 0.5, 0.5, 1, 1.0, 0], [-0.1, 1.5, 2]), pos=0, required=True),
        P("noise_shape", *values([None, (None, 1), (1, 4), (2,), [1, 2], (None,)],
                                 [(0,), (1, -1), (1.5,), "abc", 5, (True,)]), 1),
        P("seed", st.sampled_from([None, 0, 42])),
    ]
    return case("Dropout", params, lambda: st.integers(1, 4), shape_of)


def batch_norm_case() -> st.SearchStrategy[Case]:
    params = [
        P("axis", *values([-1, -1, -1, 1, 1, 2, 3, -2, -3, 0, 4], [5, -6, 1.0, -1.5, "1", "x", None, True]), pos=0),
        P("center", BOOL),
        P("scale", BOOL),
        P("renorm", st.sampled_from([False, False, True])),
    ]
    return case("BatchNormalization", params, lambda: st.integers(1, 5), lambda r: shape_of(r, FEATURE))


@st.composite
def _reshape_target(draw: st.DrawFn, shape: tuple[Any, ...]) -> Any:
    """Usually a regrouping of the input's values (valid unless an axis is None), with one axis
    sometimes -1; otherwise arbitrary small tuples with -1, 0 and None mixed in."""
    rest = shape[1:]
    size = math.prod(rest) if rest and all(isinstance(d, int) for d in rest) else None
    if size and draw(st.integers(0, 2)):
        factors: list[int] = []
        remaining = size
        for _ in range(draw(st.integers(0, 3))):
            divisors = [d for d in range(1, remaining + 1) if remaining % d == 0]
            f = draw(st.sampled_from(divisors))
            factors.append(f)
            remaining //= f
        factors.append(remaining)
        factors = draw(st.permutations(factors))
        if draw(st.booleans()):
            factors[draw(st.integers(0, len(factors) - 1))] = -1
        return tuple(factors) if draw(st.integers(0, 5)) else list(factors)
    dims = st.sampled_from([1, 2, 3, 4, 6, 8, -1, -1, 0, None, -2])
    return draw(st.one_of(st.lists(dims, min_size=1, max_size=4).map(tuple), st.sampled_from([5, ()])))


def reshape_case() -> st.SearchStrategy[Case]:
    @st.composite
    def draw_case(draw: st.DrawFn) -> Case:
        shape = draw(st.integers(1, 4).flatmap(lambda r: shape_of(r, st.sampled_from([1, 2, 3, 4, 6, 8, None]))))
        target = draw(_reshape_target(shape))
        hostile = draw(HOSTILE)
        args, kwargs = draw(call_args([], hostile))
        if draw(st.booleans()):
            args = (target,)
        elif not hostile or draw(st.booleans()):
            kwargs["target_shape"] = target
        return Case("Reshape", args, kwargs, shape)

    return draw_case()


# ------------------------------------------------------------------------------ the table

STRATEGIES: dict[str, st.SearchStrategy[Case]] = {
    "Dense": dense_case(),
    "Activation": activation_case(),
    "Embedding": embedding_case(),
    "Identity": identity_case(),
    "Flatten": flatten_case(),
    "Reshape": reshape_case(),
    "Dropout": dropout_case(),
    "BatchNormalization": batch_norm_case(),
    "SimpleRNN": rnn_case("SimpleRNN"),
    "LSTM": rnn_case("LSTM"),
    "GRU": rnn_case("GRU"),
}
for _r in (1, 2, 3):
    STRATEGIES[f"Conv{_r}D"] = conv_case(f"Conv{_r}D", _r)
    STRATEGIES[f"MaxPooling{_r}D"] = pooling_case(f"MaxPooling{_r}D", _r, pool_required=False)
    STRATEGIES[f"AveragePooling{_r}D"] = pooling_case(f"AveragePooling{_r}D", _r, pool_required=True)
    STRATEGIES[f"GlobalMaxPooling{_r}D"] = global_pooling_case(f"GlobalMaxPooling{_r}D", _r)
    STRATEGIES[f"GlobalAveragePooling{_r}D"] = global_pooling_case(f"GlobalAveragePooling{_r}D", _r)

# Default-run example budgets: the rules with many interacting arguments get more.
EXAMPLES: dict[str, int] = dict.fromkeys(STRATEGIES, 60)
EXAMPLES.update({"Conv1D": 200, "Conv2D": 200, "Conv3D": 150, "Dense": 100, "Reshape": 150,
                 "LSTM": 120, "GRU": 120, "SimpleRNN": 100, "BatchNormalization": 100, "Dropout": 80})
for _r in (1, 2, 3):
    EXAMPLES[f"MaxPooling{_r}D"] = EXAMPLES[f"AveragePooling{_r}D"] = 120
