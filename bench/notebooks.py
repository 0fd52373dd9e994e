"""Notebook benchmark: how soon the kickoff view is ready, next to a bare pandas import.

    python bench/notebooks.py [--runs 5] [--notebook 12_meeting]

Both figures are measured the same way, with nbclient and the ``python3`` kernel started in
``notebooks/``: from asking for a kernel to the last cell finished.
``kickoff_ready_s``  executing ``notebooks/01_kickoff.ipynb`` against a copy of the demo
                     workbook, until its view is built;
``import_floor_s``   a one-cell notebook importing only pandas and ipywidgets;
``ratio``            kickoff_ready_s / import_floor_s.
``kickoff_cpu_s``, ``floor_cpu_s``, ``cpu_ratio``  the kernel's CPU time (start-up
                     included) when the last cell finished, read by a cell added at the
                     end, and their ratio: on a machine busy with other work the wall times
                     grow, these much less.
``--notebook 12_meeting`` measures the meeting notebook in the kickoff's place.
Runs alternate (floor, kickoff, floor, ...) after one warm-up of each, so a busy machine
slows both alike; the figures are medians. Target (issue 28): ratio <= 1.2. Prints a line
per run; the last line is one JSON object.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

import nbformat
from nbclient import NotebookClient
from nbformat.v4 import new_code_cell, new_notebook

from workbook.demo import build_demo

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
KICKOFF = NOTEBOOKS / "01_kickoff.ipynb"
LIMIT = 1.2


def floor_notebook() -> nbformat.NotebookNode:
    nb = new_notebook(cells=[new_code_cell("import pandas\nimport ipywidgets")])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    return nb


CPU_PROBE = "import time as _t\nprint('kernel-cpu', _t.process_time())"
"""A cell added after the last one: the kernel's CPU time so far (start-up included)."""


def time_to_last_cell(nb: nbformat.NotebookNode) -> tuple[float, float]:
    """(seconds from asking for a kernel to the last code cell finished, shutdown excluded;
    the kernel's CPU seconds by then, read by a cell added at the end)."""
    last = max(i for i, c in enumerate(nb.cells) if c.cell_type == "code")
    nb.cells.append(new_code_cell(CPU_PROBE))
    finished: dict[str, float] = {}

    def on_cell_executed(cell: Any, cell_index: int, execute_reply: Any) -> None:
        if cell_index == last:
            finished["at"] = time.perf_counter()

    client = NotebookClient(nb, kernel_name="python3", timeout=300,
                            resources={"metadata": {"path": str(NOTEBOOKS)}},
                            on_cell_executed=on_cell_executed)
    start = time.perf_counter()
    client.execute()
    errors = [o for c in nb.cells for o in c.get("outputs", ())
              if o.get("output_type") == "error"]
    if errors:
        raise SystemExit(f"a benchmark notebook failed: {errors[0].get('evalue')}")
    probe = "".join(o.get("text", "") for o in nb.cells[-1].get("outputs", ()))
    return finished["at"] - start, float(probe.split()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="measured runs of each (median)")
    parser.add_argument("--notebook", default=KICKOFF.stem,
                        help="the notebook measured instead of the kickoff (its name in "
                             "notebooks/, e.g. 12_meeting); the JSON keys stay the same")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        master = Path(tmp) / "master.sqlite"
        build_demo(master).close()
        copy = Path(tmp) / "demo.sqlite"
        shutil.copyfile(master, copy)
        os.environ["WORKBOOK"] = str(copy)  # the kernels inherit it
        floors: list[float] = []
        kickoffs: list[float] = []
        floor_cpus: list[float] = []
        kickoff_cpus: list[float] = []
        for run in range(args.runs + 1):
            floor, floor_cpu = time_to_last_cell(floor_notebook())
            kickoff, kickoff_cpu = time_to_last_cell(nbformat.read(
                NOTEBOOKS / f"{args.notebook}.ipynb", as_version=4))
            label = "warm-up" if run == 0 else f"run {run}"
            print(f"{label}: import floor {floor:.2f} s ({floor_cpu:.2f} s CPU), kickoff "
                  f"ready {kickoff:.2f} s ({kickoff_cpu:.2f} s CPU), ratio "
                  f"{kickoff / floor:.2f}", flush=True)
            if run:
                floors.append(floor)
                kickoffs.append(kickoff)
                floor_cpus.append(floor_cpu)
                kickoff_cpus.append(kickoff_cpu)
    floor_s = statistics.median(floors)
    kickoff_s = statistics.median(kickoffs)
    floor_cpu_s = statistics.median(floor_cpus)
    kickoff_cpu_s = statistics.median(kickoff_cpus)
    ratio = kickoff_s / floor_s
    verdict = "within" if ratio <= LIMIT else "OVER"
    print(f"median: kickoff ready {kickoff_s:.2f} s, import floor {floor_s:.2f} s, "
          f"ratio {ratio:.2f} ({verdict} the limit of {LIMIT}); kernel CPU "
          f"{kickoff_cpu_s:.2f} s against {floor_cpu_s:.2f} s, "
          f"ratio {kickoff_cpu_s / floor_cpu_s:.2f}")
    print(json.dumps({"kickoff_ready_s": round(kickoff_s, 3),
                      "import_floor_s": round(floor_s, 3), "ratio": round(ratio, 3),
                      "kickoff_cpu_s": round(kickoff_cpu_s, 3),
                      "floor_cpu_s": round(floor_cpu_s, 3),
                      "cpu_ratio": round(kickoff_cpu_s / floor_cpu_s, 3),
                      "runs": args.runs}))


if __name__ == "__main__":
    main()
