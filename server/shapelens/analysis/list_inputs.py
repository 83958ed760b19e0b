"""``model.predict([sample])``: a Python list around one array.

Verified with Keras 3 / TF 2.21: a Sequential model reads a list as its structure of inputs and
unwraps a single element, so ``predict([x[0]])`` is ``predict(x[0])``: the batch axis is missing
(ValueError: Invalid input shape). ``np.array([x[0]])`` is the batch of one that was meant.
"""

from __future__ import annotations

import ast
import dataclasses
from typing import TYPE_CHECKING, Any

from .values import Array

if TYPE_CHECKING:
    from .training import TrainingChecks


def unwrap(x: Any) -> Any:
    """The array a one-element list stands for (Keras unwraps it), else x."""
    if isinstance(x, list) and len(x) == 1 and isinstance(x[0], Array):
        return x[0]
    return x


def batch_of_one(checks: TrainingChecks, x_node: ast.AST | None, before: int) -> None:
    """Rewrite the SL301 on ``[sample]``: the fix is ``np.array([sample])``, not expand_dims."""
    if not isinstance(x_node, ast.List):
        return
    items = checks.interp.sink.items
    np_name, import_edit = checks._numpy_alias()
    text = checks.positions.segment(x_node)
    for i in range(before, len(items)):
        diag = items[i]
        if diag.code != "SL301" or text is None:
            continue
        fix = checks.interp.fixer.wrap(x_node, f"{np_name}.array({{}})", "Make the list a batch: {new}",
                                       (import_edit,) if import_edit else ())
        message = diag.message.split("; pass ")[0] + (
            f"; Keras reads the list as the model's inputs, not as a batch: pass {np_name}.array({text})")
        items[i] = dataclasses.replace(diag, message=message, fixes=(fix,) if fix else ())
