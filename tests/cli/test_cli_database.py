"""The command line on partnerships in a PostgreSQL database: --db URL --partnership SLUG."""

from __future__ import annotations

import itertools
import json

import pytest

from workbook import cli

_n = itertools.count(1)


@pytest.fixture
def slug() -> str:
    return f"cli-{next(_n)}"


def _run(capsys, *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _without_time(data: dict) -> dict:
    return {k: v for k, v in data.items() if k != "exported_at"}


def test_cli_db_demo_then_info_json(pg_url, slug, capsys):
    """`demo --db URL --partnership SLUG`, then `info ... --json` reads it back."""
    assert _run(capsys, "demo", "--db", pg_url, "--partnership", slug)[0] == 0
    code, out, _ = _run(capsys, "info", "--db", pg_url, "--partnership", slug, "--json")
    assert code == 0
    counts = json.loads(out)
    assert counts["meetings"] > 0 and counts["organisations"] > 0
    code, out, err = _run(capsys, "demo", "--db", pg_url, "--partnership", slug)
    assert code == 2 and "already" in err and "--force" in err
    assert _run(capsys, "demo", "--db", pg_url, "--partnership", slug, "--force")[0] == 0
    code, out, _ = _run(capsys, "info", "--db", pg_url, "--partnership", slug, "--json")
    assert json.loads(out) == counts  # replaced whole, not added to


def test_cli_copy_file_to_db_and_back_is_exact(pg_url, slug, demo_path, tmp_path, capsys):
    """copy PATH --db ... then copy --db ... PATH: the JSON exports agree but for the time."""
    assert _run(capsys, "copy", str(demo_path), "--db", pg_url, "--partnership", slug)[0] == 0
    back = tmp_path / "back.sqlite"
    assert _run(capsys, "copy", "--db", pg_url, "--partnership", slug, str(back))[0] == 0
    docs = []
    for args in ([str(demo_path)], ["--db", pg_url, "--partnership", slug], [str(back)]):
        out = tmp_path / f"export-{len(docs)}.json"
        assert _run(capsys, "export-json", *args, str(out))[0] == 0
        docs.append(_without_time(json.loads(out.read_text(encoding="utf-8"))))
    assert docs[0] == docs[1] == docs[2]
    # Nothing existing is replaced, either way.
    code, _, err = _run(capsys, "copy", str(demo_path), "--db", pg_url, "--partnership", slug)
    assert code == 2 and "already" in err
    code, _, err = _run(capsys, "copy", "--db", pg_url, "--partnership", slug, str(back))
    assert code == 2 and "already exists" in err


def test_cli_partnerships_lists_what_the_role_sees(pg_url, slug, capsys):
    """`partnerships --db URL --json` lists each partnership with the role's access."""
    assert _run(capsys, "new", "--db", pg_url, "--partnership", slug, "--title", "T",
                "--sector", "S", "--region", "R")[0] == 0
    code, out, _ = _run(capsys, "partnerships", "--db", pg_url, "--json")
    assert code == 0
    listed = {row["slug"]: row["access"] for row in json.loads(out)}
    assert listed[slug] == "owner"
    code, out, _ = _run(capsys, "partnerships", "--db", pg_url)
    assert code == 0 and slug in out


@pytest.mark.parametrize("argv, words", [
    (["info"], "Name a workbook file"),
    (["info", "x.sqlite", "--db", "postgresql://u@h/d", "--partnership", "p"], "not both"),
    (["info", "--db", "postgresql://u@h/d"], "needs both"),
    (["info", "--partnership", "p"], "needs both"),
    (["info", "--db", "postgresql://u@h/d", "--partnership", "Not A Slug"], "short name"),
    (["info", "--db", "sqlite:///x.sqlite", "--partnership", "p"], "not a PostgreSQL URL"),
    (["backups", "--db", "postgresql://u@h/d", "--partnership", "p"], "snapshot"),
])
def test_cli_target_mistakes_are_one_clear_line(argv, words, capsys):
    """A workbook named wrongly (both, neither, half, a bad slug) is one line and exit 2."""
    code, _, err = _run(capsys, *argv)
    assert code == 2 and words in err and err.count("\n") == 1


def test_cli_snapshot_and_restore_snapshot(pg_url, slug, tmp_path, capsys):
    """A snapshot put back undoes the changes made after it was taken."""
    from workbook import Organisation, Workbook
    from workbook.store.postgres import DbTarget

    assert _run(capsys, "demo", "--db", pg_url, "--partnership", slug)[0] == 0
    snap = tmp_path / "snap.json"
    assert _run(capsys, "snapshot", "--db", pg_url, "--partnership", slug, str(snap))[0] == 0
    with Workbook.open(DbTarget(pg_url, slug)) as wb:
        first = wb.all(Organisation)[0]
        wb.update(Organisation, first.id, {"mission": "Changed after the snapshot"})
        wb.add(Organisation(name="Added after the snapshot"))
    code, _, err = _run(capsys, "restore-snapshot", "--db", pg_url, "--partnership", slug,
                        str(snap))
    assert code == 2 and "--yes" in err
    assert _run(capsys, "restore-snapshot", "--db", pg_url, "--partnership", slug, str(snap),
                "--yes")[0] == 0
    again = tmp_path / "again.json"
    assert _run(capsys, "snapshot", "--db", pg_url, "--partnership", slug, str(again))[0] == 0
    assert _without_time(json.loads(again.read_text())) == _without_time(
        json.loads(snap.read_text()))


def test_cli_unreachable_database_is_one_line_without_the_password(capsys):
    """A server that does not answer: one line naming the URL, never its password."""
    code, _, err = _run(capsys, "info", "--db", "postgresql://ana:s3cret@127.0.0.1:9459/wb",
                        "--partnership", "demo")
    assert code == 2 and "Could not reach" in err and "s3cret" not in err
    assert err.count("\n") == 1


def test_cli_grant_and_revoke(pg_url, slug, capsys):
    """`grant ... ROLE observer` shows in that role's list; `revoke` takes it away."""
    import contextlib

    import psycopg

    role = f"viewer_{slug.replace('-', '_')}"
    with contextlib.closing(psycopg.connect(pg_url, autocommit=True)) as admin:
        admin.execute(f"CREATE ROLE {role} LOGIN")
    assert _run(capsys, "new", "--db", pg_url, "--partnership", slug, "--title", "T",
                "--sector", "S", "--region", "R")[0] == 0
    code, out, _ = _run(capsys, "grant", "--db", pg_url, "--partnership", slug, role,
                        "observer")
    assert code == 0 and "observer" in out
    theirs = pg_url.replace("postgres@", f"{role}@", 1)
    code, out, _ = _run(capsys, "partnerships", "--db", theirs, "--json")
    assert {r["slug"]: r["access"] for r in json.loads(out)} == {slug: "observer"}
    assert _run(capsys, "revoke", "--db", pg_url, "--partnership", slug, role)[0] == 0
    code, out, _ = _run(capsys, "partnerships", "--db", theirs, "--json")
    assert json.loads(out) == []
    with pytest.raises(SystemExit) as caught:  # argparse refuses an unknown access level
        cli.main(["grant", "--db", pg_url, "--partnership", slug, role, "boss"])
    assert caught.value.code == 2 and "invalid choice" in capsys.readouterr().err


def test_cli_db_init_by_the_administrator_lets_creators_start_partnerships(pg_cluster,
                                                                            capsys):
    """`db init --db ADMIN_URL --creator ROLE`: the tables belong to workbook_owner; only a
    creator starts a partnership; a facilitator cannot run db init; copy offers no
    --force."""
    import contextlib

    import psycopg

    n = next(_n)
    creator, other, database = f"maker_{n}", f"plain_{n}", f"initdb_{n}"
    with contextlib.closing(psycopg.connect(pg_cluster.url(database="postgres"),
                                            autocommit=True)) as admin:
        admin.execute(f"CREATE ROLE {creator} LOGIN")
        admin.execute(f"CREATE ROLE {other} LOGIN")
        admin.execute(f"CREATE DATABASE {database}")
    admin_url = pg_cluster.url(database=database)
    as_creator = pg_cluster.url(creator, database)
    as_other = pg_cluster.url(other, database)
    code, out, err = _run(capsys, "partnerships", "--db", as_creator)
    assert code != 0 and "db init" in err  # nothing installed yet; only an admin may
    code, out, err = _run(capsys, "db", "init", "--db", admin_url, "--creator", creator,
                          "--json")
    assert code == 0, err
    assert json.loads(out)["action"] == "installed"
    assert json.loads(out)["creators"] == [creator]
    code, _, err = _run(capsys, "db", "init", "--db", as_creator)
    assert code != 0 and "administrator" in err
    assert _run(capsys, "demo", "--db", as_creator, "--partnership", "made")[0] == 0
    code, _, err = _run(capsys, "demo", "--db", as_other, "--partnership", "not-made")
    assert code != 0 and "may not start new partnerships" in err and creator not in err
    code, out, _ = _run(capsys, "partnerships", "--db", as_other, "--json")
    assert code == 0 and json.loads(out) == []
    code, out, err = _run(capsys, "db", "init", "--db", admin_url)
    assert code == 0 and "up to date" in out


def test_cli_copy_into_an_existing_partnership_offers_no_force(pg_url, slug, demo_path,
                                                               capsys):
    assert _run(capsys, "copy", str(demo_path), "--db", pg_url, "--partnership", slug)[0] == 0
    code, _, err = _run(capsys, "copy", str(demo_path), "--db", pg_url, "--partnership", slug)
    assert code == 2 and "already exists" in err and "--force" not in err
