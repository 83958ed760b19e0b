"""Hypothesis strategies for ``keras.applications`` models (see test_applications.py).

A configuration is ``(mode, sequential_input_shape, kwargs)``: ``own`` (the model on its own
input), ``seq`` (after ``keras.Input(shape)``) or ``imagenet`` (own, weights="imagenet" with a
loader that downloads nothing). Sizes around the model's minimum and default, odd and even,
square or not; channels 1 or 3; include_top, pooling, classes, classifier_activation.
"""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from shapelens.engine.applications_data import APPLICATIONS as DATA


def _config(name: str) -> st.SearchStrategy[tuple[str, Any, dict[str, Any]]]:
    facts = DATA[name]["input"]
    low, default = facts["min_size"], facts.get("default_size", 224)
    size = st.sampled_from([low, low + 1, low + 7, 75, 96, 97, 128, 131, default, default + 1])
    size_or_none = st.one_of(size, st.none())

    @st.composite
    def draw(draw: st.DrawFn) -> tuple[str, Any, dict[str, Any]]:
        mode = draw(st.sampled_from(["own", "own", "seq", "imagenet"]))
        kwargs: dict[str, Any] = {}
        include_top = draw(st.sampled_from([False, False, True]))
        kwargs["include_top"] = include_top
        if mode != "imagenet":
            kwargs["weights"] = None
        if draw(st.integers(0, 3)):
            rows = draw(size_or_none if not include_top else size)
            cols = rows if draw(st.booleans()) else draw(size_or_none if not include_top else size)
            kwargs["input_shape"] = (rows, cols, draw(st.sampled_from([3, 3, 1])))
        if not include_top:
            kwargs["pooling"] = draw(st.sampled_from([None, "avg", "max"]))
        else:
            kwargs["classes"] = draw(st.sampled_from([1000, 1000, 10, 1]))
            kwargs["classifier_activation"] = draw(st.sampled_from(["softmax", None, "sigmoid", "linear"]))
        shape = None
        if mode == "seq":
            own = kwargs.get("input_shape")
            rows = draw(size) if own is None or own[0] is None or not draw(st.integers(0, 2)) else own[0]
            shape = (rows, rows if draw(st.booleans()) else draw(size), draw(st.sampled_from([3, 3, 1])))
        return mode, shape, kwargs

    return draw()


STRATEGIES: dict[str, st.SearchStrategy[tuple[str, Any, dict[str, Any]]]] = {
    name: _config(name) for name in sorted(DATA)
}
