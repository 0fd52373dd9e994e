"""The timed agenda of a meeting: minutes per item and the countdown for the current one.

"Time the agenda" gives each agenda line a time box; minutes can be changed per item.
Start, Pause and Next drive the countdown (``views/widgets/countdown.py``), which ticks
in the browser. Pause and Next store the time actually spent on the item, so the summary
can show what ran over.

Picking an item to change its minutes never moves the clock ("Put it on the clock" does),
and never overwrites minutes the facilitator has typed but not yet set.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import ipywidgets as w

from ...model import AgendaItem
from ...model.timebox import MAX_MINUTES, clock
from ..widgets.base import View, heading
from ..widgets.countdown import Countdown
from ..widgets.editing import correction_panel
from ..widgets.pickers import set_options
from ..widgets.tables import html_table

__all__ = ["TimeBoxPanel"]


class TimeBoxPanel:
    """Time boxes of the meeting a view has picked; ``load(meeting_id)`` switches it."""

    def __init__(self, view: View, *, clock_source: Callable[[], float] | None = None) -> None:
        self.view = view
        self.meeting_id: int | None = None
        self.current: int | None = None  # id of the agenda item on the countdown
        self.countdown = (Countdown(clock=clock_source) if clock_source is not None
                          else Countdown())
        self.table = w.HTML()
        self.default_minutes = w.BoundedIntText(value=10, min=1, max=MAX_MINUTES,
                                                description="Minutes each",
                                                style={"description_width": "8em"},
                                                layout=w.Layout(width="16em"))
        self.time_button = w.Button(description="Time the agenda", icon="clock",
                                    tooltip="Give each agenda line a time box")
        self.item_picker = w.Dropdown(description="Agenda item", options=[],
                                      style={"description_width": "8em"},
                                      layout=w.Layout(width="32em"))
        self.item_minutes = w.BoundedIntText(value=10, min=1, max=MAX_MINUTES,
                                             description="Minutes",
                                             style={"description_width": "6em"},
                                             layout=w.Layout(width="14em"))
        self.minutes_button = w.Button(description="Set minutes")
        self.clock_button = w.Button(description="Put it on the clock", icon="clock",
                                     tooltip="Move the countdown to the item picked here")
        self._typed = False  # minutes typed by the facilitator and not yet set
        self.before_start: Callable[[], bool] | None = None
        """Asked before the clock starts; False keeps it stopped (the meeting view starts
        a planned meeting here)."""
        self._filling = False  # the panel itself is changing the picker or the minutes
        self.start_button = w.Button(description="Start", icon="play", button_style="primary")
        self.pause_button = w.Button(description="Pause", icon="pause")
        self.next_button = w.Button(description="Next item", icon="forward",
                                    tooltip="Store the time spent and move to the next item")
        view.on_click(self.time_button, self.time_agenda)
        view.on_click(self.minutes_button, self.set_minutes)
        view.on_click(self.start_button, self.start)
        view.on_click(self.pause_button, self.pause)
        view.on_click(self.next_button, self.next_item)
        view.on_click(self.clock_button, self.put_on_clock)
        view.observe(self.item_picker, self._picked)
        view.observe(self.item_minutes, self._minutes_typed)
        # An agenda line typed wrong: corrected or removed (decisions recorded under it go
        # with it: the confirmation names them).
        self.fix, self.editor = correction_panel(
            view, AgendaItem, ["position", "title", "minutes"], self._options,
            title="Correct or remove an agenda item", picker_label="Agenda item",
            label=lambda i: f"the agenda item “{i.title[:60]}”")
        self.widget = w.VBox([
            heading("Time boxes", 3), self.table,
            w.HBox([self.default_minutes, self.time_button]),
            w.HBox([self.item_picker, self.item_minutes, self.minutes_button,
                    self.clock_button]),
            self.countdown,
            w.HBox([self.start_button, self.pause_button, self.next_button]),
            self.fix,
        ])

    # -- reading ---------------------------------------------------------------------------

    def items(self) -> list[AgendaItem]:
        return self.view.wb.agenda_items(self.meeting_id) if self.meeting_id else []

    def load(self, meeting_id: int | None) -> None:
        """Show the time boxes of another meeting (the countdown stops there)."""
        if self.meeting_id != meeting_id and self.countdown.running:
            self._store_spent()
            self.countdown.pause()
        self.meeting_id = meeting_id
        self.current = None
        items = self.items()
        first = next((i for i in items if i.spent_seconds is None), items[0] if items else None)
        self._show(first)
        self.refresh()

    def _options(self) -> list[tuple[str, Any]]:
        return [(f"{i.position}. {i.title}", i.id) for i in self.items()]

    def refresh(self) -> None:
        items = self.items()
        ids = {i.id for i in items}
        if self.current is not None and self.current not in ids:  # removed meanwhile
            self.countdown.pause()
            self._show(items[0] if items else None)
        self.editor.refresh_options()
        if self.editor.built and self.editor.entity_id not in ids:
            self.editor.load(items[0].id if items else None)
        rows = []
        for item in items:
            spent = clock(item.spent_seconds) if item.spent_seconds is not None else "–"
            over = f"over by {clock(item.overrun_seconds)}" if item.overrun_seconds else "–"
            now = " (on the clock)" if item.id == self.current else ""
            rows.append((f"{item.position}. {item.title}{now}", item.minutes, spent, over))
        self.table.value = html_table(
            ["Agenda item", "Minutes", "Spent", "Over time"], rows,
            caption="The timed agenda of this meeting",
            empty="The agenda has no time boxes yet: set the minutes each item gets and "
                  "press Time the agenda.")
        before = self.item_picker.value
        picked = before if before in ids else self.current
        self._filling = True
        try:
            set_options(self.item_picker, [(f"{i.position}. {i.title}", i.id) for i in items],
                        picked)
        finally:
            self._filling = False
        by_id = {i.id: i for i in items}
        if self.item_picker.value in by_id and not self._typed and (
                self.item_picker.value != before or self.item_minutes.value != by_id[
                    self.item_picker.value].minutes):
            self._fill_minutes(by_id[self.item_picker.value].minutes)
        for button in (self.start_button, self.pause_button, self.next_button):
            button.disabled = self.current is None

    def _show(self, item: AgendaItem | None) -> None:
        self.current = item.id if item is not None else None
        if item is None:
            self.countdown.reset("No agenda item on the clock", 10)
            return
        self.countdown.reset(f"{item.position}. {item.title} ({item.minutes} minutes)",
                             item.minutes, spent_seconds=item.spent_seconds or 0)

    def _fill_minutes(self, minutes: int) -> None:
        self._filling = True
        try:
            self.item_minutes.value = minutes
        finally:
            self._filling = False
        self._typed = False

    def _minutes_typed(self, _change: Any) -> None:
        if not self._filling:
            self._typed = True

    def _picked(self, change: Any) -> None:
        """Another item to set minutes for: show its minutes, unless some were typed."""
        item_id = change.new
        if item_id is None or self._filling or self._typed:
            return
        self._fill_minutes(self.view.wb.get(AgendaItem, item_id).minutes)

    def go_to(self, item_id: int) -> None:
        """Put the agenda item ``item_id`` on the clock (the time run so far is stored).

        The clock keeps running if it ran. Raises NotFoundError for an unknown item.
        """
        if item_id == self.current:
            return
        item = self.view.wb.get(AgendaItem, item_id)
        was_running = self.countdown.running
        if was_running:
            self.countdown.pause()
            self._store_spent()
        self._show(item)
        if was_running:
            self.countdown.start()
        self.refresh()

    def put_on_clock(self) -> None:
        """Move the countdown to the item picked beside the minutes."""
        item_id = self.item_picker.value
        if item_id is None:
            self.view.status.error("Pick an agenda item first.")
            return
        self.go_to(item_id)
        self.view.status.ok(f"On the clock now: {self.countdown.title}.")

    # -- acting ----------------------------------------------------------------------------

    def time_agenda(self) -> None:
        """Give every agenda line without one a time box of the minutes shown."""
        if self.meeting_id is None:
            self.view.status.error("Start or pick a meeting first; nothing was timed.")
            return
        meeting_id, minutes = self.meeting_id, self.default_minutes.value
        items = self.view.run(
            lambda: self.view.wb.time_agenda(meeting_id, minutes),
            done=lambda found: f"The agenda has {len(found)} time boxes." if found else
            "The agenda has no lines yet: write them in the meeting's Agenda box, one per "
            "line, save the meeting, then time the agenda.")
        if items and self.current is None:
            self._show(items[0])
        self.refresh()

    def set_minutes(self) -> None:
        item_id, minutes = self.item_picker.value, self.item_minutes.value
        if item_id is None:
            self.view.status.error("Pick an agenda item first.")
            return
        stored = self.view.run(
            lambda: self.view.wb.update(AgendaItem, item_id, {"minutes": minutes}),
            done=lambda i: f"{i.title} now has {i.minutes} minutes.")
        if stored is not None:
            self._typed = False
            if stored.id == self.current:  # the clock keeps its time run; only the box grows
                self.countdown.minutes = stored.minutes
                self.countdown.title = (f"{stored.position}. {stored.title} "
                                        f"({stored.minutes} minutes)")
        self.refresh()

    def start(self) -> None:
        if self.before_start is not None and not self.before_start():
            return
        if self.current is None:
            self.view.status.error("Time the agenda first, then start the clock.")
            return
        self.countdown.start()
        self.view.status.ok(f"The clock runs for {self.countdown.title}.")

    def _store_spent(self) -> AgendaItem | None:
        if self.current is None:
            return None
        item_id, seconds = self.current, self.countdown.elapsed_seconds()
        return self.view.run(lambda: self.view.wb.record_time_spent(item_id, seconds),
                             done=lambda i: f"{clock(i.spent_seconds or 0)} spent on {i.title}.")

    def stop_here(self) -> AgendaItem | None:
        """Stop the clock and store the time spent on the item on it (also when the clock
        never ran: the item was reached); the stored item, or None if refused."""
        self.countdown.pause()
        return self._store_spent()

    def pause(self) -> None:
        """Stop the clock and store the time spent so far."""
        self.countdown.pause()
        self._store_spent()

    def next_item(self) -> None:
        """Store the time spent on this item and put the next one on the clock."""
        was_running = self.countdown.running
        self.countdown.pause()
        stored = self._store_spent()
        items = self.items()
        ids = [i.id for i in items]
        position = ids.index(self.current) if self.current in ids else -1
        if position + 1 >= len(items):
            self.view.status.ok("That was the last agenda item"
                                + (f": {clock(stored.spent_seconds or 0)} spent on it."
                                   if stored is not None else "."))
            self.refresh()
            return
        self._show(items[position + 1])
        if was_running:
            self.countdown.start()
        self.refresh()
