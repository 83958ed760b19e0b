"""Cooperative cancellation of an analysis, for an editor that has moved on.

The language server installs a check (``with cancel_when(event.is_set):``) around an analysis
in its worker thread; the analysis then looks at it before each top-level statement and stops
with :class:`Cancelled`. Without a check installed (the CLI) nothing changes, at no cost.
"""

from __future__ import annotations

import ast
import contextlib
import contextvars
from collections.abc import Callable, Iterator

_CHECK: contextvars.ContextVar[Callable[[], bool] | None] = contextvars.ContextVar("shapelens_cancel", default=None)


class Cancelled(BaseException):
    """The analysis was abandoned. A BaseException, so that no ``except Exception`` on the
    way (the interpreter guards many steps) swallows it."""


@contextlib.contextmanager
def cancel_when(check: Callable[[], bool]) -> Iterator[None]:
    """Analyses run inside the block stop (raising :class:`Cancelled`) once ``check()`` is true."""
    token = _CHECK.set(check)
    try:
        yield
    finally:
        _CHECK.reset(token)


class _CheckedBody(list):  # type: ignore[type-arg]
    """A module's statements, checking the cancellation before handing out each one."""

    def __init__(self, body: list[ast.stmt], check: Callable[[], bool]) -> None:
        super().__init__(body)
        self._check = check

    def __iter__(self) -> Iterator[ast.stmt]:
        for stmt in super().__iter__():
            if self._check():
                raise Cancelled
            yield stmt


def checked(tree: ast.Module) -> ast.Module:
    """The tree, or when a check is installed a copy of it whose top-level statements are
    checked for cancellation (the parsed tree itself is left as it is)."""
    check = _CHECK.get()
    if check is None:
        return tree
    return ast.Module(body=_CheckedBody(tree.body, check), type_ignores=tree.type_ignores)


def checked_releasing(statements: list[ast.stmt]) -> Iterator[ast.stmt]:
    """The top-level statements, checked as ``checked`` does, each dropped from ``statements``
    (the caller's only reference to them) once handed out: what the analysis keeps of a
    statement run is what its values hold, the rest of its syntax tree is freed as it goes."""
    check = _CHECK.get()
    statements.reverse()
    while statements:
        if check is not None and check():
            raise Cancelled
        yield statements.pop()
