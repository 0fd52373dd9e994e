"""Probing the edit whose history travels with its COMMIT (``log.finish_step``,
``postgres.COMMIT_ALONG``): whatever fails around it, a step is stored whole or not at all,
the error is the store's own sentence, and the connection goes back to the pool clean."""

from __future__ import annotations

import contextlib
import itertools

import psycopg
import pytest
import sqlalchemy as sa

from workbook import Organisation, Workbook
from workbook.errors import ConflictError, StoreError, ValidationError
from workbook.store.postgres import DbTarget
from workbook.testing import make_partnership

_slugs = itertools.count(1)


def _org(wb: Workbook) -> Organisation:
    return wb.add(Organisation(name="Valley College", partner_type="semi_public"))


def _end_session(pg_url: str, cursor) -> int:
    """End the server session of ``cursor`` (as the server does when it goes away); its pid."""
    pid = cursor.connection.info.backend_pid
    with contextlib.closing(psycopg.connect(pg_url, autocommit=True)) as admin:
        admin.execute("SELECT pg_terminate_backend(%s, 5000)", (pid,))
    return pid


def _idle(wb: Workbook) -> None:
    """Every pooled connection is outside any transaction and carries no step."""
    pool = wb.engine.pool
    assert pool.checkedout() == 0
    with contextlib.ExitStack() as stack:
        for _ in range(max(1, pool.checkedin())):  # each of them, held at once
            conn = stack.enter_context(wb.engine.connect())
            assert not {k for k in conn.info if k.startswith(("workbook_", "pwb_"))}, conn.info
            if conn.dialect.name == "postgresql":
                raw = conn.connection.dbapi_connection
                assert raw.info.transaction_status == psycopg.pq.TransactionStatus.IDLE
    assert pool.checkedout() == 0


def test_second_change_refused_after_the_waiting_first_stores_nothing(wb):
    """The step's first row waits; the second change is refused by the database: the
    first change and its history go too."""
    org = _org(wb)
    before = [s.batch for s in wb.steps()]
    with pytest.raises(sa.exc.DBAPIError), wb.change("Two"):
        wb.update(Organisation, org.id, {"mission": "Never stored"})
        with wb._write() as conn:  # a statement the database refuses
            conn.execute(sa.text("SELECT * FROM no_such_table"))
    assert wb.get(Organisation, org.id).mission != "Never stored"
    assert [s.batch for s in wb.steps()] == before
    assert wb.history(Organisation, org.id)[0].action == "add"
    _idle(wb)
    wb.update(Organisation, org.id, {"mission": "Stored"})
    assert wb.steps(1)[0].records == 1 and wb.undo() is not None
    assert wb.get(Organisation, org.id).mission != "Stored"


def test_a_block_raising_after_its_only_change_leaves_nothing_and_a_clean_step(wb):
    org = _org(wb)
    before = [s.batch for s in wb.steps()]
    with contextlib.suppress(RuntimeError), wb.change("Refused"):
        wb.update(Organisation, org.id, {"mission": "Never stored"})
        raise RuntimeError("after its change")
    assert wb.get(Organisation, org.id).mission != "Never stored"
    assert [s.batch for s in wb.steps()] == before
    _idle(wb)
    # The next single edit is stored with its own history, not the refused one's.
    wb.update(Organisation, org.id, {"brings": "Placements"})
    changes = wb.history(Organisation, org.id)
    assert len(changes) == 2 and "Never stored" not in (changes[0].after or {}).values()


def test_history_read_inside_the_block_sees_its_only_change(wb):
    """A read of the history inside the step sees the step's own change, as every other
    read inside a block sees its writes."""
    org = _org(wb)
    with wb.change("Mission"):
        wb.update(Organisation, org.id, {"mission": "Training nurses"})
        inside = wb.history(Organisation, org.id)
        steps_inside = wb.steps(1)
    assert [c.action for c in inside] == ["update", "add"]
    assert steps_inside[0].label == "Mission"
    assert [c.action for c in wb.history(Organisation, org.id)] == ["update", "add"]


def test_undo_of_an_edit_and_of_its_undo(wb):
    org = _org(wb)
    wb.update(Organisation, org.id, {"mission": "One"})
    wb.update(Organisation, org.id, {"mission": "Two"})
    undone = wb.undo()
    assert undone is not None and wb.get(Organisation, org.id).mission == "One"
    assert wb.steps(1)[0].undone_at is not None
    wb.undo()
    assert wb.get(Organisation, org.id).mission == ""
    with pytest.raises(ValidationError):
        wb.undo(undone.batch)
    _idle(wb)
    wb.update(Organisation, org.id, {"mission": "Three"})
    assert wb.undo_candidate().records == 1
    assert wb.history(Organisation, org.id)[0].after["mission"] == "Three"


def test_an_edit_in_a_continued_step_joins_it(wb):
    """A step spanning transactions (``continues=``) whose first transaction was one
    edit: the second transaction's edit is logged under the same step."""
    org = _org(wb)
    with wb.change("Long") as step:
        wb.update(Organisation, org.id, {"mission": "First"})
    assert step.batch is not None
    with wb.change("Long", continues=step):
        wb.update(Organisation, org.id, {"brings": "Second"})
    newest = wb.steps(1)[0]
    assert (newest.batch, newest.records, newest.label) == (step.batch, 2, "Long")
    wb.undo()
    got = wb.get(Organisation, org.id)
    assert (got.mission, got.brings) != ("First", "Second") and got.mission != "First"
    _idle(wb)


def test_a_refused_continuation_does_not_carry_the_refused_row(wb):
    """A continued step whose later transaction fails after its only change: the next
    continuation does not store the refused change's history."""
    org = _org(wb)
    with contextlib.suppress(RuntimeError), wb.change("Long") as step:
        wb.update(Organisation, org.id, {"mission": "Refused"})
        raise RuntimeError("stops")
    assert step is not None
    with wb.change("Long", continues=step):
        wb.update(Organisation, org.id, {"brings": "Kept"})
    changes = wb.history(Organisation, org.id)
    assert [c.action for c in changes] == ["update", "add"], changes
    assert "Refused" not in str(changes[0].after)
    newest = wb.steps(1)[0]
    assert (newest.records, newest.label) == (1, "Long")


def test_a_continuation_after_a_refused_multi_row_transaction_keeps_its_name(wb):
    """The refused transaction had opened the step (its number, its label): the next
    one opens it again, named."""
    org = _org(wb)
    with contextlib.suppress(RuntimeError), wb.change("Long") as step:
        wb.update(Organisation, org.id, {"mission": "Refused"})
        wb.update(Organisation, org.id, {"brings": "Refused too"})
        raise RuntimeError("stops")
    assert step is not None
    with wb.change("Long", continues=step):
        wb.update(Organisation, org.id, {"brings": "Kept"})
    newest = wb.steps(1)[0]
    assert (newest.records, newest.label) == (1, "Long")
    assert wb.undo() is not None and wb.get(Organisation, org.id).brings == ""


def _pg_target(pg_url: str, name: str) -> DbTarget:
    return DbTarget(pg_url, f"along-{name}-{next(_slugs)}")


def test_pg_a_commit_refused_at_commit_time_says_so_and_keeps_nothing(pg_url):
    """A deferred rule that fails at COMMIT (sent along with the history): the user gets
    the store's sentence, nothing is stored, and the pool is clean."""
    target = _pg_target(pg_url, "deferred")
    wb = Workbook.create(target, make_partnership())
    try:
        org = _org(wb)
        with contextlib.closing(psycopg.connect(pg_url, autocommit=True)) as admin:
            admin.execute("""
                CREATE OR REPLACE FUNCTION along_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                  IF NEW.after LIKE '%Refused at commit%' THEN
                    RAISE EXCEPTION 'refused at commit' USING ERRCODE = '23514';
                  END IF;
                  RETURN NULL;
                END $$""")
            admin.execute("DROP TRIGGER IF EXISTS along_refuse ON change_log")
            admin.execute("CREATE CONSTRAINT TRIGGER along_refuse AFTER INSERT ON change_log "
                          "DEFERRABLE INITIALLY DEFERRED FOR EACH ROW "
                          "EXECUTE FUNCTION along_refuse()")
        try:
            before = [s.batch for s in wb.steps()]
            with pytest.raises(StoreError, match="nothing was saved"):
                wb.update(Organisation, org.id, {"mission": "Refused at commit"})
            assert wb.get(Organisation, org.id).mission != "Refused at commit"
            assert [s.batch for s in wb.steps()] == before
            _idle(wb)
            wb.update(Organisation, org.id, {"mission": "Fine"})
            assert wb.get(Organisation, org.id).mission == "Fine"
        finally:
            with contextlib.closing(psycopg.connect(pg_url, autocommit=True)) as admin:
                admin.execute("DROP TRIGGER IF EXISTS along_refuse ON change_log")
    finally:
        wb.drop()
        wb.close()


def test_pg_the_server_gone_before_the_commit_keeps_nothing(pg_url):
    """The session is ended by the server just before the statement that carries the
    history and the COMMIT: the store's sentence, nothing stored, and the next edit works."""
    target = _pg_target(pg_url, "gone")
    wb = Workbook.create(target, make_partnership())
    try:
        org = _org(wb)
        killed: list[int] = []

        def kill(conn, cursor, statement, *_args):
            if statement.rstrip().endswith("; COMMIT") and not killed:
                killed.append(_end_session(pg_url, cursor))

        sa.event.listen(wb.engine, "before_cursor_execute", kill)
        with pytest.raises(StoreError, match="Could not reach"):
            wb.update(Organisation, org.id, {"mission": "Lost with the session"})
        sa.event.remove(wb.engine, "before_cursor_execute", kill)
        assert killed
        assert wb.get(Organisation, org.id).mission != "Lost with the session"
        _idle(wb)
        wb.update(Organisation, org.id, {"mission": "Next"})
        assert wb.history(Organisation, org.id)[0].after["mission"] == "Next"
    finally:
        wb.drop()
        wb.close()


def test_pg_a_version_conflict_between_two_objects(pg_url):
    target = _pg_target(pg_url, "conflict")
    ana = Workbook.create(target, make_partnership())
    ben = Workbook.open(target)
    try:
        org = _org(ana)
        seen = ben.get(Organisation, org.id)
        ana.update(Organisation, org.id, {"mission": "Ana's"})
        with pytest.raises(ConflictError):
            ben.update(Organisation, org.id, {"mission": "Ben's"},
                       expected={"mission": seen.mission})
        assert ben.get(Organisation, org.id).mission == "Ana's"
        assert [c.action for c in ben.history(Organisation, org.id)] == ["update", "add"]
        _idle(ben)
        _idle(ana)
    finally:
        ben.close()
        ana.drop()
        ana.close()


def test_pg_statement_timeout_on_the_commit_along(pg_url):
    """The statement that carries the COMMIT times out: the store's sentence, nothing stored."""
    target = _pg_target(pg_url, "timeout")
    wb = Workbook.create(target, make_partnership())
    try:
        org = _org(wb)

        def slow(conn, cursor, statement, params, context, many):
            if statement.rstrip().endswith("; COMMIT"):
                statement = "SET LOCAL statement_timeout = 1; SELECT pg_sleep(1); " + statement
                conn.info["workbook_skip"] = conn.info.get("workbook_skip", 0) + 2
            return statement, params

        sa.event.listen(wb.engine, "before_cursor_execute", slow, retval=True)
        with pytest.raises(StoreError, match="took longer than the server allows"):
            wb.update(Organisation, org.id, {"mission": "Too slow"})
        sa.event.remove(wb.engine, "before_cursor_execute", slow)
        assert wb.get(Organisation, org.id).mission != "Too slow"
        _idle(wb)
    finally:
        wb.drop()
        wb.close()


def test_pg_the_server_gone_in_the_middle_of_an_edit_says_so(pg_url):
    """The session ends before the edit's UPDATE (not the commit): the store's sentence."""
    target = _pg_target(pg_url, "gone-mid")
    wb = Workbook.create(target, make_partnership())
    try:
        org = _org(wb)
        killed: list[int] = []
        sent: list[str] = []

        def kill(conn, cursor, statement, *_args):
            sent.append(statement)  # the read (with BEGIN), then the UPDATE (prepared)
            if len(sent) == 2 and not killed:
                killed.append(_end_session(pg_url, cursor))

        sa.event.listen(wb.engine, "before_cursor_execute", kill)
        with pytest.raises(StoreError, match="Could not reach"):
            wb.update(Organisation, org.id, {"mission": "Lost with the session"})
        sa.event.remove(wb.engine, "before_cursor_execute", kill)
        assert killed
        assert wb.get(Organisation, org.id).mission != "Lost with the session"
        _idle(wb)
    finally:
        wb.drop()
        wb.close()


@pytest.mark.parametrize("changes", [1, 2])
def test_a_refusal_passed_over_inside_the_block_is_not_a_silent_success(wb, backend, changes):
    """A statement the database refuses, caught inside the block: on a server the whole
    transaction is refused (its COMMIT would roll back without a word), so the step says
    so and stores nothing, and no view hears of it; a file takes back only the statement."""
    org = _org(wb)
    heard: list[str | None] = []
    wb.on_step(lambda step: heard.append(step.label))
    before = [s.batch for s in wb.steps()]

    def block() -> None:
        with wb.change("Passed over"):
            wb.update(Organisation, org.id, {"mission": "Maybe"})
            if changes == 2:
                wb.update(Organisation, org.id, {"brings": "Maybe"})
            with contextlib.suppress(sa.exc.DBAPIError), wb._write() as conn:
                conn.execute(sa.text("SELECT * FROM no_such_table"))

    if backend == "sqlite":
        block()
        assert wb.get(Organisation, org.id).mission == "Maybe" and heard == ["Passed over"]
        return
    with pytest.raises(StoreError, match="none of it was saved"):
        block()
    assert wb.get(Organisation, org.id).mission == "" and heard == []
    assert [s.batch for s in wb.steps()] == before
    _idle(wb)
    wb.update(Organisation, org.id, {"mission": "Stored"})
    assert wb.get(Organisation, org.id).mission == "Stored" and len(heard) == 1


def test_pg_an_interrupt_at_the_commit_along_is_the_interrupt(pg_url):
    """Ctrl-C in the notebook while the edit's history and COMMIT are being sent: the
    person sees their interrupt (not SQLAlchemy's PendingRollbackError), nothing is
    stored, and the next edit works."""
    target = _pg_target(pg_url, "interrupt")
    wb = Workbook.create(target, make_partnership())
    try:
        org = _org(wb)
        interrupted: list[str] = []

        def interrupt(conn, cursor, statement, *_args):
            if statement.rstrip().endswith("; COMMIT") and not interrupted:
                interrupted.append(statement)
                raise KeyboardInterrupt

        sa.event.listen(wb.engine, "before_cursor_execute", interrupt)
        with pytest.raises(KeyboardInterrupt):
            wb.update(Organisation, org.id, {"mission": "Interrupted"})
        sa.event.remove(wb.engine, "before_cursor_execute", interrupt)
        assert interrupted
        assert wb.get(Organisation, org.id).mission != "Interrupted"
        _idle(wb)
        wb.update(Organisation, org.id, {"mission": "Next"})
        assert [c.action for c in wb.history(Organisation, org.id)] == ["update", "add"]
    finally:
        wb.drop()
        wb.close()


def test_forgetting_the_history_inside_a_step_forgets_its_change_too(wb):
    """``forget_history`` after the step's only change: no history is left on either
    backend (on a server the change's row was waiting for the commit)."""
    org = _org(wb)
    with wb.change("Built"):
        wb.update(Organisation, org.id, {"mission": "As it starts"})
        wb.forget_history()
    assert wb.steps() == [] and wb.history() == []
    assert wb.undo() is None and wb.get(Organisation, org.id).mission == "As it starts"


def test_reading_inside_the_step_sees_its_history(wb):
    """``reading()`` inside a step (an export, an analysis) reads the step's only change
    in the change log too, on both backends."""
    from workbook.store.schema import change_log

    org = _org(wb)
    with wb.change("Mission"):
        wb.update(Organisation, org.id, {"mission": "Read inside"})
        with wb.reading() as conn:
            logged = conn.execute(sa.select(sa.func.count()).select_from(change_log)).scalar()
    assert logged == 2 and len(wb.history()) == 2


def test_pg_an_edits_statements_are_prepared_once_per_session(pg_url):
    """On a server an edit's statements are planned once per session (PREPARE, sent with
    their first use) and then only EXECUTEd; a PREPARE that ran in a query refused after
    it is prepared again under a new name, so the next edit works."""
    target = _pg_target(pg_url, "prepared")
    wb = Workbook.create(target, make_partnership())
    try:
        org = _org(wb)
        sent: list[str] = []
        refuse = [True]

        def watch(conn, cursor, statement, params, context, many):
            if refuse[0] and "PREPARE" in statement and "; EXECUTE" in statement:
                # The PREPARE runs, then the query is refused before its EXECUTE.
                statement = statement.replace(
                    "; EXECUTE", "; SET LOCAL statement_timeout = 1; SELECT pg_sleep(1); "
                    "EXECUTE", 1)
                refuse[0] = False
            sent.append(statement)
            return statement, params

        sa.event.listen(wb.engine, "before_cursor_execute", watch, retval=True)
        with pytest.raises(StoreError):
            wb.update(Organisation, org.id, {"mission": "Refused"})
        wb.update(Organisation, org.id, {"mission": "Stored once prepared again"})
        prepared = [s for s in sent if "PREPARE" in s]
        assert prepared, sent
        for n in range(3):
            wb.update(Organisation, org.id, {"mission": f"Edit {n}"})
        later = sent[-9:]  # three edits, three statements each
        assert all("EXECUTE workbook_" in s and "PREPARE" not in s for s in later), later
        sa.event.remove(wb.engine, "before_cursor_execute", watch)
        assert wb.get(Organisation, org.id).mission == "Edit 2"
        assert [c.after["mission"] for c in wb.history(Organisation, org.id)[:4]] == [
            "Edit 2", "Edit 1", "Edit 0", "Stored once prepared again"]
        assert wb.undo() is not None and wb.get(Organisation, org.id).mission == "Edit 1"
        _idle(wb)
    finally:
        wb.drop()
        wb.close()
