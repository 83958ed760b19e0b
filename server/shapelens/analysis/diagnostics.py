"""Collecting diagnostics: one per place and code, with the catalog's default severity."""

from __future__ import annotations

from ..rules import RULES
from .result import Diagnostic, Fix, Related, Severity, Span


class Collector:
    def __init__(self) -> None:
        self._seen: set[tuple[Span, str, str]] = set()
        self.items: list[Diagnostic] = []

    def add(
        self,
        span: Span,
        code: str,
        message: str,
        fixes: tuple[Fix, ...] = (),
        related: tuple[Related, ...] = (),
        severity: Severity | None = None,
    ) -> None:
        key = (span, code, message)
        if key in self._seen:
            return
        self._seen.add(key)
        self.items.append(
            Diagnostic(span, severity or RULES[code].severity, code, message, fixes, related)
        )

    def sorted(self) -> list[Diagnostic]:
        return sorted(self.items, key=lambda d: (d.span, d.code))
