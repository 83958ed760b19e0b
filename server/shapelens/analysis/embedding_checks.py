"""Data fed to a model that starts with an Embedding: token ids must be integers below
``input_dim``.

Verified with Keras 3 / TF 2.21 on CPU: an id >= input_dim makes the embedding's GatherV2 raise
InvalidArgumentError in fit() and predict(); float inputs are cast to integers without a word
(``np.random.rand`` data all becomes token 0).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..engine.shapes import is_concrete
from .result import Related, Span
from .values import Array, BuiltModel, Layer

if TYPE_CHECKING:
    from .training import TrainingChecks


def check(checks: TrainingChecks, built: BuiltModel, x: Array, site: Span, method: str) -> None:
    first = next((entry for entry, _, _ in built.steps), None)
    if not isinstance(first, Layer) or first.kind != "Embedding" or first.rule is None:
        return
    vocab = getattr(first.rule, "input_dim", None)
    interp = checks.interp
    related = (Related(first.span, f"Embedding(input_dim={vocab}) takes ids 0..{vocab - 1}"
                       if is_concrete(vocab) else "the Embedding layer"),)
    # Training only: predict(np.zeros((1, n))) is a common smoke test, and casts to id 0 harmlessly.
    training = method in ("fit", "evaluate", "train_on_batch", "test_on_batch")
    if training and isinstance(x.dtype, str) and x.dtype.startswith("float") and x.value_range is None:
        interp.sink.add(
            site, "SL210",
            f"{method}() feeds float values to an Embedding: Keras casts them to integer token ids "
            "without an error (values in [0, 1) all become token 0); pass integer ids, e.g. from "
            "layers.TextVectorization or a tokenizer",
            related=related,
        )
        return
    if x.value_range is None or not is_concrete(vocab) or isinstance(vocab, bool):
        return
    high = x.value_range[1]
    if high < vocab:  # type: ignore[operator]
        return
    fix = interp.fixer.set_argument(first.node, "input_dim", 0, str(high + 1),
                                    f"Set the Embedding's input_dim to {high + 1}")
    interp.sink.add(
        site, "SL209",
        f"{method}() feeds token ids up to {high}, but the Embedding has input_dim={vocab} (ids 0.."
        f"{vocab - 1}): TensorFlow raises InvalidArgumentError on the lookup; set input_dim to at "
        f"least {high + 1} (the vocabulary size, padding included)",
        related=related, fixes=(fix,) if fix else (),
    )
