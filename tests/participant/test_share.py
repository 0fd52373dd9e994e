"""The shared copy: only what the participant app shows, nothing left in free pages."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest

from workbook import Meeting, NameCandidate, Person, Workbook
from workbook.cli import main
from workbook.errors import WorkbookExistsError
from workbook.participant.contribution import build, parse
from workbook.participant.session import open_read_only
from workbook.participant.share import write_shared_copy
from workbook.testing.contributions import NEWCOMER


def _count(path: Path, table: str) -> int:
    with sqlite3.connect(path) as conn:
        return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


@pytest.fixture
def shared(meeting_wb: Workbook, tmp_path: Path) -> Path:
    """A copy written while a named vote is open with one ballot in it."""
    vote = meeting_wb.open_vote_now()
    meeting_wb.close_vote(vote.id)
    named = meeting_wb.open_vote(dots_per_participant=3)
    meeting_wb.cast_dots(named.id, {meeting_wb.all(NameCandidate)[0].id: 2},
                         person_id=meeting_wb.all(Person)[0].id)
    return write_shared_copy(meeting_wb, tmp_path / "repo" / "data" / "meeting.sqlite")


def test_share_removes_what_participants_must_not_read(meeting_wb: Workbook,
                                                       shared: Path) -> None:
    """No private rows, no e-mail address or meeting note anywhere in the file's bytes."""
    for table in ("attendance", "comment", "action", "health_check", "review_note",
                  "capacity_rating", "ballot", "vote_roll", "imported_item"):
        assert _count(shared, table) == 0, table
    raw = shared.read_bytes()
    emails = [p.email for p in meeting_wb.all(Person) if p.email]
    assert emails and not any(e.encode() in raw for e in emails)
    assert not re.search(rb"[a-z]+@[a-z]+\.example\.org", raw)
    note = next(m.notes for m in meeting_wb.all(Meeting) if len(m.notes) > 40)
    assert note[:40].encode() not in raw


def test_share_keeps_closed_results_but_not_open_ones(meeting_wb: Workbook,
                                                      shared: Path) -> None:
    """Totals of closed votes stay (they are results); an open vote's are gone."""
    open_vote = meeting_wb.open_vote_now()
    with sqlite3.connect(shared) as conn:
        votes = dict(conn.execute("SELECT id, status FROM name_vote").fetchall())
        kept = {v for (v,) in conn.execute("SELECT DISTINCT vote_id FROM tally")}
    assert votes[open_vote.id] == "open" and open_vote.id not in kept
    assert kept and all(votes[v] == "closed" for v in kept)


def test_share_copy_works_for_the_app_and_its_files_import(meeting_wb: Workbook,
                                                           shared: Path) -> None:
    """The copy opens read-only, keeps the partnership id, and its files import."""
    copy = open_read_only(shared)
    try:
        raw = build(copy, NEWCOMER, [{"kind": "comment", "text": "From the copy"}])
    finally:
        copy.close()
    assert parse(raw, meeting_wb).items[0]["text"] == "From the copy"
    assert not Path(f"{shared}-wal").exists() or Path(f"{shared}-wal").stat().st_size == 0


def test_share_refuses_to_overwrite(meeting_wb: Workbook, shared: Path) -> None:
    """An existing copy is kept unless replacing it is asked for."""
    with pytest.raises(WorkbookExistsError):
        write_shared_copy(meeting_wb, shared)
    assert write_shared_copy(meeting_wb, shared, overwrite=True) == shared


def test_share_command(meeting_wb: Workbook, tmp_path: Path,
                       capsys: pytest.CaptureFixture) -> None:
    """`workbook share-copy PATH OUT` writes the copy and says what to do next."""
    meeting_wb.close()
    out = tmp_path / "meeting.sqlite"
    assert main(["share-copy", str(meeting_wb.path), str(out)]) == 0
    assert out.exists() and "commit it" in capsys.readouterr().out
    assert main(["share-copy", str(meeting_wb.path), str(out)]) == 2


def test_share_drops_readings_and_wins(meeting_wb: Workbook, shared: Path) -> None:
    """A public copy holds no reading and no win: a person agreed to be named to the
    partners, not in a public repository. The app still offers the outcomes to read."""
    from workbook import Outcome, Win

    for table in ("reading", "win", "win_partner"):
        assert _count(shared, table) == 0, table
    named = next(w.person_name for w in meeting_wb.all(Win) if w.person_name)
    assert named.encode() not in shared.read_bytes()
    assert _count(shared, "outcome") == len(meeting_wb.all(Outcome))


def _shown(widget, out: list) -> list:
    """Everything a participant can read in the app: each widget's kind, label, value and
    choices, depth first."""
    import ipywidgets as w

    if isinstance(widget, w.Box):
        for child in widget.children:
            _shown(child, out)
        return out
    value = getattr(widget, "value", None)
    value = re.sub(r"\d+ people have voted", "N people have voted", value) \
        if isinstance(value, str) else value  # the roll of who voted stays home
    out.append((type(widget).__name__, getattr(widget, "description", ""), value,
                tuple(getattr(widget, "options", ()))))
    return out


def test_share_allow_list_holds_exactly_what_the_participant_app_shows(
        meeting_wb: Workbook, tmp_path: Path) -> None:
    """Probe 29: the app shows the same from the copy as from the workbook (for every
    organization's profile too), and nothing outside the allow-list is left: no person,
    decision, note, evidence, location, agenda or lesson."""
    import ipywidgets  # noqa: F401

    from workbook import Organisation
    from workbook.participant.share import KEPT
    from workbook.store.schema import metadata
    from workbook.views.participant.app import ParticipantView

    marker = "Zq7Leak"
    for table in ("decision", "problem", "resource", "cause", "solution", "meeting"):
        with sqlite3.connect(meeting_wb.path) as conn:
            texts = [c.name for c in metadata.tables[table].columns
                     if str(c.type) == "TEXT" and c.name not in KEPT[table]
                     ] if table in KEPT else ["rationale", "text"]
            for column in texts:
                conn.execute(f"UPDATE {table} SET {column} = '{marker} ' || {column}")
    shared = write_shared_copy(meeting_wb, tmp_path / "repo" / "data" / "meeting.sqlite")
    raw = shared.read_bytes()
    assert marker.encode() not in raw
    people = [p.name for p in meeting_wb.all(Person)]
    assert people and not any(name.encode() in raw for name in people)
    for table in metadata.sorted_tables:
        if table.name not in KEPT:
            assert _count(shared, table.name) == 0, table.name

    def views(wb: Workbook, folder: Path) -> list:
        view = ParticipantView(wb, folder=folder)
        seen = _shown(view.widget, [])
        for org in wb.all(Organisation):  # the profile shown to each organization
            view.name.value, view.organisation.value = "Visitor", org.name
            view.set_identity()
            seen += _shown(view.profile.widget, [])
        view.close()
        return seen

    with open_read_only(shared) as copy:
        assert views(copy, tmp_path / "a") == views(meeting_wb, tmp_path / "b")
