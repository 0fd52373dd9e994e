"""Load on the live room: many phones send for a minute; the facilitator sees every item.

    python bench/live.py [--participants 50] [--seconds 60] [--sqlite]

Starts what it needs on 127.0.0.1 (ports 9500-9599): a throw-away PostgreSQL cluster with
fsync on, the live schema and roles, and the participant service as its own process
(``python -m workbook.live``, default limits: 30 a minute after a burst of 10). The
facilitator side is ``room.InboxWatcher`` (LISTEN/NOTIFY plus a 1 s poll), as the panel
uses it.

``--sqlite`` measures the laptop's live room instead: the participant service started from
the notebook's side (``live.local_room.LocalRoom``, a child process on 127.0.0.1) with its
inbox in a demo workbook file, and the facilitator's kernel as a process of its own: it has
the contributions view open, whose live-room panel watches the inbox (``SqliteWatcher``,
0.25 s) and adds each arrival to its widgets, as in a meeting, and meanwhile it changes one
organisation's mission every 0.1 s on its main thread, each edit timed after ten untimed
ones (a kernel in a meeting is warm); the phones start once it is ready. ``edit_p95_ms``
and ``edits`` are those edits while the phones send; ``edit_p95_alone_ms`` is the same
edit, timed the same way (same process set-up, same 0.1 s between edits) with the room open
but no phone sending, half of it before the phones join and half after they stop (up to 15
s each, also given apart as ``edit_p95_before_ms`` and ``edit_p95_after_ms``, so that a
machine getting busier or quieter meanwhile shows): this machine's usual figure, to compare
with. ``edit_cpu_p95_ms`` and ``edit_cpu_p95_alone_ms`` are the same edits' CPU time (the
kernel's own work, which other programs on the machine barely change, unlike the time it
waits for a core); ``load_average`` is the machine's 1-minute load at the start, when the
phones stop and at the end. Ports come from ``WORKBOOK_TEST_PORTS`` when set.

Each simulated participant joins like a phone (page, name form, cookies, XSRF token), then
sends an item (comment, idea or resource, each with a unique text) every 1.5 to 2.5 s and
follows the redirect to the page, as a browser does; at most 60 items each. An item counts
as submitted once the service answered "Sent"; it is visible once the facilitator's panel
has it (with ``--sqlite``, the panel in the kernel's process, looked at every 20 ms; else
the watcher's hand-over). After the time is up the bench waits up to 10 s for the last
items.

Last line, one JSON object: ``participants``, ``submitted``, ``lost`` (submitted, never
visible: must be 0), ``p95_visible_ms`` (submit pressed to visible to the facilitator),
plus ``p50_visible_ms``, ``p95_response_ms`` (the phone's wait for "Sent" and the page),
``refused`` (answers other than "Sent"), ``seconds``; with ``--sqlite`` also the edit
figures above.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import secrets
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Mapping
from typing import Any

import httpx
import psycopg

from workbook.demo import build_demo
from workbook.live import schema
from workbook.live.cluster import free_port, start_cluster
from workbook.live.room import InboxWatcher, LiveRoom

MAX_ITEMS = 60
XSRF = re.compile(r'name="_xsrf" value="([^"]+)"')


def p95(values: list[float]) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]


async def phone(number: int, join_url: str, until: float, sent: dict[str, float],
                responses: list[float], refused: list[str]) -> None:
    async with httpx.AsyncClient(follow_redirects=True, timeout=30) as http:
        page = await http.get(join_url)
        found = XSRF.search(page.text)
        if found is None:
            refused.append(f"page {page.status_code}")
            return
        token = found.group(1)
        page = await http.post(f"{join_url}/me", data={
            "_xsrf": token, "name": f"Participant {number}",
            "organisation": f"Organisation {number % 12}", "role": "",
            "partner_type": "business"})
        if "You are" not in page.text:
            refused.append(f"join {page.status_code}")
            return
        await asyncio.sleep(random.uniform(0, 2))
        for n in range(MAX_ITEMS):
            if time.monotonic() >= until:
                return
            marker = f"bench-{number}-{n}"
            form = random.choice([
                {"kind": "comment", "text": f"Comment {marker}"},
                {"kind": "name_candidate", "name": f"Name {marker}", "rationale": ""},
                {"kind": "resource", "name": f"Resource {marker}", "resource_kind": "program",
                 "target_group": "", "notes": ""}])
            start = time.monotonic()
            sent[marker] = start  # pressed: visible may come before the answer
            reply = await http.post(f"{join_url}/send", data={**form, "_xsrf": token})
            responses.append(time.monotonic() - start)
            if reply.status_code != 200 or "Sent." not in reply.text:
                del sent[marker]
                refused.append(str(reply.status_code))
            await asyncio.sleep(random.uniform(1.5, 2.5))


def marker_of(payload: Mapping[str, Any]) -> str:
    text = str(payload.get("text") or payload.get("name") or "")
    return text.split(" ", 1)[1] if " " in text else text


def wait_visible(sent: dict[str, float], visible: dict[str, float],
                 lock: threading.Lock) -> None:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        with lock:
            if all(m in visible for m in sent):
                return
        time.sleep(0.1)


def edit_only(path: str, seconds: float, interval: float = 0.1, *, shown: bool = False,
              warm: int = 10) -> dict[str, Any]:
    """The facilitator's kernel: the contributions view open on the file (its live-room
    panel follows the session a served room has open and shows what arrives), and one
    organisation's mission changed every ``interval`` s after ``warm`` untimed edits, for
    ``seconds`` or, with ``shown``, from a line "ready" on the standard output until a
    line comes on the standard input (run in a process of its own: ``--edit-only``).

    Returns ``edits`` (each edit's [wall, CPU] seconds) and, with ``shown``, ``shown``:
    when each item first appeared in the panel (marker to ``time.monotonic()``, a clock
    every process of the machine shares; looked at every 20 ms, so at most that late),
    waiting after the edits, up to 10 s, for the markers of that line (one JSON list);
    ``watcher_error`` is the panel watcher's error, if any.
    """
    from workbook.model import Organisation
    from workbook.store import Workbook
    from workbook.views.steps.contributions import ContributionsView

    edits = []
    seen: dict[str, float] = {}
    with Workbook.open(path, daily_backup=False) as wb:
        view = ContributionsView(wb)
        panel = view.laptop.inbox if view.laptop is not None else None
        if panel is None:
            raise SystemExit("bench: the contributions view did not find the live room")
        looking, told = threading.Event(), threading.Event()
        expected: list[str] = []

        def listen() -> None:
            expected.extend(json.loads(sys.stdin.readline() or "[]"))
            told.set()

        def look() -> None:
            while not looking.wait(0.02):
                now = time.monotonic()
                for item in dict(panel.all_items).values():  # a copy: the watcher adds
                    seen.setdefault(marker_of(item.payload), now)

        spotter = threading.Thread(target=look, daemon=True)
        if shown:
            spotter.start()
            threading.Thread(target=listen, daemon=True).start()
        org_id = wb.all(Organisation)[0].id
        for n in range(warm):
            wb.update(Organisation, org_id, {"mission": f"Mission warming {n}"})
            time.sleep(interval)
        if shown:
            print("ready", flush=True)  # the phones may start
        until = time.monotonic() + seconds
        n = 0
        while not told.is_set() if shown else time.monotonic() < until:
            start, cpu = time.perf_counter(), time.thread_time()
            wb.update(Organisation, org_id, {"mission": f"Mission revised {n}"})
            edits.append((time.perf_counter() - start, time.thread_time() - cpu))
            n += 1
            time.sleep(interval)
        if shown:
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline and not all(m in seen for m in expected):
                time.sleep(0.1)
            looking.set()
            spotter.join()
        error = panel.watcher.error if panel.watcher is not None else None
        view.close()
    return {"edits": edits, "shown": seen, "watcher_error": repr(error) if error else ""}


def editor(path: object, seconds: float, interval: float, *,
           shown: bool = False) -> subprocess.Popen[str]:
    """``edit_only`` in a process of its own, as a kernel is (``kernel`` reads it)."""
    return subprocess.Popen([sys.executable, __file__, "--edit-only", str(path), str(seconds),
                             str(interval)] + (["--shown"] if shown else []),
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)


def kernel(process: subprocess.Popen[str], sent: list[str] | None = None) -> dict[str, Any]:
    """What ``editor``'s process found, once it has edited; ``sent`` are the markers it
    waits to see in its panel (with ``shown``)."""
    output, _ = process.communicate(json.dumps(sent or []) + "\n", timeout=300)
    if process.returncode != 0:
        raise SystemExit(f"bench: the facilitator's process failed ({process.returncode})")
    found: dict[str, Any] = json.loads(output)
    return found


def sqlite_run(participants: int, seconds: float) -> int:
    """The laptop's live room on a workbook file, with the facilitator editing meanwhile."""
    import tempfile

    from workbook.live.local_room import LocalRoom

    low, _, high = os.environ.get("WORKBOOK_TEST_PORTS", "").partition("-")
    ports = range(int(low), int(high or low) + 1) if low.isdigit() else range(9510, 9530)
    folder = tempfile.mkdtemp(prefix="bench-live-")
    wb = build_demo(os.path.join(folder, "demo.sqlite"))
    local = LocalRoom(wb, ports=ports)
    try:
        room = local.start()
        session = room.open_session(wb, 1, minutes=30)
        # The facilitator's kernel is a process of its own, as in a meeting: timing its
        # edits in this process would measure its fifty phones' share of the interpreter.
        load_before = os.getloadavg()[0]
        # Without phones, timed the same way: this machine's usual figure (half before
        # the phones join, half after they stop).
        before = kernel(editor(wb.path, min(seconds, 30) / 2, 0.1))["edits"]
        editing = editor(wb.path, seconds, 0.1, shown=True)
        assert editing.stdout is not None
        if editing.stdout.readline().strip() != "ready":
            raise SystemExit("bench: the facilitator's process did not start")
        sent: dict[str, float] = {}
        responses: list[float] = []
        refused: list[str] = []
        until = time.monotonic() + seconds
        print(f"{participants} participants sending for {seconds:.0f} s to "
              f"{session.join_url} (inbox in {wb.path})", flush=True)

        async def crowd() -> None:
            await asyncio.gather(*(phone(n, session.join_url, until, sent, responses, refused)
                                   for n in range(participants)))

        asyncio.run(crowd())
        found = kernel(editing, list(sent))
        edits, visible = found["edits"], found["shown"]
        load_phones = os.getloadavg()[0]
        after = kernel(editor(wb.path, min(seconds, 30) / 2, 0.1))["edits"]
        alone = before + after
        lags = [(visible[m] - t) * 1000 for m, t in sent.items() if m in visible]
        lost = sum(1 for m in sent if m not in visible)
        result = {"backend": "sqlite", "participants": participants, "submitted": len(sent),
                  "lost": lost, "p95_visible_ms": round(p95(lags), 1),
                  "p50_visible_ms": round(statistics.median(lags), 1) if lags else 0.0,
                  "p95_response_ms": round(p95(responses) * 1000, 1),
                  "edit_p95_ms": round(p95([w for w, _ in edits]) * 1000, 3),
                  "edits": len(edits),
                  "edit_p95_alone_ms": round(p95([w for w, _ in alone]) * 1000, 3),
                  "edit_cpu_p95_ms": round(p95([c for _, c in edits]) * 1000, 3),
                  "edit_p95_before_ms": round(p95([w for w, _ in before]) * 1000, 3),
                  "edit_p95_after_ms": round(p95([w for w, _ in after]) * 1000, 3),
                  "edit_cpu_p95_alone_ms": round(p95([c for _, c in alone]) * 1000, 3),
                  "load_average": [round(load, 2) for load in (load_before, load_phones,
                                                               os.getloadavg()[0])],
                  "refused": len(refused), "seconds": seconds,
                  "watcher_error": found["watcher_error"]}
        print(f"submitted {len(sent)}, visible {len(lags)}, lost {lost}, refused "
              f"{len(refused)}; p95 to visible {result['p95_visible_ms']} ms, p95 answer "
              f"{result['p95_response_ms']} ms; {len(edits)} edits, p95 "
              f"{result['edit_p95_ms']} ms (alone {result['edit_p95_alone_ms']} ms), CPU p95 "
              f"{result['edit_cpu_p95_ms']} ms (alone {result['edit_cpu_p95_alone_ms']} ms); "
              f"load {result['load_average']}")
        print(json.dumps(result))
        return 0 if lost == 0 else 1
    finally:
        local.stop()
        wb.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participants", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--sqlite", action="store_true",
                        help="the laptop's live room, with its inbox in a workbook file")
    parser.add_argument("--edit-only", nargs=3, metavar=("PATH", "SECONDS", "INTERVAL"),
                        help=argparse.SUPPRESS)  # the facilitator's kernel (``--sqlite``)
    parser.add_argument("--shown", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.edit_only:
        path, how_long, every = args.edit_only
        print(json.dumps(edit_only(path, float(how_long), float(every), shown=args.shown)))
        return 0
    participants, seconds = max(1, min(args.participants, 500)), max(1, min(args.seconds, 600))
    if args.sqlite:
        return sqlite_run(participants, seconds)

    cluster = start_cluster(free_port(), durable=True)
    service = None
    try:
        with psycopg.connect(cluster.admin_dsn(), autocommit=True) as admin:
            admin.execute("CREATE DATABASE workbook")
        participant_pw, facilitator_pw = secrets.token_hex(12), secrets.token_hex(12)
        with psycopg.connect(cluster.admin_dsn("workbook"), autocommit=True) as admin:
            schema.install(admin, "workbook")
            schema.set_participant_password(admin, participant_pw)
            schema.add_facilitator(admin, "fac_bench", facilitator_pw)
        port = free_port()
        env = {**os.environ, "LIVE_BIND": f"127.0.0.1:{port}", "LIVE_PREFIX": "/live/",
               "LIVE_DB_URL": cluster.dsn(schema.PARTICIPANT, participant_pw, "workbook"),
               "LIVE_COOKIE_SECRET": secrets.token_hex(32)}
        service = subprocess.Popen([sys.executable, "-m", "workbook.live"], env=env,
                                   stderr=subprocess.DEVNULL)
        base = f"http://127.0.0.1:{port}/live/"
        for _ in range(100):
            try:
                if httpx.get(base + "health").status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.1)
        import tempfile

        folder = tempfile.mkdtemp(prefix="bench-live-")
        wb = build_demo(os.path.join(folder, "demo.sqlite"))
        room = LiveRoom(cluster.dsn("fac_bench", facilitator_pw, "workbook"), base, "bench")
        session = room.open_session(wb, 1, minutes=30)
        visible: dict[str, float] = {}
        lock = threading.Lock()

        def arrived(items: list) -> None:
            now = time.monotonic()
            with lock:
                for item in items:
                    visible.setdefault(marker_of(item.payload), now)

        watcher = InboxWatcher(room, session, arrived, interval=1.0).start()
        sent: dict[str, float] = {}
        responses: list[float] = []
        refused: list[str] = []
        until = time.monotonic() + seconds
        print(f"{participants} participants sending for {seconds:.0f} s to {base}", flush=True)

        async def crowd() -> None:
            await asyncio.gather(*(phone(n, session.join_url, until, sent, responses, refused)
                                   for n in range(participants)))

        asyncio.run(crowd())
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            with lock:
                if all(m in visible for m in sent):
                    break
            time.sleep(0.1)
        watcher.stop()
        with lock:
            lags = [(visible[m] - t) * 1000 for m, t in sent.items() if m in visible]
            lost = sum(1 for m in sent if m not in visible)
        result = {"participants": participants, "submitted": len(sent), "lost": lost,
                  "p95_visible_ms": round(p95(lags), 1),
                  "p50_visible_ms": round(statistics.median(lags), 1) if lags else 0.0,
                  "p95_response_ms": round(p95(responses) * 1000, 1),
                  "refused": len(refused), "seconds": seconds,
                  "watcher_error": repr(watcher.error) if watcher.error else ""}
        print(f"submitted {len(sent)}, visible {len(lags)}, lost {lost}, refused "
              f"{len(refused)}; p95 to visible {result['p95_visible_ms']} ms, p95 answer "
              f"{result['p95_response_ms']} ms")
        print(json.dumps(result))
        wb.close()
        return 0 if lost == 0 else 1
    finally:
        if service is not None:
            service.terminate()
            service.wait(timeout=10)
        cluster.stop()


if __name__ == "__main__":
    sys.exit(main())
