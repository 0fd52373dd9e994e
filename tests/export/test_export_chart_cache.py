"""The chart cache: the same data gives the same page without drawing; new data redraws."""

from __future__ import annotations

import subprocess
import sys

from workbook.export import render_summary
from workbook.export.figures import chart_cache_dir
from workbook.testing import add_meeting


def test_cached_charts_give_the_same_page(demo_wb):
    """A second render reads every chart from the cache and the page is unchanged."""
    first = render_summary(demo_wb)
    entries = sorted(chart_cache_dir().glob("*.json"))
    assert len(entries) >= 3
    stamps = [p.stat().st_mtime_ns for p in entries]
    again = render_summary(demo_wb)
    assert again.html == first.html
    assert [p.stat().st_mtime_ns for p in sorted(chart_cache_dir().glob("*.json"))] == stamps


def test_new_data_draws_a_new_chart(demo_wb):
    """A meeting more changes the momentum chart's data: it is drawn again, not reused."""
    latest = demo_wb.latest_meeting()
    before = render_summary(demo_wb, latest.id)
    count = len(list(chart_cache_dir().glob("*.json")))
    add_meeting(demo_wb, held_on=latest.held_on, attendees=3)
    after = render_summary(demo_wb, latest.id)
    assert len(list(chart_cache_dir().glob("*.json"))) > count
    assert after.html != before.html


def test_cache_off_writes_nothing(demo_wb, monkeypatch, tmp_path):
    """``WORKBOOK_CHART_CACHE=off`` draws every time and keeps nothing."""
    monkeypatch.setenv("WORKBOOK_CHART_CACHE", "off")
    assert chart_cache_dir() is None
    assert render_summary(demo_wb).notebook
    assert not (tmp_path / "chart-cache").exists()


def test_fresh_export_with_warm_cache_skips_matplotlib(demo_path, tmp_path):
    """A fresh ``workbook export`` of data already drawn does not import matplotlib."""
    code = ("import sys\nfrom workbook.cli import main\n"
            f"main(['export', {str(demo_path)!r}, '--out', {str(tmp_path)!r}])\n"
            "print('matplotlib' in sys.modules)")

    def run() -> str:
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                              check=True)
        return done.stdout.strip().splitlines()[-1]

    assert run() == "True"  # the first export draws
    assert run() == "False"
