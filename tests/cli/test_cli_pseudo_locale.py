"""The command line in the pseudo language: every command's human output (stdout and the
one line of a refusal on stderr), run on the demo workbook, holds no English word that did
not come from the catalog, except what people typed, the paths of files and the names of
commands and options a person types back."""

from __future__ import annotations

import datetime as dt
import getpass
import re
from pathlib import Path

import pytest

from workbook import Workbook, cli, i18n
from workbook.model import Outcome, Person
from workbook.testing.pseudo import english_left, strict_markers, typed_texts, where

# What a person types back at the terminal: the program, its commands and options, and the
# placeholders of their arguments. Names, not English sentences.
TYPED_BACK = frozenset({
    "workbook", "demo", "new", "info", "use", "restore", "backups", "export", "yes", "out",
    "force", "db", "url", "partnership", "slug", "path", "backup", "sqlite", "json", "csv",
    "xlsx", "docx", "html", "ics", "eml", "md", "ipynb", "svg", "png", "name",
})


CODES = ("resource_kind", "target_group", "utf_8", "UTF-8", "name=", "resource_kind=",
         "target_group=")
"""Codes a person types back: the --map fields of import-sheet, the codecs of --encoding."""


def _sheet_names() -> list[Path]:
    return [Path(n) for n in ("resources.csv", "attendance.csv", "readings.csv",
                              "contribution.json")]


@pytest.fixture
def pseudo():
    i18n.set_default_language(i18n.PSEUDO)
    yield
    i18n.set_default_language(None)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A project folder (``data/`` and ``notebooks/``) for ``workbook use``."""
    root = tmp_path / "project"
    (root / "data").mkdir(parents=True)
    (root / "notebooks").mkdir()
    return root


def _run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    capsys.readouterr()
    with strict_markers():  # English handed in through a placeholder shows too
        code = cli.main([args[0], "--language", i18n.PSEUDO, *args[1:]])
    out, err = capsys.readouterr()
    return code, out + "\n" + err


def _strings(value: object) -> list[str]:
    """Every text inside ``value`` (what a contribution file's participant typed)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [t for v in value.values() for t in _strings(v)]
    if isinstance(value, list | tuple):
        return [t for v in value for t in _strings(v)]
    return []


def _sheets(folder: Path, wb: Workbook) -> dict[str, Path]:
    """A resource-map sheet, an attendance report, a sheet of outcome readings and a
    participant's contribution file (one item of every kind)."""
    from workbook.participant.contribution import build
    from workbook.testing.contributions import NEWCOMER, every_kind

    folder.mkdir(exist_ok=True)
    resources = folder / "resources.csv"
    resources.write_text("Name,Kind,Target group\nWelding bootcamp,training,Adults\n"
                         "Forklift course,training,Youth\n", encoding="utf-8")
    attendance = folder / "attendance.csv"
    known = wb.all(Person)[0].name
    attendance.write_text(f"Name,Email\n{known},\nJo Newcomer,jo@example.org\n",
                          encoding="utf-8")
    outcome = wb.all(Outcome)[0].description
    readings = folder / "readings.csv"
    readings.write_text(f'Date,"{outcome}"\n2026-01-31,61\nsoon,62\n', encoding="utf-8")
    wb.open_vote(dots_per_participant=3, anonymous=True)
    items = every_kind(wb)
    contribution = folder / "contribution.json"
    contribution.write_bytes(build(wb, NEWCOMER, items, meeting_id=wb.latest_meeting().id,
                                   now=dt.datetime.now()))
    return {"resources": resources, "attendance": attendance, "readings": readings,
            "contribution": contribution, "typed": _strings([NEWCOMER, items])}


def _commands(demo: Path, tmp_path: Path, project: Path,
              sheets: dict[str, Path], meeting: int) -> list[tuple[str, list[str], int]]:
    """(what, arguments, exit code) for each command, the refusals too."""
    soon = (dt.date.today() + dt.timedelta(days=30)).isoformat()
    return [
        ("demo", ["demo", str(tmp_path / "another.sqlite")], 0),
        ("new", ["new", str(tmp_path / "new.sqlite"), "--title", "Riverside Makers",
                 "--sector", "Manufacturing", "--region", "Riverside"], 0),
        ("new, exists", ["new", str(demo), "--title", "Riverside Makers", "--sector",
                         "Manufacturing", "--region", "Riverside"], 2),
        ("info", ["info", str(demo)], 0),
        ("info, no workbook", ["info"], 2),
        ("info, missing", ["info", str(tmp_path / "missing.sqlite")], 2),
        ("plan-meeting", ["plan-meeting", str(demo), "--on", soon, "--objective",
                          "Choose the second cohort's trades", "--at", "14:30"], 0),
        ("plan-meeting, no time", ["plan-meeting", str(demo), "--on", soon, "--objective",
                                   "Choose the second cohort's trades"], 0),
        ("use, nothing chosen", ["use", "--project", str(project)], 0),
        ("use", ["use", str(demo), "--project", str(project)], 0),
        ("use, what is chosen", ["use", "--project", str(project)], 0),
        ("export-json", ["export-json", str(demo), str(tmp_path / "demo.json")], 0),
        ("import-json", ["import-json", str(tmp_path / "demo.json"),
                         str(tmp_path / "again.sqlite")], 0),
        ("import-json refused", ["import-json", str(tmp_path / "demo.json"),
                                 str(tmp_path / "again.sqlite")], 2),
        ("history", ["history", str(demo), "--limit", "5"], 0),
        ("undo, preview", ["undo", str(demo)], 0),
        ("languages", ["languages", str(demo)], 0),
        ("languages set", ["languages", str(demo), "--set", "es,en"], 0),
        ("undo", ["undo", str(demo), "--yes"], 0),
        ("share-copy", ["share-copy", str(demo), str(tmp_path / "shared.sqlite")], 0),
        ("binder-link refused", ["binder-link", "--repo", "gitlab.com/a/b"], 2),
        ("backups", ["backups", str(demo)], 0),
        ("restore refused", ["restore", str(demo), str(tmp_path / "nope.sqlite")], 2),
        ("export", ["export", str(demo), "--out", str(tmp_path / "exports")], 0),
        ("export packet", ["export", str(demo), "--packet", "--out",
                           str(tmp_path / "exports")], 0),
        ("export-tables", ["export-tables", str(demo), "--out", str(tmp_path / "tables")], 0),
        ("import-sheet", ["import-sheet", str(demo), str(sheets["resources"])], 0),
        ("import-attendance", ["import-attendance", str(demo), str(meeting),
                               str(sheets["attendance"])], 0),
        ("import-readings", ["import-readings", str(demo), str(sheets["readings"])], 0),
        ("import-readings refused", ["import-readings", str(demo), str(sheets["readings"]),
                                     "--yes"], 2),
        ("import-contribution", ["import-contribution", str(demo),
                                 str(sheets["contribution"])], 0),
        ("import-contribution --yes", ["import-contribution", str(demo),
                                       str(sheets["contribution"]), "--yes"], 0),
        ("import-contribution again", ["import-contribution", str(demo),
                                       str(sheets["contribution"]), "--yes"], 0),
    ]


def test_cli_every_command_speaks_from_the_catalog(demo_path, tmp_path, project, pseudo,
                                                   capsys, monkeypatch):
    """Each command's human output and refusals, in the pseudo language: nothing outside
    the markers but typed text, paths and what a person types back."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    with Workbook.open(demo_path, daily_backup=False) as wb:
        sheets = _sheets(tmp_path / "sheets", wb)
        typed = typed_texts(wb, [wb.partnership.display_name, "Jo Newcomer",
                                 "Choose the second cohort's trades", "Riverside Makers",
                                 "Manufacturing", "Riverside", "Welding bootcamp",
                                 "Forklift course", "Adults", "Youth", "Name", "Email",
                                 "Kind", "Target group", "Date", "soon", "training",
                                 "gitlab.com/a/b", getpass.getuser(), *CODES,
                                 *(p.name for p in _sheet_names()), *cli.FAMILY_OF,
                                 *sheets["typed"]])
        meeting = wb.latest_meeting().id
    commands = _commands(demo_path, tmp_path, project, sheets, meeting)
    failures: dict[str, list[str]] = {}
    for what, args, expected in commands:
        code, text = _run(args, capsys)
        assert code == expected, (what, text)
        # Paths (and what they end in) are names, not English.
        text = re.sub(re.escape(str(tmp_path)) + r"[^\s'\"():;,⟦⟧`]*", " ", text)
        text = re.sub(r"…\w+", "…", text)  # typed text cut short in a table ("…ays")
        text = re.sub(r"(?m)^(\s+\[.\]) \S+", r"\1", text)  # an item's KEY for --accept
        left = [w for w in english_left(text, typed) if w.casefold() not in TYPED_BACK]
        if left:
            failures[what] = [*left, *where(text, left)]
    assert failures == {}, "\n".join(f"{k}: {v}" for k, v in failures.items())


def test_cli_pseudo_check_finds_english(pseudo, capsys, tmp_path, monkeypatch):
    """The check itself: an English line printed by a command is found."""
    from workbook.commands import core

    def english(args) -> None:
        print("Wrote the workbook somewhere")

    monkeypatch.setattr(core, "demo", english)
    code, text = _run(["demo", str(tmp_path / "x.sqlite")], capsys)
    assert code == 0
    assert english_left(text) == ["Wrote", "somewhere", "the", "workbook"]



def test_cli_database_commands_speak_from_the_catalog(demo_path, tmp_path, pg_cluster, pseudo,
                                                      capsys):
    """The PostgreSQL commands (and the store's database refusals), in the pseudo language:
    only catalog strings, typed text, the database's own words about a role, and what a
    person types back. A database of its own: `partnerships` lists every partnership in
    it, and the other tests' slugs are names this one did not type."""
    import contextlib

    import psycopg

    with contextlib.closing(psycopg.connect(pg_cluster.url(database="postgres"),
                                            autocommit=True)) as admin:
        admin.execute("DROP DATABASE IF EXISTS pseudo_cli")
        admin.execute("CREATE DATABASE pseudo_cli")
    pg_url = pg_cluster.url(database="pseudo_cli")
    slug = "pseudo-cli"
    db = ["--db", pg_url, "--partnership", slug]
    snapshot = tmp_path / "snapshot.json"
    commands = [
        ("db init", ["db", "init", "--db", pg_url], 0),
        ("copy in", ["copy", str(demo_path), *db], 0),
        ("copy in again", ["copy", str(demo_path), *db], 2),
        ("partnerships", ["partnerships", "--db", pg_url], 0),
        ("grant", ["grant", *db, "nobody_at_all", "observer"], 2),
        ("revoke", ["revoke", *db, "nobody_at_all"], 0),
        ("snapshot", ["snapshot", *db, str(snapshot)], 0),
        ("restore-snapshot", ["restore-snapshot", *db, str(snapshot), "--yes"], 0),
        ("info", ["info", *db], 0),
        ("backups", ["backups", *db], 2),
        ("use", ["use", *db, "--project", str(tmp_path)], 0),
        ("info, not there", ["info", "--db", pg_url, "--partnership", "not-there"], 2),
    ]
    with Workbook.open(demo_path, daily_backup=False) as wb:
        typed = typed_texts(wb, [wb.partnership.display_name, slug, "not-there", pg_url,
                                 getpass.getuser(), "postgres", "nobody_at_all",
                                 *cli.FAMILY_OF])
    failures: dict[str, list[str]] = {}
    for what, args, expected in commands:
        code, text = _run(args, capsys)
        assert code == expected, (what, text)
        if what == "partnerships":  # other tests' partnerships too: their slugs are names
            from workbook.store.postgres import partnerships

            typed = [*typed, *sorted((m.slug for m in partnerships(pg_url)), key=len,
                                     reverse=True)]
        text = re.sub(re.escape(str(tmp_path)) + r"[^\s'\"():;,⟦⟧`]*", " ", text)
        text = re.sub(r"postgresql://[^\s⟦⟧]+", " ", text)  # a database's address: a name
        # What the database itself says of a role it does not know (its own words).
        text = re.sub(r'there is no role "?nobody_at_all"?', " ", text)
        left = [w for w in english_left(text, typed) if w.casefold() not in TYPED_BACK]
        if left:
            failures[what] = [*left, *where(text, left)]
    assert failures == {}, "\n".join(f"{k}: {v}" for k, v in failures.items())


def _help(args: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    """What ``workbook ARGS --help`` prints, in the pseudo language (strict markers)."""
    capsys.readouterr()
    with strict_markers(), pytest.raises(SystemExit) as done:
        cli.main([*args, "--language", i18n.PSEUDO, "--help"])
    assert done.value.code == 0
    return capsys.readouterr().out


def _help_names_only(text: str) -> str:
    """``text`` without what a person types back in a help page: option names (``--db``,
    ``-h``), choices (``{partners,facilitator}``), metavars in capitals (``PATH``,
    ``ID|latest``, ``IN.json``) and the language codes the --language help lists."""
    text = re.sub(r"\{[\w,-]+\}", " ", text)
    text = re.sub(r"(?<![\w⟦])--?[A-Za-z][\w-]*", " ", text)
    text = re.sub(r"\b[A-Z][A-Z_]*(?:[-.|:=/][-\w.|:=/]*)?(?=[\s\]\[⟦⟧)]|$)", " ", text)
    return re.sub(r"\b(?:en|es|x-pseudo)\b", " ", text)


def test_cli_help_of_every_command_speaks_from_the_catalog(pseudo, capsys):
    """``workbook --help`` and ``workbook COMMAND --help`` for every command: argparse's own
    words (usage, section titles, -h's help) and every command's help come from the
    catalog; only option names, metavars, choices and command names stand outside it."""
    pages = {"workbook": _help([], capsys), "db init": _help(["db", "init"], capsys)}
    pages |= {name: _help([name], capsys) for name in cli.FAMILY_OF}
    failures: dict[str, list[str]] = {}
    for what, text in pages.items():
        assert "⟦usage: ⟧" in text and "⟦options⟧" in text, (what, text)
        plain = _help_names_only(text)
        names = sorted([*cli.FAMILY_OF, "init", *CODES], key=len, reverse=True)
        left = [w for w in english_left(plain, names)
                if w.casefold() not in TYPED_BACK]
        if left:
            failures[what] = [*left, *where(plain, left)]
    assert failures == {}, "\n".join(f"{k}: {v}" for k, v in failures.items())
