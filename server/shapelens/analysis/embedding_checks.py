"""Data fed to a model that starts with an Embedding: token ids must be integers below
``input_dim``.

Verified with Keras 3 / TF 2.21 on CPU: an id >= input_dim makes the embedding's GatherV2 raise
InvalidArgumentError in fit() and predict(); float inputs are cast to integers without a word
(``np.random.rand`` data all becomes token 0).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

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
    if x.token_ids is not None and is_concrete(vocab) and not isinstance(vocab, bool) and vocab < x.token_ids[0]:
        size, source, tokenizer_span = x.token_ids
        fix = interp.fixer.set_argument(first.node, "input_dim", 0, str(size), f"Set the Embedding's input_dim to {size}")
        interp.sink.add(
            site, "SL216",
            f"{method}() feeds token ids from a TextVectorization that gives ids up to {size - 1} ({source}), but "
            f"the Embedding has input_dim={vocab} (ids 0..{vocab - 1}): once the vocabulary holds more than {vocab} "
            f"tokens, TensorFlow raises InvalidArgumentError on the lookup (CPU) or returns zeros (GPU); set "
            f"input_dim to {size}",
            related=(*related, Related(tokenizer_span, "the tokenizer")), fixes=(fix,) if fix else (),
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


def vocabulary_bound(layer: Any) -> tuple[int, str] | None:
    """The largest vocabulary a ``TextVectorization``/``StringLookup``/``IntegerLookup`` in
    output_mode 'int' can hold, and the argument that says so: its ids are below it."""
    if not isinstance(layer, Layer) or layer.kind not in _TOKENIZERS or layer.rule is None or layer.error:
        return None
    lookup = getattr(layer.rule, "lookup", None)
    mode = getattr(layer.rule, "mode", getattr(lookup, "mode", None))
    if lookup is None or mode != "int":
        return None
    fixed = getattr(lookup, "depth", None)  # the size of a vocabulary given as a list
    if is_concrete(fixed) and not isinstance(fixed, bool) and "vocabulary" in {kw.arg for kw in layer.node.keywords}:
        return fixed, f"its vocabulary holds {fixed} tokens (special tokens included)"
    bound = getattr(lookup, "max_tokens", None)
    if is_concrete(bound) and not isinstance(bound, bool):
        return bound, f"max_tokens={bound}"
    return None


_TOKENIZERS = frozenset({"TextVectorization", "StringLookup", "IntegerLookup"})


def vocabulary(interp: Any, tokenizer: Any, embedding: Any, span: Span) -> None:
    """A tokenizer whose ids reach past the Embedding that reads them: ``TextVectorization(
    max_tokens=10000)`` into ``Embedding(5000, ...)``.

    Verified with Keras 3 / TF 2.21 on CPU: when the adapted vocabulary holds more tokens than
    input_dim (a real corpus fills max_tokens), fit() raises InvalidArgumentError in the
    embedding's GatherV2; with a vocabulary of at most input_dim tokens it trains. Which of the two
    depends on the data, so this is a warning."""
    bound = vocabulary_bound(tokenizer)
    if bound is None or not isinstance(embedding, Layer) or embedding.kind != "Embedding" or embedding.rule is None:
        return
    dim = getattr(embedding.rule, "input_dim", None)
    size, source = bound
    if not is_concrete(dim) or isinstance(dim, bool) or dim >= size:
        return
    fix = interp.fixer.set_argument(embedding.node, "input_dim", 0, str(size), f"Set the Embedding's input_dim to {size}")
    interp.sink.add(
        span, "SL216",
        f"{tokenizer.kind} gives token ids up to {size - 1} ({source}), but the Embedding has input_dim={dim} "
        f"(ids 0..{dim - 1}): once the vocabulary holds more than {dim} tokens, TensorFlow raises "
        f"InvalidArgumentError on the lookup (CPU) or returns zeros (GPU); set input_dim to {size}",
        related=(Related(tokenizer.span, f"the {tokenizer.kind} layer"),), fixes=(fix,) if fix else (),
    )


def vocabulary_in_model(interp: Any, built: BuiltModel) -> None:
    """A tokenizer followed directly by an Embedding inside a Sequential."""
    previous: Any = None
    for entry, _, span in built.steps:
        if previous is not None:
            vocabulary(interp, previous, entry, span)
        previous = entry
