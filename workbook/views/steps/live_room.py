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

The inbox shows ``PAGE`` rows at a time (older and newer pages by button), so a flood of
items costs the notebook a page of widgets, not one row per item. "Accept" takes only
what a contribution file's import takes by default; a step that speaks for a person or
organization already in the workbook, or replaces what is stored, waits for "Confirm and
accept" on its row. Join tickets (one per person) make one anonymous ballot and one
evaluation per ticket; the panel says what holds without them.
"""

from __future__ import annotations

import html
import threading
from collections.abc import Callable
from typing import Any

import ipywidgets as w

from ...errors import WorkbookError
from ...i18n import N_, _, format_time, ngettext
from ...live.backend import Watcher
from ...live.room import InboxItem, LiveRoom, LiveSession
from ...participant.binder import qr_data_uri
from ...participant.importer import Plan
from ..widgets.base import View, close_tree, heading
from ..widgets.pickers import meeting_options
from .live_items import HIDDEN, KIND_TITLES, ballot_line, sender, step_action, summary
from .live_poll import PollPanel

__all__ = ["PAGE", "LiveRoomPanel"]

PAGE = 50
"""Inbox rows shown at once."""

LIMITS_TEXT = (
    N_("<p>Without join tickets, anyone with the link can join under several names, so an "
    "anonymous vote or evaluation cannot tell one person from several: count hands if it "
    "matters. With join tickets (one per person, printed or read out), each ticket casts "
    "one ballot and one evaluation, however often its phone joins. Each person, each "
    "network and each session can send only so much a minute; a flood shows here a page "
    "at a time.</p>"))

class _Row:
    def __init__(self, panel: LiveRoomPanel, item: InboxItem) -> None:
        self.item = item
        self.text = w.HTML()
        self.detail = w.HTML()
        self.preview_button = w.Button(description=_("Preview"), icon="search",
                                       layout=w.Layout(width="fit-content"))
        self.accept_button = w.Button(description=_("Accept"), icon="check",
                                      button_style="primary",
                                      layout=w.Layout(width="fit-content"))
        self.reject_button = w.Button(description=_("Reject"), icon="times",
                                      layout=w.Layout(width="fit-content"))
        panel.view.on_click(self.preview_button, lambda: panel.show_preview(self))
        panel.view.on_click(self.accept_button, lambda: panel.accept(self))
        panel.view.on_click(self.reject_button, lambda: panel.reject(self))
        self.confirm_button = w.Button(description=_("Confirm and accept"), icon="check-double",
                                       layout=w.Layout(width="fit-content", display="none"))
        panel.view.on_click(self.confirm_button, lambda: panel.accept(self, confirm=True))
        self.widget = w.VBox([w.HBox([self.text, self.preview_button, self.accept_button,
                                      self.confirm_button, self.reject_button]), self.detail])
        self.render(panel.revealed)

    def render(self, revealed: bool) -> None:
        item = self.item
        when = format_time(item.received_at, "medium")
        mark = {"new": "", "accepted": _("✓ accepted: "),
                "rejected": _("✗ rejected: ")}[item.status]
        self.text.value = (f"<div style='min-width: 34em'><strong>#{item.id}</strong> {when} "
                           f"{html.escape(sender(item))}: {mark}"
                           f"{html.escape(summary(item, revealed=revealed))}</div>")
        decided = item.status != "new"
        self.accept_button.disabled = self.reject_button.disabled = decided
        self.preview_button.disabled = decided
        waiting = not decided and bool(item.note)  # a new row's note: what waits
        self.confirm_button.layout.display = "" if waiting else "none"
        if item.note:
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
        self.all_items: dict[int, InboxItem] = {}
        self.rows: dict[int, _Row] = {}  # the rows of the page shown
        self.page = 0
        self.following = True  # new rows show while the newest page is shown
        self._lock = threading.Lock()
        self.meeting = w.Dropdown(description=_("Meeting"), options=meeting_options(view.wb))
        held = view.wb.latest_meeting()  # the meeting being held, not one planned ahead
        if held is not None:
            self.meeting.value = held.id
        self.minutes = w.BoundedIntText(value=120, min=1, max=24 * 60,
                                        description=_("Minutes open"))
        self.ticket_count = w.BoundedIntText(value=0, min=0, max=500,
                                             description=_("Join tickets"))
        self.tickets = w.HTML()
        self.older_button = w.Button(description=_("Older"), icon="chevron-left")
        self.newer_button = w.Button(description=_("Newer"), icon="chevron-right")
        self.page_label = w.HTML()
        self.open_button = w.Button(description=_("Open a live session"), icon="play",
                                    button_style="primary",
                                    layout=w.Layout(width="fit-content"))
        self.join = w.HTML()
        self.counts = w.HTML()
        self.reveal_button = w.Button(description=_("Reveal all ideas"), icon="eye")
        self.publish_button = w.Button(description=_("Show the open vote on phones"),
                                       icon="refresh")
        self.close_vote_button = w.Button(description=_("Close the vote and show results"),
                                          icon="flag-checkered")
        self.accept_all_button = w.Button(description=_("Accept every new item"), icon="check")
        # Closing a vote while ballots still wait in the inbox: asked first, never silent.
        self.vote_warning = w.HTML()
        self.accept_and_close = w.Button(description=_("Accept them, then close"),
                                         icon="check-double", button_style="primary",
                                         layout=w.Layout(width="fit-content"))
        self.close_anyway = w.Button(description=_("Close without them"),
                                     icon="flag-checkered", layout=w.Layout(width="fit-content"))
        self.keep_open = w.Button(description=_("Keep the vote open"), icon="times",
                                  layout=w.Layout(width="fit-content"))
        self.vote_confirm = w.VBox([self.vote_warning, w.HBox(
            [self.accept_and_close, self.close_anyway, self.keep_open],
            layout=w.Layout(flex_flow="row wrap"))], layout=w.Layout(display="none"))
        self.close_button = w.Button(description=_("Close the live session"), icon="stop")
        self.reconnect_button = w.Button(description=_("Reconnect the inbox"), icon="plug")
        self.controls = w.HBox([self.reveal_button, self.publish_button,
                                self.close_vote_button, self.accept_all_button,
                                self.close_button, self.reconnect_button],
                               layout=w.Layout(flex_flow="row wrap"))
        self.inbox_box = w.VBox()
        self.poll = PollPanel(self)
        for button, handler in ((self.open_button, self.open), (self.reveal_button, self.reveal),
                                (self.publish_button, self.publish),
                                (self.close_vote_button, self.close_vote),
                                (self.accept_and_close,
                                 lambda: self.close_vote(accept_waiting=True)),
                                (self.close_anyway, lambda: self.close_vote(anyway=True)),
                                (self.keep_open, self._keep_vote_open),
                                (self.accept_all_button, self.accept_all),
                                (self.close_button, self.close),
                                (self.reconnect_button, self.reconnect),
                                (self.older_button, lambda: self.show_page(self.page - 1)),
                                (self.newer_button, lambda: self.show_page(self.page + 1))):
            view.on_click(button, handler)
        self._set_controls()
        self.widget = w.VBox([
            heading(_("Live room"), 3),
            w.HTML(_("<p>Participants in the room join from their phones with the link or the "
                   "QR code, without an account. What they send waits here until you accept "
                   "it. After you open or close a vote in the naming notebook, press "
                   "<em>Show the open vote on phones</em>.</p>")),
            w.HTML(_(LIMITS_TEXT)),
            w.HBox([self.meeting, self.minutes, self.ticket_count, self.open_button]),
            self.join, self.tickets, self.counts, self.controls, self.vote_confirm,
            self.poll.widget,
            w.HBox([self.older_button, self.page_label, self.newer_button]), self.inbox_box])
        self._show_pager()
        view._closers.append(self.stop)

    # -- state ---------------------------------------------------------------------------

    @property
    def revealed(self) -> bool:
        return bool(self.session and self.session.reveal)

    @property
    def items(self) -> list[InboxItem]:
        """Every inbox row handed over so far (all pages), oldest first."""
        with self._lock:
            return [self.all_items[k] for k in sorted(self.all_items)]

    @property
    def pages(self) -> int:
        return max(1, -(-len(self.all_items) // PAGE))

    def show_page(self, page: int) -> None:
        """Show page ``page`` (0: the oldest) of the inbox, ``PAGE`` rows."""
        with self._lock:
            page = max(0, min(page, self.pages - 1))
            keys = sorted(self.all_items)[page * PAGE:(page + 1) * PAGE]
            old = self.rows
            self.rows = {k: old.pop(k) if k in old else _Row(self, self.all_items[k])
                         for k in keys}
            self.page = page
            self.following = page == self.pages - 1
        for row in old.values():
            close_tree(row.widget)
        self.inbox_box.children = tuple(r.widget for r in self.rows.values())
        self._show_pager()

    def _show_pager(self) -> None:
        total = len(self.all_items)
        first = self.page * PAGE + 1 if total else 0
        last = min(total, (self.page + 1) * PAGE)
        self.page_label.value = (_("<span>Items {first:,}–{last:,} of {total:,}</span>").format(
            first=first, last=last, total=total)
                                 if total > PAGE else "")
        self.older_button.layout.display = self.newer_button.layout.display = \
            "" if total > PAGE else "none"
        self.older_button.disabled = self.page == 0
        self.newer_button.disabled = self.page >= self.pages - 1

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
        session = self._act(lambda: self.room.open_session(
            self.view.wb, self.meeting.value, minutes=self.minutes.value,
            tickets=self.ticket_count.value),
            done=lambda s: _("Live session {code} is open: share the link.").format(code=s.code))
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
            self.all_items = {}
            self.page, self.following = 0, True
        self.inbox_box.children = ()
        self._show_pager()
        self._show_tickets(session)
        self._watch()
        self._show_session()

    def _watch(self) -> None:
        assert self.session is not None
        self.watcher = self.room.watch(self.session, self._arrived, interval=self.interval,
                                       on_error=self._watcher_failed,
                                       on_status=self._watcher_said).start()

    def reconnect(self) -> None:
        """Watch the inbox again after a lost connection; rows shown stay, none twice."""
        if self.session is None:
            return
        self.stop()
        self._watch()
        self.view.status.ok(_("The inbox is watched again."))

    def _show_tickets(self, session: LiveSession) -> None:
        if not session.tickets:
            self.tickets.value = ""
            return
        cells = "".join(f"<li style='font: 1.3em monospace; padding: 0.3em 0.8em; border: "
                        f"1px dashed #888'>{html.escape(t)}</li>" for t in session.tickets)
        self.tickets.value = (
            _("<p>Join tickets for session {code}: hand one to each person (print this part of "
              "the page, or read one out to each). They are shown only now: keep the page open "
              "until everyone has one.</p><ul style='display: flex; flex-wrap: wrap; gap: "
              "0.5em; list-style: none; padding: 0'>{cells}</ul>").format(
                  code=html.escape(session.code), cells=cells))

    def _show_session(self) -> None:
        s = self.session
        if s is None:
            self.join.value = ""
            return
        until = format_time(s.expires_at)
        if s.state != "open":
            self.join.value = (_("<p class='pwb-warn'>Live session {code} is closed; its link "
                                 "leads nowhere now.</p>").format(code=html.escape(s.code)))
        else:
            url = html.escape(s.join_url)
            self.join.value = (
                _("<div style='display: flex; gap: 1.5em; align-items: center'><img "
                  "src='{qr_data_uri}' alt='QR code of the join link' width='180' "
                  "height='180'><div><p style='font-size: 1.6em'>Code "
                  "<strong>{code}</strong></p><p><a href='{url}' target='_blank' "
                  "rel='noopener'>{url}</a></p><p>Open until {until}, or until you close "
                  "it.</p></div></div>").format(
                      qr_data_uri=qr_data_uri(s.join_url), code=html.escape(s.code), url=url,
                      until=until))
        self._set_controls()
        self._show_counts()

    def _show_counts(self) -> None:
        items = self.items
        by_kind: dict[str, int] = {}
        for item in items:
            if item.status != "rejected":
                by_kind[item.kind] = by_kind.get(item.kind, 0) + 1
        parts = [_("{kind}: {count}").format(kind=_(KIND_TITLES[k]) if k in KIND_TITLES else k,
                                             count=n)
                 for k, n in sorted(by_kind.items())]
        ideas = sum(by_kind.get(kind, 0) for kind in HIDDEN)
        hidden = (ngettext(" ({count} idea, cause or resource hidden until you reveal it)",
                           " ({count} ideas, causes and resources hidden until you reveal "
                           "them)", ideas).format(count=ideas)
                  if ideas and not self.revealed else "")
        dots = [i for i in items if i.kind == "dots" and i.status != "rejected"]
        dot_total = sum(int(a.get("dots", 0)) for i in dots
                        for a in i.payload.get("allocations", []) if isinstance(a, dict))
        vote = (ngettext("; dots: {count} ballot, {dot_total} dots in all",
                         "; dots: {count} ballots, {dot_total} dots in all",
                         len(dots)).format(count=len(dots), dot_total=dot_total)
                if dots else "")
        self.counts.value = (_("<p role='status'>{count} received: {value}{hidden}{vote}. "
                               "Results show when the vote closes.</p>").format(
                                   count=len(items),
                                   value=html.escape(', '.join(parts) or _('nothing yet')),
                                   hidden=hidden, vote=vote))

    def _arrived(self, items: list[InboxItem]) -> None:
        """Called by the watcher thread with rows it has not handed over before: kept
        all, shown only as far as the page shown has room (when it is the newest)."""
        new_rows = []
        with self._lock:
            for item in items:
                if item.id in self.all_items:
                    continue
                self.all_items[item.id] = item
                if self.following and len(self.rows) < PAGE:
                    row = _Row(self, item)
                    self.rows[item.id] = row
                    new_rows.append(row.widget)
        if new_rows:
            self.inbox_box.children = (*self.inbox_box.children, *new_rows)
        self._show_pager()
        self._show_counts()
        self.poll.refresh()

    def _watcher_said(self, line: str) -> None:
        self.view.status.ok(line)

    def _watcher_failed(self, exc: BaseException) -> None:
        self.view.status.error(_("The live inbox stopped updating ({name__}: {exc}). Nothing "
                                 "sent is lost: press Reconnect the inbox.").format(
                                     name__=type(exc).__name__, exc=exc))

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
                           done=_("The live session is closed; nothing more can be sent."))
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
                             done=_("All ideas are shown, here and on the phones."))
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
                              done=_("The phones show the vote as it stands now."))
        if published is not None:
            self.session = published

    def waiting_ballots(self, vote_id: int | None) -> list[InboxItem]:
        """The ballots of vote ``vote_id`` still new in the inbox (not counted yet)."""
        return [i for i in self.items if i.kind == "dots" and i.status == "new"
                and str(i.payload.get("vote_id")) == str(vote_id)]

    def _keep_vote_open(self) -> None:
        self.vote_confirm.layout.display = "none"
        self.view.status.ok(_("The vote stays open."))

    def close_vote(self, *, accept_waiting: bool = False, anyway: bool = False) -> None:
        """Close the open vote in the workbook and show its results here and on phones.

        Ballots still waiting in the inbox are never left out silently: without
        ``accept_waiting`` (take them first, confirming what they speak for) or ``anyway``
        (close without them) the panel asks, naming how many wait, and closes nothing.
        """
        vote = self.view.wb.open_vote_now()
        if vote is None or self.session is None:
            self.view.status.warn(_("No vote is open."))
            return
        waiting = self.waiting_ballots(vote.id)
        if waiting and accept_waiting:
            for item in waiting:
                if self._accept(item, self.rows.get(item.id), confirm=True) is None:
                    return  # refused: the status line says why; the vote stays open
            waiting = self.waiting_ballots(vote.id)
        if waiting and not anyway:
            self.vote_warning.value = (
                "<p class='pwb-warn' role='alert'>⚠ " + html.escape(ngettext(
                    "{count} ballot still waits in the inbox, not counted yet (some wait for "
                    "“Confirm and accept”). Accept it before closing the vote, or close "
                    "without it?",
                    "{count} ballots still wait in the inbox, not counted yet (some wait for "
                    "“Confirm and accept”). Accept them before closing the vote, or close "
                    "without them?", len(waiting)).format(count=len(waiting))) + "</p>")
            self.vote_confirm.layout.display = None
            self.view.status.warn(ngettext(
                "The vote is still open: {count} ballot waits in the inbox.",
                "The vote is still open: {count} ballots wait in the inbox.",
                len(waiting)).format(count=len(waiting)))
            return
        self.vote_confirm.layout.display = "none"
        closed = self._act(lambda: self.view.wb.close_vote(vote.id),
                           done=_("The vote is closed."))
        if closed is None:
            return
        self.publish()
        results = self.view.wb.results(vote.id)
        self.counts.value += "<ol>" + "".join(
            "<li>" + html.escape(ngettext("{name}: {count} dot", "{name}: {count} dots",
                                          r.dots).format(name=r.candidate.name, count=r.dots))
            + "</li>" for r in results) + "</ol>"

    # -- deciding items ------------------------------------------------------------------

    def show_preview(self, row: _Row) -> Plan | str | None:
        """What accepting the row would do, under the row."""
        if self.session is None:
            return None
        try:
            plan = self.room.preview(self.view.wb, self.session, row.item)
        except WorkbookError as exc:
            row.detail.value = (_("<p class='pwb-error' style='margin-left: 2em'>✗ {exc} "
                                  "Reject it.</p>").format(exc=html.escape(str(exc))))
            return None
        # While the vote is open a ballot says how many dots, never for whom: the panel
        # may be on the projected screen.
        vote = self.view.wb.open_vote_now() if row.item.kind == "dots" else None
        hide = vote is not None and str(row.item.payload.get("vote_id")) == str(vote.id)
        if isinstance(plan, str):
            lines = [ballot_line(row.item) if hide else plan]
        else:
            lines = [ballot_line(row.item) if hide and s.kind == "dots" else
                     (_("{action}: {summary} ({note})") if s.note else
                      _("{action}: {summary}")).format(action=step_action(s.action),
                                                       summary=s.summary, note=s.note)
                     for s in plan.steps]
        if row.item.kind in HIDDEN and not self.revealed:
            lines = [_("{lower}: hidden until you reveal all ideas").format(
                lower=_(HIDDEN[row.item.kind]).lower())]
        row.detail.value = "".join(f"<p style='margin: 0 0 0 2em'>{html.escape(line)}</p>"
                                   for line in lines)
        return plan

    def _decided(self, row: _Row | None, item: InboxItem) -> InboxItem:
        with self._lock:
            self.all_items[item.id] = item
        if row is not None:
            row.item = item
            row.render(self.revealed)
        self._show_counts()
        return item

    def _accept(self, item: InboxItem, row: _Row | None, *,
                confirm: bool = False) -> InboxItem | None:
        if self.session is None or item.status != "new":
            return None
        session, wb = self.session, self.view.wb

        def take() -> InboxItem:
            confirmed: set[str] = set()
            if confirm:
                plan = self.room.preview(wb, session, item)
                if isinstance(plan, Plan):
                    confirmed = {s.key for s in plan.steps if s.possible}
            return self.room.accept(wb, session, item, confirmed=confirmed)

        taken = self._act(take, done=lambda i: i.note)
        if taken is not None and taken.status == "new":  # a refusal is no success
            self.view.status.warn(_("Not taken yet: it waits for your confirmation. Read "
                                    "its row, then press “Confirm and accept” if it is "
                                    "right."))
        elif taken is not None and taken.status == "rejected":
            self.view.status.warn(_("Not taken: {reason}").format(reason=taken.note))
        return self._decided(row, taken) if taken is not None else None

    def accept(self, row: _Row, *, confirm: bool = False) -> InboxItem | None:
        """Take the row into the workbook; the status line says what happened. Steps that
        speak for someone already in the workbook, or replace what is stored, are taken
        only with ``confirm`` (the row's "Confirm and accept")."""
        return self._accept(row.item, row, confirm=confirm)

    def reject(self, row: _Row) -> InboxItem | None:
        """Leave the row out of the workbook."""
        if row.item.status != "new":
            return None
        item = self._act(lambda: self.room.reject(row.item),
                         done=_("Rejected; it stays out of the workbook."))
        return self._decided(row, item) if item is not None else None

    def accept_all(self) -> None:
        """Accept every new item (all pages), oldest first, as "Accept" does each: what
        waits for a confirmation stays new. Stops at the first one refused."""
        taken = waiting = 0
        for item in self.items:
            if item.status != "new":
                continue
            decided = self._accept(item, self.rows.get(item.id))
            if decided is None:
                return
            if decided.status == "new":
                waiting += 1
            else:
                taken += 1
        self.view.status.ok(
            ngettext("{taken} item taken in; {waiting} wait for your confirmation on their "
                     "rows.",
                     "{taken} items taken in; {waiting} wait for your confirmation on their "
                     "rows.", taken).format(taken=taken, waiting=waiting) if waiting
            else ngettext("{taken} item taken in.", "{taken} items taken in.",
                          taken).format(taken=taken))
