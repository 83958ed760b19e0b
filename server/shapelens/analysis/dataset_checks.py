"""What a rank error means when the data comes from a ``tf.data`` dataset."""

from __future__ import annotations

from ..engine.shapes import Shape, _Unknown, is_concrete


def batched_twice(data: Shape, ref: Shape | _Unknown) -> bool:
    """Elements one axis deeper than the model input, with every axis after the extra one equal:
    ``.batch()`` applied to a dataset that already yields batches (``image_dataset_from_directory``,
    ``timeseries_dataset_from_array`` and ``batch()`` itself all do)."""
    if not isinstance(ref, tuple) or not ref or len(data) != len(ref) + 1 or is_concrete(data[1]):
        return False
    return all(is_concrete(d) and d == r for d, r in zip(data[2:], ref[1:], strict=True))


BATCHED_TWICE = (
    "; each dataset element already holds a batch, so the dataset is batched twice: remove the "
    "second .batch() (image_dataset_from_directory and timeseries_dataset_from_array already batch)"
)
