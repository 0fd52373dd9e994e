"""The contribution file: made, read back, and every kind of bad file refused untouched."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from typing import Any

import pytest

from workbook import Workbook
from workbook.errors import ImportFileError, ValidationError
from workbook.participant.contribution import (
    FORMAT,
    MAX_BYTES,
    MAX_ITEMS,
    build,
    canonical,
    content_hash,
    item_key,
    parse,
)
from workbook.participant.importer import apply, preview
from workbook.testing.contributions import NEWCOMER, file_state, rehashed, to_bytes


def test_contribution_round_trip_keeps_participant_and_items(meeting_wb: Workbook,
                                                             good_file: bytes) -> None:
    """A built file parses back to the same participant, meeting and items."""
    parsed = parse(good_file, meeting_wb)
    assert parsed.participant["name"] == NEWCOMER["name"]
    assert parsed.meeting_id == meeting_wb.latest_meeting().id
    assert [i["kind"] for i in parsed.items] == ["profile", "name_candidate", "dots",
                                                 "resource", "cause", "solution", "comment",
                                                 "evaluation"]
    assert parsed.partnership_uid == meeting_wb.partnership_uid()
    doc = json.loads(good_file)
    assert doc["format"] == FORMAT and parsed.content_hash == doc["content_hash"]


def test_contribution_hash_covers_everything_but_itself(good_file: bytes) -> None:
    """The content hash is the sha256 of the canonical JSON without the hash."""
    import hashlib

    doc = json.loads(good_file)
    body = {k: v for k, v in doc.items() if k != "content_hash"}
    assert doc["content_hash"] == hashlib.sha256(canonical(body)).hexdigest()
    assert content_hash(doc) == doc["content_hash"]


def test_contribution_item_key_ignores_how_dots_are_spread() -> None:
    """Two spreads of dots in one vote by one person share a key; other votes do not."""
    first = {"kind": "dots", "vote_id": 3, "allocations": [{"candidate_id": 1, "dots": 2}]}
    second = {"kind": "dots", "vote_id": 3, "allocations": [{"candidate_id": 2, "dots": 1}]}
    other_vote = {**first, "vote_id": 4}
    assert item_key(NEWCOMER, first) == item_key(NEWCOMER, second)
    assert item_key(NEWCOMER, first) != item_key(NEWCOMER, other_vote)
    someone_else = {**NEWCOMER, "name": "Someone Else"}
    assert item_key(NEWCOMER, first) != item_key(someone_else, first)


def test_contribution_item_key_depends_on_content_not_on_case_of_name() -> None:
    """The same comment from the same person keys alike whatever the name's case."""
    comment = {"kind": "comment", "text": "Hello"}
    shouting = {**NEWCOMER, "name": NEWCOMER["name"].upper()}
    assert item_key(NEWCOMER, comment) == item_key(shouting, comment)
    assert item_key(NEWCOMER, comment) != item_key(NEWCOMER, {**comment, "text": "Hello!"})


def test_contribution_files_differ_even_with_equal_content(make_file: Callable) -> None:
    """The random nonce gives two equal contributions different hashes (nothing guessable)."""
    items = [{"kind": "comment", "text": "Same words"}]
    first, second = json.loads(make_file(items)), json.loads(make_file(items))
    assert first["items"] == second["items"]
    assert first["content_hash"] != second["content_hash"]


def test_contribution_build_refuses_an_empty_draft(meeting_wb: Workbook) -> None:
    """A file with nothing in it is not made; the message says to add something."""
    with pytest.raises(ValidationError, match="Add something"):
        build(meeting_wb, NEWCOMER, [])


def test_contribution_build_refuses_a_file_over_the_limit(meeting_wb: Workbook) -> None:
    """Too much text for one file is refused when the file is made, not at import."""
    items = [{"kind": "comment", "text": f"{n} " + "x" * 9_000} for n in range(120)]
    with pytest.raises(ImportFileError, match="over the limit"):
        build(meeting_wb, NEWCOMER, items)


# -- bad files -----------------------------------------------------------------------------

Maker = Callable[[dict[str, Any], bytes], bytes]


def _edit(change: Callable[[dict[str, Any]], None], *, keys: bool = True) -> Maker:
    def make(doc: dict[str, Any], _raw: bytes) -> bytes:
        doc = copy.deepcopy(doc)
        change(doc)
        return rehashed(doc, keys=keys)
    return make


def _set(path: tuple[Any, ...], value: Any) -> Callable[[dict[str, Any]], None]:
    def change(doc: dict[str, Any]) -> None:
        target = doc
        for part in path[:-1]:
            target = target[part]
        target[path[-1]] = value
    return change


def _comment(doc: dict[str, Any]) -> dict[str, Any]:
    return next(i for i in doc["items"] if i["kind"] == "comment")


def _dots(doc: dict[str, Any]) -> dict[str, Any]:
    return next(i for i in doc["items"] if i["kind"] == "dots")


def _tampered(doc: dict[str, Any], _raw: bytes) -> bytes:
    doc = copy.deepcopy(doc)
    _comment(doc)["text"] = "Changed after download"
    return to_bytes(doc)


def _edited_item_only(doc: dict[str, Any], _raw: bytes) -> bytes:
    doc = copy.deepcopy(doc)
    _comment(doc)["text"] = "Changed, hash redone, key not"
    return rehashed(doc, keys=False)


def _duplicate_key(doc: dict[str, Any], raw: bytes) -> bytes:
    return raw.replace(b'"nonce"', b'"nonce": "0", "nonce"', 1)


def _with_text(text: str) -> Maker:
    return _edit(lambda doc: _comment(doc).update(text=text))


def _doubled_item(doc: dict[str, Any]) -> None:
    doc["items"].append(copy.deepcopy(_comment(doc)))


BAD_FILES: list[tuple[str, Maker, str]] = [
    ("empty", lambda d, r: b"", "empty"),
    ("cut-short", lambda d, r: r[: len(r) // 2], "not valid JSON"),
    ("json-array", lambda d, r: b"[1, 2, 3]", "not a JSON object"),
    ("oversized", lambda d, r: r[:-1] + b" " * MAX_BYTES + b"}", "over the limit"),
    ("sqlite-file", lambda d, r: b"SQLite format 3\x00" + b"\x00" * 100, "workbook database"),
    ("not-utf8", lambda d, r: '{"format": "café"}'.encode("latin-1"), "not UTF-8"),
    ("wrong-format", _edit(_set(("format",), "something-else")), "not a contribution file"),
    ("workbook-export", _edit(_set(("format",), "partnership-workbook")), "whole-workbook"),
    ("future-version", _edit(_set(("schema_version",), 2)), "newer than this workbook"),
    ("version-as-text", _edit(_set(("schema_version",), "1")), "not a version number"),
    ("missing-key", _edit(lambda d: d.pop("nonce")), "nonce: is missing"),
    ("unknown-top-key", _edit(_set(("signature",), "trust me")), "'signature' is not a part"),
    ("tampered", _tampered, "changed after it was made"),
    ("hash-not-hex", lambda d, r: to_bytes({**d, "content_hash": "abc"}), "not a sha256"),
    ("other-partnership", _edit(_set(("partnership", "uid"), "f" * 32)),
     "not for 'Valley Makers Alliance'"),
    ("duplicate-key", _duplicate_key, "appears twice"),
    ("nan", lambda d, r: r.replace(b'"schema_version": 1', b'"schema_version": NaN'),
     "contains NaN"),
    ("control-char", _with_text("Ring the bell\x07 now"), "control character U+0007"),
    ("bidi-override", _with_text("Pay \u202eevil\u202c here"), "direction control U+202E"),
    ("noncharacter", _with_text("Breaks the chart \uffff"), "U+FFFF, which is not a character"),
    ("c1-control", _with_text("Next line\x85 here"), "control character U+0085"),
    ("noncharacter-in-name", _edit(_set(("participant", "organisation"), "Har\ufdd0rowgate")),
     "U+FDD0, which is not a character"),
    ("lone-surrogate", lambda d, r: r.replace(b"Happy to host", b"\\ud800 Happy to host"),
     "lone surrogate"),
    ("essay", _with_text("word " * 4_000), "over the limit of 10,000"),
    ("unknown-item-key", _edit(lambda d: _comment(d).update(html="<script>x</script>")),
     "'html' is not a field of a comment"),
    ("dots-as-text", _edit(lambda d: _dots(d)["allocations"][0].update(dots="2")),
     "not a number of dots"),
    ("bool-as-id", _edit(lambda d: next(i for i in d["items"] if i["kind"] == "cause")
                         .update(problem_id=True)), "The problem id True is not an id"),
    ("too-many-dots", _edit(lambda d: _dots(d)["allocations"][0].update(dots=13)),
     "not a number of dots"),
    ("item-key-mismatch", _edited_item_only, "item_key does not match"),
    ("repeated-item", _edit(_doubled_item), "repeats item"),
    ("unknown-kind", _edit(lambda d: d["items"].append({"kind": "ballot", "who": "x"})),
     "The kind 'ballot' is not one of the choices"),
    ("claims-own-org", _edit(_set(("participant", "partner_type"), "own")),
     "cannot be given to a new organization"),
    ("from-the-future", _edit(_set(("created_at",), "2999-01-01T00:00:00")),
     "not a plausible time"),
    ("unknown-meeting", _edit(_set(("meeting", "id"), 999)), "not a meeting of this workbook"),
    ("too-many-items", _edit(lambda d: d["items"].extend(
        {"kind": "comment", "text": f"n{n}"} for n in range(MAX_ITEMS))), "over the limit of"),
    ("no-items", _edit(_set(("items",), [])), "nothing to import"),
    ("deeply-nested", lambda d, r: b'{"format": ' + b"[" * 200_000 + b"]" * 200_000 + b"}",
     "nested too deeply"),
    ("nested-just-parsable", lambda d, r: b'{"format": ' + b"[" * 900 + b"]" * 900 + b"}",
     "nested too deeply"),
    ("huge-number", lambda d, r: r.replace(b'"schema_version": 1',
                                           b'"schema_version": ' + b"9" * 5_000),
     "larger than any number a workbook holds"),
    ("participant-wrong-type", _edit(_set(("participant", "new_organisation"), "yes")),
     "not true or false"),
]


@pytest.mark.parametrize("maker, expected", [pytest.param(m, e, id=i) for i, m, e in BAD_FILES])
def test_contribution_bad_file_refused_and_workbook_untouched(
        meeting_wb: Workbook, good_file: bytes, maker: Maker, expected: str) -> None:
    """Each bad file is refused naming its problem; the workbook file does not change."""
    before = file_state(meeting_wb.path)
    assert set(before) == {"demo.sqlite", "demo.sqlite-wal"}  # both files are compared
    bad = maker(json.loads(good_file), good_file)
    with pytest.raises(ImportFileError) as refused:
        plan = preview(meeting_wb, parse(bad, meeting_wb))
        apply(meeting_wb, plan)  # never reached: parse refuses first
    message = str(refused.value)
    assert expected in message
    assert "Nothing was imported" in message
    assert file_state(meeting_wb.path) == before


def test_contribution_bad_files_are_at_least_twenty() -> None:
    """The issue asks for at least twenty distinct bad files, all different ids."""
    ids = [i for i, _, _ in BAD_FILES]
    assert len(ids) >= 20 and len(set(ids)) == len(ids)


def test_contribution_script_text_is_accepted_as_plain_text(meeting_wb: Workbook,
                                                            make_file: Callable) -> None:
    """Markup in a comment is text, not refused: it is escaped wherever it is shown."""
    raw = make_file([{"kind": "comment", "text": "<script>alert('x')</script>"}])
    parsed = parse(raw, meeting_wb)
    assert parsed.items[0]["text"] == "<script>alert('x')</script>"
