"""Fixtures for contributions: the demo workbook with an open vote, and a good file for it.

The demo's own naming vote is closed; each test gets its copy with a new, anonymous vote
open, so dots can be cast. ``good_file`` is what a participant from a new organisation
would send: one item of every kind.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from workbook import Workbook
from workbook.participant.contribution import build
from workbook.testing.contributions import NEWCOMER, every_kind


@pytest.fixture
def meeting_wb(demo_path: Path) -> Iterator[Workbook]:
    """The demo workbook (a file) with an anonymous vote open, 3 dots each."""
    wb = Workbook.open(demo_path, daily_backup=False)
    wb.open_vote(dots_per_participant=3, anonymous=True)
    yield wb
    wb.close()


@pytest.fixture
def make_file(meeting_wb: Workbook) -> Callable[..., bytes]:
    """``make_file(items=None, participant=None)``: the bytes of a contribution file."""
    def make(items: list[dict[str, Any]] | None = None,
             participant: dict[str, Any] | None = None, **kwargs: Any) -> bytes:
        meeting = meeting_wb.latest_meeting()
        return build(meeting_wb, participant or NEWCOMER,
                     every_kind(meeting_wb) if items is None else items,
                     meeting_id=meeting.id, now=kwargs.get("now", dt.datetime.now()))
    return make


@pytest.fixture
def good_file(make_file: Callable[..., bytes]) -> bytes:
    return make_file()
