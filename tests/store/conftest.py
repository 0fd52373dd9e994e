"""Fixtures for store tests: a workbook file in a temporary folder, and file snapshots."""

from __future__ import annotations

import contextlib
import hashlib
import sqlite3
from pathlib import Path

import pytest

from workbook import Workbook
from workbook.model import Partnership


def partnership() -> Partnership:
    return Partnership(working_title="Harbour Manufacturing Partnership",
                       sector="Advanced manufacturing", region="Harbour County")


@pytest.fixture
def wb_path(tmp_path: Path) -> Path:
    return tmp_path / "harbour.sqlite"


@pytest.fixture
def wb(backend: str, wb_path: Path, new_target):
    """A workbook file (or database partnership), open, closed after the test."""
    workbook = Workbook.create(wb_path if backend == "sqlite" else new_target("harbour"),
                               partnership())
    yield workbook
    workbook.close()


@pytest.fixture
def file_wb(wb_path: Path):
    """A workbook file, open: for what only a file has (bytes, WAL, backups)."""
    workbook = Workbook.create(wb_path, partnership())
    yield workbook
    workbook.close()


@pytest.fixture
def mem(backend: str, new_target):
    """A workbook in memory (or a database partnership): for rules that need no file."""
    workbook = (Workbook.memory(partnership()) if backend == "sqlite"
                else Workbook.create(new_target("mem"), partnership()))
    yield workbook
    workbook.close()


def _snapshot(path: Path) -> dict[str, object]:
    """Raw bytes of the main file and its WAL, plus a hash of the logical content."""
    state: dict[str, object] = {}
    for suffix in ("", "-wal", "-journal"):
        part = Path(f"{path}{suffix}")
        state[suffix or "main"] = part.read_bytes() if part.exists() else None
    if path.exists() and path.stat().st_size:
        uri = f"{path.resolve().as_uri()}?mode=ro"
        with contextlib.closing(sqlite3.connect(uri, uri=True)) as conn:
            try:
                dump = "\n".join(conn.iterdump())
            except sqlite3.DatabaseError as exc:  # not a database: bytes say enough
                dump = f"unreadable: {exc}"
        state["dump"] = hashlib.sha256(dump.encode()).hexdigest()
    return state


@pytest.fixture
def snapshot():
    """``snapshot(path)``: compare two of them to prove a file was left as it was."""
    return _snapshot
