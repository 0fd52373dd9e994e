"""A participant's draft: what they have added so far, kept beside the session until sent.

The workbook is only read. Every addition is checked at once (the model's rules and the
entries it points at), then the draft is written to a small JSON file in a temporary
folder, so a page reloaded within the same Binder session finds it again. The draft file
is not the contribution: ``file_bytes`` makes that, and the participant must send it.

A draft belongs to one browser: it is kept under that browser's visitor key (see
``session.visitor_from_query``) and only ever offered to a page with the same key, so a
second visitor of the same server never sees or continues the first one's draft. Without
a key nothing is written: the draft lives as long as the page.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import html
import json
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ..errors import DuplicateError, Sentence, ValidationError, WorkbookError
from ..i18n import N_
from ..model import Organisation
from ..store import Workbook
from .contribution import MAX_BYTES, build, file_name, item_key
from .items import PROFILE_FIELDS, check_item, check_participant, missing_reference

__all__ = ["Draft", "draft_folder"]

DRAFT_LIMIT = 2 * MAX_BYTES  # a draft file larger than this was not written by us
REPLACED = ("dots", "evaluation")  # kinds where adding again replaces the earlier item


def draft_folder() -> Path:
    """Where drafts live: ``$WORKBOOK_DRAFTS``, else a folder in the system's temp dir."""
    chosen = os.environ.get("WORKBOOK_DRAFTS", "").strip()
    return Path(chosen) if chosen else Path(tempfile.gettempdir()) / "workbook-drafts"


class Draft:
    """One participant's additions for one partnership (and meeting), checked as they come."""

    def __init__(self, wb: Workbook, *, meeting_id: int | None = None,
                 folder: Path | None = None, visitor: str | None = None) -> None:
        self.wb = wb
        self.meeting_id = meeting_id
        self.folder = folder or draft_folder()
        self.visitor = visitor  # this browser's key; None: keep nothing beyond the page
        self.uid = wb.partnership_uid()
        self.participant: dict[str, Any] | None = None
        self.items: list[dict[str, Any]] = []

    # -- who is contributing --------------------------------------------------------------

    def set_participant(self, name: str, organisation: str, *, role: str = "",
                        partner_type: str = "business", new_organisation: bool = False) -> bool:
        """Say who is contributing; returns True if a saved draft of theirs was restored.

        An organisation already in the workbook keeps its stored type, even if it was typed
        in as new.
        """
        stored = self.wb.organisation_named(organisation) if organisation.strip() else None
        if stored is not None:
            organisation, partner_type, new_organisation = stored.name, stored.partner_type, False
        person = check_participant({"name": name, "role": role, "organisation": organisation,
                                    "partner_type": partner_type,
                                    "new_organisation": new_organisation})
        before = self.participant
        self.participant = person
        if before is not None and self._who(before) != self._who(person):
            self.items = []  # someone else now: their own draft, not the previous one's
        if not self.items and self.path is not None and self.path.exists():
            self.load(self.path)
            self.participant = person
            return bool(self.items)
        self.save()
        return False

    @staticmethod
    def _who(participant: Mapping[str, Any]) -> str:
        who = f"{participant['name'].casefold()}\n{participant['organisation'].casefold()}"
        return hashlib.sha256(who.encode()).hexdigest()[:16]

    def _need_participant(self) -> dict[str, Any]:
        if self.participant is None:
            raise ValidationError("name", "", Sentence(N_(
                "The {field} is not given yet. Say who you are first (name and "
                "organization).")))
        return self.participant

    def organisation(self) -> Organisation | None:
        """The participant's organisation as stored, or None when it is new."""
        person = self._need_participant()
        return None if person["new_organisation"] else \
            self.wb.organisation_named(person["organisation"])

    # -- adding and removing -----------------------------------------------------------

    def add(self, item: Mapping[str, Any]) -> dict[str, Any]:
        """Check one item and keep it; a second set of dots for a vote, or a second
        evaluation of a meeting, replaces the first."""
        person = self._need_participant()
        checked = check_item(item, person["name"])
        problem = missing_reference(self.wb, checked)
        if problem:
            raise ValidationError(checked["kind"].replace("_", " "), "", Sentence(N_(
                "The {field} cannot be added: {problem}. Reload the page to see the current "
                "state."), problem=problem))
        key = item_key(person, checked)
        if any(item_key(person, i) == key for i in self.items) and checked["kind"] not in REPLACED:
            raise DuplicateError(checked["kind"].replace("_", " "), "", Sentence(N_(
                "The {field} is already in your contribution. Add something else.")))
        self.items = [i for i in self.items if item_key(person, i) != key]
        self.items.append(checked)
        self.save()
        return checked

    def evaluate(self, meeting_id: int | None, scores: Mapping[str, int | None],
                 comment: str = "") -> dict[str, Any]:
        """Keep the participant's evaluation of a meeting; evaluating again replaces it."""
        if meeting_id is None:
            raise ValidationError("evaluation", "", Sentence(N_(
                "The {field} has no meeting to evaluate. Open the app from the link of "
                "a meeting.")))
        return self.add({"kind": "evaluation", "meeting_id": meeting_id,
                         "scores": dict(scores), "comment": comment})

    def cast_dots(self, vote_id: int | None, allocations: Mapping[int, int]) -> dict[str, Any]:
        """Keep the participant's dots for a vote ({candidate id: dots}); casting again
        replaces them."""
        chosen = [{"candidate_id": c, "dots": d} for c, d in allocations.items() if d]
        if vote_id is None or not chosen:
            raise ValidationError("dots", 0, Sentence(
                N_("The {field} {value} were not given to any name. Put at least one dot on a "
                   "name.") if vote_id else
                N_("The {field} cannot be cast: no vote is open. Wait until the facilitator "
                   "opens the vote.")))
        return self.add({"kind": "dots", "vote_id": vote_id, "allocations": chosen})

    def set_profile(self, values: Mapping[str, str]) -> int:
        """Keep the profile answers that differ from what the workbook holds; returns how many."""
        self._need_participant()
        stored = self.organisation()
        changed = []
        for field in PROFILE_FIELDS:
            value = values.get(field, "")
            current = getattr(stored, field) if stored is not None else ""
            if value.strip() and value.strip() != current.strip():
                changed.append(check_item({"kind": "profile", "field": field, "value": value}))
        self.items = [i for i in self.items if i["kind"] != "profile"] + changed
        self.save()
        return len(changed)

    def profile_values(self) -> dict[str, str]:
        """The profile as the participant sees it: the stored one with their answers over it."""
        stored = self.organisation() if self.participant else None
        values = {f: getattr(stored, f) if stored is not None else "" for f in PROFILE_FIELDS}
        values.update({i["field"]: i["value"] for i in self.items if i["kind"] == "profile"})
        return values

    def remove(self, index: int) -> dict[str, Any]:
        removed = self.items.pop(index)
        self.save()
        return removed

    # -- the file to send back ---------------------------------------------------------

    def file_bytes(self, now: dt.datetime | None = None) -> tuple[str, bytes]:
        """(download name, bytes) of the contribution file for everything in the draft."""
        person = self._need_participant()
        stamp = (now or dt.datetime.now()).replace(microsecond=0)
        raw = build(self.wb, person, self.items, meeting_id=self.meeting_id, now=stamp)
        return file_name(person, stamp), raw

    def download_link(self, now: dt.datetime | None = None) -> str:
        """An HTML link that downloads the file from a data URI (works in Voila and Lab)."""
        name, raw = self.file_bytes(now)
        payload = base64.b64encode(raw).decode("ascii")
        return (f'<a download="{html.escape(name)}" href="data:application/json;base64,'
                f'{payload}" class="pwb-download" style="font-weight:600; '
                f'text-decoration:underline">⬇ Download your contribution file '
                f"({html.escape(name)}, {max(1, len(raw) // 1024)} KB)</a>")

    # -- keeping the draft across a page reload ------------------------------------------

    @property
    def path(self) -> Path | None:
        """This visitor's draft file for the participant named; None without a visitor key."""
        person = self._need_participant()
        if self.visitor is None:
            return None
        return self.folder / f"{self.uid}-{self.visitor}-{self._who(person)}.json"

    def save(self) -> None:
        """Write the draft next to the session (replacing the previous one at once); only
        with a visitor key, readable by this server's user alone."""
        path = self.path if self.participant is not None else None
        if path is None:
            return
        self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        data = {"uid": self.uid, "visitor": self.visitor, "meeting_id": self.meeting_id,
                "participant": self.participant, "items": self.items,
                "saved_at": dt.datetime.now().replace(microsecond=0).isoformat()}
        partial = path.with_suffix(".partial")
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as out:
            out.write(json.dumps(data, ensure_ascii=False))
        os.replace(partial, path)

    def load(self, path: Path) -> int:
        """Take up a saved draft; returns how many of its items were dropped as no longer valid.

        A draft that cannot be read is refused with a ``ValidationError``.
        """
        try:
            if path.stat().st_size > DRAFT_LIMIT:
                raise ValueError("too large")
            data = json.loads(path.read_text(encoding="utf-8"))
            if data.get("uid") != self.uid:
                raise ValueError("another partnership")
            if self.visitor is None or data.get("visitor") != self.visitor:
                raise ValueError("another visitor's")
            person = check_participant(data["participant"])
            raw_items = list(data["items"])
        except (OSError, ValueError, KeyError, TypeError, WorkbookError) as exc:
            raise ValidationError("draft", path.name, Sentence(N_(
                "The {field} {value} cannot be read ({reason}). Start again; the draft is "
                "lost."), reason=exc)) from None
        kept: list[dict[str, Any]] = []
        for raw in raw_items:
            try:
                item = check_item(raw, person["name"])
            except WorkbookError:
                continue
            if not missing_reference(self.wb, item):
                kept.append(item)
        self.participant, self.items = person, kept
        return len(raw_items) - len(kept)

    @classmethod
    def saved(cls, wb: Workbook, folder: Path | None = None, *,
              visitor: str | None = None) -> list[tuple[str, Path]]:
        """(label, path) of this visitor's drafts for this partnership, newest first;
        none without a visitor key."""
        where = folder or draft_folder()
        uid = wb.partnership_uid()
        found = []
        if visitor is None or not where.is_dir():
            return []
        for path in where.glob(f"{uid}-{visitor}-*.json"):
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
                person = data["participant"]
                label = (f"{person['name']} ({person['organisation']}), saved "
                         f"{str(data['saved_at']).replace('T', ' ')[:16]}")
            except (OSError, ValueError, KeyError, TypeError):
                continue
            found.append((path.stat().st_mtime, label, path))
        return [(label, path) for _, label, path in sorted(found, reverse=True)]
