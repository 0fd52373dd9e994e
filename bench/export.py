"""Export benchmark: how fast one meeting's summary is written, against executing notebook 08.

    python bench/export.py [--runs 7] [--execute-runs 1]

Prints figures as it goes; the last line is one JSON object:
``export_ms``        median in-process ``export_summary`` of the demo's latest meeting,
                     charts included and drawn each time (the chart cache off; HTML and
                     notebook written to disk);
``export_5000_ms``   the same after adding 1,000 organisations, 5,000 resources, 300
                     meetings and 3,000 actions (``workbook.testing.populate``);
``execute_ms``       ``jupyter nbconvert --execute --to html notebooks/08_meeting_summary
                     .ipynb`` on the demo (a kernel starts and runs every cell);
``ratio_vs_execute`` execute_ms / export_ms, both measured in this run.
``export_cpu_ms``, ``export_5000_cpu_ms``  the CPU time of the same exports (medians): on
                     a machine busy with other work the wall time grows, this does not.
``notebook``         "08_meeting_summary" or "stand-in" when notebook 08 is missing (then a
                     two-cell notebook that opens the workbook and exports is executed).
``cli_cold_ms``      ``workbook export`` of the demo as a fresh process, charts not yet
                     in the chart cache nor templates compiled (median of ``--cli-runs``,
                     each with new caches);
``cli_warm_ms``      the same with the charts drawn and the templates compiled (the caches
                     kept): what a second export of the same data costs;
``cli_cpu_ms``       the warm run's CPU time (user + system, of the child process);
``import_pandas_ms`` ``python -c "import pandas"`` as a fresh process, the yardstick;
``cli_vs_pandas``    cli_warm_ms / import_pandas_ms, both measured in this run.
``cli_imports_ms``   what the warm ``workbook export`` imports, from one run under
                     ``python -X importtime``: the cumulative import time in ms of the
                     main packages (0 when not imported: pandas, matplotlib, nbformat and
                     alembic should be), steadier on a busy machine than the wall time.
Targets (issue 4): export_ms <= 400, export_5000_ms <= 1500, ratio_vs_execute >= 15;
(issue 23): cli_warm_ms <= 600.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat

from workbook import Workbook
from workbook.demo import build_demo
from workbook.export import export_summary
from workbook.testing import populate

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "notebooks" / "08_meeting_summary.ipynb"


def median_export_ms(wb: Workbook, out: Path, runs: int) -> tuple[float, float]:
    """(wall, CPU) medians in ms; the CPU time shows what a busy machine adds to the wall."""
    export_summary(wb, out_dir=out)  # warm: imports, template compilation, fonts
    wall, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        export_summary(wb, out_dir=out)
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    return statistics.median(wall), statistics.median(cpu)


def stand_in(folder: Path) -> Path:
    """A minimal notebook doing what notebook 08 does: open the workbook, export."""
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell("from workbook.views import open_from_env\n"
                                  "from workbook.export import export_summary\n"
                                  "wb = open_from_env()"),
        nbformat.v4.new_code_cell("export_summary(wb)"),
    ])
    path = folder / "notebooks" / "08_stand_in.ipynb"
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, path)
    return path


def execute_ms(notebook: Path, workbook: Path, out: Path, runs: int) -> float:
    env = {**os.environ, "WORKBOOK": str(workbook), "JUPYTER_PLATFORM_DIRS": "1"}
    jupyter = Path(sys.executable).with_name("jupyter")
    command = [str(jupyter), "nbconvert", "--execute", "--to", "html", str(notebook),
               "--output-dir", str(out)]
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, check=True, env=env, capture_output=True, cwd=notebook.parent)
        timings.append((time.perf_counter() - start) * 1000)
    return statistics.median(timings)


def fresh_ms(command: list[str], env: dict[str, str], runs: int) -> tuple[float, float]:
    """(wall, CPU) medians in ms of ``command`` as a new process each time."""
    wall, cpu = [], []
    for _ in range(runs):
        before = os.times()
        start = time.perf_counter()
        subprocess.run(command, check=True, env=env, capture_output=True)
        wall.append((time.perf_counter() - start) * 1000)
        after = os.times()
        cpu.append((after.children_user - before.children_user
                    + after.children_system - before.children_system) * 1000)
    return statistics.median(wall), statistics.median(cpu)


IMPORTS = ("sqlalchemy", "jinja2", "babel", "workbook", "workbook.store", "workbook.model",
           "workbook.export.publish", "pandas", "numpy", "matplotlib", "nbformat", "alembic")


def import_times(command: list[str], env: dict[str, str]) -> dict[str, float]:
    """Cumulative ``-X importtime`` figures (ms) of ``IMPORTS`` for one run of ``command``
    (a ``python -m ...`` command line)."""
    done = subprocess.run([command[0], "-X", "importtime", *command[1:]], check=True,
                          env=env, capture_output=True, text=True)
    found: dict[str, float] = {}
    for line in done.stderr.splitlines():
        parts = line.split("|")
        if len(parts) == 3 and parts[2].strip() in IMPORTS:
            name = parts[2].strip()
            found[name] = max(found.get(name, 0.0), int(parts[1]) / 1000)
    return {name: round(found.get(name, 0.0), 1) for name in IMPORTS}


def cli_env(out: Path, n: int) -> dict[str, str]:
    """The environment of the ``n``-th fresh export: its own chart and template caches."""
    return {**os.environ, "WORKBOOK_CHART_CACHE": str(out / f"chart-cache-{n}"),
            "WORKBOOK_TEMPLATE_CACHE": str(out / f"template-cache-{n}")}


def cli_ms(demo: Path, out: Path, runs: int) -> dict[str, float]:
    """The fresh-process ``workbook export`` times, cold and warm, beside importing pandas."""
    workbook = [sys.executable, "-m", "workbook.cli", "export", str(demo), "--out", str(out)]
    cold = []
    for n in range(runs):
        env = cli_env(out, n)
        cold.append(fresh_ms(workbook, env, 1)[0])
    warm, warm_cpu = fresh_ms(workbook, env, runs)
    pandas, _ = fresh_ms([sys.executable, "-c", "import pandas"], env, runs)
    return {"cli_cold_ms": statistics.median(cold), "cli_warm_ms": warm,
            "cli_cpu_ms": warm_cpu, "import_pandas_ms": pandas}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--execute-runs", type=int, default=1)
    parser.add_argument("--cli-runs", type=int, default=5)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="bench-export-") as tmp:
        folder = Path(tmp)
        # In process, every run draws its charts (as earlier rounds measured); the fresh
        # processes below measure the cache cold and warm.
        os.environ["WORKBOOK_CHART_CACHE"] = "off"
        demo = folder / "data" / "demo.sqlite"
        wb = build_demo(demo)
        small, small_cpu = median_export_ms(wb, folder / "exports", args.runs)
        html = export_summary(wb, out_dir=folder / "exports")
        size_kb = html.stat().st_size / 1024
        wb.close()
        print(f"demo latest meeting: {small:.0f} ms median of {args.runs} "
              f"({small_cpu:.0f} ms CPU), {size_kb:.0f} KB")

        large_path = folder / "data" / "large.sqlite"
        shutil.copyfile(demo, large_path)
        large = Workbook.open(large_path, daily_backup=False)
        populate(large, organisations=1000, resources=5000)
        big, big_cpu = median_export_ms(large, folder / "exports-large", args.runs)
        large.close()
        print(f"with 5,000 resources and 1,000 organisations: {big:.0f} ms median "
              f"({big_cpu:.0f} ms CPU)")

        cli = cli_ms(demo, folder / "exports-cli", args.cli_runs)
        imports = import_times([sys.executable, "-m", "workbook.cli", "export", str(demo),
                                "--out", str(folder / "exports-cli")],
                               cli_env(folder / "exports-cli", args.cli_runs - 1))
        print("imported by a warm workbook export (cumulative ms): " + ", ".join(
            f"{name} {ms:.0f}" for name, ms in imports.items()))
        print(f"workbook export, fresh process: {cli['cli_cold_ms']:.0f} ms with charts to "
              f"draw, {cli['cli_warm_ms']:.0f} ms with charts cached "
              f"({cli['cli_cpu_ms']:.0f} ms CPU); python -c 'import pandas': "
              f"{cli['import_pandas_ms']:.0f} ms")

        notebook = NOTEBOOK if NOTEBOOK.exists() else stand_in(folder)
        kind = "08_meeting_summary" if notebook == NOTEBOOK else "stand-in"
        executed = execute_ms(notebook, demo, folder / "executed", args.execute_runs)
        print(f"nbconvert --execute ({kind}): {executed:.0f} ms")

    print(json.dumps({
        "export_ms": round(small, 1),
        "export_5000_ms": round(big, 1),
        "export_cpu_ms": round(small_cpu, 1),
        "export_5000_cpu_ms": round(big_cpu, 1),
        "execute_ms": round(executed, 1),
        "ratio_vs_execute": round(executed / small, 1),
        "html_kb": round(size_kb, 1),
        "notebook": kind,
        **{key: round(value, 1) for key, value in cli.items()},
        "cli_vs_pandas": round(cli["cli_warm_ms"] / cli["import_pandas_ms"], 2),
        "cli_imports_ms": imports,
    }))


if __name__ == "__main__":
    main()
