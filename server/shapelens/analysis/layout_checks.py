"""Axis layout mistakes: normalization over axis 1 of channels-last feature maps, channels-first
images in a channels-last model.

Verified with Keras 3 / TF 2.21: ``BatchNormalization(axis=1)`` after a channels-last Conv2D
on 32x32 images builds one gamma per image row (shape (32,)) instead of one per channel, and
trains without a word.
"""

from __future__ import annotations

import ast
import dataclasses
from typing import TYPE_CHECKING, Any

from ..engine.shapes import UNKNOWN, shape_str
from .result import Related
from .values import Array, BuiltModel, Layer

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


_CHANNEL_COUNTS = (1, 3, 4)  # grayscale, RGB, RGBA
_CONV_2D = frozenset({"Conv2D", "SeparableConv2D", "DepthwiseConv2D", "Conv2DTranspose"})


def channels_first_input(interp: Interpreter, built: BuiltModel) -> None:
    """A model declared with input (3, 32, 32) whose first convolution is channels-last: Keras
    convolves over (3, 32) and reads the 32 columns as channels, without an error."""
    ref = built.input_shape
    first = built.steps[0][0] if built.steps else None
    if not isinstance(ref, tuple) or len(ref) != 4 or not isinstance(first, Layer) or first.kind not in _CONV_2D:
        return
    if getattr(first.rule, "data_format", None) != "channels_last" or built.input_decl is None:
        return
    channels, height, width = ref[1], ref[2], ref[3]
    if channels not in _CHANNEL_COUNTS or not all(isinstance(d, int) and d > 4 for d in (height, width)):
        return
    interp.sink.add(
        built.input_decl, "SL212",
        f"the model input {shape_str(ref[1:])} puts the {channels} channels first, but {first.kind} is "
        f"channels-last: it convolves over ({channels}, {height}) and reads the {width} columns as "
        f"channels (Keras does not raise); transpose the images to ({height}, {width}, {channels}) "
        "with x.transpose(0, 2, 3, 1), or use data_format='channels_first'",
        related=(Related(built.steps[0][2], f"{first.kind} is channels-last"),),
    )


def channels_first_data(interp: Interpreter, built: BuiltModel, x: Array, x_node: ast.AST, before: int) -> None:
    """Images (N, 3, 32, 32) fed to a channels-last model that expects (None, 32, 32, 3): name
    the layout and offer the transpose."""
    ref, shape = built.input_shape, x.shape
    if not isinstance(ref, tuple) or len(ref) != 4 or len(shape) != 4 or shape[1] not in _CHANNEL_COUNTS:
        return
    if (shape[2], shape[3], shape[1]) != ref[1:] or ref[1] == ref[3]:
        return
    items = interp.sink.items
    for i in range(before, len(items)):
        diag = items[i]
        if diag.code == "SL303":
            fix = interp.fixer.wrap(x_node, "{}.transpose(0, 2, 3, 1)", "Make the images channels-last: {new}")
            items[i] = dataclasses.replace(
                diag, message=diag.message + f"; the images are channels-first {shape_str(shape)}: "
                "transpose them with x.transpose(0, 2, 3, 1)", fixes=(fix,) if fix else diag.fixes)
