"""Where a workbook's backups are kept and which exist, newest last.

A copy lives at ``backups/<stem>/<stem>-<YYYYmmdd-HHMMSS>-<reason>.sqlite`` beside the
workbook. Taking and restoring copies is ``backups.py``; both it and ``files.py`` (which
names the newest copy in its messages) read this index.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Backup", "backup_dir", "list_backups", "newest_backup"]


@dataclass(frozen=True)
class Backup:
    path: Path
    taken_at: dt.datetime
    reason: str

    def __str__(self) -> str:
        return str(self.path)

    @property
    def size(self) -> int:
        """Size of the copy in bytes (0 if it has been removed meanwhile)."""
        try:
            return self.path.stat().st_size
        except FileNotFoundError:
            return 0


def backup_dir(workbook: Path) -> Path:
    return workbook.parent / "backups" / workbook.stem


def _parse(workbook: Path, file: Path) -> Backup | None:
    parts = file.stem[len(workbook.stem) + 1:].split("-", 2)
    try:
        taken = dt.datetime.strptime(f"{parts[0]}-{parts[1]}", "%Y%m%d-%H%M%S")
    except (ValueError, IndexError):
        return None
    return Backup(file, taken, parts[2] if len(parts) > 2 else "")


def list_backups(workbook: Path) -> list[Backup]:
    """Backups of ``workbook``, oldest first."""
    folder = backup_dir(workbook)
    if not folder.is_dir():
        return []
    prefix = f"{workbook.stem}-"  # compared as text: a name may hold glob characters
    found = [b for file in folder.iterdir()
             if file.name.startswith(prefix) and file.suffix == ".sqlite"
             and (b := _parse(workbook, file)) is not None]
    return sorted(found, key=lambda b: (b.taken_at, b.path.name))


def newest_backup(workbook: Path) -> Backup | None:
    backups = list_backups(workbook)
    return backups[-1] if backups else None
