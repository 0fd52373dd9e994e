"""Hostile text through the other doors: a view's form, sheet import, contribution files,
and the exports partners read.

Whatever comes in is stored exactly (one-line fields lose only surrounding spaces; a sheet
cell loses its surrounding spaces too) or refused with a clear ``WorkbookError``; nothing
typed is ever executed, and what is exported stays inert: no participant markup is live
in the summary page, and no table cell can start a spreadsheet formula.
"""

from __future__ import annotations

import csv
import html
import io
import itertools
import re

import ipywidgets
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from robustness_hostile import PAYLOADS, assert_clear_refusal, hostile_text

from workbook import Comment, Meeting, Organisation, Person, Resource
from workbook.errors import WorkbookError
from workbook.model import Decision
from workbook.model.text import without_invisibles
from workbook.testing import make_workbook

SETTINGS = settings(max_examples=30, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])
MARKUP = [p for p in PAYLOADS if "<" in p or "&" in p]


@pytest.fixture(autouse=True)
def _close_widgets():
    yield
    ipywidgets.Widget.close_all()


# -- a view's form -----------------------------------------------------------------------

def test_hostile_entry_points_view_form_stores_or_shows_refusal():
    """Text typed into a view's form is stored exactly, or refused with the message shown
    escaped; the comparison grid shows stored text as text, never as markup."""
    from workbook.views.steps.partners import PartnersView

    wb = make_workbook()
    view = PartnersView(wb)

    @SETTINGS
    @given(hostile_text(), hostile_text())
    def check(name: str, culture: str) -> None:
        view.profiles.load(None)
        form = view.profiles.form
        form.inputs["name"].value = name
        form.inputs["culture"].value = culture
        before = wb.count(Organisation)
        stored = view.profiles.save()  # called directly, so an unexpected error surfaces
        if stored is None:
            assert wb.count(Organisation) == before
            assert view.status.text
            assert_markup_inert(view.status.value, [name, culture])
            return
        org = wb.get(Organisation, stored.id)
        assert (org.name, org.culture) == (one_line(name), culture)
        view.draw_comparison()
        assert_markup_inert(view.grid.value, [org.name, org.culture])

    check()
    wb.close()


def one_line(value: str) -> str:
    """How a one-line field stores ``value``: NFC, invisible characters out, trimmed."""
    return without_invisibles(value).strip()


def _handlers(page: str) -> list[str]:
    """Every ``on...`` attribute (event handler) of every element in ``page``."""
    from html.parser import HTMLParser

    found: list[str] = []

    class Reader(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            found.extend(f"{tag} {name}" for name, _ in attrs if name.lower().startswith("on"))

    Reader().feed(page)
    return found


def assert_markup_inert(page: str, typed: list[str]) -> None:
    """No typed markup is live in ``page``: no script, no event handler, no raw tag."""
    assert "<script" not in page.lower()
    # No element has an event handler attribute: parsed, as a browser reads it (a
    # quoted, escaped attribute value that says "onerror=" is text, not a handler).
    assert _handlers(page) == []
    for value in typed:
        value = value.strip()
        # A typed tag shown raw is live markup. Short fragments such as "<" or "</p" are
        # left out: they stand in the page's own markup whether or not they were shown.
        if re.search(r"<[A-Za-z!/?]", value) and len(value) >= 4 and value in page:
            assert html.escape(value, quote=False) in page or html.escape(value) in page


# -- sheet import --------------------------------------------------------------------------

def _csv_bytes(rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode("utf-8")


def test_hostile_entry_points_sheet_cells_stored_as_text_or_refused():
    """Sheet cells (formulas, markup, SQL, paths) become resource text exactly, or the
    sheet/row is refused with a message; a formula is never evaluated."""
    from workbook.interchange.sheets import import_sheet, preview_sheet

    wb = make_workbook()
    numbers = itertools.count()

    @SETTINGS
    @given(hostile_text(), hostile_text())
    def check(name: str, notes: str) -> None:
        unique = f"{next(numbers)} "  # rows must not repeat earlier entries
        try:
            data = _csv_bytes([["Name", "Notes"], [unique + name, notes]])
        except UnicodeEncodeError:  # a lone surrogate: no sheet can hold it
            assume(False)
        try:
            stored = import_sheet(wb, preview_sheet(wb, "scan.csv", data)).stored
        except WorkbookError as exc:
            assert_clear_refusal(exc)
            return
        (resource,) = stored
        again = wb.get(Resource, resource.id)
        assert again.name == one_line(unique + name)
        if "\r" not in notes and "\x00" not in notes:
            # A cell past the field's limit is cut at it, with a warning in the preview
            # (field case 35); anything shorter arrives exactly.
            assert again.notes == notes.strip() or (
                again.notes.endswith("…") and notes.strip().startswith(again.notes[:-1]))

    check()
    wb.close()


@pytest.mark.parametrize("payload", ["=1+2", "=HYPERLINK(\"http://x.example\",\"y\")",
                                     "+cmd|' /C calc'!A0", "@SUM(A1:A9)"])
def test_hostile_entry_points_csv_formula_stays_text(payload):
    """A CSV cell that looks like a formula is stored as the text typed, not a result."""
    from workbook.interchange.sheets import import_sheet, preview_sheet

    wb = make_workbook()
    data = _csv_bytes([["Name", "Notes"], ["Evening welding", payload]])
    (resource,) = import_sheet(wb, preview_sheet(wb, "scan.csv", data)).stored
    assert wb.get(Resource, resource.id).notes == payload
    wb.close()


# -- contribution files ----------------------------------------------------------------------

def _participant(name: str) -> dict:
    return {"name": name, "role": "", "organisation": "Harbourline Fabrication",
            "partner_type": "business", "new_organisation": False}


def test_hostile_entry_points_contribution_comment_exact_or_refused():
    """A participant's hostile name and comment arrive exactly, or the file is refused."""
    from workbook.participant import contribution, importer

    wb = make_workbook()
    wb.add(Organisation(name="Harbourline Fabrication"))

    @SETTINGS
    @given(hostile_text(), hostile_text())
    def check(name: str, text: str) -> None:
        try:
            raw = contribution.build(wb, _participant(name), [{"kind": "comment", "text": text}])
            parsed = contribution.parse(raw, wb)
            plan = importer.preview(wb, parsed)
            # The organisation is in the workbook: its items wait for an explicit yes.
            importer.apply(wb, plan, accepted={s.key for s in plan.steps if s.possible})
        except WorkbookError as exc:
            assert_clear_refusal(exc)
            return
        found = [c for c in wb.all(Comment, author=one_line(name)) if c.text == text]
        assert found, (name, text)
        assert wb.all(Person, name=one_line(name))

    check()
    wb.close()


def test_hostile_entry_points_contribution_raw_bytes_only_refused():
    """Arbitrary bytes or JSON as a contribution file give ImportFileError, nothing else."""
    import json

    from workbook.errors import ImportFileError
    from workbook.participant import contribution

    wb = make_workbook()
    rows_before = wb.count(Comment), wb.count(Person)
    json_values = st.recursive(
        st.none() | st.booleans() | st.integers() | hostile_text(),
        lambda inner: st.lists(inner, max_size=3)
        | st.dictionaries(st.sampled_from(["format", "items", "participant", "nonce",
                                           "content_hash", "partnership"]) | hostile_text(),
                          inner, max_size=4), max_leaves=8)
    documents = st.binary(max_size=300) | json_values.map(
        lambda v: json.dumps(v, ensure_ascii=False).encode("utf-8", "surrogatepass"))

    @SETTINGS
    @given(documents)
    def check(raw: bytes) -> None:
        with pytest.raises(ImportFileError) as caught:
            contribution.parse(raw, wb)
        assert_clear_refusal(caught.value)

    check()
    assert (wb.count(Comment), wb.count(Person)) == rows_before
    wb.close()


@pytest.mark.parametrize("name", ["../../etc/passwd", "..\\..\\boot", "/root/.ssh/x",
                                  "a/../../b", "\u202e.exe", "..", "CON"])
def test_hostile_entry_points_contribution_file_name_stays_plain(name):
    """The download name made from a participant's name has no path in it."""
    import datetime as dt

    from workbook.participant import contribution

    made = contribution.file_name({"name": name}, dt.datetime(2026, 3, 14, 10, 0))
    assert re.fullmatch(r"contribution-[a-z0-9-]+-\d{8}-\d{4}\.json", made), made


# -- exports -------------------------------------------------------------------------------

def test_hostile_entry_points_summary_page_inert():
    """Hostile text in a meeting, its comments and its people comes out of the summary
    page escaped: no script, no event handler, no raw tag of theirs."""
    from workbook.export import render_summary

    wb = make_workbook()
    org = wb.add(Organisation(name="Harbourline Fabrication"))
    numbers = itertools.count()

    @settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(st.sampled_from(MARKUP) | hostile_text(), st.sampled_from(MARKUP) | hostile_text())
    def check(objective: str, text: str) -> None:
        n = next(numbers)
        try:
            meeting = wb.add(Meeting(held_on="2026-03-10", objective=objective, notes=text))
            wb.add(Decision(meeting_id=meeting.id, text=text))
        except WorkbookError as exc:
            assert_clear_refusal(exc)
            meeting = wb.add(Meeting(held_on="2026-03-10", objective=f"Meeting {n}"))
        typed = [meeting.objective, meeting.notes]
        for value in (text, objective):
            try:
                person = wb.add(Person(name=value, organisation_id=org.id))
                wb.add_attendee(meeting.id, person.id)
                typed.append(person.name)
            except WorkbookError as exc:
                assert_clear_refusal(exc)
            try:
                wb.add(Comment(author="Participant", meeting_id=meeting.id, text=value))
                typed.append(value)
            except WorkbookError as exc:
                assert_clear_refusal(exc)
        page = render_summary(wb, meeting.id).html
        assert_markup_inert(page, typed)

    check()
    wb.close()


def test_hostile_entry_points_tables_no_live_formula(tmp_path):
    """Exported CSV tables never start a cell from typed text with a formula character,
    and a hostile partnership name cannot move the files out of the chosen folder."""
    from workbook.export import export_tables

    wb = make_workbook(working_title="../../../etc/cron.d/evil")
    for n, payload in enumerate(PAYLOADS):
        try:
            wb.add(Organisation(name=f"{payload}", mission=payload))
        except WorkbookError as exc:
            assert_clear_refusal(exc)
        wb.add(Organisation(name=f"=cmd|' /C calc'!A{n}"))
    folder = export_tables(wb, tmp_path / "out")
    assert folder.resolve().is_relative_to((tmp_path / "out").resolve())
    written = list(folder.glob("*.csv"))
    assert written
    for path in written:
        for row in csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))):
            for cell in row:
                if cell[:1] in ("=", "+", "@"):
                    pytest.fail(f"{path.name}: live formula cell {cell!r}")
    wb.close()
