"""The portfolio reads a database's partnerships all at once, as the role, and RLS decides."""

from __future__ import annotations

import contextlib
import datetime as dt

import psycopg
import pytest

from workbook import Workbook
from workbook.analyses.portfolio import portfolio, portfolio_row, portfolio_targets
from workbook.store.pg_install import install
from workbook.store.portfolio import read_portfolio
from workbook.store.postgres import DbTarget
from workbook.testing import make_partnership, populate

TODAY = dt.date.today()
ALICE, BOB = "pf_alice", "pf_bob"


@pytest.fixture(scope="module")
def db(pg_cluster) -> dict[str, str]:
    """A database where alice has three partnerships (different data) and bob one."""
    with contextlib.closing(psycopg.connect(pg_cluster.url(database="postgres"),
                                            autocommit=True)) as conn:
        conn.execute("CREATE DATABASE portfolio_db")
        for role in (ALICE, BOB):
            if not conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s",
                                (role,)).fetchone():
                conn.execute(f"CREATE ROLE {role} LOGIN")
    admin = pg_cluster.url(database="portfolio_db")
    install(admin, creators=[ALICE, BOB])
    urls = {"admin": admin, ALICE: pg_cluster.url(ALICE, "portfolio_db"),
            BOB: pg_cluster.url(BOB, "portfolio_db")}
    for n, slug in enumerate(("harbour", "valley", "empty")):
        with Workbook.create(DbTarget(urls[ALICE], slug), make_partnership()) as wb:
            if slug != "empty":
                populate(wb, organisations=15 + 10 * n, resources=5, meetings=4 + 4 * n,
                         actions=12 + n, problems=1, seed=n)
                wb.update_partnership({"name": f"{slug.title()} Skills Partnership"})
    with Workbook.create(DbTarget(urls[BOB], "bobs-own"), make_partnership()) as wb:
        populate(wb, organisations=8, resources=3, meetings=3, actions=4, problems=1)
    return urls


def _opened_one_by_one(targets) -> list:
    rows = []
    for target in targets:
        with Workbook.open(target, daily_backup=False) as wb:
            rows.append(portfolio_row(wb, target, TODAY))
    return rows


def test_portfolio_database_rows_equal_those_of_opening_each(db):
    """Read together, each partnership's row is exactly the row opening it alone gives."""
    targets = portfolio_targets(db[ALICE])
    assert sorted(t.slug for t in targets) == ["empty", "harbour", "valley"]
    rows = portfolio(targets, today=TODAY)
    assert rows == _opened_one_by_one(targets)
    valley = next(r for r in rows if r.target.slug == "valley")
    assert valley.name == "Valley Skills Partnership" and valley.last_meeting is not None
    assert valley.open_actions > 0 and not valley.problem


def test_portfolio_database_reads_without_opening_each_partnership(db, monkeypatch):
    """No partnership of the database is opened one by one: a few queries read them all."""
    def refuse(*_args, **_kwargs):
        raise AssertionError("opened one by one")

    targets = portfolio_targets(db[ALICE])
    monkeypatch.setattr(Workbook, "open", refuse)
    rows = portfolio(targets, today=TODAY)
    assert len(rows) == 3 and not any(r.problem for r in rows)


def test_portfolio_database_hides_partnerships_of_others(db):
    """Row-level security decides: bob's partnership is not read for alice, and asked for
    by name it gets a row saying it cannot be opened."""
    figures = read_portfolio(db[ALICE], TODAY)
    assert figures is not None and set(figures) == {"empty", "harbour", "valley"}
    assert set(read_portfolio(db[BOB], TODAY) or {}) == {"bobs-own"}
    (row,) = portfolio([DbTarget(db[ALICE], "bobs-own")], today=TODAY)
    assert row.problem and "bobs-own" in row.problem


def test_portfolio_database_reading_all_at_once_is_read_only(db):
    """With the portfolio setting a role reads its partnerships' rows and changes none."""
    with contextlib.closing(psycopg.connect(db[ALICE], autocommit=True)) as conn:
        conn.execute("SELECT set_config('workbook.partnership', '*', false)")
        seen = {r[0] for r in conn.execute("SELECT DISTINCT partnership_slug FROM meeting")}
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("INSERT INTO meeting (partnership_slug, id, held_on, kind_of, "
                         "agenda) VALUES ('harbour', 999, now(), 'regular', '[]')")
        removed = conn.execute("DELETE FROM action").rowcount
        changed = conn.execute("UPDATE meeting SET objective = 'x'").rowcount
    assert seen == {"harbour", "valley"} and removed == changed == 0


def test_portfolio_database_without_the_policy_opens_each(db):
    """A database whose access rules predate the portfolio is still read, one by one."""
    with contextlib.closing(psycopg.connect(db["admin"], autocommit=True)) as conn:
        conn.execute("DROP POLICY workbook_read ON meeting")
        conn.execute("CREATE POLICY workbook_read ON meeting FOR SELECT USING "
                     "(partnership_slug = current_setting('workbook.partnership', true))")
    try:
        assert read_portfolio(db[ALICE], TODAY) is None
        targets = portfolio_targets(db[ALICE])
        assert portfolio(targets, today=TODAY) == _opened_one_by_one(targets)
    finally:
        install(db["admin"])  # puts the policy back


def test_portfolio_database_reads_again_on_the_connection_kept(db):
    """A second read reuses the connection the first one kept (a refresh costs no new
    server process); one the server dropped meanwhile is replaced without an error."""
    from sqlalchemy import event

    from workbook.store import pg_readers
    from workbook.store import portfolio as store_portfolio

    store_portfolio.close_readers()
    first = read_portfolio(db[ALICE], TODAY)
    engine = store_portfolio.reader(db[ALICE])
    opened: list[object] = []
    event.listen(engine, "connect", lambda *_: opened.append(1))
    assert read_portfolio(db[ALICE], TODAY) == first and opened == []
    with contextlib.closing(psycopg.connect(db["admin"], autocommit=True)) as conn:
        dropped = conn.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                               "WHERE usename = %s AND datname = 'portfolio_db'",
                               (ALICE,)).fetchall()
    assert dropped
    assert read_portfolio(db[ALICE], TODAY) == first and len(opened) == 1
    store_portfolio.close_readers()
    assert not pg_readers._READERS
