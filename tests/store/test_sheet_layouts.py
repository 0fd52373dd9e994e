"""Remembered sheet layouts (schema step 0010), on both backends: kept, replaced, forgotten;
a workbook or database at step 7 gains the table on upgrade."""

from __future__ import annotations

import contextlib

import pytest

from workbook import Workbook
from workbook.errors import ValidationError
from workbook.store import migrations
from workbook.store.postgres import DbTarget, admin_engine
from workbook.testing import make_partnership


def test_a_layout_is_kept_replaced_and_forgotten(wb):
    """The same signature replaces the mapping; forgetting removes it."""
    columns = ["Program", "Provider", "Blurb"]
    wb.remember_sheet_layout("sig1", "resources", columns, {"name": "Program"}, "a.csv")
    kept = wb.sheet_layout("sig1")
    assert kept is not None and kept.mapping == {"name": "Program"}
    assert kept.columns == tuple(columns) and kept.file_name == "a.csv"
    wb.remember_sheet_layout("sig1", "resources", columns,
                             {"name": "Program", "owner": "Provider", "notes": None}, "b.csv")
    kept = wb.sheet_layout("sig1")
    assert kept.mapping == {"name": "Program", "owner": "Provider", "notes": None}
    assert [k.file_name for k in wb.sheet_layouts()] == ["b.csv"]
    assert wb.forget_sheet_layout("sig1") and wb.sheet_layout("sig1") is None
    assert not wb.forget_sheet_layout("sig1")


def test_a_mapping_naming_a_missing_column_is_refused(wb):
    """Only the layout's own columns can be remembered."""
    with pytest.raises(ValidationError, match="not a column"):
        wb.remember_sheet_layout("sig", "resources", ["A"], {"name": "B"})
    assert wb.sheet_layouts() == []


def test_a_step_8_file_gains_the_table(tmp_path):
    """A file made at step 8 (no sheet_layout) is upgraded and can remember layouts."""
    import sqlite3

    path = tmp_path / "old.sqlite"
    Workbook.create(path, make_partnership()).close()
    with contextlib.closing(sqlite3.connect(path)) as conn:
        for later in ("sheet_layout", "live_inbox", "live_session"):  # steps 9 and 10
            conn.execute(f"DROP TABLE {later}")
        conn.execute("UPDATE meta SET value = '8' WHERE key = 'schema_version'")
        conn.commit()
    with Workbook.open(path) as wb:
        wb.remember_sheet_layout("s", "resources", ["A"], {"name": "A"})
        assert wb.sheet_layout("s") is not None


def test_a_step_7_database_gains_the_table(pg_cluster):
    """A PostgreSQL database at step 7 gains sheet_layout with its access rules."""
    import psycopg

    with contextlib.closing(psycopg.connect(pg_cluster.url(database="postgres"),
                                            autocommit=True)) as conn:
        conn.execute("CREATE DATABASE layouts_seven")
    url = pg_cluster.url(database="layouts_seven")
    Workbook.create(DbTarget(url, "six"), make_partnership()).close()
    with contextlib.closing(psycopg.connect(url, autocommit=True)) as conn:
        conn.execute("DROP TABLE sheet_layout")
        conn.execute("UPDATE alembic_version SET version_num = '0007' "
                     "WHERE version_num NOT LIKE 'live%'")
    from workbook.store import postgres

    postgres._READY.discard(url)  # as a new process would
    with Workbook.open(DbTarget(url, "six")) as wb:
        wb.remember_sheet_layout("s", "resources", ["A"], {"name": "A"})
        assert wb.sheet_layout("s").mapping == {"name": "A"}
    engine = admin_engine(url)
    try:
        with engine.connect() as conn:
            assert migrations.database_revision(conn) == migrations.HEAD
            secured = conn.exec_driver_sql(
                "SELECT relforcerowsecurity FROM pg_class WHERE relname = 'sheet_layout'"
            ).scalar_one()
            assert secured
    finally:
        engine.dispose()
