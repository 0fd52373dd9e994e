"""Schema steps through Alembic: databases (PostgreSQL) now, workbook files next.

A new workbook is made whole from today's model (``schema.py``; ``pg_schema.py`` for
PostgreSQL) and counts as being at the newest step. An older one is brought up to date
step by step, each step in its own transaction, so a failure leaves it at the last step
that succeeded. A file's version is also kept in its ``meta`` table (``schema_version``,
read by ``files.inspect_file`` before anything writes); a database's only in Alembic's
``alembic_version`` table.

Adding a schema step
--------------------
1. Change the model or ``schema.py``, and bump ``SCHEMA_VERSION`` there (one line).
2. Add ONE file ``workbook/store/alembic/versions/NNNN_<what_it_changes>.py``, where NNNN is
   the new ``SCHEMA_VERSION`` with four digits: ``revision = "NNNN"``,
   ``down_revision`` the one before. Copy ``0002_comments_import_ledger_resource_stamps.py``.
3. In ``upgrade()`` spell the DDL out (``op.execute`` or ``op.add_column`` /
   ``op.create_table`` with explicit columns): never derive it from today's tables, which
   would silently change what an old step does. Branch on
   ``op.get_bind().dialect.name``: on ``"postgresql"`` every table also has
   ``partnership_slug`` first in its primary key and foreign keys (see ``pg_schema.py``),
   and a new table needs its access rules: ``for s in security_statements([name]):
   op.execute(s)`` (from ``workbook.store.pg_security``).
4. ``tests/store/test_migrations.py`` checks that the head and the model agree on both
   backends; add a fixture of the previous version if the step moves data.
"""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from ..errors import NewerWorkbookError
from .schema import SCHEMA_VERSION, metadata

__all__ = ["HEAD", "alembic_config", "database_revision", "stamp_head", "target_metadata",
           "upgrade_database"]

HEAD = f"{SCHEMA_VERSION:04d}"
SCRIPTS = Path(__file__).with_name("alembic")


def alembic_config(connection: sa.Connection) -> Config:
    """Alembic's configuration for running steps on an open ``connection``."""
    config = Config()
    config.set_main_option("script_location", str(SCRIPTS))
    config.attributes["connection"] = connection
    return config


def target_metadata(connection: sa.Connection) -> sa.MetaData:
    """The tables the model derives for the connection's backend."""
    if connection.dialect.name == "postgresql":
        from .pg_schema import pg_metadata

        return pg_metadata
    return metadata


def database_revision(connection: sa.Connection) -> str | None:
    """The step a database (or file) is at, by Alembic's own table; None if it has none."""
    return MigrationContext.configure(connection).get_current_revision()


def stamp_head(connection: sa.Connection) -> None:
    """Mark a just-created store as at the newest step."""
    command.stamp(alembic_config(connection), "head")


def _known(revision: str) -> bool:
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
        raise NewerWorkbookError(f"{where} was upgraded by a newer version of the workbook "
                                 f"(schema step {current}; this version knows up to {HEAD}). "
                                 "Upgrade with `pip install -U partnership-workbook`; nothing "
                                 "was changed.")
    if current != HEAD:
        command.upgrade(alembic_config(connection), "head")
    return current
