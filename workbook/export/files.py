"""Where exports go and how they are written: slugs, default folders, atomic writes.

A summary goes to ``<root>/<partnership-slug>/<date>-<kind>.html``. The root is the
``--out`` folder when given; otherwise ``exports/`` beside the ``data/`` folder that holds
the workbook (the project layout), else ``exports/`` beside the workbook file, else (an
in-memory workbook) ``exports/`` in the current folder. Files are written to a side file
and moved into place, so a reader never sees half a summary.
"""

from __future__ import annotations

import contextlib
import os
import re
import unicodedata
from pathlib import Path

from ..errors import DiskFullError, ExportError
from ..store import Workbook

__all__ = ["default_root", "slug", "write_atomic", "write_text_atomic"]

_SLUG_LIMIT = 60


def slug(text: str, fallback: str = "partnership") -> str:
    """A lowercase ASCII file-name part: ``"Valley Makers Alliance"`` -> ``valley-makers-alliance``.

    Anything else (slashes, dots, spaces, accents) collapses to hyphens, so a name can never
    climb out of the exports folder or hide a file.
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    cleaned = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    cleaned = cleaned[:_SLUG_LIMIT].rstrip("-")
    return cleaned or fallback


def default_root(wb: Workbook) -> Path:
    """The folder summaries and tables go to when no ``--out`` is given."""
    path = getattr(wb, "path", None)
    if path is None:
        return Path.cwd() / "exports"
    folder = Path(path).resolve().parent
    if folder.name == "data":
        return folder.parent / "exports"
    return folder / "exports"


def write_atomic(path: Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` through a side file; nothing half-written is left behind."""
    path = Path(path)
    partial = path.with_name(f".{path.name}.partial")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial.write_bytes(data)
        os.replace(partial, path)
    except OSError as exc:
        with contextlib.suppress(OSError):  # the side file may not even have been made
            partial.unlink(missing_ok=True)
        if exc.errno == 28:  # ENOSPC
            raise DiskFullError(f"{path}: the disk is full; nothing was written. Free some "
                                "space and export again.") from exc
        raise ExportError(f"{path}: cannot be written ({exc.strerror or exc}). Pick a folder "
                          "you can write to with --out.") from exc
    return path


def write_text_atomic(path: Path, text: str) -> Path:
    return write_atomic(path, text.encode("utf-8"))
