"""Turning ``ast`` positions (1-based lines, UTF-8 byte columns) into code point spans."""

from __future__ import annotations

import ast

from .result import Span


class Positions:
    def __init__(self, source: str, first_line_offset: int = 0) -> None:
        self.lines = source.split("\n")
        # Characters before line 0's text that the parser did not see (a byte-order mark).
        self.first_line_offset = first_line_offset

    def _col(self, line: int, byte_col: int) -> int:
        shift = self.first_line_offset if line == 0 else 0
        if not 0 <= line < len(self.lines):
            return byte_col + shift
        text = self.lines[line]
        if text.isascii():
            return byte_col + shift
        return len(text.encode("utf-8")[:byte_col].decode("utf-8", errors="ignore")) + shift

    def span(self, node: ast.AST) -> Span:
        line = node.lineno - 1  # type: ignore[attr-defined]
        end_line = (node.end_lineno or node.lineno) - 1  # type: ignore[attr-defined]
        end_col = node.end_col_offset if node.end_col_offset is not None else node.col_offset  # type: ignore[attr-defined]
        lines = self.lines
        # The common case inline (asked for thousands of times): ASCII lines past line 0.
        if 0 < line <= end_line < len(lines) and lines[line].isascii() and lines[end_line].isascii():
            return Span(line, node.col_offset, end_line, end_col)  # type: ignore[attr-defined]
        return Span(
            line,
            self._col(line, node.col_offset),  # type: ignore[attr-defined]
            end_line,
            self._col(end_line, end_col),
        )

    def line_span(self, line: int) -> Span:
        """A whole line (0-based), without its leading indentation."""
        text = self.lines[line] if 0 <= line < len(self.lines) else ""
        start = len(text) - len(text.lstrip())
        return Span(line, start, line, max(len(text), start))

    def segment(self, node: ast.AST) -> str | None:
        """The source text of a node, like ``ast.get_source_segment`` without re-splitting the file."""
        if getattr(node, "end_lineno", None) is None:
            return None
        span = self.span(node)
        if span.line == span.end_line:
            return self.lines[span.line][span.col:span.end_col]
        parts = [self.lines[span.line][span.col:], *self.lines[span.line + 1:span.end_line],
                 self.lines[span.end_line][:span.end_col]]
        return "\n".join(parts)
