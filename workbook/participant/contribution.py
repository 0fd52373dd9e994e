"""The contribution file: what a remote participant hands back, how it is made and checked.

One JSON object, UTF-8, at most 1 MB::

    {"format": "partnership-workbook-contribution", "schema_version": 1,
     "partnership": {"uid": "<the workbook's partnership id>", "title": "Valley Makers"},
     "meeting": {"id": 4, "held_on": "2026-03-14"},          (or null)
     "participant": {"name": ..., "role": ..., "organisation": ..., "partner_type": ...,
                     "new_organisation": false},
     "created_at": "2026-03-14T10:22:05", "nonce": "<32 hex digits>",
     "items": [{"kind": "comment", "text": "...", "item_key": "<64 hex digits>"}, ...],
     "content_hash": "<sha256 of the canonical JSON of everything else>"}

Each item's ``item_key`` is the sha256 of the item and of who sent it, so the same item
from the same person is recognised in any file; for dots the key leaves the allocation out
(one participant, one ballot per vote, and nothing in the ledger to guess it from); for
an evaluation it keeps only the meeting (one evaluation per person and meeting, stored
without a name: the ledger keeps no link from the key to the answer). The
random ``nonce`` keeps the ``content_hash`` of a small file from being guessed either.

``parse`` refuses a file with an ``ImportFileError`` that names the problem and says
nothing was imported: every key must be known, every type right, every item pass the
model's rules, the hashes match, and the partnership be the workbook's own.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..errors import ImportFileError, Sentence, ValidationError, WorkbookError, number_shown, shown
from ..i18n import N_
from ..interchange import strict_json
from ..model import Meeting
from ..store import Workbook
from .items import check_item, check_participant, check_plain

__all__ = ["FORMAT", "MAX_BYTES", "MAX_ITEMS", "SCHEMA_VERSION", "Contribution", "build",
           "canonical", "content_hash", "file_name", "item_key", "parse"]

FORMAT = "partnership-workbook-contribution"
SCHEMA_VERSION = 1
MAX_BYTES = 1_000_000
MAX_ITEMS = 300
TOP_KEYS = ("format", "schema_version", "partnership", "meeting", "participant",
            "created_at", "nonce", "items", "content_hash")
NOTHING = N_("Nothing was imported.")
_HEX64 = re.compile(r"[0-9a-f]{64}")
_HEX32 = re.compile(r"[0-9a-f]{32}")
MAX_DEPTH = 8  # file > items > item > allocations > allocation is 5 deep


def canonical(data: Any) -> bytes:
    """The one byte form of ``data`` that hashes are taken over (sorted keys, no spaces)."""
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                      allow_nan=False).encode("utf-8")


def _sha256(data: Any) -> str:
    return hashlib.sha256(canonical(data)).hexdigest()


def content_hash(doc: Mapping[str, Any]) -> str:
    """The hash a file must carry: over everything in it but the hash itself."""
    return _sha256({k: v for k, v in doc.items() if k != "content_hash"})


def _who(participant: Mapping[str, Any]) -> dict[str, str]:
    return {"name": str(participant.get("name", "")).strip().casefold(),
            "organisation": str(participant.get("organisation", "")).strip().casefold()}


def item_key(participant: Mapping[str, Any], item: Mapping[str, Any]) -> str:
    """The stable key of one item from one participant (see the module notes on dots)."""
    body = {k: v for k, v in item.items() if k != "item_key"}
    if body.get("kind") == "dots":
        body = {"kind": "dots", "vote_id": body.get("vote_id")}
    if body.get("kind") == "evaluation":  # one evaluation per person and meeting
        body = {"kind": "evaluation", "meeting_id": body.get("meeting_id")}
    return _sha256({"participant": _who(participant), "item": body})


def voter_token(participant: Mapping[str, Any]) -> str:
    """The roll entry of a participant who is not (yet) a person of the workbook."""
    return "contribution:" + _sha256(_who(participant))[:40]


@dataclass(frozen=True)
class Contribution:
    """A contribution file that passed every check: what the importer works from."""

    partnership_uid: str
    partnership_title: str
    meeting_id: int | None
    participant: dict[str, Any]
    created_at: dt.datetime
    items: tuple[dict[str, Any], ...]  # normalised by the model, each with its item_key
    content_hash: str
    size: int

    @property
    def participant_label(self) -> str:
        p = self.participant
        return f"{p['name']} ({p['organisation']})"


# -- making a file ---------------------------------------------------------------------

def build(wb: Workbook, participant: Mapping[str, Any], items: Sequence[Mapping[str, Any]],
          *, meeting_id: int | None = None, now: dt.datetime | None = None) -> bytes:
    """The bytes of a contribution file, checked exactly as an import will check them.

    Raises ``ValidationError`` (naming the field) for a bad item and ``ImportFileError``
    for a file that would be refused, e.g. one over 1 MB.
    """
    person = check_participant(participant)
    if not items:
        raise ValidationError("contribution", "no items", Sentence(N_(
            "The {field} {value} is empty. Add something (a comment, a resource, your dots) "
            "first.")))
    checked = [check_item(item, person["name"]) for item in items]
    meeting = None
    if meeting_id is not None:
        found = wb.get(Meeting, meeting_id)
        meeting = {"id": found.id, "held_on": found.held_on.isoformat()}
    stamp = (now or dt.datetime.now()).replace(microsecond=0)
    doc: dict[str, Any] = {
        "format": FORMAT, "schema_version": SCHEMA_VERSION,
        "partnership": {"uid": wb.partnership_uid(),
                        "title": wb.partnership.display_name},
        "meeting": meeting, "participant": person, "created_at": stamp.isoformat(),
        "nonce": secrets.token_hex(16),
        "items": [{**item, "item_key": item_key(person, item)} for item in checked],
    }
    doc["content_hash"] = content_hash(doc)
    raw = json.dumps(doc, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8")
    parse(raw, wb)  # the participant learns now, not the facilitator later
    return raw


def file_name(contribution_participant: Mapping[str, Any], when: dt.datetime) -> str:
    """A safe download name: ``contribution-<name>-<date>.json`` in plain letters."""
    slug = re.sub(r"[^a-z0-9]+", "-", contribution_participant["name"].casefold()).strip("-")
    return f"contribution-{slug[:40] or 'participant'}-{when:%Y%m%d-%H%M}.json"


# -- reading a file ----------------------------------------------------------------------

def _refuse(template: str, **params: Any) -> ImportFileError:
    """A refusal: the sentence ``template`` (a catalog msgid) with ``params``, then
    "Nothing was imported.", both in the reader's language when shown."""
    return ImportFileError(Sentence(N_("{problem} Nothing was imported."),
                                    problem=Sentence(template, **params)))


def _load(raw: bytes) -> Any:
    return strict_json.parse(raw, what=N_("a contribution file"), limit=MAX_BYTES,
                             max_depth=MAX_DEPTH)


def _header(doc: Any) -> None:
    if not isinstance(doc, Mapping):
        raise _refuse(N_("The file is not a JSON object; a contribution starts with "
                         "{start}."), start=f'{{"format": "{FORMAT}", ...}}')
    fmt = doc.get("format")
    if fmt == "partnership-workbook":
        raise _refuse(N_("This is a whole-workbook export, not a contribution file; open "
                         "it with `workbook import-json` instead."))
    if fmt != FORMAT:
        raise _refuse(N_("format: {value} is not {format}; this is not a contribution "
                         "file."), value=shown(fmt), format=repr(FORMAT))
    version = doc.get("schema_version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise _refuse(N_("schema_version: {value} is not a version number."),
                      value=shown(version))
    if version > SCHEMA_VERSION:
        raise _refuse(N_("schema_version: {value} is newer than this workbook reads (up to "
                         "{newest}); update the workbook software "
                         "(`pip install -U partnership-workbook`), then import again."),
                      value=version, newest=SCHEMA_VERSION)
    missing = [k for k in TOP_KEYS if k not in doc]
    if missing:
        raise _refuse(N_("{key}: is missing; a contribution file has {keys}."),
                      key=missing[0], keys=", ".join(TOP_KEYS))
    unknown = sorted(set(doc) - set(TOP_KEYS))
    if unknown:
        raise _refuse(N_("{key} is not a part of a contribution file (it has only "
                         "{keys})."), key=shown(unknown[0]), keys=", ".join(TOP_KEYS))
    stated = doc["content_hash"]
    if not isinstance(stated, str) or not _HEX64.fullmatch(stated):
        raise _refuse(N_("content_hash: {value} is not a sha256 hash."), value=shown(stated))
    if content_hash(doc) != stated:
        raise _refuse(N_("content_hash: the file was changed after it was made (its content "
                         "no longer matches its hash). Ask the participant for the file as "
                         "downloaded."))


def _strings(value: Any, where: str = "") -> None:
    """Refuse broken characters and direction controls anywhere in the file, keys included."""
    if isinstance(value, str):
        if any(0xD800 <= ord(char) <= 0xDFFF for char in value):
            raise _refuse(N_("{where}: contains a broken character (a lone surrogate); the "
                             "file was damaged or made by hand."), where=where or "text")
        try:
            check_plain(where or "text", value)
        except ValidationError as exc:
            raise ImportFileError(Sentence(N_("{problem} Nothing was imported."),
                                           problem=exc)) from None
    elif isinstance(value, Mapping):
        for key, inner in value.items():
            _strings(key, where)
            # A key names the place in messages: quoted and shortened, since it is hostile too.
            _strings(inner, shown(key, 40) if isinstance(key, str) else where)
    elif isinstance(value, list):
        for inner in value:
            _strings(inner, where)


def _partnership(doc: Mapping[str, Any], wb: Workbook) -> tuple[str, str]:
    block = doc["partnership"]
    if not isinstance(block, Mapping) or set(block) != {"uid", "title"} or not all(
            isinstance(v, str) for v in block.values()):
        raise _refuse(N_("partnership: must be {shape} and nothing else."),
                      shape='{"uid": "...", "title": "..."}')
    if block["uid"] != wb.partnership_uid():
        raise _refuse(N_("partnership: this file was made for {theirs}, not for {ours} "
                         "(another partnership, or another workbook file). Import it into the "
                         "workbook it came from."), theirs=shown(block["title"]),
                      ours=repr(wb.partnership.display_name))
    return block["uid"], block["title"]


def _created_at(value: Any) -> dt.datetime:
    if not isinstance(value, str):
        raise _refuse(N_("created_at: {value} is not a date and time."), value=shown(value))
    try:
        stamp = dt.datetime.fromisoformat(value)
    except ValueError:
        raise _refuse(N_("created_at: {value} is not a date and time "
                         "(YYYY-MM-DDTHH:MM:SS)."), value=shown(value)) from None
    latest = dt.datetime.now() + dt.timedelta(days=1)
    if stamp.tzinfo is not None or not dt.datetime(2020, 1, 1) <= stamp <= latest:
        raise _refuse(N_("created_at: {value} is not a plausible time for a contribution."),
                      value=value)
    return stamp


def _meeting(value: Any, wb: Workbook) -> int | None:
    if value is None:
        return None
    if not isinstance(value, Mapping) or set(value) != {"id", "held_on"}:
        raise _refuse(N_("meeting: must be null or {shape}."),
                      shape='{"id": ..., "held_on": "YYYY-MM-DD"}')
    meeting_id, held_on = value["id"], value["held_on"]
    if isinstance(meeting_id, bool) or not isinstance(meeting_id, int) or meeting_id < 1:
        raise _refuse(N_("meeting id: {value} is not an id."), value=shown(meeting_id))
    found = next((m for m in wb.all(Meeting, id=meeting_id)), None)
    if found is None or found.held_on.isoformat() != held_on:
        raise _refuse(N_("meeting: {id} of {held_on} is not a meeting of this workbook; the "
                         "file belongs to another copy of it."), id=meeting_id,
                      held_on=shown(held_on))
    return meeting_id


def _items(doc: Mapping[str, Any], participant: Mapping[str, Any]) -> tuple[dict, ...]:
    items = doc["items"]
    if not isinstance(items, list):
        raise _refuse(N_("items: is not a list."))
    if not items:
        raise _refuse(N_("items: is empty; there is nothing to import."))
    if len(items) > MAX_ITEMS:
        raise _refuse(N_("items: {count} items, over the limit of {limit} per file."),
                      count=number_shown(len(items)), limit=number_shown(MAX_ITEMS))
    out: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
    for number, raw in enumerate(items, start=1):
        kind = raw.get("kind") if isinstance(raw, Mapping) else None
        what = f"item {number}" + (f" ({shown(kind, 40)})" if isinstance(kind, str) else "")
        if not isinstance(raw, Mapping):
            raise _refuse(N_("{where}: is not an object; each item is {shape}."), where=what,
                          shape='{"kind": ...}')
        if "item_key" not in raw:
            raise _refuse(N_("{where}: has no item_key."), where=what)
        key = raw["item_key"]
        if not isinstance(key, str) or not _HEX64.fullmatch(key):
            raise _refuse(N_("{where}: item_key {value} is not a sha256 hash."), where=what,
                          value=shown(key))
        try:
            checked = check_item({k: v for k, v in raw.items() if k != "item_key"},
                                 participant["name"])
        except WorkbookError as exc:
            raise _refuse(N_("{where}: {problem}"), where=what, problem=exc) from None
        if item_key(participant, raw) != key:
            raise _refuse(N_("{where}: item_key does not match the item; the file was "
                             "edited."), where=what)
        if key in seen:
            raise _refuse(N_("{where}: repeats item {item} (one set of dots per vote).")
                          if kind == "dots" else N_("{where}: repeats item {item}."),
                          where=what, item=seen[key])
        seen[key] = number
        out.append({**checked, "item_key": key})
    return tuple(out)


def parse(raw: bytes, wb: Workbook) -> Contribution:
    """Check a contribution file completely against ``wb``; only reads the workbook."""
    doc = _load(raw)
    _strings(doc)  # before hashing: a lone surrogate cannot even be hashed
    _header(doc)
    uid, title = _partnership(doc, wb)
    nonce = doc["nonce"]
    if not isinstance(nonce, str) or not _HEX32.fullmatch(nonce):
        raise _refuse(N_("nonce: {value} is not 32 hexadecimal digits."), value=shown(nonce))
    created = _created_at(doc["created_at"])
    meeting_id = _meeting(doc["meeting"], wb)
    try:
        participant = check_participant(doc["participant"])
    except WorkbookError as exc:
        raise _refuse(N_("participant: {problem}"), problem=exc) from None
    items = _items(doc, doc["participant"])
    return Contribution(partnership_uid=uid, partnership_title=title, meeting_id=meeting_id,
                        participant=participant, created_at=created, items=items,
                        content_hash=doc["content_hash"], size=len(raw))
