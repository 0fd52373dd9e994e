"""``bench/soak.py``: a short run finds every acknowledged edit and reports it as JSON."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

SOAK = Path(__file__).parents[2] / "bench" / "soak.py"


@pytest.mark.slow
def test_soak_short_run_loses_nothing(tmp_path):
    """Three processes for a few seconds: edits made, none lost, no errors, JSON last."""
    run = subprocess.run([sys.executable, str(SOAK), "--processes", "3", "--seconds", "3",
                          "--keep", str(tmp_path)],
                         capture_output=True, text=True, timeout=120, check=True)
    summary = json.loads(run.stdout.splitlines()[-1])
    assert summary["lost"] == 0 and summary["errors"] == 0, run.stdout
    assert summary["edits"] >= 300 and summary["p95_ms"] > 0
    assert summary["processes"] == 3
    assert (tmp_path / "soak.sqlite").is_file()


@pytest.mark.slow
def test_soak_short_run_on_postgresql_loses_nothing(pg_url, tmp_path):
    """The same short run on a database partnership: none lost, no errors, then removed."""
    run = subprocess.run([sys.executable, str(SOAK), "--processes", "3", "--seconds", "3",
                          "--db", pg_url],
                         capture_output=True, text=True, timeout=120, check=True)
    summary = json.loads(run.stdout.splitlines()[-1])
    assert summary["lost"] == 0 and summary["errors"] == 0, run.stdout
    assert summary["edits"] >= 100 and summary["processes"] == 3
    from workbook.store.postgres import partnerships

    assert not [m for m in partnerships(pg_url) if m.slug.startswith("soak-")]
