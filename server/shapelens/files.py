"""Reading the user's files without ever blocking or filling memory.

A path named ``model.py`` may be a FIFO (reading blocks until a writer comes), a device or a
symlink to one (``/dev/zero`` never ends), or a file of gigabytes. Only regular files are read,
up to a size cap; anything else is skipped with a sentence that says why.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

MAX_BYTES = 10 * 1024 * 1024  # far above any hand-written Python file


class SkippedFile(Exception):
    """A file that is not read; the message says why, in words for the user."""


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISDIR(mode):
        return "a folder"
    return "not a regular file"


def _size(n: int) -> str:
    return f"{n / (1024 * 1024):.1f} MB" if n >= 1024 * 1024 else f"{n:,} bytes"


def read_regular_file(path: Path, limit: int = MAX_BYTES) -> bytes:
    """The bytes of ``path`` if it is a regular file (symlinks followed) of at most ``limit``
    bytes. Raises SkippedFile for anything else, OSError when the file cannot be read."""
    info = os.stat(path)  # follows symlinks: a link to /dev/zero is a device
    if not stat.S_ISREG(info.st_mode):
        raise SkippedFile(f"skipped: {_kind(info.st_mode)}, not a regular file")
    if info.st_size > limit:
        raise SkippedFile(f"skipped: {_size(info.st_size)} is over the {_size(limit)} limit for one file")
    # O_NONBLOCK: should the path be swapped for a FIFO after the stat, open() must not wait.
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise SkippedFile("skipped: not a regular file")
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise SkippedFile(f"skipped: over the {_size(limit)} limit for one file")
    return data

