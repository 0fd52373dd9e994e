"""Helpers for tests of contributions: craft files, and see whether a workbook file moved.

    >>> doc = json.loads(good_bytes); doc["items"][0]["text"] = "changed"
    >>> bad = rehashed(doc)          # passes the hash checks, so deeper checks are reached
"""

from __future__ import annotations

import copy
import hashlib
import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ..model import STATEMENT_KEYS, NameCandidate
from ..participant.contribution import content_hash, item_key
from ..participant.items import MINE
from ..store import Workbook

__all__ = ["NEWCOMER", "changes", "every_kind", "file_state", "rehashed", "snapshot", "to_bytes"]


def to_bytes(doc: Any) -> bytes:
    return json.dumps(doc, ensure_ascii=False).encode("utf-8")


def rehashed(doc: Mapping[str, Any], *, keys: bool = True) -> bytes:
    """``doc`` with fresh item keys (unless ``keys`` is false) and content hash, as bytes."""
    doc = dict(copy.deepcopy(doc))
    if keys and isinstance(doc.get("items"), list) and isinstance(doc.get("participant"),
                                                                   Mapping):
        for item in doc["items"]:
            if isinstance(item, dict):
                item["item_key"] = item_key(doc["participant"], item)
    doc["content_hash"] = content_hash(doc)
    return to_bytes(doc)


def file_state(path: str | os.PathLike[str]) -> dict[str, str]:
    """sha256 of a workbook file and of its ``-wal`` (what "byte for byte" compares).

    An empty ``-wal`` (SQLite makes one when it opens the file) holds nothing and counts as
    none.
    """
    base = Path(path)
    state = {}
    for candidate in (base, Path(f"{base}-wal")):
        if candidate.exists() and (candidate == base or candidate.stat().st_size):
            state[candidate.name] = hashlib.sha256(candidate.read_bytes()).hexdigest()
    return state


NEWCOMER = {"name": "Rosa Quintero", "role": "Training lead",
            "organisation": "Quintero Composites", "partner_type": "business",
            "new_organisation": True}


def every_kind(wb: Workbook) -> list[dict[str, Any]]:
    """One item of each kind, pointing at what the demo holds (it needs an open vote)."""
    vote = wb.open_vote_now()
    assert vote is not None, "every_kind needs a workbook with an open vote"
    candidates = wb.all(NameCandidate)
    problem = wb.problems()[0]
    _depth, cause = wb.cause_tree(problem.id)[0]
    blank = dict.fromkeys(("target_group", "eligibility", "capacity", "funding_source",
                           "referral", "notes"), "")
    return [
        {"kind": "profile", "field": "brings", "value": "Two shop floors for job shadowing"},
        {"kind": "name_candidate", "name": "Composite Valley Works", "rationale": "Wider"},
        {"kind": "dots", "vote_id": vote.id,
         "allocations": [{"candidate_id": candidates[0].id, "dots": 2},
                         {"candidate_id": candidates[1].id, "dots": 1}]},
        {"kind": "resource", "name": "Layup bootcamp", "resource_kind": "curriculum",
         "owner": MINE, **blank},
        {"kind": "cause", "problem_id": problem.id, "parent_id": cause.id,
         "statement": "Supervisors get no coaching time", "evidence": "Shift plans"},
        {"kind": "solution", "problem_id": problem.id, "cause_id": cause.id,
         "description": "A buddy on every first shift", "resource_id": None,
         "tried_before": True, "lessons": "It lapsed when the buddy left"},
        {"kind": "comment", "text": "Happy to host the next meeting <b>on site</b>."},
        {"kind": "evaluation", "meeting_id": getattr(wb.latest_meeting(), "id", None),
         "scores": {**dict.fromkeys(STATEMENT_KEYS, 4), "voices_heard": None},
         "comment": "The <i>time</i> ran short."},
    ]


def snapshot(wb: Workbook) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, sorted: compare two to see exactly what an import did."""
    import sqlalchemy as sa

    from ..store.schema import metadata

    with wb.reading() as conn:
        return {table.name: sorted((tuple(row) for row in conn.execute(sa.select(table))),
                                   key=repr)
                for table in metadata.sorted_tables}


def changes(before: Mapping[str, list[Any]], after: Mapping[str, list[Any]]
            ) -> dict[str, tuple[list[Any], list[Any]]]:
    """{table: (rows added, rows gone)} for the tables that differ."""
    out = {}
    for name in after:
        old, new = before.get(name, []), after[name]
        added = [r for r in new if r not in old]
        gone = [r for r in old if r not in new]
        if added or gone:
            out[name] = (added, gone)
    return out
