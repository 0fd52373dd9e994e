"""The model's error messages are whole sentences from the catalog, put in words when shown.

In the pseudo language a whole message must be ONE marked catalog string (with the field's
name and the hint as marked strings inside it), never English pieces glued together; in
Spanish no English word of the message is left; and an error raised in one language reads
in the language current when it is shown."""

from __future__ import annotations

import pytest

from workbook import (
    ActionItem,
    ActionReview,
    Cause,
    HealthCheck,
    Meeting,
    Organisation,
    Outcome,
    Partnership,
    Person,
    Workbook,
)
from workbook.errors import (
    ChoiceError,
    ConflictError,
    DateError,
    DuplicateError,
    RequiredError,
    Sentence,
    TooLongError,
    ValidationError,
)
from workbook.i18n import N_, PSEUDO, use_language
from workbook.testing.pseudo import english_left


def _raised(make) -> Exception:
    with pytest.raises(Exception) as caught:
        make()
    return caught.value


CASES = {
    "date": (lambda: Meeting(held_on="2026-02-30", objective="Plan"), DateError,
             "'2026-02-30'"),
    "required": (lambda: ActionItem(action="Call"), RequiredError, ""),
    "choice": (lambda: Organisation(name="Harbor Tech", partner_type="employer"), ChoiceError,
               "'employer'"),
    "too long": (lambda: Organisation(name="x" * 201), TooLongError, "'xxxxx"),
    "number": (lambda: Outcome(description="Placements", target_value="three"),
               ValidationError, "'three'"),
    "range": (lambda: HealthCheck(organisation_id=1, checked_on="2026-03-02", services=7),
              ValidationError, "7"),
    "languages": (lambda: Partnership(working_title="t", sector="s", region="r",
                                      languages=["vi"]), ValidationError, "'vi'"),
    "huge number": (lambda: HealthCheck(organisation_id=1, checked_on="2026-03-02",
                                        services=10**400), ValidationError, ""),
    "email": (lambda: Person(name="Ana", email="ana-ruiz"), ValidationError,
              "'ana-ruiz'"),
    "time": (lambda: Meeting(held_on="2026-03-02", objective="Plan", starts_at="25:00"),
             ValidationError, "'25:00'"),
    "done on": (lambda: ActionItem(action="Call", owner_id=1, status="open",
                                   done_on="2026-03-02"), ValidationError, "'2026-03-02'"),
    "cause under itself": (lambda: Cause(id=4, problem_id=1, parent_id=4, statement="Pay"),
                           ValidationError, "4"),
    "carried over": (lambda: ActionReview(meeting_id=1, action_id=1, outcome="done",
                                          new_due_on="2026-05-01"), ValidationError,
                     "'2026-05-01'"),
}


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_error_is_one_catalog_sentence(case):
    """Under the pseudo language the message is one marked string (its placeholders
    marked inside it): nothing outside the markers but the value typed."""
    make, kind, value = CASES[case]
    error = _raised(make)
    assert isinstance(error, kind)
    with use_language(PSEUDO):
        text = str(error)
    assert text.startswith("⟦") and text.endswith("⟧"), text
    typed = [v for v in (value, repr(error.value)[:50]) if v]
    assert english_left(text, typed) == [], text


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_error_in_spanish_has_no_english_piece(case):
    """The same error shown in Spanish: no word of its English message is left (the value
    and the choices' codes aside)."""
    make, _kind, _value = CASES[case]
    error = _raised(make)
    english = str(error)
    with use_language("es"):
        spanish = str(error)
    assert spanish != english
    words = {w.casefold() for w in english.replace(".", " ").split() if w.isalpha()}
    left = {w.casefold() for w in spanish.replace(".", " ").split() if w.isalpha()}
    # Words both languages spell alike ("no", "use"), and the codes in a list of choices.
    common = (words & left) - {"en", "es", "e", "a", "no", "use", "true", "false", "x"}
    assert common == set(), (english, spanish)


def test_error_reads_in_the_language_current_when_shown():
    """Raised in English, shown in Spanish, then in English again: it follows."""
    error = _raised(lambda: ActionItem(action="Call"))
    with use_language("es"):
        assert str(error).startswith("El campo «Responsable» está vacío.")
    assert str(error) == ("The owner is empty. Pick who does it; if nobody has agreed yet, "
                          "ask the room.")


def test_error_made_at_import_time_is_translated_when_shown():
    """A message made before any language was chosen (at import) is put in words later."""
    early = ValidationError("name", "", Sentence(N_("The {field} is empty. {hint}"),
                                                 hint=Sentence(N_("Write something first."))))
    with use_language("es"):
        assert str(early) == "El campo «Nombre» está vacío. Escriba algo primero."


def test_error_classes_and_attributes_stay(tmp_path):
    """The classes and the field/value attributes the views and --json use do not change;
    a duplicate and a conflict from the store are whole Spanish sentences too."""
    with Workbook.create(tmp_path / "w.sqlite",
                         Partnership(working_title="t", sector="s", region="r")) as wb:
        org = wb.add(Organisation(name="Harbor Tech"))
        duplicate = _raised(lambda: wb.add(Organisation(name="harbor tech")))
        assert isinstance(duplicate, DuplicateError) and duplicate.field == "name"
        wb.update(Organisation, org.id, {"mission": "Build"})
        conflict = _raised(lambda: wb.update(Organisation, org.id, {"mission": "Train"},
                                             expected={"mission": ""}))
        assert isinstance(conflict, ConflictError) and conflict.field == "mission"
    with use_language("es"):
        assert str(duplicate).startswith("El valor 'harbor tech' del campo «Nombre» ya lo usa")
        assert "Alguien cambió el campo «Misión»" in str(conflict)


def test_import_refusal_is_one_sentence_with_the_model_error_inside(tmp_path):
    """A JSON import refused for a record the model refuses: one Spanish sentence naming
    where, with the model's own sentence inside, translated when shown."""
    from workbook.errors import ImportFileError
    from workbook.interchange.jsonio import export_json, import_json

    with Workbook.create(tmp_path / "a.sqlite",
                         Partnership(working_title="t", sector="s", region="r")) as wb:
        wb.add(Meeting(held_on="2026-03-02", objective="Plan"))
        data = export_json(wb)
    data["meeting"][0]["held_on"] = "2026-02-30"
    error = _raised(lambda: import_json(data, tmp_path / "b.sqlite"))
    assert isinstance(error, ImportFileError)
    assert str(error).endswith("Nothing was imported; correct the file and import it again.")
    with use_language("es"):
        spanish = str(error)
    assert spanish.startswith("meeting 1: El campo «Fecha de la reunión» '2026-02-30' no es")
    assert spanish.endswith("No se importó nada; corrija el archivo e impórtelo de nuevo.")
    with use_language(PSEUDO):
        assert english_left(str(error), ["meeting 1", "'2026-02-30'"]) == []
