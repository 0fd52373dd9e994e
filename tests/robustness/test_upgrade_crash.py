"""A process killed at any instant of a schema upgrade leaves a file the next open upgrades.

The schema-1 fixture is upgraded in a separate process that is SIGKILLed: under ``strace``
at the N-th write, sync, unlink or rename system call (so at every step of the backup, the
upgrade's journal, its commit and the removal of the journal), and at random moments
without it. The next open must let SQLite roll back any hot journal, then upgrade: the
file opens at the current schema, intact, with all its schema-1 data, and ``workbook
info`` prints it without a traceback and never calls it damaged.
"""

from __future__ import annotations

import contextlib
import os
import random
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from workbook import Organisation, Workbook
from workbook.store import SCHEMA_VERSION, connect_file

pytestmark = pytest.mark.slow  # starts dozens of processes

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "workbook_v1.sqlite"
UPGRADE = ("import sys\nfrom workbook import Workbook\nprint('ready', flush=True)\n"
           "sys.stdin.readline()\nWorkbook.open(sys.argv[1]).close()\n")
"""A process that imports, says ready, then on one line of input opens (upgrades) a file."""


def _fixture_organisations() -> list[str]:
    with contextlib.closing(connect_file(FIXTURE, read_only=True)) as conn:
        return [r[0] for r in conn.execute("SELECT name FROM organisation ORDER BY id")]


def _strace_works() -> bool:
    if shutil.which("strace") is None:
        return False
    done = subprocess.run(["strace", "-f", "-o", os.devnull, sys.executable, "-c", "pass"],
                          capture_output=True, timeout=60)
    return done.returncode == 0


def _fresh(folder: Path) -> Path:
    folder.mkdir()
    return Path(shutil.copy(FIXTURE, folder / "lakeshore.sqlite"))


def _killed_at(path: Path, syscall: str, n: int) -> bool:
    """Upgrade ``path`` in a process SIGKILLed at its ``n``-th ``syscall``; True if killed."""
    done = subprocess.run(
        ["strace", "-f", "-o", os.devnull, "-e", f"inject={syscall}:signal=KILL:when={n}",
         sys.executable, "-c", UPGRADE, str(path)],
        input="go\n", capture_output=True, text=True, timeout=120)
    if done.returncode == 0:
        return False
    assert done.returncode in (-9, 137), done.stderr
    return True


def _check_recovers(path: Path) -> None:
    """The next open upgrades ``path`` and finds every schema-1 record in it."""
    with Workbook.open(path, daily_backup=False) as wb:
        assert [o.name for o in wb.all(Organisation)] == _fixture_organisations()
        with wb.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA integrity_check").scalar_one() == "ok"
            assert conn.exec_driver_sql(
                "SELECT value FROM meta WHERE key = 'schema_version'").scalar_one() == str(
                    SCHEMA_VERSION)
            conn.exec_driver_sql("SELECT count(*) FROM comment").scalar_one()
    assert not Path(f"{path}-journal").exists()


def _cli_info(path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(Path(sys.executable).with_name("workbook")), "info", str(path)],
                          capture_output=True, text=True, timeout=120)


@pytest.mark.skipif(not _strace_works(), reason="needs strace (tools/install-system-packages.sh)")
@pytest.mark.parametrize("syscall", ["fdatasync", "unlink", "rename", "fsync"])
def test_kill_at_every_sync_unlink_and_rename(tmp_path, syscall):
    """Killed at each sync, unlink (the journal's deletion) or rename: the next open recovers."""
    killed = 0
    for n in range(1, 40):
        path = _fresh(tmp_path / f"{syscall}-{n}")
        if not _killed_at(path, syscall, n):
            break
        killed += 1
        _check_recovers(path)
    assert killed >= 1, f"the upgrade makes no {syscall} call: the test kills nothing"


@pytest.mark.skipif(not _strace_works(), reason="needs strace (tools/install-system-packages.sh)")
def test_kill_at_many_page_writes(tmp_path):
    """Killed at every third page write of backup, upgrade and WAL switch: the next open
    recovers, and ``workbook info`` neither crashes nor calls the file damaged."""
    killed = 0
    for n in range(1, 400, 3):
        path = _fresh(tmp_path / f"pwrite-{n}")
        if not _killed_at(path, "pwrite64", n):
            break
        killed += 1
        if n % 15 == 1:  # the command line too, now and then (each costs a process)
            info = _cli_info(path)
            assert info.returncode == 0, info.stderr
            assert "Traceback" not in info.stderr and "damaged" not in info.stderr
        _check_recovers(path)
    assert killed >= 20, f"only {killed} kill points: the upgrade writes less than expected"


@pytest.mark.skipif(not _strace_works(), reason="needs strace (tools/install-system-packages.sh)")
def test_kill_while_the_journal_is_deleted_then_cli(tmp_path):
    """Killed as SQLite removes the upgrade's journal, `workbook info` prints the workbook."""
    path = _fresh(tmp_path / "journal")
    # The last unlink of the upgrade is its journal's: find it by counting.
    n = 1
    while True:
        probe = _fresh(tmp_path / f"probe-{n}")
        if not _killed_at(probe, "unlink", n):
            break
        n += 1
    last = n - 1
    assert last >= 1
    assert _killed_at(path, "unlink", last)
    assert Path(f"{path}-journal").exists(), "the kill did not leave the journal behind"
    info = _cli_info(path)
    assert info.returncode == 0, info.stderr
    assert "Traceback" not in info.stderr
    assert "Lakeshore Food Processing Partnership" in info.stdout
    _check_recovers(path)


def test_sigkill_at_random_moments_of_the_upgrade(tmp_path):
    """Real SIGKILLs at random moments around the upgrade: every next open recovers."""
    rng = random.Random()
    for round_no in range(8):
        path = _fresh(tmp_path / f"random-{round_no}")
        proc = subprocess.Popen([sys.executable, "-c", UPGRADE, str(path)],
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True)
        assert proc.stdout is not None and proc.stdin is not None
        assert proc.stdout.readline().strip() == "ready"
        proc.stdin.write("go\n")
        proc.stdin.flush()
        time.sleep(rng.uniform(0, 0.06))
        proc.kill()
        proc.communicate(timeout=30)
        _check_recovers(path)
