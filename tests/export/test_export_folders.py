"""One partnership's export files never replace another's: each workbook has its own
folder, named at creation whatever the title's script, kept through a rename, and marked
so no other partnership's export writes into it."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import shutil
from pathlib import Path

import pytest

from workbook import Workbook
from workbook.cli import main
from workbook.errors import ExportError
from workbook.export import export_summary
from workbook.export.files import OWNER_MARK
from workbook.export.tables import export_tables
from workbook.testing import add_meeting, make_workbook

TITLES = ["Партнерство Київ", "شراكة القاهرة", "★ ☆ ★", "123", "Valley Makers Alliance",
          "Valley Makers Alliance!"]
"""Cyrillic, Arabic, no letters at all, digits only, and two that slug alike."""

DAY = dt.date(2026, 11, 10)
FIXTURE_V1 = Path(__file__).resolve().parents[1] / "fixtures" / "workbook_v1.sqlite"


def _workbook(tmp_path: Path, title: str, n: int) -> Workbook:
    wb = make_workbook(tmp_path / f"wb{n}.sqlite", working_title=title)
    add_meeting(wb, held_on=DAY, objective=f"Meeting of {title}")
    return wb


def test_partnerships_in_any_script_export_to_distinct_folders(tmp_path):
    """Every title's summary and tables land in their own folder; none replaces another."""
    out = tmp_path / "exports"
    written: dict[str, tuple[Path, Path]] = {}
    for n, title in enumerate(TITLES):
        with _workbook(tmp_path, title, n) as wb:
            written[title] = (export_summary(wb, out_dir=out), export_tables(wb, out, today=DAY))
    folders = {html.parent for html, _ in written.values()}
    assert len(folders) == len(TITLES)
    for title, (html, tables) in written.items():
        assert f"Meeting of {title}" in html.read_text(encoding="utf-8")
        assert tables.parent == html.parent and (tables / "tables.xlsx").is_file()
        assert json.loads((html.parent / OWNER_MARK).read_text(encoding="utf-8"))["title"] \
            == title
        assert html.parent.name.isascii()


def test_folder_is_stable_across_a_rename(tmp_path):
    """A renamed partnership keeps exporting into the folder it had."""
    with _workbook(tmp_path, "Kestrel Valley Partnership", 1) as wb:
        before = export_summary(wb, out_dir=tmp_path / "exports")
        wb.update_partnership(name="Valley Makers Alliance", working_title="Something else")
        after = export_summary(wb, out_dir=tmp_path / "exports")
    assert after == before
    assert before.parent.name.startswith("kestrel-valley-partnership-")


def test_folder_of_another_partnership_is_never_written(tmp_path):
    """A folder marked as another partnership's is refused; its files stay as they were."""
    out = tmp_path / "exports"
    with _workbook(tmp_path, "First", 1) as first:
        first_html = export_summary(first, out_dir=out)
        first_uid = first.partnership_uid()
    with _workbook(tmp_path, "Second", 2) as second:
        # The second's folder, made to look like the first's (a copied folder, a collision).
        theirs = out / second.export_folder()
        theirs.mkdir(parents=True)
        shutil.copy(first_html.parent / OWNER_MARK, theirs / OWNER_MARK)
        (theirs / f"{DAY.isoformat()}-regular.html").write_text("the first's", "utf-8")
        with pytest.raises(ExportError, match="another partnership"):
            export_summary(second, out_dir=out)
        with pytest.raises(ExportError, match="another partnership"):
            export_tables(second, out, today=DAY)
        assert (theirs / f"{DAY.isoformat()}-regular.html").read_text("utf-8") == "the first's"
        assert json.loads((theirs / OWNER_MARK).read_text("utf-8"))["partnership_uid"] \
            == first_uid


def test_unmarked_folder_with_files_is_never_written(tmp_path):
    """A folder of the right name holding files no workbook marked is left alone."""
    with _workbook(tmp_path, "Third", 3) as wb:
        folder = tmp_path / "exports" / wb.export_folder()
        folder.mkdir(parents=True)
        (folder / "notes.txt").write_text("mine", "utf-8")
        with pytest.raises(ExportError, match="not exported from this workbook"):
            export_summary(wb, out_dir=tmp_path / "exports")
        assert sorted(p.name for p in folder.iterdir()) == ["notes.txt"]


def test_cli_exports_two_partnerships_from_one_folder(tmp_path, capsys):
    """`workbook export` and `export-tables` of two workbooks in one folder keep both."""
    for n, title in enumerate(TITLES[:2]):
        _workbook(tmp_path, title, n).close()
    capsys.readouterr()
    html = []
    for n in range(2):
        assert main(["export", str(tmp_path / f"wb{n}.sqlite")]) == 0
        html.append(Path(capsys.readouterr().out.strip()))
        assert main(["export-tables", str(tmp_path / f"wb{n}.sqlite")]) == 0
        capsys.readouterr()
    assert html[0] != html[1] and html[0].name == html[1].name
    assert all(h.is_file() for h in html)
    assert len(list((tmp_path / "exports").glob("*/tables-*/tables.xlsx"))) == 2


def test_upgrade_fixes_the_folder_and_keeps_the_partnership_id(tmp_path):
    """A schema-1 file gets its folder and its derived id stored, both kept through a rename."""
    path = Path(shutil.copy(FIXTURE_V1, tmp_path / "lakeshore.sqlite"))
    with Workbook.open(path, daily_backup=False) as wb:
        folder = wb.export_folder()
        uid = wb.partnership_uid()
        wb.update_partnership(working_title="Renamed", name="Renamed Alliance")
        assert wb.export_folder() == folder
    assert uid == "legacy-" + hashlib.sha256(b"2025-09-02T10:15:00").hexdigest()[:32]
    assert folder == f"lakeshore-food-processing-partnership-{uid[7:15]}"


def test_export_folder_of_a_workbook_without_a_file_is_the_projects(tmp_path, monkeypatch):
    """A database partnership (no file) exports to the project's exports/, not to the
    notebooks/ folder the kernel runs in."""
    from workbook.export.files import default_root
    from workbook.testing import make_workbook

    (tmp_path / "data").mkdir()
    (tmp_path / "notebooks").mkdir()
    monkeypatch.chdir(tmp_path / "notebooks")
    wb = make_workbook(None)
    try:
        assert default_root(wb) == tmp_path.resolve() / "exports"
    finally:
        wb.close()
