"""The live schema's roles, checked with raw SQL: what the participant role may not do."""

from __future__ import annotations

import psycopg
import pytest

from workbook.live.schema import MAX_PAYLOAD_BYTES

pytestmark = pytest.mark.slow


@pytest.fixture
def sessions(live_db):
    """An open session of alice's and one of bob's; ids in that order."""
    ids = []
    for role in ("fac_alice", "fac_bob"):
        with psycopg.connect(live_db.facilitators[role], autocommit=True) as conn:
            code = "ALICE" if role == "fac_alice" else "BOBBY"
            row = conn.execute(
                "INSERT INTO live.sessions (code, partnership, meeting_label, expires_at) "
                "VALUES (%s || upper(substr(md5(random()::text), 1, 4)), 'demo', 'Kick-off', "
                "now() + interval '1 hour') RETURNING id",
                (code,)).fetchone()
            ids.append(row[0])
    yield ids
    with live_db.admin() as admin:
        admin.execute("DELETE FROM live.sessions WHERE id = ANY(%s)", (ids,))


def participant(live_db) -> psycopg.Connection:
    return psycopg.connect(live_db.participant_dsn, autocommit=True)


def send(conn, session_id, **extra):
    columns = {"session_id": session_id, "participant_name": "Ana", "organisation": "Acme",
               "kind": "comment", "payload": '{"text": "hi"}', **extra}
    names = ", ".join(columns)
    marks = ", ".join(["%s"] * len(columns))
    conn.execute(f"INSERT INTO live.inbox ({names}) VALUES ({marks})", list(columns.values()))


def test_schema_participant_may_insert_into_an_open_session(live_db, sessions):
    """The participant role inserts a submission; the facilitator who owns the session sees it."""
    with participant(live_db) as conn:
        send(conn, sessions[0])
    with psycopg.connect(live_db.facilitators["fac_alice"]) as conn:
        rows = conn.execute("SELECT participant_name, status FROM live.inbox "
                            "WHERE session_id = %s", (sessions[0],)).fetchall()
    assert rows == [("Ana", "new")]


@pytest.mark.parametrize("statement", [
    "SELECT * FROM live.inbox",
    "SELECT count(*) FROM live.inbox",
    "SELECT id FROM live.inbox",
    "SELECT facilitator FROM live.sessions",
    "SELECT partnership FROM live.sessions",
    "SELECT * FROM live.sessions",
    "UPDATE live.sessions SET state = 'open'",
    "UPDATE live.sessions SET reveal = true",
    "UPDATE live.inbox SET status = 'accepted'",
    "DELETE FROM live.inbox",
    "DELETE FROM live.sessions",
    "INSERT INTO live.sessions (code, partnership, meeting_label, expires_at) "
    "VALUES ('HACKED01', 'x', 'x', now() + interval '1 day')",
    "CREATE TABLE live.mine (x int)",
    "CREATE TABLE public.mine (x int)",
    "SELECT * FROM secret.minutes",
    "SELECT * FROM public.other",
    "TRUNCATE live.inbox",
    "SELECT live.tell_inbox()",
])
def test_schema_participant_role_can_do_nothing_else(live_db, sessions, statement):
    """Reading the inbox, any other table or unpublished columns, or changing anything fails."""
    with live_db.admin() as admin:
        admin.execute("CREATE SCHEMA IF NOT EXISTS secret; "
                      "CREATE TABLE IF NOT EXISTS secret.minutes (x text); "
                      "CREATE TABLE IF NOT EXISTS public.other (x text)")
    with participant(live_db) as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
        conn.execute(statement)


def test_schema_participant_sees_only_published_columns_of_open_sessions(live_db, sessions):
    """The published state of an open session is readable; a closed one vanishes."""
    with participant(live_db) as conn:
        ids = {r[0] for r in conn.execute("SELECT id, code, reveal, published "
                                          "FROM live.sessions").fetchall()}
        assert set(sessions) <= ids
    with psycopg.connect(live_db.facilitators["fac_alice"], autocommit=True) as conn:
        conn.execute("UPDATE live.sessions SET state = 'closed' WHERE id = %s", (sessions[0],))
    with participant(live_db) as conn:
        ids = {r[0] for r in conn.execute("SELECT id FROM live.sessions").fetchall()}
    assert sessions[0] not in ids and sessions[1] in ids


def test_schema_closed_or_expired_session_takes_no_input(live_db, sessions):
    """Row-level security refuses an insert into a closed or expired session."""
    with psycopg.connect(live_db.facilitators["fac_alice"], autocommit=True) as conn:
        conn.execute("UPDATE live.sessions SET state = 'closed' WHERE id = %s", (sessions[0],))
    with psycopg.connect(live_db.facilitators["fac_bob"], autocommit=True) as conn:
        conn.execute("UPDATE live.sessions SET expires_at = now() - interval '1 second' "
                     "WHERE id = %s", (sessions[1],))
    for session_id in sessions:
        with participant(live_db) as conn, \
                pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level"):
            send(conn, session_id)


def test_schema_participant_cannot_set_status_or_oversize(live_db, sessions):
    """A participant cannot mark its own item accepted, nor send a payload over the cap."""
    with participant(live_db) as conn:
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            send(conn, sessions[0], status="accepted")
        big = '{"text": "' + "x" * MAX_PAYLOAD_BYTES + '"}'
        with pytest.raises(psycopg.errors.CheckViolation):
            send(conn, sessions[0], payload=big)


def test_schema_facilitators_see_only_their_own_sessions(live_db, sessions):
    """Bob's role sees neither alice's session nor its inbox, and cannot decide her items."""
    with participant(live_db) as conn:
        send(conn, sessions[0])
    with psycopg.connect(live_db.facilitators["fac_bob"], autocommit=True) as conn:
        seen = {r[0] for r in conn.execute("SELECT id FROM live.sessions").fetchall()}
        inbox = conn.execute("SELECT count(*) FROM live.inbox WHERE session_id = %s",
                             (sessions[0],)).fetchone()[0]
        changed = conn.execute("UPDATE live.inbox SET status = 'rejected' "
                               "WHERE session_id = %s", (sessions[0],)).rowcount
    assert sessions[0] not in seen and sessions[1] in seen
    assert inbox == 0 and changed == 0


def test_schema_install_again_upgrades_the_inbox_to_take_evaluations(live_db, sessions):
    """An inbox made before evaluations refuses them; installing again lets them in."""
    from live_kit import DB

    from workbook.live import schema

    with live_db.admin() as admin:
        admin.execute("ALTER TABLE live.inbox DROP CONSTRAINT inbox_kind_check")
        admin.execute("ALTER TABLE live.inbox ADD CONSTRAINT inbox_kind_check CHECK (kind IN "
                      "('profile', 'name_candidate', 'dots', 'resource', 'cause', "
                      "'solution', 'comment')) NOT VALID")
    with participant(live_db) as conn, pytest.raises(psycopg.errors.CheckViolation):
        send(conn, sessions[0], kind="evaluation")
    with live_db.admin() as admin:
        schema.install(admin, DB)
    with participant(live_db) as conn:
        send(conn, sessions[0], kind="evaluation", participant_name="", organisation="")
