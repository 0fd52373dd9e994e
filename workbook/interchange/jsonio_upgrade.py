"""Bringing a workbook JSON export from an older schema up to the current one.

Schema 3 moved each meeting's plain list of ``decisions`` into decision records; an
export written before then still carries the list, and ``upgrade_document`` turns it into
``decision`` records (method ``not_recorded``, in the list's order) before the document is
checked. Schema 8 made meetings planned or held: in an older export a meeting after the
day of the import that nobody attended (and that has no decision or evaluation) was a plan
entered as a meeting, and becomes ``planned``; every other one is ``held``. Documents of
the current schema are returned unchanged.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

__all__ = ["upgrade_document"]


def upgrade_document(data: Mapping[str, Any], today: dt.date | None = None
                     ) -> Mapping[str, Any]:
    """``data`` as the current schema would have written it (a copy when changed);
    ``today`` (default: the computer's date) decides which old meetings were plans."""
    version = data.get("schema_version")
    if not isinstance(version, int) or version >= 8:
        return data
    return _planned_meetings(_decision_records(data, version), today or dt.date.today())


def _met(data: Mapping[str, Any]) -> set[Any]:
    """Ids of the meetings something happened at: attendance, decisions, evaluations."""
    found: set[Any] = set()
    for key in ("attendance", "decision", "evaluation"):
        rows = data.get(key)
        for row in rows if isinstance(rows, list) else ():
            if isinstance(row, Mapping):
                found.add(row.get("meeting_id"))
    return found


def _planned_meetings(data: Mapping[str, Any], today: dt.date) -> Mapping[str, Any]:
    meetings = data.get("meeting")
    if not isinstance(meetings, list):
        return data
    met, day = _met(data), today.isoformat()
    changed = []
    for meeting in meetings:
        if (isinstance(meeting, Mapping) and "status" not in meeting
                and isinstance(meeting.get("held_on"), str) and meeting["held_on"] > day
                and meeting.get("id") not in met):
            meeting = {**meeting, "status": "planned"}
        changed.append(meeting)
    return {**data, "meeting": changed}


def _decision_records(data: Mapping[str, Any], version: int) -> Mapping[str, Any]:
    if version >= 3:
        return data
    meetings = data.get("meeting")
    if not isinstance(meetings, list) or not any(
            isinstance(m, Mapping) and "decisions" in m for m in meetings):
        return data
    upgraded = dict(data)
    decisions = list(upgraded.get("decision") or [])
    next_id = 1 + max((d.get("id", 0) for d in decisions
                       if isinstance(d, Mapping) and isinstance(d.get("id"), int)), default=0)
    new_meetings = []
    for meeting in meetings:
        if not isinstance(meeting, Mapping) or "decisions" not in meeting:
            new_meetings.append(meeting)
            continue
        meeting = dict(meeting)
        texts = meeting.pop("decisions")
        for text in texts if isinstance(texts, list) else [texts]:
            if isinstance(text, str) and not text.strip():
                continue
            decisions.append({"id": next_id, "version": 1, "meeting_id": meeting.get("id"),
                              "text": text, "method": "not_recorded"})
            next_id += 1
        new_meetings.append(meeting)
    upgraded["meeting"] = new_meetings
    upgraded["decision"] = decisions
    return upgraded
