"""Shared fixtures: an empty in-memory workbook, and copies of the demo workbook.

The demo is built once per test session and copied into each test's own folder, so a test
may change its copy freely without slowing the suite or touching other tests.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from workbook import Workbook
from workbook.demo import build_demo
from workbook.export.pdf import OFFLINE_ARGS
from workbook.testing import make_workbook


@pytest.fixture
def wb() -> Iterator[Workbook]:
    """A new, empty workbook in memory (the partnership of ``make_partnership``)."""
    workbook = make_workbook()
    yield workbook
    workbook.close()


@pytest.fixture(scope="session")
def _demo_master(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo-master") / "demo.sqlite"
    build_demo(path).close()
    return path


@pytest.fixture
def demo_path(_demo_master: Path, tmp_path: Path) -> Path:
    """This test's own copy of the demo workbook file (not opened)."""
    copy = tmp_path / "demo.sqlite"
    shutil.copyfile(_demo_master, copy)
    return copy


@pytest.fixture
def demo_wb(demo_path: Path) -> Iterator[Workbook]:
    """This test's own copy of the demo workbook, open."""
    workbook = Workbook.open(demo_path, daily_backup=False)
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
