"""Shared fixtures: an empty workbook, and copies of the demo workbook, on either backend.

The demo is built once per test session and copied into each test's own folder, so a test
may change its copy freely without slowing the suite or touching other tests.

Backends: ``wb`` and ``demo_wb`` depend on ``backend``. In the folders of ``BOTH_BACKENDS``
(and the concurrency tests) every test that uses them runs twice, on SQLite and on a
PostgreSQL partnership of its own in the throw-away cluster of ``pg_cluster.py`` (started
once per session, only when a test needs it); elsewhere ``backend`` is SQLite.
"""

from __future__ import annotations

import datetime as dt
import itertools
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from pg_cluster import clone_partnership, start_cluster

from workbook import Workbook
from workbook.demo import build_demo
from workbook.export.pdf import OFFLINE_ARGS
from workbook.store.postgres import DbTarget
from workbook.testing import make_workbook

TESTS = Path(__file__).parent
BOTH_BACKENDS = {"store", "analyses", "export", "interchange"}
BOTH_BACKENDS_MODULES = {"test_concurrency.py"}
BACKENDS = ("sqlite", "postgresql")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "backend" not in metafunc.fixturenames:
        return
    parts = Path(str(metafunc.definition.fspath)).relative_to(TESTS).parts
    if parts[0] in BOTH_BACKENDS or parts[-1] in BOTH_BACKENDS_MODULES:
        metafunc.parametrize("backend", BACKENDS, indirect=True)


@pytest.fixture
def backend(request: pytest.FixtureRequest) -> str:
    """``"sqlite"`` or ``"postgresql"``: where this test's workbooks are kept."""
    return getattr(request, "param", "sqlite")


@pytest.fixture(scope="session")
def pg_cluster():
    """The session's throw-away PostgreSQL server (started on first use)."""
    cluster = start_cluster()
    yield cluster
    cluster.stop()


@pytest.fixture(scope="session")
def pg_url(pg_cluster) -> str:
    """URL of the test database, as its superuser ``postgres``."""
    return pg_cluster.url()


_slugs = itertools.count(1)


@pytest.fixture
def new_target(request: pytest.FixtureRequest, backend: str,
               tmp_path: Path) -> Callable[[str], Path | DbTarget]:
    """``new_target(name)``: where to create a new workbook on this test's backend.

    A file in the test's folder, or a partnership with a slug no other test uses.
    """
    def make(name: str = "workbook") -> Path | DbTarget:
        if backend == "postgresql":
            url = request.getfixturevalue("pg_url")
            return DbTarget(url, f"{name.replace('_', '-')[:40]}-{next(_slugs)}")
        return tmp_path / f"{name}.sqlite"

    return make


@pytest.fixture
def wb(backend: str, new_target) -> Iterator[Workbook]:
    """A new, empty workbook (the partnership of ``make_partnership``): in memory on SQLite."""
    workbook = make_workbook(None if backend == "sqlite" else new_target("wb"))
    yield workbook
    workbook.close()


class _DemoMasters:
    """The demo workbook as built on each day the session runs (its story moves with the
    date: meetings held "last week", actions due "in two weeks"): a session that runs past
    midnight builds it again, so a view reading today's date meets a demo of the same day."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.files: dict[dt.date, Path] = {}
        self.documents: dict[dt.date, dict] = {}
        self.targets: dict[dt.date, DbTarget] = {}

    def file(self, day: dt.date | None = None) -> Path:
        day = day or dt.date.today()
        if day not in self.files:
            path = self.folder / f"demo-{day.isoformat()}.sqlite"
            build_demo(path, today=day).close()
            self.files[day] = path
        return self.files[day]

    def document(self, day: dt.date | None = None) -> dict:
        from workbook.interchange.jsonio import export_json

        day = day or dt.date.today()
        if day not in self.documents:
            with Workbook.open(self.file(day), daily_backup=False) as master:
                self.documents[day] = export_json(master)
        return self.documents[day]

    def target(self, pg_url: str) -> DbTarget:
        from workbook.interchange.jsonio import import_json

        day = dt.date.today()
        if day not in self.targets:
            target = DbTarget(pg_url, f"demo-master-{day:%Y%m%d}")
            import_json(self.document(day), target).close()
            self.targets[day] = target
        return self.targets[day]


@pytest.fixture(scope="session")
def _demo_masters(tmp_path_factory: pytest.TempPathFactory) -> _DemoMasters:
    return _DemoMasters(tmp_path_factory.mktemp("demo-master"))


@pytest.fixture
def demo_path(_demo_masters: _DemoMasters, tmp_path: Path) -> Path:
    """This test's own copy of the demo workbook file (not opened), built today."""
    copy = tmp_path / "demo.sqlite"
    shutil.copyfile(_demo_masters.file(), copy)
    return copy


@pytest.fixture
def demo_wb(backend: str, request: pytest.FixtureRequest, new_target) -> Iterator[Workbook]:
    """This test's own copy of the demo workbook, open (a file, or a new partnership)."""
    if backend == "postgresql":
        master = request.getfixturevalue("_demo_masters").target(
            request.getfixturevalue("pg_url"))
        target = new_target("demo")
        clone_partnership(master.url, master.slug, target.slug)
        workbook = Workbook.open(target)
    else:
        workbook = Workbook.open(request.getfixturevalue("demo_path"), daily_backup=False)
    yield workbook
    workbook.close()


# -- the one browser of the session (Playwright's sync API allows one instance at a time) --

CHROMIUM = Path("/usr/bin/chromium")
# Every chromium a test starts talks to 127.0.0.1 only (workbook.export.pdf.OFFLINE_ARGS).
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                 *OFFLINE_ARGS]


@pytest.fixture(scope="session")
def browser():
    """One headless chromium for the whole session."""
    if not CHROMIUM.exists():
        pytest.fail("Debian's chromium is missing: `make test` installs it "
                    "(apt-get install chromium).")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        instance = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield instance
        instance.close()
