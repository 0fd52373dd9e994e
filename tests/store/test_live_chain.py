"""The hub's live room tables (schema ``live``) are in the store's metadata and Alembic chain."""

from __future__ import annotations

import contextlib
import itertools

import psycopg
import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from workbook.store import migrations
from workbook.store.live_schema import live_metadata
from workbook.store.pg_install import install
from workbook.store.pg_url import admin_engine

_names = itertools.count()


@pytest.fixture
def fresh_db(pg_cluster) -> str:
    """A new empty database of the session's cluster; its URL (as the superuser)."""
    name = f"live_chain_{next(_names)}"
    with contextlib.closing(psycopg.connect(pg_cluster.url(database="postgres"),
                                            autocommit=True)) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    return pg_cluster.url(database=name)


def _live_differences(url: str) -> list:
    engine = admin_engine(url)
    try:
        with engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={
                "include_schemas": True,
                "include_name": lambda name, kind, _parent: kind != "schema" or name == "live"})
            return compare_metadata(context, live_metadata)
    finally:
        engine.dispose()


def _owners(url: str) -> dict[str, str]:
    with contextlib.closing(psycopg.connect(url, autocommit=True)) as conn:
        rows = conn.execute(
            "SELECT c.relname, pg_get_userbyid(c.relowner) FROM pg_class c JOIN pg_namespace "
            "n ON n.oid = c.relnamespace WHERE n.nspname = 'live' AND c.relkind = 'r' "
            "UNION ALL SELECT 'schema', pg_get_userbyid(nspowner) FROM pg_namespace "
            "WHERE nspname = 'live' UNION ALL SELECT p.proname, pg_get_userbyid(p.proowner) "
            "FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace "
            "WHERE n.nspname = 'live'").fetchall()
    return dict(rows)


def _revisions(url: str) -> set[str]:
    with contextlib.closing(psycopg.connect(url, autocommit=True)) as conn:
        return {r[0] for r in conn.execute("SELECT version_num FROM alembic_version")}


def test_live_chain_is_a_branch_of_its_own_numbered_in_one_line():
    """The live branch's steps are live_0001.. in one line, apart from the main line."""
    script = ScriptDirectory.from_config(migrations.alembic_config(None))  # type: ignore[arg-type]
    live = [r.revision for r in reversed(list(script.iterate_revisions("live@head", "base")))]
    assert live == [f"live_{n:04d}" for n in range(1, len(live) + 1)] and live
    main = [r.revision for r in reversed(list(script.iterate_revisions(migrations.HEAD,
                                                                       "base")))]
    assert not set(main) & set(live)


def test_live_chain_db_init_installs_the_live_tables_as_the_model_says(fresh_db):
    """`db init` on an empty database: both heads stamped, schema live as live_metadata
    says, everything owned by workbook_owner, the trigger function closed to PUBLIC."""
    install(fresh_db)
    assert _revisions(fresh_db) == {migrations.HEAD, "live_0001"}
    assert _live_differences(fresh_db) == []
    assert set(_owners(fresh_db).values()) == {"workbook_owner"}
    with contextlib.closing(psycopg.connect(fresh_db, autocommit=True)) as conn:
        config, public_may = conn.execute(
            "SELECT p.proconfig, has_function_privilege('public', p.oid, 'EXECUTE') "
            "FROM pg_proc p WHERE p.oid = 'live.tell_inbox()'::regprocedure").fetchone()
        forced = conn.execute("SELECT bool_and(relforcerowsecurity AND relrowsecurity) "
                              "FROM pg_class WHERE oid IN ('live.sessions'::regclass, "
                              "'live.inbox'::regclass)").fetchone()[0]
    assert config == ["search_path=pg_catalog, pg_temp"] and public_may is False
    assert forced is True
    engine = admin_engine(fresh_db)
    try:
        with engine.connect() as conn:
            assert migrations.database_revision(conn) == migrations.HEAD
            assert migrations.live_revision(conn) == "live_0001"
    finally:
        engine.dispose()


def test_live_chain_model_comparison_is_not_blind(fresh_db):
    """A column the live model lacks is reported."""
    install(fresh_db)
    with contextlib.closing(psycopg.connect(fresh_db, autocommit=True)) as conn:
        conn.execute("ALTER TABLE live.inbox ADD COLUMN stray text")
    assert any("stray" in str(d) for d in _live_differences(fresh_db))


def test_live_chain_upgrades_an_install_made_the_old_way_keeping_its_rows(fresh_db):
    """Tables made by the old live.schema.install (owned by live_owner) are taken into the
    chain by `db init`: rows kept, owner workbook_owner, rules as the branch says."""
    import live_schema_v0

    with contextlib.closing(psycopg.connect(fresh_db, autocommit=True)) as admin:
        live_schema_v0.install(admin, fresh_db.rsplit("/", 1)[1])
        admin.execute("ALTER TABLE live.inbox DROP CONSTRAINT inbox_kind_check")
        admin.execute("ALTER TABLE live.inbox ADD CONSTRAINT inbox_kind_check CHECK (kind IN "
                      "('profile', 'comment')) NOT VALID")  # an older inbox still
        session = admin.execute(
            "INSERT INTO live.sessions (code, partnership, meeting_label, expires_at, "
            "facilitator) VALUES ('ABC234', 'harbour', 'Kick-off', now() + interval '1 hour',"
            " 'fac_old') RETURNING id").fetchone()[0]
        admin.execute("INSERT INTO live.inbox (session_id, participant_name, organisation, "
                      "kind, payload) VALUES (%s, 'Rosa Quintero', 'Harbour Tool', "
                      "'comment', '{\"text\": \"More night classes\"}')", (session,))
    assert _owners(fresh_db)["inbox"] == "live_owner"

    install(fresh_db)

    assert _revisions(fresh_db) == {migrations.HEAD, "live_0001"}
    assert set(_owners(fresh_db).values()) == {"workbook_owner"}
    assert _live_differences(fresh_db) == []
    with contextlib.closing(psycopg.connect(fresh_db, autocommit=True)) as admin:
        kept = admin.execute("SELECT s.code, s.facilitator::text, i.participant_name, "
                             "i.payload->>'text' FROM live.inbox i JOIN live.sessions s "
                             "ON s.id = i.session_id").fetchall()
        admin.execute("ALTER ROLE live_participant LOGIN PASSWORD 'pw-participant'")
        admin.execute("INSERT INTO live.inbox (session_id, participant_name, organisation, "
                      "kind, payload) VALUES (%s, '', '', 'evaluation', '{}')", (session,))
    assert kept == [("ABC234", "fac_old", "Rosa Quintero", "More night classes")]
    # The participant's rules came back through the chain: it may send, not read.
    participant = fresh_db.replace("postgres@", "live_participant:pw-participant@")
    with contextlib.closing(psycopg.connect(participant, autocommit=True)) as conn:
        conn.execute("INSERT INTO live.inbox (session_id, participant_name, organisation, "
                     "kind, payload) VALUES (%s, 'Ana', 'Bay College', 'comment', '{}')",
                     (session,))
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("SELECT * FROM live.inbox")


def test_live_chain_install_again_only_checks(fresh_db):
    """A second `db init` finds both branches at their head and changes nothing."""
    first = install(fresh_db)
    again = install(fresh_db)
    assert (first.action, again.action) == ("installed", "checked")
    assert _revisions(fresh_db) == {migrations.HEAD, "live_0001"}
    engine = admin_engine(fresh_db)
    try:
        with engine.connect() as conn:
            assert conn.execute(sa.text("SELECT count(*) FROM live.sessions")).scalar() == 0
    finally:
        engine.dispose()
