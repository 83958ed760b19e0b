"""Huge sizes stay symbolic: nothing loops over a dimension or builds user-sized data
(``np.arange(10**12)`` used to hang the server, a slice of a 10**50 axis raised OverflowError)."""

from __future__ import annotations

import itertools

import numpy as np

from shapelens.analysis import analyze, arrays
from shapelens.engine.shapes import UNKNOWN

BIG = 10**50
HEADER = "import numpy as np\nimport keras\nfrom keras import layers\n"


def _arrays(body: str) -> dict[str, tuple[object, ...]]:
    result = analyze(HEADER + body, "snippet.py")
    assert not [d for d in result.diagnostics if d.severity == "error"], result.diagnostics
    return {note.name: note.shape for note in result.arrays}


def test_slice_lengths_match_numpy() -> None:
    bounds = (None, -9, -3, -1, 0, 1, 2, 5, 9)
    for dim, lo, hi, step in itertools.product((0, 1, 4, 7), bounds, bounds, (None, -3, -1, 1, 2, 5)):
        expected = np.empty(dim)[lo:hi:step].shape[0]
        assert arrays._slice_len(dim, lo, hi, step) == expected, (dim, lo, hi, step)


def test_arange_lengths_and_values_match_numpy() -> None:
    for args in [(5,), (2, 9), (9, 2), (2, 9, 3), (9, 2, -3), (-4, 4, 2), (0,), (3, 3)]:
        real = np.arange(*args)
        ours = arrays.arange(args)
        assert ours.shape == real.shape
        assert ours.value_range == ((int(real.min()), int(real.max())) if real.size else None)


def test_huge_arange_and_range_are_symbolic() -> None:
    shapes = _arrays(
        f"a = np.arange({BIG})\n"
        f"b = np.arange(1, {BIG}, 7)\n"
        f"r = range({BIG})\n"
        f"for i in range({BIG}):\n    pass\n"
        f"c = np.arange(10**11)\n"
    )
    assert shapes["a"] == (BIG,)
    assert shapes["b"] == (-((1 - BIG) // 7),)
    assert shapes["c"] == (10**11,)


def test_huge_axes_slice_and_index_by_arithmetic() -> None:
    shapes = _arrays(
        f"x = np.zeros(({BIG},) * 5)\n"
        f"y = x[:, 1:, ::2, -5:, 3:{BIG + 1}:7]\n"
        "z = x[3, ..., None]\n"
        f"w = np.random.rand({BIG}, 4).reshape(-1, 2)\n"
    )
    assert shapes["y"] == (BIG, BIG - 1, BIG // 2, 5, -((3 - BIG) // 7))
    assert shapes["z"] == (BIG,) * 4 + (1,)
    assert shapes["w"] == (2 * BIG, 2)


def test_huge_layer_sizes_are_counted_not_built() -> None:
    result = analyze(
        HEADER + f"m = keras.Sequential([keras.Input(shape=({BIG},)), layers.Dense({BIG}), "
        f"layers.Reshape(({BIG}, 1)), layers.Flatten(), layers.Dense(3)])\n"
        f"n = keras.Sequential([keras.Input(shape=(4,)), layers.Dense(10**100)])\n",
        "snippet.py",
    )
    assert [d.code for d in result.diagnostics] == []
    m, n = result.models
    assert [layer.output_shape for layer in m.layers] == [(None, BIG), (None, BIG, 1), (None, BIG), (None, 3)]
    assert m.params == (BIG * BIG + BIG) + (BIG * 3 + 3)
    # 10**100 is not folded (too large to be a real size): unknown, not a guess.
    assert n.layers[0].output_shape == (None, UNKNOWN)
