"""Property: any workbook survives export -> import -> export unchanged (but the time)."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workbook import (
    ActionItem,
    Cause,
    Meeting,
    NameCandidate,
    Organisation,
    Outcome,
    Partnership,
    Person,
    Problem,
    Reading,
    Resource,
    Win,
    Workbook,
)
from workbook import reference as ref
from workbook.errors import DuplicateError
from workbook.interchange.jsonio import export_json, import_json, to_text, write_json
from workbook.model.text import without_invisibles

# Text people paste: right-to-left scripts, combining marks, emoji sequences, markup.
PASTED = ["שותפות", "شراكة", "e\u0301", "a\u0308\u0323", "👩🏽‍🔧", "🇳🇿", "<script>x</script>",
          "&amp;", "{{ name }}", "\u200f", "'; DROP TABLE organisation; --", "Ω≈ç√"]
LETTERS = st.characters(exclude_categories=("Cc", "Cs", "Cn"))  # Cn: noncharacters are refused
PIECES = st.one_of(st.text(LETTERS, max_size=12), st.sampled_from(PASTED))
one_line = st.lists(PIECES, max_size=4).map("".join).map(str.strip)
name = one_line.filter(lambda s: without_invisibles(s).strip()).map(lambda s: s[:200])
free_text = st.lists(st.one_of(PIECES, st.just("\n"), st.just("\t")), max_size=6).map("".join)
days = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2040, 12, 31))
# Measured values: any finite float the model keeps (tiny, huge, negative, many digits).
values = st.none() | st.floats(min_value=-1e12, max_value=1e12, allow_nan=False,
                               allow_infinity=False)


def _add(wb: Workbook, entity):
    """Add, or None when the random name clashes with one already there."""
    try:
        return wb.add(entity)
    except DuplicateError:
        return None


def _build(wb: Workbook, data: st.DataObject) -> None:
    wb.update_partnership(vision=data.draw(free_text),
                          shared_goals=data.draw(st.lists(one_line, max_size=3)))
    orgs = [o for o in (_add(wb, Organisation(
        name=data.draw(name), partner_type=data.draw(st.sampled_from(
            [k for k in ref.PARTNER_TYPES if k != ref.OWN])),
        mission=data.draw(free_text))) for _ in range(data.draw(st.integers(0, 4)))) if o]
    org_ids = [None, *(o.id for o in orgs)]
    people = [p for p in (_add(wb, Person(
        name=data.draw(name), organisation_id=data.draw(st.sampled_from(org_ids))))
        for _ in range(data.draw(st.integers(0, 4)))) if p]
    for _ in range(data.draw(st.integers(0, 3))):
        meeting = wb.add(Meeting(
            held_on=data.draw(days), objective=data.draw(name),
            agenda=data.draw(st.lists(one_line, max_size=5)), notes=data.draw(free_text)))
        for person in data.draw(st.lists(st.sampled_from(people), unique_by=lambda p: p.id)
                                if people else st.just([])):
            wb.add_attendee(meeting.id, person.id)
    causes: list[Cause] = []
    for _ in range(data.draw(st.integers(0, 2))):
        problem = _add(wb, Problem(statement=data.draw(name)))
        if problem is None:
            continue
        mine: list[Cause] = []
        for _ in range(data.draw(st.integers(0, 5))):
            parent = data.draw(st.sampled_from([None, *mine]))
            mine.append(wb.add(Cause(problem_id=problem.id, statement=data.draw(name),
                                     parent_id=parent.id if parent else None,
                                     is_root=data.draw(st.booleans()))))
        causes += mine
    for _ in range(data.draw(st.integers(0, 4))):
        resource = _add(wb, Resource(
            name=data.draw(name), owner_id=data.draw(st.sampled_from(org_ids)),
            resource_kind=data.draw(st.sampled_from(list(ref.RESOURCE_KINDS))),
            found_on=data.draw(st.none() | days), notes=data.draw(free_text)))
        if resource is not None and causes:
            wb.link_resource(resource.id, data.draw(st.sampled_from(causes)).id)
    if people:
        for _ in range(data.draw(st.integers(0, 3))):
            wb.add(ActionItem(action=data.draw(name),
                              owner_id=data.draw(st.sampled_from(people)).id,
                              due_on=data.draw(st.none() | days)))
    candidates = [c for c in (_add(wb, NameCandidate(name=data.draw(name)))
                              for _ in range(3)) if c]
    if len(candidates) >= 2 and people:
        vote = wb.open_vote(anonymous=data.draw(st.booleans()))
        for person in people:
            wb.cast_dots(vote.id, {data.draw(st.sampled_from(candidates)).id: 1},
                         person_id=person.id)
        if data.draw(st.booleans()):
            wb.close_vote(vote.id)
    for _ in range(data.draw(st.integers(0, 2))):
        outcome = _add(wb, Outcome(description=data.draw(name), unit=data.draw(one_line)[:40],
                                   direction=data.draw(st.sampled_from(list(ref.DIRECTIONS))),
                                   baseline_value=data.draw(values),
                                   target_value=data.draw(values)))
        if outcome is None:
            continue
        for day in data.draw(st.lists(days, max_size=4, unique=True)):
            value = data.draw(values)
            wb.add(Reading(outcome_id=outcome.id, read_on=day, value=value,
                           text=(data.draw(one_line)[:500].strip() or "words")
                           if value is None else "",
                           organisation_id=data.draw(st.sampled_from(org_ids))))
    for _ in range(data.draw(st.integers(0, 2))):
        won = data.draw(days)
        consent = data.draw(st.none() | st.just(won))
        wb.add_win(Win(won_on=won, description=data.draw(name),
                       person_name=data.draw(name) if consent else "", consent_on=consent),
                   data.draw(st.lists(st.sampled_from([o.id for o in orgs]), max_size=3))
                   if orgs else [])
    if orgs and data.draw(st.booleans()):  # an edit, so versions above 1 travel too
        wb.update(Organisation, orgs[0].id, {"needs": data.draw(free_text) + "!"})


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_jsonio_round_trip_any_workbook(data):
    """Random workbooks with pasted unicode export, import and export to the same text."""
    wb = Workbook.memory(Partnership(working_title=data.draw(name), sector=data.draw(name),
                                     region=data.draw(name)))
    _build(wb, data)
    with tempfile.TemporaryDirectory() as folder:
        exported = write_json(wb, Path(folder) / "out.json")
        with import_json(exported, Path(folder) / "copy.sqlite") as copy:
            again = export_json(copy)
    first = export_json(wb)
    wb.close()
    first.pop("exported_at")
    again.pop("exported_at")
    assert to_text(again) == to_text(first)
