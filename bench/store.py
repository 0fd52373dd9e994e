"""Store benchmark: how fast a single edit is durable, and how fast a large workbook opens.

    python bench/store.py [--edits 1000] [--opens 7] [--db URL]

Prints figures as it goes; the last line is one JSON object:
``edit_p95_ms``   95th percentile of one field of one of 500 organisations changed and
                  committed (WAL; synchronous as configured, NORMAL by default);
``bulk_ms``       storing 5,000 new resource-map entries as one step (an import's write);
``edit_after_bulk_p95_ms`` the edit again, with those 5,000 rows in the history;
``open_large_ms`` median of opening a workbook of 1,000 organisations, 5,000 resources,
                  300 meetings and 3,000 actions and computing its momentum.
Targets (issue 2): edit_p95_ms <= 2, open_large_ms <= 300; issue 20: bulk_ms well under
1,000, and an edit no slower after a long history.

With ``--db URL`` the same runs on partnerships in that PostgreSQL database (created for
the run, named ``bench-...``, removed afterwards). Targets (issue 15): edit_p95_ms <= 3,
open_large_ms <= 150.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path

from workbook import Organisation, Resource, Workbook
from workbook.analyses import momentum
from workbook.store.postgres import DbTarget
from workbook.testing import make_partnership, populate

Target = Path | DbTarget


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def bench_edits(where: Callable[[str], Target], edits: int) -> float:
    path = where("edits")
    wb = Workbook.create(path, make_partnership())
    populate(wb, organisations=500, resources=0, meetings=0, actions=0, problems=0)
    ids = [o.id for o in wb.all(Organisation)]
    rng = random.Random(1)
    timings = []
    for n in range(edits):
        org_id = rng.choice(ids)
        start = time.perf_counter()
        wb.update(Organisation, org_id, {"mission": f"Mission revised {n}"})
        timings.append((time.perf_counter() - start) * 1000)
    wb.close()
    reopened = Workbook.open(path, daily_backup=False)
    assert reopened.get(Organisation, org_id).mission == f"Mission revised {edits - 1}"
    if isinstance(path, DbTarget):
        reopened.drop()
    reopened.close()
    p95 = percentile(timings, 0.95)
    print(f"edit: median {statistics.median(timings):.3f} ms, p95 {p95:.3f} ms "
          f"over {edits} edits")
    return p95


def bench_bulk(where: Callable[[str], Target], edits: int) -> tuple[float, float]:
    path = where("bulk")
    wb = Workbook.create(path, make_partnership())
    populate(wb, organisations=50, resources=0, meetings=0, actions=0, problems=0)
    owners = [o.id for o in wb.all(Organisation)]
    entries = [Resource(name=f"Program {n}", owner_id=owners[n % len(owners)])
               for n in range(5000)]
    start = time.perf_counter()
    stored, _ = wb.add_resources(entries, label="Import programs.csv")
    bulk = (time.perf_counter() - start) * 1000
    assert len(stored) == 5000
    rng = random.Random(2)
    timings = []
    for n in range(edits):
        org_id = rng.choice(owners)
        start = time.perf_counter()
        wb.update(Organisation, org_id, {"mission": f"Mission revised {n}"})
        timings.append((time.perf_counter() - start) * 1000)
    if isinstance(path, DbTarget):
        wb.drop()
    wb.close()
    p95 = percentile(timings, 0.95)
    print(f"bulk: 5,000 entries stored in {bulk:.0f} ms; then edit: median "
          f"{statistics.median(timings):.3f} ms, p95 {p95:.3f} ms over {edits} edits")
    return bulk, p95


def bench_open(where: Callable[[str], Target], opens: int) -> float:
    path = where("large")
    wb = Workbook.create(path, make_partnership())
    start = time.perf_counter()
    populate(wb, organisations=1000, resources=5000, meetings=300, actions=3000)
    size = (f"{path.stat().st_size / 1e6:.1f} MB" if isinstance(path, Path)
            else str(path))
    print(f"populate large workbook: {(time.perf_counter() - start):.2f} s, {size}")
    wb.close()
    Workbook.open(path).close()  # the first open of the day takes its backup; not timed
    timings = []
    for _ in range(opens):
        start = time.perf_counter()
        wb = Workbook.open(path)
        figures = momentum(wb)
        timings.append((time.perf_counter() - start) * 1000)
        wb.close()
    if isinstance(path, DbTarget):
        with Workbook.open(path) as wb:
            wb.drop()
    print(f"open + momentum: median {statistics.median(timings):.1f} ms, "
          f"min {min(timings):.1f} ms; open actions {figures.open_actions}, "
          f"overdue {figures.overdue_actions}")
    return statistics.median(timings)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edits", type=int, default=1000)
    parser.add_argument("--opens", type=int, default=7)
    parser.add_argument("--db", metavar="URL", default=None,
                        help="run on partnerships in this PostgreSQL database")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        run = uuid.uuid4().hex[:8]

        def where(name: str) -> Target:
            if args.db:
                return DbTarget(args.db, f"bench-{name}-{run}")
            return Path(tmp) / f"{name}.sqlite"

        edit_p95 = bench_edits(where, args.edits)
        bulk, after_bulk = bench_bulk(where, max(args.edits // 2, 1))
        open_large = bench_open(where, args.opens)
    print(json.dumps({"edit_p95_ms": round(edit_p95, 3), "bulk_ms": round(bulk),
                      "edit_after_bulk_p95_ms": round(after_bulk, 3),
                      "open_large_ms": round(open_large, 1)}))


if __name__ == "__main__":
    main()
