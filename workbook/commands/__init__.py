"""Families of ``workbook`` commands; ``workbook/cli.py`` explains how to add one.

Each module exposes ``register(subparsers)``. The helpers here are what every handler
needs: opening the workbook a command names and closing it afterwards.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator

from ..store import Workbook

__all__ = ["opened"]


@contextlib.contextmanager
def opened(path: str | os.PathLike[str], *, daily_backup: bool = False) -> Iterator[Workbook]:
    """Open the workbook at ``path`` for one command and close it when the command ends.

    Read-only commands keep the default (no daily backup); commands that change the
    workbook pass ``daily_backup=True``, as the notebooks do.
    """
    wb = Workbook.open(path, daily_backup=daily_backup)
    try:
        yield wb
    finally:
        wb.close()
