"""A kernel killed with SIGKILL in the middle of its edits loses nothing it confirmed.

A worker process edits without pause and prints an acknowledgement after each store call
returns, as a notebook shows its confirmation. The test kills it at a random moment,
several rounds on the same file, and after each round opens the workbook: it must open
cleanly and hold every acknowledged edit.
"""

from __future__ import annotations

import random
import time

import pytest
from robustness_kit import Worker, quick_check, seeded_workbook

from workbook import Comment, Organisation, Person, Workbook

pytestmark = pytest.mark.slow  # starts worker processes

ROUNDS = 6


def _check_round(path, tag: str, acks: list[str], org_id: int, meeting_id: int) -> None:
    """Every acknowledged edit of round ``tag`` is in the reopened workbook."""
    done = {op: [int(n) for kind, n in (a.split() for a in acks) if kind == op]
            for op in ("comment", "mission", "attend")}
    with Workbook.open(path, daily_backup=False) as wb:
        with wb.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA integrity_check").scalar_one() == "ok"
        texts = {c.text for c in wb.all(Comment, author=tag)}
        assert {f"{tag}-{n}" for n in done["comment"]} <= texts
        present = {p.name for p in wb.attendees(meeting_id)}
        assert {f"{tag}-{n}" for n in done["attend"]} <= present
        if done["mission"]:
            stored = wb.get(Organisation, org_id).mission
            # The edit in flight when the kill came may have committed without its ack.
            assert stored.startswith(f"{tag}-")
            assert int(stored.rsplit("-", 1)[1]) >= max(done["mission"])
        # Nothing half-done either: each person stored was the full step of its round.
        assert all(p.organisation_id == org_id for p in wb.all(Person))


def test_crash_sigkill_keeps_every_acknowledged_edit(tmp_path):
    """Across several SIGKILLs at random points every acknowledged edit survives."""
    seeded = seeded_workbook(tmp_path / "crash.sqlite")
    rng = random.Random()
    total = 0
    for round_no in range(ROUNDS):
        tag = f"r{round_no}"
        worker = Worker("stream", seeded.path, tag, seeded.org, seeded.meeting)
        worker.wait_ready()
        time.sleep(rng.uniform(0.05, 0.6))
        acks = worker.kill()
        assert worker.proc.returncode == -9
        assert quick_check(seeded.path) == "ok"
        _check_round(seeded.path, tag, acks, seeded.org, seeded.meeting)
        total += len(acks)
    assert total > ROUNDS * 20, f"only {total} edits were acknowledged: too few to mean much"
