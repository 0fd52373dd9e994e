"""Undo of a contribution import takes back its entries and its ledger: the same file can
be taken in again."""

from __future__ import annotations

from collections.abc import Callable

from workbook import Comment, Person, Workbook
from workbook.participant.contribution import parse
from workbook.participant.importer import apply, preview


def test_import_undo_takes_back_entries_and_ledger_so_the_file_imports_again(
        meeting_wb: Workbook, make_file: Callable) -> None:
    """After Undo the preview no longer says "imported", and importing again stores it."""
    raw = make_file([{"kind": "comment", "text": "Bring the bus schedules"}])
    meeting_wb.add(Person(name="Added before the import"))
    apply(meeting_wb, preview(meeting_wb, parse(raw, meeting_wb)))
    step = meeting_wb.steps(1)[0]
    assert step.label.startswith("Import the contribution of ")
    assert step.counts.get("imported_item") == 1 and step.counts.get("imported_file") == 1
    meeting_wb.undo()
    assert not any(c.text == "Bring the bus schedules" for c in meeting_wb.all(Comment))
    assert meeting_wb.all(Person, name="Added before the import")
    again = preview(meeting_wb, parse(raw, meeting_wb))
    assert again.imported_on is None and not again.changes_nothing
    apply(meeting_wb, again)
    assert any(c.text == "Bring the bus schedules" for c in meeting_wb.all(Comment))
