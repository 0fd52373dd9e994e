"""Start and stop the live room from the facilitator's laptop: one reusable panel.

``LaptopRoomPanel(view)`` is the button a meeting or contributions view places: it starts
the participant service for the open workbook file (``live.local_room``), for this laptop
only or for the room's network, opens a live session for the chosen meeting and shows the
join code, link and QR code with the inbox below (``live_room.LiveRoomPanel``). The panel
says plainly who can reach the live room and how to close it. Stopping it (or the
notebook's kernel ending) closes the session: the phones say so. A room already running
for the file (the view built again, meeting mode reloaded in the browser) is found and
shown, never stopped by the rebuild nor started twice (``LocalRoom.adopt``).
"""

from __future__ import annotations

import html
import threading

import ipywidgets as w

from ...i18n import N_, _
from ...live.local_room import LocalRoom
from ..widgets.base import View, close_tree, heading
from ..widgets.pickers import meeting_options
from .live_room import LiveRoomPanel

__all__ = ["LaptopRoomPanel"]

REACH_CHOICES = [(N_("Only this laptop (to try it out)"), False),
                 (N_("Phones on this laptop's network (the room's Wi-Fi)"), True)]


class LaptopRoomPanel:
    """The live room on this laptop inside ``view``: ``widget`` to place, ``local`` the
    model, ``inbox`` the live panel while it runs (None when stopped)."""

    def __init__(self, view: View, *, local: LocalRoom | None = None) -> None:
        self.view = view
        self.local = local if local is not None else LocalRoom(view.wb)
        self.inbox: LiveRoomPanel | None = None
        self.check_every = 2.0
        """Seconds between looks at whether the service still runs."""
        self._guard = threading.Event()
        self.reach_choice = w.RadioButtons(options=[(_(label),
                                                     v) for label, v in REACH_CHOICES], value=False,
                                           description=_("Who may join"),
                                           layout=w.Layout(width="auto"),
                                           style={"description_width": "initial"})
        self.meeting = w.Dropdown(description=_("Meeting"), options=meeting_options(view.wb))
        held = view.meeting_shown()  # the meeting being held, never a planned one
        if held is not None and held.id in [v for _v, v in self.meeting.options]:
            self.meeting.value = held.id
        self.start_button = w.Button(description=_("Start the live room"), icon="play",
                                     button_style="primary",
                                     layout=w.Layout(width="fit-content"))
        self.stop_button = w.Button(description=_("Stop the live room"), icon="stop",
                                    disabled=True, layout=w.Layout(width="fit-content"))
        self.reach = w.HTML()
        self.inbox_box = w.VBox()
        view.on_click(self.start_button, self.start)
        view.on_click(self.stop_button, self.stop)
        view._closers.append(self.close)
        self.widget = w.VBox([
            heading(_("Live room on this laptop"), 3),
            w.HTML(_("<p>People in the room send ideas, causes and resources, dots and their "
                   "evaluation from their phones, without an account or an app and without "
                   "the internet: what they send stays in this workbook file and waits here "
                   "until you accept it.</p>")),
            self.reach_choice, w.HBox([self.meeting, self.start_button, self.stop_button]),
            self.reach, self.inbox_box])
        self._show()
        if not self._adopt():
            self._attach()

    def _adopt(self) -> bool:
        """Show the room already running for this file (this kernel's earlier view, or a
        kernel that ended: meeting mode reloaded); whether there was one."""
        room = self.local.adopt()
        if room is None:
            return False
        self.inbox = LiveRoomPanel(self.view, room)
        self.inbox_box.children = (self.inbox.widget,)
        session = room.latest_open()
        if session is not None:
            self.inbox.follow(session)
        self._show()
        self._watch()
        self.view.status.ok(_("The live room was already running: it is shown again, and "
                              "phones keep their place."))
        return True

    def _watch(self) -> None:
        self._guard = threading.Event()
        threading.Thread(target=self._keep_watch, args=(self._guard,), daemon=True,
                         name="live-room-guard").start()

    def _attach(self) -> None:
        """Show the inbox of a live room ``workbook live`` runs for this file, if any."""
        room = self.local.attach()
        if room is None:
            return
        session = room.latest_open()
        if session is None:
            return
        self.inbox = LiveRoomPanel(self.view, room)
        self.inbox_box.children = (self.inbox.widget,)
        self.inbox.follow(session)
        self.reach.value = (_("<p role='status'>A live room started with <code>workbook live"
                            "</code> is running for this workbook: what phones send shows "
                            "below. Stop it where it was started.</p>"))

    def _show(self) -> None:
        running = self.local.running
        self.start_button.disabled = running
        self.stop_button.disabled = not running
        self.reach_choice.disabled = running
        css = "pwb-warn" if running and self.local.network else ""
        self.reach.value = (f"<p role='status' class='{css}'>"
                            f"{html.escape(self.local.reach())}</p>")

    def start(self) -> bool:
        """Start the service and open a session for the chosen meeting; whether it did."""
        network = bool(self.reach_choice.value)
        self._stop_quietly()  # what is left of an earlier run, e.g. one that failed
        room = self.view.run(lambda: self.local.start(network=network),
                             done=_("The live room is running."))
        if room is None:
            self._show()
            return False
        self.inbox = LiveRoomPanel(self.view, room)
        self.inbox.meeting.value = self.meeting.value
        self.inbox_box.children = (self.inbox.widget,)
        opened = self.inbox.open()
        self._show()
        self._watch()
        if opened is not None:
            self.view.status.ok(_("The live room is running: phones join with code {code}.").format(
                code=opened.code))
        return opened is not None

    def stop(self) -> None:
        """Close the session, stop the service; the phones say the live room has closed."""
        closed = self._stop_quietly()
        self._show()
        self.view.status.ok(_("The live room is stopped; phones can send nothing more.")
                            if closed is not None else _("The live room was not running."))

    def close(self) -> None:
        """Let go of the room without stopping it (the view closes, e.g. its cell is run
        again): the view built next shows it again; the kernel ending stops it."""
        self._guard.set()
        if self.inbox is not None:
            self.inbox.stop()
            close_tree(self.inbox.widget)
            self.inbox = None
        self.inbox_box.children = ()

    def _keep_watch(self, stopped: threading.Event) -> None:
        """Say so at once if the service ends without Stop (it failed, or was killed);
        meanwhile tell a room taken over from an ended kernel that it is still shown."""
        while not stopped.wait(self.check_every):
            self.local.keep_alive()
            if not self.local.running:
                self.start_button.disabled = self.reach_choice.disabled = False
                self.stop_button.disabled = True
                self.reach.value = (
                    _("<p role='alert' class='pwb-error'>The live room stopped unexpectedly: "
                    "phones can send nothing now. What they sent before is kept in this "
                    "workbook. Press Start the live room to open it again (the phones then "
                    "join with the new code).</p>"))
                return

    def _stop_quietly(self) -> int | None:
        self.close()
        if not self.local.running:
            return None
        return self.local.stop()
