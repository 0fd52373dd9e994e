"""Sheet imports store in short batches, leave the lock free between them, and resume."""

from __future__ import annotations

import contextlib
import sqlite3

import pytest

from workbook import Workbook
from workbook.errors import ImportFileError
from workbook.interchange import sheet_store, sheets
from workbook.model import Organisation, Resource
from workbook.store import bulk
from workbook.testing import make_partnership

DATA = b"Name,Owner\nA,Valley College\nB,Valley College\nC,Hill Board\nD,Hill Board\n"


@pytest.fixture
def filed(tmp_path):
    wb = Workbook.create(tmp_path / "wb.sqlite", make_partnership())
    wb.add(Organisation(name="Valley College", partner_type="semi_public"))
    wb.add(Organisation(name="Hill Board", partner_type="government"))
    yield wb
    wb.close()


def test_each_batch_is_committed_and_the_lock_free_before_the_next(filed, monkeypatch):
    """Between batches another connection sees the stored rows and can take the write lock
    at once (timeout 0): the import is short transactions, not one long one."""
    monkeypatch.setattr(sheet_store, "BATCH", 2)
    monkeypatch.setattr(bulk, "PAUSE", 0)
    seen = []

    def between(done, total):
        with contextlib.closing(sqlite3.connect(filed.path, timeout=0)) as other:
            other.execute("BEGIN IMMEDIATE")
            seen.append(other.execute("SELECT count(*) FROM resource").fetchone()[0])
            other.execute("UPDATE organisation SET mission = 'edited' WHERE id = 1")
            other.execute("COMMIT")

    preview = sheets.preview_sheet(filed, "s.csv", DATA)
    entities = [r.entity for r in preview.rows]
    stored, skipped = sheet_store.store_resources(filed, entities, progress=between, batch=2)
    assert seen == [2, 4] and len(stored) == 4 and skipped == 0
    assert filed.get(Organisation, 1).mission == "edited"


def test_an_import_stopped_half_way_is_resumed_by_importing_again(filed):
    """A batch refused after the first: the first stays, the message says to import again,
    and importing the same sheet again adds exactly the rest."""
    preview = sheets.preview_sheet(filed, "s.csv", DATA)
    hill = filed.organisation_named("Hill Board")

    def remove_hill(done, total):
        if done == 2:
            filed.delete(Organisation, hill.id)

    entities = [r.entity for r in preview.rows]
    with pytest.raises(ImportFileError, match="2 of 4 new entries were stored.*again"):
        sheet_store.store_resources(filed, entities, progress=remove_hill, batch=2)
    assert sorted(r.name for r in filed.all(Resource)) == ["A", "B"]
    filed.add(Organisation(name="Hill Board", partner_type="government"))
    again = sheets.preview_sheet(filed, "s.csv", DATA)
    assert [r.outcome for r in again.rows] == ["skip", "skip", "new", "new"]
    sheets.import_sheet(filed, again)
    assert sorted(r.name for r in filed.all(Resource)) == ["A", "B", "C", "D"]


def test_a_first_batch_refused_stores_nothing(filed):
    """When the first batch is refused nothing is stored and the message says so."""
    preview = sheets.preview_sheet(filed, "s.csv", DATA)
    filed.delete(Organisation, filed.organisation_named("Valley College").id)
    with pytest.raises(ImportFileError, match="Nothing was imported"):
        sheets.import_sheet(filed, preview)
    assert filed.count(Resource) == 0


def test_batches_skip_entries_already_on_the_map_in_any_spelling(filed):
    """An entry stored meanwhile under another case or with an invisible character is
    skipped, not stored twice."""
    preview = sheets.preview_sheet(filed, "s.csv", DATA)
    valley = filed.organisation_named("Valley College")
    filed.add(Resource(name="a", owner_id=valley.id))
    filed.add(Resource(name="B\u200b", owner_id=valley.id))
    result = sheets.import_sheet(filed, preview)
    assert result.skipped == 2 and len(result.stored) == 2
    assert filed.count(Resource) == 4
