"""Hostile text through the model and store, the command line and JSON import.

Every value is either stored exactly (single-line fields lose only surrounding spaces) and
read back the same, or refused with a clear ``WorkbookError``; it is never executed: the
tables and the other rows are the same after any of it.
"""

from __future__ import annotations

import contextlib
import copy
import io
import itertools
import sqlite3
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from robustness_hostile import PAYLOADS, assert_clear_refusal, hostile_text

from workbook import Comment, Meeting, Organisation, Workbook
from workbook.cli import main
from workbook.errors import WorkbookError
from workbook.interchange.jsonio import export_json, import_json
from workbook.model.text import without_invisibles
from workbook.testing import make_workbook

SETTINGS = settings(max_examples=50, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


def _schema(path: Path) -> list[tuple]:
    with contextlib.closing(sqlite3.connect(path)) as conn:
        return conn.execute("SELECT type, name, sql FROM sqlite_master ORDER BY name").fetchall()


@pytest.fixture
def target(tmp_path):
    """A workbook file with two organisations: one to edit, one that must stay as it is."""
    wb = make_workbook(tmp_path / "hostile.sqlite")
    edited = wb.add(Organisation(name="Harbourline Fabrication"))
    bystander = wb.add(Organisation(name="Kestrel College", partner_type="semi_public",
                                    mission="Train welders"))
    yield wb, edited, bystander
    wb.close()


def test_hostile_input_free_text_stored_exactly_or_refused(target):
    """Multi-line text (comments, missions) comes back exactly as typed, or is refused."""
    wb, edited, bystander = target
    schema = _schema(wb.path)

    @SETTINGS
    @given(hostile_text())
    def check(value: str) -> None:
        try:
            comment = wb.add(Comment(author="Participant", text=value))
        except WorkbookError as exc:
            assert_clear_refusal(exc)
        else:
            assert wb.get(Comment, comment.id).text == value
        try:
            wb.update(Organisation, edited.id, {"mission": value})
        except WorkbookError as exc:
            assert_clear_refusal(exc)
        else:
            assert wb.get(Organisation, edited.id).mission == value

    check()
    assert wb.get(Organisation, bystander.id) == bystander
    assert _schema(wb.path) == schema


def test_hostile_input_names_stored_trimmed_or_refused(target):
    """A one-line name is stored trimmed, in NFC without invisibles, found again, or refused."""
    wb, edited, bystander = target

    @SETTINGS
    @given(hostile_text())
    def check(value: str) -> None:
        try:
            stored = wb.update(Organisation, edited.id, {"name": value})
        except WorkbookError as exc:
            assert_clear_refusal(exc)
            return
        assert stored.name == without_invisibles(value).strip()
        assert wb.get(Organisation, edited.id).name == without_invisibles(value).strip()
        assert wb.organisation_named(value).id == edited.id

    check()
    assert wb.get(Organisation, bystander.id) == bystander
    assert wb.count(Organisation) == 2


def test_hostile_input_lists_stored_item_by_item_or_refused(target):
    """Agenda items keep each hostile entry (trimmed, empty ones dropped), or refuse."""
    wb, _, _ = target

    @SETTINGS
    @given(st.lists(hostile_text(), max_size=5))
    def check(items: list[str]) -> None:
        try:
            meeting = wb.add(Meeting(held_on="2026-03-10", objective="Hear every partner",
                                     agenda=items))
        except WorkbookError as exc:
            assert_clear_refusal(exc)
            return
        expected = tuple(i.strip() for i in items if i.strip())
        assert wb.get(Meeting, meeting.id).agenda == expected

    check()


@pytest.mark.parametrize("payload", [p for p in PAYLOADS if "DROP" in p or "DELETE" in p
                                     or "ATTACH" in p or "OR '1'" in p])
def test_hostile_input_sql_fragments_stay_text(target, payload):
    """SQL typed into a field is stored as text and no table, row or database changes."""
    wb, edited, bystander = target
    schema = _schema(wb.path)
    comment = wb.add(Comment(author=payload, text=payload))
    wb.update(Organisation, edited.id, {"mission": payload, "name": payload})
    assert wb.get(Comment, comment.id).text == payload
    assert wb.all(Comment, author=payload) == [wb.get(Comment, comment.id)]
    assert wb.organisation_named(payload).id == edited.id
    assert wb.get(Organisation, bystander.id) == bystander
    assert _schema(wb.path) == schema
    with wb.engine.connect() as conn:
        databases = [row[1] for row in conn.exec_driver_sql("PRAGMA database_list")]
    assert databases == ["main"]


def _run_cli(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(argv)
    return code, out.getvalue(), err.getvalue()


def test_hostile_input_cli_new_and_info(tmp_path):
    """``workbook new`` stores hostile titles exactly or refuses in one line; ``info``
    shows what was stored."""
    numbers = itertools.count()

    @settings(max_examples=30, deadline=None)
    @given(hostile_text(), hostile_text())
    def check(title: str, sector: str) -> None:
        path = tmp_path / f"new-{next(numbers)}.sqlite"
        code, _, err = _run_cli(["new", str(path), f"--title={title}",
                                 f"--sector={sector}", "--region=Harbour County"])
        if code != 0:
            assert code == 2 and err.startswith("workbook: ")
            assert err.count("\n") == 1 and err[:-1].isprintable()
            assert not path.exists() and not list(tmp_path.glob("*.creating"))
            return
        with Workbook.open(path, daily_backup=False) as wb:
            assert wb.partnership.working_title == without_invisibles(title).strip()
            assert wb.partnership.sector == without_invisibles(sector).strip()
        code, out, _ = _run_cli(["info", str(path)])
        assert code == 0 and without_invisibles(title).strip() in out

    check()


@pytest.fixture(scope="module")
def export_doc() -> dict:
    """A JSON export of a small workbook with an organisation, a meeting and a comment."""
    wb = make_workbook()
    org = wb.add(Organisation(name="Harbourline Fabrication"))
    wb.add(Meeting(held_on="2026-03-10", objective="Agree the first steps"))
    wb.add(Comment(author="Ana", organisation_id=org.id, text="Fine"))
    doc = export_json(wb)
    wb.close()
    return doc


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | hostile_text(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(hostile_text(), inner,
                                                                 max_size=3),
    max_leaves=6)


PLACES = {  # (kind, field): a single-line field?
    ("partnership", "working_title"): True,
    ("organisation", "name"): True,
    ("organisation", "mission"): False,
    ("meeting", "objective"): False,
    ("comment", "text"): False,
}


def test_hostile_input_json_import_exact_or_refused(tmp_path, export_doc):
    """A hostile value in an import lands exactly where it belongs, or the import is
    refused with nothing left behind."""
    numbers = itertools.count()
    classes = {"partnership": None, "organisation": Organisation, "meeting": Meeting,
               "comment": Comment}

    @SETTINGS
    @given(st.sampled_from(sorted(PLACES)), hostile_text() | JSON_VALUES)
    def check(place: tuple[str, str], value: object) -> None:
        kind, name = place
        doc = copy.deepcopy(export_doc)
        doc[kind][0][name] = value
        path = tmp_path / f"import-{next(numbers)}.sqlite"
        try:
            wb = import_json(doc, path)
        except WorkbookError as exc:
            assert_clear_refusal(exc)
            assert not list(tmp_path.glob(f"{path.name}*"))
            return
        assert isinstance(value, str) or value is None
        expected = (without_invisibles(value or "").strip() if PLACES[place]
                    else (value or ""))
        with wb:
            stored = (wb.partnership if kind == "partnership"
                      else wb.get(classes[kind], doc[kind][0]["id"]))
            assert getattr(stored, name) == expected

    check()


def test_hostile_input_json_roundtrip_keeps_payloads(tmp_path):
    """Every payload a workbook accepts survives export to JSON and import unchanged."""
    wb = make_workbook()
    kept = []
    for n, payload in enumerate(PAYLOADS):
        with contextlib.suppress(WorkbookError):  # refused ones are pinned above
            kept.append(wb.add(Comment(author=f"P{n}", text=payload)))
    doc = export_json(wb)
    wb.close()
    with import_json(doc, tmp_path / "copy.sqlite") as copy_wb:
        assert [c.text for c in copy_wb.all(Comment)] == [c.text for c in kept]
    assert len(kept) > len(PAYLOADS) // 2
