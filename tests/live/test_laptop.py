"""The live room from the facilitator's laptop: the inbox in the workbook file, the service
as a child process on 127.0.0.1, real phones (HTTP clients) against it."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import time

import httpx
import pytest
from live_kit import Phone
from pg_cluster import ports_from_env

from workbook.live.laptop import LaptopService, lan_address
from workbook.live.local_room import LocalRoom
from workbook.live.sqlite_inbox import SessionClosedError, SqliteInbox, SqliteParticipantStore
from workbook.model import Comment, NameCandidate

pytestmark = pytest.mark.slow

PORTS = ports_from_env(range(9500, 9600))


def free_port() -> int:
    from workbook.live.cluster import free_port as pick

    return pick(PORTS.start, PORTS.stop)


def wait_for(predicate, seconds: float = 10.0) -> None:
    start = time.monotonic()
    while not predicate():
        assert time.monotonic() - start < seconds, "not seen within the time"
        time.sleep(0.05)


@pytest.fixture
def local(demo_wb):
    """The live room of the demo workbook's file, started on 127.0.0.1."""
    room = LocalRoom(demo_wb, ports=PORTS)
    room.start()
    yield room
    room.stop()


@pytest.fixture
def session(local, demo_wb):
    assert local.room is not None
    return local.room.open_session(demo_wb, 1, minutes=30)


@pytest.fixture
def phones(local):
    made: list[Phone] = []

    def make() -> Phone:
        assert local.service is not None
        made.append(Phone(local.service.url))
        return made[-1]

    yield make
    for p in made:
        p.close()


def test_laptop_phone_input_lands_in_the_file_and_is_accepted_as_one_undoable_step(
        local, session, phones, demo_wb):
    """A phone's comment reaches the file's inbox; the watcher hands it over; accepting it
    adds it through the importer in one step that Undo takes back whole."""
    phone = phones()
    phone.join(session.code, name="Nora Vale", organisation="Vale Robotics")
    answer = phone.send(session.code, kind="comment", text="From my phone")
    assert answer.status_code == 200 and "Sent" in answer.text
    seen = []
    watcher = local.room.watch(session, seen.extend, interval=0.1).start()
    wait_for(lambda: len(seen) == 1)
    watcher.stop()
    (item,) = seen
    assert item.who == "Nora Vale (Vale Robotics)" and item.payload["text"] == "From my phone"
    with sqlite3.connect(demo_wb.path) as conn:  # it is in the workbook file itself
        assert conn.execute("SELECT kind FROM live_inbox").fetchall() == [("comment",)]
    decided = local.room.accept(demo_wb, session, item)
    assert decided.status == "accepted"
    assert [c.text for c in demo_wb.all(Comment, author="Nora Vale")] == ["From my phone"]
    demo_wb.undo_last()
    assert demo_wb.all(Comment, author="Nora Vale") == []
    assert demo_wb.organisation_named("Vale Robotics") is None  # the whole step went


def test_laptop_ideas_stay_hidden_until_revealed(local, session, phones, demo_wb):
    """Before the reveal neither the state nor the page shows an idea; after, both do."""
    phone = phones()
    phone.join(session.code)
    phone.send(session.code, kind="name_candidate", name="Quiet Heron", rationale="")
    state = phone.get(f"s/{session.code}/state").json()
    assert state["reveal"] is False and state["ideas"] == []
    assert "Quiet Heron" not in phone.get(f"s/{session.code}").text.split("</form>")[-1]
    revealed = local.room.reveal(demo_wb, session)
    assert revealed.published["ideas"] == ["Quiet Heron"]
    assert phone.get(f"s/{session.code}/state").json()["ideas"] == ["Quiet Heron"]
    (item,) = local.room.inbox(session)
    local.room.accept(demo_wb, session, item)
    assert any(c.name == "Quiet Heron" for c in demo_wb.all(NameCandidate))


def test_laptop_anonymous_vote_and_evaluation_from_phones(local, phones, demo_wb):
    """Dots of an anonymous vote count once per person; an evaluation carries no name."""
    vote = demo_wb.open_vote(dots_per_participant=3, anonymous=True)
    session = local.room.publish(demo_wb, local.room.open_session(demo_wb, 1))
    cands = [c["id"] for c in session.published["vote"]["candidates"]]
    a, b = phones(), phones()
    a.join(session.code, name="Ann Lee")
    b.join(session.code, name="Bo Diaz", organisation="Diaz Forge")
    a.send(session.code, kind="dots", **{f"dots_{cands[0]}": "3"})
    b.send(session.code, kind="dots", **{f"dots_{cands[1]}": "2"})
    scores = {"score_clear_purpose": "5"}
    assert "Sent" in b.send(session.code, kind="evaluation", comment="Good", **scores).text
    items = local.room.inbox(session)
    assert [i.kind for i in items] == ["dots", "dots", "evaluation"]
    assert all(i.participant["name"] == "" and i.voter for i in items)
    assert [local.room.accept(demo_wb, session, i).status for i in items] == ["accepted"] * 3
    assert demo_wb.ballots_cast(vote.id) == 2
    demo_wb.close_vote(vote.id)
    results = local.room.publish(demo_wb, session).published["vote"]["results"]
    assert [r["dots"] for r in results][:2] == [3, 2]
    assert "Ann Lee" not in json.dumps(local.room.session(session.id).published)


def test_laptop_quick_poll_results_show_only_when_revealed(local, session, phones, demo_wb):
    """Three phones answer; the state shows no count until the reveal; the last answer of
    each phone counts."""
    session = local.room.open_poll(demo_wb, session, "Which day suits?", ["Monday", "Friday"])
    poll_id = session.published["poll"]["id"]
    answers = {"Ann Lee": ["1", "2"], "Bo Diaz": ["2"], "Cy Ode": ["1"]}
    for name, picks in answers.items():
        phone = phones()
        phone.join(session.code, name=name)
        for pick in picks:
            assert "Sent" in phone.send(session.code, kind="poll", poll_id=poll_id,
                                        answer=pick).text
    state = phone.get(f"s/{session.code}/state").json()
    assert "results" not in state["poll"] and state["poll"]["revealed"] is False
    bad = phone.send(session.code, kind="poll", poll_id=poll_id, answer="3")
    assert bad.status_code == 400 and "not one of the choices" in bad.text
    stale = phone.send(session.code, kind="poll", poll_id="old", answer="1")
    assert stale.status_code == 400 and "Reload the page" in stale.text
    session = local.room.reveal_poll(demo_wb, session)
    assert session.published["poll"]["results"] == [{"label": "Monday", "count": 1},
                                                    {"label": "Friday", "count": 2}]
    assert phone.get(f"s/{session.code}/state").json()["poll"]["results"][1]["count"] == 2
    assert all(i.participant["name"] == "" for i in local.room.inbox(session))


def test_laptop_closed_session_and_stopped_room_refuse_input(local, session, phones, demo_wb):
    """A closed session's page and send are 404; stopping closes the file's sessions and
    the service, so the phone reaches nothing."""
    phone = phones()
    phone.join(session.code)
    phone.get(f"s/{session.code}")
    local.room.close(session)
    assert phone.post(f"s/{session.code}/send", {"kind": "comment", "text": "late"}
                      ).status_code == 404
    again = local.room.open_session(demo_wb, 1)
    url = local.service.url
    assert local.stop() == 1
    assert local.inbox.session(again.id).state == "closed"
    with pytest.raises(httpx.TransportError):
        httpx.get(url + "health", timeout=2)
    assert local.room is None and local.inbox.items(session.id) == []


def test_laptop_service_keeps_the_hub_rules(local, session):
    """The same headers, XSRF check and body limit as on the hub."""
    base = local.service.url
    page = httpx.get(base + f"s/{session.code}")
    assert "script-src 'self'" in page.headers["Content-Security-Policy"]
    assert page.headers["X-Frame-Options"] == "DENY"
    forged = httpx.post(base + f"s/{session.code}/me", data={"name": "Eve"})
    assert forged.status_code == 403
    try:  # over the body limit: refused, or the connection is dropped before reading it
        huge = httpx.post(base + f"s/{session.code}/me", content=b"x" * 100_000)
    except httpx.TransportError:
        return
    assert huge.status_code in (400, 413)


def test_laptop_file_store_refuses_rows_for_a_closed_session(demo_wb, tmp_path):
    """The participant side's insert checks the session itself: closed takes nothing."""
    import asyncio
    import concurrent.futures

    inbox = SqliteInbox(demo_wb.path)
    row = inbox.open_session("ABCDEFGH", "demo", 1, "Test", 30, {})
    store = SqliteParticipantStore(demo_wb.path)
    who = {"name": "Ann", "organisation": "Org", "role": "", "partner_type": "business"}

    async def run() -> None:
        await store.open()
        await store.put(row.id, who, "", {"kind": "comment", "text": "in time"})
        inbox.set_state(row.id, "closed")
        assert await store.session("ABCDEFGH") is None
        with pytest.raises(SessionClosedError):
            await store.put(row.id, who, "", {"kind": "comment", "text": "too late"})
        with pytest.raises(sqlite3.IntegrityError):  # the table's own limits hold
            inbox.set_state(row.id, "open")
            await store.put(row.id, who, "", {"kind": "comment", "text": "x" * 20_000})
        await store.close()

    # In a thread of its own: a browser test's Playwright may hold this thread's loop.
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, run()).result()
    assert [i.payload["text"] for i in inbox.items(row.id)] == ["in time"]


def test_laptop_service_ends_with_the_kernel(demo_wb, tmp_path):
    """When the process that started it dies (here killed outright), the service stops."""
    script = tmp_path / "kernel.py"
    script.write_text(
        "import os, signal, sys\n"
        "from workbook.live.laptop import LaptopService\n"
        f"s = LaptopService({str(demo_wb.path)!r}, ports=range({PORTS.start}, {PORTS.stop}))\n"
        "s.start()\n"
        "print(s.process.pid, s.url, flush=True)\n"
        "os.kill(os.getpid(), signal.SIGKILL)\n")
    # It outlives the kernel by the lease's seconds (another kernel may take it over).
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path), "LIVE_LEASE_SECONDS": "1"}
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True,
                          env=env, timeout=60)
    pid_text, url = done.stdout.split()
    pid = int(pid_text)

    def gone() -> bool:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        with open(f"/proc/{pid}/stat") as stat:  # a zombie waiting for init counts as gone
            return stat.read().split()[2] == "Z"

    wait_for(gone)
    with pytest.raises(httpx.TransportError):
        httpx.get(url + "health", timeout=2)


def test_laptop_opened_to_the_network_listens_on_the_lan_address_only(demo_wb):
    """Opened to the room's network, it answers on the laptop's address and not on
    127.0.0.1; the panel text says who can reach it and how to close it."""
    address = lan_address()
    if address is None:
        pytest.skip("this machine is on no network")
    local = LocalRoom(demo_wb, ports=PORTS)
    local.start(network=True)
    try:
        assert local.service.url.startswith(f"http://{address}:")
        assert httpx.get(local.service.url + "health", timeout=5).text == "ok"
        with pytest.raises(httpx.TransportError):
            httpx.get(f"http://127.0.0.1:{local.service.port}/health", timeout=2)
        text = local.reach()
        assert "same network" in text and "Stop the live room" in text
    finally:
        local.stop()
    assert "stopped" in local.reach()


def test_laptop_service_refuses_a_file_without_the_live_tables(tmp_path):
    """A file that is no workbook at schema 10 gives one clear line, not a hang."""
    path = tmp_path / "other.sqlite"
    sqlite3.connect(path).close()
    with pytest.raises(Exception, match="did not start.*live_session"):
        LaptopService(path, ports=PORTS).start()


def test_laptop_port_taken_between_choice_and_bind_moves_to_the_next(demo_wb, monkeypatch):
    """Another program binds the port chosen for the room before the room does: the room
    starts on the next free port instead of failing with "Address already in use"."""
    import socket

    from workbook.live import laptop

    blocker = socket.socket()
    blocker.bind(("127.0.0.1", free_port()))
    blocker.listen()
    taken = blocker.getsockname()[1]
    chosen: list[int] = []
    real = laptop._free_port

    def racing(host, ports, skip=frozenset()):  # the first choice is already gone
        chosen.append(taken if not chosen else real(host, ports, skip | {taken}))
        return chosen[-1]

    monkeypatch.setattr(laptop, "_free_port", racing)
    service = LaptopService(demo_wb.path, ports=PORTS)
    try:
        service.start()
        assert chosen[0] == taken and service.port != taken and service.answers()
    finally:
        service.stop()
        blocker.close()


def test_laptop_cli_runs_the_room_and_the_view_follows_its_inbox(demo_wb, tmp_path):
    """``workbook live PATH`` serves and opens a session; the contributions view opened
    meanwhile shows what a phone sends; the command stops the room when interrupted."""
    import signal

    from workbook.views.steps.contributions import ContributionsView

    path = str(demo_wb.path)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    command = subprocess.Popen([sys.executable, "-m", "workbook.cli", "live", path,
                                "--meeting", "1", "--port", str(free_port())],
                               stdout=subprocess.PIPE, text=True, env=env)
    try:
        lines = []
        while not any(line.startswith("Press Ctrl-C") for line in lines):
            line = command.stdout.readline()
            assert line, "the command ended early: " + "".join(lines)
            lines.append(line)
        code = next(x for x in lines if x.startswith("Join code:")).split(": ")[1].strip()
        link = next(x for x in lines if x.startswith("Link:")).split(": ", 1)[1].strip()
        assert "Only this laptop" in lines[0] and link.endswith(f"/s/{code}")
        view = ContributionsView(demo_wb)
        try:
            follow = view.laptop.inbox
            assert follow is not None and follow.session.code == code
            phone = Phone(link[: -len(f"s/{code}")])
            phone.join(code)
            phone.send(code, kind="comment", text="Via the command")
            wait_for(lambda: len(follow.rows) == 1)
            phone.close()
        finally:
            view.close()
        command.send_signal(signal.SIGINT)
        out, _ = command.communicate(timeout=30)
        assert "stopped" in out and command.returncode == 0
        assert SqliteInbox(path).latest_open() is None
    finally:
        if command.poll() is None:
            command.kill()


def test_laptop_ports_come_from_live_ports_when_sensible():
    """IT (or a test) may move the laptop's live room to other ports; nonsense is ignored."""
    from workbook.live.laptop import DEFAULT_PORTS, default_ports

    assert default_ports({"LIVE_PORTS": "9600-9603"}) == range(9600, 9604)
    assert default_ports({"LIVE_PORTS": "9700"}) == range(9700, 9701)
    for wrong in ("", "80-90", "9603-9600", "a-b", "9600-70000"):
        assert default_ports({"LIVE_PORTS": wrong}) == DEFAULT_PORTS


def test_laptop_shared_copy_leaves_the_live_room_out(local, session, phones, demo_wb,
                                                      tmp_path):
    """The participants' copy of the workbook carries no session and no inbox row."""
    from workbook.participant.share import write_shared_copy

    phone = phones()
    phone.join(session.code, name="Private Person")
    phone.send(session.code, kind="comment", text="Not for the repository")
    copy = write_shared_copy(demo_wb, tmp_path / "meeting.sqlite")
    with sqlite3.connect(copy) as conn:
        assert conn.execute("SELECT count(*) FROM live_inbox").fetchone() == (0,)
        assert conn.execute("SELECT count(*) FROM live_session").fetchone() == (0,)
    assert b"Private Person" not in copy.read_bytes()


def test_laptop_service_keeps_answering_after_many_logged_refusals(local):
    """Thousands of refused requests (each one logged) do not stop the service: its
    messages go to a file, not to a pipe the notebook never reads."""
    base = local.service.url
    with httpx.Client(timeout=10) as client:
        for n in range(1500):
            assert client.get(f"{base}s/NOSUCH{n:04d}").status_code == 404
        assert client.get(base + "health").text == "ok"
    assert local.service.log is not None and local.service.log.stat().st_size > 65_536


def test_laptop_two_rooms_on_one_file_leave_each_other_open(local, session, demo_wb):
    """A second notebook starting and stopping its own room closes none of the first's
    sessions; a session whose room is gone (a killed kernel) is closed at the next start."""
    from workbook.live.sqlite_inbox import SqliteInbox

    stale = SqliteInbox(demo_wb.path).open_session("STALE234", "demo", 1, "Gone", 30,
                                                   {"join_base": "http://127.0.0.1:1/"})
    other = LocalRoom(demo_wb, ports=PORTS)
    other.start()
    try:
        theirs = other.room.open_session(demo_wb, 1)
        assert local.inbox.session(session.id).state == "open"
        assert local.inbox.session(stale.id).state == "closed"
        assert other.stop() == 1
        assert local.inbox.session(theirs.id).state == "closed"
        assert local.inbox.session(session.id).state == "open"
    finally:
        other.stop()


def _kernel_that_dies(demo_wb, tmp_path, lease_seconds: str) -> tuple[int, str]:
    """Start the room from a process killed at once (a kernel Voila shuts down on reload);
    the service's pid and address."""
    script = tmp_path / "kernel.py"
    script.write_text(
        "import os, signal, sys\n"
        "from workbook.live.laptop import LaptopService\n"
        f"s = LaptopService({str(demo_wb.path)!r}, ports=range({PORTS.start}, {PORTS.stop}))\n"
        "s.start()\n"
        "print(s.process.pid, s.url, flush=True)\n"
        "os.kill(os.getpid(), signal.SIGKILL)\n")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path),
           "LIVE_LEASE_SECONDS": lease_seconds}
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True,
                          env=env, timeout=60)
    pid_text, url = done.stdout.split()
    return int(pid_text), url


def test_laptop_room_of_an_ended_kernel_is_taken_over_not_stopped_nor_doubled(demo_wb,
                                                                             tmp_path):
    """Meeting mode reloaded: the old kernel ends, the new one finds the running room
    (same process, same address, its session still open), keeps it alive past the lease,
    and Stop then stops it and closes the session."""
    pid, url = _kernel_that_dies(demo_wb, tmp_path, "3")
    local = LocalRoom(demo_wb, ports=PORTS)
    room = local.adopt()
    assert room is not None and local.running
    assert local.service.url == url and local.service.adopted == pid
    session = room.open_session(demo_wb, 1, minutes=30)
    for _ in range(10):  # 5 seconds: past the 3 seconds it outlives a kernel untouched
        local.keep_alive()
        time.sleep(0.5)
    assert httpx.get(url + "health", timeout=2).status_code == 200
    assert LocalRoom(demo_wb, ports=PORTS).adopt() is not None  # one room, found again
    assert local.stop() == 1
    assert local.inbox.session(session.id).state == "closed"
    with pytest.raises(httpx.TransportError):
        httpx.get(url + "health", timeout=2)
    assert LocalRoom(demo_wb, ports=PORTS).adopt() is None


def test_laptop_room_nobody_takes_over_stops_after_the_lease(demo_wb, tmp_path):
    """A kernel that ended with nobody taking its room over: the room stops on its own."""
    _pid, url = _kernel_that_dies(demo_wb, tmp_path, "1")
    wait_for(lambda: not LocalRoom(demo_wb, ports=PORTS).adopt(), seconds=15)
    with pytest.raises(httpx.TransportError):
        httpx.get(url + "health", timeout=2)


def test_laptop_meeting_view_built_again_shows_the_running_room(demo_wb):
    """Meeting mode's cell run again (or the page reloaded) while phones are in: the new
    view shows the same running room at once; nothing stopped it, nothing started twice."""
    from workbook.views.steps.meeting import MeetingView

    first = MeetingView.show(demo_wb)
    first.phones_button.value = True
    first.phones.local.ports = PORTS
    assert first.phones.start()
    service = first.phones.local.service
    code = first.phones.inbox.session.code
    second = MeetingView.show(demo_wb)  # closes the first view
    try:
        panel = second.phones
        assert second.phones_button.value and panel is not None
        assert panel.local.running and panel.local.service is service
        assert panel.inbox is not None and panel.inbox.session.code == code
        assert panel.stop_button.disabled is False and panel.start_button.disabled
        assert "already running" in second.status.text
    finally:
        second.phones.stop()
        second.close()
    assert not service.running


def test_laptop_lease_is_private_and_a_planted_one_is_never_adopted(tmp_path, monkeypatch):
    """The lease lives in a folder only this user may enter, never the shared temporary
    folder; a lease reached through a link (planted to point the room's phones at a
    service of someone else's, which answers its health check) is not followed."""
    import http.server
    import threading

    from workbook.live.laptop import lease_path

    monkeypatch.delenv("XDG_RUNTIME_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    path = tmp_path / "harbor.sqlite"
    lease = lease_path(path)
    assert lease.parent == tmp_path / "cache" / "partnership-workbook" / "live"
    assert lease.parent.stat().st_mode & 0o777 == 0o700

    class Healthy(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 -- the standard library's name
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    other = http.server.HTTPServer(("127.0.0.1", free_port()), Healthy)
    threading.Thread(target=other.serve_forever, daemon=True).start()
    try:
        planted = tmp_path / "planted.json"
        planted.write_text(json.dumps({"pid": os.getpid(), "host": "127.0.0.1",
                                       "port": other.server_port, "network": True}), "utf-8")
        lease.symlink_to(planted)
        assert LaptopService.adopt(path) is None
        lease.unlink()
        lease.write_text(planted.read_text("utf-8"), "utf-8")  # the same, as a plain file
        assert LaptopService.adopt(path) is not None  # (what the link would have got)
    finally:
        other.shutdown()
        lease.unlink(missing_ok=True)
