"""The time box countdown: a browser-side clock driven from Python.

``Countdown`` is an anywidget whose script and style are files shipped inside the package
(``static/countdown.js``, ``static/countdown.css``); nothing is loaded from the network.
The browser counts the seconds itself, so the clock keeps moving while the kernel is busy.
Python starts, pauses and resets it through synced traits and keeps its own count of the
time run (on a monotonic clock) to store what was actually spent; ``state()`` says what
the browser shows, by the same rule (``model.timebox.time_left``).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import anywidget
import traitlets as t

from ...model.timebox import AMBER_SHARE, RED_SHARE, TimeLeft, time_left

__all__ = ["Countdown"]

STATIC = Path(__file__).with_name("static")


class Countdown(anywidget.AnyWidget):
    """A large countdown for one agenda item: ``start``, ``pause``, ``reset``."""

    _esm = STATIC / "countdown.js"
    _css = STATIC / "countdown.css"

    title = t.Unicode("").tag(sync=True)
    minutes = t.Int(10).tag(sync=True)
    running = t.Bool(False).tag(sync=True)
    started = t.Int(0).tag(sync=True)  # bumped at every start: the browser restarts its clock
    elapsed_ms = t.Int(0).tag(sync=True)  # counted before the current run
    amber_share = t.Float(AMBER_SHARE).tag(sync=True)
    red_share = t.Float(RED_SHARE).tag(sync=True)
    shown_level = t.Unicode("").tag(sync=True)  # written by the browser when the level changes

    def __init__(self, *, clock: Callable[[], float] = time.monotonic, **kwargs: object) -> None:
        super().__init__(**kwargs)
        self._clock = clock
        self._since: float | None = None

    def start(self) -> None:
        """Run the clock (from where it was paused); nothing happens when it runs already."""
        if self.running:
            return
        self._since = self._clock()
        with self.hold_sync():
            self.started += 1
            self.running = True

    def pause(self) -> None:
        """Stop the clock and keep the time run so far."""
        if not self.running or self._since is None:
            return
        run = self._clock() - self._since
        self._since = None
        with self.hold_sync():
            self.elapsed_ms += int(run * 1000)
            self.running = False

    def reset(self, title: str, minutes: int, *, spent_seconds: int = 0) -> None:
        """Show another item, paused, with ``spent_seconds`` already counted."""
        self._since = None
        with self.hold_sync():
            self.running = False
            self.title = title
            self.minutes = minutes
            self.elapsed_ms = spent_seconds * 1000

    def elapsed_seconds(self) -> float:
        """Seconds run on this item so far, the current run included."""
        running = self._clock() - self._since if self._since is not None else 0.0
        return self.elapsed_ms / 1000 + running

    def state(self) -> TimeLeft:
        """What the countdown says now: level (plenty, amber, red, over) and words."""
        return time_left(self.minutes, self.elapsed_seconds())
