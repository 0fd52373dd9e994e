"""Soak test: several processes edit one workbook at once; not one acknowledged edit is lost.

    python bench/soak.py [--processes 4] [--seconds 60] [--keep DIR] [--db URL]

Each process opens the same workbook file, as a kernel would, and edits without pause
until the time is up, cycling through four kinds of edit:

``comment``  a new comment with a unique text;
``own``      the mission of its own organisation (one row per process);
``shared``   its own field of one organisation every process edits (different fields
             of the same row);
``counter``  read a number, write number + 1 with ``expected``; retried on conflict.

An edit counts as acknowledged only once the store call has returned. Afterwards the
parent reopens the workbook and checks every acknowledged edit: each comment is there,
each last value is the stored one, each row's version equals one plus the number of
acknowledged updates (an update lost under another would leave it short), and the
counter equals the number of acknowledged increments. Prints figures as it goes; the
last line is one JSON object: ``edits`` (acknowledged), ``lost`` (must be 0), ``errors``
(store calls that failed, must be 0), ``p95_ms`` (95th percentile of one store call),
plus ``conflicts``, ``edits_per_s``, ``processes``, ``seconds``.

With ``--db URL`` the workbook is a partnership in that PostgreSQL database (named
``soak-...``, removed afterwards unless ``--keep`` is given). Target (issue 15): 8
processes for 60 s with ``lost`` 0 and ``errors`` 0.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import multiprocessing as mp
import sqlite3
import tempfile
import time
import traceback
from pathlib import Path
from typing import Any

SHARED_FIELDS = ("competencies", "decision_making", "financing", "culture", "brings", "needs")
KINDS = ("comment", "own", "shared", "counter")


def percentile(values: list[float], share: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def setup(path: Any, processes: int) -> dict[str, Any]:
    """Create the workbook: one organisation per process, a shared one and a counter."""
    from workbook import Organisation, Workbook
    from workbook.testing import make_partnership

    with Workbook.create(path, make_partnership()) as wb:
        own = [wb.add(Organisation(name=f"Own {k}", mission="start")).id
               for k in range(processes)]
        shared = wb.add(Organisation(name="Shared")).id
        counter = wb.add(Organisation(name="Counter", mission="0")).id
    return {"own": own, "shared": shared, "counter": counter}


def worker(k: int, path: Any, ids: dict[str, Any], ready: Any, go: Any, stop_at: Any,
           results: Any) -> None:
    """One process's edits; its acknowledgements go back as one summary at the end."""
    from workbook import Comment, Organisation, Workbook
    from workbook.errors import ConflictError

    acks: dict[str, Any] = {"comments": [], "own_last": None, "own_count": 0,
                            "shared_last": None, "shared_count": 0, "counter": 0}
    latencies: list[float] = []
    errors: list[str] = []
    conflicts = 0
    field = SHARED_FIELDS[k] if k < len(SHARED_FIELDS) else None
    try:
        wb = Workbook.open(path, daily_backup=False)
    except Exception:  # reported to the parent, which counts it as an error
        results.put({"k": k, "fatal": traceback.format_exc()})
        ready.set()
        return
    ready.set()
    go.wait()
    deadline = stop_at.value
    n = 0
    while time.time() < deadline:
        kind = KINDS[n % len(KINDS)]
        if kind == "shared" and field is None:
            kind = "comment"
        start = time.perf_counter()
        try:
            if kind == "comment":
                wb.add(Comment(author=f"worker {k}", text=f"w{k}-{n}"))
                acks["comments"].append(n)
            elif kind == "own":
                wb.update(Organisation, ids["own"][k], {"mission": f"w{k}-{n}"})
                acks["own_last"], acks["own_count"] = f"w{k}-{n}", acks["own_count"] + 1
            elif kind == "shared":
                wb.update(Organisation, ids["shared"], {field: f"w{k}-{n}"})
                acks["shared_last"] = f"w{k}-{n}"
                acks["shared_count"] += 1
            else:
                while True:
                    seen = wb.get(Organisation, ids["counter"]).mission
                    try:
                        wb.update(Organisation, ids["counter"], {"mission": str(int(seen) + 1)},
                                  expected={"mission": seen})
                        break
                    except ConflictError:
                        conflicts += 1
                acks["counter"] += 1
        except Exception as exc:  # any failed store call is an error of the soak, counted
            errors.append(f"{kind}: {type(exc).__name__}: {exc}")
        else:
            latencies.append((time.perf_counter() - start) * 1000)
        n += 1
    wb.close()
    results.put({"k": k, "acks": acks, "latencies": latencies, "errors": errors,
                 "conflicts": conflicts})


def verify(path: Any, ids: dict[str, Any], reports: list[dict[str, Any]]) -> int:
    """How many acknowledged edits are missing from the workbook on disk."""
    from workbook import Comment, Organisation, Workbook

    lost = 0
    with Workbook.open(path, daily_backup=False) as wb:
        shared = wb.get(Organisation, ids["shared"])
        shared_updates = 0
        counter_total = 0
        for report in reports:
            k, acks = report["k"], report["acks"]
            texts = {c.text for c in wb.all(Comment, author=f"worker {k}")}
            lost += sum(1 for n in acks["comments"] if f"w{k}-{n}" not in texts)
            own = wb.get(Organisation, ids["own"][k])
            if acks["own_last"] is not None and own.mission != acks["own_last"]:
                lost += 1
            lost += max(0, 1 + acks["own_count"] - own.version)
            if acks["shared_last"] is not None and \
                    getattr(shared, SHARED_FIELDS[k]) != acks["shared_last"]:
                lost += 1
            shared_updates += acks["shared_count"]
            counter_total += acks["counter"]
        lost += max(0, 1 + shared_updates - shared.version)
        counter = wb.get(Organisation, ids["counter"])
        lost += max(0, counter_total - int(counter.mission))
        lost += max(0, 1 + counter_total - counter.version)
    if not isinstance(path, Path):
        return lost  # a database partnership: the server keeps its own pages whole
    with contextlib.closing(sqlite3.connect(path)) as conn:
        check = conn.execute("PRAGMA integrity_check").fetchone()[0]
    if check != "ok":
        print(f"integrity check: {check}")
        lost += 1
    return lost


def run(processes: int, seconds: float, folder: Path, db: str | None = None,
        keep: bool = False) -> dict[str, Any]:
    from workbook.store.postgres import DbTarget

    path: Any = (DbTarget(db, f"soak-{int(time.time())}") if db else folder / "soak.sqlite")
    ids = setup(path, processes)
    ctx = mp.get_context("spawn")
    ready = [ctx.Event() for _ in range(processes)]
    go = ctx.Event()
    stop_at = ctx.Value("d", 0.0)
    results = ctx.Queue()
    given = path if db else str(path)
    procs = [ctx.Process(target=worker, args=(k, given, ids, ready[k], go, stop_at, results))
             for k in range(processes)]
    for proc in procs:
        proc.start()
    for event in ready:
        event.wait(120)
    stop_at.value = time.time() + seconds
    go.set()
    print(f"{processes} processes editing {path} for {seconds:g} s ...", flush=True)
    reports = [results.get(timeout=seconds + 120) for _ in procs]
    for proc in procs:
        proc.join(30)
    fatal = [r for r in reports if "fatal" in r]
    for r in fatal:
        print(f"worker {r['k']} could not start:\n{r['fatal']}")
    reports = [r for r in reports if "fatal" not in r]
    errors = [e for r in reports for e in r["errors"]]
    for e in errors[:10]:
        print(f"error: {e}")
    latencies = [v for r in reports for v in r["latencies"]]
    acked = sum(len(r["acks"]["comments"]) + r["acks"]["own_count"]
                + r["acks"]["shared_count"] + r["acks"]["counter"] for r in reports)
    lost = verify(path, ids, reports)
    if db and not keep:
        from workbook import Workbook

        with Workbook.open(path) as wb:
            wb.drop()
    conflicts = sum(r["conflicts"] for r in reports)
    for r in sorted(reports, key=lambda r: r["k"]):
        a = r["acks"]
        print(f"worker {r['k']}: {len(a['comments'])} comments, {a['own_count']} own, "
              f"{a['shared_count']} shared, {a['counter']} counter, "
              f"{r['conflicts']} conflicts retried, {len(r['errors'])} errors")
    return {"edits": acked, "lost": lost, "errors": len(errors) + len(fatal),
            "p95_ms": round(percentile(latencies, 0.95), 3),
            "conflicts": conflicts, "edits_per_s": round(acked / seconds, 1),
            "processes": processes, "seconds": seconds}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--processes", type=int, default=4, help="editing processes (4)")
    parser.add_argument("--seconds", type=float, default=60, help="how long they edit (60)")
    parser.add_argument("--keep", type=Path, default=None,
                        help="write the workbook into this folder and keep it")
    parser.add_argument("--db", metavar="URL", default=None,
                        help="edit a partnership in this PostgreSQL database instead")
    args = parser.parse_args()
    if args.keep is not None:
        args.keep.mkdir(parents=True, exist_ok=True)
        summary = run(args.processes, args.seconds, args.keep, args.db, keep=True)
    else:
        with tempfile.TemporaryDirectory() as folder:
            summary = run(args.processes, args.seconds, Path(folder), args.db)
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
