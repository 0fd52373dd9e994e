"""What a fresh ``workbook`` process imports: only what its command needs (issue 23).

A fresh ``workbook export`` of a summary whose charts are cached needs SQLAlchemy Core,
Jinja and the package's own modules; pandas, numpy and matplotlib (charts are drawn only
when not cached), nbformat and nbconvert (the notebook is written as plain JSON), Alembic
(no migration on a current file) and SQLAlchemy's ORM and PostgreSQL dialect (a SQLite
file) would only cost time. Each check runs in a new interpreter, since the test process
has imported everything already. No timings here: ``bench/export.py`` measures those.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import workbook

ROOT = Path(workbook.__file__).resolve().parents[1]

HEAVY = ("pandas", "numpy", "matplotlib", "nbformat", "nbconvert", "alembic",
         "sqlalchemy.orm", "sqlalchemy.dialects.postgresql", "psycopg", "openpyxl",
         "ipywidgets", "IPython")
"""Modules a fresh ``workbook export`` with its charts cached does not import."""

_RUN = """
import json, sys
from workbook.cli import main
code = main(sys.argv[1:])
print(json.dumps({"code": code, "modules": sorted(sys.modules)}))
"""


def _environment(tmp_path: Path) -> dict[str, str]:
    """This checkout first on the path; the caches in ``tmp_path``."""
    path = os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p)
    return {**os.environ, "PYTHONPATH": path,
            "WORKBOOK_CHART_CACHE": str(tmp_path / "charts"),
            "WORKBOOK_TEMPLATE_CACHE": str(tmp_path / "templates")}


def _fresh(args: list[str], tmp_path: Path) -> dict:
    """Run ``workbook ARGS`` in a new interpreter; its exit code and imported modules."""
    done = subprocess.run([sys.executable, "-c", _RUN, *args], env=_environment(tmp_path),
                          cwd=tmp_path,
                          capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.splitlines()[-1])


def test_cli_imports_export_with_cached_charts_needs_no_pandas_matplotlib_or_nbformat(
        demo_path, tmp_path):
    """The second export of the same data (charts cached) imports none of ``HEAVY``."""
    args = ["export", str(demo_path), "--out", str(tmp_path / "out")]
    first = _fresh(args, tmp_path)
    assert first["code"] == 0
    assert "matplotlib" in first["modules"]  # the charts were drawn: the check can fail
    assert list((tmp_path / "charts").glob("*.json"))
    again = _fresh(args, tmp_path)
    assert again["code"] == 0
    assert sorted(set(HEAVY) & set(again["modules"])) == []
    html = sorted((tmp_path / "out").rglob("*.html"))
    assert html and "<img" in html[0].read_text(encoding="utf-8")  # the cached charts


def test_cli_imports_help_and_parser_stay_light(tmp_path):
    """Building the parser (every command's arguments) imports no heavy module, nor Jinja
    or the export modules: ``workbook --help`` and a refused command start quickly."""
    env = _environment(tmp_path)
    code = ("import json, sys\nfrom workbook.cli import build_parser\nbuild_parser()\n"
            "print(json.dumps(sorted(sys.modules)))")
    done = subprocess.run([sys.executable, "-c", code], env=env, cwd=tmp_path,
                          capture_output=True, text=True, timeout=300, check=True)
    modules = set(json.loads(done.stdout.splitlines()[-1]))
    assert sorted(modules & {*HEAVY, "jinja2", "workbook.export.publish",
                             "workbook.participant.importer"}) == []


def test_cli_imports_package_import_leaves_the_collector_as_it_was(tmp_path):
    """Importing the package (and the views) pauses the cyclic collector and freezes what
    the import made, then leaves the collector on, or off when it was off."""
    code = ("import gc, json, sys\nwas = sys.argv[1] == 'on'\n"
            "gc.enable() if was else gc.disable()\nimport workbook, workbook.views\n"
            "print(json.dumps([gc.isenabled(), gc.get_freeze_count() > 0]))")
    for state, expected in (("on", [True, True]), ("off", [False, True])):
        done = subprocess.run([sys.executable, "-c", code, state], env=_environment(tmp_path),
                              cwd=tmp_path, capture_output=True, text=True, timeout=300,
                              check=True)
        assert json.loads(done.stdout.splitlines()[-1]) == expected


def test_cli_imports_family_map_names_every_command_of_its_module():
    """``FAMILY_OF`` holds every command, with the module that registers it; the parser of
    one family knows its own commands, and parses as the full parser does."""
    import argparse

    from workbook import cli

    registered = {}
    for module in cli.COMMANDS:
        subparsers = argparse.ArgumentParser().add_subparsers()
        module.register(subparsers)
        registered.update(dict.fromkeys(subparsers.choices, module))
    assert registered == cli.FAMILY_OF
    args = ["export", "some.sqlite", "--edition", "facilitator", "--packet"]
    whole = vars(cli.build_parser().parse_args(args))
    assert vars(cli.build_parser("export").parse_args(args)) == whole
    assert cli.build_parser("no-such-command").format_help() == cli.build_parser().format_help()
