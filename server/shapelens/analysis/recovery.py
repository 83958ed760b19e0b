"""Analyzing a buffer that does not parse, as happens on almost every keystroke.

The lines that changed since the last version that parsed are replaced by their old text (or
blanked, where lines were added), so every unchanged line keeps its exact position and the
models around the edit stay analyzed. Without a last good version, the offending lines are
blanked one by one. Diagnostics that touch a replaced line are dropped: they would describe
text that is no longer there.
"""

from __future__ import annotations

import ast
import difflib
import re
from collections import Counter

_MAX_ATTEMPTS = 25
# difflib's matcher compares every pair of equal lines, quadratic when lines repeat. Below this
# many pairs the whole buffer is diffed as it always was; above it, only the changed middle.
_MAX_EQUAL_PAIRS = 200_000
# Past this many line pairs the changed middle is not diffed line by line: a middle that large
# is a paste or a rewrite, not a keystroke.
_MAX_DIFF_CELLS = 250_000
_ASSIGNMENT = re.compile(r"^(\s*)([A-Za-z_][\w.]*(?:\s*,\s*[A-Za-z_][\w.]*)*)\s*=(?!=)")
_MODEL_ADD = re.compile(r"^(\s*)([A-Za-z_][\w.]*)\.add\(")


def patch_from_last_good(last_good: str, source: str) -> tuple[str, set[int]] | None:
    """The new buffer with its changed lines taken from ``last_good``; None if that fails."""
    old, new = last_good.split("\n"), source.split("\n")
    out = list(new)
    changed: set[int] = set()
    for tag, i1, i2, j1, j2 in _line_opcodes(old, new):
        if tag == "equal":
            continue
        count = j2 - j1
        replacement = old[i1:i2] if i2 - i1 == count else [""] * count
        if i2 - i1 < count and i2 > i1:
            replacement = old[i1:i2] + [""] * (count - (i2 - i1))
        out[j1:j2] = replacement
        changed.update(range(j1, j2))
        if tag == "delete" and j1 < len(out):
            changed.add(j1)  # the line that now follows the deleted ones moved
    patched = "\n".join(out)
    try:
        ast.parse(patched)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None
    return patched, changed


def _line_opcodes(old: list[str], new: list[str]) -> list[tuple[str, int, int, int, int]]:
    """difflib's opcodes of the two buffers' lines; for buffers of many repeated lines, found
    in linear time around the edit: the common head and tail are skipped first, and only the
    (usually tiny) middle between them is diffed."""
    counts = Counter(old)
    if sum(counts[line] for line in new) <= _MAX_EQUAL_PAIRS:
        return difflib.SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes()
    head, limit = 0, min(len(old), len(new))
    while head < limit and old[head] == new[head]:
        head += 1
    tail = 0
    while tail < limit - head and old[len(old) - 1 - tail] == new[len(new) - 1 - tail]:
        tail += 1
    mid_old, mid_new = old[head:len(old) - tail], new[head:len(new) - tail]
    if len(mid_old) * len(mid_new) > _MAX_DIFF_CELLS:
        middle = [("replace", 0, len(mid_old), 0, len(mid_new))]
    else:
        middle = difflib.SequenceMatcher(a=mid_old, b=mid_new, autojunk=False).get_opcodes()
    return [(tag, i1 + head, i2 + head, j1 + head, j2 + head) for tag, i1, i2, j1, j2 in middle
            if tag != "equal" or i2 > i1]


def blank_until_it_parses(source: str) -> tuple[str, set[int]] | None:
    """Neutralize the offending lines one at a time, keeping every line in its place."""
    lines = source.split("\n")
    changed: set[int] = set()
    for _ in range(_MAX_ATTEMPTS):
        try:
            ast.parse("\n".join(lines))
            return "\n".join(lines), changed
        except SyntaxError as err:
            line = min(max((err.lineno or 1) - 1, 0), len(lines) - 1)
            if line in changed:
                if lines[line] == "":
                    return None
                lines[line] = ""
            else:
                lines[line] = _neutral(lines[line])
                changed.add(line)
        except (ValueError, RecursionError, MemoryError):
            return None
    return None


def _neutral(text: str) -> str:
    """A statement that keeps the line's effect unknown: ``x = ...``, ``model.add(...)``."""
    add = _MODEL_ADD.match(text)
    if add:
        return f"{add.group(1)}{add.group(2)}.add(...)"
    assign = _ASSIGNMENT.match(text)
    if assign:
        return f"{assign.group(1)}{assign.group(2)} = ..."
    indent = text[: len(text) - len(text.lstrip())]
    return f"{indent}pass" if text.strip() else ""
