"""Access control inside PostgreSQL: row-level security, membership and its functions.

Who may do what is decided by the database, not by this code, so a facilitator who
connects with ``psql`` meets the same rules as one using the notebooks:

- Tables, policies and functions belong to ``workbook_owner``, a role nobody logs in as;
  an administrator installs them (``workbook db init``, ``pg_install.py``). No role that
  uses the workbook owns any of them (the store refuses to run as one), so none can switch
  row-level security off, replace a function the policies call, or drop a table.
- Each person connects as a login role of their own. ``workbook_user`` (no login) holds
  the table privileges; ``grant`` makes a role a member of it and records the role's
  access to one partnership in ``membership``, by the role's oid: a role dropped and
  made again under the same name is a stranger. Only members of ``workbook_creator``
  (granted by the administrator) may start a new partnership.
- Every function has a fixed ``search_path`` (``pg_temp`` last) and none is executable by
  PUBLIC: ``workbook_user`` may call the ones it needs, ``workbook_creator`` also
  ``workbook_register`` (which checks the slug with the rule of ``check_slug``).
- Every data table has ROW LEVEL SECURITY enabled and FORCEd (the owner is held to it
  too). A row is visible only when its ``partnership_slug`` equals the session's
  ``workbook.partnership`` setting AND the login role (``session_user``) is a member of
  that partnership; it may be inserted, changed or removed only by an ``owner`` or
  ``facilitator``. A role that bypasses row-level security (a superuser) is switched to
  ``workbook_user`` on each connection by the store, and counts as owner of every
  partnership. The history (``change_log``, ``change_step``) may be emptied only by an
  owner, and of its columns only what Undo writes (and a running step's label) may
  change, so a facilitator cannot erase it or rewrite who did what. With the setting at
  ``*`` (``PORTFOLIO``, which no slug can be) the rows of every partnership the role is
  a member of are readable at once, for the portfolio; never writable.
- New rows are numbered by triggers that run as ``workbook_numbering``: it may read only
  the number columns of the session's partnership, by a rule PostgreSQL answers from the
  end of an index, so numbering costs the same with ten rows or a million.
- ``workbook_begin_write()`` starts every write transaction of the store: it refuses an
  observer or a non-member with SQLSTATE 42501 and takes the partnership's transaction
  lock, so one write at a time runs per partnership (what ``BEGIN IMMEDIATE`` does for a
  file): every read-check-write of the store sees the rows it then changes, and no update
  is lost.
- ``registry`` is not readable by ``workbook_user`` and ``membership`` only row by row
  (a role sees its own memberships); nobody but the SECURITY DEFINER functions below,
  which check who asks, changes them.
"""

from __future__ import annotations

from .pg_schema import SLUG_COLUMN, data_tables

__all__ = ["CREATOR_ROLE", "FUNCTIONS", "FUNCTION_OWNERS", "NUMBERING_ROLE", "OWNER_ROLE",
           "PORTFOLIO", "PORTFOLIO_POLICY", "USER_ROLE", "WRITE_DENIED", "security_statements"]

USER_ROLE = "workbook_user"
OWNER_ROLE = "workbook_owner"
CREATOR_ROLE = "workbook_creator"
WRITE_DENIED = "42501"  # insufficient_privilege
PORTFOLIO = "*"
"""``workbook.partnership`` set to this reads every partnership the role is a member of
(read only: ``store.portfolio``)."""
PORTFOLIO_POLICY = "workbook_read"
"""The read policy of every data table (its USING names ``PORTFOLIO`` since this version)."""

_SETTING = "current_setting('workbook.partnership', true)"
# The session's role by oid. ``to_regrole`` is a cache lookup the planner folds into one
# parameter; the ``pg_roles`` view it replaces expands into catalog scans in every policy
# of every statement, which tripled the planning of an edit (issue 20: 0.60 -> 0.24 ms
# per UPDATE). A role that no longer exists gives NULL: no membership row matches it.
_ME = "(SELECT pg_catalog.to_regrole(pg_catalog.quote_ident(session_user))::oid)"
_PATH = "SET search_path = pg_catalog, public, pg_temp"
SLUG_RULE = "'^[a-z0-9][a-z0-9-]{0,62}$'"
"""The rule of ``pg_schema.check_slug``, as a PostgreSQL regular expression."""

FUNCTIONS = {
    "workbook_access(text)": USER_ROLE,
    "workbook_bypasses()": USER_ROLE,
    "workbook_begin_write()": USER_ROLE,
    "workbook_next_id()": None,  # triggers: run whoever inserts, callable by nobody
    "workbook_next_batch()": None,
    "workbook_register(text)": CREATOR_ROLE,
    "workbook_unregister(text)": USER_ROLE,
    "workbook_partnerships()": USER_ROLE,
    "workbook_member_slugs()": USER_ROLE,
    "workbook_grant(text, text, text)": USER_ROLE,
    "workbook_revoke(text, text)": USER_ROLE,
}
"""Every function, with the one role that may execute it (PUBLIC may execute none)."""

NUMBERING_ROLE = "workbook_numbering"
"""Owns the numbering triggers (SECURITY DEFINER) and may read only the number columns of
the session's partnership. No role is a member of it, but ``workbook_owner`` for the
length of an install (to hand it the triggers)."""

FUNCTION_OWNERS = {"workbook_next_id()": NUMBERING_ROLE, "workbook_next_batch()": NUMBERING_ROLE}
"""The functions not owned by ``workbook_owner``."""

NUMBERED = {"change_log": ("id", "batch"), "change_step": ("batch",)}
"""The number columns of the history's tables (every other table with an ``id``: that)."""

_FUNCTIONS = [
    # The partnerships the session's role is a member of, for the read policy's portfolio
    # branch; PL/pgSQL, so a statement's plan holds a call, not the membership scan.
    f"""
    CREATE OR REPLACE FUNCTION workbook_member_slugs() RETURNS text[]
    LANGUAGE plpgsql STABLE {_PATH} AS $$
    BEGIN
        RETURN ARRAY(SELECT m.slug FROM membership m WHERE m.role_oid = {_ME});
    END
    $$""",
    f"""
    CREATE OR REPLACE FUNCTION workbook_access(p_slug text) RETURNS text
    LANGUAGE sql STABLE SECURITY DEFINER {_PATH} AS $$
        SELECT CASE
            WHEN NOT EXISTS (SELECT 1 FROM registry WHERE slug = p_slug) THEN NULL
            WHEN EXISTS (SELECT 1 FROM pg_roles WHERE rolname = session_user
                         AND (rolsuper OR rolbypassrls)) THEN 'owner'
            ELSE (SELECT access FROM membership
                  WHERE slug = p_slug AND role_oid = {_ME})
        END
    $$""",
    f"""
    CREATE OR REPLACE FUNCTION workbook_bypasses() RETURNS boolean
    LANGUAGE sql STABLE {_PATH} AS $$
        SELECT coalesce((SELECT rolsuper OR rolbypassrls FROM pg_catalog.pg_roles
                         WHERE rolname = session_user), false)
    $$""",
    f"""
    CREATE OR REPLACE FUNCTION workbook_begin_write() RETURNS void
    LANGUAGE plpgsql {_PATH} AS $$
    DECLARE
        v_slug text := {_SETTING};
        v_access text;
    BEGIN
        -- The role's own membership row (row-level security on membership shows it
        -- nothing else); the slower, complete answer for everyone else.
        SELECT m.access INTO v_access FROM public.membership m
            WHERE m.slug = v_slug AND m.role_oid = {_ME};
        IF v_access IS NULL THEN
            v_access := workbook_access(v_slug);
        END IF;
        IF v_access IS NULL THEN
            RAISE EXCEPTION 'role % is not a member of partnership %', session_user, v_slug
                USING ERRCODE = '{WRITE_DENIED}', HINT = 'not-member';
        ELSIF v_access NOT IN ('owner', 'facilitator') THEN
            RAISE EXCEPTION 'role % may only read partnership %', session_user, v_slug
                USING ERRCODE = '{WRITE_DENIED}', HINT = 'observer';
        END IF;
        PERFORM pg_advisory_xact_lock(hashtext('workbook:' || v_slug));
    END
    $$""",
    # The numbering triggers run as ``workbook_numbering``, whose one read rule is the
    # session's partnership by equality: PostgreSQL then finds the highest number at the
    # end of the index. Under a member's rules (the slug in an array, for the portfolio)
    # it read every row of the partnership, so an edit slowed as the history grew and an
    # import of 5,000 entries took seconds (issue 20).
    f"""
    CREATE OR REPLACE FUNCTION workbook_next_id() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER {_PATH} AS $$
    BEGIN
        IF NEW.id IS NULL AND TG_TABLE_NAME = 'change_log' THEN  -- every step: a plan kept
            NEW.id := coalesce((SELECT max(id) FROM change_log
                                WHERE {SLUG_COLUMN} = NEW.{SLUG_COLUMN}), 0) + 1;
        ELSIF NEW.id IS NULL THEN
            EXECUTE format('SELECT coalesce(max(id), 0) + 1 FROM %I.%I WHERE {SLUG_COLUMN} = $1',
                           TG_TABLE_SCHEMA, TG_TABLE_NAME)
                INTO NEW.id USING NEW.{SLUG_COLUMN};
        END IF;
        RETURN NEW;
    END
    $$""",
    # A step's number: one more than any the partnership's history holds.
    f"""
    CREATE OR REPLACE FUNCTION workbook_next_batch() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER {_PATH} AS $$
    BEGIN
        IF NEW.batch IS NULL THEN
            NEW.batch := greatest(
                (SELECT max(batch) FROM change_log WHERE {SLUG_COLUMN} = NEW.{SLUG_COLUMN}),
                (SELECT max(batch) FROM change_step WHERE {SLUG_COLUMN} = NEW.{SLUG_COLUMN}),
                0) + 1;
        END IF;
        RETURN NEW;
    END
    $$""",
    f"""
    CREATE OR REPLACE FUNCTION workbook_register(p_slug text) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER {_PATH} AS $$
    BEGIN
        IF p_slug IS NULL OR p_slug !~ {SLUG_RULE} THEN
            RAISE EXCEPTION '% is not a usable short name for a partnership', p_slug
                USING ERRCODE = '22023', HINT = 'bad-slug';
        END IF;
        IF NOT pg_has_role(session_user, '{CREATOR_ROLE}', 'MEMBER') THEN
            RAISE EXCEPTION 'role % may not start partnerships', session_user
                USING ERRCODE = '{WRITE_DENIED}', HINT = 'not-creator';
        END IF;
        INSERT INTO registry (slug) VALUES (p_slug);
        INSERT INTO membership (slug, role_oid, role_name, access)
            VALUES (p_slug, {_ME}, session_user, 'owner');
    END
    $$""",
    f"""
    CREATE OR REPLACE FUNCTION workbook_unregister(p_slug text) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER {_PATH} AS $$
    BEGIN
        IF workbook_access(p_slug) IS DISTINCT FROM 'owner' THEN
            RAISE EXCEPTION 'only an owner of partnership % may remove it', p_slug
                USING ERRCODE = '{WRITE_DENIED}', HINT = 'not-owner';
        END IF;
        DELETE FROM registry WHERE slug = p_slug;
    END
    $$""",
    f"""
    CREATE OR REPLACE FUNCTION workbook_partnerships()
    RETURNS TABLE (slug text, access text, created_at timestamptz)
    LANGUAGE sql STABLE SECURITY DEFINER {_PATH} AS $$
        -- What workbook_access gives each partnership, in one pass (a portfolio of a
        -- thousand partnerships asked it twice a row).
        SELECT r.slug, CASE WHEN me.bypasses THEN 'owner' ELSE m.access END, r.created_at
        FROM registry r
        CROSS JOIN (SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = session_user
                                   AND (rolsuper OR rolbypassrls)) AS bypasses) me
        LEFT JOIN membership m ON m.slug = r.slug AND m.role_oid = {_ME}
        WHERE me.bypasses OR m.access IS NOT NULL
        ORDER BY r.slug
    $$""",
    f"""
    CREATE OR REPLACE FUNCTION workbook_grant(p_slug text, p_role text, p_access text)
    RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER {_PATH} AS $$
    DECLARE
        v_oid oid;
        v_login boolean;
        v_super boolean;
    BEGIN
        IF workbook_access(p_slug) IS DISTINCT FROM 'owner' THEN
            RAISE EXCEPTION 'only an owner of partnership % may grant access', p_slug
                USING ERRCODE = '{WRITE_DENIED}', HINT = 'not-owner';
        END IF;
        SELECT oid, rolcanlogin, rolsuper INTO v_oid, v_login, v_super
            FROM pg_roles WHERE rolname = p_role;
        IF v_oid IS NULL THEN
            RAISE EXCEPTION 'there is no role %', p_role
                USING ERRCODE = '42704', HINT = 'no-role';
        END IF;
        IF NOT v_login OR (NOT v_super AND pg_has_role(v_oid, '{OWNER_ROLE}', 'MEMBER')) THEN
            RAISE EXCEPTION 'role % cannot be a member: it is not a login role of a person, '
                'or it owns the tables', p_role USING ERRCODE = '{WRITE_DENIED}',
                HINT = 'not-person';
        END IF;
        IF p_access <> 'owner' AND EXISTS (
                SELECT 1 FROM membership WHERE slug = p_slug AND role_oid = v_oid
                AND access = 'owner') AND NOT EXISTS (
                SELECT 1 FROM membership WHERE slug = p_slug AND access = 'owner'
                AND role_oid <> v_oid) THEN
            RAISE EXCEPTION 'role % is the last owner of partnership %', p_role, p_slug
                USING ERRCODE = '{WRITE_DENIED}', HINT = 'last-owner';
        END IF;
        INSERT INTO membership (slug, role_oid, role_name, access)
            VALUES (p_slug, v_oid, p_role, p_access)
            ON CONFLICT (slug, role_oid) DO UPDATE SET access = EXCLUDED.access,
                role_name = EXCLUDED.role_name;
        EXECUTE format('GRANT {USER_ROLE} TO %I', p_role);
    END
    $$""",
    f"""
    CREATE OR REPLACE FUNCTION workbook_revoke(p_slug text, p_role text) RETURNS boolean
    LANGUAGE plpgsql SECURITY DEFINER {_PATH} AS $$
    DECLARE
        v_oid oid := (SELECT oid FROM pg_roles WHERE rolname = p_role);
    BEGIN
        IF workbook_access(p_slug) IS DISTINCT FROM 'owner' THEN
            RAISE EXCEPTION 'only an owner of partnership % may revoke access', p_slug
                USING ERRCODE = '{WRITE_DENIED}', HINT = 'not-owner';
        END IF;
        IF EXISTS (SELECT 1 FROM membership WHERE slug = p_slug AND role_oid = v_oid
                   AND access = 'owner') AND NOT EXISTS (
                SELECT 1 FROM membership WHERE slug = p_slug AND access = 'owner'
                AND role_oid <> v_oid) THEN
            RAISE EXCEPTION 'role % is the last owner of partnership %', p_role, p_slug
                USING ERRCODE = '{WRITE_DENIED}', HINT = 'last-owner';
        END IF;
        DELETE FROM membership WHERE slug = p_slug AND role_oid = v_oid;
        RETURN FOUND;
    END
    $$""",
]


HISTORY = {"change_log": ("undone_at",), "change_step": ("label", "undone_at", "undone_by")}
"""The history's tables, with the only columns a member may change in them."""


def _table_statements(name: str) -> list[str]:
    """Row-level security, the id trigger and the privileges of one data table."""
    # Uncorrelated sub-queries: each runs once per statement, and the superuser check
    # only when the role has no membership row.
    own_row = f"SELECT 1 FROM membership m WHERE m.slug = {_SETTING} AND m.role_oid = {_ME}"
    member = f"(EXISTS ({own_row}) OR (SELECT workbook_bypasses()))"
    writer = (f"(EXISTS ({own_row} AND m.access IN ('owner', 'facilitator')) "
              "OR (SELECT workbook_bypasses()))")
    owner = f"(EXISTS ({own_row} AND m.access = 'owner') OR (SELECT workbook_bypasses()))"
    mine = f"{SLUG_COLUMN} = {_SETTING}"
    # One array, computed once per statement (an InitPlan), so the index on the slug
    # serves both: the session's partnership when the role is a member of it, or, with
    # the setting at PORTFOLIO (no slug can be it), every partnership the role is a
    # member of, read at once for the portfolio; the write policies still ask for one.
    visible = (f"{SLUG_COLUMN} = ANY ((SELECT CASE WHEN {_SETTING} = '{PORTFOLIO}' "
               "THEN workbook_member_slugs() "
               f"WHEN {member} THEN ARRAY[{_SETTING}] ELSE '{{}}'::text[] END)::text[])")
    # The history is emptied only by an owner (a restore), and only what Undo (and the
    # naming of a running step) writes may change in it.
    changeable = HISTORY.get(name)
    history = changeable is not None
    privileges = (f"GRANT SELECT, INSERT, DELETE ON {name} TO {USER_ROLE}",
                  f"REVOKE UPDATE ON {name} FROM {USER_ROLE}",
                  f"GRANT UPDATE ({', '.join(changeable)}) ON {name} TO {USER_ROLE}"
                  ) if changeable else (
                  f"GRANT SELECT, INSERT, UPDATE, DELETE ON {name} TO {USER_ROLE}",)
    statements = [
        f"ALTER TABLE {name} ENABLE ROW LEVEL SECURITY",
        f"ALTER TABLE {name} FORCE ROW LEVEL SECURITY",
        f"DROP POLICY IF EXISTS workbook_read ON {name}",
        f"DROP POLICY IF EXISTS workbook_insert ON {name}",
        f"DROP POLICY IF EXISTS workbook_update ON {name}",
        f"DROP POLICY IF EXISTS workbook_delete ON {name}",
        f"DROP POLICY IF EXISTS workbook_portfolio ON {name}",
        f"DROP POLICY IF EXISTS workbook_numbering ON {name}",
        # To the members' role, not PUBLIC: the numbering role gets its own rule alone.
        f"CREATE POLICY {PORTFOLIO_POLICY} ON {name} FOR SELECT TO {USER_ROLE} "
        f"USING ({visible})",
        f"CREATE POLICY workbook_insert ON {name} FOR INSERT TO {USER_ROLE} "
        f"WITH CHECK ({mine} AND {writer})",
        f"CREATE POLICY workbook_update ON {name} FOR UPDATE TO {USER_ROLE} "
        f"USING ({mine} AND {writer}) WITH CHECK ({mine} AND {writer})",
        f"CREATE POLICY workbook_delete ON {name} FOR DELETE TO {USER_ROLE} "
        f"USING ({mine} AND {owner if history else writer})",
        f"REVOKE ALL ON {name} FROM PUBLIC",
        *privileges,
    ]
    numbers = NUMBERED.get(name, ("id",) if "id" in data_tables[name].c else ())
    if numbers and name != "meta":
        statements += [
            f"CREATE POLICY workbook_numbering ON {name} FOR SELECT TO {NUMBERING_ROLE} "
            f"USING ({mine})",
            f"GRANT SELECT ({SLUG_COLUMN}, {', '.join(numbers)}) ON {name} TO {NUMBERING_ROLE}",
        ]
    if "id" in data_tables[name].c and name != "meta":
        statements += [
            f"DROP TRIGGER IF EXISTS workbook_next_id ON {name}",
            f"CREATE TRIGGER workbook_next_id BEFORE INSERT ON {name} "
            "FOR EACH ROW EXECUTE FUNCTION workbook_next_id()",
        ]
    if name == "change_step":
        statements += [
            "DROP TRIGGER IF EXISTS workbook_next_batch ON change_step",
            "CREATE TRIGGER workbook_next_batch BEFORE INSERT ON change_step "
            "FOR EACH ROW EXECUTE FUNCTION workbook_next_batch()",
        ]
    return statements


def security_statements(tables: list[str] | None = None) -> list[str]:
    """Every statement that (re)installs access control; idempotent.

    ``tables`` limits the per-table part to those names (a migration that adds a table
    passes just it); the default is every data table. Run as ``workbook_owner`` (the
    roles exist: ``pg_install.install`` makes them).
    """
    statements = [
        "REVOKE ALL ON registry, membership FROM PUBLIC",
        "ALTER TABLE registry DROP CONSTRAINT IF EXISTS ck_registry_slug",
        f"ALTER TABLE registry ADD CONSTRAINT ck_registry_slug CHECK (slug ~ {SLUG_RULE})",
        # Each role reads its own membership rows (the policies below look them up).
        f"GRANT SELECT ON membership TO {USER_ROLE}",
        "ALTER TABLE membership ENABLE ROW LEVEL SECURITY",
        "DROP POLICY IF EXISTS workbook_own_rows ON membership",
        f"CREATE POLICY workbook_own_rows ON membership FOR SELECT USING (role_oid = {_ME})",
        *_FUNCTIONS,
        f"GRANT USAGE ON SCHEMA public TO {USER_ROLE}",
    ]
    statements.append(f"GRANT USAGE ON SCHEMA public TO {NUMBERING_ROLE}")
    for function, owner in FUNCTION_OWNERS.items():
        statements.append(f"ALTER FUNCTION {function} OWNER TO {owner}")
    for function, role in FUNCTIONS.items():
        statements.append(f"REVOKE ALL ON FUNCTION {function} FROM PUBLIC")
        if role is not None:
            statements.append(f"GRANT EXECUTE ON FUNCTION {function} TO {role}")
    for name in tables if tables is not None else list(data_tables):
        statements += _table_statements(name)
    return statements
