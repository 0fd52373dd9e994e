"""The one write path: every change is one named step that Undo takes back whole."""

from __future__ import annotations

import contextlib
import itertools
import threading

import psycopg
import pytest
import sqlalchemy as sa

from workbook import Decision, Meeting, Organisation, Person, Workbook
from workbook.errors import ConflictError, ValidationError
from workbook.store.postgres import DbTarget, grant
from workbook.testing import make_partnership


def _names(wb: Workbook) -> list[str]:
    return sorted(p.name for p in wb.all(Person))


def test_change_block_is_one_step_with_label_author_and_source(wb):
    """Everything a block writes is one step, named, signed and placed."""
    org = wb.add(Organisation(name="Valley College", partner_type="semi_public"))
    meeting = wb.add(Meeting(held_on="2027-01-21", objective="Kick-off"))
    with wb.change("Add Rosa Quintero and mark present", source="view Kickoff") as step:
        person = wb.add(Person(name="Rosa Quintero", organisation_id=org.id))
        wb.add_attendee(meeting.id, person.id)
    assert step.counts == {"person": 1, "attendance": 1}
    newest = wb.steps(1)[0]
    assert newest.label == "Add Rosa Quintero and mark present"
    assert newest.source == "view Kickoff"
    assert newest.author == wb.author and wb.author
    assert newest.records == 2
    undone = wb.undo()
    assert undone is not None and undone.batch == newest.batch
    assert _names(wb) == [] and wb.attendees(meeting.id) == []
    assert wb.count(Organisation) == 1  # the step before it stays


def test_change_blocks_nest_as_one_step(wb):
    """An inner block joins the outer step; its label is only used when the outer has none."""
    with wb.change() as outer:
        wb.add(Organisation(name="A", partner_type="business"))
        with wb.change("Inner") as inner:
            wb.add(Organisation(name="B", partner_type="business"))
        assert inner is outer
    assert [s.label for s in wb.steps()] == ["Inner"]
    wb.undo()
    assert wb.count(Organisation) == 0


def test_a_refused_block_stores_nothing_and_logs_nothing(wb):
    """A block that raises rolls back every write and leaves no step behind."""
    before = len(wb.steps())
    with pytest.raises(ValidationError), wb.change("Two people"):
        wb.add(Person(name="Ana Villanueva"))
        wb.add(Person(name=""))  # refused by the model
    assert _names(wb) == [] and len(wb.steps()) == before


def test_a_step_nobody_named_is_described_by_its_first_change(wb):
    """A single write outside any block is a step labelled by what it did."""
    wb.add(Person(name="Dana Okafor"))
    assert wb.steps(1)[0].label == "Added person “Dana Okafor”"


def test_stances_are_logged_so_undo_restores_who_agreed(wb):
    """Undo of a stance correction puts back exactly who agreed and who stood aside."""
    meeting = wb.add(Meeting(held_on="2027-01-21", objective="Decide"))
    ana, ben, cleo = (wb.add(Person(name=n)) for n in ("Ana", "Ben", "Cleo"))
    decision = wb.record_decision(Decision(meeting_id=meeting.id, text="Meet monthly",
                                           method="consensus"),
                                  agreed=[ana.id, ben.id], stood_aside=[cleo.id])
    assert wb.steps(1)[0].counts == {"decision": 1, "decision_stance": 3}
    wb.set_stances(decision.id, agreed=[ana.id, ben.id, cleo.id])
    wb.undo()
    stances = wb.stances(decision.id)
    assert [p.name for p in stances["agreed"]] == ["Ana", "Ben"]
    assert [p.name for p in stances["stood_aside"]] == ["Cleo"]
    wb.undo()  # the decision itself, with its stances
    assert wb.count(Decision) == 0 and wb.stance_rows() == []


def test_undo_takes_back_exactly_the_step_shown_even_if_more_happened(wb):
    """Undo of a named step leaves later, unrelated steps alone."""
    wb.add(Person(name="First"))
    target = wb.steps(1)[0]
    wb.add(Person(name="Second"))
    wb.undo(target.batch)
    assert _names(wb) == ["Second"]
    assert wb.step(target.batch).undone_at is not None
    with pytest.raises(ValidationError, match="already undone"):
        wb.undo(target.batch)


def test_undo_refuses_a_step_whose_records_changed_since(wb):
    """A later edit of the same record makes the earlier step's undo a conflict."""
    person = wb.add(Person(name="Bea Santos"))
    added = wb.steps(1)[0]
    wb.update(Person, person.id, {"role": "Chair"})
    with pytest.raises(ConflictError, match="changed by a later change.*nothing was undone"):
        wb.undo(added.batch)
    assert _names(wb) == ["Bea Santos"]


def test_history_lists_steps_newest_first_with_counts(wb):
    """``steps`` gives label, counts and undone marks, newest first."""
    wb.add_all([Person(name="A"), Person(name="B")])
    wb.add(Organisation(name="Valley College", partner_type="semi_public"))
    wb.undo()
    steps = wb.steps()
    assert [s.counts for s in steps[:2]] == [{"organisation": 1}, {"person": 2}]
    assert steps[0].undone_at is not None and steps[1].undone_at is None
    assert steps[0].as_json()["undone_by"] == wb.author


def test_listeners_hear_each_committed_step_once_after_the_commit(wb):
    """on_step is told once per step, with the kinds touched; a refused step tells nothing."""
    heard = []
    remove = wb.on_step(lambda step: heard.append((step.label, sorted(step.kinds))))
    with wb.change("Two"):
        wb.add(Person(name="A"))
        wb.add(Organisation(name="B", partner_type="business"))
    with contextlib.suppress(ValidationError):
        wb.add(Person(name=""))
    wb.undo()
    remove()
    wb.add(Person(name="C"))
    assert heard == [("Two", ["organisation", "person"]),
                     ("Undo “Two”", ["organisation", "person"])]


def test_remembering_reads_each_list_once_and_forgets_after_any_step(wb):
    """Inside ``remembering()`` a list asked for again is not read again; a step committed
    in this thread or another makes the next read fresh, and a read inside a change sees
    the step's own writes."""
    wb.add(Person(name="A"))
    reads: list[str] = []

    def heard(_conn, _cursor, statement, *_rest):
        if "FROM person" in statement:  # (PostgreSQL's may start with the BEGIN)
            reads.append(statement)

    sa.event.listen(wb.engine, "before_cursor_execute", heard)
    try:
        with wb.remembering():
            first = wb.all(Person)
            again = wb.all(Person)
            assert len(reads) == 1
            assert again == first and again is not first  # each caller its own list
            again.clear()
            assert [p.name for p in wb.all(Person)] == ["A"]
            with wb.remembering():  # nested: the same memory
                wb.all(Person)
            assert len(reads) == 1
            with wb.change("Add B"):
                wb.add(Person(name="B"))
                assert _names(wb) == ["A", "B"]  # inside the step: its own write
            assert _names(wb) == ["A", "B"]
            elsewhere = threading.Thread(target=lambda: wb.add(Person(name="C")))
            elsewhere.start()
            elsewhere.join()
            assert _names(wb) == ["A", "B", "C"]
            settled = len(reads)
            wb.all(Person)
            assert len(reads) == settled
            wb.forget()
            wb.all(Person)
            assert len(reads) == settled + 1
        wb.all(Person)
        wb.all(Person)
        assert len(reads) == settled + 3  # outside a block every read is read
    finally:
        sa.event.remove(wb.engine, "before_cursor_execute", heard)


def test_a_long_step_spans_transactions_and_is_still_one_undo(wb):
    """``continues`` adds a later transaction to a step already stored."""
    with wb.change("Import people") as step:
        wb.add(Person(name="A"))
    with wb.change(continues=step):
        wb.add(Person(name="B"))
    assert [s.label for s in wb.steps()] == ["Import people"]
    wb.undo()
    assert _names(wb) == []


_roles = itertools.count(1)


def test_pg_undo_is_my_last_change_and_theirs_needs_a_choice(pg_url):
    """On a shared database each facilitator's Undo takes back their own newest step; the
    other's is named as theirs and only undone when chosen (probe 32)."""
    n = next(_roles)
    target = DbTarget(pg_url, f"shared-undo-{n}")
    roles = (f"ana_{n}", f"ben_{n}")
    with contextlib.closing(psycopg.connect(pg_url, autocommit=True)) as admin:
        for role in roles:
            admin.execute(f"CREATE ROLE {role} LOGIN")
    Workbook.create(target, make_partnership()).close()
    for role in roles:
        grant(target, role, "facilitator")
    ana = Workbook.open(DbTarget(pg_url.replace("postgres@", f"{roles[0]}@", 1), target.slug))
    ben = Workbook.open(DbTarget(pg_url.replace("postgres@", f"{roles[1]}@", 1), target.slug))
    try:
        ana.add(Person(name="Added by Ana"))
        ben.add(Person(name="Added by Ben"))
        mine = ana.undo_candidate()
        assert mine is not None and mine.author == roles[0]
        newest = ana.undo_candidate(anyone=True)
        assert newest is not None and newest.author == roles[1]
        with pytest.raises(ValidationError, match=f"made by {roles[1]}"):
            ana.undo(newest.batch)
        ana.undo()
        assert _names(ana) == ["Added by Ben"]
        ana.undo(newest.batch, theirs=True)
        assert _names(ana) == []
        assert ben.steps(1)[0].undone_by == roles[0]
    finally:
        ana.close()
        ben.close()


def test_pg_an_edit_is_three_round_trips_its_commit_included(pg_url, monkeypatch):
    """On a server each statement is a round trip: an edit reads the row (with BEGIN and
    the write lock), updates it, and opens its step with its log row in one statement
    that carries the COMMIT along; the history and the commit cost no round trip of their
    own. A step of two changes still commits whole, and a refused one leaves nothing."""
    target = DbTarget(pg_url, f"edit-statements-{next(_roles)}")
    wb = Workbook.create(target, make_partnership())
    try:
        org = wb.add(Organisation(name="Harbor Care Pathways"))
        sent: list[str] = []
        sa.event.listen(wb.engine, "before_cursor_execute",
                        lambda *args: sent.append(args[2]))
        commands: list[bytes] = []
        command = psycopg.Connection._exec_command
        monkeypatch.setattr(psycopg.Connection, "_exec_command", lambda self, cmd, *a, **k: (
            commands.append(cmd), command(self, cmd, *a, **k))[1])
        wb.update(Organisation, org.id, {"mission": "Training nurses"})
        assert len(sent) == 3, sent
        assert sent[-1].rstrip().endswith("; COMMIT") and commands == [], commands
        step = wb.steps(1)[0]
        assert step.label and wb.history(Organisation, org.id)[0].batch == step.batch
        with wb.change() as two:
            wb.update(Organisation, org.id, {"mission": "Training nurses and aides"})
            two.label = "Mission, then brings"  # named after its first change
            wb.update(Organisation, org.id, {"brings": "Clinical placements"})
        newest = wb.steps(1)[0]
        assert (newest.label, newest.records) == ("Mission, then brings", 2)
        with contextlib.suppress(RuntimeError), wb.change("Refused"):
            wb.update(Organisation, org.id, {"mission": "Never stored"})
            raise RuntimeError("the block fails after its change")
        assert wb.get(Organisation, org.id).mission == "Training nurses and aides"
        assert wb.steps(1)[0].label == "Mission, then brings"
        wb.undo()
        assert wb.get(Organisation, org.id).mission == "Training nurses"
    finally:
        wb.drop()
        wb.close()
