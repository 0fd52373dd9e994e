"""Several kernels (real processes) on one workbook file: no edit is lost.

The policy pinned here: every change is its own short transaction that reads the row and
writes only the named fields under SQLite's write lock. Edits of different fields or rows
never overwrite each other. Two edits of the same field: the later write wins, unless
the writer passes ``expected`` (the value it showed); then a changed value is refused
with ``ConflictError`` and the other kernel's value stays. A kernel sees the other's
change at its next read: reads are never cached.

Each test runs on a file and on a PostgreSQL partnership (see tests/conftest.py), where
``workbook_begin_write()`` takes the partnership's lock instead of SQLite's write lock.
"""

from __future__ import annotations

import json

import pytest
from robustness_kit import Worker, quick_check, seeded_workbook

from workbook import Organisation, Workbook
from workbook.errors import ConflictError

pytestmark = pytest.mark.slow  # starts worker processes

FIELDS = ("mission", "culture", "financing")


def _start_all(workers: list[Worker]) -> None:
    for worker in workers:
        worker.wait_ready()
    for worker in workers:
        worker.send("go")


def test_concurrency_different_fields_of_one_row_all_kept(new_target):
    """Three kernels editing three fields of the same row at once: every last value is kept."""
    seeded = seeded_workbook(new_target("shared"))
    count = 150
    workers = [Worker("field", seeded.path, f"k{i}", seeded.org, name, count)
               for i, name in enumerate(FIELDS)]
    _start_all(workers)
    acks = [worker.finish() for worker in workers]
    with Workbook.open(seeded.path, daily_backup=False) as wb:
        org = wb.get(Organisation, seeded.org)
    for i, name in enumerate(FIELDS):
        assert len(acks[i]) == count
        assert getattr(org, name) == f"k{i}-{count - 1}"
    # Each committed update bumps the version once: no update vanished under another.
    assert org.version == 1 + len(FIELDS) * count
    assert quick_check(seeded.path) == "ok"


def test_concurrency_different_rows_all_kept(new_target):
    """Kernels editing different rows at once each keep their own last value."""
    seeded = seeded_workbook(new_target("shared"), extra_orgs=2)
    rows = [seeded.org, *seeded.others]
    workers = [Worker("field", seeded.path, f"k{i}", row, "mission", 120)
               for i, row in enumerate(rows)]
    _start_all(workers)
    for worker in workers:
        assert len(worker.finish()) == 120
    with Workbook.open(seeded.path, daily_backup=False) as wb:
        for i, row in enumerate(rows):
            org = wb.get(Organisation, row)
            assert (org.mission, org.version) == (f"k{i}-119", 121)


def test_concurrency_same_field_later_write_wins(new_target):
    """Racing writes of one field are serialised: versions never repeat, the last one stays."""
    seeded = seeded_workbook(new_target("shared"))
    workers = [Worker("field", seeded.path, f"k{i}", seeded.org, "mission", 120)
               for i in range(3)]
    _start_all(workers)
    acked: dict[int, str] = {}
    for i, worker in enumerate(workers):
        for line in worker.finish():
            n, version = line.split()
            assert int(version) not in acked, "two writes got the same version: one was lost"
            acked[int(version)] = f"k{i}-{n}"
    assert sorted(acked) == list(range(2, 2 + 360))
    with Workbook.open(seeded.path, daily_backup=False) as wb:
        assert wb.get(Organisation, seeded.org).mission == acked[max(acked)]


def test_concurrency_expected_increments_never_lost(new_target):
    """Read-then-write increments with ``expected`` from three kernels add up exactly."""
    seeded = seeded_workbook(new_target("shared"))
    workers = [Worker("counter", seeded.path, seeded.org, 60) for _ in range(3)]
    _start_all(workers)
    successes = 0
    for worker in workers:
        lines = worker.finish()
        successes += sum(1 for line in lines if line != "conflict")
    with Workbook.open(seeded.path, daily_backup=False) as wb:
        assert wb.get(Organisation, seeded.org).mission == str(successes) == "180"


def _ask(kernel: Worker, **order: object) -> dict:
    kernel.send(json.dumps(order))
    return json.loads(kernel.readline())


def test_concurrency_expected_refuses_and_keeps_the_other_value(new_target):
    """A write based on a stale read is refused with ConflictError; the newer value stays."""
    seeded = seeded_workbook(new_target("shared"))
    other = Worker("kernel", seeded.path)
    other.wait_ready()
    with Workbook.open(seeded.path, daily_backup=False) as mine:
        seen = mine.get(Organisation, seeded.org).mission
        assert "version" in _ask(other, op="set", id=seeded.org,
                                 changes={"mission": "Theirs"})
        with pytest.raises(ConflictError) as caught:
            mine.update(Organisation, seeded.org, {"mission": "Mine"},
                        expected={"mission": seen})
        assert "'Theirs'" in str(caught.value) and "'Mine'" in str(caught.value)
        assert mine.get(Organisation, seeded.org).mission == "Theirs"
        # The same the other way round: the other kernel is refused against my change.
        mine.update(Organisation, seeded.org, {"culture": "Mine"})
        answer = _ask(other, op="set", id=seeded.org, changes={"culture": "Theirs"},
                      expected={"culture": ""})
        assert answer["error"] == "ConflictError"
        assert mine.get(Organisation, seeded.org).culture == "Mine"
    other.finish()


def test_concurrency_later_write_wins_and_other_kernel_sees_it(new_target):
    """Without ``expected`` the later write wins, and the other kernel reads it next time."""
    seeded = seeded_workbook(new_target("shared"))
    other = Worker("kernel", seeded.path)
    other.wait_ready()
    with Workbook.open(seeded.path, daily_backup=False) as mine:
        assert _ask(other, op="get", id=seeded.org, field="mission")["value"] == "0"
        _ask(other, op="set", id=seeded.org, changes={"mission": "Theirs"})
        mine.update(Organisation, seeded.org, {"mission": "Mine, later"})
        assert _ask(other, op="get", id=seeded.org, field="mission")["value"] == "Mine, later"
        _ask(other, op="set", id=seeded.org, changes={"mission": "Theirs, latest"})
        assert mine.get(Organisation, seeded.org).mission == "Theirs, latest"
    other.finish()
