"""``Normalization.adapt(data)`` fixes the layer's feature count: data of another width fails.

Verified with Keras 3 / TF 2.21: a Normalization adapted on a frame of 9 columns (the target
still in it) and fed 8 features raises at fit() ("Dimensions must be equal, but are 8 and 9"),
with or without a declared Input.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..engine.shapes import is_concrete
from .result import Related, Span
from .values import Array, BuiltModel, Layer

if TYPE_CHECKING:
    from .training import TrainingChecks


def record(interp: Any, layer: Layer, args: list[Any], kwargs: dict[str, Any], site: Span) -> None:
    """``layer.adapt(data)``: remember the width it was adapted on (default axis only)."""
    if layer.kind != "Normalization" or layer.node.args or any(kw.arg == "axis" for kw in layer.node.keywords):
        return
    data = args[0] if args else kwargs.get("data")
    from . import frames

    if isinstance(data, (frames.Frame, frames.Series)):
        data = frames.as_array(data)
    adapted: dict[int, tuple[Layer, Any, Span]] = interp.__dict__.setdefault("_adapted_widths", {})
    width = data.shape[-1] if isinstance(data, Array) and len(data.shape) >= 2 else None
    # Adapted again on data we cannot see, or in a branch: forget what we knew.
    certain = not interp.uncertain and not getattr(interp, "_branching", False)
    adapted[id(layer)] = (layer, width if is_concrete(width) and certain else None, site)


def check(checks: TrainingChecks, built: BuiltModel, x: Array, site: Span, method: str) -> None:
    adapted = checks.interp.__dict__.get("_adapted_widths")
    if not adapted or not x.shape or not is_concrete(x.shape[-1]):
        return
    first = next((entry for entry, _, _ in built.steps), None)
    known = adapted.get(id(first)) if isinstance(first, Layer) else None
    if known is None or known[0] is not first or known[1] is None or known[1] == x.shape[-1]:
        return
    width = known[1]
    checks.interp.sink.add(
        site, "SL213",
        f"{method}() feeds {x.shape[-1]} features, but the Normalization layer was adapted on data with "
        f"{width}: Keras raises ValueError (Dimensions must be equal); adapt it on the same features "
        "the model gets (often the frame still held the target column)",
        related=(Related(known[2], f"adapted here on {width} features"),),
    )
