"""The facilitator's import view: upload, preview with tick boxes, import; and the links."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from workbook import Comment, Organisation, Person, Workbook
from workbook.participant.contribution import build
from workbook.testing.contributions import NEWCOMER, every_kind, file_state, snapshot
from workbook.views.steps.contributions import ContributionsView


@pytest.fixture
def facilitator(demo_path: Path) -> Iterator[Workbook]:
    wb = Workbook.open(demo_path, daily_backup=False)
    wb.open_vote(dots_per_participant=3, anonymous=True)
    yield wb
    wb.close()


def _upload(view: ContributionsView, *files: tuple[str, bytes]) -> None:
    view.upload.value = tuple(
        {"name": name, "type": "application/json", "size": len(raw),
         "content": memoryview(raw), "last_modified": dt.datetime.now(dt.UTC)}
        for name, raw in files)


def _file(wb: Workbook, items: list | None = None, participant: dict | None = None) -> bytes:
    return build(wb, participant or NEWCOMER, every_kind(wb) if items is None else items,
                 meeting_id=wb.latest_meeting().id)


def test_contributions_preview_then_import_the_ticked_items(facilitator: Workbook) -> None:
    """Unticking the comment leaves it out; every other previewed item is stored."""
    view = ContributionsView(facilitator)
    _upload(view, ("rosa.json", _file(facilitator)))
    view.preview_button.click()
    preview = view.previews[0]
    assert preview.plan is not None and all(box.value for box in preview.boxes.values())
    comment_key = next(s.key for s in preview.plan.steps if s.kind == "comment")
    preview.boxes[comment_key].value = False
    view.import_button.click()
    assert "9 added or changed, 1 rejected" in view.status.text
    assert facilitator.organisation_named("Quintero Composites") is not None
    assert facilitator.all(Comment, author=NEWCOMER["name"]) == []
    assert view.upload.value == () and view.previews == []


def test_contributions_refused_file_says_why_and_stores_nothing(facilitator: Workbook) -> None:
    """A tampered file is refused in the preview; the import button stays off."""
    raw = _file(facilitator).replace(b"Happy to host", b"Happy to hack")
    before = file_state(facilitator.path)
    view = ContributionsView(facilitator)
    _upload(view, ("bad.json", raw))
    view.preview_button.click()
    assert "changed after it was made" in view.previews_box.children[0].children[1].value
    assert view.import_button.disabled
    assert "1 refused" in view.status.text
    assert file_state(facilitator.path) == before


def test_contributions_same_file_again_has_nothing_to_import(facilitator: Workbook) -> None:
    """After an import, the same file previews as imported and cannot be taken again."""
    raw = _file(facilitator)
    view = ContributionsView(facilitator)
    _upload(view, ("rosa.json", raw))
    view.preview_button.click()
    view.import_button.click()
    rows = snapshot(facilitator)
    _upload(view, ("rosa.json", raw))
    view.preview_button.click()
    assert view.import_button.disabled
    assert "Imported on" in view.previews_box.children[0].children[2].value
    assert all(box.disabled for box in view.previews[0].boxes.values())
    assert snapshot(facilitator) == rows


def test_contributions_conflict_is_unticked(facilitator: Workbook) -> None:
    """A profile answer that differs from the stored one starts unticked, with a warning."""
    org = next(o for o in facilitator.all(Organisation) if o.mission)
    member = {"name": "Dana Field", "role": "", "organisation": org.name,
              "partner_type": org.partner_type, "new_organisation": False}
    raw = _file(facilitator, [{"kind": "profile", "field": "mission", "value": "Other"}],
                member)
    view = ContributionsView(facilitator)
    _upload(view, ("dana.json", raw))
    view.preview_button.click()
    step = next(s for s in view.previews[0].plan.steps if s.kind == "profile")
    box = view.previews[0].boxes[step.key]
    assert box.value is False and not box.disabled
    view.import_button.click()
    assert facilitator.get(Organisation, org.id).mission == org.mission


def test_contributions_participant_text_is_escaped_in_the_preview(facilitator: Workbook) -> None:
    """Markup in a contribution shows as text in the preview."""
    raw = _file(facilitator, [{"kind": "comment", "text": "<script>alert(1)</script>"}])
    view = ContributionsView(facilitator)
    _upload(view, ("x.json", raw))
    view.preview_button.click()
    shown = " ".join(child.value for row in view.previews_box.children[0].children[2:]
                     for child in row.children if hasattr(child, "value")
                     and isinstance(child.value, str))
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in shown and "<script>" not in shown


def test_contributions_nothing_uploaded_is_said(facilitator: Workbook) -> None:
    """Preview without a file asks for one."""
    view = ContributionsView(facilitator)
    view.preview_button.click()
    assert "Choose one or more" in view.status.text


def test_contributions_link_panel_makes_link_and_qr(facilitator: Workbook) -> None:
    """A valid repository gives the app link and a QR image with a text alternative."""
    view = ContributionsView(facilitator)
    meeting = facilitator.latest_meeting()
    view.links.repo.value = "valley-makers/spring"
    view.links.meeting.value = meeting.id
    view.links.button.click()
    assert view.links.url.endswith(f"participant.ipynb%3Fmeeting%3D{meeting.id}")
    assert 'alt="QR code of the participant app' in view.links.output.value
    assert "data:image/svg+xml;base64," in view.links.output.value


def test_contributions_link_panel_bad_repo(facilitator: Workbook) -> None:
    """An address that is not a GitHub repository is refused with the expected form."""
    view = ContributionsView(facilitator)
    view.links.repo.value = "https://gitlab.com/valley-makers/spring"
    view.links.button.click()
    assert "OWNER/REPO" in view.links.status.value and view.links.output.value == ""


def test_contributions_link_panel_takes_a_pasted_github_address(facilitator: Workbook) -> None:
    """The repository's address pasted from the browser makes the link."""
    view = ContributionsView(facilitator)
    view.links.repo.value = "https://github.com/valley-makers/spring"
    view.links.button.click()
    assert "/v2/gh/valley-makers/spring/" in view.links.url


def test_contributions_show_twice_imports_once(facilitator: Workbook) -> None:
    """Re-running the cell closes the old view; one click imports one file once."""
    old = ContributionsView.show(facilitator)
    view = ContributionsView.show(facilitator)
    assert old.import_button.comm is None
    _upload(view, ("rosa.json", _file(facilitator)))
    view.preview_button.click()
    view.import_button.click()
    assert facilitator.count(Organisation, name="Quintero Composites") == 1
    view.close()


def test_contributions_file_speaking_as_a_stored_person_is_flagged(facilitator: Workbook) -> None:
    """A file in a stored person's name: a warning, its items unticked, nothing stored."""
    person = next(p for p in facilitator.all(Person) if p.organisation_id)
    org = facilitator.get(Organisation, person.organisation_id)
    claimed = {"name": person.name, "role": "", "organisation": org.name,
               "partner_type": org.partner_type, "new_organisation": False}
    raw = _file(facilitator, [{"kind": "comment", "text": "Signed by me, honestly"}], claimed)
    view = ContributionsView(facilitator)
    _upload(view, ("claimed.json", raw))
    view.preview_button.click()
    texts = [child.value for child in view.previews_box.children[0].children
             if isinstance(getattr(child, "value", None), str)]
    assert any("cannot prove who made it" in t and "pwb-warn" in t for t in texts)
    assert not any(box.value for box in view.previews[0].boxes.values())
    view.import_button.click()
    assert all(c.text != "Signed by me, honestly" for c in facilitator.all(Comment))


def test_contributions_ticking_a_flagged_item_takes_it(facilitator: Workbook) -> None:
    """Ticking an item that speaks for a stored person is the facilitator's decision."""
    person = next(p for p in facilitator.all(Person) if p.organisation_id)
    org = facilitator.get(Organisation, person.organisation_id)
    claimed = {"name": person.name, "role": "", "organisation": org.name,
               "partner_type": org.partner_type, "new_organisation": False}
    view = ContributionsView(facilitator)
    _upload(view, ("claimed.json", _file(facilitator, [{"kind": "comment", "text": "Mine"}],
                                         claimed)))
    view.preview_button.click()
    for box in view.previews[0].boxes.values():
        box.value = True
    view.import_button.click()
    assert any(c.text == "Mine" for c in facilitator.all(Comment, author=person.name))
