"""The participant's draft: checked as it grows, kept across a reload, never in the workbook."""

from __future__ import annotations

import base64
import json
import re
import shutil
from pathlib import Path

import pytest

from workbook import Organisation, Workbook
from workbook.errors import DuplicateError, ValidationError, WorkbookError
from workbook.participant.contribution import parse
from workbook.participant.draft import Draft
from workbook.participant.session import open_read_only
from workbook.testing.contributions import NEWCOMER, file_state

VISITOR = "a" * 32  # one browser's key (session.visitor_from_query)
OTHER_VISITOR = "b" * 32


@pytest.fixture
def binder_copy(meeting_wb: Workbook, tmp_path: Path) -> Workbook:
    """The participant's own copy of the committed workbook, opened read-only."""
    target = tmp_path / "binder" / "meeting.sqlite"
    target.parent.mkdir()
    meeting_wb.close()
    shutil.copyfile(meeting_wb.path, target)
    wb = open_read_only(target)
    yield wb
    wb.close()


def _draft(wb: Workbook, folder: Path) -> Draft:
    draft = Draft(wb, folder=folder, visitor=VISITOR)
    draft.set_participant(NEWCOMER["name"], NEWCOMER["organisation"], role="Lead",
                          new_organisation=True)
    return draft


def test_draft_needs_to_know_who_first(binder_copy: Workbook, tmp_path: Path) -> None:
    """Adding before saying who you are is refused with a message saying so."""
    with pytest.raises(ValidationError, match="Say who you are"):
        Draft(binder_copy, folder=tmp_path, visitor=VISITOR).add({"kind": "comment", "text": "hi"})


def test_draft_survives_a_reload(binder_copy: Workbook, tmp_path: Path) -> None:
    """A new page in the same session gets the draft back when the same person says hello."""
    _draft(binder_copy, tmp_path).add({"kind": "comment", "text": "Keep me"})
    again = Draft(binder_copy, folder=tmp_path, visitor=VISITOR)
    assert Draft.saved(binder_copy, tmp_path, visitor=VISITOR)[0][0].startswith(NEWCOMER["name"])
    assert again.set_participant(NEWCOMER["name"].lower(), NEWCOMER["organisation"],
                                 new_organisation=True) is True
    assert [i["text"] for i in again.items] == ["Keep me"]


def test_draft_of_someone_else_is_not_restored(binder_copy: Workbook, tmp_path: Path) -> None:
    """Another name gets an empty draft of their own."""
    _draft(binder_copy, tmp_path).add({"kind": "comment", "text": "Mine"})
    other = Draft(binder_copy, folder=tmp_path, visitor=VISITOR)
    assert other.set_participant("Someone Else", "Elsewhere Ltd", new_organisation=True) is False
    assert other.items == []


def test_draft_dots_cast_again_replace_the_first(binder_copy: Workbook, tmp_path: Path) -> None:
    """A participant changing their mind keeps one set of dots per vote."""
    draft = _draft(binder_copy, tmp_path)
    vote = binder_copy.open_vote_now()
    first, second = [c.id for c in binder_copy.all(__import__("workbook").NameCandidate)[:2]]
    draft.cast_dots(vote.id, {first: 3})
    draft.cast_dots(vote.id, {first: 1, second: 2})
    dots = [i for i in draft.items if i["kind"] == "dots"]
    assert len(dots) == 1 and sum(e["dots"] for e in dots[0]["allocations"]) == 3


def test_draft_refuses_no_dots_and_too_many(binder_copy: Workbook, tmp_path: Path) -> None:
    """Zero dots, or more than the vote gives, are refused with the reason."""
    draft = _draft(binder_copy, tmp_path)
    vote = binder_copy.open_vote_now()
    first = binder_copy.all(__import__("workbook").NameCandidate)[0].id
    with pytest.raises(ValidationError, match="at least one dot"):
        draft.cast_dots(vote.id, {first: 0})
    with pytest.raises(ValidationError, match="each participant has 3"):
        draft.cast_dots(vote.id, {first: 4})


def test_draft_same_item_twice_is_refused(binder_copy: Workbook, tmp_path: Path) -> None:
    """The same comment twice is one item; the second is refused as a duplicate."""
    draft = _draft(binder_copy, tmp_path)
    draft.add({"kind": "comment", "text": "Once"})
    with pytest.raises(DuplicateError):
        draft.add({"kind": "comment", "text": "Once"})


def test_draft_profile_keeps_only_what_differs(binder_copy: Workbook, tmp_path: Path) -> None:
    """For a known partner only changed, non-empty answers become items."""
    org = binder_copy.all(Organisation)[1]
    draft = Draft(binder_copy, folder=tmp_path, visitor=VISITOR)
    draft.set_participant("Dana", org.name)
    values = {f: getattr(org, f) for f in ("mission", "needs", "website")}
    values.update(needs="Welders, soon", website="")
    assert draft.set_profile(values) == 1
    assert draft.profile_values()["needs"] == "Welders, soon"


def test_draft_known_organisation_typed_as_new_is_the_known_one(binder_copy: Workbook,
                                                                tmp_path: Path) -> None:
    """An organisation typed in though listed is taken as the stored one, with its type."""
    org = binder_copy.all(Organisation)[2]
    draft = Draft(binder_copy, folder=tmp_path, visitor=VISITOR)
    draft.set_participant("Dana", org.name.upper(), partner_type="labour",
                          new_organisation=True)
    assert draft.participant["organisation"] == org.name
    assert draft.participant["partner_type"] == org.partner_type
    assert draft.participant["new_organisation"] is False


def test_draft_link_carries_a_file_that_imports(binder_copy: Workbook, tmp_path: Path,
                                                meeting_wb: Workbook) -> None:
    """The data-URI link holds exactly the bytes of a valid contribution file."""
    draft = _draft(binder_copy, tmp_path)
    draft.add({"kind": "comment", "text": "Via the link"})
    link = draft.download_link()
    payload = re.search(r'href="data:application/json;base64,([^"]+)"', link)[1]
    raw = base64.b64decode(payload)
    facilitator = Workbook.open(meeting_wb.path, daily_backup=False)
    try:
        assert parse(raw, facilitator).items[0]["text"] == "Via the link"
    finally:
        facilitator.close()
    assert 'download="contribution-rosa-quintero-' in link


def test_draft_never_writes_the_workbook(binder_copy: Workbook, tmp_path: Path) -> None:
    """A whole session of additions leaves the participant's workbook file as it was."""
    path = tmp_path / "binder" / "meeting.sqlite"
    before = file_state(path)
    assert "meeting.sqlite" in before
    draft = _draft(binder_copy, tmp_path / "drafts")
    draft.add({"kind": "comment", "text": "Nothing stored"})
    draft.set_profile({"mission": "Build"})
    draft.file_bytes()
    with pytest.raises(WorkbookError):  # the connection itself refuses to write
        binder_copy.add(Organisation(name="Sneaky", partner_type="business"))
    assert file_state(path) == before


def test_draft_unreadable_draft_file_is_refused(binder_copy: Workbook, tmp_path: Path) -> None:
    """A damaged draft file is refused with a message, not a traceback."""
    draft = _draft(binder_copy, tmp_path)
    draft.path.write_text("{not json", encoding="utf-8")
    with pytest.raises(ValidationError, match="cannot be read"):
        Draft(binder_copy, folder=tmp_path, visitor=VISITOR).load(draft.path)


def test_draft_file_is_plain_json_with_the_items(binder_copy: Workbook, tmp_path: Path) -> None:
    """What is kept beside the session is readable JSON holding the participant's items."""
    draft = _draft(binder_copy, tmp_path)
    draft.add({"kind": "comment", "text": "Readable"})
    data = json.loads(draft.path.read_text(encoding="utf-8"))
    assert data["participant"]["name"] == NEWCOMER["name"]
    assert data["items"][0]["text"] == "Readable"


def test_draft_of_another_visitor_is_never_offered(binder_copy: Workbook, tmp_path: Path) -> None:
    """A second browser sees no saved draft, restores none even under the same name, and
    cannot load the first one's file."""
    first = _draft(binder_copy, tmp_path)
    first.add({"kind": "comment", "text": "Private thought"})
    assert Draft.saved(binder_copy, tmp_path, visitor=OTHER_VISITOR) == []
    second = Draft(binder_copy, folder=tmp_path, visitor=OTHER_VISITOR)
    assert second.set_participant(NEWCOMER["name"], NEWCOMER["organisation"],
                                  new_organisation=True) is False
    assert second.items == []
    with pytest.raises(ValidationError, match="another visitor"):
        second.load(first.path)
    assert [i["text"] for i in _draft(binder_copy, tmp_path).items] == ["Private thought"]


def test_draft_without_a_visitor_key_writes_nothing(binder_copy: Workbook, tmp_path: Path) -> None:
    """With no visitor key the draft lives with the page only: no file, nothing offered."""
    draft = Draft(binder_copy, folder=tmp_path / "drafts")
    draft.set_participant(NEWCOMER["name"], NEWCOMER["organisation"], new_organisation=True)
    draft.add({"kind": "comment", "text": "Only here"})
    assert draft.items and not (tmp_path / "drafts").exists()
    assert Draft.saved(binder_copy, tmp_path / "drafts") == []


def test_draft_file_is_private_to_the_server_user(binder_copy: Workbook, tmp_path: Path) -> None:
    """The draft file is readable by the server's user alone (mode 600)."""
    draft = _draft(binder_copy, tmp_path)
    draft.add({"kind": "comment", "text": "x"})
    assert draft.path.stat().st_mode & 0o777 == 0o600
