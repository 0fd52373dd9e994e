"""JSON exports and the meeting room: old decision lists upgrade, stances are checked."""

from __future__ import annotations

import pytest

from workbook import Meeting, Partnership, Person, Workbook
from workbook.errors import ImportFileError
from workbook.interchange.jsonio import export_json, import_json
from workbook.model import Decision


@pytest.fixture
def small(tmp_path):
    wb = Workbook.create(tmp_path / "small.sqlite",
                         Partnership(working_title="Harbour", sector="Ships", region="Coast"))
    meeting = wb.add(Meeting(held_on="2026-03-10", objective="Kick off"))
    ana = wb.add(Person(name="Ana"))
    wb.record_decision(Decision(meeting_id=meeting.id, text="Monthly"), agreed=[ana.id])
    yield wb
    wb.close()


def test_schema_2_export_decisions_become_records(small, tmp_path):
    """A schema-2 export's meeting decisions list imports as decision records, in order."""
    data = export_json(small)
    data["schema_version"] = 2
    for key in ("agenda_item", "action_review", "decision", "evaluation", "decision_stance"):
        data.pop(key)
    data["meeting"][0]["decisions"] = ["Meet monthly", "Greta chairs"]
    with import_json(data, tmp_path / "old.sqlite") as wb:
        assert [(d.text, d.method) for d in wb.decisions()] == [
            ("Meet monthly", "not_recorded"), ("Greta chairs", "not_recorded")]


def test_current_export_with_a_decisions_list_is_refused(small, tmp_path):
    """In a current export a meeting has no decisions list; it is named as unknown."""
    data = export_json(small)
    data["meeting"][0]["decisions"] = ["Meet monthly"]
    with pytest.raises(ImportFileError, match="'decisions' is not a field of a meeting"):
        import_json(data, tmp_path / "new.sqlite")


def test_unknown_stance_is_refused(small, tmp_path):
    """A stance other than agreed or stood aside is refused, naming the row and the choices."""
    data = export_json(small)
    data["decision_stance"][0]["stance"] = "shouted"
    with pytest.raises(ImportFileError, match="decision_stance row 1: stance: .*agreed"):
        import_json(data, tmp_path / "new.sqlite")
    assert not (tmp_path / "new.sqlite").exists()
