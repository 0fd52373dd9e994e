"""Languages per partnership (schema step 0014): the list the partners need and each
organization's own language, stored on both backends, kept exactly by the JSON round trip,
and added with defaults when an older file or database is upgraded."""

from __future__ import annotations

import contextlib
import json
import sqlite3

import pytest

from workbook import Organisation, Partnership, Workbook
from workbook.errors import ChoiceError, ValidationError
from workbook.interchange.jsonio import export_json, import_json, to_text
from workbook.store import migrations
from workbook.store.postgres import DbTarget, admin_engine
from workbook.testing import make_partnership


def test_languages_default_to_english_and_are_normalised():
    """No list gives ["en"]; codes are lower-cased, kept once, in the order given."""
    assert make_partnership().languages == ("en",)
    partnership = Partnership(working_title="t", sector="s", region="r",
                              languages=[" ES ", "en", "es"])
    assert partnership.languages == ("es", "en")
    assert Partnership(working_title="t", sector="s", region="r", languages=[]).languages \
        == ("en",)


def test_a_language_without_a_catalog_is_refused_with_the_choices():
    """Vietnamese has no catalog yet: refused, naming the languages there are."""
    with pytest.raises(ValidationError) as caught:
        Partnership(working_title="t", sector="s", region="r", languages=["en", "vi"])
    assert "'vi'" in str(caught.value) and "en, es" in str(caught.value)
    with pytest.raises(ChoiceError):
        Organisation(name="Harbor Tech", language="vi")


def test_languages_are_stored_and_changed(wb):
    """Both backends keep the list and an organization's language; a change is one step."""
    wb.update_partnership(languages=("en", "es"))
    partner = wb.add(Organisation(name="Centro Latino", partner_type="community",
                                  language="es"))
    wb.add(Organisation(name="Harbor Tech"))
    assert wb.partnership.languages == ("en", "es")
    assert wb.get(Organisation, partner.id).language == "es"
    assert wb.get(Organisation, partner.id + 1).language is None


def test_languages_survive_the_json_round_trip_exactly(wb, tmp_path, new_target):
    """Export, import, export: the lists and the organizations' languages are the same."""
    wb.update_partnership(languages=("es", "en"))
    wb.add(Organisation(name="Centro Latino", partner_type="community", language="es"))
    first = export_json(wb)
    assert first["partnership"][0]["languages"] == ["es", "en"]
    assert first["organisation"][0]["language"] == "es"
    copy = import_json(json.loads(to_text(first)), new_target("copy"))
    try:
        assert copy.partnership.languages == ("es", "en")
        again = export_json(copy)
    finally:
        copy.close()
    del first["exported_at"], again["exported_at"]
    assert to_text(again) == to_text(first)


def test_an_export_without_languages_imports_as_english(tmp_path):
    """A JSON export from before schema 14 (no languages) imports with ["en"]."""
    with Workbook.create(tmp_path / "a.sqlite", make_partnership()) as wb:
        wb.add(Organisation(name="Harbor Tech"))
        data = export_json(wb)
    data["schema_version"] = 13
    del data["partnership"][0]["languages"]
    del data["organisation"][0]["language"]
    with import_json(data, tmp_path / "b.sqlite") as copy:
        assert copy.partnership.languages == ("en",)
        assert copy.all(Organisation)[0].language is None


def test_a_step_13_file_gains_the_languages(tmp_path):
    """A file at step 13 is upgraded: its partnership lists English, partners have none."""
    path = tmp_path / "old.sqlite"
    with Workbook.create(path, make_partnership()) as wb:
        wb.add(Organisation(name="Harbor Tech"))
    with contextlib.closing(sqlite3.connect(path)) as conn:
        conn.execute("ALTER TABLE partnership DROP COLUMN languages")
        conn.execute("ALTER TABLE organisation DROP COLUMN language")
        conn.execute("UPDATE meta SET value = '13' WHERE key = 'schema_version'")
        conn.commit()
    with Workbook.open(path) as wb:
        assert wb.partnership.languages == ("en",)
        assert wb.all(Organisation)[0].language is None
        wb.update_partnership(languages=("en", "es"))
        assert wb.partnership.languages == ("en", "es")


def test_a_step_13_database_gains_the_languages(pg_cluster):
    """A PostgreSQL database at step 13 gains both columns, under row-level security."""
    import psycopg

    with contextlib.closing(psycopg.connect(pg_cluster.url(database="postgres"),
                                            autocommit=True)) as conn:
        conn.execute("CREATE DATABASE languages_thirteen")
    url = pg_cluster.url(database="languages_thirteen")
    with Workbook.create(DbTarget(url, "thirteen"), make_partnership()) as wb:
        wb.add(Organisation(name="Harbor Tech"))
    with contextlib.closing(psycopg.connect(url, autocommit=True)) as conn:
        conn.execute("ALTER TABLE partnership DROP COLUMN languages")
        conn.execute("ALTER TABLE organisation DROP COLUMN language")
        # The live room's tables have their own line of steps (live_0001): only ours goes back.
        conn.execute("UPDATE alembic_version SET version_num = '0013' "
                     "WHERE version_num = %s", (migrations.HEAD,))
    from workbook.store import postgres

    postgres._READY.discard(url)  # as a new process would
    with Workbook.open(DbTarget(url, "thirteen")) as wb:
        assert wb.partnership.languages == ("en",)
        wb.update_partnership(languages=("en", "es"))
        assert wb.partnership.languages == ("en", "es")
    engine = admin_engine(url)
    try:
        with engine.connect() as conn:
            assert migrations.database_revision(conn) == migrations.HEAD
            secured = conn.exec_driver_sql(
                "SELECT bool_and(relforcerowsecurity) FROM pg_class "
                "WHERE relname IN ('partnership', 'organisation')").scalar_one()
            assert secured
    finally:
        engine.dispose()
