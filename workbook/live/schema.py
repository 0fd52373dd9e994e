"""The live room's own tables in PostgreSQL (schema ``live``) and who may do what with them.

The tables (``live.sessions``, ``live.inbox``) are described in
``workbook.store.live_schema`` and installed, like every other table of the workbook's
database, by ``workbook db init`` (``store.pg_install``) through the Alembic branch
``live``, owned by the no-login role ``workbook_owner``. ``install`` here is that same
install, for a psycopg administrator connection (tests, benchmarks, a hub's setup script).

Roles (cluster-wide names, so one cluster can hold many partnerships' databases):

* ``live_participant`` (the participant service's login once it has a password) may
  INSERT the participant columns of ``live.inbox``, only into a session that is open and
  not expired (row-level security), and SELECT the published columns of open sessions.
  Nothing else: it cannot read the inbox, change a session, or see any other table.
* ``live_facilitators`` (a group; each facilitator logs in with a role of their own that
  is a member) opens and closes sessions and reads and decides the inbox, each facilitator
  only for the sessions they opened (row-level security on ``facilitator = current_user``).
"""

from __future__ import annotations

import psycopg
from psycopg import sql

from ..store.live_schema import FACILITATORS, MAX_PAYLOAD_BYTES, PARTICIPANT
from ..store.pg_security import OWNER_ROLE

__all__ = ["FACILITATORS", "MAX_PAYLOAD_BYTES", "OWNER", "PARTICIPANT", "add_facilitator",
           "admin_url", "install", "set_participant_password"]

OWNER = OWNER_ROLE


def admin_url(admin: psycopg.Connection) -> str:
    """A ``postgresql://`` URL naming the same server, database and role as ``admin``."""
    from urllib.parse import quote

    info = admin.info
    auth = quote(info.user, safe="")
    if info.password:
        auth += ":" + quote(info.password, safe="")
    host = info.host
    if host.startswith("/"):  # a Unix socket directory
        return f"postgresql://{auth}@/{quote(info.dbname, safe='')}?host={quote(host)}" \
               f"&port={info.port}"
    return f"postgresql://{auth}@{host}:{info.port}/{quote(info.dbname, safe='')}"


def install(admin: psycopg.Connection, database: str) -> None:
    """Install (or upgrade) the workbook's tables with the live room's in ``database``:
    ``workbook db init`` for the superuser connection ``admin`` to that database.

    Safe to run again; an install made by an earlier version of this function (schema
    ``live`` owned by ``live_owner``) is taken into the chain, its rows kept. Raises
    ``StoreError`` when ``admin`` may not install.
    """
    from ..store.pg_install import install as install_all

    if admin.info.dbname != database:
        raise ValueError(f"the admin connection is to {admin.info.dbname!r}, not {database!r}")
    install_all(admin_url(admin))


def set_participant_password(admin: psycopg.Connection, password: str) -> None:
    """Give the participant service's role its password (kept in the service's settings)."""
    with admin.transaction():
        admin.execute(sql.SQL("ALTER ROLE {} LOGIN PASSWORD {}").format(
            sql.Identifier(PARTICIPANT), sql.Literal(password)))


def add_facilitator(admin: psycopg.Connection, role: str, password: str) -> None:
    """A login role for one facilitator, member of ``live_facilitators`` (idempotent)."""
    with admin.transaction():
        exists = admin.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (role,)).fetchone()
        verb = "ALTER" if exists else "CREATE"
        admin.execute(sql.SQL(verb + " ROLE {} LOGIN PASSWORD {}").format(
            sql.Identifier(role), sql.Literal(password)))
        admin.execute(sql.SQL("GRANT {} TO {}").format(sql.Identifier(FACILITATORS),
                                                        sql.Identifier(role)))
