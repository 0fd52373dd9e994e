"""A throw-away PostgreSQL cluster with the live schema, and the participant service.

The cluster runs on a free port from 9500-9599 on 127.0.0.1 (as the ``postgres`` user when
the tests run as root, as in CI) and is removed afterwards. The participant service runs in
a thread of the test process with its own asyncio loop.
"""

from __future__ import annotations

import asyncio
import secrets
import threading
from collections.abc import Iterator
from dataclasses import dataclass

import psycopg
import pytest
from live_kit import DB, Phone
from pg_cluster import ports_from_env

from workbook.live import cluster as live_cluster
from workbook.live import schema
from workbook.live.app import make_app
from workbook.live.cluster import Cluster, start_cluster
from workbook.live.server import listen
from workbook.live.settings import Settings

PORTS = ports_from_env(range(9500, 9600))


def free_port() -> int:
    """A free port for the tests' servers (9500-9599, or ``WORKBOOK_TEST_PORTS``)."""
    return live_cluster.free_port(PORTS.start, PORTS.stop)


@dataclass
class LiveDB:
    cluster: Cluster
    participant_dsn: str
    facilitators: dict[str, str]   # role -> DSN

    def admin(self) -> psycopg.Connection:
        return psycopg.connect(self.cluster.admin_dsn(DB), autocommit=True)


def make_live_db(cluster: Cluster) -> LiveDB:
    with psycopg.connect(cluster.admin_dsn(), autocommit=True) as admin:
        admin.execute(f"CREATE DATABASE {DB}")
    participant_pw = secrets.token_hex(12)
    facilitators = {}
    with psycopg.connect(cluster.admin_dsn(DB), autocommit=True) as admin:
        schema.install(admin, DB)
        schema.set_participant_password(admin, participant_pw)
        for role in ("fac_alice", "fac_bob"):
            password = secrets.token_hex(12)
            schema.add_facilitator(admin, role, password)
            facilitators[role] = cluster.dsn(role, password, DB)
    return LiveDB(cluster, cluster.dsn(schema.PARTICIPANT, participant_pw, DB), facilitators)


@pytest.fixture(scope="session")
def live_db() -> Iterator[LiveDB]:
    """PostgreSQL with the live schema, the participant role and two facilitators."""
    cluster = start_cluster(free_port())
    try:
        yield make_live_db(cluster)
    finally:
        cluster.stop()


class ServiceThread:
    """The participant service on 127.0.0.1 in a thread; ``url`` ends with the prefix."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.url = f"http://127.0.0.1:{settings.port}{settings.prefix}"
        self._ready = threading.Event()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stop: asyncio.Event | None = None
        self.app = make_app(settings)
        self._thread = threading.Thread(target=lambda: asyncio.run(self._main()), daemon=True)

    async def _main(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._stop = asyncio.Event()
        service = self.app.settings["live"]
        await service.pool.open(wait=True, timeout=30)
        # As `serve` does: timeouts, connection cap, X-Forwarded-For as a proxy sends it.
        self.server = listen(self.app, self.settings, host="127.0.0.1")
        server = self.server
        self._ready.set()
        await self._stop.wait()
        server.stop()
        await service.pool.close()

    def start(self) -> ServiceThread:
        self._thread.start()
        if not self._ready.wait(30):
            raise RuntimeError("the participant service did not start")
        return self

    def stop(self) -> None:
        if self._loop is not None and self._stop is not None:
            self._loop.call_soon_threadsafe(self._stop.set)
        self._thread.join(10)


@pytest.fixture(scope="module")
def service(live_db: LiveDB) -> Iterator[ServiceThread]:
    """The participant service at /live/ with a burst of 6 and 60 a minute."""
    settings = Settings(db_url=live_db.participant_dsn, prefix="/live/", port=free_port(),
                        rate_per_minute=60, burst=6, max_items=40, max_body_bytes=8192,
                        cookie_secret=secrets.token_hex(32))
    running = ServiceThread(settings).start()
    yield running
    running.stop()


@pytest.fixture
def start_service(live_db: LiveDB):
    """``start_service(**settings)``: a participant service of its own at /live/ with those
    settings (limits, timeouts), stopped after the test."""
    running: list[ServiceThread] = []

    def start(**limits) -> ServiceThread:
        settings = Settings(db_url=live_db.participant_dsn, prefix="/live/", port=free_port(),
                            cookie_secret=secrets.token_hex(32), **limits)
        running.append(ServiceThread(settings).start())
        return running[-1]

    yield start
    for service in running:
        if service._thread.is_alive():  # a test may have stopped it already
            service.stop()


@pytest.fixture(scope="session")
def demo_file(tmp_path_factory):
    """The demo workbook, built once; tests work on copies."""
    from workbook.demo import build_demo

    path = tmp_path_factory.mktemp("demo") / "demo.sqlite"
    build_demo(path).close()
    return path


@pytest.fixture
def demo_wb(tmp_path, demo_file):
    """A copy of the demo workbook in a temporary file."""
    import shutil

    from workbook.store import Workbook

    shutil.copy(demo_file, tmp_path / "demo.sqlite")
    wb = Workbook.open(tmp_path / "demo.sqlite")
    yield wb
    wb.close()


@pytest.fixture
def room(live_db, service):
    """Alice's live room, whose join links point at the test service."""
    from workbook.live.room import LiveRoom

    return LiveRoom(live_db.facilitators["fac_alice"], service.url, "demo")


@pytest.fixture
def phone(service):
    """One participant's phone talking to the test service."""
    p = Phone(service.url)
    yield p
    p.close()
