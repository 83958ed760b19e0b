"""Shapes as the engine sees them.

A shape is a tuple of dimensions. A dimension is an ``int``, ``None`` (Keras itself does not
know it: the batch axis, a variable-length axis) or ``UNKNOWN`` (Keras knows it, the static
analysis does not). The difference matters: Keras rejects some ``None`` axes, but an axis we
merely cannot see must never produce a diagnostic.
"""

from __future__ import annotations

from typing import Final

from .numbers import int_str, json_int


class _Unknown:
    """A value the analysis cannot know. Falsy, and printed as ``?``."""

    _instance: _Unknown | None = None

    def __new__(cls) -> _Unknown:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "UNKNOWN"

    def __bool__(self) -> bool:
        return False


UNKNOWN: Final = _Unknown()

Dim = int | None | _Unknown
Shape = tuple[Dim, ...]


def is_unknown(value: object) -> bool:
    return value is UNKNOWN


def known(*values: object) -> bool:
    """True when none of the values is UNKNOWN."""
    return all(v is not UNKNOWN for v in values)


def is_concrete(dim: Dim) -> bool:
    """An axis whose size is a known integer."""
    return type(dim) is int or (isinstance(dim, int) and not isinstance(dim, bool))


def dim_str(dim: Dim) -> str:
    if dim is UNKNOWN:
        return "?"
    return "None" if dim is None else int_str(dim) if isinstance(dim, int) else str(dim)


def shape_str(shape: Shape | _Unknown | None) -> str:
    """Format like Keras prints shapes: ``(None, 26, 26, 32)``, ``(784,)``."""
    if shape is UNKNOWN or shape is None:
        return "?"
    assert isinstance(shape, tuple)
    inner = ", ".join(dim_str(d) for d in shape)
    return f"({inner},)" if len(shape) == 1 else f"({inner})"


def shape_json(shape: Shape | _Unknown | None) -> list[int | None] | None:
    """The JSON form: a list, with both ``None`` and unknown axes as null."""
    if shape is UNKNOWN or shape is None:
        return None
    assert isinstance(shape, tuple)
    return [json_int(d) for d in shape]


def product(dims: tuple[Dim, ...]) -> Dim:
    """Number of elements: ``None`` if an axis is None, UNKNOWN if one is unknown."""
    total = 1
    has_none = False
    for d in dims:
        if d is UNKNOWN:
            return UNKNOWN
        if d is None:
            has_none = True
            continue
        total *= d
    return None if has_none else total


def dmul(a: Dim, b: Dim) -> Dim:
    if a is UNKNOWN or b is UNKNOWN:
        return UNKNOWN
    if a is None or b is None:
        return None
    return a * b


def count(*terms: int | _Unknown) -> int | _Unknown:
    """Sum of parameter counts, UNKNOWN if any term is."""
    total = 0
    for t in terms:
        if t is UNKNOWN:
            return UNKNOWN
        total += t  # type: ignore[operator]
    return total


def cmul(*factors: Dim) -> int | _Unknown:
    """Product for parameter counts (a None factor cannot occur in a built layer)."""
    total = 1
    for f in factors:
        if not is_concrete(f):
            return UNKNOWN
        total *= f  # type: ignore[operator]
    return total
