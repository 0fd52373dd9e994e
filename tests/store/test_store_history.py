"""The change log: history per entity, removal with what goes with it, undo, reopening."""

from __future__ import annotations

import datetime as dt

import pytest

from workbook import Workbook, i18n
from workbook.errors import ConflictError, ValidationError, VoteError
from workbook.interchange.jsonio import export_json, import_json
from workbook.model import ActionItem, Meeting, NameCandidate, Organisation, Person
from workbook.testing.factories import add_action, add_meeting, add_organisation, add_person


def test_history_lists_each_change_with_before_and_after(mem: Workbook) -> None:
    """Adding, changing and removing a person each leave one entry, newest first."""
    rosa = add_person(mem, name="Rosa Quintero")
    mem.update(Person, rosa.id, {"role": "Training lead"})
    mem.delete(Person, rosa.id)
    history = mem.history(Person, rosa.id)
    assert [c.action for c in history] == ["delete", "update", "add"]
    removed, changed, added = history
    assert added.before is None and added.after["name"] == "Rosa Quintero"
    assert changed.before["role"] == "Plant manager" and changed.after["role"] == "Training lead"
    assert changed.fields_changed == ["role"]
    assert removed.after is None and removed.before["role"] == "Training lead"
    assert isinstance(added.changed_at, dt.datetime)
    assert changed.describe() == "changed role of person “Rosa Quintero”"


def test_undo_last_reverts_a_change_then_the_one_before(mem: Workbook) -> None:
    """Each undo takes back one change: first the rename, then the addition."""
    org = add_organisation(mem, name="Quintero Composites")
    mem.update(Organisation, org.id, {"name": "Quintero Composite Works"})
    undone = mem.undo_last()
    assert [c.action for c in undone] == ["update"]
    assert mem.get(Organisation, org.id).name == "Quintero Composites"
    mem.undo_last()
    assert mem.organisation_named("Quintero Composites") is None
    assert mem.history(Organisation, org.id)[0].undone_at is not None


def test_undo_last_brings_a_removed_entity_back_with_its_id(mem: Workbook) -> None:
    """A removal undone restores the same row: same id, same fields."""
    action = add_action(mem, action="Draft the apprenticeship agreement")
    mem.delete(ActionItem, action.id)
    mem.undo_last()
    back = mem.get(ActionItem, action.id)
    assert back.action == "Draft the apprenticeship agreement"
    assert back.due_on == action.due_on


def test_undo_last_refuses_what_was_changed_since(mem: Workbook) -> None:
    """An undo that would overwrite a later edit is refused and changes nothing."""
    org = add_organisation(mem, name="Harbour Works")
    mem.update(Organisation, org.id, {"needs": "Welders"})
    with mem._write() as conn:  # another kernel's edit, written past the change log
        conn.exec_driver_sql("UPDATE organisation SET needs = 'Machinists', "
                             f"version = version + 1 WHERE id = {org.id}")
    with pytest.raises(ConflictError):
        mem.undo_last()
    assert mem.get(Organisation, org.id).needs == "Machinists"


def test_undo_last_with_nothing_logged_returns_nothing(mem: Workbook) -> None:
    """A fresh workbook has nothing to undo."""
    assert mem.undo_last() == []


def test_remove_names_and_takes_what_depends_on_it_and_undo_restores_all(mem: Workbook) -> None:
    """Removing an organisation takes its people, their attendance and their actions; the
    confirmation says so with plural nouns; one undo brings everything back."""
    org = add_organisation(mem, name="Harbour Works")
    rosa = add_person(mem, org, name="Rosa Quintero")
    sam = add_person(mem, org, name="Sam Whitlock")
    meeting = add_meeting(mem, attendees=[rosa, sam])
    add_action(mem, organisation_id=org.id, owner_id=rosa.id, action="Book the welding bays")
    sentence = mem.describe_removal(Organisation, org.id)
    assert sentence.startswith("Remove organization “Harbour Works”, and with it")
    assert "2 people" in sentence and "2 attendance marks" in sentence
    assert "1 action" in sentence and "1 actions" not in sentence
    with i18n.use_language("es"):
        spanish = mem.describe_removal(Organisation, org.id)
    assert spanish.startswith("¿Eliminar organización «Harbour Works» y, con ello,")
    assert "2 personas" in spanish and "2 registros de asistencia" in spanish

    gone = mem.remove(Organisation, org.id)
    assert {kind for kind, _, _ in gone} == {"person", "action"}
    assert mem.count(Person) == 0 and mem.count(ActionItem) == 0
    assert mem.attendees(meeting.id) == []

    mem.undo_last()
    assert {p.name for p in mem.attendees(meeting.id)} == {"Rosa Quintero", "Sam Whitlock"}
    assert mem.all(ActionItem)[0].owner_id == rosa.id


def test_undo_last_takes_back_an_attendance_tick(mem: Workbook) -> None:
    """A tick is a change like any other: undo unticks it."""
    meeting = add_meeting(mem)
    rosa = add_person(mem, name="Rosa Quintero")
    mem.add_attendee(meeting.id, rosa.id)
    mem.undo_last()
    assert mem.attendees(meeting.id) == []


def test_reopen_vote_opens_a_closed_vote_again(mem: Workbook) -> None:
    """A vote closed too early can be reopened; reopening an open one is refused."""
    mem.add(NameCandidate(name="Kestrel Works Guild"))
    mem.add(NameCandidate(name="Harbour Makers"))
    vote = mem.open_vote(dots_per_participant=3)
    mem.close_vote(vote.id)
    reopened = mem.reopen_vote(vote.id)
    assert reopened.status == "open" and reopened.closed_on is None
    with pytest.raises(VoteError):
        mem.reopen_vote(vote.id)


def test_anonymous_ballot_is_logged_without_voter_and_cannot_be_undone(mem: Workbook) -> None:
    """Nothing in the log ties an anonymous dot to a person; undo says it cannot."""
    rosa = add_person(mem, name="Rosa Quintero")
    candidate = mem.add(NameCandidate(name="Kestrel Works Guild"))
    mem.add(NameCandidate(name="Harbour Makers"))
    vote = mem.open_vote(dots_per_participant=3, anonymous=True)
    mem.cast_dots(vote.id, {candidate.id: 2}, person_id=rosa.id)
    entry = mem.history(limit=1)[0]
    assert (entry.before, entry.after) == (None, None)
    ballot = mem.steps(1)[0]
    assert not ballot.undoable
    with pytest.raises(ValidationError, match="cannot be undone"):
        mem.undo(ballot.batch)
    assert mem.undo_candidate().label == "Open a name vote"  # Undo passes over the ballot


def test_history_travels_with_the_workbook_json(mem: Workbook, tmp_path) -> None:
    """The change log is part of the JSON export and comes back on import unchanged."""
    meeting = add_meeting(mem, objective="Agree the pilot")
    mem.update(Meeting, meeting.id, {"notes": "Pilot agreed"})
    data = export_json(mem)
    assert [r["action"] for r in data["change_log"]][-1] == "update"
    copy = import_json(data, tmp_path / "copy.sqlite")
    try:
        assert copy.history(Meeting, meeting.id) == mem.history(Meeting, meeting.id)
        copy.undo(theirs=True)  # from a database the steps are its role's, not this user's
        assert copy.get(Meeting, meeting.id).notes == ""
    finally:
        copy.close()


def test_demo_workbook_starts_with_nothing_to_undo(tmp_path) -> None:
    """The demo is built as it should start: Undo cannot take its story apart."""
    from workbook.demo import build_demo

    demo = build_demo(tmp_path / "demo.sqlite")
    try:
        assert demo.history() == [] and demo.undo_last() == []
    finally:
        demo.close()


def test_history_reads_in_the_step_makers_and_the_readers_language(mem: Workbook) -> None:
    """A step made in Spanish is labelled in Spanish (the label is put in words when it is
    made and stored so); what it changed is worded in the reader's language, plurals from
    the catalog; a label made in English stays English."""
    org = add_organisation(mem, name="Harbour Works")
    rosa = add_person(mem, org, name="Rosa Quintero")
    meeting = add_meeting(mem)
    mem.add_attendee(meeting.id, rosa.id)  # made in English
    with i18n.use_language("es"):
        mem.remove_attendee(meeting.id, rosa.id)
        with mem.change("Agregar a Ana y marcarle como presente"):
            ana = add_person(mem, org, name="Ana Villanueva")
            mem.add_attendee(meeting.id, ana.id)
    spanish, english = mem.steps()[1], mem.steps()[2]
    assert spanish.label == "Marcar a Rosa Quintero como ausente"
    assert english.label == "Mark Rosa Quintero present"
    added = mem.steps()[0]
    assert added.what() == "1 attendance mark and 1 person"
    with i18n.use_language("es"):
        assert added.what() == "1 registro de asistencia y 1 persona"
        assert english.label == "Mark Rosa Quintero present"  # stored, not re-translated
    assert mem.steps()[0].what() == added.what()
    with i18n.use_language("x-pseudo"):
        assert added.what().count("⟦") >= 2


def test_import_step_names_follow_the_language_they_are_made_in() -> None:
    """The names the importers give their steps are catalog sentences with plurals."""
    from workbook.interchange.sheets import _import_label

    assert _import_label("programs.csv", 1, 0) == "Import programs.csv (1 entry)"
    assert _import_label("programs.csv", 24, 2) == \
        "Import programs.csv (24 entries, 2 organizations)"
    with i18n.use_language("es"):
        assert _import_label("programas.csv", 24, 1) == \
            "Importar programas.csv (24 entradas, 1 organización)"


def _history_lines(mem: Workbook) -> tuple[list[str], list[str]]:
    """Every kind of history line a workbook can show, read now: each change's line (add,
    change, link, removal) and the label of each step nobody named."""
    org = add_organisation(mem, name="Harbour Works")
    rosa = add_person(mem, org, name="Rosa Quintero")
    mem.update(Person, rosa.id, {"role": "Training lead", "email": "rosa@example.org"})
    meeting = add_meeting(mem)
    mem.add_attendee(meeting.id, rosa.id)
    mem.delete(Person, add_person(mem, org, name="Sam Whitlock").id)
    lines = [c.describe() for c in mem.history()]
    return lines, [s.label for s in mem.steps()]


def test_history_lines_read_in_spanish(mem: Workbook) -> None:
    """The line of a change and the label of an unnamed step are catalog sentences: kind,
    fields and "more changes" in Spanish; what people typed stays as typed."""
    lines, _labels = _history_lines(mem)
    with i18n.use_language("es"):
        lines = [c.describe() for c in mem.history()]
        labels = [s.label for s in mem.steps()]
    assert "se eliminó persona «Sam Whitlock»" in lines
    assert "se cambió correo electrónico y cargo de persona «Rosa Quintero»" in lines
    assert "se agregó organización «Harbour Works»" in lines
    assert "se agregó 1 registro de asistencia" in lines
    assert "Se agregó persona «Rosa Quintero»" in labels
    with mem.change(None):  # a step nobody named that changed three records
        college = add_organisation(mem, name="Valley College")
        add_person(mem, college, name="Ana Villanueva")
        add_person(mem, college, name="Luis Ortega")
    with i18n.use_language("es"):
        assert mem.steps()[0].label == \
            "Se agregó organización «Valley College» y 2 cambios más"
    assert mem.steps()[0].label == "Added organization “Valley College” and 2 more changes"


def test_history_lines_have_no_unwrapped_english(mem: Workbook) -> None:
    """In the pseudo language (placeholders outside the markers), every history line and
    unnamed step's label holds only catalog words and what people typed."""
    from workbook.testing.pseudo import english_left, strict_markers, typed_texts

    with i18n.use_language(i18n.PSEUDO):  # the named steps' labels are made in it too
        _history_lines(mem)
    with i18n.use_language(i18n.PSEUDO), strict_markers():
        shown = [c.describe() for c in mem.history()] + [s.label for s in mem.steps()] \
            + [s.what() for s in mem.steps()]
    typed = typed_texts(mem, ["Sam Whitlock"])  # removed, so no longer in the workbook
    for line in shown:
        assert english_left(line, typed) == [], line


def test_undo_refusals_read_in_spanish(mem: Workbook) -> None:
    """Undo's refusals (a later change in the way, a step already undone) are catalog
    sentences, worded in the reader's language when shown."""
    org = add_organisation(mem, name="Harbour Works")
    mem.update(Organisation, org.id, {"name": "Harbour Works Ltd"})
    first, rename = mem.steps()[1], mem.steps()[0]
    with pytest.raises(ConflictError) as conflict:
        mem.undo(first.batch)
    with i18n.use_language("es"):
        assert str(conflict.value).startswith(
            "Este paso no se puede deshacer: un cambio posterior modificó esta entrada "
            "(organización «Harbour Works»)")
    mem.undo()
    with pytest.raises(ValidationError) as again:
        mem.undo(rename.batch)
    with i18n.use_language("es"):
        assert "ya se deshizo" in str(again.value)
