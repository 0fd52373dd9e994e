"""Real-browser fixtures: Debian's chromium through Playwright, JupyterLab and Voila servers.

Servers listen on 127.0.0.1 on a free port, work on copies of the notebooks and of the demo
workbook in a temporary folder, and are stopped by their process id afterwards. Nothing
downloads a browser: chromium comes from Debian (`make test` installs it).
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def pytest_terminal_summary(terminalreporter) -> None:
    """Name every screenshot taken, so a person can look at what the facilitator saw."""
    from browser_kit import TAKEN

    if TAKEN:
        terminalreporter.section("screenshots of each flow's end state")
        for path in TAKEN:
            terminalreporter.write_line(str(path))


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture
def page(browser):
    """A fresh page that records console errors and every request it makes."""
    context = browser.new_context(viewport={"width": 1280, "height": 900},
                                  accept_downloads=True)
    page = context.new_page()
    page.console_errors = []
    page.requests = []
    page.on("console", lambda m: m.type == "error" and page.console_errors.append(m.text))
    page.on("request", lambda r: page.requests.append(r.url))
    yield page
    context.close()


def free_port() -> int:
    """A free port on 127.0.0.1; within ``WORKBOOK_TEST_PORTS`` ("9300-9349") when set."""
    wanted = os.environ.get("WORKBOOK_TEST_PORTS", "")
    low, _, high = wanted.partition("-")
    candidates = range(int(low), int(high or low) + 1) if low.isdigit() else [0]
    for port in candidates:
        with contextlib.closing(socket.socket()) as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return sock.getsockname()[1]
    raise RuntimeError(f"no free port in WORKBOOK_TEST_PORTS={wanted}")


@dataclass
class Server:
    url: str
    token: str
    process: subprocess.Popen
    workdir: Path
    workbook: Path
    log: Path

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=5)


def _wait_until_up(server: Server, path: str, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"server exited early:\n{server.log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(f"{server.url}{path}", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"server did not come up:\n{server.log.read_text()[-3000:]}")


def _workspace(tmp: Path) -> tuple[Path, Path]:
    """Copies of the notebooks and of the demo workbook; the repository stays untouched."""
    from workbook.demo import build_demo

    work = tmp / "project"
    shutil.copytree(ROOT / "notebooks", work / "notebooks",
                    ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    (work / "data").mkdir()
    workbook = work / "data" / "demo.sqlite"
    build_demo(workbook).close()
    for extra in ("voila.json",):
        if (ROOT / extra).exists():
            shutil.copy(ROOT / extra, work / extra)
    (work / "exports").mkdir()
    return work, workbook


def _start(cmd: list[str], work: Path, workbook: Path, port: int, token: str,
           ready_path: str, extra_env: dict[str, str] | None = None) -> Server:
    log = work / "server.log"
    env = {**os.environ, "WORKBOOK": str(workbook), "JUPYTER_PLATFORM_DIRS": "1",
           "JUPYTER_RUNTIME_DIR": str(work / "runtime"), **(extra_env or {})}
    with log.open("w") as out:
        process = subprocess.Popen(cmd, cwd=work, env=env, stdout=out, stderr=subprocess.STDOUT,
                                   start_new_session=True)
    server = Server(f"http://127.0.0.1:{port}", token, process, work, workbook, log)
    try:
        _wait_until_up(server, ready_path)
    except BaseException:
        server.stop()
        raise
    return server


@pytest.fixture(scope="module")
def lab_server(tmp_path_factory) -> Iterator[Server]:
    """JupyterLab on a free port with a copy of the demo workbook."""
    work, workbook = _workspace(tmp_path_factory.mktemp("lab"))
    port, token = free_port(), secrets.token_hex(16)
    # The lab `make run` starts (lab/jupyter_server_config.py), rooted at the project copy.
    cmd = [str(BIN / "jupyter"), "lab", "--no-browser", "--allow-root", "--ip=127.0.0.1",
           f"--config={ROOT / 'lab' / 'jupyter_server_config.py'}",
           f"--port={port}", f"--IdentityProvider.token={token}",
           f"--ServerApp.root_dir={work}",
           "--LabApp.expose_app_in_browser=True",
           "--ServerApp.disable_check_xsrf=False"]
    server = _start(cmd, work, workbook, port, token, f"/api/status?token={token}",
                    extra_env={"WORKBOOK_LAB_STATE": str(work / ".lab")})
    yield server
    server.stop()


@pytest.fixture(scope="module")
def lab_voila_server(tmp_path_factory) -> Iterator[Server]:
    """JupyterLab as `make run` starts it, whose Voila (``/voila/render/...``, the path a
    Binder link opens) reads the ``voila.py`` this tree's ``voila_setup`` writes."""
    from workbook.views.participant.voila_setup import install_hook_config

    work, workbook = _workspace(tmp_path_factory.mktemp("lab-voila"))
    config = install_hook_config(work / "env").parent
    port, token = free_port(), secrets.token_hex(16)
    cmd = [str(BIN / "jupyter"), "lab", "--no-browser", "--allow-root", "--ip=127.0.0.1",
           f"--config={ROOT / 'lab' / 'jupyter_server_config.py'}",
           f"--port={port}", f"--IdentityProvider.token={token}",
           f"--ServerApp.root_dir={work}"]
    server = _start(cmd, work, workbook, port, token, f"/api/status?token={token}",
                    extra_env={"WORKBOOK_LAB_STATE": str(work / ".lab"),
                               "JUPYTER_CONFIG_PATH": str(config),
                               "PYTHONPATH": str(ROOT)})
    yield server
    server.stop()


@pytest.fixture(scope="module")
def voila_server(tmp_path_factory) -> Iterator[Server]:
    """Voila serving the participant app, with a copy of the demo workbook."""
    work, workbook = _workspace(tmp_path_factory.mktemp("voila"))
    port = free_port()
    cmd = [str(BIN / "voila"), "--no-browser", f"--port={port}", "--Voila.ip=127.0.0.1",
           "--VoilaConfiguration.show_tracebacks=False",
           str(work / "notebooks" / "participant.ipynb")]
    server = _start(cmd, work, workbook, port, "", "/")
    yield server
    server.stop()


@pytest.fixture(scope="module")
def lab_server_no_env(tmp_path_factory) -> Iterator[Server]:
    """JupyterLab as `make run` starts it with no WORKBOOK given: the notebooks open the
    project's current partnership (the demo until one is chosen)."""
    work, workbook = _workspace(tmp_path_factory.mktemp("lab-choose"))
    port, token = free_port(), secrets.token_hex(16)
    cmd = [str(BIN / "jupyter"), "lab", "--no-browser", "--allow-root", "--ip=127.0.0.1",
           f"--config={ROOT / 'lab' / 'jupyter_server_config.py'}",
           f"--port={port}", f"--IdentityProvider.token={token}",
           f"--ServerApp.root_dir={work}",
           "--LabApp.expose_app_in_browser=True",
           "--ServerApp.disable_check_xsrf=False"]
    server = _start(cmd, work, workbook, port, token, f"/api/status?token={token}",
                    extra_env={"WORKBOOK_LAB_STATE": str(work / ".lab"), "WORKBOOK": "",
                               "WORKBOOK_DB": "", "WORKBOOK_PARTNERSHIP": ""})
    yield server
    server.stop()
