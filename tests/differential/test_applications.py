"""``keras.applications`` models against real Keras, alone and as the first layer of a model.

Keras builds each model with ``weights=None`` inside a ``StatelessScope`` (variables get shapes,
not values: the big models build in seconds); ``weights="imagenet"`` is checked with a stub
loader that downloads nothing (``get_file`` returns a name never opened, ``load_weights``
does nothing). The default run covers a few cheap models; ``--slow`` (SHAPELENS_SLOW=1) every
recorded model. applications_data.py must equal what tools/gen_applications.py records now.
"""

from __future__ import annotations

import math
import sys
from pathlib import Path
from typing import Any

import keras
import pytest
from hypothesis import given
from hypothesis import strategies as st

from shapelens.engine import LayerError, build_layer, make_layer
from shapelens.engine.applications import APPLICATION_RULES
from shapelens.engine.applications_data import APPLICATIONS as DATA

from . import harness
from .harness import STATS, diff_settings
from .strategies_applications import STRATEGIES

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tools"))
import gen_applications as gen

DEFAULT_APPS = ["MobileNetV2", "ResNet50", "VGG16"]


def _apps() -> list[str]:
    return sorted(DATA) if harness.SLOW else DEFAULT_APPS


def test_every_application_is_recorded() -> None:
    assert set(APPLICATION_RULES) == set(DATA)
    assert set(DATA) == set(gen.app_names()), "regenerate: .venv/bin/python tools/gen_applications.py"


# ---------------------------------------------------------------------------------- configurations


def _sizes(name: str) -> tuple[int, int]:
    """A size above the minimum (odd, to exercise the paddings) and the minimum."""
    facts = DATA[name]["input"]
    low = facts["min_size"]
    return max(low, 75) + 6, low


def configs(name: str) -> list[tuple[str, Any, dict[str, Any]]]:
    """(mode, Sequential input shape or None, constructor kwargs). Mode ``own``: the model on
    its own input; ``seq``: after ``keras.Input(shape)``; ``imagenet``: own, with the stub loader."""
    size, low = _sizes(name)
    default = DATA[name]["input"].get("default_size", 224)
    out: list[tuple[str, Any, dict[str, Any]]] = [
        ("own", None, {"include_top": False, "weights": None, "input_shape": (size, size + 5, 3), "pooling": "avg"}),
        ("seq", (size, size, 3), {"include_top": False, "weights": None, "pooling": "max"}),
    ]
    if not harness.SLOW and name != DEFAULT_APPS[0]:
        return out
    out += [
        ("own", None, {"include_top": False, "weights": None}),
        ("own", None, {"include_top": True, "weights": None, "input_shape": (size, size + 2, 3), "classes": 5,
                       "classifier_activation": None}),
        ("own", None, {"include_top": False, "weights": None, "input_shape": (low, low, 1)}),
        ("own", None, {"include_top": False, "weights": None, "input_shape": (low - 1, low + 3, 3)}),  # too small
        ("seq", (size + 1, size + 1, 3), {"include_top": False, "weights": None, "input_shape": (size, size, 3)}),
        ("seq", (size, size, 1), {"include_top": False, "weights": None, "input_shape": (size, size, 3)}),
        ("seq", (size, size), {"include_top": False, "weights": None, "input_shape": (size, size, 3)}),
        ("own", None, {"weights": None, "input_shape": (None, None, 3)}),  # a top needs a fixed size
        ("imagenet", None, {"include_top": False, "input_shape": (size, size, 3)}),
        ("imagenet", None, {"include_top": False, "input_shape": (size, size, 1)}),  # 3 channels
        ("imagenet", None, {"include_top": True, "input_shape": (default, default, 3), "classes": 10}),
        ("imagenet", None, {"include_top": True, "classifier_activation": "relu"}),
        ("imagenet", None, {"include_top": True, "input_shape": (size, size, 3)}),
    ]
    return out


# ---------------------------------------------------------------------------------- the comparison


def _params(model: Any) -> tuple[int, int]:
    trainable = sum(math.prod(w.shape) for w in model.trainable_weights)
    return trainable, model.count_params() - trainable


def run_keras(name: str, mode: str, shape: Any, kwargs: dict[str, Any]) -> tuple[str | None, Any]:
    try:
        app = gen.build(name, imagenet=mode == "imagenet", **kwargs)
    except gen.Downloading:  # pragma: no cover - the stubs never let it happen
        raise
    except Exception as exc:
        return "construct", exc
    if mode != "seq":
        return None, (tuple(app.input_shape), tuple(app.output_shape), *_params(app))
    try:
        model = keras.Sequential([keras.Input(shape=shape), app])
    except Exception as exc:
        return "build", exc
    return None, ((None, *shape), tuple(model.output_shape), *_params(app))


def run_engine(name: str, mode: str, shape: Any, kwargs: dict[str, Any]) -> tuple[str | None, Any]:
    try:
        rule = make_layer(name, (), kwargs)
    except LayerError as exc:
        return "construct", exc
    model_input = (None, *shape) if mode == "seq" else rule.model_input()
    try:
        built = build_layer(rule, model_input)
    except LayerError as exc:
        return "build", exc
    assert built.dtype == "float32"
    return None, (model_input, built.output, built.trainable, built.non_trainable)


def compare(name: str, mode: str, shape: Any, kwargs: dict[str, Any], test: str = "apps") -> None:
    k_stage, k = run_keras(name, mode, shape, kwargs)
    e_stage, e = run_engine(name, mode, shape, kwargs)
    label = f"{mode} {shape} keras.applications.{name}({kwargs})"
    stats = STATS[(test, name)]
    stats.seen.add(label)
    if k_stage is not None:
        (stats.ctor if k_stage == "construct" else stats.build).add(label)
        assert e_stage == k_stage, f"{label}: Keras raises at {k_stage} ({str(k)[:300]}) but the engine: {e_stage} {e}"
        return
    assert e_stage is None, f"{label}: the engine raises at {e_stage} ({e}) but Keras gives {k}"
    assert e == k, f"{label}:\n  engine (input, output, trainable, non-trainable) {e}\n  Keras {k}"


@pytest.mark.parametrize("name", _apps())
def test_application_matches_keras(name: str) -> None:
    for mode, shape, kwargs in configs(name):
        compare(name, mode, shape, kwargs)


@pytest.mark.parametrize("name", sorted(DATA) if harness.SLOW else [])
def test_generated_configurations(name: str) -> None:
    """--slow only: generated configurations of every model (each costs a Keras build)."""

    @diff_settings(2)  # 12 per model under --slow
    @given(data=st.data())
    def check(data: st.DataObject) -> None:
        mode, shape, kwargs = data.draw(STRATEGIES[name], label="config")
        compare(name, mode, shape, kwargs, test="apps-gen")

    check()


def test_paddings_chosen_for_unknown_sizes() -> None:
    """A model built without input_shape keeps the paddings it chose for unknown sizes: on 97x97
    images MobileNetV2 gives 3x3, built for 97x97 it gives 4x4."""
    compare("MobileNetV2", "seq", (97, 97, 3), {"include_top": False, "weights": None}, test="apps-fixed")
    compare("MobileNetV2", "own", None, {"include_top": False, "weights": None, "input_shape": (97, 97, 3)},
            test="apps-fixed")
    rule = make_layer("MobileNetV2", (), {"include_top": False, "weights": None})
    assert build_layer(rule, (None, 97, 97, 3)).output == (None, 3, 3, 1280)


def test_stateless_scope_changes_nothing() -> None:
    """The quick Keras builds (StatelessScope) count what a normal build counts."""
    normal = keras.applications.MobileNetV2(input_shape=(96, 96, 3), include_top=False, weights=None)
    quick = gen.build("MobileNetV2", input_shape=(96, 96, 3), include_top=False)
    assert _params(normal) == _params(quick) and normal.output_shape == quick.output_shape


def test_imagenet_weights_are_never_downloaded() -> None:
    with gen.no_downloads(), pytest.raises(gen.Downloading):
        keras.applications.VGG16(include_top=False, weights="imagenet", input_shape=(32, 32, 3))


# ---------------------------------------------------------------------------------- the data file


@pytest.mark.parametrize("name", DEFAULT_APPS if not harness.SLOW else sorted(DATA))
def test_data_is_what_the_generator_records(name: str) -> None:
    assert gen.record(name, check=harness.SLOW) == DATA[name], (
        f"applications_data.py is stale for {name}: run .venv/bin/python tools/gen_applications.py")
