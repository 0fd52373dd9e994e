"""Upgrading a schema-1 workbook (tests/fixtures/workbook_v1.sqlite) to the current schema."""

from __future__ import annotations

import contextlib
import datetime as dt
import runpy
import shutil
import sqlite3
from pathlib import Path

import pytest

from workbook import Meeting, NameVote, Organisation, Partnership, Resource, Workbook
from workbook.errors import DamagedWorkbookError, DiskFullError
from workbook.store import SCHEMA_VERSION, list_backups, migrations

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "workbook_v1.sqlite"


@pytest.fixture
def v1(tmp_path: Path) -> Path:
    """A private copy of the schema-1 fixture."""
    return Path(shutil.copy(FIXTURE, tmp_path / "lakeshore.sqlite"))


def _schema(path: Path) -> dict[str, object]:
    """Tables with their PRAGMA table_info rows, and the index names, of one file."""
    uri = f"{path.resolve().as_uri()}?mode=ro"
    with contextlib.closing(sqlite3.connect(uri, uri=True)) as conn:
        tables = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        info = {t: conn.execute(f"PRAGMA table_info({t})").fetchall() for t in tables}
        indexes = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE "
            "'sqlite_autoindex%' ORDER BY name")]
        version = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'"
                               ).fetchone()[0]
    return {"tables": info, "indexes": indexes, "version": version}


def test_fixture_is_schema_1():
    """The committed fixture really is an old file: schema 1, no comment table."""
    schema = _schema(FIXTURE)
    assert schema["version"] == "1"
    assert "comment" not in schema["tables"] and "imported_item" not in schema["tables"]
    assert "created_at" not in [c[1] for c in schema["tables"]["resource"]]
    header = FIXTURE.read_bytes()[:100]
    assert int.from_bytes(header[68:72], "big") == 0x50574B42  # application_id
    assert header[18:20] == b"\x01\x01"  # rollback journal, not WAL: one file to commit


def _dump(path: Path) -> list[str]:
    uri = f"{path.resolve().as_uri()}?mode=ro"
    with contextlib.closing(sqlite3.connect(uri, uri=True)) as conn:
        return list(conn.iterdump())


def test_fixture_matches_its_script(tmp_path):
    """The committed fixture holds exactly what make_v1_fixture.py writes."""
    script = runpy.run_path(str(FIXTURE.with_name("make_v1_fixture.py")))
    rebuilt = script["build"](tmp_path / "rebuilt.sqlite")
    assert _dump(rebuilt) == _dump(FIXTURE)
    assert _schema(rebuilt) == _schema(FIXTURE)


def test_upgrade_on_open_keeps_data(v1):
    """Opening a schema-1 file upgrades it and keeps every record it held."""
    with Workbook.open(v1) as wb:
        assert wb.partnership.working_title == "Lakeshore Food Processing Partnership"
        assert wb.partnership.shared_goals == ("Fill 40 line-technician posts by spring",
                                               "Halve the time to hire")
        assert [o.name for o in wb.all(Organisation)][-1] == "Café Éléphant"
        assert wb.count(Organisation) == 5
        (meeting,) = wb.all(Meeting)
        assert meeting.agenda[1] == "What each partner brings and needs"
        assert [p.name for p in wb.attendees(meeting.id)][0] == "Dana Okafor"
        assert wb.resource_links() == [(3, 2)]
        assert [(r.candidate.name, r.dots) for r in wb.results(1)] == [
            ("Lakeshore Makers", 4), ("Food Works Lakeshore", 2)]
        assert wb.get(NameVote, 1).anonymous is True
    assert _schema(v1)["version"] == str(SCHEMA_VERSION)


def test_upgrade_backfills_resource_timestamps(v1):
    """Resources get created/updated times from the day they were found, or none."""
    with Workbook.open(v1) as wb:
        stamps = {r.name: (r.found_on, r.created_at, r.updated_at)
                  for r in wb.all(Resource)}
    found = dt.date(2025, 9, 20)
    assert stamps["Food Safety Certificate"] == (
        found, dt.datetime(2025, 9, 20), dt.datetime(2025, 9, 20))
    assert stamps["Bus route 12 to the industrial park"] == (None, None, None)


def test_upgrade_makes_backup_before(v1):
    """The untouched schema-1 file is copied aside as before-upgrade-v1 first."""
    original = _schema(v1)
    Workbook.open(v1).close()
    backups = list_backups(v1)
    assert [b.reason for b in backups] == ["before-upgrade-v1"]
    assert _schema(backups[0].path) == original


def test_upgrade_matches_fresh_schema(v1, tmp_path):
    """After the upgrade every table has exactly the columns of a freshly created one."""
    Workbook.open(v1).close()
    fresh = tmp_path / "fresh.sqlite"
    Workbook.create(fresh, Partnership(working_title="t", sector="s", region="r")).close()
    upgraded, created = _schema(v1), _schema(fresh)
    assert sorted(upgraded["tables"]) == sorted(created["tables"])
    for table, columns in created["tables"].items():
        assert upgraded["tables"][table] == columns, table
    assert upgraded["indexes"] == created["indexes"]


def test_upgraded_workbook_takes_new_records(v1):
    """The tables added by the upgrade are usable straight away."""
    from workbook import Comment

    with Workbook.open(v1) as wb:
        comment = wb.add(Comment(author="Mei", text="Could the bus stop at Pine Ridge?"))
        resource = wb.add(Resource(name="Evening shuttle pilot"))
    assert comment.id == 1 and resource.created_at is not None


def _step_then(failure: BaseException):
    def after_step(**_: object) -> None:
        raise failure  # called once the step's real work is done: there is something to undo
    return after_step


@pytest.mark.parametrize(("failure", "error"), [
    (sqlite3.OperationalError("database or disk is full"), DiskFullError),
    (RuntimeError("a bug in a step"), RuntimeError),
])
def test_upgrade_failing_step_leaves_file_unchanged(v1, monkeypatch, snapshot, failure,
                                                   error):
    """A step that fails half-way leaves the file byte for byte as it was."""
    monkeypatch.setattr(migrations, "after_step", _step_then(failure))
    before = snapshot(v1)
    with pytest.raises(error):
        Workbook.open(v1)
    assert snapshot(v1) == before
    assert not Path(f"{v1}-journal").exists()
    assert [b.reason for b in list_backups(v1)] == ["before-upgrade-v1"]


def test_upgrade_from_unknown_schema_refused_unchanged(v1, snapshot):
    """A schema no step starts from is refused clearly and left alone."""
    with contextlib.closing(sqlite3.connect(v1)) as conn:
        conn.execute("UPDATE meta SET value = '0' WHERE key = 'schema_version'")
        conn.commit()
    before = snapshot(v1)
    with pytest.raises(DamagedWorkbookError, match="schema 0"):
        Workbook.open(v1)
    assert snapshot(v1) == before


def test_upgrade_keeps_outcomes_and_adds_measurement(v1):
    """Schema 4 rebuilds the outcome table: stored outcomes keep their ids and fields,
    count as higher-is-better, and take readings and wins straight away."""
    from workbook import Outcome, Reading, Win

    with contextlib.closing(sqlite3.connect(v1)) as conn:
        org = conn.execute("SELECT id FROM organisation ORDER BY id").fetchone()[0]
        conn.execute("INSERT INTO outcome (id, version, description, measure, benchmark, "
                     "target, due_on, owner_id) VALUES (7, 3, 'Hires kept', 'share', '61%', "
                     "'75%', '2026-12-31', ?)", (org,))
        conn.commit()
    wb = Workbook.open(v1)
    try:
        outcome = wb.get(Outcome, 7)
        assert (outcome.version, outcome.description, outcome.benchmark, outcome.owner_id,
                outcome.direction, outcome.target_value) == (3, "Hires kept", "61%", org,
                                                              "higher", None)
        wb.add(Reading(outcome_id=7, read_on="2026-01-31", value=64))
        wb.add_win(Win(won_on="2026-02-01", description="Hired"), [org])
        assert len(wb.readings(7)) == 1 and wb.win_partner_rows()
    finally:
        wb.close()


def test_upgrade_moves_meeting_decisions_into_the_log(v1):
    """Each meeting's plain list of decisions becomes decision records, in order."""
    from workbook.model import Decision

    with Workbook.open(v1) as wb:
        (meeting,) = wb.all(Meeting)
        decisions = wb.decisions(meeting.id)
    assert [(d.text, d.method) for d in decisions] == [
        ("Meet on the second Tuesday of each month", "not_recorded")]
    assert all(isinstance(d, Decision) for d in decisions)
