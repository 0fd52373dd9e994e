"""Separate processes ("kernels") for the robustness tests: run as a script, never imported.

    python robustness_workers.py MODE PATH [ARGS...]

Every mode opens the workbook at PATH itself, prints ``ready``, and acknowledges each edit
on stdout only after the store call has returned (one line, flushed), the way a notebook
shows a confirmation. Modes that race others wait for a ``go`` line on stdin first.

``stream TAG ORG MEETING``  edits without end (until killed): a comment, the mission of
                            ORG, a person marked present at MEETING; acks ``<op> <n>``.
``field TAG ORG FIELD N``   after ``go``, N updates of one field: acks ``<n> <version>``.
``counter ORG N``           after ``go``, N increments of ORG's mission as a number, each
                            with ``expected``, retried on conflict: acks ``<value>`` or
                            ``conflict``.
``comments TAG``            adds comments without end: acks ``<n>``.
``kernel``                  a kernel holding the workbook open and obeying JSON lines on
                            stdin (``get`` / ``set``), answering one JSON line each.
"""

from __future__ import annotations

import json
import sys
import time

from robustness_kit import from_argument  # noqa: E402  (this folder is on sys.path)

from workbook import Comment, Organisation, Person, Workbook
from workbook.errors import ConflictError, WorkbookError


def say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def wait_for_go() -> None:
    if sys.stdin.readline().strip() != "go":
        raise SystemExit("expected 'go' on stdin")


def stream(wb: Workbook, tag: str, org_id: int, meeting_id: int) -> None:
    deadline = time.monotonic() + 60  # an orphan stops by itself
    n = 0
    while time.monotonic() < deadline:
        match n % 3:
            case 0:
                wb.add(Comment(author=tag, text=f"{tag}-{n}"))
                say(f"comment {n}")
            case 1:
                wb.update(Organisation, org_id, {"mission": f"{tag}-{n}"})
                say(f"mission {n}")
            case 2:
                person = wb.add(Person(name=f"{tag}-{n}", organisation_id=org_id))
                wb.add_attendee(meeting_id, person.id)
                say(f"attend {n}")
        n += 1


def field(wb: Workbook, tag: str, org_id: int, name: str, count: int) -> None:
    wait_for_go()
    for n in range(count):
        stored = wb.update(Organisation, org_id, {name: f"{tag}-{n}"})
        say(f"{n} {stored.version}")


def counter(wb: Workbook, org_id: int, count: int) -> None:
    wait_for_go()
    done = 0
    while done < count:
        seen = wb.get(Organisation, org_id).mission
        try:
            wb.update(Organisation, org_id, {"mission": str(int(seen) + 1)},
                      expected={"mission": seen})
        except ConflictError:
            say("conflict")
            continue
        done += 1
        say(str(int(seen) + 1))


def comments(wb: Workbook, tag: str) -> None:
    deadline = time.monotonic() + 60
    n = 0
    while time.monotonic() < deadline:
        wb.add(Comment(author=tag, text=f"{tag}-{n}"))
        say(str(n))
        n += 1


def kernel(wb: Workbook) -> None:
    for line in sys.stdin:
        order = json.loads(line)
        try:
            if order["op"] == "get":
                value = getattr(wb.get(Organisation, order["id"]), order["field"])
                say(json.dumps({"value": value}))
            else:
                stored = wb.update(Organisation, order["id"], order["changes"],
                                   expected=order.get("expected"))
                say(json.dumps({"version": stored.version}))
        except WorkbookError as exc:
            say(json.dumps({"error": type(exc).__name__, "message": str(exc)}))


def main(argv: list[str]) -> None:
    mode, path, *args = argv
    wb = Workbook.open(from_argument(path), daily_backup=False)
    say("ready")
    try:
        match mode:
            case "stream":
                stream(wb, args[0], int(args[1]), int(args[2]))
            case "field":
                field(wb, args[0], int(args[1]), args[2], int(args[3]))
            case "counter":
                counter(wb, int(args[0]), int(args[1]))
            case "comments":
                comments(wb, args[0])
            case "kernel":
                kernel(wb)
            case _:
                raise SystemExit(f"unknown mode {mode}")
    finally:
        wb.close()


if __name__ == "__main__":
    main(sys.argv[1:])
