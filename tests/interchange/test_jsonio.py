"""JSON export and import of whole workbooks: exact, sorted, refused whole when wrong."""

from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path

import pytest
import sqlalchemy as sa

from workbook import (
    ActionItem,
    CapacityRating,
    Cause,
    ChecklistMark,
    Comment,
    HealthCheck,
    Meeting,
    NameCandidate,
    Organisation,
    Outcome,
    Partnership,
    Person,
    PhaseChange,
    Problem,
    Reading,
    Resource,
    ReviewNote,
    Solution,
    Win,
    Workbook,
)
from workbook.errors import ExportError, ImportFileError, WorkbookExistsError
from workbook.interchange import jsonio
from workbook.interchange.jsonio import FORMAT, export_json, import_json, to_text, write_json
from workbook.model import ENTITIES, Decision, EvaluationAnswer
from workbook.store.schema import SCHEMA_VERSION, imported_file, imported_item


def _full(wb: Workbook) -> Workbook:
    """One or more of every entity and every link table, with edits and odd text."""
    own = wb.add(Organisation(name="Harbour Workforce Board", partner_type="own"))
    org = wb.add(Organisation(name="Ærø Værft", mission="<b>Ships</b> & boats"))
    wb.update(Organisation, org.id, {"needs": "Welders\nand fitters"})
    ana = wb.add(Person(name="Ana Ruiz", organisation_id=org.id, email="ana@example.org"))
    ben = wb.add(Person(name="بن علي", organisation_id=own.id))
    meeting = wb.add(Meeting(held_on="2026-03-10", objective="Kick off 👩🏽‍🔧",
                             agenda=["Welcome", "e\u0301tape deux"]))
    wb.add_attendee(meeting.id, ana.id)
    wb.add_attendee(meeting.id, ben.id)
    call = wb.add(ActionItem(action="Call the college", owner_id=ana.id, due_on="2026-04-01",
                             meeting_id=meeting.id))
    _meeting_room(wb, meeting.id, call.id, ana.id, ben.id)
    wb.add(Comment(author="Chi", meeting_id=meeting.id, text="More night buses"))
    wb.add(Meeting(held_on="2026-04-21", objective="Next: the welding cohort",
                   status="planned", starts_at="14:30", location="Dock 4",
                   join_link="https://meet.example.org/harbour?x=1&y=2",
                   agenda=["Welcome", "Review the action: Call the college"]))
    outcome = wb.add(Outcome(description="40 welders hired", owner_id=org.id, unit="%",
                             direction="lower", indicator="time_to_fill",
                             baseline_value=61.25, benchmark_value=0.1, target_value=75))
    wb.add(Reading(outcome_id=outcome.id, read_on="2026-03-01", value=-0.0000123,
                   reported_by="Ana Ruiz", organisation_id=org.id, source="Payroll"))
    wb.add(Reading(outcome_id=outcome.id, read_on="2026-04-01", text="Not counted yet 🙈",
                   note="Line\nbreak"))
    win = wb.add_win(Win(won_on="2026-03-20", win_kind="hired", description="A welder hired",
                         person_name="Dana Ø", consent_on="2026-03-21",
                         outcome_id=outcome.id, meeting_id=meeting.id), [org.id, own.id])
    wb.add_win(Win(won_on="2026-03-22", win_kind="program_changed",
                   description="Night class opened"))
    assert win.id is not None
    resource = wb.add(Resource(name="Welding certificate", owner_id=own.id,
                               found_on="2026-01-05"))
    problem = wb.add(Problem(statement="Welders leave", raised_by_id=ana.id))
    later = wb.add(Cause(problem_id=problem.id, statement="Pay lags"))
    early = wb.add(Cause(problem_id=problem.id, statement="Survey old", is_root=True))
    wb.update(Cause, later.id, {"parent_id": early.id})  # points forward in the file
    wb.update(Cause, early.id, {"statement": "Survey is old"})
    wb.link_resource(resource.id, early.id)
    wb.add(Solution(problem_id=problem.id, cause_id=early.id, description="New survey"))
    wb.add(ReviewNote(text="Both train welders", organisation_id=org.id))
    wb.add(CapacityRating(organisation_id=own.id, competency="vision_goals", rating=3))
    wb.add(HealthCheck(organisation_id=org.id, checked_on="2026-03-11", services=2))
    wb.add(PhaseChange(phase="planning", changed_on="2026-02-01"))
    wb.add(ChecklistMark(phase="preparation", item=_first_item(), done=True,
                         done_on="2026-01-20"))
    a = wb.add(NameCandidate(name="Harbour Makers", proposed_by_id=ana.id))
    b = wb.add(NameCandidate(name="Weld Works"))
    named = wb.open_vote()
    wb.cast_dots(named.id, {a.id: 2}, person_id=ana.id)
    wb.close_vote(named.id)
    secret = wb.open_vote(anonymous=True)
    wb.cast_dots(secret.id, {b.id: 1, a.id: 1}, person_id=ben.id)
    with wb._write() as conn:
        conn.execute(sa.insert(imported_file).values(
            content_hash="f" * 64, participant="Chi", imported_at=dt.datetime(2026, 3, 12, 9)))
        conn.execute(sa.insert(imported_item).values(
            item_key="c" * 64, decision="accepted", entity_kind="comment", entity_id=1))
    return wb


def _meeting_room(wb: Workbook, meeting_id: int, action_id: int, ana: int, ben: int) -> None:
    """Timed items, decisions with stances and a supersession, a review, evaluations."""
    item = wb.time_agenda(meeting_id, minutes=15)[0]
    wb.record_time_spent(item.id, 1_000)
    first = wb.record_decision(Decision(meeting_id=meeting_id, text="Monthly",
                                        agenda_item_id=item.id, method="vote",
                                        rationale="Keeps «pace»"), agreed=[ana],
                               stood_aside=[ben])
    later = wb.add(Meeting(held_on="2026-04-10", objective="Follow up"))
    wb.add(Decision(meeting_id=later.id, text="Every six weeks", supersedes_id=first.id))
    wb.review_action(later.id, action_id, "still_open", new_due_on="2026-05-01")
    wb.add(EvaluationAnswer(meeting_id=meeting_id, objective_met=4, comment="Good\nday"))


def _first_item() -> str:
    from workbook import reference

    return reference.phase("preparation").checklist[0].key


@pytest.fixture
def full(new_target):
    """Every kind and link in one workbook, on each backend."""
    wb = _full(Workbook.create(new_target("full"),
                               Partnership(working_title="Harbour", sector="Ships",
                                           region="Coast", shared_goals=["Jobs"])))
    yield wb
    wb.close()


def _without_time(data):
    return {k: v for k, v in data.items() if k != "exported_at"}


def test_jsonio_round_trip_is_exact(full, tmp_path, new_target):
    """Export, import into a new workbook, export again: identical but for exported_at."""
    first = tmp_path / "first.json"
    write_json(full, first)
    copy_wb = import_json(first, new_target("copy"))
    try:
        again = export_json(copy_wb)
    finally:
        copy_wb.close()
    original = json.loads(first.read_text(encoding="utf-8"))
    assert to_text(_without_time(again)) == to_text(_without_time(original))
    assert all(original[cls.kind] for cls in ENTITIES), "the sample covers every kind"
    assert all(original[name] for name in jsonio.LINKS), "and every link table"


def test_jsonio_export_layout(full):
    """Header first in meaning, ISO dates, lists as lists, each list sorted by its key."""
    data = export_json(full)
    assert data["format"] == FORMAT and data["schema_version"] == SCHEMA_VERSION
    assert dt.datetime.fromisoformat(data["exported_at"]).tzinfo is not None
    meeting = data["meeting"][0]
    assert meeting["held_on"] == "2026-03-10" and meeting["agenda"][1] == "e\u0301tape deux"
    assert data["organisation"][1]["version"] == 2
    for kind in (cls.kind for cls in ENTITIES):
        ids = [r["id"] for r in data[kind]]
        assert ids == sorted(ids)
    pairs = [(r["meeting_id"], r["person_id"]) for r in data["attendance"]]
    assert pairs == sorted(pairs)
    assert data["ballot"] == [{"vote_id": 1, "person_id": 1, "candidate_id": 1, "dots": 2}]
    assert {r["vote_id"] for r in data["tally"]} == {2}


def test_jsonio_text_is_stable_and_readable(full):
    """The text keeps non-ASCII readable, sorts keys and re-dumps to itself."""
    text = to_text(export_json(full))
    assert "Ærø Værft" in text and "\\u" not in text
    assert to_text(json.loads(text)) == text
    top = [f'\n  "{key}": ' for key in ("action", "format", "organisation")]
    assert text.index(top[0]) < text.index(top[1]) < text.index(top[2])


def test_jsonio_write_refuses_the_workbook_itself(full, tmp_path, backend):
    """Exporting onto the workbook's own file, or any database file, is refused."""
    if backend != "sqlite":
        pytest.skip("a database partnership has no file of its own")
    before = Path(full.path).read_bytes()
    with pytest.raises(ExportError, match="is the workbook itself"):
        write_json(full, full.path)
    assert Path(full.path).read_bytes() == before
    other = tmp_path / "other.sqlite"
    Workbook.create(other, Partnership(working_title="t", sector="s", region="r")).close()
    with pytest.raises(ExportError, match="is a database file"):
        write_json(full, other)


def test_jsonio_import_refuses_existing_target(full, tmp_path):
    """Import never replaces a file; the existing one keeps its bytes."""
    target = tmp_path / "taken.sqlite"
    target.write_bytes(b"precious")
    with pytest.raises(WorkbookExistsError, match="new file name"):
        import_json(export_json(full), target)
    assert target.read_bytes() == b"precious"


def _refused(tmp_path, data) -> str:
    target = tmp_path / "new.sqlite"
    with pytest.raises(ImportFileError) as caught:
        import_json(data, target)
    assert list(tmp_path.glob("new.sqlite*")) == [], "no file, side file or WAL is left"
    message = str(caught.value)
    assert "\n" not in message
    return message


@pytest.mark.parametrize(("change", "expected"), [
    (lambda d: d["organisation"][1].update(name=""),
     ["organisation 2", "name", "Give it a name", "Nothing was imported"]),
    (lambda d: d["organisation"][1].update(name="x" * 201),
     ["organisation 2", "name", "over the limit of 200"]),
    (lambda d: d["meeting"][0].update(held_on="10/03/2026"),
     ["meeting 1", "held on", "'10/03/2026'", "YYYY-MM-DD"]),
    (lambda d: d["organisation"][0].update(partner_type="boss"),
     ["organisation 1", "partner type", "'boss'", "Use one of"]),
    (lambda d: d["action"][0].update(owner_id=99),
     ["action 1", "owner_id: 99 is not a person in the file"]),
    (lambda d: d["cause"][0].update(parent_id=1),
     ["cause 1", "parent", "is this cause itself"]),
    (lambda d: d["organisation"][1].update(name="HARBOUR workforce board"),
     ["organisation 1", "name", "already used by another organization"]),
    (lambda d: d["organisation"][1].update(name="Harbour\uffffline"),
     ["organisation 2", "name", "U+FFFF, which is not a character", "Remove it"]),
    (lambda d: d["meeting"][0].update(objective="Plan\ufdd0"),
     ["meeting 1", "objective", "U+FDD0, which is not a character"]),
    (lambda d: d["organisation"][1].update(name="harbour\u200b workforce\u00ad board"),
     ["organisation 1", "name", "already used by another organization"]),
    (lambda d: d["organisation"][1].update(partner_type="own"),
     ["organisation 1", "partner type", "Only one organization can be our own"]),
    (lambda d: d["cause"][1].update(parent_id=1),
     ["cause", "parent", "sub-causes"]),
    (lambda d: d["organisation"][1].update(colour="red"),
     ["organisation 2", "'colour' is not a field"]),
    (lambda d: d["organisation"].append(dict(d["organisation"][0])),
     ["organisation 1", "appears twice"]),
    (lambda d: d["organisation"][0].update(version=0),
     ["organisation 1", "version"]),
    (lambda d: d["ballot"][0].update(vote_id=2),
     ["ballot row 1", "anonymous", "keeps no per-person ballots"]),
    (lambda d: d["attendance"][0].update(person_id=77),
     ["attendance row 1", "person_id", "77 is not a person"]),
    (lambda d: d["imported_file"][0].update(imported_at="yesterday"),
     ["imported_file row 1", "imported_at", "YYYY-MM-DDTHH:MM:SS"]),
    (lambda d: d["meeting"][0].update(agenda="Welcome"),
     ["meeting 1", "agenda", "is not a list"]),
    (lambda d: d.update(partnership=[]),
     ["partnership", "exactly one"]),
    (lambda d: d.update(format="spreadsheet"),
     ["format", "'spreadsheet'", "workbook export-json"]),
    (lambda d: d.update(schema_version=SCHEMA_VERSION + 1),
     ["schema_version", "newer", "pip install -U"]),
    (lambda d: d.update(organisations=[]),
     ["'organisations' is not a part of a workbook export"]),
    (lambda d: d["win"][0].update(consent_on=None),
     ["win 1", "person name", "no consent to be named is recorded"]),
    (lambda d: d["reading"][0].update(value="NaN"),
     ["reading 1", "value", "is not a plausible number"]),
    (lambda d: d["reading"][1].update(read_on=d["reading"][0]["read_on"]),
     ["reading", "read on", "already used by another reading"]),
    (lambda d: d["outcome"][0].update(direction="sideways"),
     ["outcome 1", "direction", "'sideways'"]),
    (lambda d: d["win_partner"][0].update(organisation_id=99),
     ["win_partner row 1", "organisation_id", "99 is not a organisation"]),
])
def test_jsonio_import_refusal_names_kind_id_field_fix(full, tmp_path, change, expected):
    """A bad document is refused whole, with one message naming where and what to do."""
    data = copy.deepcopy(export_json(full))
    change(data)
    message = _refused(tmp_path, data)
    for part in expected:
        assert part in message


def test_jsonio_import_reads_older_schema_exports(full, tmp_path):
    """A schema-1 export (no comments, no import ledger, no resource times) still imports."""
    data = export_json(full)
    for key in ("comment", "imported_file", "imported_item"):
        del data[key]
    for resource in data["resource"]:
        del resource["created_at"], resource["updated_at"]
    for key in ("agenda_item", "action_review", "decision", "evaluation", "decision_stance"):
        del data[key]
    for meeting in data["meeting"]:
        meeting["decisions"] = []
    for vote in data["name_vote"]:
        del vote["max_dots_per_candidate"]
    data["schema_version"] = 1
    with import_json(data, tmp_path / "old.sqlite") as wb:
        assert wb.count(Resource) == 1 and wb.get(Resource, 1).created_at is None


def test_jsonio_import_makes_an_old_exports_empty_future_meeting_planned(full, tmp_path):
    """In an export from before schema 8, a meeting after today that nobody attended and
    with no decision is planned; one with attendance stays held."""
    from workbook.interchange.jsonio_upgrade import upgrade_document

    data = export_json(full)
    data["schema_version"] = 6
    for meeting in data["meeting"]:
        for key in ("status", "starts_at", "join_link"):
            meeting.pop(key)
    future = (dt.date.today() + dt.timedelta(days=30)).isoformat()
    base = max(m["id"] for m in data["meeting"])
    data["meeting"] += [{**data["meeting"][0], "id": base + 1, "held_on": future},
                        {**data["meeting"][0], "id": base + 2, "held_on": future}]
    data["attendance"].append({"meeting_id": base + 2, "person_id": 1})
    with import_json(data, tmp_path / "old.sqlite") as wb:
        status = {m.id: m.status for m in wb.all(Meeting)}
    assert status[base + 1] == "planned" and status[base + 2] == "held"
    assert all(status[m["id"]] == "held" for m in data["meeting"][:-2])
    assert upgrade_document({**data, "schema_version": 8}) == {**data, "schema_version": 8}


@pytest.mark.parametrize(("content", "expected"), [
    (b"{not json", "is not valid JSON: Expecting property name"),
    (b'{"format": "partnership-workbook", "format": "x"}', "appears twice"),
    (b'{"format": NaN}', "NaN"),
    (b"\xff\xfe{}", "is not UTF-8 text"),
    (b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
    (b"[]", "is not a JSON object"),
    (b"SQLite format 3\x00rest", "is a workbook database"),
])
def test_jsonio_import_refuses_unreadable_files(tmp_path, content, expected):
    """Files that are not a readable JSON export get a clear message and no workbook."""
    source = tmp_path / "in.json"
    source.write_bytes(content)
    with pytest.raises(ImportFileError, match=expected):
        import_json(source, tmp_path / "new.sqlite")
    assert not (tmp_path / "new.sqlite").exists()


def test_jsonio_import_size_limit(full, tmp_path, monkeypatch):
    """A file over the size limit is refused before it is read, saying the limit."""
    source = write_json(full, tmp_path / "big.json")
    monkeypatch.setattr(jsonio, "MAX_IMPORT_BYTES", 1000)
    with pytest.raises(ImportFileError, match="MB, over the limit of 0.00095 MB"):
        import_json(source, tmp_path / "new.sqlite")
    assert source.stat().st_size > jsonio.MAX_IMPORT_BYTES


def test_jsonio_default_size_limit_is_50_mb():
    """The default limit is 50 MB: far above a real workbook, far below a runaway file."""
    assert jsonio.MAX_IMPORT_BYTES == 50 * 1024 * 1024


def test_jsonio_imported_workbook_keeps_working(full, tmp_path):
    """New records in an imported workbook get fresh ids after the kept ones."""
    with import_json(export_json(full), tmp_path / "copy.sqlite") as wb:
        added = wb.add(Organisation(name="Kestrel College", partner_type="semi_public"))
        assert added.id == 3
        assert wb.get(Organisation, 2).version == 2
