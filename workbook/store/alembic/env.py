"""Alembic's entry point for the workbook's schema steps; see ``workbook/store/steps.py``.

Never run from the ``alembic`` command line: ``steps.py`` hands in the open
connection (``config.attributes["connection"]``) and runs each step in its own
transaction.
"""

from __future__ import annotations

from alembic import context

from workbook.store.steps import target_metadata

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=target_metadata(connection),
                  transaction_per_migration=True,
                  render_as_batch=connection.dialect.name == "sqlite")
with context.begin_transaction():
    context.run_migrations()
