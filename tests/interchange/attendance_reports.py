"""Realistic Zoom and Teams attendance reports, made on demand (names are made up).

Imported by the attendance tests of this folder; run it to write the four reports into a
folder and open them:

    .venv/bin/python tests/interchange/attendance_reports.py /tmp/attendance
"""

from __future__ import annotations

import sys
from pathlib import Path

# (display name as the tool shows it, e-mail, minutes)
ZOOM_PEOPLE = [
    ("Pat Example", "pat@valley.edu", 58),
    ("Sam Sample (Guest)", "", 41),
    ("Alex Demo", "alex.demo@riverside.org", 12),
    ("Alex Demo", "alex.demo@riverside.org", 45),  # left and joined again
    ("Jo Newcomer", "jo@newco.example", 30),
    ("Maria Gonzales (she/her)", "", 50),  # the workbook has "María González"
]

TEAMS_PEOPLE = [
    ("Pat Example", "pat@valley.edu", "Organizer"),
    ("Sam Sample (Guest)", "", "Attendee"),
    ("Demo, Alex", "alex.demo@riverside.org", "Presenter"),
    ("Jo Newcomer (External)", "jo@newco.example", "Attendee"),
]


def zoom_participants(*, summary: bool = True, newline: str = "\r\n") -> bytes:
    """Zoom's participant report (Reports > Usage > Participants), UTF-8 with a BOM; with
    the meeting summary block above it when exported "with meeting data"."""
    lines = []
    if summary:
        lines += ["Meeting ID,Topic,Start Time,End Time,User Email,Duration (Minutes),"
                  "Participants",
                  '812 3456 7890,Riverside partnership kickoff,03/14/2024 09:58:12 AM,'
                  '03/14/2024 11:02:40 AM,host@riverside.org,65,6',
                  ""]
    lines.append("Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),"
                 "Guest,Recording Consent,In Waiting Room")
    for n, (name, email, minutes) in enumerate(ZOOM_PEOPLE):
        guest = "Yes" if not email else "No"
        lines.append(f'"{name}",{email},03/14/2024 10:{n:02d}:00 AM,'
                     f"03/14/2024 11:{n:02d}:00 AM,{minutes},{guest},Y,No")
    return ("\ufeff" + newline.join(lines) + newline).encode("utf-8")


def teams_attendance() -> bytes:
    """A Teams attendance report (2022+): UTF-16 with a BOM, tab-separated, a summary
    block above the participants and the in-meeting activities below."""
    tab = "\t"
    lines = ["1. Summary",
             f"Meeting title{tab}Riverside partnership kickoff",
             f"Attended participants{tab}{len(TEAMS_PEOPLE)}",
             f"Start time{tab}3/14/24, 9:58:12 AM",
             f"End time{tab}3/14/24, 11:02:40 AM",
             f"Meeting duration{tab}1h 4m 27s",
             f"Average attendance time{tab}52m 3s",
             "",
             "2. Participants",
             tab.join(["Name", "First Join", "Last Leave", "In-Meeting Duration", "Email",
                       "Participant ID (UPN)", "Role"])]
    for name, email, role in TEAMS_PEOPLE:
        lines.append(tab.join([name, "3/14/24, 9:58:12 AM", "3/14/24, 11:02:40 AM",
                               "1h 4m 27s", email, email, role]))
    lines += ["", "3. In-Meeting Activities",
              tab.join(["Name", "Join Time", "Leave Time", "Duration", "Email", "Role"]),
              tab.join(["Pat Example", "3/14/24, 9:58:12 AM", "3/14/24, 11:02:40 AM",
                        "1h 4m 27s", "pat@valley.edu", "Organizer"]),
              tab.join(["Someone Else", "3/14/24, 9:58:12 AM", "3/14/24, 9:59:00 AM",
                        "48s", "", "Attendee"])]
    return ("\r\n".join(lines) + "\r\n").encode("utf-16")


def teams_attendance_classic() -> bytes:
    """The older Teams attendance list: a summary, then one row per join or leave."""
    tab = "\t"
    lines = ["Meeting Summary", f"Total Number of Participants{tab}2",
             f"Meeting Title{tab}Riverside partnership kickoff", "",
             tab.join(["Full Name", "User Action", "Timestamp"]),
             tab.join(["Pat Example", "Joined", "3/14/2024, 9:58:12 AM"]),
             tab.join(["Sam Sample (Guest)", "Joined", "3/14/2024, 10:01:02 AM"]),
             tab.join(["Pat Example", "Left", "3/14/2024, 11:02:40 AM"])]
    return ("\n".join(lines) + "\n").encode("utf-16")


def main(folder: str) -> None:
    target = Path(folder)
    target.mkdir(parents=True, exist_ok=True)
    files = {"zoom-participants.csv": zoom_participants(),
             "zoom-participants-plain.csv": zoom_participants(summary=False),
             "teams-attendance.csv": teams_attendance(),
             "teams-attendance-classic.csv": teams_attendance_classic()}
    for name, data in files.items():
        (target / name).write_bytes(data)
    print(f"Wrote {len(files)} reports to {target}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "attendance-reports")
