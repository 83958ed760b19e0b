"""Parsing the user's code without letting Python's warnings about it reach stderr.

``ast.parse`` warns (SyntaxWarning, or DeprecationWarning before 3.12) about the code it reads,
e.g. an invalid escape sequence in a string: that is the user's business, printed on our stderr
it would look like ShapeLens failing. Every parse of user code goes through here.
"""

from __future__ import annotations

import ast
import warnings

# A long text is parsed in parts of about this many lines: the parser's working memory (its
# tokens and C tree, larger than the Python tree it returns) is then one part's, not the whole
# text's (20,000 lines: a peak of 111 MiB for a 50 MiB tree when parsed at once).
PART_LINES = 1000
# A line that cannot start a statement of its own: the parts would not parse (a waste of time).
_NOT_A_START = ("else", "elif", "except", "finally", ")", "]", "}")


def parse_source(source: str, filename: str = "<unknown>") -> ast.Module:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SyntaxWarning)
        warnings.simplefilter("ignore", DeprecationWarning)
        if source.count("\n") >= 2 * PART_LINES:
            module = _parse_in_parts(source, filename)
            if module is not None:
                return module
        return ast.parse(source, filename=filename)


def _parse_in_parts(source: str, filename: str) -> ast.Module | None:
    """The module parsed part by part, each part starting on a line at column 0 (after as many
    newlines as lines before it, so that positions are the whole text's); None when a part does
    not parse alone (the whole text is then parsed, and says where it fails). A part that parses
    alone ends with no bracket, string, continuation or block left open, and the next part starts
    a statement at column 0 that no earlier one continues (``else`` and the like do not parse
    alone): so the parts' statements are the whole text's."""
    body: list[ast.stmt] = []
    start = 0  # offset of the part's first character
    line = 0  # its 0-based line
    while start < len(source):
        end, end_line = start, line
        for _ in range(PART_LINES):  # at least PART_LINES lines, then the next line that can start one
            nl = source.find("\n", end)
            if nl < 0:
                end = len(source)
                break
            end, end_line = nl + 1, end_line + 1
        while end < len(source):
            first = source[end]
            if first not in " \t\f\n#\\@" and not source.startswith(_NOT_A_START, end) \
                    and not source.startswith("@", source.rfind("\n", 0, end - 1) + 1):
                break  # a start at column 0, not right after a decorator line
            nl = source.find("\n", end)
            end, end_line = (nl + 1, end_line + 1) if nl >= 0 else (len(source), end_line)
        try:
            part = ast.parse("\n" * line + source[start:end], filename=filename)
        except (SyntaxError, ValueError):
            return None
        body.extend(part.body)
        del part
        start, line = end, end_line
    return ast.Module(body=body, type_ignores=[])
