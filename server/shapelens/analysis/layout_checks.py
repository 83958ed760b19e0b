"""Axis layout mistakes Keras accepts: normalization over axis 1 of channels-last feature maps.

Verified with Keras 3 / TF 2.21: ``BatchNormalization(axis=1)`` after a channels-last Conv2D
on 32x32 images builds one gamma per image row (shape (32,)) instead of one per channel, and
trains without a word.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..engine.shapes import UNKNOWN, shape_str
from .result import Related
from .values import BuiltModel, Layer

if TYPE_CHECKING:
    from .interpreter import Interpreter

_NORMALIZATION = frozenset({"BatchNormalization", "LayerNormalization"})


def normalization_axis(interp: Interpreter, built: BuiltModel) -> None:
    """BatchNormalization/LayerNormalization(axis=1) on a channels-last feature map (rank >= 4)."""
    formats = {getattr(e.rule, "data_format", None) for e, _, _ in built.steps if isinstance(e, Layer)}
    if "channels_first" in formats or UNKNOWN in formats:
        return
    current: Any = built.input_shape
    channels_last_span = None
    for entry, step, span in built.steps:
        rule = getattr(entry, "rule", None)
        if isinstance(entry, Layer) and getattr(rule, "data_format", None) == "channels_last":
            channels_last_span = span
        if isinstance(entry, Layer) and entry.kind in _NORMALIZATION and channels_last_span is not None \
                and isinstance(current, tuple) and len(current) >= 4:
            axis = getattr(rule, "axis", None)
            if axis == 1 or axis == [1]:
                fix = interp.fixer.set_argument(entry.node, "axis", 0, "-1", "Normalize the channels: axis=-1")
                interp.sink.add(
                    span, "SL211",
                    f"{entry.kind}(axis=1) on the channels-last feature map {shape_str(current)}: axis 1 is "
                    f"the image height, so it normalizes each row instead of each of the {current[-1]} "
                    "channels (Keras does not raise); use axis=-1, the default",
                    related=(Related(channels_last_span, "this layer is channels-last"),),
                    fixes=(fix,) if fix else (),
                )
        current = step.output if step is not None else UNKNOWN
