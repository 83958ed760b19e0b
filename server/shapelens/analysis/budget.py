"""One allowance of work per analysis, so that any file is analyzed in bounded time and memory.

Every unit of work the interpreter does is paid from it: a statement, a loop iteration unrolled,
a call of one of the file's functions, an item of a comprehension, a nested model built, and the
size of each constant folded (a string, tuple or list grown by ``+`` or ``*``).

When the allowance runs out the analysis goes on *approximately*: loops are no longer unrolled
(their body runs once, as for a loop of unknown length, so what it assigns is unknown),
comprehensions are unknown, and nothing new is expanded; this costs one pass over the code at
most. Should even that run out (the overdraft), the analysis stops and every model is left with
an unknown tail. Either way the values involved are UNKNOWN, never a guess, and one information
diagnostic (SL003) says where the budget was reached.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .result import Span

if TYPE_CHECKING:
    from .diagnostics import Collector

# About one second of interpretation on a laptop.
WORK_LIMIT = 200_000
# Work allowed after the limit, for the approximate pass over the rest of the file.
OVERDRAFT = 100_000
# Longest string, tuple or list made by folding constants.
MAX_FOLDED = 10_000


class Budget:
    def __init__(self, limit: int | None = None, overdraft: int | None = None) -> None:
        self.left = WORK_LIMIT if limit is None else limit
        self.overdraft = OVERDRAFT if overdraft is None else overdraft
        self.reported = False

    @property
    def exhausted(self) -> bool:
        """Past the limit: work from now on is done approximately."""
        return self.left <= 0

    @property
    def halted(self) -> bool:
        """Past the overdraft too: nothing more is analyzed."""
        return self.left <= -self.overdraft

    def spend(self, units: int = 1) -> bool:
        """Pay for some work; False when the limit is (now) reached."""
        self.left -= units
        return self.left > 0

    def fold(self, value: object) -> bool:
        """Pay for a folded constant by its size; False when it is too large to keep."""
        size = len(value) if isinstance(value, (str, tuple, list)) else 0
        self.spend(1 + size // 100)
        return size <= MAX_FOLDED

    def report(self, sink: Collector, span: Span, what: str) -> None:
        """The one SL003 of this analysis, at the first place a limit was reached."""
        if self.reported:
            return
        self.reported = True
        how = "stops following the code" if self.halted else "follows the code approximately"
        sink.add(
            span, "SL003",
            f"analysis budget reached here ({what}): from this point ShapeLens {how}, and the values "
            "it could not compute are shown as unknown",
        )
