"""Parsing the user's code without letting Python's warnings about it reach stderr.

``ast.parse`` warns (SyntaxWarning, or DeprecationWarning before 3.12) about the code it reads,
e.g. an invalid escape sequence in a string: that is the user's business, printed on our stderr
it would look like ShapeLens failing. Every parse of user code goes through here.
"""

from __future__ import annotations

import ast
import warnings


def parse_source(source: str, filename: str = "<unknown>") -> ast.Module:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SyntaxWarning)
        warnings.simplefilter("ignore", DeprecationWarning)
        return ast.parse(source, filename=filename)
