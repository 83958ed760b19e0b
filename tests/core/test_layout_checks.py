"""SL211: normalization over axis 1 of channels-last feature maps, against what Keras builds."""

from __future__ import annotations

import pytest

from shapelens.analysis import analyze

_MODEL = """\
import keras
from keras import layers
model = keras.Sequential([
    keras.Input(shape={shape}),
    layers.Conv2D(8, 3, padding="same"{conv}),
    layers.{norm},
])
model.compile(optimizer="adam", loss="mse")
"""


def _gamma_shape(source: str) -> tuple[int, ...]:
    namespace: dict = {}
    exec(compile(source, "<model>", "exec"), namespace)
    return tuple(namespace["model"].layers[-1].gamma.shape)


@pytest.mark.parametrize(("shape", "conv", "norm", "gamma", "warned"), [
    ("(24, 20, 3)", "", "BatchNormalization(axis=1)", (24,), True),  # one gamma per image row
    ("(24, 20, 3)", "", "BatchNormalization()", (8,), False),  # one per channel
    ("(24, 20, 3)", "", "LayerNormalization(axis=1)", (24,), True),
    ("(3, 24, 20)", ", data_format='channels_first'", "BatchNormalization(axis=1)", (8,), False),
])
def test_normalization_axis(shape: str, conv: str, norm: str, gamma: tuple[int, ...], warned: bool) -> None:
    source = _MODEL.format(shape=shape, conv=conv, norm=norm)
    assert _gamma_shape(source) == gamma
    codes = [d.code for d in analyze(source, "m.py").diagnostics]
    assert ("SL211" in codes) == warned, codes
