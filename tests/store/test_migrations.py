"""Schema steps through Alembic: the newest step and the model's tables agree, on both backends."""

from __future__ import annotations

import shutil
from pathlib import Path

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from workbook import Workbook
from workbook.store import SCHEMA_VERSION, migrations
from workbook.store.pg_schema import pg_metadata
from workbook.store.postgres import DbTarget, admin_engine
from workbook.store.schema import metadata
from workbook.testing import make_partnership

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "workbook_v1.sqlite"


def _differences(engine: sa.Engine, model: sa.MetaData) -> list:
    with engine.connect() as conn:
        return compare_metadata(MigrationContext.configure(conn), model)


def test_migrations_one_step_per_schema_version_named_by_what_it_changes():
    """versions/ holds steps 0001..SCHEMA_VERSION in one line, each file named NNNN_<what>."""
    script = ScriptDirectory(str(migrations.SCRIPTS))
    # The main line only: the live branch (alembic/live/) is numbered on its own.
    chain = [r.revision for r in reversed(list(script.iterate_revisions(migrations.HEAD,
                                                                        "base")))]
    assert chain == [f"{n:04d}" for n in range(1, SCHEMA_VERSION + 1)]
    assert [h for h in script.get_heads() if not h.startswith("live_")] == [migrations.HEAD]
    for path in (migrations.SCRIPTS / "versions").glob("*.py"):
        number, _, what = path.stem.partition("_")
        assert number.isdigit() and len(what) > 5, path.name


def test_migrations_upgraded_file_agrees_with_the_model(tmp_path):
    """A schema-1 file taken through every step has exactly the model's tables."""
    old = Path(shutil.copy(FIXTURE, tmp_path / "old.sqlite"))
    Workbook.open(old, daily_backup=False).close()
    engine = sa.create_engine(f"sqlite:///{old}")
    try:
        assert _differences(engine, metadata) == []
    finally:
        engine.dispose()
    fresh = tmp_path / "fresh.sqlite"
    Workbook.create(fresh, make_partnership()).close()
    engine = sa.create_engine(f"sqlite:///{fresh}")
    try:
        assert _differences(engine, metadata) == []
    finally:
        engine.dispose()


def test_migrations_database_at_head_agrees_with_the_model(pg_url):
    """A PostgreSQL database is stamped at the newest step and has the model's tables."""
    Workbook.create(DbTarget(pg_url, "migrations-check"), make_partnership()).close()
    engine = admin_engine(pg_url)
    try:
        with engine.connect() as conn:
            assert migrations.database_revision(conn) == migrations.HEAD
        assert _differences(engine, pg_metadata) == []
    finally:
        engine.dispose()


def test_migrations_check_sees_a_difference(tmp_path):
    """The comparison is not blind: a column the model lacks is reported."""
    fresh = tmp_path / "fresh.sqlite"
    Workbook.create(fresh, make_partnership()).close()
    engine = sa.create_engine(f"sqlite:///{fresh}")
    try:
        with engine.begin() as conn:
            conn.exec_driver_sql("ALTER TABLE meeting ADD COLUMN stray TEXT")
        assert any("stray" in str(d) for d in _differences(engine, metadata))
    finally:
        engine.dispose()


def test_migrations_database_upgraded_by_a_newer_version_is_refused(pg_cluster):
    """A database whose step this version does not know is refused and left alone."""
    import contextlib

    import psycopg
    import pytest

    from workbook.errors import NewerWorkbookError

    with contextlib.closing(psycopg.connect(pg_cluster.url(database="postgres"),
                                            autocommit=True)) as conn:
        conn.execute("CREATE DATABASE newer")
    url = pg_cluster.url(database="newer")
    Workbook.create(DbTarget(url, "ahead"), make_partnership()).close()
    with contextlib.closing(psycopg.connect(url, autocommit=True)) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999' "
                     "WHERE version_num NOT LIKE 'live%'")
    from workbook.store import postgres

    postgres._READY.discard(url)  # as a new process would
    with pytest.raises(NewerWorkbookError, match="9999"):
        Workbook.open(DbTarget(url, "ahead"))


def test_migrations_older_database_is_brought_to_the_newest_step(pg_cluster):
    """A database at an earlier step is upgraded on first use, under the install lock."""
    import contextlib

    import psycopg

    with contextlib.closing(psycopg.connect(pg_cluster.url(database="postgres"),
                                            autocommit=True)) as conn:
        conn.execute("CREATE DATABASE older")
    url = pg_cluster.url(database="older")
    Workbook.create(DbTarget(url, "behind"), make_partnership()).close()
    with contextlib.closing(psycopg.connect(url, autocommit=True)) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '0001' "
                     "WHERE version_num NOT LIKE 'live%'")
    from workbook.store import postgres

    postgres._READY.discard(url)  # as a new process would
    with Workbook.open(DbTarget(url, "behind")) as wb:
        assert wb.partnership.working_title
    engine = admin_engine(url)
    try:
        with engine.connect() as conn:
            assert migrations.database_revision(conn) == migrations.HEAD
    finally:
        engine.dispose()
