"""Positions between the core (spans whose columns count Unicode code points) and the client
(LSP positions in its negotiated encoding: UTF-16, UTF-8 or UTF-32), with pygls' position
codec; and between a place (a file, or a notebook cell) and the whole analyzed text."""

from __future__ import annotations

from lsprotocol import types
from pygls.workspace.position_codec import PositionCodec

from ..analysis import Span
from .documents import Place, Snapshot


def to_client(codec: PositionCodec, lines: list[str], line: int, col: int) -> types.Position:
    """A core position (code points) as an LSP position in the client's encoding. Positions
    beyond the text are clamped to its end."""
    if line >= len(lines):
        line = len(lines) - 1
        col = len(lines[line])
    line = max(line, 0)
    col = min(max(col, 0), len(lines[line]))
    return codec.position_to_client_units(lines, types.Position(line=line, character=col))


def to_client_range(codec: PositionCodec, lines: list[str], span: Span) -> types.Range:
    return types.Range(
        start=to_client(codec, lines, span.line, span.col),
        end=to_client(codec, lines, span.end_line, span.end_col),
    )


def from_client(
    codec: PositionCodec, lines: list[str], pos: types.Position, clamp: bool = True
) -> tuple[int, int] | None:
    """An LSP position in the client's encoding as a core position (line, code point column).
    A position beyond its line or the text is clamped to the end, or None when ``clamp`` is
    false."""
    line, character = max(pos.line, 0), max(pos.character, 0)
    if line >= len(lines):
        if not clamp:
            return None
        return len(lines) - 1, len(lines[-1])
    length = codec.client_num_units(lines[line])
    if character >= length:
        if character > length and not clamp:
            return None
        return line, len(lines[line])
    # A fresh Position: pygls' codec may modify the one it is given.
    server = codec.position_from_client_units(lines, types.Position(line=line, character=character))
    return server.line, server.character


def from_client_range(codec: PositionCodec, lines: list[str], rng: types.Range) -> Span:
    start = from_client(codec, lines, rng.start)
    end = from_client(codec, lines, rng.end)
    assert start is not None and end is not None
    if end < start:
        start, end = end, start
    return Span(start[0], start[1], end[0], end[1])


def overlaps(a: Span, b: Span) -> bool:
    return (a.line, a.col) <= (b.end_line, b.end_col) and (b.line, b.col) <= (a.end_line, a.end_col)


# The same, between a place (a file, or a notebook cell) and the whole analyzed text.


def position_in(
    codec: PositionCodec, snap: Snapshot, place: Place, pos: types.Position, clamp: bool = True
) -> tuple[int, int] | None:
    found = from_client(codec, snap.lines_of(place), pos, clamp)
    return None if found is None else (found[0] + place.start, found[1])


def range_in(codec: PositionCodec, snap: Snapshot, place: Place, rng: types.Range) -> Span:
    span = from_client_range(codec, snap.lines_of(place), rng)
    return Span(span.line + place.start, span.col, span.end_line + place.start, span.end_col)


def range_out(codec: PositionCodec, snap: Snapshot, span: Span) -> tuple[Place, types.Range] | None:
    """The place that holds the span's start, and the span as a range in it (its end clamped
    to the place's end)."""
    place = snap.place_at(span.line)
    if place is None:
        return None
    lines = snap.lines_of(place)
    rng = to_client_range(
        codec, lines, Span(span.line - place.start, span.col, span.end_line - place.start, span.end_col)
    )
    return place, rng


def within_place(span: Span, place: Place) -> bool:
    return place.start <= span.line and span.end_line < place.stop
