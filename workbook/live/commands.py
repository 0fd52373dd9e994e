"""``workbook live PATH``: run the live room of a workbook file from this laptop.

Starts the participant service for the file (``local_room``), opens a live session for a
meeting (``--meeting ID``, else the one held last), prints who can reach it, the join link, code
and QR code, and runs until Ctrl-C (or ``--minutes`` have passed); then it closes the
session and stops. What phones send waits in the file: accept it in the contributions
view ("Remote participants"), which shows the inbox while the room runs.
``--network`` opens it to the laptop's network (else this laptop only); ``--port N``
chooses the port (else the first free one from 9510 to 9529, or of ``LIVE_PORTS``).
"""

from __future__ import annotations

import argparse
import sys
import time
from typing import Any

from ..i18n import _

__all__ = ["register"]


def register(subparsers: Any) -> None:
    """Add ``live`` to the ``workbook`` parser."""
    p = subparsers.add_parser(
        "live", help=_("run the live room for phones from this laptop"),
        description=_("Start the live room of a workbook file on this laptop: phones in the "
                      "room join with a code, without an account or the internet; what they "
                      "send waits in the file until you accept it in the notebook."))
    p.add_argument("path", metavar="PATH", help=_("the workbook file"))
    p.add_argument("--network", action="store_true",
                   help=_("let phones on this laptop's network join (default: this laptop only)"))
    p.add_argument("--meeting", type=int, default=None, help=_("the meeting's number"))
    p.add_argument("--port", type=int, default=None,
                   help=_("the port to listen on (default: the first free from 9510 to 9529)"))
    p.add_argument("--minutes", type=int, default=120,
                   help=_("how long the session takes input (1-1440, default 120)"))
    p.set_defaults(func=live)


def _latest_meeting(wb: Any) -> int | None:
    """The meeting being held or last held (``model.current_meeting``), never a planned
    one; None (a session without an evaluation) when none was held yet."""
    import datetime as dt

    from ..model import Meeting, current_meeting

    meetings = wb.all(Meeting)
    held = current_meeting(meetings, dt.date.today()) or current_meeting(meetings)
    return held.id if held is not None else None


def live(args: argparse.Namespace) -> int | None:
    from ..commands import opened
    from .local_room import LocalRoom

    with opened(args.path, daily_backup=True) as wb:
        local = LocalRoom(wb, ports=range(args.port, args.port + 1) if args.port else None)
        room = local.start(network=args.network)
        try:
            meeting = args.meeting if args.meeting is not None else _latest_meeting(wb)
            session = room.open_session(wb, meeting, minutes=args.minutes)
            print(local.reach())
            print(_("Join code: {code}").format(code=session.code))
            print(_("Link: {url}").format(url=session.join_url))
            if sys.stdout.isatty():
                import qrcode

                code = qrcode.QRCode(border=1)
                code.add_data(session.join_url)
                code.print_ascii(out=sys.stdout)
            print(_("Press Ctrl-C to stop the live room."), flush=True)
            deadline = time.monotonic() + args.minutes * 60
            while time.monotonic() < deadline and local.running:
                time.sleep(0.5)
        except KeyboardInterrupt:
            pass
        finally:
            local.stop()
        print(_("The live room is stopped; phones can send nothing more."))
    return None
