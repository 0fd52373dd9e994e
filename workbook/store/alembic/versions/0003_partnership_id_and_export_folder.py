"""Schema 3: the partnership's id and its export folder's name fixed in ``meta``.

The id is the one ``Store.partnership_uid`` already derived for a file without one (from
its creation stamp), so contribution files made before still match; the folder is named
from the title as it is now and stays so through any rename.

SQLite only: PostgreSQL support starts at schema 6, where a database is made whole from
the model, so no database was ever at an earlier step.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import hashlib

from alembic import op

from workbook.model.slugs import export_folder_name

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        return
    found: dict[str, str] = {str(key): str(value) for key, value in bind.exec_driver_sql(
        "SELECT key, value FROM meta").fetchall()}
    uid = found.get("partnership_uid") or "legacy-" + hashlib.sha256(
        found.get("created_at", "").encode()).hexdigest()[:32]
    row = bind.exec_driver_sql("SELECT name, working_title FROM partnership WHERE id = 1"
                               ).fetchone()
    title = (row[0] or row[1] or "") if row else ""
    bind.exec_driver_sql("INSERT OR IGNORE INTO meta (key, value) "
                         "VALUES ('partnership_uid', ?)", (uid,))
    bind.exec_driver_sql("INSERT OR IGNORE INTO meta (key, value) VALUES ('export_folder', ?)",
                         (export_folder_name(title, uid),))
