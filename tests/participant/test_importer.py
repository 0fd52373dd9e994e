"""Taking contributions in: exactly as previewed, once only, conflicts never silent."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
import sqlalchemy as sa

from workbook import Comment, NameCandidate, NameVote, Organisation, Person, Resource, Workbook
from workbook.errors import ImportFileError
from workbook.interchange.jsonio import export_json
from workbook.participant import importer
from workbook.participant.contribution import parse
from workbook.participant.importer import ORG, PERSON, apply, preview
from workbook.testing.contributions import NEWCOMER, changes, file_state, snapshot


def _import(wb: Workbook, raw: bytes, **decisions):
    plan = preview(wb, parse(raw, wb))
    return plan, apply(wb, plan, **decisions)


def _import_confirmed(wb: Workbook, raw: bytes):
    """Import every possible step, as a facilitator who knows who sent the file would."""
    plan = preview(wb, parse(raw, wb))
    return plan, apply(wb, plan, accepted={s.key for s in plan.steps if s.possible})


def test_importer_apply_stores_exactly_what_the_preview_listed(meeting_wb: Workbook,
                                                               good_file: bytes) -> None:
    """Every previewed step lands as one new row; no stored row is changed or lost."""
    plan = preview(meeting_wb, parse(good_file, meeting_wb))
    assert [s.action for s in plan.steps] == ["add", "add", "fill", "add", "vote", "add",
                                              "add", "add", "add", "add"]
    assert all(s.default for s in plan.steps)
    before = snapshot(meeting_wb)
    result = apply(meeting_wb, plan)
    diff = changes(before, snapshot(meeting_wb))
    added = {table: len(rows) for table, (rows, gone) in diff.items()}
    assert all(not gone for _, gone in diff.values())
    assert added == {"organisation": 1, "person": 1, "name_candidate": 1, "tally": 2,
                     "vote_roll": 1, "resource": 1, "cause": 1, "solution": 1, "comment": 1,
                     "evaluation": 1, "imported_item": 8, "imported_file": 1,
                     "change_log": 19, "change_step": 1}
    org = meeting_wb.organisation_named("Quintero Composites")
    assert org.brings == "Two shop floors for job shadowing"
    assert meeting_wb.person_named("Rosa Quintero", org.id).role == "Training lead"
    assert meeting_wb.all(Resource, name="Layup bootcamp")[0].owner_id == org.id
    assert result.count("accepted") == len(plan.steps)


def test_importer_second_import_changes_nothing(meeting_wb: Workbook, good_file: bytes) -> None:
    """The same file again: the preview says when it was imported, the file stays as is."""
    _import(meeting_wb, good_file)
    rows, state = snapshot(meeting_wb), file_state(meeting_wb.path)
    plan, result = _import(meeting_wb, good_file)
    assert plan.imported_on is not None and plan.changes_nothing
    assert all("was imported on" in s.note for s in plan.steps)
    assert "nothing changed" in result.summary()
    assert snapshot(meeting_wb) == rows
    assert file_state(meeting_wb.path) == state


def test_importer_same_item_in_a_new_file_is_not_added_twice(meeting_wb: Workbook,
                                                             make_file: Callable) -> None:
    """A later file repeating an item brings only what is new in it."""
    _import(meeting_wb, make_file([{"kind": "comment", "text": "First thought"}]))
    plan, _ = _import_confirmed(meeting_wb, make_file([
        {"kind": "comment", "text": "First thought"},
        {"kind": "comment", "text": "Second thought"}]))
    notes = {s.summary: s.note for s in plan.steps if s.kind == "comment"}
    assert "earlier file" in notes["Comment: First thought"]
    texts = [c.text for c in meeting_wb.all(Comment, author=NEWCOMER["name"])]
    assert sorted(texts) == ["First thought", "Second thought"]


def _member_of(wb: Workbook, org: Organisation) -> dict:
    return {"name": "Dana Field", "role": "", "organisation": org.name,
            "partner_type": org.partner_type, "new_organisation": False}


def test_importer_profile_conflict_is_kept_unless_accepted(meeting_wb: Workbook,
                                                           make_file: Callable) -> None:
    """A profile field the facilitator filled differently is listed, not overwritten."""
    org = next(o for o in meeting_wb.all(Organisation) if o.mission.strip())
    raw = make_file([{"kind": "profile", "field": "mission", "value": "Something else"}],
                    participant=_member_of(meeting_wb, org))
    plan = preview(meeting_wb, parse(raw, meeting_wb))
    step = next(s for s in plan.steps if s.kind == "profile")
    assert step.conflict and not step.default and "the workbook says" in step.note
    apply(meeting_wb, plan)
    assert meeting_wb.get(Organisation, org.id).mission == org.mission


def test_importer_profile_conflict_replaced_when_accepted(meeting_wb: Workbook,
                                                          make_file: Callable) -> None:
    """Accepting the conflict replaces the stored text with the participant's."""
    org = next(o for o in meeting_wb.all(Organisation) if o.mission.strip())
    raw = make_file([{"kind": "profile", "field": "mission", "value": "Something else"}],
                    participant=_member_of(meeting_wb, org))
    plan = preview(meeting_wb, parse(raw, meeting_wb))
    apply(meeting_wb, plan, accepted={s.key for s in plan.steps})
    assert meeting_wb.get(Organisation, org.id).mission == "Something else"


def test_importer_fills_an_empty_profile_field_of_a_known_partner(meeting_wb: Workbook,
                                                                  make_file: Callable) -> None:
    """An empty field of an existing organisation is simply filled in."""
    org = next(o for o in meeting_wb.all(Organisation) if not o.website.strip())
    raw = make_file([{"kind": "profile", "field": "website", "value": "https://x.example"}],
                    participant=_member_of(meeting_wb, org))
    plan, _ = _import_confirmed(meeting_wb, raw)
    assert [s.action for s in plan.steps if s.kind == "profile"] == ["fill"]
    assert meeting_wb.get(Organisation, org.id).website == "https://x.example"


def _dots(wb: Workbook, spread: list[int]) -> dict:
    vote = wb.open_vote_now()
    candidates = wb.all(NameCandidate)
    return {"kind": "dots", "vote_id": vote.id,
            "allocations": [{"candidate_id": candidates[n].id, "dots": d}
                            for n, d in enumerate(spread) if d]}


def _tally(wb: Workbook, vote_id: int) -> dict[int, int]:
    import sqlalchemy as sa

    from workbook.store.schema import tally

    with wb._read() as conn:
        return dict(conn.execute(sa.select(tally.c.candidate_id, tally.c.dots)
                                 .where(tally.c.vote_id == vote_id)).all())


def test_importer_counts_one_participants_dots_once_per_vote(meeting_wb: Workbook,
                                                             make_file: Callable) -> None:
    """A second file with other dots from the same person in the same vote adds none."""
    vote = meeting_wb.open_vote_now()
    _import(meeting_wb, make_file([_dots(meeting_wb, [3])]))
    plan, _ = _import(meeting_wb, make_file([_dots(meeting_wb, [0, 3])]))
    step = next(s for s in plan.steps if s.kind == "dots")
    assert not step.possible and "earlier file" in step.note
    assert sum(_tally(meeting_wb, vote.id).values()) == 3
    assert meeting_wb.ballots_cast(vote.id) == 1


def test_importer_refuses_dots_of_someone_who_voted_in_the_room(meeting_wb: Workbook,
                                                                make_file: Callable) -> None:
    """Dots from a person already on the vote's roll are not counted again."""
    person = meeting_wb.all(Person)[0]
    org = meeting_wb.get(Organisation, person.organisation_id)
    vote = meeting_wb.open_vote_now()
    meeting_wb.cast_dots(vote.id, {meeting_wb.all(NameCandidate)[0].id: 1}, person_id=person.id)
    participant = {"name": person.name, "role": "", "organisation": org.name,
                   "partner_type": org.partner_type, "new_organisation": False}
    plan, _ = _import(meeting_wb, make_file([_dots(meeting_wb, [1, 2])],
                                            participant=participant))
    step = next(s for s in plan.steps if s.kind == "dots")
    assert "has voted in this vote already" in step.note
    assert sum(_tally(meeting_wb, vote.id).values()) == 1


def test_importer_anonymous_dots_leave_no_trace_of_who_gave_what(meeting_wb: Workbook,
                                                                 make_file: Callable) -> None:
    """After import: totals only, no ballot, no vote id in the ledger, none in the export."""
    vote = meeting_wb.open_vote_now()
    assert vote.anonymous
    plan, _ = _import(meeting_wb, make_file([_dots(meeting_wb, [2, 1])]))
    assert "who got them is not shown" in plan.steps[-1].summary
    data = export_json(meeting_wb)
    assert [b for b in data.get("ballot", []) if b["vote_id"] == vote.id] == []
    ledger = [i for i in data.get("imported_item", []) if i["entity_kind"] == "name_vote"]
    assert ledger and all(i["entity_id"] is None for i in ledger)
    assert sorted(_tally(meeting_wb, vote.id).values()) == [1, 2]


def test_importer_named_vote_keeps_the_ballot_of_the_new_person(meeting_wb: Workbook,
                                                                make_file: Callable) -> None:
    """In a named vote the dots are the new person's ballot, as if cast in the room."""
    open_vote = meeting_wb.open_vote_now()
    meeting_wb.close_vote(open_vote.id)
    named = meeting_wb.open_vote(dots_per_participant=3, anonymous=False)
    plan, _ = _import(meeting_wb, make_file([_dots(meeting_wb, [2, 1])]))
    assert next(s for s in plan.steps if s.kind == "dots").needs == (PERSON,)
    meeting_wb.close_vote(named.id)
    person = meeting_wb.person_named(NEWCOMER["name"],
                                     meeting_wb.organisation_named(NEWCOMER["organisation"]).id)
    assert {p for p, _, _ in meeting_wb.named_ballots(named.id)} == {person.id}


def test_importer_rejecting_the_organisation_skips_what_needs_it(meeting_wb: Workbook,
                                                                 good_file: bytes) -> None:
    """Without the new organisation: no person, profile or own resource; the rest goes in."""
    plan, result = _import(meeting_wb, good_file, rejected={ORG})
    decided = {s.kind: d for s, d in result.decisions}
    assert decided["organisation"] == "rejected"
    assert decided["person"] == decided["profile"] == decided["resource"] == "skipped"
    assert decided["comment"] == decided["cause"] == "accepted"
    assert meeting_wb.organisation_named(NEWCOMER["organisation"]) is None
    comment = meeting_wb.all(Comment, author=NEWCOMER["name"])[0]
    assert comment.organisation_id is None


def test_importer_is_one_transaction(meeting_wb: Workbook, good_file: bytes,
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """A failure half way through leaves the workbook as it was, byte for byte."""
    plan = preview(meeting_wb, parse(good_file, meeting_wb))
    rows, state = snapshot(meeting_wb), file_state(meeting_wb.path)
    real, calls = importer._do, []

    def failing(*args, **kwargs):
        calls.append(1)
        if len(calls) == 5:
            raise RuntimeError("disk pulled out")
        return real(*args, **kwargs)

    monkeypatch.setattr(importer, "_do", failing)
    with pytest.raises(RuntimeError):
        apply(meeting_wb, plan)
    assert len(calls) == 5
    assert snapshot(meeting_wb) == rows
    assert file_state(meeting_wb.path) == state


def test_importer_refuses_when_the_workbook_changed_after_the_preview(
        meeting_wb: Workbook, good_file: bytes) -> None:
    """If the workbook moved since the preview, nothing is imported and it says so."""
    plan = preview(meeting_wb, parse(good_file, meeting_wb))
    meeting_wb.add(NameCandidate(name="Composite Valley Works"))
    rows = snapshot(meeting_wb)
    with pytest.raises(ImportFileError, match="changed since the preview"):
        apply(meeting_wb, plan)
    assert snapshot(meeting_wb) == rows


def test_importer_blocks_dots_for_a_vote_closed_since(meeting_wb: Workbook,
                                                      make_file: Callable) -> None:
    """Dots for a vote that closed in the meantime are listed as not possible."""
    raw = make_file([_dots(meeting_wb, [1])])
    vote = meeting_wb.open_vote_now()
    meeting_wb.close_vote(vote.id)
    plan, result = _import(meeting_wb, raw)
    step = next(s for s in plan.steps if s.kind == "dots")
    assert not step.possible and "closed" in step.note
    assert meeting_wb.get(NameVote, vote.id).status == "closed"
    assert ("dots", "skipped") in {(s.kind, d) for s, d in result.decisions}


def test_importer_unknown_short_key_is_refused(meeting_wb: Workbook, good_file: bytes) -> None:
    """A decision naming no step of the preview is refused before anything is stored."""
    plan = preview(meeting_wb, parse(good_file, meeting_wb))
    rows = snapshot(meeting_wb)
    with pytest.raises(Exception, match="names no single item"):
        apply(meeting_wb, plan, rejected={"zzzz"})
    assert snapshot(meeting_wb) == rows


def test_importer_existing_participant_adds_no_person(meeting_wb: Workbook,
                                                      make_file: Callable) -> None:
    """A participant already in the workbook is recognised by name and organisation."""
    person = meeting_wb.all(Person)[0]
    org = meeting_wb.get(Organisation, person.organisation_id)
    participant = {"name": person.name.upper(), "role": "", "organisation": org.name.lower(),
                   "partner_type": org.partner_type, "new_organisation": False}
    plan, _ = _import_confirmed(meeting_wb, make_file(
        [{"kind": "comment", "text": "Me again"}], participant=participant))
    assert [s.kind for s in plan.steps] == ["comment"]
    assert meeting_wb.count(Person) == len(meeting_wb.all(Person))
    stored = json.dumps(export_json(meeting_wb), default=str)
    assert "Me again" in stored


def test_importer_evaluation_is_stored_without_a_name(meeting_wb: Workbook,
                                                      make_file: Callable) -> None:
    """An evaluation lands as an answer with no name; the ledger keeps no link to it."""
    from workbook.model import EvaluationAnswer
    from workbook.store.schema import imported_item
    from workbook.testing.contributions import every_kind

    item = every_kind(meeting_wb)[-1]
    before = meeting_wb.count(EvaluationAnswer)
    plan, _ = _import(meeting_wb, make_file([item]))
    assert "anonymous" in plan.steps[-1].summary and "4" not in plan.steps[-1].summary
    answers = meeting_wb.all(EvaluationAnswer)
    assert len(answers) == before + 1
    assert answers[-1].objective_met == 4 and answers[-1].voices_heard is None
    with meeting_wb._read() as conn:
        ledger = conn.execute(sa.select(imported_item)).mappings().all()
    assert [(r["entity_kind"], r["entity_id"]) for r in ledger] == [("evaluation", None)]


def test_importer_one_evaluation_per_person_and_meeting(meeting_wb: Workbook,
                                                        make_file: Callable) -> None:
    """A second file with a changed evaluation of the same meeting adds nothing."""
    from workbook.model import EvaluationAnswer
    from workbook.testing.contributions import every_kind

    item = every_kind(meeting_wb)[-1]
    _import(meeting_wb, make_file([item]))
    count = meeting_wb.count(EvaluationAnswer)
    changed = {**item, "comment": "Second thoughts"}
    plan, _ = _import(meeting_wb, make_file([changed]))
    assert plan.steps[-1].action == "none"
    assert meeting_wb.count(EvaluationAnswer) == count


def test_importer_flags_a_file_that_speaks_as_a_stored_person(meeting_wb: Workbook,
                                                            make_file: Callable) -> None:
    """Items from a file naming a stored person are flagged, unticked and not imported."""
    person = meeting_wb.all(Person)[0]
    org = meeting_wb.get(Organisation, person.organisation_id)
    participant = {"name": person.name, "role": "", "organisation": org.name,
                   "partner_type": org.partner_type, "new_organisation": False}
    plan, result = _import(meeting_wb, make_file(
        [{"kind": "comment", "text": "Vote for me"}, _dots(meeting_wb, [2, 1])],
        participant=participant))
    assert all(s.speaks_for == f"{person.name} of {org.name}" and not s.default
               for s in plan.steps)
    assert "cannot prove who made it" in plan.sender_warning
    assert result.count("accepted") == 0
    assert all(c.text != "Vote for me" for c in meeting_wb.all(Comment))
    assert not meeting_wb.has_voted(meeting_wb.open_vote_now().id, person.id)


def test_importer_flags_items_for_a_stored_organisation(meeting_wb: Workbook,
                                                      make_file: Callable) -> None:
    """A newcomer of a stored organisation: joining it, its profile and comments unticked."""
    org = next(o for o in meeting_wb.all(Organisation) if not o.website.strip())
    plan = preview(meeting_wb, parse(make_file(
        [{"kind": "profile", "field": "website", "value": "https://x.example"},
         {"kind": "comment", "text": "Hello"},
         {"kind": "name_candidate", "name": "Fresh Start", "rationale": ""}],
        participant=_member_of(meeting_wb, org)), meeting_wb))
    flagged = {s.kind for s in plan.steps if s.speaks_for}
    assert flagged == {"person", "profile", "comment"}
    assert [s.kind for s in plan.steps if s.default] == ["name_candidate"]
    assert org.name in plan.sender_warning


def test_importer_field_case_speaks_as_existing_person(tmp_path) -> None:
    """The field case: Dana Okafor's named ballot is flagged and not cast without a tick."""
    import shutil
    from pathlib import Path

    cases = Path(__file__).parents[1] / "fixtures" / "field_cases"
    shutil.copy(cases / "vote-open.sqlite", tmp_path / "wb.sqlite")
    with Workbook.open(tmp_path / "wb.sqlite", daily_backup=False) as wb:
        before = wb.ballots_cast(2)
        plan, result = _import(wb, (cases / "speaks-as-existing-person.json").read_bytes())
        assert [s.speaks_for for s in plan.steps] == [
            "Dana Okafor of Kestrel Valley Workforce Board"]
        assert result.count("accepted") == 0 and wb.ballots_cast(2) == before


def test_importer_field_case_zero_width_organisation_is_the_stored_one(tmp_path) -> None:
    """The field case: "Har\u200browgate ..." is matched to the stored organisation."""
    import shutil
    from pathlib import Path

    cases = Path(__file__).parents[1] / "fixtures" / "field_cases"
    shutil.copy(cases / "vote-open.sqlite", tmp_path / "wb.sqlite")
    with Workbook.open(tmp_path / "wb.sqlite", daily_backup=False) as wb:
        organisations = wb.count(Organisation)
        plan = preview(wb, parse((cases / "zero-width-organisation.json").read_bytes(), wb))
        assert ORG not in [s.key for s in plan.steps]
        apply(wb, plan, accepted={s.key for s in plan.steps if s.possible})
        assert wb.count(Organisation) == organisations
        assert wb.person_named("Pat Lookalike", wb.organisation_named(
            "Harrowgate Precision Machining").id) is not None


def test_importer_preview_and_result_read_in_the_readers_language(meeting_wb: Workbook,
                                                                   good_file: bytes) -> None:
    """A contribution's plan and result are catalog sentences: in Spanish the steps, notes
    and summary are Spanish; in the pseudo language only what the file holds is left."""
    from workbook import i18n
    from workbook.testing.pseudo import english_left, strict_markers, typed_texts

    contribution = parse(good_file, meeting_wb)
    with i18n.use_language("es"):
        plan = preview(meeting_wb, contribution)
    summaries = [s.summary for s in plan.steps]
    assert summaries[0].startswith("Organización nueva: Quintero Composites (")
    assert any(s.startswith("Persona nueva: Rosa Quintero") for s in summaries)
    assert any(s.startswith("Comentario: ") for s in summaries)
    result = apply(meeting_wb, plan)
    with i18n.use_language("es"):
        assert result.summary().endswith(
            f"{len(plan.steps)} agregados o cambiados, 0 rechazados, 0 no posibles.")
        again = preview(meeting_wb, contribution)
    assert all(s.note.startswith("este archivo se importó el ") for s in again.steps)
    with i18n.use_language(i18n.PSEUDO), strict_markers():
        shown = [text for s in preview(meeting_wb, contribution).steps
                 for text in (s.summary, s.note)] + [result.summary()]
    typed = typed_texts(meeting_wb, [contribution.participant_label])
    for text in shown:
        assert english_left(text, typed) == [], text
