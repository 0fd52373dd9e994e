"""A path is a path: every entry point opens exactly the file named, whatever its characters.

Names hold what a URL parser would take apart (``%20``, ``%41``, ``?``, ``#``, ``://``),
what a glob would (``[``, ``*``), spaces and non-ASCII letters. Each test checks the data
landed in the named file and that no other file appeared.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from workbook import Organisation, Partnership, Workbook
from workbook.cli import main
from workbook.export import export_summary
from workbook.export.tables import export_tables
from workbook.participant.session import open_read_only
from workbook.participant.share import write_shared_copy
from workbook.store import list_backups, make_backup, restore_backup

ODD_NAMES = [
    "Valley%20Works.sqlite",
    "%41bc.sqlite",
    "What now?.sqlite",
    "a#b.sqlite",
    "x://y.sqlite",
    "?mode=ro&immutable=1.sqlite",
    "file:odd.sqlite",
    "with  spaces .sqlite",
    "Партнерство Київ é.sqlite",
    "Team [A]*.sqlite",
]
"""Workbook file names a facilitator may type; each must mean exactly that file."""

DECOYS = {"Valley%20Works.sqlite": "Valley Works.sqlite", "%41bc.sqlite": "Abc.sqlite",
          "What now?.sqlite": "What now", "a#b.sqlite": "a"}
"""Where a URL reading of the name would land instead."""


def _files(root: Path) -> set[str]:
    """Every file under ``root``, relative, as text."""
    return {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()}


def _partnership(title: str) -> Partnership:
    return Partnership(working_title=title, sector="Manufacturing", region="Valley")


@pytest.fixture()
def here(tmp_path, monkeypatch):
    """Work in an empty folder, as a facilitator typing relative names would."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.mark.parametrize("name", ODD_NAMES)
def test_create_and_open_use_exactly_the_named_file(here, name):
    """Workbook.create and Workbook.open write and read the named file and no other."""
    with Workbook.create(name, _partnership("Odd Name Partners")) as wb:
        wb.add(Organisation(name="Valley College", partner_type="semi_public"))
    assert _files(here) == {str(Path(name))}
    with Workbook.open(name, daily_backup=False) as wb:
        assert wb.partnership.working_title == "Odd Name Partners"
        assert [o.name for o in wb.all(Organisation)] == ["Valley College"]
    assert _files(here) == {str(Path(name))}


@pytest.mark.parametrize("name", [n for n in ODD_NAMES if n in DECOYS])
def test_open_never_reads_the_file_a_url_would_name(here, name):
    """With a decoy where a URL reading of the name points, the named file is still read."""
    Workbook.create(DECOYS[name], _partnership("Decoy Partners")).close()
    Workbook.create(name, _partnership("Right Partners")).close()
    with Workbook.open(name, daily_backup=False) as wb:
        assert wb.partnership.working_title == "Right Partners"


@pytest.mark.parametrize("name", ODD_NAMES)
def test_cli_new_info_export_json_import_json(here, name, capsys):
    """The CLI's new, info, export-json and import-json each use the named file."""
    assert main(["new", name, "--title", "Odd Name Partners", "--sector", "Care",
                 "--region", "North"]) == 0
    assert _files(here) == {str(Path(name))}
    capsys.readouterr()
    assert main(["info", name, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["title"] == "Odd Name Partners"
    assert main(["export-json", name, name + ".json"]) == 0
    copy = "copy " + name
    assert main(["import-json", name + ".json", copy]) == 0
    with Workbook.open(copy, daily_backup=False) as wb:
        assert wb.partnership.working_title == "Odd Name Partners"
    assert _files(here) == {str(Path(name)), str(Path(name + ".json")), str(Path(copy))}


@pytest.mark.parametrize("name", ODD_NAMES)
def test_backups_and_restore_use_the_named_file(here, name, capsys):
    """A backup is taken of, listed for and restored into exactly the named workbook."""
    with Workbook.create(name, _partnership("Before")) as wb:
        taken = make_backup(wb.path, "manual")
        wb.update_partnership(working_title="After")
    assert [b.path for b in list_backups(Path(name))] == [taken.path]
    assert main(["backups", name]) == 0
    assert str(taken.path) in capsys.readouterr().out
    assert main(["restore", name, str(taken.path), "--yes"]) == 0
    with Workbook.open(name, daily_backup=False) as wb:
        assert wb.partnership.working_title == "Before"
    restore_backup(Path(name), taken.path)
    backups = str(Path(name).parent / "backups")
    assert {f for f in _files(here) if not f.startswith(backups)} == {str(Path(name))}


@pytest.mark.parametrize("name", ODD_NAMES)
def test_share_copy_and_read_only_opener(here, name):
    """share-copy writes the named copy; the participant app's opener reads exactly it."""
    Workbook.create(name, _partnership("Shared Partners")).close()
    shared = Path("shared") / name
    assert main(["share-copy", name, str(shared)]) == 0
    with open_read_only(shared) as wb:
        assert wb.partnership.working_title == "Shared Partners"
    assert _files(here) == {str(Path(name)), str(shared)}
    with Workbook.open(name, daily_backup=False) as wb:
        again = write_shared_copy(wb, Path("shared") / ("2 " + name))
    assert again.is_file()


@pytest.mark.parametrize("name", ["Valley%20Works.sqlite", "What now?.sqlite", "a#b.sqlite",
                                  "x://y.sqlite", "Партнерство Київ é.sqlite"])
def test_exports_read_the_named_workbook(here, name, demo_file):
    """Summary and table exports read the named workbook and write only into exports/."""
    Path(name).parent.mkdir(parents=True, exist_ok=True)
    Path(name).write_bytes(demo_file.read_bytes())
    before = _files(here)
    with Workbook.open(name, daily_backup=False) as wb:
        html = export_summary(wb, out_dir="exports")
        tables = export_tables(wb, "exports")
    assert html.is_file() and (tables / "tables.xlsx").is_file()
    assert "Valley Makers Alliance" in html.read_text(encoding="utf-8")
    assert {f for f in _files(here) - before if not f.startswith("exports" + os.sep)} == set()


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory):
    """One demo workbook, copied under each odd name."""
    from workbook.demo import build_demo

    path = tmp_path_factory.mktemp("demo") / "demo.sqlite"
    build_demo(path).close()
    return path


def test_a_database_url_given_as_path_is_a_missing_file(here):
    """A ``sqlite:///`` text in the path slot names a file, never opens a database URL."""
    from workbook.errors import WorkbookMissingError

    Workbook.create("real.sqlite", _partnership("Real Partners")).close()
    with pytest.raises(WorkbookMissingError):
        Workbook.open(f"sqlite:///{here / 'real.sqlite'}", daily_backup=False)
    assert main(["info", f"sqlite:///{here / 'real.sqlite'}"]) == 2
