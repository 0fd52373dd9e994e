"""The live room of a workbook file, run from the facilitator's laptop: what the start and
stop button does (the model behind ``views.steps.laptop_room``, tested without widgets).

``LocalRoom(wb)`` knows whether the participant service runs and who can reach it;
``start(network=...)`` starts it (``laptop.LaptopService``) and gives the ``LiveRoom``
whose sessions and inbox are in the file; ``stop()`` closes every open session of the file
(the phones then say the session closed) and stops the service. ``adopt()`` takes over the
room already running for the file (started by this kernel's earlier view, or by a kernel
that ended, e.g. meeting mode reloaded) so it is shown again, neither stopped nor doubled.
"""

from __future__ import annotations

from collections.abc import Callable

from ..errors import WorkbookError
from ..i18n import _
from ..store import Workbook
from .laptop import SERVICES as _SERVICES
from .laptop import LaptopService, default_ports, may_be_running
from .room import LiveRoom
from .sqlite_inbox import SqliteInbox

__all__ = ["LocalRoom", "may_be_running"]


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
        _SERVICES[self._key] = self.service
        self.room = LiveRoom(self.inbox, self.service.url, self.wb.partnership_uid())
        return self.room

    @property
    def _key(self) -> str:
        assert self.wb.path is not None
        return str(self.wb.path.resolve())

    def adopt(self) -> LiveRoom | None:
        """The laptop's live room already running for this file, now shown here: one this
        kernel started for an earlier view, or one a kernel that ended left serving (its
        lease); None when none runs. Nothing is started or stopped."""
        if self.running:
            return self.room
        assert self.wb.path is not None
        kept = _SERVICES.get(self._key)
        service = kept if kept is not None and kept.running else \
            LaptopService.adopt(self.wb.path)
        if service is None:
            return None
        _SERVICES[self._key] = self.service = service
        self.room = LiveRoom(self.inbox, service.url, self.wb.partnership_uid())
        return self.room

    def keep_alive(self) -> None:
        """Tell a service taken over from an ended kernel that this one still shows it."""
        if self.service is not None:
            self.service.touch()

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
            if _SERVICES.get(self._key) is self.service:
                del _SERVICES[self._key]
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
