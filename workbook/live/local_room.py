"""The live room of a workbook file, run from the facilitator's laptop: what the start and
stop button does (the model behind ``views.steps.laptop_room``, tested without widgets).

``LocalRoom(wb)`` knows whether the participant service runs and who can reach it;
``start(network=...)`` starts it (``laptop.LaptopService``) and gives the ``LiveRoom``
whose sessions and inbox are in the file; ``stop()`` closes every open session of the file
(the phones then say the session closed) and stops the service.
"""

from __future__ import annotations

from collections.abc import Callable

from ..errors import WorkbookError
from ..i18n import _
from ..store import Workbook
from .laptop import LaptopService, default_ports
from .room import LiveRoom
from .sqlite_inbox import SqliteInbox

__all__ = ["LocalRoom"]


def _served(base: str) -> bool:
    """Whether a laptop's live room answers at ``base`` (``http://host:port/``) now."""
    if not base.startswith("http://"):
        return False
    host, _, port = base[len("http://"):].rstrip("/").rpartition(":")
    if not port.isdigit() or not host:
        return False
    probe = LaptopService(".")
    probe.host, probe.port = host, int(port)
    return probe.answers()


class LocalRoom:
    """Start and stop the live room of ``wb`` (a workbook file) on this laptop."""

    def __init__(self, wb: Workbook, *, ports: range | None = None) -> None:
        if wb.path is None:
            raise WorkbookError(_("The live room on this laptop keeps what phones send in "
                                  "the workbook file; this workbook is in a database. Use the "
                                  "hub's live room instead."))
        self.wb = wb
        self.inbox = SqliteInbox(wb.path)
        self.ports = ports if ports is not None else default_ports()
        self.service: LaptopService | None = None
        self.room: LiveRoom | None = None

    @property
    def running(self) -> bool:
        return self.service is not None and self.service.running

    @property
    def network(self) -> bool:
        return self.service is not None and self.service.network

    def _close(self, which: Callable[[str], bool]) -> int:
        """Close the file's open sessions whose service address ``which`` picks."""
        closed = 0
        for session in self.inbox.open_sessions():
            if which(str(session.published.get("join_base", ""))):
                self.inbox.set_state(session.id, "closed")
                closed += 1
        return closed

    def start(self, *, network: bool = False) -> LiveRoom:
        """Start the service (127.0.0.1 only, or the laptop's network address), closing
        any session a stopped run left open (a room another notebook or ``workbook live``
        still serves keeps its own); raises ``WorkbookError`` saying why not."""
        if self.running:
            self.stop()
        elif self.service is not None:  # ended without Stop: tidy what it left
            self.service.stop()
        self._close(lambda base: not _served(base))
        assert self.wb.path is not None
        self.service = LaptopService(self.wb.path, network=network, ports=self.ports).start()
        self.room = LiveRoom(self.inbox, self.service.url, self.wb.partnership_uid())
        return self.room

    def attach(self) -> LiveRoom | None:
        """The room of a session another process (``workbook live``) opened in this file and
        still serves, to watch and decide its inbox here; None when there is none."""
        session = self.inbox.latest_open()
        base = str(session.published.get("join_base", "")) if session is not None else ""
        if not _served(base):
            return None
        return LiveRoom(self.inbox, base, self.wb.partnership_uid())

    def stop(self) -> int:
        """Close this room's sessions (and any left by a stopped run) and stop the service;
        how many sessions closed."""
        mine = self.service.url if self.service is not None else None
        closed = self._close(lambda base: base == mine or not _served(base))
        if self.service is not None:
            self.service.stop()
        self.service, self.room = None, None
        return closed

    def reach(self) -> str:
        """Who can reach the live room now, and how to close it: one paragraph."""
        if not self.running:
            return _("The live room is stopped: no phone can reach it, and nothing is sent to "
                     "this workbook.")
        assert self.service is not None
        if not self.service.network:
            return _("Only this laptop can open the live room ({url}): it listens on "
                     "127.0.0.1, so phones cannot reach it. To let the phones in the room "
                     "join, stop it and start it again for the room's network. It stops when "
                     "you press Stop the live room or when this notebook's kernel "
                     "stops.").format(url=self.service.url)
        return _("Anyone connected to the same network as this laptop can open {url} and, "
                 "with the join code, send to this meeting. Nobody on the internet can reach "
                 "it unless this network lets them in, and nothing leaves this laptop: what "
                 "phones send is kept in this workbook file. To close it, press Stop the live "
                 "room; it also stops when this notebook's kernel stops.").format(
                     url=self.service.url)
