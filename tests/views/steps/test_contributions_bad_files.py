"""The contributions view checks every uploaded file, whatever one of them holds."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from workbook import Workbook
from workbook.participant.contribution import build
from workbook.testing.contributions import NEWCOMER, every_kind
from workbook.views.steps import contributions
from workbook.views.steps.contributions import ContributionsView

HARDENING = Path(__file__).resolve().parents[2] / "fixtures" / "hardening"


@pytest.fixture
def vote_open(tmp_path: Path) -> Iterator[Workbook]:
    """A writable copy of the field cases' workbook (vote 2 open)."""
    target = Path(shutil.copy(HARDENING / "vote-open.sqlite", tmp_path / "vote-open.sqlite"))
    target.chmod(0o644)
    with Workbook.open(target, daily_backup=False) as wb:
        yield wb


def _upload(view: ContributionsView, *files: tuple[str, bytes]) -> None:
    view.upload.value = tuple(
        {"name": name, "type": "application/json", "size": len(raw),
         "content": memoryview(raw), "last_modified": dt.datetime.now(dt.UTC)}
        for name, raw in files)


def _good(wb: Workbook) -> bytes:
    return build(wb, NEWCOMER, every_kind(wb), meeting_id=wb.latest_meeting().id)


def test_huge_id_file_is_refused_and_the_others_checked(vote_open: Workbook) -> None:
    """The field cases are refused with their reason; the good files around them preview."""
    view = ContributionsView(vote_open)
    good = _good(vote_open)
    _upload(view, ("first.json", good),
            ("id-too-large-vote.json", (HARDENING / "id-too-large-vote.json").read_bytes()),
            ("float-overflow-created.json",
             (HARDENING / "float-overflow-created.json").read_bytes()),
            ("last.json", good))
    view.preview_button.click()
    assert [p.plan is not None for p in view.previews] == [True, False, False, True]
    assert "holds the number" in view.previews[1].error
    assert "holds the number" in view.previews[2].error
    assert "2 refused" in view.status.text
    assert not view.import_button.disabled


def test_a_bug_met_by_one_file_does_not_stop_the_others(vote_open: Workbook, monkeypatch,
                                                        caplog) -> None:
    """An unexpected error on one file is reported under it; the next file is still checked."""
    real_parse = contributions.parse

    def parse(raw: bytes, wb: Workbook):
        if b"boom" in raw:
            raise OverflowError("Python int too large to convert to SQLite INTEGER")
        return real_parse(raw, wb)

    monkeypatch.setattr(contributions, "parse", parse)
    view = ContributionsView(vote_open)
    _upload(view, ("boom.json", b'{"boom": 1}'), ("good.json", _good(vote_open)))
    view.preview_button.click()
    assert view.previews[0].plan is None and "could not be checked" in view.previews[0].error
    assert view.previews[1].plan is not None
    assert "1 refused" in view.status.text
    assert "boom.json" in caplog.text  # logged for the maintainers ...
    caplog.clear()  # ... and expected here, so not a hidden callback failure
