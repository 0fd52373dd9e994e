"""The live room from the facilitator's laptop: the participant service for one workbook.

``LaptopService`` starts the same participant service as on a hub (``app``: the same
pages, signed cookies, XSRF tokens, per-participant limits, headers and body limit) with
its inbox in the workbook file (``sqlite_inbox``), as a child process of the notebook's
kernel (or of ``workbook live``)::

    python -m workbook.live.laptop WORKBOOK --host 127.0.0.1 --port 9510

Why a child process and not a server on the kernel's own event loop: the kernel runs one
cell at a time, so while the facilitator accepts items, exports or runs an analysis, a
server inside it would leave fifty phones waiting; in its own process the service answers
them meanwhile, and a fault in it cannot take the notebook down. It still lives no longer
than the kernel: it reads its standard input, a pipe from the kernel, and stops when the
pipe closes, which the system does when the kernel ends in any way (even killed).

When the kernel ends, the service keeps serving for ``LEASE_SECONDS`` more (45 by
default, ``LIVE_LEASE_SECONDS``), then stops, unless another kernel of the same workbook
file has taken it over meanwhile: meeting mode reloaded in the browser (a new kernel) finds
the running room through its lease file (``lease_path``: the service's process id and
address, touched every few seconds by the kernel that shows the room) and shows it,
instead of the room ending with the old kernel or a second one starting.

It listens on 127.0.0.1 (this laptop only) unless the facilitator opens it to the room's
network; then it listens on the laptop's address on that network only (``lan_address``),
never on every interface.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import errno
import hashlib
import json
import os
import secrets
import signal
import socket
import stat
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Mapping
from pathlib import Path

from ..errors import Sentence, WorkbookError
from ..i18n import N_
from .settings import Settings

__all__ = ["DEFAULT_PORTS", "LEASE_SECONDS", "PORT_TAKEN", "SERVICES", "LaptopService",
           "default_ports", "lan_address", "lease_path", "main", "may_be_running"]

LEASE_SECONDS = 45.0
"""How long the service outlives its kernel, waiting for another kernel to take it over."""
SERVICES: dict[str, LaptopService] = {}
"""The services this kernel started, by workbook file (``local_room.LocalRoom``): a view
built again (its cell run again) finds its room still running here."""


def may_be_running(path: str | os.PathLike[str]) -> bool:
    """Whether a laptop's live room may run for the workbook file ``path`` (cheap: no
    network, and nothing of the live room imported; ``LocalRoom.adopt`` says for sure)."""
    kept = SERVICES.get(str(Path(path).resolve()))
    return (kept is not None and kept.process is not None and kept.process.poll() is None) \
        or lease_path(path).exists()


def lease_path(workbook: str | os.PathLike[str]) -> Path:
    """The lease file of the laptop's live room of ``workbook`` (one per file): JSON with
    the service's ``pid``, ``host``, ``port`` and ``network``; its modification time is
    the last sign of life of a kernel showing it.

    It lives in a folder only this user may enter (``$XDG_RUNTIME_DIR/partnership-workbook``,
    else ``~/.cache/partnership-workbook/live``), never the shared temporary folder, where
    another login could plant a lease pointing the room's phones at a service of theirs.
    """
    runtime = os.environ.get("XDG_RUNTIME_DIR", "")
    base = (Path(runtime) / "partnership-workbook" if runtime and Path(runtime).is_dir()
            else Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
            / "partnership-workbook" / "live")
    with contextlib.suppress(OSError):
        base.mkdir(parents=True, exist_ok=True, mode=0o700)
        base.chmod(0o700)
    key = hashlib.sha256(str(Path(workbook).resolve()).encode()).hexdigest()[:20]
    return base / f"workbook-live-{key}.lease"


def _own_file(path: Path) -> bool:
    """Whether ``path`` is a plain file of this user (not a link, not someone else's)."""
    try:
        info = path.lstat()
    except OSError:
        return False
    return stat.S_ISREG(info.st_mode) and info.st_uid == os.getuid()


def _lease_seconds(environ: Mapping[str, str] | None = None) -> float:
    value = (os.environ if environ is None else environ).get("LIVE_LEASE_SECONDS", "")
    try:
        return max(0.0, float(value)) if value.strip() else LEASE_SECONDS
    except ValueError:
        return LEASE_SECONDS


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: not ours to take over
        return False
    return True


DEFAULT_PORTS = range(9510, 9530)
"""Where the laptop's live room listens: the first port of these that is free."""


def default_ports(environ: Mapping[str, str] | None = None) -> range:
    """``LIVE_PORTS`` ("9510-9529", both ends included) when set and sensible, else
    ``DEFAULT_PORTS``: where IT (or a test) wants the laptop's live room to listen."""
    low, _, high = (os.environ if environ is None else environ).get(
        "LIVE_PORTS", "").partition("-")
    if low.strip().isdigit() and (high.strip() or low).isdigit():
        first, last = int(low), int(high or low)
        if 1024 <= first <= last <= 65535:
            return range(first, last + 1)
    return DEFAULT_PORTS


def lan_address() -> str | None:
    """This laptop's IPv4 address on the network it would use to reach others, or None
    when it is on no network. Sends nothing: connecting a UDP socket only picks a route."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.1", 9))  # TEST-NET-1: never answered, never sent to
            address = str(probe.getsockname()[0])
        except OSError:
            return None
    return None if address.startswith(("127.", "0.")) else address


PORT_TAKEN = 3
"""The service's exit status when its port was taken between the choice and the bind."""


def _free_port(host: str, ports: range, skip: frozenset[int] = frozenset()) -> int:
    for port in ports:
        if port in skip:
            continue
        with socket.socket() as sock:
            try:
                sock.bind((host, port))
            except OSError:
                continue
            return port
    raise WorkbookError(Sentence(N_(
        "Every port from {first} to {last} is taken on this laptop, so the live room cannot "
        "start. Close the other live room (or the program using them) and try again."),
        first=ports.start, last=ports.stop - 1))


class LaptopService:
    """The participant service of one workbook file, as a child process.

    ``network`` opens it to the laptop's network (else 127.0.0.1 only); ``ports`` are tried
    in order. ``url`` is the address phones open (ends with ``/``); ``host`` what it
    listens on. Raises ``WorkbookError`` from ``start`` when it cannot start (no network,
    no free port, a file without the live tables), saying why.
    """

    def __init__(self, path: str | os.PathLike[str], *, network: bool = False,
                 ports: range | None = None) -> None:
        self.path = Path(path)
        self.network = network
        self.ports = ports if ports is not None else default_ports()
        self.host = "127.0.0.1"
        self.port = 0
        self.process: subprocess.Popen[bytes] | None = None
        self.adopted: int | None = None
        """The process id of a service another kernel started and this one took over."""
        self.log: Path | None = None
        """The service's messages while it runs (removed when it stops)."""
        self.lease = lease_path(self.path)

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}/"

    @property
    def running(self) -> bool:
        if self.adopted is not None:
            return _alive(self.adopted) and self.answers()
        return self.process is not None and self.process.poll() is None

    @classmethod
    def adopt(cls, path: str | os.PathLike[str]) -> LaptopService | None:
        """The service another kernel started for ``path`` and that still serves (found
        through its lease file), taken over by this kernel; None when there is none."""
        service = cls(path)
        if not _own_file(service.lease):
            return None
        try:
            lease = json.loads(service.lease.read_text("utf-8"))
            pid, host, port = int(lease["pid"]), str(lease["host"]), int(lease["port"])
        except (OSError, ValueError, KeyError, TypeError):
            return None
        service.host, service.port = host, port
        service.network = bool(lease.get("network"))
        if not _alive(pid) or not service.answers():
            return None
        service.adopted = pid
        service.touch()
        return service

    def touch(self) -> None:
        """Say this kernel still shows the room (the service outlives a kernel only while
        another one touches its lease)."""
        with contextlib.suppress(OSError):
            os.utime(self.lease)

    def _write_lease(self, pid: int) -> None:
        with contextlib.suppress(OSError):
            partial = self.lease.with_suffix(".partial")
            partial.write_text(json.dumps({"pid": pid, "host": self.host, "port": self.port,
                                           "network": self.network}), "utf-8")
            partial.chmod(0o600)
            partial.replace(self.lease)

    def answers(self) -> bool:
        """Whether the service answers its health check now (no proxy in between)."""
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        try:
            with opener.open(self.url + "health", timeout=1) as answer:
                return bool(answer.status == 200)
        except OSError:
            return False

    def start(self, timeout: float = 20.0) -> LaptopService:
        """Start the service and wait until it answers; returns itself."""
        if self.running:
            return self
        if self.network:
            address = lan_address()
            if address is None:
                raise WorkbookError(Sentence(N_(
                    "This laptop is not on a network now, so phones cannot reach it. Join the "
                    "room's Wi-Fi, then start again (or start it for this laptop only).")))
            self.host = address
        else:
            self.host = "127.0.0.1"
        taken: frozenset[int] = frozenset()
        while True:
            # Another program may take the free port before the service binds it: the
            # service then says so (PORT_TAKEN) and the next free port is tried.
            self.port = _free_port(self.host, self.ports, taken)
            if self._spawn_and_wait(timeout):
                return self
            taken |= {self.port}

    def _spawn_and_wait(self, timeout: float) -> bool:
        """Start the service on ``self.port`` and wait until it answers (True), or until
        it ends because the port was taken meanwhile (False); else raise."""
        env = {**os.environ, "LIVE_COOKIE_SECRET": secrets.token_hex(32)}
        # Its messages go to a file, not a pipe nobody reads while it runs: a pipe that
        # fills up would stop the service in the middle of the meeting.
        with tempfile.NamedTemporaryFile(prefix="workbook-live-", suffix=".log",
                                         delete=False) as log:
            self.log = Path(log.name)
            env["LIVE_LOG_FILE"] = log.name  # it removes the file when it ends well
            env["LIVE_LEASE_FILE"] = str(self.lease)
            self.process = subprocess.Popen(
                [sys.executable, "-m", "workbook.live.laptop", str(self.path), "--host",
                 self.host, "--port", str(self.port)], stdin=subprocess.PIPE,
                stdout=subprocess.DEVNULL, stderr=log, env=env, start_new_session=True)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                error = self.log.read_text("utf-8", "replace").strip().splitlines()
                self.log.unlink(missing_ok=True)
                status, self.process = self.process.returncode, None
                if status == PORT_TAKEN:
                    return False
                raise WorkbookError(Sentence(
                    N_("The live room did not start: {reason}.") if error else
                    N_("The live room did not start: it stopped at once."),
                    reason=error[-1] if error else ""))
            if self.answers():
                self._write_lease(self.process.pid)
                return True
            time.sleep(0.1)
        self.stop()
        raise WorkbookError(Sentence(N_(
            "The live room did not answer within {seconds} seconds; it was stopped. Try "
            "again; if it happens again, restart the kernel."), seconds=f"{timeout:.0f}"))

    def stop(self, timeout: float = 10.0) -> None:
        """Stop the service: closing its pipe asks it to stop; after ``timeout`` seconds
        it is terminated. Safe to call when it is not running."""
        process, self.process = self.process, None
        adopted, self.adopted = self.adopted, None
        if process is not None or adopted is not None:
            with contextlib.suppress(OSError):
                self.lease.unlink()
        if adopted is not None:  # not our child: ask it to stop and wait until it has
            with contextlib.suppress(OSError):
                os.kill(adopted, signal.SIGTERM)
            deadline = time.monotonic() + timeout
            while time.monotonic() < deadline and self.answers():
                time.sleep(0.1)
            return
        if process is None:
            return
        with contextlib.suppress(OSError):
            if process.stdin is not None:
                process.stdin.close()
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            process.terminate()
            process.wait(5)
        with contextlib.suppress(OSError):
            if self.log is not None:
                self.log.unlink()


# -- the child process ---------------------------------------------------------------------


async def _run(settings: Settings, path: Path) -> None:
    from .app import _serve  # the service's own serving loop, shared with the hub's
    from .sqlite_inbox import SqliteParticipantStore

    loop = asyncio.get_running_loop()
    stopped = asyncio.Event()

    def wait_for_parent() -> None:
        with contextlib.suppress(OSError, ValueError):  # the raw descriptor: no buffer lock
            while os.read(0, 4096):                       # to trip over at shutdown
                pass
        # The kernel is gone: serve on while another kernel touches the lease (meeting
        # mode reloaded took the room over); stop once nobody has for LEASE_SECONDS.
        lease, grace = os.environ.get("LIVE_LEASE_FILE"), _lease_seconds()
        while lease:
            try:
                idle = time.time() - os.stat(lease).st_mtime
            except OSError:
                break  # the lease is gone: someone stopped the room
            if idle > grace:
                with contextlib.suppress(OSError):
                    os.unlink(lease)
                break
            time.sleep(min(1.0, max(grace - idle, 0.05)))
        loop.call_soon_threadsafe(stopped.set)

    threading.Thread(target=wait_for_parent, daemon=True).start()
    for sig in (signal.SIGTERM, signal.SIGINT):
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(sig, stopped.set)
    await _serve(settings, SqliteParticipantStore(path), stopped)


def main(argv: list[str] | None = None) -> int:
    """``python -m workbook.live.laptop WORKBOOK --host H --port P``: serve until the
    standard input closes or a SIGTERM; limits from the environment as on a hub."""
    parser = argparse.ArgumentParser(prog="python -m workbook.live.laptop")
    parser.add_argument("workbook")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=DEFAULT_PORTS.start)
    args = parser.parse_args(argv)
    path = Path(args.workbook)
    if not path.is_file():
        print(f"live: {path} is not a workbook file", file=sys.stderr)
        return 2
    try:
        base = Settings.from_env({**os.environ, "LIVE_DB_URL": f"sqlite:///{path}",
                                  "LIVE_BIND": f"{args.host}:{args.port}", "LIVE_PREFIX": "/"})
    except WorkbookError as exc:
        print(f"live: {exc}", file=sys.stderr)
        return 2
    import logging

    logging.basicConfig(level=logging.WARNING, format="%(asctime)s live %(message)s")
    try:
        asyncio.run(_run(base, path))
    except OSError as exc:
        if exc.errno != errno.EADDRINUSE:
            print(f"live: {type(exc).__name__}: {exc}", file=sys.stderr)
            return 1
        print(f"live: port {args.port} was taken meanwhile", file=sys.stderr)
        return PORT_TAKEN
    except Exception as exc:  # one line for the notebook, e.g. a file without live tables
        print(f"live: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1
    if os.environ.get("LIVE_LOG_FILE"):  # a clean stop, even after the kernel was killed
        with contextlib.suppress(OSError):
            os.unlink(os.environ["LIVE_LOG_FILE"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
