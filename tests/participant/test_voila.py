"""Voila's settings for the participant app: no tracebacks, no files, only the notebook."""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
VOILA = Path(sys.executable).parent / "voila"
KEY = "5" * 32  # a browser's visitor key (views/participant/visitor.py)


def test_voila_config_is_read_from_the_repository_root(monkeypatch: pytest.MonkeyPatch) -> None:
    """Voila (as a Binder server extension) finds voila.json and takes its settings."""
    from voila.configuration import VoilaConfiguration
    from voila.server_extension import load_config_file

    monkeypatch.chdir(ROOT)
    config = VoilaConfiguration()
    config.update_config(load_config_file())
    assert config.show_tracebacks is False
    assert config.strip_sources is True
    assert config.file_allowlist == []
    assert config.file_denylist == [".*"]


def test_voila_config_is_plain_json_with_known_sections() -> None:
    """The file holds only Voila's own sections, so a typo cannot pass unnoticed."""
    data = json.loads((ROOT / "voila.json").read_text(encoding="utf-8"))
    assert set(data) == {"VoilaConfiguration", "VoilaExecutor"}
    assert data["VoilaExecutor"]["show_tracebacks"] is False


def _free_port() -> int:
    with contextlib.closing(socket.socket()) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str, timeout: float = 120) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8", "replace")


@contextlib.contextmanager
def _voila(work: Path, env: dict[str, str]) -> Iterator[str]:
    port = _free_port()
    log = (work / "voila.log").open("w")
    process = subprocess.Popen(
        [str(VOILA), "--no-browser", f"--port={port}", "--Voila.ip=127.0.0.1",
         str(work / "notebooks" / "participant.ipynb")],
        cwd=work, env={**os.environ, **env, "JUPYTER_PLATFORM_DIRS": "1",
                       "JUPYTER_RUNTIME_DIR": str(work / "runtime")},
        stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise RuntimeError((work / "voila.log").read_text()[-2000:])
            with contextlib.suppress(OSError):
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            time.sleep(0.3)
        yield url
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=5)
        log.close()


@pytest.fixture
def workspace(tmp_path: Path, demo_path: Path) -> Path:
    """A meeting repository: the app notebook, voila.json and the committed workbook."""
    (tmp_path / "notebooks").mkdir()
    (tmp_path / "data").mkdir()
    shutil.copy(ROOT / "notebooks" / "participant.ipynb", tmp_path / "notebooks")
    shutil.copy(ROOT / "voila.json", tmp_path)
    shutil.copy(demo_path, tmp_path / "data" / "meeting.sqlite")
    return tmp_path


@pytest.mark.slow
def test_voila_serves_the_app_but_no_files(workspace: Path) -> None:
    """The app page renders; the workbook and the notebook cannot be fetched as files."""
    env = {"WORKBOOK": "", "WORKBOOK_DRAFTS": str(workspace / "drafts")}
    with _voila(workspace, env) as url:
        status, page = _get(f"{url}/?meeting=1&visitor={KEY}")
        assert status == 200
        assert "application/vnd.jupyter.widget-view+json" in page
        assert "Traceback" not in page and "open_for_participant" not in page
        for path in ("data/meeting.sqlite", "notebooks/participant.ipynb", "voila.json"):
            code, body = _get(f"{url}/voila/files/{path}", timeout=30)
            assert code in (403, 404), path
            assert "SQLite format" not in body


@pytest.mark.slow
def test_voila_shows_a_message_not_a_traceback(workspace: Path) -> None:
    """A missing workbook gives the participant one plain sentence, no traceback."""
    (workspace / "data" / "meeting.sqlite").unlink()
    env = {"WORKBOOK": str(workspace / "data" / "gone.sqlite")}
    with _voila(workspace, env) as url:
        status, page = _get(f"{url}/?visitor={KEY}")
    assert status == 200
    assert "No workbook at" in page
    assert "Traceback" not in page and "File \\\"" not in page


def test_voila_template_is_installed_and_asks_no_cdn() -> None:
    """voila.json picks the workbook template, installed here, which drops the CDN links."""
    from workbook.views.participant.voila_setup import TEMPLATE, installed_template

    data = json.loads((ROOT / "voila.json").read_text(encoding="utf-8"))
    assert data["VoilaConfiguration"]["template"] == "workbook"
    installed = installed_template()
    for name in ("conf.json", "index.html.j2"):
        assert (installed / name).read_text() == (TEMPLATE / name).read_text(), \
            "run `python -m workbook.views.participant.voila_setup` (make does)"


@pytest.mark.slow
def test_voila_page_links_nothing_outside_the_server(workspace: Path) -> None:
    """The served page names no cdn.jsdelivr.net (Font Awesome comes from Voila's bundle)."""
    env = {"WORKBOOK": "", "WORKBOOK_DRAFTS": str(workspace / "drafts")}
    with _voila(workspace, env) as url:
        status, page = _get(f"{url}/?meeting=1&visitor={KEY}")
    assert status == 200
    assert "cdn.jsdelivr.net" not in page
    assert re.findall(r'(?:src|href)="(https?://[^"]+)"', page) == []
    assert "voila-style.js" in page  # where the icons now come from


@pytest.mark.slow
def test_voila_without_a_visitor_key_starts_no_kernel(workspace: Path) -> None:
    """A page asked for without a visitor key gets the small key page, and no kernel runs."""
    env = {"WORKBOOK": "", "WORKBOOK_DRAFTS": str(workspace / "drafts")}
    log = workspace / "voila.log"
    with _voila(workspace, env) as url:
        status, page = _get(f"{url}/?meeting=1")
        assert status == 200 and "workbook-visitor" in page
        assert "application/vnd.jupyter.widget-view+json" not in page
        assert "Kernel started" not in log.read_text()
        status, page = _get(f"{url}/?meeting=1&visitor={KEY}")
        assert status == 200 and "application/vnd.jupyter.widget-view+json" in page
        assert "Kernel started" in log.read_text()  # the log does say when one starts
