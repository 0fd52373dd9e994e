"""Opening workbook files: good ones in WAL mode with foreign keys, bad ones refused intact."""

from __future__ import annotations

import contextlib
import random
import sqlite3
from pathlib import Path

import pytest
import sqlalchemy as sa

from workbook import Organisation, Partnership, Person, Workbook
from workbook.errors import (
    DamagedWorkbookError,
    NewerWorkbookError,
    NotAWorkbookError,
    StoreError,
    WorkbookExistsError,
    WorkbookMissingError,
)
from workbook.store import SCHEMA_VERSION


def partnership() -> Partnership:
    return Partnership(working_title="Harbour Partnership", sector="Manufacturing",
                       region="Harbour County")


def _closed_workbook(path: Path) -> Path:
    """A real workbook, closed and folded back into one file (journal_mode DELETE)."""
    wb = Workbook.create(path, partnership())
    wb.add(Organisation(name="Harbourline Fabrication"))
    wb.close()
    with contextlib.closing(sqlite3.connect(path)) as conn:
        conn.execute("PRAGMA journal_mode = DELETE")
    return path


def _missing(path: Path) -> Path:
    return path


def _empty(path: Path) -> Path:
    path.write_bytes(b"")
    return path


def _random_bytes(path: Path) -> Path:
    path.write_bytes(random.Random(7).randbytes(8192))
    return path


def _other_database(path: Path) -> Path:
    with contextlib.closing(sqlite3.connect(path)) as conn:
        conn.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)")
        conn.execute("INSERT INTO meta VALUES ('schema_version', '2')")
        conn.commit()
    return path


def _newer_schema(path: Path) -> Path:
    _closed_workbook(path)
    with contextlib.closing(sqlite3.connect(path)) as conn:
        conn.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'",
                     (str(SCHEMA_VERSION + 1),))
        conn.commit()
    return path


def _cut_short(path: Path) -> Path:
    data = _closed_workbook(path).read_bytes()
    path.write_bytes(data[:4096 + 100])
    return path


def _folder(path: Path) -> Path:
    path.mkdir()
    return path


BAD_FILES = {
    "missing": (_missing, WorkbookMissingError, "workbook new"),
    "empty": (_empty, DamagedWorkbookError, "0 bytes"),
    "random bytes": (_random_bytes, NotAWorkbookError, "not an SQLite database"),
    "another SQLite database": (_other_database, NotAWorkbookError, "not a workbook"),
    "newer schema": (_newer_schema, NewerWorkbookError, "pip install -U"),
    "cut short": (_cut_short, DamagedWorkbookError, "damaged"),
    "a folder": (_folder, NotAWorkbookError, "is a folder"),
}


@pytest.mark.parametrize("case", list(BAD_FILES))
def test_store_open_bad_file_one_clear_error_file_unchanged(tmp_path, snapshot, case):
    """Each kind of bad file gets its own StoreError naming the path, and stays as it was."""
    make, error, hint = BAD_FILES[case]
    path = make(tmp_path / "partners.sqlite")
    before = snapshot(path) if path.is_file() else None
    listing = sorted(p.name for p in tmp_path.iterdir())
    with pytest.raises(error) as caught:
        Workbook.open(path)
    assert isinstance(caught.value, StoreError)
    message = str(caught.value)
    assert str(path) in message and hint in message
    assert "\n" not in message
    if before is not None:
        assert snapshot(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == listing  # no -wal, no backups


def test_store_open_newer_schema_names_both_versions(tmp_path):
    """A newer file says which schema it has and which this code reads."""
    path = _newer_schema(tmp_path / "partners.sqlite")
    with pytest.raises(NewerWorkbookError) as caught:
        Workbook.open(path)
    assert f"schema {SCHEMA_VERSION + 1}" in str(caught.value)
    assert f"reads up to {SCHEMA_VERSION}" in str(caught.value)


def test_store_open_uses_wal_and_foreign_keys(tmp_path):
    """An opened workbook runs in WAL mode with foreign keys enforced."""
    path = _closed_workbook(tmp_path / "partners.sqlite")
    wb = Workbook.open(path, daily_backup=False)
    try:
        with wb.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar_one() == "wal"
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar_one() == 1
        wb.add(Organisation(name="Kestrel College", partner_type="semi_public"))
        assert Path(f"{path}-wal").exists()
        with wb.engine.connect() as conn, \
                pytest.raises(sa.exc.IntegrityError, match="FOREIGN KEY"):
            conn.exec_driver_sql("INSERT INTO person (name, organisation_id, role, email) "
                                 "VALUES ('Ghost', 999, '', '')")
    finally:
        wb.close()
    with Workbook.open(path, daily_backup=False) as again:
        assert again.count(Person) == 0


def test_store_create_refuses_existing_file(tmp_path, snapshot):
    """Creating over an existing file is refused and the file is left as it was."""
    path = _closed_workbook(tmp_path / "partners.sqlite")
    before = snapshot(path)
    with pytest.raises(WorkbookExistsError, match="--force"):
        Workbook.create(path, partnership())
    assert snapshot(path) == before


def test_store_open_makes_one_daily_backup(tmp_path):
    """The first open of a day copies the workbook aside; a second open that day does not."""
    from workbook.store import list_backups

    path = _closed_workbook(tmp_path / "partners.sqlite")
    Workbook.open(path).close()
    Workbook.open(path).close()
    backups = list_backups(path)
    assert [b.reason for b in backups] == ["daily"]
