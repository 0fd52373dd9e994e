"""Shared-measurement benchmark: progress, its chart and a sheet of readings at scale.

    python bench/measurement.py [--runs 5]

A workbook with 24 outcomes read monthly for ten years (2,880 readings) is built in a
temporary folder. Prints figures as it goes; the last line is one JSON object:
``progress_ms``      median ``outcome_progress`` over every outcome (start-here, summary);
``chart_cpu_ms``     median CPU time to draw the trend chart of the demo's four outcomes and
                     render it as SVG (the summary's share of the export);
``sheet_preview_ms`` reading and previewing a sheet of 12 outcomes x 400 dates (4,800
                     readings, one column per outcome) against the workbook;
``sheet_import_ms``  storing those 4,800 readings in one transaction (the store's own
                     per-record checks included).
Targets: progress_ms <= 300, chart_cpu_ms <= 150, sheet_preview_ms <= 2000.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import statistics
import tempfile
import time
from pathlib import Path

from workbook import Outcome, Partnership, Reading, Workbook
from workbook.analyses.progress import outcome_progress
from workbook.charts import outcome_trend_chart, to_svg
from workbook.demo import build_demo
from workbook.interchange.readings_sheet import import_readings, preview_readings
from workbook.interchange.sheets import read_sheet


def _median_ms(action, runs: int, clock=time.perf_counter) -> float:
    times = []
    for _ in range(runs):
        start = clock()
        action()
        times.append(clock() - start)
    return round(statistics.median(times) * 1000, 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        wb = Workbook.create(root / "big.sqlite",
                             Partnership(working_title="Bench", sector="S", region="R"))
        outcomes = [wb.add(Outcome(description=f"Outcome {n}", unit="%", target_value=75,
                                   benchmark_value=60)) for n in range(24)]
        start = dt.date(2016, 1, 31)
        wb.add_all(Reading(outcome_id=o.id, read_on=start + dt.timedelta(days=30 * m),
                           value=50 + m % 30) for o in outcomes for m in range(120))
        progress_ms = _median_ms(lambda: outcome_progress(wb), runs)
        print(f"progress of 24 outcomes, 2,880 readings: {progress_ms} ms")

        demo = build_demo(root / "demo.sqlite")
        demo_progress = outcome_progress(demo)
        chart_cpu_ms = _median_ms(lambda: to_svg(outcome_trend_chart(demo_progress)), runs,
                                  clock=time.process_time)
        print(f"demo trend chart as SVG: {chart_cpu_ms} ms CPU")

        target = Workbook.create(root / "sheet.sqlite",
                                 Partnership(working_title="Sheet", sector="S", region="R"))
        names = [f"Outcome {n}" for n in range(12)]
        for name in names:
            target.add(Outcome(description=name, unit="%"))
        lines = ["Date," + ",".join(names)]
        early = dt.date(1994, 1, 31)
        lines += [(early + dt.timedelta(days=30 * i)).isoformat() + ","
                  + ",".join(f"{50 + i % 7}%" for _ in names) for i in range(400)]
        data = "\n".join(lines).encode("utf-8")
        begin = time.perf_counter()
        rows = preview_readings(read_sheet("figures.csv", data), target)
        sheet_preview_ms = round((time.perf_counter() - begin) * 1000, 1)
        begin = time.perf_counter()
        stored = import_readings(target, rows)
        sheet_import_ms = round((time.perf_counter() - begin) * 1000, 1)
        print(f"sheet of {len(stored):,} readings: preview {sheet_preview_ms} ms, "
              f"import {sheet_import_ms} ms")
        for book in (wb, demo, target):
            book.close()
    print(json.dumps({"progress_ms": progress_ms, "chart_cpu_ms": chart_cpu_ms,
                      "sheet_preview_ms": sheet_preview_ms, "sheet_import_ms": sheet_import_ms,
                      "readings": 2880, "sheet_readings": len(stored)}))


if __name__ == "__main__":
    main()
