"""Bringing a workbook JSON export from an older schema up to the current one.

Schema 3 moved each meeting's plain list of ``decisions`` into decision records; an
export written before then still carries the list, and ``upgrade_document`` turns it into
``decision`` records (method ``not_recorded``, in the list's order) before the document is
checked. Documents of the current schema are returned unchanged.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

__all__ = ["upgrade_document"]


def upgrade_document(data: Mapping[str, Any]) -> Mapping[str, Any]:
    """``data`` as the current schema would have written it (a copy when changed)."""
    version = data.get("schema_version")
    if not isinstance(version, int) or version >= 3:
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
