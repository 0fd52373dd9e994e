"""Helpers for the robustness tests: workbook files on disk and worker processes.

Imported by the test modules of this folder (pytest puts the folder on ``sys.path``).
"""

from __future__ import annotations

import contextlib
import sqlite3
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from workbook import Meeting, Organisation, Workbook
from workbook.store.postgres import DbTarget
from workbook.testing import make_partnership

WORKERS = Path(__file__).with_name("robustness_workers.py")


@dataclass
class Seeded:
    """A closed workbook file and the ids the workers edit."""

    path: Path | DbTarget
    org: int
    meeting: int
    others: list[int] = field(default_factory=list)


def as_argument(target: Path | DbTarget) -> str:
    """A workbook target as one command-line word (``URL#slug`` for a database)."""
    if isinstance(target, DbTarget):
        return f"{target.url}#{target.slug}"
    return str(target)


def from_argument(word: str) -> Path | DbTarget:
    """The target ``as_argument`` wrote."""
    if "://" in word:
        url, _, slug = word.rpartition("#")
        return DbTarget(url, slug)
    return Path(word)


def seeded_workbook(path: Path | DbTarget, *, extra_orgs: int = 0) -> Seeded:
    """A workbook file with one organisation and one meeting, closed as a kernel leaves it."""
    wb = Workbook.create(path, make_partnership())
    try:
        org = wb.add(Organisation(name="Harbourline Fabrication", mission="0"))
        meeting = wb.add(Meeting(held_on="2026-03-10", objective="Agree the first steps"))
        others = [wb.add(Organisation(name=f"Partner {n}", mission="0")).id
                  for n in range(extra_orgs)]
    finally:
        wb.close()
    return Seeded(path, org.id, meeting.id, others)


def quick_check(path: Path | DbTarget) -> str:
    """SQLite's own check of a file; a database partnership answers "ok" (nothing to check)."""
    if isinstance(path, DbTarget):
        return "ok"
    with contextlib.closing(sqlite3.connect(path)) as conn:
        return conn.execute("PRAGMA quick_check").fetchone()[0]


def files_beside(path: Path) -> dict[str, bytes]:
    """Every file in the folder of ``path`` with its bytes (sub-folders by name only)."""
    return {p.name: (p.read_bytes() if p.is_file() else b"<dir>")
            for p in sorted(path.parent.iterdir())}


class Worker:
    """One worker process (see ``robustness_workers.py``) speaking lines on stdin/stdout."""

    def __init__(self, mode: str, path: Path | DbTarget, *args: object) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, str(WORKERS), mode, as_argument(path), *map(str, args)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            text=True, bufsize=1)

    def readline(self) -> str:
        assert self.proc.stdout is not None
        return self.proc.stdout.readline()

    def wait_ready(self) -> None:
        line = self.readline()
        if line.strip() != "ready":
            self.proc.kill()
            _, err = self.proc.communicate(timeout=10)
            raise AssertionError(f"worker did not start: {line!r} {err}")

    def send(self, line: str) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(line + "\n")
        self.proc.stdin.flush()

    def finish(self, timeout: float = 60) -> list[str]:
        """Wait for the worker to end; its remaining output lines (fails on a crash)."""
        out, err = self.proc.communicate(timeout=timeout)
        assert self.proc.returncode == 0, f"worker failed ({self.proc.returncode}): {err}"
        return out.splitlines()

    def kill(self) -> list[str]:
        """SIGKILL the worker; every complete line it printed before dying."""
        self.proc.kill()
        out, _ = self.proc.communicate(timeout=10)
        return [line for line in out.split("\n")[:-1]]  # a cut-off last line is no ack
