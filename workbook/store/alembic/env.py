"""Alembic's entry point for the workbook's schema steps; see ``workbook/store/migrations.py``.

Never run from the ``alembic`` command line: ``migrations.py`` hands in the open
connection (``config.attributes["connection"]``). On a file every step runs in the one
transaction the caller opened; on a database each step gets its own.
"""

from __future__ import annotations

from alembic import context

from workbook.store import migrations

connection = context.config.attributes["connection"]
context.configure(connection=connection,
                  target_metadata=migrations.target_metadata(connection),
                  transaction_per_migration=connection.dialect.name != "sqlite",
                  render_as_batch=connection.dialect.name == "sqlite",
                  on_version_apply=lambda **kw: migrations.after_step(**kw))
with context.begin_transaction():
    context.run_migrations()
