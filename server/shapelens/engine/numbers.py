"""Integers from the user's code, rendered safely however large they are.

Python refuses ``str()`` of an int over 4300 digits (``sys.set_int_max_str_digits``), and a
hex literal or a shift in the analyzed code can make one (``Dense(1 << 20000)``). Such numbers
are shown in a short scientific form, and left out of JSON: TensorFlow sizes are int64, so no
Keras shape or parameter count can exceed 2**63 - 1.
"""

from __future__ import annotations

import math

_EXACT_BITS = 200  # about 60 digits: printed in full below this
INT64_MAX = 2**63 - 1


def printable(value: int) -> bool:
    """Under Python's 4300-digit ``str()`` limit (13,000 bits is about 3,900 digits)."""
    return value.bit_length() <= 13_000


def int_str(value: int, grouped: bool = False) -> str:
    """``value`` in decimal (``1,234`` with ``grouped``), or ``~1.23e+5000`` when it is huge."""
    if value.bit_length() <= _EXACT_BITS:
        return f"{value:,}" if grouped else str(value)
    sign = "-" if value < 0 else ""
    exponent = math.log10(abs(value))  # exact enough, and never converts the whole number
    whole = math.floor(exponent)
    return f"~{sign}{10 ** (exponent - whole):.2f}e+{whole}"


def count_str(value: object) -> str:
    """A parameter count for people: ``7,850``, ``?`` when unknown (``UNKNOWN`` or None)."""
    if isinstance(value, int) and not isinstance(value, bool):
        return int_str(value, grouped=True)
    return "?"


def json_int(value: object) -> int | None:
    """An int for the JSON report, None when unknown or past int64 (no Keras size can be)."""
    if isinstance(value, int) and not isinstance(value, bool) and -INT64_MAX - 1 <= value <= INT64_MAX:
        return value
    return None


class NumpyInt(int):
    """A NumPy integer scalar (``np.prod(shape)``): an int in arithmetic and shapes, but
    ``Dense(units=np.int64(...))`` raises in Keras (``isinstance(units, int)`` fails), so a
    layer argument checked as a Python int is not known from it. ``int(...)`` makes a plain int."""
