"""Access control inside PostgreSQL: a role sees and changes only its own partnerships.

Each test connects as its own login roles with raw SQL (psycopg), the way someone with
``psql`` would, so what is checked is the database's row-level security, not the store.
"""

from __future__ import annotations

import contextlib
import itertools

import psycopg
import pytest

from workbook import Organisation, Workbook
from workbook.errors import ReadOnlyWorkbookError, StoreError, WorkbookMissingError
from workbook.store.postgres import DbTarget, grant, partnerships, revoke
from workbook.testing import make_partnership

_n = itertools.count(1)


def _role_url(pg_url: str, role: str) -> str:
    return pg_url.replace("postgres@", f"{role}@", 1)


@pytest.fixture
def place(pg_url):
    """A partnership with one organisation, and three new login roles not yet members."""
    n = next(_n)
    target = DbTarget(pg_url, f"secret-{n}")
    with Workbook.create(target, make_partnership()) as wb:
        org = wb.add(Organisation(name="Harbourline Fabrication", mission="Ships"))
    roles = {name: f"{name}_{n}" for name in ("outsider", "watcher", "helper")}
    with contextlib.closing(psycopg.connect(pg_url, autocommit=True)) as admin:
        for role in roles.values():
            admin.execute(f"CREATE ROLE {role} LOGIN")
        # The outsider holds every table privilege: only row-level security stops it.
        admin.execute(f"GRANT workbook_user TO {roles['outsider']}")
    return target, org.id, roles


def _raw(pg_url: str, role: str, slug: str | None):
    conn = psycopg.connect(_role_url(pg_url, role), autocommit=True)
    if slug is not None:
        conn.execute("SELECT set_config('workbook.partnership', %s, false)", (slug,))
    return conn


def _mission(target: DbTarget, org_id: int) -> str:
    with Workbook.open(target) as wb:
        return wb.get(Organisation, org_id).mission


@pytest.mark.parametrize("claims_partnership", [True, False])
def test_pg_non_member_can_neither_read_nor_change_rows(pg_url, place, claims_partnership):
    """A role that is no member sees no row and changes none, with raw SQL, even claiming it."""
    target, org_id, roles = place
    slug = target.slug if claims_partnership else None
    with contextlib.closing(_raw(pg_url, roles["outsider"], slug)) as conn:
        for table in ("organisation", "partnership", "meta"):
            assert conn.execute(f"SELECT count(*) FROM {table}").fetchone() == (0,)
        assert conn.execute("UPDATE organisation SET mission = 'Taken'").rowcount == 0
        assert conn.execute("DELETE FROM organisation").rowcount == 0
        assert conn.execute("SELECT workbook_access(%s)", (target.slug,)).fetchone() == (None,)
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("INSERT INTO organisation (partnership_slug, id, name, partner_type, "
                         "status) VALUES (%s, 99, 'Planted', 'business', 'active')",
                         (target.slug,))
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("INSERT INTO membership (slug, role_name, access) "
                         "VALUES (%s, current_user, 'owner')", (target.slug,))
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("SELECT workbook_grant(%s, current_user, 'owner')", (target.slug,))
    assert _mission(target, org_id) == "Ships"
    with Workbook.open(target) as wb:
        assert [o.name for o in wb.all(Organisation)] == ["Harbourline Fabrication"]


def test_pg_non_member_cannot_open_or_list(pg_url, place):
    """The store refuses a non-member as if there were no such partnership."""
    target, _, roles = place
    theirs = DbTarget(_role_url(pg_url, roles["outsider"]), target.slug)
    with pytest.raises(WorkbookMissingError, match="ask its owner"):
        Workbook.open(theirs)
    assert target.slug not in {m.slug for m in partnerships(theirs.url)}


def test_pg_observer_reads_but_cannot_write(pg_url, place):
    """An observer reads every row; the store and raw SQL both fail to change one."""
    target, org_id, roles = place
    grant(target, roles["watcher"], "observer")
    theirs = DbTarget(_role_url(pg_url, roles["watcher"]), target.slug)
    with Workbook.open(theirs) as wb:
        assert wb.get(Organisation, org_id).mission == "Ships"
        with pytest.raises(ReadOnlyWorkbookError, match="observer"):
            wb.update(Organisation, org_id, {"mission": "Watched"})
        with pytest.raises(ReadOnlyWorkbookError):
            wb.add(Organisation(name="Observer's own"))
    with contextlib.closing(_raw(pg_url, roles["watcher"], target.slug)) as conn:
        assert conn.execute("SELECT count(*) FROM organisation").fetchone() == (1,)
        assert conn.execute("UPDATE organisation SET mission = 'Watched'").rowcount == 0
        assert conn.execute("DELETE FROM organisation").rowcount == 0
    assert _mission(target, org_id) == "Ships"
    assert {m.slug: m.access for m in partnerships(theirs.url)}[target.slug] == "observer"


def test_pg_facilitator_writes_but_cannot_grant_and_revoke_ends_access(pg_url, place):
    """A facilitator changes rows but not membership; once revoked the role sees nothing."""
    target, org_id, roles = place
    grant(target, roles["helper"], "facilitator")
    theirs = DbTarget(_role_url(pg_url, roles["helper"]), target.slug)
    with Workbook.open(theirs) as wb:
        wb.update(Organisation, org_id, {"mission": "Helped"})
    assert _mission(target, org_id) == "Helped"
    with pytest.raises(StoreError, match="Only an owner"):
        grant(theirs, roles["watcher"], "owner")
    assert revoke(target, roles["helper"]) is True
    with pytest.raises(WorkbookMissingError):
        Workbook.open(theirs)


def test_pg_last_owner_cannot_be_removed(pg_url, place):
    """Revoking or demoting the only owner is refused, so a partnership is never orphaned."""
    target, _, roles = place
    grant(target, roles["helper"], "owner")
    owner = DbTarget(_role_url(pg_url, roles["helper"]), target.slug)
    assert revoke(owner, "postgres") is True
    with pytest.raises(StoreError, match="last owner"):
        revoke(owner, roles["helper"])
    with pytest.raises(StoreError, match="last owner"):
        grant(owner, roles["helper"], "observer")


def test_pg_grant_to_a_missing_role_says_create_it(place):
    """Granting access to a role that does not exist names the fix."""
    target, _, _ = place
    with pytest.raises(StoreError, match="CREATE ROLE"):
        grant(target, "nobody_by_that_name", "facilitator")


def test_pg_database_url_without_partnership_is_refused(pg_url):
    """A bare database URL is a file name like any other: no such file, and the message
    says how a database is named."""
    from workbook.errors import WorkbookMissingError

    with pytest.raises(WorkbookMissingError, match="--db URL --partnership SLUG"):
        Workbook.open(pg_url)
