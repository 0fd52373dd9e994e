"""The meeting model: agenda order, the current item, what each item opens. No widgets."""

from __future__ import annotations

import pytest

from workbook.model import AgendaItem
from workbook.views.steps.meeting_model import (
    ACTIVITIES,
    STANDARD_AGENDA,
    MeetingFlow,
    activity_for,
)


def _items(*titles: str, spent: dict[int, int] | None = None) -> list[AgendaItem]:
    spent = spent or {}
    return [AgendaItem(id=n, meeting_id=1, position=n, title=t, minutes=10,
                       spent_seconds=spent.get(n)) for n, t in enumerate(titles, start=1)]


@pytest.mark.parametrize("title, activity", [
    ("Welcome and introductions", "attendance"),
    ("What each partner brings and needs", "brings_needs"),
    ("Name vote", "name_vote"),
    ("Why does the problem happen? (the why-tree)", "why_tree"),
    ("Resource review", "resources"),
    ("Next steps", "actions"),
    ("Progress on actions", "actions"),
    ("Decide on the pilot", "decision"),
    ("Evaluation", "evaluation"),
    ("Plan the next meeting", "next_meeting"),
    ("Lunch", "notes"),
    ("WELCOME", "attendance"),
])
def test_activity_for_reads_the_title(title, activity):
    """Each usual agenda line opens its activity; an unknown one opens the notes."""
    assert activity_for(title) == activity


@pytest.mark.parametrize("title, activity", [
    ("Bienvenida y presentaciones", "attendance"),
    ("Lo que cada socio aporta y necesita", "brings_needs"),
    ("Votación del nombre", "name_vote"),
    ("¿Por qué ocurre el problema?", "why_tree"),
    ("Revisión de recursos", "resources"),
    ("Próximos pasos", "actions"),
    ("Avance de las acciones", "actions"),
    ("Decidir sobre el piloto", "decision"),
    ("Evaluacion", "evaluation"),
    ("¿Cómo nos fue hoy?", "evaluation"),
    ("Planificar la próxima reunión", "next_meeting"),
    ("Almuerzo", "notes"),
    ("BIENVENIDA", "attendance"),
])
def test_activity_for_reads_a_spanish_title(title, activity):
    """Spanish agenda lines (with or without accents) open the same activities."""
    assert activity_for(title) == activity


def test_standard_agenda_in_spanish_opens_every_activity():
    """The standard agenda and the activities' names as the Spanish catalog words them
    open their activities, exactly ("Conversación y notas" opens the notes)."""
    from workbook import i18n

    with i18n.use_language("es"):
        lines = [i18n._(title) for title, _m in STANDARD_AGENDA]
        names = {key: i18n._(title) for key, title in ACTIVITIES.items()}
    assert lines[0] == "Bienvenida y presentaciones"
    assert [activity_for(line) for line in lines] == [a for a in ACTIVITIES if a != "notes"]
    assert {key: activity_for(name) for key, name in names.items()} == \
        {key: key for key in ACTIVITIES}


def test_standard_agenda_is_completed_in_the_current_language():
    """A Spanish meeting's agenda is completed with Spanish lines, each at its place, and
    a planned Spanish line is not repeated by its English standard line."""
    from workbook import i18n
    from workbook.views.steps.meeting_model import with_standard_agenda

    with i18n.use_language("es"):
        merged = with_standard_agenda(["Bienvenida, presentaciones", "Votación del nombre"])
    assert merged[:3] == ["Bienvenida, presentaciones", "Lo que cada socio aporta y necesita",
                          "Votación del nombre"]
    assert len(merged) == len(STANDARD_AGENDA)
    assert "Name vote" not in merged and "Evaluación" in merged


def test_activity_for_matches_word_starts_only():
    """A word inside another word does not count ("rename" is not a name vote)."""
    assert activity_for("Rename the shared folder") == "notes"


def test_standard_agenda_covers_every_activity_but_notes():
    """The standard agenda opens each activity once, in the meeting's order."""
    opened = [activity_for(title) for title, _ in STANDARD_AGENDA]
    assert opened == [a for a in ACTIVITIES if a != "notes"]


def test_flow_starts_at_the_first_item_not_yet_run():
    """Items run before (time stored) are passed over when the meeting is opened again."""
    flow = MeetingFlow(_items("Welcome", "Name vote", "Evaluation", spent={1: 300}))
    assert flow.current_step.title == "Name vote"
    assert flow.where() == "Item 2 of 3"


def test_flow_next_and_previous_stop_at_the_ends():
    """Next and previous move one item and stop (returning None) at either end."""
    flow = MeetingFlow(_items("Welcome", "Evaluation"))
    assert flow.previous() is None and flow.current == 0
    assert flow.next().title == "Evaluation"
    assert flow.next() is None and flow.current == 1 and not flow.has_next
    assert flow.previous().title == "Welcome"


def test_flow_keeps_the_current_item_when_the_agenda_is_reordered():
    """A reload with another order keeps the same item current, at its new place."""
    flow = MeetingFlow(_items("Welcome", "Name vote", "Evaluation"))
    flow.go_to(3)
    reordered = [AgendaItem(id=3, meeting_id=1, position=1, title="Evaluation"),
                 AgendaItem(id=1, meeting_id=1, position=2, title="Welcome")]
    flow.reload(reordered)
    assert flow.current == 0 and flow.current_step.item_id == 3
    flow.reload([])
    assert flow.current_step is None and flow.where() == "The agenda is empty."


def test_choose_activity_overrides_the_guess_for_that_item_only():
    """An item can open another activity; the others keep theirs, across reloads."""
    items = _items("Lunch", "Welcome")
    flow = MeetingFlow(items)
    assert flow.choose_activity("decision").activity == "decision"
    flow.reload(items)
    assert [s.activity for s in flow.steps] == ["decision", "attendance"]
    with pytest.raises(KeyError):
        flow.choose_activity("dance")
    with pytest.raises(LookupError):
        MeetingFlow([]).choose_activity("notes")


def test_go_to_an_unknown_item_is_refused():
    """Going to an item that is not on the agenda raises KeyError and moves nothing."""
    flow = MeetingFlow(_items("Welcome"))
    with pytest.raises(KeyError):
        flow.go_to(99)
    assert flow.current == 0


def test_countdown_per_item_and_labels():
    """The countdown follows the item's minutes; a run item is marked in its label."""
    flow = MeetingFlow(_items("Welcome", "Vote", spent={1: 700}))
    first, second = flow.steps
    assert first.label == "✓ 1. Welcome (10 min)" and second.label == "2. Vote (10 min)"
    assert first.countdown(700).level == "over"
    assert second.countdown(60).words == "9:00 left"
    assert flow.planned_minutes() == 20


def test_standard_agenda_completes_planned_lines_in_the_usual_order():
    """The planned lines stay; each activity they miss comes in at its usual place."""
    from workbook.views.steps.meeting_model import (
        STANDARD_AGENDA,
        activity_for,
        minutes_for,
        with_standard_agenda,
    )

    planned = ["Welcome, introductions and who is at the table", "A word from the mayor",
               "Review the action: book the room",
               "Next steps: who does what by when, and when we meet next"]
    merged = with_standard_agenda(planned)
    assert [line for line in merged if line in planned] == planned
    assert merged[:2] == planned[:2]  # a discussion line stays after the line before it
    assert merged[-1] == planned[-1]
    assert [activity_for(line) for line in merged if line not in planned] == [
        "brings_needs", "name_vote", "why_tree", "resources", "decision", "evaluation"]
    assert with_standard_agenda([]) == [t for t, _m in STANDARD_AGENDA]
    assert minutes_for("Name vote") == 10 and minutes_for("Why does it happen?") == 20
    assert minutes_for("A word from the mayor") == 10


def test_last_item_is_where_next_finishes():
    """``at_last`` holds on the last item only; an empty agenda has none."""
    flow = MeetingFlow([AgendaItem(id=1, meeting_id=1, position=1, title="Welcome"),
                        AgendaItem(id=2, meeting_id=1, position=2, title="Evaluation")])
    assert not flow.at_last
    flow.next()
    assert flow.at_last and not flow.has_next
    assert not MeetingFlow([]).at_last
