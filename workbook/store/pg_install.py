"""Installing the workbook's tables in a PostgreSQL database: the administrator's step.

``install(url, creators=[...])`` is what ``workbook db init --db ADMIN_URL`` runs, once per
database and again after each upgrade of the package. ``url`` names an administrator: a
superuser, or a role that may create roles and owns the database. It

1. makes the roles ``workbook_owner`` (no login: owns the tables, policies and functions),
   ``workbook_user`` (no login: the table privileges of every member) and
   ``workbook_creator`` (no login: may start new partnerships) and
   ``workbook_numbering`` (no login, no members: owns the triggers that number rows);
2. gives ``workbook_owner`` the schema ``public`` and takes CREATE in it away from
   everyone else, so nobody else can put a table or function where the workbook's are
   looked up, nor drop one;
3. gives every table and function of an earlier install (made by whoever connected first)
   to ``workbook_owner``, then, acting as it, creates the tables or brings them to the
   newest schema step and (re)installs the access rules (``pg_security``);
4. lets each role of ``creators`` (a login role of a person) start partnerships;
5. installs the hub's live room tables (schema ``live``, ``live_schema.py``): makes the
   no-login roles ``live_participant`` (its service's role once it has a password) and
   ``live_facilitators``, gives the schema ``live`` to ``workbook_owner`` (with the tables
   of an install made by the old ``workbook.live.schema.install``, rows kept) and runs
   the Alembic branch ``live`` as it.

Raises ``StoreError`` when ``url``'s role may not do it, or a creator is not a person's
login role; ``NewerWorkbookError`` for a database a newer version has upgraded.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import sqlalchemy as sa

from ..errors import StoreError
from .live_schema import FACILITATORS, PARTICIPANT, live_rules
from .pg_schema import pg_metadata
from .pg_security import (
    CREATOR_ROLE,
    FUNCTIONS,
    NUMBERING_ROLE,
    OWNER_ROLE,
    USER_ROLE,
    security_statements,
)
from .pg_url import admin_engine, safe_url, tables_installed

__all__ = ["MEMBERSHIP_BY_OID", "Installed", "install", "owner_problem"]


@dataclass(frozen=True)
class Installed:
    """What ``install`` did: ``action`` is "installed", "upgraded" or "checked" (already
    at the newest step; access rules refreshed), ``step`` the schema step now, and
    ``creators`` the roles that may now start partnerships."""

    action: str
    step: str
    creators: tuple[str, ...]


_ROLES = f"""DO $$ BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{OWNER_ROLE}') THEN
        CREATE ROLE {OWNER_ROLE} NOLOGIN;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{USER_ROLE}') THEN
        CREATE ROLE {USER_ROLE} NOLOGIN;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{CREATOR_ROLE}') THEN
        CREATE ROLE {CREATOR_ROLE} NOLOGIN;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{NUMBERING_ROLE}') THEN
        CREATE ROLE {NUMBERING_ROLE} NOLOGIN;
    END IF;
END $$"""

_LEND_NUMBERING = [
    # For the length of the install only: the owner hands the numbering role its
    # triggers, which needs membership of it and its right to create in the schema.
    f"GRANT {NUMBERING_ROLE} TO {OWNER_ROLE}",
    f"GRANT CREATE ON SCHEMA public TO {NUMBERING_ROLE}",
]
_TAKE_BACK_NUMBERING = [
    f"REVOKE CREATE ON SCHEMA public FROM {NUMBERING_ROLE}",
    f"REVOKE {NUMBERING_ROLE} FROM {OWNER_ROLE}",
]

_OWN_TABLES = ("registry", "membership", "alembic_version")

MEMBERSHIP_BY_OID = [
    # The old policy reads role_name; the access rules come back from pg_security.
    "DROP POLICY IF EXISTS workbook_own_rows ON membership",
    "ALTER TABLE membership ADD COLUMN IF NOT EXISTS role_oid oid",
    "UPDATE membership m SET role_oid = r.oid FROM pg_catalog.pg_roles r "
    "WHERE r.rolname = m.role_name AND m.role_oid IS NULL",
    "DELETE FROM membership WHERE role_oid IS NULL",
    "ALTER TABLE membership ALTER COLUMN role_oid SET NOT NULL",
    """DO $$ BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_constraint c JOIN pg_attribute a
                       ON a.attrelid = c.conrelid AND a.attnum = ANY (c.conkey)
                       WHERE c.conrelid = 'membership'::regclass AND c.contype = 'p'
                       AND a.attname = 'role_oid') THEN
            ALTER TABLE membership DROP CONSTRAINT membership_pkey;
            ALTER TABLE membership ADD CONSTRAINT membership_pkey
                PRIMARY KEY (slug, role_oid);
        END IF;
    END $$""",
]
"""Schema 11's change (membership by role oid), idempotent (see its step)."""


def _ident(conn: sa.Connection, name: str) -> str:
    return str(conn.execute(sa.text("SELECT quote_ident(:n)"), {"n": name}).scalar_one())


def install(url: str, *, creators: Sequence[str] = ()) -> Installed:
    """Install or upgrade the tables and access rules of the database ``url`` (see the
    module docstring); safe to run again."""
    from .migrations import HEAD, database_revision, stamp_head, upgrade_database

    where = safe_url(url)
    engine = admin_engine(url)
    try:
        with _connect(engine, where) as conn:
            conn.execute(sa.text("SELECT pg_advisory_lock(hashtext('workbook:install'))"))
            conn.commit()
            lent = False
            try:
                super_, createrole = conn.execute(sa.text(
                    "SELECT rolsuper, rolcreaterole FROM pg_roles "
                    "WHERE rolname = current_user")).one()
                conn.commit()
                if not (super_ or createrole):
                    raise StoreError(f"Installing the workbook in {where} needs an "
                                     "administrator (a superuser, or a role that may create "
                                     "roles and owns the database); nothing was changed. "
                                     "Connect as one in --db.")
                with conn.begin():
                    conn.execute(sa.text(_ROLES))
                    conn.execute(sa.text(f"GRANT {USER_ROLE} TO {CREATOR_ROLE}"))
                    # The functions grant workbook_user to new members, as the owner.
                    conn.execute(sa.text(f"GRANT {USER_ROLE} TO {OWNER_ROLE} "
                                         "WITH ADMIN OPTION"))
                    if not super_:
                        conn.execute(sa.text(f"GRANT {OWNER_ROLE} TO current_user"))
                    conn.execute(sa.text(f"ALTER SCHEMA public OWNER TO {OWNER_ROLE}"))
                    conn.execute(sa.text("REVOKE CREATE ON SCHEMA public FROM PUBLIC"))
                    for statement in _LEND_NUMBERING:
                        conn.execute(sa.text(statement))
                    installed = tables_installed(conn)
                    if installed:
                        _take_ownership(conn)
                lent = True
                with conn.begin():
                    conn.execute(sa.text(f"SET ROLE {OWNER_ROLE}"))
                    before = database_revision(conn) if installed else None
                if not installed:
                    with conn.begin():
                        pg_metadata.create_all(conn)
                        stamp_head(conn)
                        conn.execute(sa.text("GRANT SELECT ON alembic_version TO PUBLIC"))
                    action = "installed"
                else:
                    if before != HEAD:
                        with conn.begin():
                            for statement in MEMBERSHIP_BY_OID:
                                conn.execute(sa.text(statement))
                    # A step that moves data must see every partnership's rows: forced
                    # row-level security would show the owner none of them.
                    _force_row_security(conn, on=False)
                    try:
                        upgrade_database(conn, where)
                        conn.commit()
                    finally:
                        conn.rollback()
                        _force_row_security(conn, on=True)
                    action = "checked" if before == HEAD else "upgraded"
                with conn.begin():
                    for statement in security_statements():
                        conn.execute(sa.text(statement))
                    conn.execute(sa.text("RESET ROLE"))
                    for role in creators:
                        _allow_creator(conn, role, where)
                _install_live(conn)
            except sa.exc.ProgrammingError as exc:
                raise StoreError(f"Installing the workbook in {where} failed: "
                                 f"{exc.orig or exc}; nothing was changed. Connect as the "
                                 "database's administrator in --db.") from exc
            finally:
                conn.rollback()
                conn.execute(sa.text("RESET ROLE"))
                if lent:
                    for statement in _TAKE_BACK_NUMBERING:
                        conn.execute(sa.text(statement))
                conn.execute(sa.text("SELECT pg_advisory_unlock(hashtext('workbook:install'))"))
                conn.commit()
    finally:
        engine.dispose()
    return Installed(action, HEAD, tuple(creators))


@contextlib.contextmanager
def _connect(engine: sa.Engine, where: str) -> Iterator[sa.Connection]:
    try:
        with engine.connect() as conn:
            yield conn
    except sa.exc.OperationalError as exc:
        raise StoreError(f"Could not reach {where} ({exc.orig or exc}). Check the URL, that "
                         "the server runs, and the password.") from exc


def _take_ownership(conn: sa.Connection) -> None:
    """Every table and function of an earlier install, to ``workbook_owner``."""
    tables = [*(t.name for t in pg_metadata.sorted_tables), *_OWN_TABLES]
    for name in dict.fromkeys(tables):
        if conn.execute(sa.text("SELECT to_regclass(:n)"), {"n": f"public.{name}"}).scalar():
            conn.execute(sa.text(f"ALTER TABLE public.{_ident(conn, name)} "
                                 f"OWNER TO {OWNER_ROLE}"))
    for function in FUNCTIONS:
        if conn.execute(sa.text("SELECT to_regprocedure(:f)"),
                        {"f": f"public.{function}"}).scalar():
            conn.execute(sa.text(f"ALTER FUNCTION public.{function} OWNER TO {OWNER_ROLE}"))


_LIVE_ROLES = f"""DO $$ BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{PARTICIPANT}') THEN
        CREATE ROLE {PARTICIPANT} NOLOGIN;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{FACILITATORS}') THEN
        CREATE ROLE {FACILITATORS} NOLOGIN;
    END IF;
END $$"""

_LIVE_OBJECTS = """
SELECT 'TABLE', quote_ident(c.relname) FROM pg_class c
  JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE n.nspname = 'live' AND c.relkind IN ('r', 'p', 'v')
UNION ALL
SELECT 'FUNCTION', p.oid::regprocedure::text FROM pg_proc p
  JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'live'
"""


def _install_live(conn: sa.Connection) -> None:
    """Step 5 of the module docstring: the live room's roles, schema and branch."""
    from .migrations import upgrade_live

    with conn.begin():
        conn.execute(sa.text(_LIVE_ROLES))
        database = _ident(conn, conn.execute(sa.text("SELECT current_database()")).scalar_one())
        conn.execute(sa.text(f"GRANT CONNECT ON DATABASE {database} "
                             f"TO {PARTICIPANT}, {FACILITATORS}"))
        exists = conn.execute(sa.text("SELECT 1 FROM pg_namespace "
                                      "WHERE nspname = 'live'")).first()
        if exists is None:
            conn.execute(sa.text(f"CREATE SCHEMA live AUTHORIZATION {OWNER_ROLE}"))
        else:  # made by live.schema.install (owned by live_owner): the tables come along
            conn.execute(sa.text(f"ALTER SCHEMA live OWNER TO {OWNER_ROLE}"))
            for kind, name in conn.execute(sa.text(_LIVE_OBJECTS)).all():
                qualified = name if kind == "FUNCTION" else f"live.{name}"
                conn.execute(sa.text(f"ALTER {kind} {qualified} OWNER TO {OWNER_ROLE}"))
        conn.execute(sa.text(f"SET ROLE {OWNER_ROLE}"))
    try:
        upgrade_live(conn)
        conn.commit()
        with conn.begin():  # the rules again, as for the main tables (an older inbox)
            for statement in live_rules():
                conn.execute(sa.text(statement))
    finally:
        conn.rollback()
        conn.execute(sa.text("RESET ROLE"))
        conn.commit()


def _allow_creator(conn: sa.Connection, role: str, where: str) -> None:
    row = conn.execute(sa.text(
        "SELECT rolcanlogin, rolsuper, pg_has_role(oid, :owner, 'MEMBER') FROM pg_roles "
        "WHERE rolname = :r"), {"r": role, "owner": OWNER_ROLE}).first()
    if row is None:
        raise StoreError(f"There is no role {role!r} in {where}; nothing was changed. Create "
                         "it first (CREATE ROLE name LOGIN PASSWORD '...').")
    login, super_, owns = row
    if not login or (owns and not super_):
        raise StoreError(f"Role {role!r} cannot start partnerships: it is not a person's "
                         "login role, or it may act as the tables' owner; nothing was "
                         "changed. Give each facilitator a login role of their own.")
    conn.execute(sa.text(f"GRANT {CREATOR_ROLE} TO {_ident(conn, role)}"))


_OWNER_CHECK = """
SELECT r.rolsuper,
       pg_has_role(r.oid, (SELECT oid FROM pg_roles WHERE rolname = :owner), 'MEMBER')
       OR EXISTS (SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                  WHERE n.nspname = 'public' AND c.relowner = r.oid)
       OR EXISTS (SELECT 1 FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
                  WHERE n.nspname = 'public' AND p.proowner = r.oid)
       OR EXISTS (SELECT 1 FROM pg_namespace n WHERE n.nspname = 'public'
                  AND n.nspowner = r.oid)
FROM pg_roles r WHERE r.rolname = session_user
"""


def owner_problem(conn: sa.Connection, where: str) -> str:
    """Why the connecting role must not use the workbook ("" when it may): it owns, or may
    act as the owner of, the tables or functions, so row-level security cannot hold it."""
    row = conn.execute(sa.text(_OWNER_CHECK), {"owner": OWNER_ROLE}).first()
    if row is None or row[0] or not row[1]:
        return ""
    return (f"Your role owns the workbook's tables in {where} (or may act as their owner), "
            "so the database cannot keep it to its own partnerships; nothing was opened. "
            "Ask the database administrator to run `workbook db init --db ADMIN_URL`, which "
            "gives the tables to a role nobody logs in as, and connect with a role of your "
            "own.")


def _force_row_security(conn: sa.Connection, *, on: bool) -> None:
    """Force row-level security on every data table there is (``on``), or lift it for the
    tables' owner while the schema steps run."""
    from .pg_schema import data_tables

    with conn.begin():
        for name in data_tables:
            if conn.execute(sa.text("SELECT to_regclass(:t) IS NOT NULL"),
                            {"t": name}).scalar_one():
                conn.execute(sa.text(f"ALTER TABLE {name} "
                                     f"{'' if on else 'NO '}FORCE ROW LEVEL SECURITY"))
