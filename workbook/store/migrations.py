"""Schema upgrades through Alembic, for workbook files (SQLite) and databases (PostgreSQL).

A new workbook is made whole from today's model (``schema.py``; ``pg_schema.py`` for
PostgreSQL) and counts as being at the newest step. An older one is brought up to date by
the steps in ``alembic/versions/``, one file per schema version, named by what it changes:

- a file (SQLite) is backed up by the caller first, then every step runs in ONE
  transaction, so a failure leaves the file byte for byte as it was. A file's version is
  its ``meta`` table's ``schema_version`` (read by ``files.inspect_file`` before anything
  writes); Alembic's ``alembic_version`` table lives only for the upgrade and is dropped
  in the same transaction, so files stay as they were made;
- a database (PostgreSQL) keeps ``alembic_version``; each step runs in its own
  transaction, under a lock, the first time a newer version connects (``postgres.prepare``).

Adding a schema step
--------------------
1. Change the model or ``schema.py``, and bump ``SCHEMA_VERSION`` there (one line).
2. Add ONE file ``workbook/store/alembic/versions/NNNN_<what_it_changes>.py``, where NNNN is
   the new ``SCHEMA_VERSION`` in four digits, with ``revision = "NNNN"`` and
   ``down_revision`` the previous one. Copy ``0002_comments_import_ledger_resource_stamps.py``.
3. In ``upgrade()`` spell the DDL out (``op.execute`` or ``op.add_column`` /
   ``op.create_table`` with explicit columns): never derive it from today's tables, which
   would silently change what an old step does. Branch on
   ``op.get_bind().dialect.name``: on ``"postgresql"`` every table also has
   ``partnership_slug`` first in its primary key, indexes and foreign keys (see
   ``pg_schema.py``), and a new table needs its access rules:
   ``for s in security_statements([name]): op.execute(s)`` (``workbook.store.pg_security``).
   On SQLite, ``op.add_column`` of a plain column works; anything more goes through
   ``with op.batch_alter_table(name) as batch:``.
4. ``tests/store/test_migrations.py`` checks that the head and the model agree on both
   backends (``alembic.autogenerate.compare_metadata``); a step that moves data gets a test
   from a stored fixture of the previous version, as ``tests/store/test_store_upgrade.py``
   does from ``tests/fixtures/workbook_v1.sqlite``.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy import event

from ..errors import DamagedWorkbookError, NewerWorkbookError, Sentence
from ..i18n import N_
from .engines import connect_file
from .files import translate_sqlite_error
from .schema import SCHEMA_VERSION, metadata

if TYPE_CHECKING:
    from alembic.config import Config

# Alembic (with mako and pygments) takes about half a second to import; opening a workbook
# that is up to date never needs it, so each function below imports it when it runs.

__all__ = ["HEAD", "LIVE_BRANCH", "after_step", "alembic_config", "database_revision",
           "known_step", "live_revision", "run_on_sqlite", "stamp_head", "target_metadata",
           "upgrade_database", "upgrade_file", "upgrade_live"]

HEAD = f"{SCHEMA_VERSION:04d}"
SCRIPTS = Path(__file__).with_name("alembic")
LIVE_BRANCH = "live"
"""The Alembic branch of the hub's live room tables (schema ``live``, PostgreSQL only):
its steps are in ``alembic/live/``, named ``live_NNNN_<what>``, apart from the main line,
which ``HEAD`` ends; ``workbook db init`` runs both (``pg_install``)."""


def run_on_sqlite(script: str) -> bool:
    """Inside a step: run each ``;``-separated statement of ``script`` when the store is a
    SQLite file; returns whether it did (a database is made whole at schema 6 and needs
    none of the earlier steps)."""
    from alembic import op

    if op.get_bind().dialect.name != "sqlite":
        return False
    for statement in script.split(";"):
        if statement.strip():
            op.execute(statement)
    return True


def after_step(ctx: Any, step: Any, heads: Any, run_args: Any) -> None:
    """Called inside the transaction after each step has run (tests make it fail)."""


def alembic_config(connection: sa.Connection) -> Config:
    """Alembic's configuration for running steps on an open ``connection``."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(SCRIPTS))
    config.set_main_option("path_separator", "os")
    config.set_main_option("version_locations",
                           os.pathsep.join([str(SCRIPTS / "versions"), str(SCRIPTS / LIVE_BRANCH)]))
    config.attributes["connection"] = connection
    return config


def target_metadata(connection: sa.Connection) -> sa.MetaData:
    """The tables the model derives for the connection's backend."""
    if connection.dialect.name == "postgresql":
        from .pg_schema import pg_metadata

        return pg_metadata
    return metadata


def _heads(connection: sa.Connection) -> tuple[str, ...]:
    from alembic.runtime.migration import MigrationContext

    return tuple(MigrationContext.configure(connection).get_current_heads())


def database_revision(connection: sa.Connection) -> str | None:
    """The main line's step a database (or file) is at, by Alembic's own table; None if it
    has none. The live branch's row (``live_revision``) is left out."""
    main = [h for h in _heads(connection) if not h.startswith(f"{LIVE_BRANCH}_")]
    return main[0] if main else None


def live_revision(connection: sa.Connection) -> str | None:
    """The live branch's step a database is at; None before ``workbook db init`` put the
    live room's tables in the chain (none, or made by the old ``live.schema.install``)."""
    live = [h for h in _heads(connection) if h.startswith(f"{LIVE_BRANCH}_")]
    return live[0] if live else None


def stamp_head(connection: sa.Connection) -> None:
    """Mark a just-created store as at the main line's newest step."""
    from alembic import command

    command.stamp(alembic_config(connection), HEAD)


def upgrade_live(connection: sa.Connection) -> str | None:
    """Bring the live branch (schema ``live``) to its newest step on a PostgreSQL database;
    returns the step it was at before (None: not in the chain yet). The caller acts as
    ``workbook_owner`` in a schema ``live`` it owns, the live roles made (``pg_install``)."""
    from alembic import command

    before = live_revision(connection)
    command.upgrade(alembic_config(connection), f"{LIVE_BRANCH}@head")
    return before


def known_step(revision: str) -> bool:
    """Whether this version has a schema step called ``revision``."""
    return _known(revision)


def _known(revision: str) -> bool:
    from alembic.script import ScriptDirectory

    script = ScriptDirectory(str(SCRIPTS))
    try:
        return script.get_revision(revision) is not None
    except Exception:  # alembic raises several kinds for an unknown id
        return False


def upgrade_database(connection: sa.Connection, where: object) -> str | None:
    """Bring a database up to the newest step; returns the step it was at before.

    Raises ``NewerWorkbookError`` for a database a newer version has upgraded.
    """
    current = database_revision(connection)
    if current is not None and not _known(current):
        raise NewerWorkbookError(Sentence(N_(
            "{where} was upgraded by a newer version of the workbook (schema step {step}; "
            "this version knows up to {known}). Upgrade with `pip install -U "
            "partnership-workbook`; nothing was changed."), where=where, step=current,
            known=HEAD))
    if current != HEAD:
        from alembic import command

        command.upgrade(alembic_config(connection), HEAD)
    return current


def _file_engine(path: Path) -> sa.Engine:
    """An engine whose transactions are real: BEGIN IMMEDIATE, foreign keys off."""
    engine = sa.create_engine("sqlite://", creator=lambda: connect_file(path),
                              poolclass=sa.pool.NullPool)  # the file named, never a URL

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: sqlite3.Connection, _record: Any) -> None:
        dbapi_conn.isolation_level = None
        dbapi_conn.execute("PRAGMA foreign_keys = OFF")  # SQLite cannot rebuild under them

    @event.listens_for(engine, "begin")
    def _on_begin(conn: sa.Connection) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def upgrade_file(path: Path, version: int) -> int:
    """Run every step from schema ``version`` up to the newest on a file; returns it.

    The caller has backed the file up first. All steps run in one transaction: on any
    failure the file is left as it was (``DiskFullError`` and the like for the failures a
    person can fix; ``DamagedWorkbookError`` for a version no step starts from).
    """
    start = f"{version:04d}"
    if not _known(start):
        raise DamagedWorkbookError(Sentence(N_(
            "{path} has schema {version}, which no upgrade starts from; it was left as it "
            "is."), path=path, version=version))
    from alembic import command

    engine = _file_engine(path)
    try:
        with engine.connect() as conn, conn.begin():
            command.stamp(alembic_config(conn), start, purge=True)
            command.upgrade(alembic_config(conn), HEAD)
            conn.execute(sa.text("UPDATE meta SET value = :v WHERE key = 'schema_version'"),
                         {"v": str(SCHEMA_VERSION)})
            conn.execute(sa.text("DROP TABLE alembic_version"))
    except sa.exc.DBAPIError as exc:
        translated = translate_sqlite_error(exc.orig or exc, path)
        if translated is not None:
            raise translated from exc
        raise
    except sqlite3.Error as exc:
        translated = translate_sqlite_error(exc, path)
        if translated is not None:
            raise translated from exc
        raise
    finally:
        engine.dispose()
    return SCHEMA_VERSION
