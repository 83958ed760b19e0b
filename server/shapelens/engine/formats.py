"""The ``data_format`` argument of convolution and pooling layers.

Keras resolves ``data_format=None`` to ``keras.config.image_data_format()``, which comes from
``~/.keras/keras.json`` and is ``"channels_last"`` unless configured. The engine reads that
default in exactly one place, ``default_data_format``. A file that calls
``keras.config.set_image_data_format(...)`` changes it for the layers constructed after the call,
as in Keras; the analysis sets it per file through ``IMAGE_DATA_FORMAT``.
"""

from __future__ import annotations

from contextvars import ContextVar
from typing import Any

from .base import Args
from .shapes import UNKNOWN

DATA_FORMATS: tuple[str, ...] = ("channels_last", "channels_first")

# What ``keras.config.image_data_format()`` returns when keras.json does not say otherwise.
DEFAULT_DATA_FORMAT = "channels_last"


# The file's current ``keras.config.image_data_format()`` (UNKNOWN when set to a value we cannot see).
IMAGE_DATA_FORMAT: ContextVar[Any] = ContextVar("image_data_format", default=DEFAULT_DATA_FORMAT)


def default_data_format() -> Any:
    """The data format a layer gets when its ``data_format`` argument is None."""
    return IMAGE_DATA_FORMAT.get()


def data_format_arg(args: Args, pos: int | None = None) -> Any:
    """Keras's ``standardize_data_format``: None means the default, otherwise
    ``str(value).lower()`` must be one of the two formats. Returns the format or UNKNOWN."""
    value = args.raw("data_format", pos, None)
    if value is UNKNOWN:
        return UNKNOWN
    if value is None:
        return default_data_format()
    text = str(value).lower()
    if text not in DATA_FORMATS:
        raise args.invalid("data_format", value, "'channels_last' or 'channels_first'")
    return text


def channel_axis(data_format: str) -> int:
    return -1 if data_format == "channels_last" else 1


def spatial_axes(shape_rank: int, data_format: str) -> range:
    """Indices of the spatial axes of a (batch, ..., channels) or (batch, channels, ...) shape."""
    if data_format == "channels_last":
        return range(1, shape_rank - 1)
    return range(2, shape_rank)
