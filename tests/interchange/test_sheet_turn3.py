"""Sheets of programs as partners really send them (field cases 12-35 of round three), and
generated variants of each kind: the importer asks instead of guessing, skips what is not
an entry and says why, and remembers a confirmed mapping."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook as ExcelBook

from workbook.errors import ImportFileError
from workbook.interchange import sheets
from workbook.interchange.sheet_books import FORMULA_FLAG
from workbook.interchange.sheet_fields import guess_fields
from workbook.interchange.sheet_memory import forget_layout, recall_layout
from workbook.model import Organisation, Person, Resource

CASES = Path(__file__).parent.parent / "fixtures" / "turn3"
GENERATED = settings(max_examples=25, deadline=None,
                     suppress_health_check=[HealthCheck.function_scoped_fixture])


def _preview(wb, name, data=None, **options):
    data = (CASES / name).read_bytes() if data is None else data
    return sheets.preview_sheet(wb, name, data, sheets.SheetOptions(**options))


def _new(preview):
    return [r.entity.name for r in preview.rows if r.outcome == "new"]


def test_case_12_survey_respondent_is_not_the_program(demo_wb):
    """Google Forms: name <- 'Program or service name', owner <- 'Organization name'; the
    respondent's name and e-mail are never guessed; three programs."""
    preview = _preview(demo_wb, "12-Resource_scan_(Responses)_-_Form_Responses_1.csv")
    assert preview.mapping["name"] == "Program or service name"
    assert preview.mapping["owner"] == "Organization name"
    assert "Your name" not in preview.mapping.values()
    assert _new(preview) == ["Forklift Certification Bootcamp",
                             "Small Manufacturer Equipment Grant",
                             "Digital Skills for Shop Floor"]
    assert preview.mapping["target_group"] == "Who is it for?"
    listed = preview.to_json()["unmapped_columns"]
    assert {"Your name", "Timestamp"} <= set(listed)


def test_case_14_surveymonkey_two_header_rows(demo_wb):
    """The question row and the 'Response' row read as one header; two programs, owners."""
    preview = _preview(demo_wb, "14-Data_All_261118.xlsx")
    assert preview.file.table.header_row == 2
    assert preview.mapping["name"].endswith(" / Program name")
    assert preview.mapping["owner"].endswith(" / Organization")
    assert _new(preview) == ["Pre-Apprenticeship in Welding", "Employer Childcare Stipend"]
    assert "First Name" in preview.to_json()["respondent_columns"]


def test_case_16_etpl_ids_never_name_or_owner(demo_wb):
    """'Program #' and 'Provider #' are ids; 'Approved' is not a status of the map: asked,
    not used."""
    preview = _preview(demo_wb, "16-ETPL_Statewide_Program_List.csv")
    assert (preview.mapping["name"], preview.mapping["owner"], preview.mapping["notes"]) == (
        "Program Name", "Provider Name", "Program Description")
    assert preview.mapping["status"] is None
    assert not {"Provider #", "Program #", "TWIST Program ID"} & set(preview.mapping.values())
    [status] = [q for q in preview.settled.questions if q.field == "status"]
    assert "Approved" in status.message


def test_case_18_resource_map_sections_merged_cells_legend(demo_wb):
    """Header row 3; five entries; the merged category filled down as the kind; section
    rows and the legend listed as skipped, not entries."""
    preview = _preview(demo_wb, "18-KVWB_Resource_Map_Nov_2026.xlsx", new_owners="add",
                       partner_type="community")
    assert preview.file.table.header_row == 3
    assert len(_new(preview)) == 5
    assert [r.entity.resource_kind for r in preview.rows] == ["program"] * 3 + ["service"] * 2
    skipped = preview.to_json()["skipped_rows"]
    assert [s["row"] for s in skipped] == [4, 8, 12]
    assert "section title" in skipped[0]["reason"] and "note" in skipped[2]["reason"]


def test_case_20_table_in_column_b_flags_the_right_column(demo_wb):
    """The never-calculated Capacity formulas (column D) refuse their rows, naming Capacity."""
    preview = _preview(demo_wb, "20-programs-export.xlsx", new_owners="add",
                       partner_type="semi_public")
    assert list(preview.file.frame.columns) == ["Program name", "Provider", "Capacity", "Notes"]
    assert all(r.error.startswith("Capacity (column 'Capacity', D in the sheet)")
               for r in preview.rows)
    assert all(FORMULA_FLAG in r.error for r in preview.rows)
    unmapped_notes = _preview(demo_wb, "20-programs-export.xlsx", new_owners="add",
                              partner_type="semi_public", mapping={"notes": None})
    assert all(r.error for r in unmapped_notes.rows)  # the wrong column never lets it pass


def test_case_30_encrypted_workbook_is_named_password_protected(demo_wb):
    """Not 'damaged': password-protected, with how to clear the password."""
    with pytest.raises(ImportFileError, match="password-protected") as caught:
        _preview(demo_wb, "30-programs-encrypted.xlsx")
    assert "Encrypt with Password" in str(caught.value)


def test_case_35_over_long_cell_cut_with_a_note_not_the_file_refused(demo_wb):
    """The 32,767-character notes are cut to the model's limit, said in the row; the file
    imports."""
    preview = _preview(demo_wb, "35-programs-long-notes.xlsx")
    assert not preview.problems
    first = preview.rows[0]
    assert len(first.entity.notes) == 10_000 and "32,767" in first.note
    result = sheets.import_sheet(demo_wb, preview)
    assert len(result.stored) == 3


def test_remembered_mapping_is_used_shown_and_can_be_forgotten(demo_wb):
    """A mapping confirmed by an import is used for the next file of the same layout."""
    data = b"Offering,Who runs it,Blurb\nWelding Night Class,Ferris Family Foundation,x\n"
    first = _preview(demo_wb, "a.csv", data)
    assert first.mapping["name"] is None and first.problems
    chosen = _preview(demo_wb, "a.csv", data, mapping={"name": "Offering",
                                                        "owner": "Who runs it"})
    sheets.import_sheet(demo_wb, chosen)
    later = b"Offering,Who runs it,Blurb\nForklift Basics,Ferris Family Foundation,y\n"
    again = _preview(demo_wb, "b.csv", later)
    assert again.remembered is not None and again.remembered.file_name == "a.csv"
    assert (again.mapping["name"], again.mapping["owner"]) == ("Offering", "Who runs it")
    assert again.settled.how["name"] == "remembered" and not again.problems
    assert again.to_json()["remembered"]["file"] == "a.csv"
    assert forget_layout(demo_wb, again.file.frame.columns)
    assert recall_layout(demo_wb, again.file.frame.columns) is None


def test_unmapped_columns_kept_in_notes(demo_wb):
    """An unmapped column can be kept in each entry's notes as 'Column: value'."""
    data = b"Program name,Cost,Hours\nWelding Night,$300,40\n"
    preview = _preview(demo_wb, "c.csv", data, keep_in_notes=("*",))
    assert preview.rows[0].entity.notes == "Cost: $300\nHours: 40"
    with pytest.raises(ImportFileError, match="not an unmapped column"):
        _preview(demo_wb, "c.csv", data, keep_in_notes=("Program name",))


def test_an_unknown_kind_chosen_once_for_the_whole_file(demo_wb):
    """'Fund' is not a kind; read as funding for every row when the facilitator says so."""
    data = b"Program name,Kind\nA,Fund\nB,Fund\n"
    refused = _preview(demo_wb, "k.csv", data, mapping={"resource_kind": "Kind"})
    assert [r.entity.resource_kind for r in refused.rows] == ["funding", "funding"]
    data = b"Program name,Kind\nA,Pot of money\nB,Pot of money\n"
    refused = _preview(demo_wb, "k.csv", data, mapping={"resource_kind": "Kind"})
    assert all(r.error for r in refused.rows)
    chosen = _preview(demo_wb, "k.csv", data, mapping={"resource_kind": "Kind"},
                      values={"resource_kind": {"pot of money": "funding"}})
    assert [r.entity.resource_kind for r in chosen.rows] == ["funding", "funding"]


# -- generated variants -------------------------------------------------------------------

PROGRAMS = st.sampled_from(["Welding Basics", "CNC Night Course", "Forklift Certification",
                            "Childcare Stipend", "Transit Pass", "Digital Skills Lab",
                            "Pre-Apprenticeship in Welding", "Mechatronics Pathway"])
PERSON_TITLES = st.sampled_from(["Your name", "Your full name", "Respondent name",
                                 "Name of person completing this form", "Contact name",
                                 "First name", "Last name", "Preferred Name (First and Last)"])
ID_TITLES = st.sampled_from(["Program #", "Provider #", "Program No.", "Provider ID",
                             "PROGRAMID", "Program Number", "Program Code"])
DESCRIPTION_TITLES = st.sampled_from(["Description Of Provider", "Tell us about the program",
                                      "Anything else about the provider?",
                                      "Program description"])


@GENERATED
@given(person=PERSON_TITLES, ident=ID_TITLES, describing=DESCRIPTION_TITLES,
       order=st.permutations(range(3)))
def test_never_name_or_owner_from_a_person_id_or_description(person, ident, describing,
                                                             order):
    """Whatever the order, such titles never fill the name or the owner."""
    titles = [person, ident, describing]
    columns = [titles[i] for i in order]
    guesses = guess_fields(columns)
    assert "name" not in guesses and "owner" not in guesses


@GENERATED
@given(names=st.lists(st.sampled_from(["Dana Okafor", "Bea Santos", "Carl Jensen",
                                       "Nora Blake"]), min_size=2, max_size=6))
def test_a_column_of_the_workbooks_people_is_asked_not_taken(demo_wb, names):
    """A 'Program' column holding people's names leaves the name open and asks."""
    data = ("Program,Notes\n" + "".join(f"{n},x\n" for n in names)).encode()
    preview = _preview(demo_wb, "p.csv", data)
    assert preview.mapping["name"] is None and not preview.to_json()["ready"]
    assert any("people's names" in q.message for q in preview.settled.questions)


@GENERATED
@given(cells=st.lists(st.one_of(
    st.integers(1000, 99999).map(str),
    st.emails(),
    st.sampled_from(["www.example.org", "https://college.example.edu/programs"])),
    min_size=2, max_size=6), title=st.sampled_from(["Program", "Name", "Provider"]))
def test_ids_emails_and_web_addresses_are_not_names(demo_wb, cells, title):
    """A name or owner column of ids, e-mails or web addresses is asked about."""
    field = "owner" if title == "Provider" else "name"
    extra = "Program name" if field == "owner" else "Organization"
    data = (f"{title},{extra}\n" + "".join(f'"{c}",Welding\n' for c in cells)).encode()
    preview = _preview(demo_wb, "i.csv", data)
    if preview.mapping[field] == title:  # only when the cells are mixed enough to look right
        kinds = sum(1 for c in cells if c.isdigit()), sum("@" in c for c in cells)
        assert max(kinds) * 2 <= len(cells)
    else:
        assert any(q.field == field for q in preview.settled.questions)


@GENERATED
@given(programs=st.lists(PROGRAMS, min_size=2, max_size=5, unique=True),
       sections=st.lists(st.sampled_from(["TRAINING", "SUPPORT SERVICES", "FUNDING",
                                          "Training:"]), min_size=1, max_size=2),
       left=st.integers(0, 3), notes=st.lists(st.sampled_from(
           ["Source: county survey 2026", "Legend: green = open", "Note: call first",
            "Updated November 2026"]), max_size=2))
def test_section_rows_margins_and_notes_are_skipped(demo_wb, programs, sections, left, notes):
    """Any margin, section titles between entries and notes under the table: entries are
    exactly the programs, and every other row is listed as skipped."""
    book = ExcelBook()
    sheet = book.active
    pad = [None] * left
    sheet.append([*pad, "Program name", "Provider", "Who it serves"])
    expected_skipped = 0
    for n, program in enumerate(programs):
        if n < len(sections):
            sheet.append([*pad, sections[n]])
            expected_skipped += 1
        sheet.append([*pad, program, "Ferris Family Foundation", "Adults"])
    if notes:
        sheet.append([])
        for note in notes:
            sheet.append([*pad, note])
            expected_skipped += 1
    buffer = io.BytesIO()
    book.save(buffer)
    preview = _preview(demo_wb, "m.xlsx", buffer.getvalue())
    assert _new(preview) == programs
    assert len(preview.file.table.skipped) == expected_skipped


@GENERATED
@given(programs=st.lists(PROGRAMS, min_size=1, max_size=4, unique=True),
       tool=st.sampled_from(["google", "microsoft", "surveymonkey"]))
def test_survey_exports_map_the_program_not_the_respondent(demo_wb, programs, tool):
    """Google Forms, Microsoft Forms and SurveyMonkey layouts: the entries are the programs."""
    if tool == "google":
        head = ["Timestamp", "Email Address", "Your name", "Program name", "Organization"]
        rows = [["11/20/2026 14:02:11", "a@x.org", "Bea Santos", p, "Ferris Family Foundation"]
                for p in programs]
    elif tool == "microsoft":
        head = ["ID", "Start time", "Completion time", "Email", "Name", "Program name",
                "Organization"]
        rows = [[str(n), "11/20/26 9:01", "11/20/26 9:05", "a@x.org", "Bea Santos", p,
                 "Ferris Family Foundation"] for n, p in enumerate(programs, 1)]
    else:
        head = ["Respondent ID", "Collector ID", "Start Date", "End Date", "Email Address",
                "First Name", "Last Name", "Tell us about a program", "", "Kind"]
        rows = [["", "", "", "", "", "", "", "Program name", "Organization", "Response"]]
        rows += [[str(9000 + n), "431", "2026-11-18", "2026-11-18", "", "", "", p,
                  "Ferris Family Foundation", "Program"] for n, p in enumerate(programs)]
    text = "\n".join(",".join(f'"{c}"' for c in row) for row in [head, *rows]) + "\n"
    preview = _preview(demo_wb, "s.csv", text.encode())
    assert _new(preview) == programs
    owners = {o.id: o.name for o in demo_wb.all(Organisation)}
    assert {owners[r.entity.owner_id] for r in preview.rows} == {"Ferris Family Foundation"}
    assert demo_wb.count(Person) > 0 and demo_wb.count(Resource) > 0


ACCENTED = st.sampled_from(["Café Skills", "Naïve Bakery", "Crème Brûlée Class",
                            "Señor Tacos Kitchen", "Résumé Workshop", "Zoë's Daycare",
                            "Façade Restoration", "Jalapeño Cooking"])


@GENERATED
@given(names=st.lists(ACCENTED, min_size=1, max_size=4, unique=True),
       filler=st.integers(0, 80), encoding=st.sampled_from(["mac_roman", "cp1252"]))
def test_improbable_characters_are_never_stored_as_sure(demo_wb, names, filler, encoding):
    """A Mac Roman or Windows-1252 file: either read right, or the preview asks which
    encoding, and the first reading offered shows the names right."""
    lines = ["Program name,Notes"] + [f"Welding class {n},Runs weekly" for n in range(filler)]
    lines += [f"{name},x" for name in names]
    data = ("\n".join(lines) + "\n").encode(encoding)
    preview = _preview(demo_wb, "e.csv", data)
    shown = [r.values["name"] for r in preview.rows][filler:]
    if preview.file.encoding_certain:
        assert shown == names
    else:
        assert not preview.to_json()["ready"]
        chosen = _preview(demo_wb, "e.csv", data, encoding=preview.file.encoding_choices[0])
        assert [r.values["name"] for r in chosen.rows][filler:] == names


def test_xlsb_is_read_as_a_workbook_and_the_row_limit_is_named(demo_wb):
    """.xlsb goes to the workbook reader (a file that is not one is called damaged, not
    refused as an unknown kind); a sheet over the row limit says the limit."""
    with pytest.raises(ImportFileError, match=r"not really a \.xlsb file|not a valid \.xlsb"):
        _preview(demo_wb, "programs.xlsb", b"PK\x03\x04 not a workbook")
    rows = "".join(f"Program {n},x\n" for n in range(sheets.MAX_ROWS + 1))
    with pytest.raises(ImportFileError, match="more than 5,000 entries"):
        _preview(demo_wb, "big.csv", ("Program name,Notes\n" + rows).encode())
