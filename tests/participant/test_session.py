"""The participant's kernel: which workbook, opened so that nothing can be written."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from workbook import Organisation, Workbook
from workbook.errors import NewerWorkbookError, NotAWorkbookError, WorkbookError
from workbook.participant.session import open_read_only, participant_workbook_path
from workbook.testing.contributions import file_state


def test_session_read_only_workbook_refuses_writes(demo_path: Path) -> None:
    """Reads work; a write fails with a workbook error and the file keeps its bytes."""
    wb = open_read_only(demo_path)
    try:
        before = file_state(demo_path)
        assert wb.partnership.display_name
        with pytest.raises(WorkbookError):
            wb.add(Organisation(name="Nope", partner_type="business"))
        assert file_state(demo_path) == before
    finally:
        wb.close()


def test_session_copy_keeps_the_partnership_id(demo_path: Path, tmp_path: Path) -> None:
    """A copy of the file (what Binder serves) has the facilitator's partnership id."""
    copy = tmp_path / "copy.sqlite"
    copy.write_bytes(demo_path.read_bytes())
    original = Workbook.open(demo_path, daily_backup=False)
    shared = open_read_only(copy)
    try:
        assert shared.partnership_uid() == original.partnership_uid()
    finally:
        original.close()
        shared.close()


def test_session_newer_and_foreign_files_are_refused(demo_path: Path, tmp_path: Path) -> None:
    """A newer schema and a file that is no workbook are said plainly."""
    with sqlite3.connect(demo_path) as conn:
        conn.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    with pytest.raises(NewerWorkbookError):
        open_read_only(demo_path)
    other = tmp_path / "other.sqlite"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE t (x)")
    with pytest.raises(NotAWorkbookError):
        open_read_only(other)


def test_session_prefers_the_committed_meeting_workbook(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """data/meeting.sqlite wins over the demo; $WORKBOOK wins over both."""
    (tmp_path / "notebooks").mkdir()
    (tmp_path / "data").mkdir()
    monkeypatch.delenv("WORKBOOK", raising=False)
    assert participant_workbook_path(tmp_path) == tmp_path / "data" / "demo.sqlite"
    (tmp_path / "data" / "meeting.sqlite").write_bytes(b"")
    assert participant_workbook_path(tmp_path) == tmp_path / "data" / "meeting.sqlite"
    monkeypatch.setenv("WORKBOOK", str(tmp_path / "x.sqlite"))
    assert participant_workbook_path(tmp_path) == tmp_path / "x.sqlite"
    monkeypatch.setenv("WORKBOOK", "data/y.sqlite")  # from the project, not notebooks/
    assert participant_workbook_path(tmp_path) == tmp_path.resolve() / "data" / "y.sqlite"


def test_session_visitor_key_from_the_query() -> None:
    """Only one well-formed key (32 lowercase hex digits) counts; anything else is none."""
    from workbook.participant.session import visitor_from_query

    key = "0123456789abcdef" * 2
    assert visitor_from_query(f"meeting=2&visitor={key}") == key
    for query in ("", "visitor=", f"visitor={key}&visitor={key}", f"visitor={key}0",
                  "visitor=../../etc/passwd", f"visitor={key.upper()}",
                  f"visitor={key}&pad={'x' * 5_000}"):
        assert visitor_from_query(query) is None, query


def test_session_meeting_in_the_query_is_checked_for_length_first() -> None:
    """5,000 digits (past Python's int limit) are refused as a message, not a traceback."""
    from workbook.participant.session import meeting_from_query

    assert meeting_from_query("meeting=4") == (4, "")
    for value in ("9" * 5_000, "9" * 25):
        meeting, problem = meeting_from_query(f"meeting={value}")
        assert meeting is None and "not a meeting id" in problem
