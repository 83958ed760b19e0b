"""A long text parsed in parts gives the tree the whole text gives (positions included)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from shapelens.analysis import parsing

ROOT = Path(__file__).resolve().parents[2]

TRICKY = '''import keras
@decorator
def f(x):
    return x
x = [
1,
]
s = """
text at column 0
"""
y = 1 + \\
2
if x:
    pass
else:
    pass
try:
    pass
except Exception:
    pass
finally:
    pass
a = 1; b = 2
# a comment at column 0

\f
z = f(
    3)
'''


def _dump(tree: ast.AST) -> str:
    return ast.dump(tree, include_attributes=True)


@pytest.mark.parametrize("part_lines", [1, 3])
def test_parts_equal_the_whole(monkeypatch: pytest.MonkeyPatch, part_lines: int) -> None:
    monkeypatch.setattr(parsing, "PART_LINES", part_lines)
    texts = [TRICKY * 3] + [p.read_text(encoding="utf-8") for p in sorted((ROOT / "tests" / "corpus").rglob("*.py"))]
    for text in texts:
        parted = parsing._parse_in_parts(text, "<x>")
        if parted is not None:
            assert _dump(parted) == _dump(ast.parse(text))
        assert _dump(parsing.parse_source(text)) == _dump(ast.parse(text))


def test_a_broken_part_falls_back_to_the_whole_text(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parsing, "PART_LINES", 1)
    text = "a = 1\nb = (\n2\nc = 3\nd = 4\n"
    assert parsing._parse_in_parts(text, "<x>") is None
    with pytest.raises(SyntaxError) as err:
        parsing.parse_source(text)
    with pytest.raises(SyntaxError) as whole:
        ast.parse(text)
    assert (err.value.lineno, err.value.msg) == (whole.value.lineno, whole.value.msg)
