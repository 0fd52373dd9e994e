"""The live room panel of the contributions view: participants' input as they send it.

Open a live session for a meeting and show the room its join link and QR code. The inbox
fills without a reload (a watcher thread hands new rows over as the database tells of
them); each row can be previewed, accepted into the workbook (by the contribution
importer: same checks, same "never twice") or rejected. Ideas stay hidden, here and on the
phones, until "Reveal all ideas" (causes and resources too, here: this panel is what the
room sees on the projected screen); dots are counted as they come, and the results show only
when the vote is closed. An anonymous ballot or meeting evaluation shows no name anywhere,
and an evaluation shows neither its scores nor its comment here (the evaluation panel
shows them once enough people answered).
"""

from __future__ import annotations

import html
import threading
from collections.abc import Callable
from typing import Any

import ipywidgets as w

from ...errors import WorkbookError
from ...live.backend import Watcher
from ...live.room import InboxItem, LiveRoom, LiveSession
from ...participant.binder import qr_data_uri
from ...participant.importer import Plan
from ..widgets.base import View, close_tree, heading
from ..widgets.pickers import meeting_options
from .live_poll import PollPanel

__all__ = ["LiveRoomPanel", "summary"]

HIDDEN = {"name_candidate": "Idea", "cause": "Cause", "resource": "Resource"}
"""What the room sends that stays hidden on the projected screen until the reveal."""
KIND_TITLES = {"name_candidate": "Idea", "cause": "Cause", "resource": "Resource",
               "profile": "Profile", "comment": "Comment", "dots": "Dots",
               "solution": "Solution", "evaluation": "Evaluation", "poll": "Poll answer"}


def _short(value: Any, limit: int = 160) -> str:
    text = " ".join(str(value).split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


def summary(item: InboxItem, *, revealed: bool) -> str:
    """One plain line for an inbox row (escape it before HTML); needs no workbook.

    An idea, a cause or a resource says only that it is there until ``revealed`` (the
    panel is on the projected screen); dots say only how many.
    """
    p = item.payload
    if item.kind in HIDDEN and not revealed:
        return f"{HIDDEN[item.kind]} (hidden until you reveal all ideas)"
    match item.kind:
        case "name_candidate":
            return f"Idea: {_short(p.get('name', ''))}" if revealed else \
                "Idea (hidden until you reveal all ideas)"
        case "dots":
            allocations = p.get("allocations", [])
            total = sum(int(a.get("dots", 0)) for a in allocations
                        if isinstance(a, dict) and isinstance(a.get("dots"), int))
            return f"Dots in vote {p.get('vote_id')}: {total} in all"
        case "cause":
            return f"Cause: {_short(p.get('statement', ''))}"
        case "resource":
            return f"Resource: {_short(p.get('name', ''))}"
        case "profile":
            return f"Profile, {str(p.get('field', '')).replace('_', ' ')}: " \
                   f"{_short(p.get('value', ''))}"
        case "comment":
            return f"Comment: {_short(p.get('text', ''))}"
        case "evaluation":  # never the scores or the comment: fewer than 3 must not show
            scores = p.get("scores")
            scored = sum(1 for v in scores.values() if v is not None) \
                if isinstance(scores, dict) else 0
            comment = ", with a comment" if str(p.get("comment", "")).strip() else ""
            return f"Meeting evaluation (anonymous): {scored} statements scored{comment}"
        case "poll":  # never the answer: results show only when revealed
            return "Poll answer (anonymous; counted in the results you reveal)"
    return f"{KIND_TITLES.get(item.kind, item.kind)}"


class _Row:
    def __init__(self, panel: LiveRoomPanel, item: InboxItem) -> None:
        self.item = item
        self.text = w.HTML()
        self.detail = w.HTML()
        self.preview_button = w.Button(description="Preview", icon="search",
                                       layout=w.Layout(width="fit-content"))
        self.accept_button = w.Button(description="Accept", icon="check",
                                      button_style="primary",
                                      layout=w.Layout(width="fit-content"))
        self.reject_button = w.Button(description="Reject", icon="times",
                                      layout=w.Layout(width="fit-content"))
        panel.view.on_click(self.preview_button, lambda: panel.show_preview(self))
        panel.view.on_click(self.accept_button, lambda: panel.accept(self))
        panel.view.on_click(self.reject_button, lambda: panel.reject(self))
        self.widget = w.VBox([w.HBox([self.text, self.preview_button, self.accept_button,
                                      self.reject_button]), self.detail])
        self.render(panel.revealed)

    def render(self, revealed: bool) -> None:
        item = self.item
        when = item.received_at.astimezone().strftime("%H:%M:%S")
        mark = {"new": "", "accepted": "✓ accepted: ", "rejected": "✗ rejected: "}[item.status]
        self.text.value = (f"<div style='min-width: 34em'><strong>#{item.id}</strong> {when} "
                           f"{html.escape(item.who)}: {mark}"
                           f"{html.escape(summary(item, revealed=revealed))}</div>")
        decided = item.status != "new"
        self.accept_button.disabled = self.reject_button.disabled = decided
        self.preview_button.disabled = decided
        if decided and item.note:
            self.detail.value = f"<p style='margin: 0 0 0 2em'>{html.escape(item.note)}</p>"


class LiveRoomPanel:
    """The live room inside a view: open a session, watch and decide its inbox.

    ``widget`` is the panel; ``rows`` maps inbox ids to what is shown; ``stop`` ends the
    watcher (the view calls it when it closes).
    """

    def __init__(self, view: View, room: LiveRoom, *, interval: float = 0.5) -> None:
        self.view, self.room, self.interval = view, room, interval
        self.session: LiveSession | None = None
        self.watcher: Watcher | None = None
        self.rows: dict[int, _Row] = {}
        self._lock = threading.Lock()
        self.meeting = w.Dropdown(description="Meeting", options=meeting_options(view.wb))
        self.minutes = w.BoundedIntText(value=120, min=1, max=24 * 60,
                                        description="Minutes open")
        self.open_button = w.Button(description="Open a live session", icon="play",
                                    button_style="primary",
                                    layout=w.Layout(width="fit-content"))
        self.join = w.HTML()
        self.counts = w.HTML()
        self.reveal_button = w.Button(description="Reveal all ideas", icon="eye")
        self.publish_button = w.Button(description="Show the open vote on phones",
                                       icon="refresh")
        self.close_vote_button = w.Button(description="Close the vote and show results",
                                          icon="flag-checkered")
        self.accept_all_button = w.Button(description="Accept every new item", icon="check")
        self.close_button = w.Button(description="Close the live session", icon="stop")
        self.reconnect_button = w.Button(description="Reconnect the inbox", icon="plug")
        self.controls = w.HBox([self.reveal_button, self.publish_button,
                                self.close_vote_button, self.accept_all_button,
                                self.close_button, self.reconnect_button],
                               layout=w.Layout(flex_flow="row wrap"))
        self.inbox_box = w.VBox()
        self.poll = PollPanel(self)
        for button, handler in ((self.open_button, self.open), (self.reveal_button, self.reveal),
                                (self.publish_button, self.publish),
                                (self.close_vote_button, self.close_vote),
                                (self.accept_all_button, self.accept_all),
                                (self.close_button, self.close),
                                (self.reconnect_button, self.reconnect)):
            view.on_click(button, handler)
        self._set_controls()
        self.widget = w.VBox([
            heading("Live room", 3),
            w.HTML("<p>Participants in the room join from their phones with the link or the "
                   "QR code, without an account. What they send waits here until you accept "
                   "it. After you open or close a vote in the naming notebook, press "
                   "<em>Show the open vote on phones</em>.</p>"),
            w.HBox([self.meeting, self.minutes, self.open_button]), self.join, self.counts,
            self.controls, self.poll.widget, self.inbox_box])
        view._closers.append(self.stop)

    # -- state ---------------------------------------------------------------------------

    @property
    def revealed(self) -> bool:
        return bool(self.session and self.session.reveal)

    @property
    def items(self) -> list[InboxItem]:
        with self._lock:
            return [row.item for row in self.rows.values()]

    def _set_controls(self) -> None:
        live = self.session is not None and self.session.state == "open"
        for button in (self.reveal_button, self.publish_button, self.close_vote_button,
                       self.accept_all_button, self.close_button, self.reconnect_button):
            button.disabled = not live
        self.open_button.disabled = live
        if hasattr(self, "poll"):
            self.poll.refresh()

    def _act(self, action: Callable[[], Any], done: str | Callable[[Any], str]) -> Any:
        return self.view.run(action, done=done)

    # -- the session ---------------------------------------------------------------------

    def open(self) -> LiveSession | None:
        """Open a session for the chosen meeting and start watching its inbox."""
        session = self._act(lambda: self.room.open_session(self.view.wb, self.meeting.value,
                                                           minutes=self.minutes.value),
                            done=lambda s: f"Live session {s.code} is open: share the link.")
        if session is None:
            return None
        self.follow(session)
        return session

    def follow(self, session: LiveSession) -> None:
        """Show and watch ``session``'s inbox from its first row (one already open)."""
        self.stop()
        self.session = session
        with self._lock:
            for row in self.rows.values():
                close_tree(row.widget)
            self.rows = {}
        self.inbox_box.children = ()
        self._watch()
        self._show_session()

    def _watch(self) -> None:
        assert self.session is not None
        self.watcher = self.room.watch(self.session, self._arrived, interval=self.interval,
                                       on_error=self._watcher_failed).start()

    def reconnect(self) -> None:
        """Watch the inbox again after a lost connection; rows shown stay, none twice."""
        if self.session is None:
            return
        self.stop()
        self._watch()
        self.view.status.ok("The inbox is watched again.")

    def _show_session(self) -> None:
        s = self.session
        if s is None:
            self.join.value = ""
            return
        until = s.expires_at.astimezone().strftime("%H:%M")
        if s.state != "open":
            self.join.value = (f"<p class='pwb-warn'>Live session {html.escape(s.code)} is "
                               "closed; its link leads nowhere now.</p>")
        else:
            url = html.escape(s.join_url)
            self.join.value = (
                f"<div style='display: flex; gap: 1.5em; align-items: center'>"
                f"<img src='{qr_data_uri(s.join_url)}' alt='QR code of the join link' "
                f"width='180' height='180'><div><p style='font-size: 1.6em'>Code "
                f"<strong>{html.escape(s.code)}</strong></p><p><a href='{url}' "
                f"target='_blank' rel='noopener'>{url}</a></p><p>Open until {until}, or until "
                "you close it.</p></div></div>")
        self._set_controls()
        self._show_counts()

    def _show_counts(self) -> None:
        items = self.items
        by_kind: dict[str, int] = {}
        for item in items:
            if item.status != "rejected":
                by_kind[item.kind] = by_kind.get(item.kind, 0) + 1
        parts = [f"{n} {KIND_TITLES.get(k, k).lower()}{'s' if n != 1 else ''}"
                 for k, n in sorted(by_kind.items())]
        ideas = sum(by_kind.get(kind, 0) for kind in HIDDEN)
        hidden = (f" ({ideas} ideas, causes and resources hidden until you reveal them)"
                  if ideas and not self.revealed else "")
        dots = [i for i in items if i.kind == "dots" and i.status != "rejected"]
        dot_total = sum(int(a.get("dots", 0)) for i in dots
                        for a in i.payload.get("allocations", []) if isinstance(a, dict))
        vote = f"; dots: {len(dots)} ballots, {dot_total} dots in" if dots else ""
        self.counts.value = (f"<p role='status'>{len(items)} received: "
                             f"{html.escape(', '.join(parts) or 'nothing yet')}{hidden}"
                             f"{vote}. Results show when the vote closes.</p>")

    def _arrived(self, items: list[InboxItem]) -> None:
        """Called by the watcher thread with rows it has not handed over before."""
        new_rows = []
        with self._lock:
            for item in items:
                if item.id not in self.rows:
                    row = _Row(self, item)
                    self.rows[item.id] = row
                    new_rows.append(row.widget)
        if new_rows:
            self.inbox_box.children = (*self.inbox_box.children, *new_rows)
            self._show_counts()
            self.poll.refresh()

    def _watcher_failed(self, exc: BaseException) -> None:
        self.view.status.error(f"The live inbox stopped updating ({type(exc).__name__}: "
                               f"{exc}). Nothing sent is lost: press Reconnect the inbox.")

    def stop(self) -> None:
        """Stop watching the inbox (the session itself stays as it is)."""
        if self.watcher is not None:
            self.watcher.stop()
            self.watcher = None

    def close(self) -> None:
        """Close the session: phones can send nothing more."""
        if self.session is None:
            return
        session = self.session
        closed = self._act(lambda: self.room.close(session),
                           done="The live session is closed; nothing more can be sent.")
        if closed is not None:
            self.session = closed
            self.stop()
            self._show_session()

    def reveal(self) -> None:
        """Show every idea at once, here and on the phones."""
        if self.session is None:
            return
        session = self.session
        revealed = self._act(lambda: self.room.reveal(self.view.wb, session),
                             done="All ideas are shown, here and on the phones.")
        if revealed is not None:
            self.session = revealed
            for row in list(self.rows.values()):
                row.render(True)
            self._show_counts()

    def publish(self) -> None:
        """Put the open vote (or the results of the last one) on the phones."""
        if self.session is None:
            return
        session = self.session
        published = self._act(lambda: self.room.publish(self.view.wb, session),
                              done="The phones show the vote as it stands now.")
        if published is not None:
            self.session = published

    def close_vote(self) -> None:
        """Close the open vote in the workbook and show its results here and on phones."""
        vote = self.view.wb.open_vote_now()
        if vote is None or self.session is None:
            self.view.status.warn("No vote is open.")
            return
        closed = self._act(lambda: self.view.wb.close_vote(vote.id),
                           done="The vote is closed.")
        if closed is None:
            return
        self.publish()
        results = self.view.wb.results(vote.id)
        self.counts.value += "<ol>" + "".join(
            f"<li>{html.escape(r.candidate.name)}: {r.dots} dots</li>" for r in results) + \
            "</ol>"

    # -- deciding items ------------------------------------------------------------------

    def show_preview(self, row: _Row) -> Plan | str | None:
        """What accepting the row would do, under the row."""
        if self.session is None:
            return None
        try:
            plan = self.room.preview(self.view.wb, self.session, row.item)
        except WorkbookError as exc:
            row.detail.value = (f"<p class='pwb-error' style='margin-left: 2em'>✗ "
                                f"{html.escape(str(exc))} Reject it.</p>")
            return None
        if isinstance(plan, str):
            lines = [plan]
        else:
            lines = [f"{s.action}: {s.summary}" + (f" ({s.note})" if s.note else "")
                     for s in plan.steps]
        if row.item.kind in HIDDEN and not self.revealed:
            lines = [f"{HIDDEN[row.item.kind].lower()}: hidden until you reveal all ideas"]
        row.detail.value = "".join(f"<p style='margin: 0 0 0 2em'>{html.escape(line)}</p>"
                                   for line in lines)
        return plan

    def _decided(self, row: _Row, item: InboxItem) -> InboxItem:
        row.item = item
        row.render(self.revealed)
        self._show_counts()
        return item

    def accept(self, row: _Row) -> InboxItem | None:
        """Take the row into the workbook; the status line says what happened."""
        if self.session is None or row.item.status != "new":
            return None
        session = self.session
        item = self._act(lambda: self.room.accept(self.view.wb, session, row.item),
                         done=lambda i: i.note)
        return self._decided(row, item) if item is not None else None

    def reject(self, row: _Row) -> InboxItem | None:
        """Leave the row out of the workbook."""
        if row.item.status != "new":
            return None
        item = self._act(lambda: self.room.reject(row.item),
                         done="Rejected; it stays out of the workbook.")
        return self._decided(row, item) if item is not None else None

    def accept_all(self) -> None:
        """Accept every new row, oldest first; stops at the first one refused."""
        taken = 0
        for row in list(self.rows.values()):
            if row.item.status == "new":
                if self.accept(row) is None:
                    return
                taken += 1
        self.view.status.ok(f"{taken} items taken in.")
