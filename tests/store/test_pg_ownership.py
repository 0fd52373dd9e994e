"""Who owns the workbook's tables in PostgreSQL, and what no facilitator can do with SQL.

The attacks of field cases turn3/probe 01, 05 and 09, with raw SQL (psycopg) as the roles
involved: a facilitator who owns the database (the README once had them set the tables
up), a login that is no member (the live service's role), a facilitator of one
partnership, and a role dropped and made again under the same name.
"""

from __future__ import annotations

import contextlib
import itertools

import psycopg
import psycopg.sql
import pytest

from workbook import Organisation, Workbook
from workbook.errors import StoreError
from workbook.store.pg_install import install
from workbook.store.pg_schema import data_tables
from workbook.store.pg_security import FUNCTION_OWNERS, FUNCTIONS
from workbook.store.postgres import _READY, DbTarget, grant
from workbook.testing import make_partnership

_n = itertools.count(1)


def _as(url: str, role: str) -> str:
    return url.replace("postgres@", f"{role}@", 1)


def _connect(url: str, role: str, slug: str | None = None) -> psycopg.Connection:
    conn = psycopg.connect(_as(url, role), autocommit=True)
    if slug is not None:
        conn.execute("SELECT set_config('workbook.partnership', %s, false)", (slug,))
    return conn


@pytest.fixture
def board(pg_cluster):
    """A database owned by facilitator ``ana`` (as README's old set-up had it), installed
    by the administrator; ana and ben each start a partnership, a login ``svc`` (like the
    live service's role) is no member of anything."""
    n = next(_n)
    roles = {name: f"{name}_own{n}" for name in ("ana", "ben", "svc")}
    database = f"board_{n}"
    with contextlib.closing(psycopg.connect(pg_cluster.url(database="postgres"),
                                            autocommit=True)) as admin:
        for role in roles.values():
            admin.execute(f"CREATE ROLE {role} LOGIN")
        admin.execute(f"CREATE DATABASE {database} OWNER {roles['ana']}")
    url = pg_cluster.url(database=database)
    done = install(url, creators=[roles["ana"], roles["ben"]])
    assert done.action == "installed"
    targets = {}
    for who in ("ana", "ben"):
        target = DbTarget(_as(url, roles[who]), f"{who}-own")
        with Workbook.create(target, make_partnership()) as wb:
            wb.add(Organisation(name=f"{who.title()} Fabrication", mission="Ships"))
        targets[who] = target
    return url, roles, targets


def test_pg_tables_policies_functions_belong_to_a_role_nobody_logs_in_as(board):
    """Every table and function is owned by workbook_owner, which cannot log in, but the
    numbering triggers: workbook_numbering's, which cannot log in and has no member."""
    url, roles, _ = board
    with contextlib.closing(psycopg.connect(url, autocommit=True)) as conn:
        owners = dict(conn.execute(
            "SELECT c.relname, pg_get_userbyid(c.relowner) FROM pg_class c "
            "JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = 'public' AND c.relkind = 'r'").fetchall())
        functions = conn.execute(
            "SELECT p.oid::regprocedure::text, pg_get_userbyid(p.proowner), p.proconfig "
            "FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace "
            "WHERE n.nspname = 'public'").fetchall()
        can_login = conn.execute("SELECT bool_or(rolcanlogin) FROM pg_roles WHERE rolname "
                                 "IN ('workbook_owner', 'workbook_numbering')").fetchone()
        numbering_members = conn.execute(
            "SELECT count(*) FROM pg_auth_members WHERE roleid = "
            "'workbook_numbering'::regrole").fetchone()
    assert set(data_tables) | {"registry", "membership", "alembic_version"} <= set(owners)
    assert set(owners.values()) == {"workbook_owner"}
    assert {f.replace(" ", "") for f, _, _ in functions} == {
        f.replace(" ", "") for f in FUNCTIONS}
    owned = {f.replace(" ", ""): role for f, role in FUNCTION_OWNERS.items()}
    for name, owner, config in functions:
        assert owner == owned.get(name.replace(" ", ""), "workbook_owner"), name
        assert "search_path=pg_catalog, public, pg_temp" in (config or []), name
    assert set(owned.values()) == {"workbook_numbering"}
    assert can_login == (False,)
    assert numbering_members == (0,)


def test_pg_database_owner_cannot_switch_rules_off_or_join_another_partnership(board):
    """Probe 01: ana owns the database; with psql she still cannot read ben's rows, make
    herself a member, remove ben, replace a function the policies call or drop a table."""
    url, roles, targets = board
    ben = targets["ben"].slug
    attacks = [
        "ALTER TABLE organisation NO FORCE ROW LEVEL SECURITY",
        "ALTER TABLE organisation DISABLE ROW LEVEL SECURITY",
        "DROP POLICY workbook_read ON organisation",
        f"INSERT INTO membership (slug, role_oid, role_name, access) VALUES ('{ben}', "
        f"(SELECT oid FROM pg_roles WHERE rolname = current_user), current_user, 'owner')",
        "DELETE FROM membership",
        "UPDATE membership SET access = 'owner'",
        "CREATE OR REPLACE FUNCTION workbook_bypasses() RETURNS boolean "
        "LANGUAGE sql AS $$ SELECT true $$",
        "DROP TABLE membership",
        "ALTER TABLE organisation OWNER TO CURRENT_USER",
        "CREATE TABLE public.planted (id int)",
        "SET ROLE workbook_numbering",
        "CREATE OR REPLACE FUNCTION workbook_next_id() RETURNS trigger "
        "LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$",
    ]
    with contextlib.closing(_connect(url, roles["ana"], ben)) as conn:
        for attack in attacks:
            with pytest.raises(psycopg.errors.InsufficientPrivilege), conn.transaction():
                conn.execute(attack)
        assert conn.execute("SELECT count(*) FROM organisation").fetchone() == (0,)
        assert conn.execute("UPDATE organisation SET mission = 'Taken'").rowcount == 0
    with Workbook.open(targets["ben"]) as wb:
        assert [o.mission for o in wb.all(Organisation)] == ["Ships"]


def test_pg_store_refuses_a_role_that_owns_the_tables(board):
    """A role that owns a table, or may act as workbook_owner, is refused by the store."""
    url, roles, targets = board
    with contextlib.closing(psycopg.connect(url, autocommit=True)) as admin:
        admin.execute(f"ALTER TABLE comment OWNER TO {roles['ana']}")
    _READY.clear()
    with pytest.raises(StoreError, match="owns the workbook's tables"):
        Workbook.open(targets["ana"])
    with contextlib.closing(psycopg.connect(url, autocommit=True)) as admin:
        admin.execute("ALTER TABLE comment OWNER TO workbook_owner")
        admin.execute(f"GRANT workbook_owner TO {roles['ben']}")
    _READY.clear()
    Workbook.open(targets["ana"]).close()
    with pytest.raises(StoreError, match="db init"):
        Workbook.open(targets["ben"])
    # The administrator's install gives a table back to workbook_owner.
    with contextlib.closing(psycopg.connect(url, autocommit=True)) as admin:
        admin.execute(f"REVOKE workbook_owner FROM {roles['ben']}")
        admin.execute(f"ALTER TABLE comment OWNER TO {roles['ben']}")
    assert install(url).action == "checked"
    with contextlib.closing(psycopg.connect(url, autocommit=True)) as admin:
        assert admin.execute("SELECT tableowner FROM pg_tables WHERE tablename = 'comment'"
                             ).fetchone() == ("workbook_owner",)


def test_pg_no_function_is_executable_by_a_login_that_is_no_member(board):
    """Probe 05: the service's login reaches no workbook function: it registers nothing,
    grants itself nothing and learns no slug."""
    url, roles, targets = board
    with contextlib.closing(_connect(url, roles["svc"])) as conn:
        assert conn.execute(
            "SELECT p.oid::regprocedure::text FROM pg_proc p JOIN pg_namespace n "
            "ON n.oid = p.pronamespace WHERE n.nspname = 'public' "
            "AND has_function_privilege(p.oid, 'EXECUTE')").fetchall() == []
        for call in ("SELECT workbook_register('squat')",
                     "SELECT workbook_register('ana-own')",
                     f"SELECT workbook_grant('{targets['ana'].slug}', session_user, 'owner')",
                     "SELECT * FROM workbook_partnerships()",
                     "SELECT workbook_access('ana-own')"):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(call)
        member = conn.execute("SELECT pg_has_role(session_user, 'workbook_user', 'MEMBER')"
                              ).fetchone()
    assert member == (False,)
    with contextlib.closing(psycopg.connect(url)) as admin:
        assert admin.execute("SELECT slug FROM registry ORDER BY slug").fetchall() == [
            ("ana-own",), ("ben-own",)]


def test_pg_register_needs_a_creator_and_a_usable_slug(board):
    """Only a creator starts a partnership, and only under a slug check_slug accepts."""
    url, roles, targets = board
    grant(targets["ana"], roles["svc"], "facilitator")  # a member, but no creator
    with contextlib.closing(_connect(url, roles["svc"])) as conn, \
            pytest.raises(psycopg.errors.InsufficientPrivilege):
        conn.execute("SELECT workbook_register('svc-own')")
    with pytest.raises(StoreError, match="may not start new partnerships"):
        Workbook.create(DbTarget(_as(url, roles["svc"]), "svc-own"), make_partnership())
    with contextlib.closing(_connect(url, roles["ben"])) as conn:
        for bad in ("Bad Slug", "-dash", "x" * 64, "ok\n", ""):
            with pytest.raises(psycopg.errors.InvalidParameterValue):
                conn.execute("SELECT workbook_register(%s)", (bad,))
        conn.execute("SELECT workbook_register('ben-second')")


def test_pg_grant_refuses_a_role_that_is_not_a_persons_login(board):
    """An owner cannot make workbook_owner (or any no-login role) a member."""
    url, roles, targets = board
    for role in ("workbook_owner", "workbook_creator"):
        with pytest.raises(StoreError, match="not a login role"):
            grant(targets["ana"], role, "owner")


def test_pg_membership_does_not_survive_drop_role(board):
    """A role dropped and made again under the same name is a stranger."""
    url, roles, targets = board
    carl = f"carl_own{next(_n)}"
    with contextlib.closing(psycopg.connect(url, autocommit=True)) as admin:
        admin.execute(f"CREATE ROLE {carl} LOGIN")
    grant(targets["ana"], carl, "facilitator")
    with contextlib.closing(_connect(url, carl, targets["ana"].slug)) as conn:
        assert conn.execute("SELECT count(*) FROM organisation").fetchone() == (1,)
    with contextlib.closing(psycopg.connect(url, autocommit=True)) as admin:
        admin.execute(f"DROP ROLE {carl}")
        admin.execute(f"CREATE ROLE {carl} LOGIN")
        admin.execute(f"GRANT workbook_user TO {carl}")  # only row-level security stops it
    with contextlib.closing(_connect(url, carl, targets["ana"].slug)) as conn:
        assert conn.execute("SELECT count(*) FROM organisation").fetchone() == (0,)
        assert conn.execute("SELECT workbook_access(%s)",
                            (targets["ana"].slug,)).fetchone() == (None,)
        assert conn.execute("UPDATE organisation SET mission = 'x'").rowcount == 0


def test_pg_facilitator_cannot_erase_history_or_drop_the_partnership(board):
    """Probe 09: 'owners only' restore and drop hold for raw SQL: a facilitator empties
    no change log, rewrites none of it and unregisters nothing; the owner may."""
    url, roles, targets = board
    target = targets["ana"]
    grant(target, roles["ben"], "facilitator")
    with contextlib.closing(_connect(url, roles["ben"], target.slug)) as conn:
        logged = conn.execute("SELECT count(*) FROM change_log").fetchone()[0]
        assert logged > 0
        assert conn.execute("DELETE FROM change_log").rowcount == 0
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("UPDATE change_log SET before = NULL")
        conn.execute("UPDATE change_log SET undone_at = NULL")  # what Undo writes
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("SELECT workbook_unregister(%s)", (target.slug,))
        assert conn.execute("SELECT count(*) FROM change_log").fetchone() == (logged,)
    with contextlib.closing(_connect(url, roles["ana"], target.slug)) as conn:
        assert conn.execute("DELETE FROM change_log").rowcount == logged


def test_pg_install_takes_over_an_older_database_set_up_by_a_facilitator(pg_cluster):
    """A database set up the old way (schema 6, the tables owned by facilitator ana,
    membership by name) is upgraded by `db init`: the tables go to workbook_owner,
    memberships keep their roles by oid, ana's partnership opens as before and she can
    no longer switch the rules off."""
    n = next(_n)
    ana, database = f"old_ana_{n}", f"older_{n}"
    with contextlib.closing(psycopg.connect(pg_cluster.url(database="postgres"),
                                            autocommit=True)) as admin:
        admin.execute(f"CREATE ROLE {ana} LOGIN")
        admin.execute(f"CREATE DATABASE {database}")
    url = pg_cluster.url(database=database)
    install(url, creators=[ana])
    target = DbTarget(_as(url, ana), "old-one")
    with Workbook.create(target, make_partnership()) as wb:
        wb.add(Organisation(name="Kept Fabrication", mission="Ships"))
    with contextlib.closing(psycopg.connect(url, autocommit=True)) as admin:  # as it was
        admin.execute("DROP TABLE change_step")
        admin.execute("DROP POLICY workbook_own_rows ON membership")
        admin.execute("ALTER TABLE membership DROP CONSTRAINT membership_pkey")
        admin.execute("ALTER TABLE membership DROP COLUMN role_oid CASCADE")
        admin.execute("ALTER TABLE membership ADD PRIMARY KEY (slug, role_name)")
        admin.execute("UPDATE alembic_version SET version_num = '0006' "
                     "WHERE version_num NOT LIKE 'live%'")
        for (name,) in admin.execute("SELECT tablename FROM pg_tables "
                                     "WHERE schemaname = 'public'").fetchall():
            admin.execute(f"ALTER TABLE {name} OWNER TO {ana}")
    _READY.clear()
    with pytest.raises(StoreError, match="db init"):
        Workbook.open(target)
    assert install(url).action == "upgraded"
    with contextlib.closing(psycopg.connect(url, autocommit=True)) as admin:
        owners = {o for (o,) in admin.execute(
            "SELECT DISTINCT tableowner FROM pg_tables WHERE schemaname = 'public'")}
        assert owners == {"workbook_owner"}
    with Workbook.open(target) as wb:
        assert [o.mission for o in wb.all(Organisation)] == ["Ships"]
        wb.add(Organisation(name="After Upgrade", mission="More"))
    with contextlib.closing(_connect(url, ana, target.slug)) as conn, \
            pytest.raises(psycopg.errors.InsufficientPrivilege):
        conn.execute("ALTER TABLE organisation NO FORCE ROW LEVEL SECURITY")


def test_pg_access_rules_find_the_role_without_scanning_the_catalog(board):
    """An edit's policies look the session's role up once, by cache (``to_regrole``), not
    through ``pg_roles``, whose catalog scans in every policy tripled the planning of an
    edit (issue 20's PostgreSQL p95)."""
    url, roles, targets = board
    with contextlib.closing(_connect(url, roles["ana"], targets["ana"].slug)) as conn:
        # A one-row table never analyzed: whether the planner prefers a sequential scan
        # is a guess from its row width (schema 14 widened organisation). Scans are made
        # dear, so a Seq Scan left in the plan is one the policies force.
        conn.execute("SET enable_seqscan = off")
        plan = "\n".join(row[0] for row in conn.execute(
            "EXPLAIN UPDATE organisation SET mission = 'x' WHERE id = 1"))
    assert "pg_authid" not in plan and "Seq Scan" not in plan


def test_pg_a_role_whose_name_needs_quotes_is_still_a_member(board):
    """Roles named with capitals or dots (quoted identifiers) are found by the same lookup."""
    url, roles, targets = board
    odd = f"Carl.ONeil_{next(_n)}"
    with contextlib.closing(psycopg.connect(url, autocommit=True)) as admin:
        admin.execute(psycopg.sql.SQL("CREATE ROLE {} LOGIN").format(psycopg.sql.Identifier(odd)))
    grant(targets["ana"], odd, "facilitator")
    with contextlib.closing(_connect(url, odd, targets["ana"].slug)) as conn:
        assert conn.execute("SELECT count(*) FROM organisation").fetchone() == (1,)
        assert conn.execute("UPDATE organisation SET mission = 'x'").rowcount == 1


def test_pg_numbering_reads_the_end_of_an_index_however_long_the_history(board):
    """A new row's id and a step's number come from the end of an index (issue 20): under
    a member's read rules they read every row of the partnership, so an edit slowed as
    the history grew and a 5,000-entry import took seconds. Counted by PostgreSQL itself:
    the rows the numbering read within one transaction."""
    url, roles, targets = board
    with Workbook.open(targets["ana"]) as wb, wb.change("Many partners"):
        wb.add_all([Organisation(name=f"Partner {n}") for n in range(400)])
    with contextlib.closing(_connect(url, roles["ana"], targets["ana"].slug)) as conn:
        history = conn.execute("SELECT count(*), max(batch) FROM change_log").fetchone()
    assert history[0] > 400
    # A fresh session: a session's table counts of its last second are not yet flushed.
    with (contextlib.closing(_connect(url, roles["ana"], targets["ana"].slug)) as conn,
          conn.transaction()):
        conn.execute("SELECT workbook_begin_write()")
        batch = conn.execute(
            "INSERT INTO change_step (label, changed_at) VALUES ('One more', now()) "
            "RETURNING batch").fetchone()[0]
        log_id = conn.execute(
            "INSERT INTO change_log (batch, changed_at, action, kind) "
            "VALUES (%s, now(), 'update', 'organisation') RETURNING id", (batch,)
        ).fetchone()[0]
        read = conn.execute(
            "SELECT sum(coalesce(seq_tup_read, 0) + coalesce(idx_tup_fetch, 0)) "
            "FROM pg_stat_xact_user_tables WHERE relname IN ('change_log', 'change_step')"
        ).fetchone()[0]
        raise psycopg.Rollback()  # leaves the history as it was
    assert batch == history[1] + 1
    assert log_id > history[0] - 1
    assert read < 10, f"numbering read {read} rows of a history of {history[0]}"
