"""View benchmark: how long each step's view takes to build, on the demo and a large workbook.

    python bench/views.py [--runs 3] [--only kickoff,partners] [--profile kickoff]

Every step view (``workbook.views.steps``), the meeting notebook's view (``meeting``) and
each activity an agenda item opens in it (``meeting_attendance``, ``meeting_name_vote`` ...:
built and opened in a meeting view built beforehand) is built on two workbooks made in a
temporary folder: the demo partnership, and a large one (``workbook.testing.populate``'s defaults:
1,000 organizations, 5,000 resources, 300 meetings, 3,000 actions). Building means what
the notebook cell does: constructing the view from an open workbook, every query and every
widget included (no browser draws it). Each view is built once to warm up, then ``--runs``
times; the figure is the median. Closing the view is not timed.

``--profile VIEW [--on demo]`` prints the 30 most expensive functions (cProfile, cumulative
time) of building that view on the large workbook (or the demo) instead. ``--cpu`` times the
process's CPU instead of the wall clock, for comparisons on a busy machine.

``kickoff_tick_ms`` is a change: ticking one person present in the kickoff view, from the
tick to the view redrawn (only the parts that show attendance are; ``View.refresh_kinds``).

Prints a line per view; the last line is one JSON object
``{"demo": {"kickoff_ms": ..., ...}, "large": {"kickoff_ms": ..., ...}}``.
Targets (issue 28): every view within 100 ms on the demo and within 150 ms on the large
workbook; a change redrawn within 50 ms.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import json
import pstats
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from workbook import Workbook
from workbook.demo import build_demo
from workbook.testing import make_partnership, populate

LIMITS = {"demo": 100.0, "large": 150.0}
CHANGE_LIMIT = 50.0


def _views(path: Path) -> dict[str, Callable[[Workbook], Any]]:
    """The step views by short name, each a function building it on an open workbook."""
    from workbook.views.steps.actions import ActionPlanView
    from workbook.views.steps.contributions import ContributionsView
    from workbook.views.steps.kickoff import KickoffView
    from workbook.views.steps.lifecycle import LifecycleView
    from workbook.views.steps.meeting import MeetingView
    from workbook.views.steps.naming import NamingView
    from workbook.views.steps.outcomes import OutcomesView
    from workbook.views.steps.partners import PartnersView
    from workbook.views.steps.portfolio import PortfolioView
    from workbook.views.steps.problems import ProblemFramingView
    from workbook.views.steps.resource_map import ResourceMapView
    from workbook.views.steps.start import StartView
    from workbook.views.steps.summary import MeetingSummaryView

    return {
        "start": StartView, "kickoff": KickoffView, "naming": NamingView,
        "resource_map": ResourceMapView, "problems": ProblemFramingView,
        "partners": PartnersView, "actions": ActionPlanView, "lifecycle": LifecycleView,
        "summary": MeetingSummaryView, "outcomes": OutcomesView,
        "contributions": ContributionsView,
        # The meeting notebook (12_meeting): the view, then each activity an agenda item
        # opens in it.
        "meeting": MeetingView, **_meeting_activities(),
        # The portfolio opens the workbook file itself (one row per partnership).
        "portfolio": lambda _wb: PortfolioView([path]),
    }


class _Activity:
    """One activity of the meeting view, built and opened in place (what opening an agenda
    item does the first time), on a meeting view built beforehand and not timed."""

    def __init__(self, host: Any, key: str) -> None:
        from workbook.views.widgets.base import close_tree

        self._close_tree = close_tree
        earlier = host.activities.pop(key, None)
        if earlier is not None:  # the one the host opened for its first item
            earlier.close()
            close_tree(earlier.widget)
        host._open_activity(key)  # built and opened as an agenda item's click does
        self.activity = host.activities[key]
        self._host, self._key = host, key

    def close(self) -> None:
        self._host.activities.pop(self._key, None)
        self._host.shown_activity = None
        self._host.stage.children = ()
        self.activity.close()
        self._close_tree(self.activity.widget)


_HOSTS: dict[int, Any] = {}
"""The meeting view each workbook's activities are built in (closed after its figures)."""


def _meeting_activities() -> dict[str, Callable[[Workbook], Any]]:
    """Each activity of the meeting notebook (``meeting_model.ACTIVITIES``) by
    ``meeting_<key>``; the meeting view they open in is built once per workbook."""
    from workbook.views.steps.meeting import MeetingView
    from workbook.views.steps.meeting_model import ACTIVITIES

    def host_of(wb: Workbook) -> Any:
        if id(wb) not in _HOSTS:
            _HOSTS[id(wb)] = MeetingView(wb)
        return _HOSTS[id(wb)]

    return {f"meeting_{key}": (lambda wb, key=key: _Activity(host_of(wb), key))
            for key in ACTIVITIES}


def build_ms(make: Callable[[Workbook], Any], wb: Workbook, runs: int,
             clock: Callable[[], float] = time.perf_counter) -> float:
    """Median milliseconds to build one view, after one warm-up build."""
    times: list[float] = []
    for run in range(runs + 1):
        start = clock()
        view = make(wb)
        elapsed = clock() - start
        view.close()
        if run:
            times.append(elapsed)
    return round(statistics.median(times) * 1000, 1)


def tick_ms(wb: Workbook, runs: int) -> float:
    """Median milliseconds from ticking one person present in the kickoff view (stored,
    then the parts showing attendance redrawn) to the view being ready again."""
    from workbook.views.steps.kickoff import KickoffView

    view = KickoffView(wb)
    times: list[float] = []
    try:
        box = next(iter(view.boxes.values()))
        for run in range(2 * runs + 1):
            start = time.perf_counter()
            box.value = not box.value
            elapsed = time.perf_counter() - start
            if run:
                times.append(elapsed)
        if box.value:
            box.value = False
    finally:
        view.close()
    return round(statistics.median(times) * 1000, 1)


def profile(make: Callable[[Workbook], Any], wb: Workbook) -> None:
    make(wb).close()  # warm-up
    profiler = cProfile.Profile()
    profiler.enable()
    view = make(wb)
    profiler.disable()
    view.close()
    pstats.Stats(profiler, stream=sys.stdout).sort_stats("cumulative").print_stats(30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="measured builds of each view")
    parser.add_argument("--cpu", action="store_true",
                        help="time the process's CPU, not the wall clock (a busy machine)")
    parser.add_argument("--only", default="", help="comma-separated view names")
    parser.add_argument("--profile", default="", help="profile one view (see --on)")
    parser.add_argument("--on", choices=("demo", "large"), default="large",
                        help="the workbook --profile builds on")
    args = parser.parse_args()
    figures: dict[str, dict[str, float]] = {"demo": {}, "large": {}}
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        demo_path, large_path = root / "demo.sqlite", root / "large.sqlite"
        demo = build_demo(demo_path, today=dt.date.today())
        large = Workbook.create(large_path, make_partnership())
        start = time.perf_counter()
        populate(large)
        print(f"large workbook populated in {time.perf_counter() - start:.1f} s", flush=True)
        books = {"demo": (demo, demo_path), "large": (large, large_path)}
        if args.profile:
            wb, path = books[args.on]
            profile(_views(path)[args.profile], wb)
            for wb, _ in books.values():
                wb.close()
            return
        wanted = [n for n in args.only.split(",") if n]
        for label, (wb, path) in books.items():
            for name, make in _views(path).items():
                if wanted and name not in wanted:
                    continue
                ms = build_ms(make, wb, args.runs,
                              time.process_time if args.cpu else time.perf_counter)
                figures[label][f"{name}_ms"] = ms
                verdict = "within" if ms <= LIMITS[label] else "OVER"
                print(f"{label:5} {name:22} {ms:8.1f} ms  ({verdict} {LIMITS[label]:.0f} ms)",
                      flush=True)
            host = _HOSTS.pop(id(wb), None)
            if host is not None:
                host.close()
            if not wanted or "kickoff" in wanted:
                ms = tick_ms(wb, args.runs)
                figures[label]["kickoff_tick_ms"] = ms
                verdict = "within" if ms <= CHANGE_LIMIT else "OVER"
                print(f"{label:5} {'kickoff tick':22} {ms:8.1f} ms  ({verdict} "
                      f"{CHANGE_LIMIT:.0f} ms)", flush=True)
        for wb, _ in books.values():
            wb.close()
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
