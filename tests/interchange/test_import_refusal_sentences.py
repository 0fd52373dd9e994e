"""Import refusals are whole sentences from the catalog, put in words when shown.

A sheet, an attendance report, a workbook export or a participant's contribution file that
cannot be taken in is refused in one sentence: under the pseudo language the whole message
is marked (its pieces marked inside it), and in Spanish no English word of it is left (the
file's name, the JSON keys and the values quoted from the file aside)."""

from __future__ import annotations

import json

import pytest

from workbook import Partnership, Workbook
from workbook.errors import ImportFileError, ValidationError
from workbook.i18n import N_, PSEUDO, use_language
from workbook.interchange import strict_json
from workbook.interchange.attendance import read_report
from workbook.interchange.sheets import read_file
from workbook.participant import contribution
from workbook.participant.items import check_item
from workbook.testing.pseudo import english_left


@pytest.fixture
def wb(tmp_path):
    with Workbook.create(tmp_path / "w.sqlite",
                         Partnership(working_title="t", sector="s", region="r")) as book:
        yield book


def _raised(make) -> Exception:
    with pytest.raises((ImportFileError, ValidationError)) as caught:
        make()
    return caught.value


# name -> (how to make the refusal, what stays as typed, words both languages share)
CASES = {
    "json empty": (lambda wb: strict_json.parse(b"", what=N_("a contribution file"),
                                                limit=100), [], set()),
    "json key twice": (lambda wb: strict_json.parse(b'{"a": 1, "a": 2}', what="x", limit=100),
                       ["'a'"], set()),
    "json huge number": (lambda wb: strict_json.parse(b"[" + b"9" * 40 + b"]",
                                                      what=N_("a workbook export"), limit=100),
                         ["999999999999…999999"], set()),
    "sheet not a sheet": (lambda wb: read_file("programs.pdf", b"%PDF"), ["'programs.pdf'"],
                          {"csv", "xlsx", "ods"}),
    "sheet empty": (lambda wb: read_file("programs.csv", b""), ["'programs.csv'"], set()),
    "attendance empty": (lambda wb: read_report("zoom.csv", b""), ["'zoom.csv'"], set()),
    "contribution format": (lambda wb: contribution.parse(
        json.dumps({"format": "other"}).encode(), wb), ["format: 'other'",
                                                       "'partnership-contribution'"],
        {"format"}),
    "contribution is an export": (lambda wb: contribution.parse(
        json.dumps({"format": "partnership-workbook"}).encode(), wb),
        ["`workbook import-json`"], set()),
    "item not text": (lambda wb: check_item({"kind": "comment", "text": 5}), ["5"], set()),
}


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_import_refusal_is_one_catalog_sentence(case, wb):
    make, typed, _common = CASES[case]
    error = _raised(lambda: make(wb))
    with use_language(PSEUDO):
        text = str(error)
    assert text.startswith("⟦") and text.endswith("⟧"), text
    assert english_left(text, typed) == [], text


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_import_refusal_in_spanish_has_no_english_piece(case, wb):
    make, typed, common = CASES[case]
    error = _raised(lambda: make(wb))
    english = str(error)
    with use_language("es"):
        spanish = str(error)
    assert spanish != english and str(error) == english  # follows the language when shown
    for piece in typed:
        english, spanish = english.replace(piece, " "), spanish.replace(piece, " ")
    words = {w.casefold() for w in english.replace(".", " ").split() if w.isalpha()}
    left = {w.casefold() for w in spanish.replace(".", " ").split() if w.isalpha()}
    shared = (words & left) - common - {"a", "no", "json", "utf"}
    assert shared == set(), (english, spanish)
