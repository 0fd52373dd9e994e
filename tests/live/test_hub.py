"""End to end on a real JupyterHub: the facilitator logs in, phones send, the panel shows.

Starts PostgreSQL and JupyterHub (with configurable-http-proxy from npm and the live page
as a hub service) on 127.0.0.1 exactly as ``make hub`` does (deploy/jupyterhub/demo.py);
two participants use two chromium contexts the size of a phone; the facilitator's panel is
driven from Python with the facilitator's own database role, on the demo partnership in
the same PostgreSQL (the workbook store), where what is accepted lands.
"""

from __future__ import annotations

import importlib.util
import json
import re
import socket
import subprocess
import time
from pathlib import Path

import httpx
import psycopg
import pytest
from pg_cluster import ports_from_env

from workbook.errors import WorkbookMissingError
from workbook.model import Comment, NameCandidate
from workbook.store import Workbook
from workbook.store.postgres import DbTarget
from workbook.views.steps.contributions import ContributionsView
from workbook.views.widgets.base import plain_text

pytestmark = [pytest.mark.slow, pytest.mark.browser]

ROOT = Path(__file__).resolve().parents[2]
CHP = ROOT / "deploy" / "jupyterhub" / "node_modules" / ".bin" / "configurable-http-proxy"


def _demo():
    spec = importlib.util.spec_from_file_location("hub_demo",
                                                  ROOT / "deploy" / "jupyterhub" / "demo.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _free_block(size: int = 5) -> int:
    ports = ports_from_env(range(9540, 9600))
    for base in range(ports.start, ports.stop - size + 1):
        try:
            socks = []
            for port in range(base, base + size):
                sock = socket.socket()
                socks.append(sock)
                sock.bind(("127.0.0.1", port))
        except OSError:
            continue
        finally:
            for sock in socks:
                sock.close()
        return base
    raise OSError(f"no five free ports from {ports.start} to {ports.stop - 1}")


def _wait(url: str, process: subprocess.Popen, log: Path, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"JupyterHub exited:\n{log.read_text()[-3000:]}")
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    raise RuntimeError(f"{url} did not answer:\n{log.read_text()[-3000:]}")


@pytest.fixture(scope="module")
def hub(tmp_path_factory):
    """JupyterHub with the live service, PostgreSQL with the roles and the demo partnership;
    yields (url, secrets, state, cluster)."""
    if not CHP.exists():
        pytest.fail("configurable-http-proxy is missing: `make test` runs npm install in "
                    "deploy/jupyterhub")
    demo = _demo()
    state = tmp_path_factory.mktemp("hub")
    port = _free_block()
    cluster, secrets = demo.prepare(state, port + 4, password="test-password-1")
    cmd, env = demo.hub_command(state, port)
    env["HUB_SINGLEUSER_ARGS"] = ("--LabApp.expose_app_in_browser=True --LabApp.news_url= "
                                  "--LabApp.check_for_updates_class="
                                  "jupyterlab.NeverCheckForUpdate")
    log = state / "hub.log"
    with log.open("w") as out:
        process = subprocess.Popen(cmd, env=env, cwd=state, stdout=out,
                                   stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait(f"{url}/hub/health", process, log)
        _wait(f"{url}/services/live/health", process, log)
        yield url, secrets, state, cluster
    finally:
        demo.stop_tree(process)
        cluster.stop()


def test_hub_live_room_end_to_end(hub, browser, monkeypatch):
    """Login, open a session, two phones send, the panel shows them within 2 s, accept."""
    url, secrets, state, cluster = hub
    # The facilitator logs in to the hub and gets their JupyterLab with the notebooks.
    with httpx.Client(follow_redirects=True, timeout=60) as alice:
        page = alice.get(f"{url}/hub/login")
        token = re.search(r'name="_xsrf" value="([^"]+)"', page.text).group(1)
        lab = alice.post(f"{url}/hub/login", data={"username": "alice", "_xsrf": token,
                                                   "password": "test-password-1"})
        target = "/user/alice/lab/tree/09_remote_participants.ipynb"
        deadline = time.monotonic() + 90
        while lab.url.path != target and time.monotonic() < deadline:
            time.sleep(1)
            lab = alice.get(f"{url}{target}")
        assert lab.status_code == 200 and lab.url.path == target
        assert (state / "home" / "alice" / "09_remote_participants.ipynb").exists()
    # ... and opens a live session from the contributions view (as the notebook does).
    monkeypatch.setenv("LIVE_FACILITATOR_DB_URL", secrets["facilitators"]["alice"])
    monkeypatch.setenv("LIVE_PUBLIC_URL", f"{url}/services/live/")
    alice_target = DbTarget(secrets["facilitators"]["alice"], secrets["partnership"])
    wb = Workbook.open(alice_target)  # what the notebook opens from WORKBOOK_DB
    view = ContributionsView(wb)
    try:
        panel = view.live
        panel.meeting.value = 1
        session = panel.open()
        assert session.join_url == f"{url}/services/live/s/{session.code}"
        sent_at = {}
        contexts, console = [], []
        for name, org, idea in (("Ana Ruiz", "Acme Tools", "Kestrel Forge"),
                                ("Ben Ode", "Ode Labour", "River Makers")):
            context = browser.new_context(viewport={"width": 390, "height": 844},
                                          is_mobile=True)
            contexts.append(context)
            phone = context.new_page()
            phone.on("console", lambda m: m.type == "error" and console.append(m.text))
            phone.goto(session.join_url)
            phone.fill("#name", name)
            phone.fill("#organisation", org)
            phone.click("text=Continue")
            phone.fill("#nc-name", idea)
            sent_at[name] = time.monotonic()
            phone.click("text=Send the idea")
            phone.wait_for_selector("text=Sent.")
            phone.fill("#m-text", f"Comment from {name} <b>bold</b>")
            phone.click("text=Send the comment")
            phone.wait_for_selector("text=Sent.")
            width = phone.evaluate("document.documentElement.scrollWidth")
            assert width <= 390, "the page scrolls sideways on a phone"
        deadline = sent_at["Ana Ruiz"] + 2.0
        while len(panel.rows) < 4 and time.monotonic() < deadline + 2:
            time.sleep(0.02)
        assert len(panel.rows) == 4
        first_shown = time.monotonic()
        assert first_shown - sent_at["Ben Ode"] < 2.0
        shown = " ".join(plain_text(r.text.value) for r in panel.rows.values())
        assert "Ben Ode (Ode Labour): Comment: Comment from Ben Ode <b>bold</b>" in shown
        assert "Kestrel Forge" not in shown  # ideas hidden until the reveal
        panel.accept_all()
        assert {"Kestrel Forge", "River Makers"} <= {c.name for c in wb.all(NameCandidate)}
        assert len(wb.all(Comment, author="Ana Ruiz")) == 1
        _accepted_items_are_in_the_partnership(secrets, cluster)
        # No URL of the live page, nor of the hub without a login, shows the inbox.
        probes = ["", f"s/{session.code}", f"s/{session.code}/state", "inbox", "static/",
                  f"s/{session.code}/inbox", "health", "../../hub/api/users",
                  "../../user/alice/api/contents", "../../hub/admin"]
        with httpx.Client(follow_redirects=True, timeout=10) as stranger:
            for probe in probes:
                text = stranger.get(f"{url}/services/live/{probe}").text
                assert "Comment from" not in text and "Kestrel" not in text, probe
        # The participant role cannot read the inbox or anything else (raw SQL).
        with psycopg.connect(secrets["participant_dsn"], autocommit=True) as conn:
            for statement in ("SELECT * FROM live.inbox", "SELECT facilitator FROM "
                              "live.sessions", "SELECT * FROM pg_authid"):
                with pytest.raises(psycopg.errors.InsufficientPrivilege):
                    conn.execute(statement)
        # The reveal reaches an open phone page without a reload (the page's own script).
        assert phone.locator("#ideas li").count() == 0
        panel.reveal()
        phone.wait_for_selector("#ideas li:has-text('Kestrel Forge')", timeout=8000)
        assert console == []  # no Content-Security-Policy violation, no script error
        for context in contexts:
            context.close()
        panel.close()
        assert httpx.get(session.join_url).status_code == 404
    finally:
        view.close()
        wb.close()
    assert json.loads((state / "secrets.json").read_text())["demo_password"]


def _accepted_items_are_in_the_partnership(secrets: dict, cluster) -> None:
    """Opened afresh as another facilitator (bob's role), the database partnership holds
    what alice accepted; a login role that is not a member sees none of it."""
    bob = Workbook.open(DbTarget(secrets["facilitators"]["bob"], secrets["partnership"]))
    try:
        assert {"Kestrel Forge", "River Makers"} <= {c.name for c in bob.all(NameCandidate)}
        assert [c.text for c in bob.all(Comment, author="Ana Ruiz")] == \
            ["Comment from Ana Ruiz <b>bold</b>"]
    finally:
        bob.close()
    with psycopg.connect(cluster.admin_dsn("workbook"), autocommit=True) as admin:
        admin.execute("DROP ROLE IF EXISTS carol")
        admin.execute("CREATE ROLE carol LOGIN PASSWORD 'carol-pw-1' IN ROLE workbook_user")
    carol = cluster.dsn("carol", "carol-pw-1", "workbook")
    with pytest.raises(WorkbookMissingError):
        Workbook.open(DbTarget(carol, secrets["partnership"])).close()
    with psycopg.connect(carol, autocommit=True) as conn:  # raw SQL: row-level security
        conn.execute("SELECT set_config('workbook.partnership', %s, false)",
                     (secrets["partnership"],))
        assert conn.execute("SELECT count(*) FROM comment").fetchone() == (0,)
        assert conn.execute("SELECT count(*) FROM name_candidate").fetchone() == (0,)
    with psycopg.connect(secrets["facilitators"]["bob"], autocommit=True) as conn:
        conn.execute("SELECT set_config('workbook.partnership', %s, false)",
                     (secrets["partnership"],))
        assert conn.execute("SELECT count(*) FROM comment WHERE author = 'Ana Ruiz'"
                            ).fetchone() == (1,)


KERNEL_IDLE = """() => {
  const w = window.jupyterapp && window.jupyterapp.shell.currentWidget;
  const k = w && w.sessionContext && w.sessionContext.session
            && w.sessionContext.session.kernel;
  return !!k && k.status === 'idle';
}"""


def test_hub_notebook_shows_phone_input_without_reload(hub, browser):
    """Bob logs in with the browser, runs the notebook, opens a session; a phone's comment
    appears in his notebook within 2 s, with no reload, and Accept takes it in."""
    url, secrets, state, _cluster = hub
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    lab = context.new_page()
    lab.goto(f"{url}/hub/login")
    lab.fill("#username_input", "bob")
    lab.fill("#password_input", "test-password-1")
    lab.click("#login_submit")
    lab.wait_for_function("() => window.jupyterapp && window.jupyterapp.shell.currentWidget"
                          " && window.jupyterapp.shell.currentWidget.title.label === "
                          "'09_remote_participants.ipynb'", timeout=120_000)
    lab.wait_for_function(KERNEL_IDLE, timeout=90_000)
    lab.evaluate("() => window.jupyterapp.commands.execute('notebook:run-all-cells')")
    lab.locator("button", has_text=re.compile(r"Open\sa\slive\ssession")).first.wait_for(
        timeout=90_000)
    lab.wait_for_function(KERNEL_IDLE, timeout=90_000)
    lab.wait_for_timeout(1000)
    lab.locator("button", has_text=re.compile(r"Open\sa\slive\ssession")).first.click()
    link = lab.locator("a[href*='/services/live/s/']").first
    link.wait_for(timeout=30_000)
    join_url = link.get_attribute("href")
    assert join_url.startswith(f"{url}/services/live/s/")
    phone = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
    phone.goto(join_url)
    phone.fill("#name", "Cleo Park")
    phone.fill("#organisation", "Park Tech")
    phone.click("text=Continue")
    phone.fill("#m-text", "From the phone to the notebook")
    phone.click("text=Send the comment")
    phone.wait_for_selector("text=Sent.")
    row = lab.locator(".jp-OutputArea-output").filter(
        has_text="Comment: From the phone to the notebook").first
    row.wait_for(timeout=2_000)  # live: no reload, no re-run
    assert "Cleo Park (Park Tech)" in row.inner_text()
    lab.locator("button", has_text=re.compile(r"^\s*Accept\s*$")).first.click()
    lab.locator("[role=status]").filter(has_text="added or changed").first.wait_for(
        timeout=30_000)
    # Accepted in Bob's notebook: in the partnership in PostgreSQL, as Alice sees it.
    wb = Workbook.open(DbTarget(secrets["facilitators"]["alice"], secrets["partnership"]))
    try:
        assert [c.text for c in wb.all(Comment, author="Cleo Park")] == \
            ["From the phone to the notebook"]
    finally:
        wb.close()
    phone.context.close()
    context.close()
