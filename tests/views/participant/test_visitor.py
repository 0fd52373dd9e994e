"""The visitor key: no kernel for a page without one; the page that adds it; voila.py."""

from __future__ import annotations

from pathlib import Path

import pytest
import tornado.web

from workbook.views.participant.visitor import VISITOR_PAGE, prelaunch_hook

ROOT = Path(__file__).resolve().parents[3]


class FakeRequest:
    """What the hook uses of tornado's RequestHandler."""

    def __init__(self, query: dict[str, list[str]]) -> None:
        self.query = query
        self.headers: dict[str, str] = {}

    def get_query_arguments(self, name: str) -> list[str]:
        return self.query.get(name, [])

    def set_header(self, name: str, value: str) -> None:
        self.headers[name] = value


def test_visitor_hook_lets_a_page_with_a_key_through():
    """A well-formed key: Voila goes on and starts the kernel."""
    assert prelaunch_hook(FakeRequest({"visitor": ["ab" * 16], "meeting": ["2"]})) is None


@pytest.mark.parametrize("query", [{}, {"visitor": [""]}, {"visitor": ["AB" * 16]},
                                   {"visitor": ["ab" * 16, "cd" * 16]},
                                   {"visitor": ["ab" * 16 + "0"]}])
def test_visitor_hook_answers_a_page_without_a_key_with_the_key_page(query):
    """No (or a malformed) key: the small page answers, before any kernel starts."""
    request = FakeRequest(query)
    with pytest.raises(tornado.web.Finish) as finished:
        prelaunch_hook(request)
    assert finished.value.args == (VISITOR_PAGE,)
    assert request.headers["Cache-Control"] == "no-store"
    assert "localStorage" in VISITOR_PAGE and "getRandomValues" in VISITOR_PAGE
    assert "http" not in VISITOR_PAGE  # asks nothing of anyone


def test_visitor_hook_is_set_in_the_environments_voila_py(tmp_path):
    """The installed voila.py (read by Voila from the Jupyter config folder) sets the hook,
    and this environment has it (make and postBuild install it)."""
    from traitlets.config import Config
    from traitlets.config.loader import PyFileConfigLoader

    from workbook.views.participant.voila_setup import (
        HOOK_CONFIG,
        install_hook_config,
        installed_hook_config,
    )

    written = install_hook_config(tmp_path)
    config = PyFileConfigLoader("voila.py", path=str(written.parent)).load_config()
    assert isinstance(config, Config)
    assert config.VoilaConfiguration.prelaunch_hook is prelaunch_hook
    from workbook.views.participant.offline import page_config_hook

    assert config.VoilaConfiguration.page_config_hook is page_config_hook
    assert installed_hook_config().read_text() == HOOK_CONFIG, \
        "run `python -m workbook.views.participant.voila_setup` (make does)"
    assert not (ROOT / "voila.py").exists(), "a voila.py here would shadow the package"


def test_voila_inside_the_lab_asks_no_cdn_for_mathjax(tmp_path):
    """Issue 25, point 4: the participant app served by JupyterLab's Voila (the Binder
    link's own path) chose MathJax from cdnjs.cloudflare.com; with the environment's
    voila.py it chooses the copy bundled with Voila. A real lab on 127.0.0.1."""
    import json
    import os
    import re
    import subprocess
    import sys
    import time

    import httpx
    from pg_cluster import ports_from_env

    from workbook.live.cluster import free_port
    from workbook.views.participant.voila_setup import install_hook_config

    ports = ports_from_env(range(9540, 9600))
    port = free_port(ports.start, ports.stop)
    config_dir = install_hook_config(tmp_path / "env").parent
    env = {**os.environ, "JUPYTER_CONFIG_PATH": str(config_dir),
           "WORKBOOK_LAB_STATE": str(tmp_path / "state"),
           "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    lab = subprocess.Popen(
        [sys.executable, "-m", "jupyter", "lab",
         f"--config={ROOT / 'lab' / 'jupyter_server_config.py'}",
         "--no-browser", f"--port={port}", "--ServerApp.ip=127.0.0.1",
         "--IdentityProvider.token=", "--allow-root", f"--ServerApp.root_dir={ROOT}"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        url = (f"http://127.0.0.1:{port}/voila/render/notebooks/participant.ipynb"
               f"?visitor={'ab' * 16}")
        deadline, page = time.monotonic() + 120, None
        while time.monotonic() < deadline:
            try:
                page = httpx.get(url, timeout=90)
                if page.status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            time.sleep(1)
        assert page is not None and page.status_code == 200
        found = re.search(r'<script id="jupyter-config-data" type="application/json">(.*?)'
                          r"</script>", page.text, re.S)
        assert found, page.text[:500]
        config = json.loads(found.group(1))
        assert (config["fullMathjaxUrl"], config["mathjaxConfig"]) == ("null", "null")
    finally:
        lab.terminate()
        lab.wait(20)
