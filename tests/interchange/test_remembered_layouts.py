"""Remembered mappings beyond the resource map (issue 24, point 2): a readings sheet's and an
attendee list's confirmed columns are kept per header signature, so the same partner's next
file imports in one step; the CLI's ``--json`` says which remembered layout it used."""

from __future__ import annotations

import json

import pytest

from workbook import Outcome, cli
from workbook.errors import ImportFileError
from workbook.interchange import attendance
from workbook.interchange.readings_sheet import import_readings, preview_readings
from workbook.interchange.sheet_memory import ATTENDANCE, READINGS, layout_signature
from workbook.interchange.sheets import read_file
from workbook.model import Meeting

RETENTION = "Entry-level hires still employed after 90 days"
JANUARY = b"Period ending,Retention rate,Comments\n2027-01-31,72.5,from the state\n"
FEBRUARY = b"Period ending,Retention rate,Comments\n2027-02-28,73.1,\n"


def _preview(wb, name, data, **options):
    read = read_file(name, data)
    return preview_readings(read.frame, wb, name=name, delimiter=read.delimiter, **options)


def _retention(wb):
    return next(o for o in wb.all(Outcome) if o.description == RETENTION)


def test_readings_mapping_is_remembered_and_used_for_the_next_sheet(demo_wb):
    """A column not headed with the outcome is asked about; chosen once and imported, the
    next sheet with the same columns is read that way (saying so) and imports at once."""
    rows = _preview(demo_wb, "jan.csv", JANUARY)
    assert not rows.ready and rows.mapping.unmapped() == ["Retention rate"]
    assert rows.mapping.targets["Period ending"] == "date"
    assert rows.mapping.targets["Comments"] == "note"
    with pytest.raises(ImportFileError, match="Retention rate"):
        import_readings(demo_wb, rows)
    outcome = _retention(demo_wb)
    rows = _preview(demo_wb, "jan.csv", JANUARY,
                    mapping={"Retention rate": f"outcome:{outcome.id}"})
    assert rows.ready and rows.mapping.how["Retention rate"] == "chosen"
    assert [(r.reading.value, r.reading.note) for r in rows] == [(72.5, "from the state")]
    import_readings(demo_wb, rows, source="jan.csv")
    step = demo_wb.steps()[0]
    assert "Import 1 reading" in step.label  # the layout kept in the import's own step
    rows = _preview(demo_wb, "feb.csv", FEBRUARY)
    assert rows.ready and rows.mapping.remembered is not None
    assert rows.mapping.remembered.file_name == "jan.csv"
    assert rows.mapping.how["Retention rate"] == "remembered"
    assert [(r.read_on.isoformat(), r.value) for r in import_readings(demo_wb, rows)] == [
        ("2027-02-28", 73.1)]
    # Another header (a column more) is another layout: asked again.
    other = _preview(demo_wb, "mar.csv", b"Period ending,Retention rate,Comments,Extra\n"
                                         b"2027-03-31,74.8,,\n")
    assert other.mapping.remembered is None and not other.ready
    # Not using the remembered mapping: asked again too.
    assert not _preview(demo_wb, "feb.csv", FEBRUARY, remember=False).ready


def test_readings_remembered_outcome_deleted_since_is_asked_again(demo_wb):
    """A remembered column -> outcome whose outcome is gone is not used: the column is
    asked about again, nothing is read into another outcome."""
    outcome = demo_wb.add(Outcome(description="Apprentices started", unit="people"))
    rows = _preview(demo_wb, "a.csv", b"Date,Starts\n2027-01-31,4\n",
                    mapping={"Starts": f"outcome:{outcome.id}"})
    import_readings(demo_wb, rows)
    assert _preview(demo_wb, "b.csv", b"Date,Starts\n2027-02-28,5\n").ready
    with demo_wb.change("Remove the outcome"):
        for reading in demo_wb.readings():
            if reading.outcome_id == outcome.id:
                demo_wb.delete(type(reading), reading.id)
        demo_wb.delete(Outcome, outcome.id)
    rows = _preview(demo_wb, "b.csv", b"Date,Starts\n2027-02-28,5\n")
    assert not rows.ready and rows.mapping.unmapped() == ["Starts"]


def test_readings_mapping_names_only_what_a_column_can_hold(demo_wb):
    """A chosen target that is no field and no outcome, or a column the sheet lacks: a
    clear refusal naming the choices."""
    with pytest.raises(ImportFileError, match="not something a column of readings"):
        _preview(demo_wb, "jan.csv", JANUARY, mapping={"Retention rate": "outcome:9999"})
    with pytest.raises(ImportFileError, match="not a column of this sheet"):
        _preview(demo_wb, "jan.csv", JANUARY, mapping={"Rate": "date"})


ROSTER = (b"Roster export, November\n\nInvitee,Contact,Joined?\n"
          b"Dana Okafor,dana@example.org,yes\nBea Santos,,no\nJordan Pike,jp@example.org,yes\n")
ROSTER_LATER = (b"Roster export, December\nHost: KVWB\n\nInvitee,Contact,Joined?\n"
                b"Bea Santos,,yes\nKwame Asante,,yes\n")
MAPPING = {"name": "Invitee", "email": "Contact", "attended": "Joined?"}


def _meeting(wb):
    return wb.all(Meeting)[-1]


def test_attendance_mapping_is_remembered_and_found_under_other_summary_rows(demo_wb):
    """An attendee list whose titles are not known is refused until mapped; recorded
    once, the next list with the same header (under other summary lines) is read at once."""
    with pytest.raises(ImportFileError, match="no list of people"):
        attendance.read_report("roster.csv", ROSTER, wb=demo_wb)
    assert attendance.report_columns("roster.csv", ROSTER) == ["Invitee", "Contact",
                                                                "Joined?"]
    report = attendance.read_report("roster.csv", ROSTER, wb=demo_wb, mapping=MAPPING)
    preview = attendance.match_report(demo_wb, report)
    assert [p.name for _, p in preview.matched] == ["Dana Okafor"]
    assert [a.name for a in preview.new] == ["Jordan Pike"]
    assert preview.report.left_out == [("Bea Santos", "not attended (no)")]
    assert preview.to_json()["mapped_how"] == "chosen"
    meeting = _meeting(demo_wb)
    attendance.import_attendance(demo_wb, meeting.id, preview)
    kept = demo_wb.sheet_layout(layout_signature(["Invitee", "Contact", "Joined?"],
                                                 ATTENDANCE))
    assert kept is not None and kept.what == ATTENDANCE
    assert kept.mapping["attended"] == "Joined?" and kept.file_name == "roster.csv"
    later = attendance.read_report("roster-dec.csv", ROSTER_LATER, wb=demo_wb)
    assert later.mapped_how == "remembered" and later.remembered is not None
    assert [a.name for a in later.attendees] == ["Bea Santos", "Kwame Asante"]
    data = attendance.match_report(demo_wb, later).to_json()
    assert data["layout"] == kept.signature
    assert data["remembered"]["file"] == "roster.csv"
    # The same titles read as readings are another kind: not taken for attendance.
    assert layout_signature(["Invitee", "Contact", "Joined?"], READINGS) != kept.signature


def test_attendance_mapping_refuses_unknown_fields(demo_wb):
    with pytest.raises(ImportFileError, match="not a column of an attendee list"):
        attendance.read_report("roster.csv", ROSTER, mapping={"who": "Invitee"})


def test_cli_json_names_the_remembered_layout(tmp_path, capsys):
    """``import-readings`` and ``import-attendance`` --json: ``layout`` (the header's
    signature) and ``remembered`` (null, then the mapping used and the file it came from);
    ``--map`` chooses, ``--forget-layout`` forgets."""
    path = tmp_path / "demo.sqlite"
    assert cli.main(["demo", str(path)]) == 0
    capsys.readouterr()
    jan, feb = tmp_path / "jan.csv", tmp_path / "feb.csv"
    jan.write_bytes(JANUARY)
    feb.write_bytes(FEBRUARY)
    assert cli.main(["import-readings", str(path), str(jan), "--json",
                     "--map", f"Retention rate={RETENTION}", "--yes"]) == 0
    first = json.loads(capsys.readouterr().out)
    assert first["remembered"] is None and first["stored"] == 1
    assert first["mapped_how"]["Retention rate"] == "chosen"
    assert cli.main(["import-readings", str(path), str(feb), "--json"]) == 0
    second = json.loads(capsys.readouterr().out)
    assert second["ready"] and second["layout"] == first["layout"]
    assert second["remembered"]["file"] == "jan.csv"
    assert cli.main(["import-readings", str(path), str(feb), "--forget-layout"]) == 0
    assert "Not mapped: Retention rate" in capsys.readouterr().out
    assert cli.main(["import-readings", str(path), str(feb), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["remembered"] is None
    roster, later = tmp_path / "roster.csv", tmp_path / "roster-dec.csv"
    roster.write_bytes(ROSTER)
    later.write_bytes(ROSTER_LATER)
    assert cli.main(["import-attendance", str(path), "7", str(roster)]) != 0
    assert "--map COLUMN=FIELD" in capsys.readouterr().err
    assert cli.main(["import-attendance", str(path), "7", str(roster), "--map",
                     "Invitee=name", "--map", "Joined?=attended", "--yes", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["remembered"] is None
    assert cli.main(["import-attendance", str(path), "7", str(later), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["remembered"]["file"] == "roster.csv" and data["mapped_how"] == "remembered"
    assert [m["person"] for m in data["matched"]] == ["Bea Santos", "Kwame Asante"]
    assert cli.main(["import-attendance", str(path), "7", str(later), "--forget-layout"]) != 0
    assert "no list of people" in capsys.readouterr().err  # forgotten: to map again
    assert cli.main(["import-attendance", str(path), "7", str(later), "--json"]) != 0
