"""New variants of round three's field cases, each kind tried as a new user would (issue 24,
point 2): attendee lists from other tools and in Spanish, readings with footnote marks,
decimal commas with thousands dots and a report whose table starts at D7 under a title
block, resource sheets from other survey tools and below a title block. Each file is
built here as the tool writes it; each test names what a facilitator expects."""

from __future__ import annotations

import csv
import io

from openpyxl import Workbook as ExcelBook

from workbook.interchange import attendance, sheets
from workbook.interchange.readings_sheet import import_readings, preview_readings

RETENTION = "Entry-level hires still employed after 90 days"
CREDENTIALS = "Incumbent workers completing a credential"


def _xlsx(fill) -> bytes:
    book = ExcelBook()
    fill(book.active)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _csv(rows, encoding="utf-8") -> bytes:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    return out.getvalue().encode(encoding)


def _people(wb, name, data):
    preview = attendance.match_report(wb, attendance.read_report(name, data, wb=wb))
    return ([p.name for _, p in preview.matched], [a.name for a in preview.new],
            preview.report.left_out, preview)


# --- attendee lists ---------------------------------------------------------------------

WEBEX_ES = _csv([
    ["Informe de asistencia de la reunión"], ["Tema", "Reunión trimestral de la alianza"],
    ["Fecha", "17/11/2026"], [],
    ["Nombre del asistente", "Correo electrónico", "Hora de entrada", "Hora de salida",
     "Duración (minutos)", "Asistió"],
    ["Dana Okafor", "dana.okafor@kvwb.org", "17/11/2026 9:58", "17/11/2026 11:30", "92", "Sí"],
    ["Bea Santos", "", "17/11/2026 10:01", "17/11/2026 11:30", "89", "Sí"],
    ["Santos, Bea", "", "", "", "0", "No"],
    ["Marisol Vega", "marisol@example.org", "17/11/2026 10:05", "17/11/2026 11:00", "55", "Sí"],
    ["+1 555 010 0199", "", "17/11/2026 10:00", "17/11/2026 11:30", "90", "Sí"],
    ["Sala de juntas KVWB", "", "17/11/2026 10:00", "17/11/2026 11:30", "90", "Sí"]],
    "utf-8-sig")


def test_variant_webex_attendance_with_spanish_headings(demo_wb):
    """Webex's attendee report with Spanish headings under a summary: those who attended
    (Sí) matched or new; the phone line and the room left out; a row saying No for a
    person present in another row (rejoined) is not listed as absent."""
    matched, new, left_out, preview = _people(demo_wb, "webex-asistencia.csv", WEBEX_ES)
    assert matched == ["Dana Okafor", "Bea Santos"]
    assert new == ["Marisol Vega"]
    assert [r for r, _ in left_out] == ["+1 555 010 0199", "Sala de juntas KVWB"]
    assert preview.report.source == "attendee list"  # not called Zoom
    assert preview.report.table.mapping["attended"] == "Asistió"


def test_variant_microsoft_forms_signin_with_anonymous_respondents(demo_wb):
    """Microsoft Forms' Excel export of an anonymous sign-in form: its own Name and Email
    columns say 'anonymous'; the question 'Your full name' is who signed in."""
    def fill(sheet):
        sheet.append(["ID", "Start time", "Completion time", "Email", "Name",
                      "Your full name", "Organization"])
        for n, who in enumerate(["Frank Orrin", "Nora Blake", "Jordan Pike"], 1):
            sheet.append([n, f"11/17/26 9:5{n}:02", f"11/17/26 9:5{n}:40", "anonymous",
                          "anonymous", who, "somewhere"])
    matched, new, left_out, preview = _people(demo_wb, "Sign-in sheet(1-3).xlsx", _xlsx(fill))
    assert matched == ["Frank Orrin", "Nora Blake"]
    assert new == ["Jordan Pike"]
    assert preview.report.source == "sign-in form"
    assert preview.report.table.mapping["name"] == "Your full name"


def test_variant_anonymous_is_never_offered_as_a_person(demo_wb):
    """A form whose only name column says 'anonymous': left out with the reason."""
    data = _csv([["Timestamp", "Name", "Email"], ["2026/11/17 9:55", "anonymous", ""],
                 ["2026/11/17 9:56", "Nora Blake", "nora@example.org"]])
    matched, new, left_out, _ = _people(demo_wb, "form.csv", data)
    assert matched == ["Nora Blake"] and new == []
    assert left_out == [("anonymous", "no name given")]


def test_variant_google_meet_attendance_in_spanish(demo_wb):
    """Google Meet's attendance in Spanish: Nombre and Apellido joined; e-mail kept."""
    data = _csv([["Nombre", "Apellido", "Correo electrónico", "Duración", "Hora de unión",
                  "Hora de salida"],
                 ["Dana", "Okafor", "dana.okafor@kvwb.org", "1 h 30 min", "9:58", "11:30"],
                 ["Kwame", "Asante", "", "1 h 10 min", "10:00", "11:10"],
                 ["Jordan", "Pike", "jp@example.org", "45 min", "10:15", "11:00"]])
    matched, new, left_out, preview = _people(demo_wb, "Reunión - Asistencia.csv", data)
    assert matched == ["Dana Okafor", "Kwame Asante"] and new == ["Jordan Pike"]
    assert left_out == [] and preview.new[0].email == "jp@example.org"


# --- readings ---------------------------------------------------------------------------

def _readings(wb, name, data, **options):
    read = sheets.read_file(name, data)
    return preview_readings(read.frame, wb, name=name, delimiter=read.delimiter, **options)


def _new(rows):
    return [(r.reading.read_on.isoformat(), r.outcome, r.reading.value)
            for r in rows if r.status == "new"]


def test_variant_readings_with_footnote_marks_and_small_cell_markers(demo_wb):
    """Superscript and dagger footnote marks after a figure are left out and noted;
    ``n<10`` and ``(s)`` are no reading; the footnotes under the table are not readings."""
    data = ("Month,Entry-level hires still employed after 90 days,"
            "Incumbent workers completing a credential\n"
            "2027-01,12.5¹,n<10\n2027-02,74.8†,52\n2027-03,73.0 (p),(s)\n\n"
            "¹ Revised figure.\n† Preliminary.\n").encode()
    rows = _readings(demo_wb, "footnotes.csv", data)
    assert rows.ready
    assert _new(rows) == [("2027-01-01", RETENTION, 12.5), ("2027-02-01", RETENTION, 74.8),
                          ("2027-02-01", CREDENTIALS, 52.0), ("2027-03-01", RETENTION, 73.0)]
    assert sorted(r.values["value"] for r in rows if r.status == "skip") == ["(s)", "n<10"]
    assert [r.note for r in rows if r.note] == ["footnote ¹ left out", "footnote † left out",
                                                "footnote (p) left out"]
    stored = import_readings(demo_wb, rows)
    assert "(footnote ¹ in the sheet)" in stored[0].note


def test_variant_decimal_comma_with_thousands_dot(demo_wb):
    """A German partner's sheet: ``Datum``, dotted dates, ``72,5 %`` and ``1.204,5``: the
    commas show the convention, so the dots group thousands."""
    data = (b"Datum;Entry-level hires still employed after 90 days;"
            b"Incumbent workers completing a credential\n"
            b"31.01.2027;72,5 %;1.204,5\n28.02.2027;73,1 %;1.180,0\n")
    rows = _readings(demo_wb, "kennzahlen.csv", data)
    assert rows.ready and rows.decimal == "comma"
    assert rows.mapping.targets["Datum"] == "date"
    assert _new(rows) == [("2027-01-31", RETENTION, 72.5), ("2027-01-31", CREDENTIALS, 1204.5),
                          ("2027-02-28", RETENTION, 73.1), ("2027-02-28", CREDENTIALS, 1180.0)]


def test_variant_readings_table_at_d7_under_a_title_block_with_notes(demo_wb):
    """A board's quarterly report: title lines above, the table from D7 with
    percent-formatted cells, notes under it: read as shown, notes are no readings."""
    def fill(sheet):
        for at, text in {"A1": "Kestrel Valley Workforce Board",
                         "A2": "Quarterly outcomes report", "A3": "Prepared by: Data team",
                         "A4": "Period: January-March 2027"}.items():
            sheet[at] = text
        sheet["D7"], sheet["E7"], sheet["F7"] = "Date", RETENTION, CREDENTIALS
        for row, (day, share, count) in enumerate(
                [("2027-01-31", 0.725, 48), ("2027-02-28", 0.731, 50),
                 ("2027-03-31", 0.748, "*")], 8):
            sheet[f"D{row}"], sheet[f"E{row}"], sheet[f"F{row}"] = day, share, count
            sheet[f"E{row}"].number_format = "0.0%"
        sheet["D12"] = "Notes: * suppressed (fewer than 10)."
        sheet["D13"] = "Source: state wage records."
    rows = _readings(demo_wb, "report.xlsx", _xlsx(fill))
    assert rows.ready
    assert _new(rows) == [("2027-01-31", RETENTION, 72.5), ("2027-01-31", CREDENTIALS, 48.0),
                          ("2027-02-28", RETENTION, 73.1), ("2027-02-28", CREDENTIALS, 50.0),
                          ("2027-03-31", RETENTION, 74.8)]
    assert [(r.row, r.values["value"]) for r in rows if r.status == "skip"] == [(10, "*")]
    assert all(r.row <= 10 for r in rows)


# --- resource sheets --------------------------------------------------------------------

def _sheet(wb, name, data, **options):
    return sheets.preview_sheet(wb, name, data, sheets.SheetOptions(**options))


def _added(preview):
    return [r.entity.name for r in preview.rows if r.outcome == "new"]


def test_variant_jotform_resource_scan(demo_wb):
    """Jotform's CSV: the respondent's name, e-mail, submission date and id never taken;
    the program, provider, who it serves and description mapped."""
    data = _csv([
        ["Submission Date", "Your Name", "E-mail", "Program Name", "Provider",
         "Who does it serve?", "Program description", "Submission ID"],
        ["Nov 18, 2026", "Pete Lindgren", "pete@kvcc.edu", "Industrial Maintenance Boot Camp",
         "Kestrel Valley Community College", "Adults changing careers",
         "Eight weeks of PLCs, hydraulics and electrical troubleshooting.",
         "5801234567890123456"],
        ["Nov 18, 2026", "Ruth Ferris", "ruth@ferris.org", "Emergency Car Repair Fund",
         "Ferris Family Foundation", "Trainees at risk of dropping out",
         "Up to $500 once for a repair that keeps a trainee on the road.",
         "5801234567890123457"]])
    preview = _sheet(demo_wb, "Jotform-resource-scan.csv", data, new_owners="add",
                     partner_type="community")
    assert preview.mapping["name"] == "Program Name"
    assert preview.mapping["owner"] == "Provider"
    assert preview.mapping["target_group"] == "Who does it serve?"
    assert preview.mapping["notes"] == "Program description"
    assert not {"Your Name", "E-mail", "Submission ID"} & set(preview.mapping.values())
    assert _added(preview) == ["Industrial Maintenance Boot Camp", "Emergency Car Repair Fund"]
    assert preview.to_json()["ready"]


def test_variant_resource_map_at_d7_under_a_title_block(demo_wb):
    """Title lines above, the table from D7, notes under it: header row 7, two entries,
    the notes skipped and listed with the reason."""
    def fill(sheet):
        sheet["A1"], sheet["A2"] = "Kestrel Valley Workforce Board", "Resource map"
        sheet["A3"], sheet["A5"] = "Updated November 2026", "Contact: Dana Okafor"
        for col, title in zip("DEFG", ["Resource", "Kind", "Provider", "Who it serves"],
                              strict=True):
            sheet[f"{col}7"] = title
        for row, values in enumerate([
                ["Forklift Certification Weekend", "Program",
                 "Kestrel Valley Community College", "Warehouse workers"],
                ["Tool Library for Apprentices", "Service",
                 "Machinists and Fabricators Local 318", "First-year apprentices"]], 8):
            for col, value in zip("DEFG", values, strict=True):
                sheet[f"{col}{row}"] = value
        sheet["D11"] = "Notes: kinds follow the board's categories."
        sheet["D12"] = "Last checked by Dana Okafor."
    preview = _sheet(demo_wb, "map.xlsx", _xlsx(fill))
    assert preview.file.table.header_row == 7
    assert _added(preview) == ["Forklift Certification Weekend", "Tool Library for Apprentices"]
    skipped = preview.to_json()["skipped_rows"]
    assert [s["row"] for s in skipped] == [11, 12]
    assert all("note under the table" in s["reason"] for s in skipped)


def test_variant_microsoft_forms_program_survey(demo_wb):
    """Microsoft Forms' Excel export: ID, times, Email and Name are the respondent's
    (``anonymous`` or a person), never the program or its owner."""
    def fill(sheet):
        sheet.append(["ID", "Start time", "Completion time", "Email", "Name",
                      "Last modified time", "Program or service name", "Organization name",
                      "Who is it for?"])
        sheet.append([1, "11/18/26 9:01:02", "11/18/26 9:04:40", "anonymous", "anonymous", "",
                      "Youth Summer Manufacturing Camp", "Kestrel Valley Community College",
                      "High school students 15-18"])
        sheet.append([2, "11/18/26 9:11:02", "11/18/26 9:14:40", "pete@kvcc.edu",
                      "Pete Lindgren", "", "Veterans Skillbridge Placement",
                      "Kestrel Valley Community College", "Transitioning service members"])
    preview = _sheet(demo_wb, "Resource scan(1-2).xlsx", _xlsx(fill))
    assert preview.mapping["name"] == "Program or service name"
    assert preview.mapping["owner"] == "Organization name"
    assert preview.mapping["target_group"] == "Who is it for?"
    assert {"Name", "Email", "ID"} <= set(preview.to_json()["respondent_columns"])
    assert _added(preview) == ["Youth Summer Manufacturing Camp",
                               "Veterans Skillbridge Placement"]
