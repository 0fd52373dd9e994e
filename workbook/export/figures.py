"""The charts of a summary, drawn by ``workbook.charts`` and made ready for the notebook.

Which charts: the dot-vote results (naming), resources per root cause (problem framing),
progress on the outcomes and attendance over the meetings (momentum), each only when its
section is shown. They travel as SVG (text kept as text): about a sixth of the PNG's size
and quicker to render. In the page an SVG sits in an ``<img>`` as a data URI, where
nothing in it could run or load anything; its ``alt`` is the chart's text alternative,
which states the data.

Drawn charts are kept in a cache (``chart_cache_dir``: the user's cache folder), keyed by
everything a chart is drawn from: the data behind it, the day, this package's version
and the source of the chart code. Exporting again with the same data (a typo fixed in
another section, a second edition, the packet) reuses them and does not even import
matplotlib, which is most of a fresh ``workbook export``. ``WORKBOOK_CHART_CACHE`` names
another folder, or ``off`` to draw every time.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib.util
import json
import os
from collections.abc import Callable
from dataclasses import asdict, dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import __version__
from ..analyses.momentum import momentum_points, momentum_points_frame
from ..analyses.resources import coverage_frame, coverage_rows
from ..i18n import current_language
from ..store import Workbook
from .cache import user_cache_dir
from .notebook import DrawnChart
from .records import Summary

if TYPE_CHECKING:
    from ..charts import Chart

__all__ = ["PngChart", "chart_cache_dir", "draw", "draw_png"]

CACHE_LIMIT = 400
"""Charts kept in the cache; the oldest beyond this are removed."""

_CHARTS_SOURCE = Path(__file__).resolve().parents[1] / "charts"


def _size(figure: Any) -> tuple[int, int]:
    """Display size in CSS pixels (the SVG's points at 96 per inch)."""
    width, height = figure.get_size_inches()
    return round(width * 96), round(height * 96)


def _drawn(section: str, chart: Chart | None) -> DrawnChart | None:
    if chart is None:
        return None
    from ..charts import to_svg

    width, height = _size(chart.figure)
    try:
        svg = to_svg(chart)
    finally:
        chart.figure.clear()  # figures are not pyplot-managed; clear to free them now
    return DrawnChart(section=section, mimetype="image/svg+xml", data=svg,
                      title=chart.title, alt=chart.alt_text, width=width, height=height)


@dataclass(frozen=True)
class PngChart:
    """A chart as PNG bytes for a document (the minutes), with its descriptions."""

    section: str
    title: str
    alt: str
    png: bytes
    width_inches: float


@dataclass(frozen=True)
class _Plan:
    section: str
    inputs: Any  # what the chart is drawn from: plain lists and records, never a DataFrame
    draw: Callable[[Any], Chart | None]


def _plans(wb: Workbook, summary: Summary) -> list[_Plan]:
    """The charts ``summary`` shows, with the data each is drawn from (no drawing yet)."""

    def charts() -> Any:
        from .. import charts as module

        return module

    plans: list[_Plan] = []
    if summary.naming is not None:
        results = [(r.name, r.dots) for r in summary.naming.results]
        plans.append(_Plan("naming", results, lambda v: charts().vote_results(v)))
    if summary.framing is not None:
        plans.append(_Plan("framing", coverage_rows(wb),
                           lambda v: charts().coverage_chart(coverage_frame(v))))
    if summary.momentum is not None:
        points = momentum_points(wb, today=summary.meeting.held_on)
        plans.append(_Plan("momentum", points,
                           lambda v: charts().momentum_chart(momentum_points_frame(v))))
    if summary.progress is not None:
        from ..analyses.progress import outcome_progress

        progress = outcome_progress(wb, today=summary.progress.as_of)
        plans.append(_Plan("progress", progress,
                           lambda v: charts().outcome_trend_chart(v)))
    return plans


# -- the chart cache ------------------------------------------------------------------


def chart_cache_dir() -> Path | None:
    """``$XDG_CACHE_HOME/partnership-workbook/charts`` (``~/.cache`` by default), the
    folder ``WORKBOOK_CHART_CACHE`` names, or ``None`` when it says ``off``."""
    setting = os.environ.get("WORKBOOK_CHART_CACHE", "").strip()
    if setting.lower() in ("off", "0", "no"):
        return None
    if setting:
        return Path(setting)
    return user_cache_dir() / "charts"


def _matplotlib_version() -> bytes:
    """matplotlib's version file (``matplotlib/_version.py``), read without importing
    matplotlib or scanning the installed distributions; its metadata when there is none."""
    spec = importlib.util.find_spec("matplotlib")
    if spec is not None and spec.origin:
        try:
            return (Path(spec.origin).parent / "_version.py").read_bytes()
        except OSError:
            pass
    from importlib.metadata import version

    return version("matplotlib").encode()


@cache
def _code_digest() -> str:
    """The chart code's fingerprint: its source files and matplotlib's version."""
    digest = hashlib.sha256(f"{__version__}|".encode() + _matplotlib_version())
    for path in sorted([*_CHARTS_SOURCE.glob("*.py"), Path(__file__)]):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def _fingerprint(value: Any) -> str:
    # The inputs are plain rows (named tuples, dataclasses, dates, numbers, text): their
    # repr holds every value. The DataFrames the charts want are made only to draw, so a
    # summary whose charts are cached does not import pandas.
    return repr(value)


def _key(plan: _Plan) -> str:
    # The language too: a chart's words, dates and numbers follow it.
    text = "\0".join((_code_digest(), dt.date.today().isoformat(), current_language(),
                      plan.section, _fingerprint(plan.inputs)))
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def _cached(folder: Path | None, key: str) -> dict[str, Any] | None:
    if folder is None:
        return None
    try:
        entry = json.loads((folder / f"{key}.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return entry if isinstance(entry, dict) and entry.get("key") == key else None


def _store(folder: Path | None, key: str, chart: DrawnChart | None) -> None:
    if folder is None:
        return
    entry = {"key": key, "chart": asdict(chart) if chart is not None else None}
    try:
        folder.mkdir(parents=True, exist_ok=True)
        partial = folder / f".{key}.{os.getpid()}.partial"
        partial.write_text(json.dumps(entry), encoding="utf-8")
        os.replace(partial, folder / f"{key}.json")
        entries = sorted(folder.glob("*.json"), key=lambda p: p.stat().st_mtime)
        for old in entries[:-CACHE_LIMIT]:
            old.unlink(missing_ok=True)
    except OSError:
        pass  # a cache that cannot be written only costs time


def draw(wb: Workbook, summary: Summary) -> list[DrawnChart]:
    """The charts for the sections ``summary`` shows, in page order (SVG)."""
    folder = chart_cache_dir()
    found = []
    for plan in _plans(wb, summary):
        key = _key(plan)
        entry = _cached(folder, key)
        if entry is not None:
            chart = DrawnChart(**entry["chart"]) if entry["chart"] else None
        else:
            chart = _drawn(plan.section, plan.draw(plan.inputs))
            _store(folder, key, chart)
        if chart is not None:
            found.append(chart)
    return found


def draw_png(wb: Workbook, summary: Summary, dpi: int = 150) -> list[PngChart]:
    """The same charts as PNG bytes, for documents that cannot hold SVG (Word)."""
    from ..charts import to_png_bytes

    found = []
    for plan in _plans(wb, summary):
        chart = plan.draw(plan.inputs)
        if chart is None:
            continue
        try:
            width = float(chart.figure.get_size_inches()[0])
            png = to_png_bytes(chart, dpi=dpi)
        finally:
            chart.figure.clear()
        found.append(PngChart(plan.section, chart.title, chart.alt_text, png, width))
    return found
