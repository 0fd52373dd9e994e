"""Numbers no workbook value can be (ids of 2**63 and more, 1e999, thousands of digits),
in JSON handed to us: refused in one clear sentence, never an OverflowError."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from workbook import Workbook
from workbook.errors import ImportFileError, shown
from workbook.interchange import strict_json
from workbook.interchange.jsonio import import_json, write_json
from workbook.testing import make_partnership

HUGE_INTS = ["9223372036854775808", "-9223372036854775809", "1" + "0" * 30, "7" * 5000,
             "-" + "9" * 4301]
HUGE_FLOATS = ["1e999", "-1e999", "1" * 400 + ".5", "2E+308"]


@pytest.mark.parametrize("number", HUGE_INTS + HUGE_FLOATS)
def test_strict_json_refuses_numbers_no_workbook_holds(number):
    """Each such number is an ImportFileError naming it (shortened), never a crash."""
    raw = f'{{"vote_id": {number}}}'.encode()
    with pytest.raises(ImportFileError, match="holds the number") as caught:
        strict_json.parse(raw, what="a contribution file", limit=10**6)
    assert len(str(caught.value)) < 400


@pytest.mark.parametrize("number", ["9223372036854775807", "-9223372036854775807", "0",
                                    "1.5", "1e300"])
def test_strict_json_keeps_numbers_in_range(number):
    """The largest storable whole number and ordinary floats still read."""
    doc = strict_json.parse(f"[{number}]".encode(), what="x", limit=100)
    assert doc == [json.loads(number)]


@pytest.fixture
def exported(tmp_path: Path) -> dict:
    """A small workbook's JSON export, as a dict."""
    with Workbook.create(tmp_path / "src.sqlite", make_partnership()) as wb:
        out = write_json(wb, tmp_path / "src.json")
    return json.loads(out.read_text(encoding="utf-8"))


@pytest.mark.parametrize("number", HUGE_INTS + HUGE_FLOATS)
def test_import_json_file_with_huge_number_refused(tmp_path, exported, number):
    """An export whose partnership id is such a number is refused; no file is written."""
    text = json.dumps(exported).replace('"id": 1', f'"id": {number}', 1)
    assert f'"id": {number}' in text
    source = tmp_path / "hand-edited.json"
    source.write_text(text, encoding="utf-8")
    with pytest.raises(ImportFileError, match="Nothing was imported"):
        import_json(source, tmp_path / "new.sqlite")
    assert not (tmp_path / "new.sqlite").exists()


@pytest.mark.parametrize("value", [2**63, 10**5000, -(2**64)], ids=["2**63", "10**5000", "-2**64"])
def test_import_json_mapping_with_huge_id_refused(tmp_path, exported, value):
    """A dict handed in directly with such an id is refused like a file."""
    exported["partnership"][0]["id"] = value
    with pytest.raises(ImportFileError, match="1 to 2\\*\\*63 - 1|not a"):
        import_json(exported, tmp_path / "new.sqlite")
    assert not (tmp_path / "new.sqlite").exists()


def test_shown_describes_an_unprintable_number():
    """A number past Python's 4,300-digit print limit is described by its length."""
    assert shown(10**5000) == "a number about 5,001 digits long"
    assert shown(2**63) == "9223372036854775808"
