"""Notebook benchmark: how soon the kickoff view is ready, next to a bare pandas import.

    python bench/notebooks.py [--runs 5]

Both figures are measured the same way, with nbclient and the ``python3`` kernel started in
``notebooks/``: from asking for a kernel to the last cell finished.
``kickoff_ready_s``  executing ``notebooks/01_kickoff.ipynb`` against a copy of the demo
                     workbook, until its view is built;
``import_floor_s``   a one-cell notebook importing only pandas and ipywidgets;
``ratio``            kickoff_ready_s / import_floor_s.
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


def time_to_last_cell(nb: nbformat.NotebookNode) -> float:
    """Seconds from asking for a kernel to the last code cell finished (shutdown excluded)."""
    last = max(i for i, c in enumerate(nb.cells) if c.cell_type == "code")
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
    return finished["at"] - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="measured runs of each (median)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        master = Path(tmp) / "master.sqlite"
        build_demo(master).close()
        copy = Path(tmp) / "demo.sqlite"
        shutil.copyfile(master, copy)
        os.environ["WORKBOOK"] = str(copy)  # the kernels inherit it
        floors: list[float] = []
        kickoffs: list[float] = []
        for run in range(args.runs + 1):
            floor = time_to_last_cell(floor_notebook())
            kickoff = time_to_last_cell(nbformat.read(KICKOFF, as_version=4))
            label = "warm-up" if run == 0 else f"run {run}"
            print(f"{label}: import floor {floor:.2f} s, kickoff ready {kickoff:.2f} s, "
                  f"ratio {kickoff / floor:.2f}", flush=True)
            if run:
                floors.append(floor)
                kickoffs.append(kickoff)
    floor_s = statistics.median(floors)
    kickoff_s = statistics.median(kickoffs)
    ratio = kickoff_s / floor_s
    verdict = "within" if ratio <= LIMIT else "OVER"
    print(f"median: kickoff ready {kickoff_s:.2f} s, import floor {floor_s:.2f} s, "
          f"ratio {ratio:.2f} ({verdict} the limit of {LIMIT})")
    print(json.dumps({"kickoff_ready_s": round(kickoff_s, 3),
                      "import_floor_s": round(floor_s, 3), "ratio": round(ratio, 3),
                      "runs": args.runs}))


if __name__ == "__main__":
    main()
