"""``workbook languages``: list and set the languages a partnership's partners need."""

from __future__ import annotations

import json

import pytest

from workbook import Organisation, Workbook, cli


@pytest.fixture
def path(tmp_path):
    """A new workbook with one partner organization."""
    target = tmp_path / "wb.sqlite"
    assert cli.main(["new", str(target), "--title", "Riverside", "--sector", "Manufacturing",
                     "--region", "Riverside"]) == 0
    with Workbook.open(target, daily_backup=False) as wb:
        wb.add(Organisation(name="Centro Latino", partner_type="community"))
    return target


def test_languages_lists_english_by_default(path, capsys):
    capsys.readouterr()
    assert cli.main(["languages", str(path), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["languages"] == ["en"]
    assert report["available"][:2] == ["en", "es"]
    assert report["organisations"] == [{"id": 1, "name": "Centro Latino", "language": None}]


def test_languages_set_and_partner_are_one_step(path, capsys):
    capsys.readouterr()
    assert cli.main(["languages", str(path), "--set", "es, en",
                     "--partner", "centro latino=es"]) == 0
    out = capsys.readouterr().out
    assert "Español and English" in out and "Centro Latino reads Español." in out
    with Workbook.open(path, daily_backup=False) as wb:
        assert wb.partnership.languages == ("es", "en")
        assert wb.all(Organisation)[0].language == "es"
        steps = wb.steps()
        assert steps[0].label == "Set the partners' languages"
        wb.undo(steps[0].batch)
        assert wb.partnership.languages == ("en",)
        assert wb.all(Organisation)[0].language is None


def test_languages_refuses_a_language_without_a_catalog(path, capsys):
    capsys.readouterr()
    assert cli.main(["languages", str(path), "--set", "en,vi"]) == 2
    err = capsys.readouterr().err
    assert "'vi'" in err and "en, es" in err
    with Workbook.open(path, daily_backup=False) as wb:
        assert wb.partnership.languages == ("en",)


def test_languages_refuses_an_unknown_partner_in_spanish(path, capsys):
    """The refusal reads as one Spanish sentence under --language es."""
    capsys.readouterr()
    assert cli.main(["languages", str(path), "--partner", "Nadie=es", "--language", "es"]) == 2
    err = capsys.readouterr().err
    assert "'Nadie'" in err and "There is" not in err and "organización" in err
