"""Contribution files with numbers no workbook holds (the field cases in
tests/fixtures/hardening, made for vote-open.sqlite): refused, never a crash."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from workbook import Workbook
from workbook.errors import ImportFileError
from workbook.participant.contribution import content_hash, parse

HARDENING = Path(__file__).resolve().parents[1] / "fixtures" / "hardening"


@pytest.fixture
def vote_open(tmp_path: Path):
    """A private, writable copy of the field cases' workbook with vote 2 open."""
    target = Path(shutil.copy(HARDENING / "vote-open.sqlite", tmp_path / "vote-open.sqlite"))
    target.chmod(0o644)
    with Workbook.open(target, daily_backup=False) as wb:
        yield wb


@pytest.mark.parametrize("case", ["id-too-large-vote.json", "float-overflow-created.json"])
def test_field_case_refused_with_a_clear_message(vote_open, case):
    """Each field case is an ImportFileError saying what number is wrong."""
    with pytest.raises(ImportFileError, match="holds the number .*Nothing was imported"):
        parse((HARDENING / case).read_bytes(), vote_open)


def _rehashed(doc: dict) -> bytes:
    """The file with its hash made right again, as a careful attacker would."""
    doc["content_hash"] = content_hash(doc)
    return json.dumps(doc).encode()


@pytest.mark.parametrize("place", ["vote_id", "candidate_id", "meeting", "problem_id"])
@pytest.mark.parametrize("number", ["9223372036854775808", str(2**64 + 1), "1" + "0" * 4400],
                         ids=["2**63", "2**64+1", "10**4400"])
def test_huge_ids_anywhere_refused(vote_open, place, number):
    """An id of 2**63 or more in any id field is refused, whatever its length (the hash
    made right where Python can still print the number)."""
    placeholder = 987654321987
    doc = json.loads((HARDENING / "float-overflow-created.json").read_bytes())
    doc["created_at"] = "2026-11-30T11:31:21"
    items = {item["kind"]: item for item in doc["items"]}
    if place == "vote_id":
        items["dots"]["vote_id"] = placeholder
    elif place == "candidate_id":
        items["dots"]["allocations"][0]["candidate_id"] = placeholder
    elif place == "meeting":
        doc["meeting"]["id"] = placeholder
    else:
        items["cause"]["problem_id"] = placeholder
    if len(number) < 100:
        doc = json.loads(json.dumps(doc).replace(str(placeholder), number))
        raw = _rehashed(doc)
    else:
        raw = _rehashed(doc).replace(str(placeholder).encode(), number.encode())
    with pytest.raises(ImportFileError, match="Nothing was imported"):
        parse(raw, vote_open)
