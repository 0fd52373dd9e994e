"""``workbook use``: the project's current partnership from a terminal."""

from __future__ import annotations

import pytest

from workbook import cli
from workbook.i18n import format_date, format_time
from workbook.store.current import current_target
from workbook.store.postgres import DbTarget
from workbook.testing import make_workbook


@pytest.fixture
def project(tmp_path, monkeypatch):
    (tmp_path / "data").mkdir()
    (tmp_path / "notebooks").mkdir()
    monkeypatch.chdir(tmp_path / "notebooks")
    return tmp_path.resolve()


def test_cli_use_makes_a_file_current(project, capsys):
    """``use PATH`` checks the workbook, then every notebook of the project opens it."""
    make_workbook(project / "data" / "riverside.sqlite", working_title="Riverside").close()
    assert cli.main(["use", "../data/riverside.sqlite"]) == 0
    assert current_target(project) == project / "data" / "riverside.sqlite"
    out = capsys.readouterr().out
    assert "Riverside" in out and str(project / "data" / "riverside.sqlite") in out
    assert cli.main(["use"]) == 0
    assert "riverside.sqlite" in capsys.readouterr().out


def test_cli_use_refuses_what_is_not_a_workbook(project, capsys):
    """A missing file is refused in one line and nothing is chosen."""
    assert cli.main(["use", "../data/missing.sqlite"]) == 2
    assert "missing.sqlite" in capsys.readouterr().err
    assert current_target(project) is None


def test_cli_use_a_database_partnership(project, pg_url, capsys):
    """``use --db URL --partnership SLUG`` keeps the database partnership."""
    target = DbTarget(pg_url, "use-cli")
    make_workbook(target, working_title="In the database").close()
    assert cli.main(["use", "--db", pg_url, "--partnership", "use-cli"]) == 0
    assert current_target(project) == target
    assert "In the database" in capsys.readouterr().out


def test_cli_plan_meeting_and_info_next_meeting(tmp_path, capsys):
    """``plan-meeting`` stores a planned meeting with a drafted agenda; ``info --json``
    names it as ``next_meeting`` and does not count it as held."""
    import datetime as dt
    import json

    path = tmp_path / "wb.sqlite"
    make_workbook(path).close()
    day = (dt.date.today() + dt.timedelta(days=14)).isoformat()
    assert cli.main(["plan-meeting", str(path), "--on", day, "--objective", "Plan the fair",
                     "--at", "14:30", "--join-link", "https://meet.example.org/x",
                     "--json"]) == 0
    planned = json.loads(capsys.readouterr().out)
    assert planned["held_on"] == day and planned["starts_at"] == "14:30"
    assert planned["agenda"][0].startswith("Welcome")
    assert cli.main(["info", str(path), "--json"]) == 0
    info = json.loads(capsys.readouterr().out)
    assert info["next_meeting"]["id"] == planned["id"]
    assert info["next_meeting"]["objective"] == "Plan the fair"
    assert info["meetings"] == 0 and info["planned_meetings"] == 1
    assert cli.main(["info", str(path)]) == 0
    when = f"{format_date(dt.date.fromisoformat(day))} at {format_time(dt.time(14, 30))}"
    assert f"next meeting   {when}: Plan the fair" in capsys.readouterr().out


def test_cli_plan_meeting_refuses_a_bad_time_in_one_line(tmp_path, capsys):
    """A time that is not HH:MM is refused, naming the field; nothing is stored."""
    import datetime as dt

    path = tmp_path / "wb.sqlite"
    make_workbook(path).close()
    day = (dt.date.today() + dt.timedelta(days=14)).isoformat()
    assert cli.main(["plan-meeting", str(path), "--on", day, "--objective", "X",
                     "--at", "2pm"]) == 2
    assert "starts at" in capsys.readouterr().err


def test_cli_plan_meeting_and_use_speak_spanish(project, capsys):
    """``--language es``: the planned meeting's line, its drafted agenda and what ``use``
    says read in Spanish, the date in Spanish words; the objective stays as typed."""
    import datetime as dt

    from workbook import ActionItem, Person

    path = project / "data" / "riverside.sqlite"
    with make_workbook(path, working_title="Riverside") as wb:
        owner = wb.add(Person(name="Ana Ruiz"))
        wb.add(ActionItem(action="Book the hall", owner_id=owner.id,
                          due_on=dt.date.today() - dt.timedelta(days=3)))
    day = dt.date.today() + dt.timedelta(days=14)
    assert cli.main(["plan-meeting", str(path), "--on", day.isoformat(), "--objective",
                     "Plan the fair", "--at", "14:30", "--language", "es"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"Reunión 1 planificada para el {format_date(day, language='es')} "
                          "a las 2:30\u00a0p.m.: Plan the fair")
    assert "  - Bienvenida, presentaciones y quiénes están en la mesa" in out
    assert "  - Revisar la acción: Book the hall (vencía el" in out
    assert "Planned" not in out and "Review" not in out and "Welcome" not in out
    assert cli.main(["use", "--language", "es"]) == 0
    assert "Todavía no se eligió una alianza" in capsys.readouterr().out
    assert cli.main(["use", str(path), "--language", "es"]) == 0
    out = capsys.readouterr().out
    assert "es ahora la alianza actual" in out and "is now" not in out
    assert cli.main(["use", "--language", "es"]) == 0
    assert capsys.readouterr().out.startswith(f"La alianza actual de {project} es {path}")
