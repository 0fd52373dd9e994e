"""The real ``workbook`` command on hostile arguments and files: exit 2, one clear line on
stderr, never a traceback (each case runs the installed command in its own process)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # one process per case

HARDENING = Path(__file__).resolve().parents[1] / "fixtures" / "hardening"
WORKBOOK = Path(sys.executable).with_name("workbook")


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    """A folder with a writable copy of the field cases' workbook and hand-edited exports."""
    here = tmp_path_factory.mktemp("hostile")
    wb = Path(shutil.copy(HARDENING / "vote-open.sqlite", here / "wb.sqlite"))
    wb.chmod(0o644)
    for case in ("id-too-large-vote.json", "float-overflow-created.json"):
        shutil.copy(HARDENING / case, here / case)
    subprocess.run([str(WORKBOOK), "export-json", str(wb), str(here / "wb.json")], check=True,
                   capture_output=True)
    text = (here / "wb.json").read_text(encoding="utf-8")
    for name, number in (("id-2-63", "9223372036854775808"), ("id-5000", "7" * 5000),
                         ("float", "1e999")):
        edited = text.replace('"id": 1,', f'"id": {number},', 1)
        assert edited != text
        (here / f"{name}.json").write_text(edited, encoding="utf-8")
    doc = json.loads(text)
    doc["comment"] = [{"id": 1, "version": 1, "text": "x", "author": "y",
                       "organisation_id": 2**64, "meeting_id": None, "created_at": None}]
    (here / "ref-2-64.json").write_text(json.dumps(doc), encoding="utf-8")
    (here / "link.sqlite").symlink_to("wb.sqlite")
    os.link(wb, here / "hard.sqlite")
    return here


CASES = {
    "vote id 10**30": ["import-contribution", "wb.sqlite", "id-too-large-vote.json", "--yes"],
    "created_at -1e999": ["import-contribution", "wb.sqlite", "float-overflow-created.json"],
    "--meeting 24 digits": ["export", "wb.sqlite", "--meeting", "9" * 24],
    "--meeting 5000 digits": ["export", "wb.sqlite", "--meeting", "9" * 5000],
    "--meeting 1e999": ["export", "wb.sqlite", "--meeting", "1e999"],
    "--meeting -1": ["export", "wb.sqlite", "--meeting=-1"],
    "--participant 5000 digits": ["binder-link", "--repo", "a/b", "--participant", "9" * 5000],
    "import-json id 2**63": ["import-json", "id-2-63.json", "new1.sqlite"],
    "import-json id 5000 digits": ["import-json", "id-5000.json", "new2.sqlite"],
    "import-json 1e999": ["import-json", "float.json", "new3.sqlite"],
    "import-json ref 2**64": ["import-json", "ref-2-64.json", "new4.sqlite"],
    "share-copy onto itself": ["share-copy", "wb.sqlite", "./wb.sqlite", "--force"],
    "share-copy onto a symlink": ["share-copy", "wb.sqlite", "link.sqlite", "--force"],
    "share-copy onto a hard link": ["share-copy", "wb.sqlite", "hard.sqlite", "--force"],
    "export-json onto a hard link": ["export-json", "wb.sqlite", "hard.sqlite"],
    "restore from itself": ["restore", "wb.sqlite", "link.sqlite", "--yes"],
    "import-json onto its source": ["import-json", "wb.json", "wb.json"],
    "a database URL as path": ["info", "sqlite:///wb.sqlite"],
    "a URL-like path": ["info", "what://ever.sqlite"],
}


@pytest.mark.parametrize("case", list(CASES))
def test_cli_refuses_with_exit_2_and_no_traceback(folder, case):
    """Each hostile input ends in exit 2 and a 'workbook:' line, never a traceback."""
    done = subprocess.run([str(WORKBOOK), *CASES[case]], cwd=folder, capture_output=True,
                          text=True, timeout=120, env={**os.environ, "PYTHONWARNINGS": ""})
    assert "Traceback" not in done.stderr, done.stderr
    assert done.returncode == 2, (done.returncode, done.stderr)
    assert done.stderr.startswith("workbook: ") or "\nworkbook: " in done.stderr
    assert max(len(line) for line in done.stderr.splitlines()) < 600
    assert not any(folder.glob("new*.sqlite"))
