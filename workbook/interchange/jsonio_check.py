"""Checking a workbook JSON document completely before any of it is written.

``check_document`` builds every record through the model (the rules that apply to typing
it in apply here too), confirms each reference points at a record in the same document,
and checks the link rows (attendance, ballots ...) column by column. Rules that need the
whole workbook (unique names, one own organisation, loops of causes) run later, inside
the transaction that writes the document (``jsonio._write_all``). Every refusal is an
``ImportFileError`` naming the kind, the id, the field and the fix.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import sqlalchemy as sa

from ..errors import ImportFileError, Sentence, ValidationError, shown
from ..i18n import N_
from ..model import ENTITIES, MAX_TEXT, STANCES, Entity, NameVote
from ..model.base import MAX_INT
from ..store.schema import (
    SCHEMA_VERSION,
    attendance,
    ballot,
    change_log,
    change_step,
    decision_stance,
    imported_file,
    imported_item,
    resource_cause,
    tally,
    vote_roll,
    win_partner,
)
from .jsonio_upgrade import upgrade_document

__all__ = ["BY_KIND", "FORMAT", "LINKS", "NOTHING", "check_document", "link_key"]

FORMAT = "partnership-workbook"
LINKS: dict[str, sa.Table] = {t.name: t for t in (
    attendance, resource_cause, ballot, tally, vote_roll, decision_stance, imported_file,
    imported_item, win_partner, change_log, change_step)}
"""Tables of what is not an entity of its own, exported under their table names."""
BY_KIND: dict[str, type[Entity]] = {cls.kind: cls for cls in ENTITIES}
NOTHING = N_("Nothing was imported; correct the file and import it again.")
_HEADER = ("format", "schema_version", "exported_at")


def link_key(row: Mapping[str, Any], table: sa.Table) -> tuple[Any, ...]:
    """The primary key of one link row: what link lists are sorted and de-duplicated by."""
    return tuple(row[c.name] for c in table.primary_key.columns)


def check_document(data: Any) -> tuple[dict[str, list[Entity]], dict[str, list[dict]]]:
    """The document's entities per kind and clean link rows per table, or a refusal."""
    _check_header(data)
    data = upgrade_document(data)
    built = _entities(data)
    return built, _links(data, built)


def _check_header(data: Any) -> None:
    if not isinstance(data, Mapping):
        raise ImportFileError(Sentence(N_(
            "The document is not a JSON object; a workbook export starts with {start}."),
            start='{"format": "partnership-workbook", ...}'))
    if data.get("format") != FORMAT:
        raise ImportFileError(Sentence(N_(
            "format: {value} is not {format}; this is not a workbook export. Export the "
            "workbook with `workbook export-json` and import that file."),
            value=shown(data.get("format")), format=repr(FORMAT)))
    version = data.get("schema_version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise ImportFileError(Sentence(N_(
            "schema_version: {value} is not a schema number. Use the number the export wrote."
            " Nothing was imported; correct the file and import it again."),
            value=shown(version)))
    if version > SCHEMA_VERSION:
        raise ImportFileError(Sentence(N_(
            "schema_version: {value} is newer than this workbook version reads (up to "
            "{newest}). Upgrade with `pip install -U partnership-workbook`. Nothing was "
            "imported; correct the file and import it again."),
            value=version, newest=SCHEMA_VERSION))
    unknown = sorted(set(data) - set(_HEADER) - set(BY_KIND) - set(LINKS))
    if unknown:
        raise ImportFileError(Sentence(N_(
            "{names} is not a part of a workbook export. Remove it, or check its spelling. "
            "Nothing was imported; correct the file and import it again."),
            names=", ".join(map(repr, unknown))))
    for key in (*BY_KIND, *LINKS):
        if not isinstance(data.get(key, []), list):
            raise ImportFileError(Sentence(N_(
                "{key}: is not a list. Give one object per record. Nothing was imported; "
                "correct the file and import it again."), key=key))


def _whole(value: Any, low: int = 1) -> bool:
    """A whole number from ``low`` up to the largest a workbook stores (``MAX_INT``)."""
    return isinstance(value, int) and not isinstance(value, bool) and low <= value <= MAX_INT


def _build(cls: type[Entity], record: Any, position: int) -> Entity:
    """One record through the model, with its id and version, or a refusal naming them."""
    kind = cls.kind
    if not isinstance(record, Mapping):
        raise ImportFileError(Sentence(N_(
            "{kind} number {number} is not an object. Nothing was imported; correct the file "
            "and import it again."), kind=kind, number=position + 1))
    where = f"{kind} {shown(record.get('id'))}"
    if not _whole(record.get("id")):
        raise ImportFileError(Sentence(N_(
            "{kind} number {number}: id: {value} is not a whole number from 1 to 2**63 - 1. "
            "Keep the exported id. Nothing was imported; correct the file and import it "
            "again."), kind=kind, number=position + 1, value=shown(record.get("id"))))
    if not _whole(record.get("version")):
        raise ImportFileError(Sentence(N_(
            "{where}: version: {value} is not a positive whole number. Keep the exported "
            "version. Nothing was imported; correct the file and import it again."),
            where=where, value=shown(record.get("version"))))
    rules = cls.rules()
    unknown = sorted(set(record) - {"id", "version"} - set(rules))
    if unknown:
        raise ImportFileError(Sentence(N_(
            "{where}: {names} is not a field of a {kind}. Use only: {fields}. Nothing was "
            "imported; correct the file and import it again."),
            where=where, names=", ".join(map(repr, unknown)), kind=kind.replace("_", " "),
            fields=", ".join(rules)))
    fields = {k: v for k, v in record.items() if k not in ("id", "version")}
    for name, value in fields.items():
        if rules[name].kind == "text_list" and not isinstance(value, list | type(None)):
            raise ImportFileError(Sentence(N_(
                "{where}: {name}: {value} is not a list. Give the items as a JSON list. "
                "Nothing was imported; correct the file and import it again."),
                where=where, name=name, value=shown(value)))
    try:
        return cls(id=record["id"], version=record["version"], **fields)
    except ValidationError as exc:
        raise ImportFileError(Sentence(N_(
            "{where}: {problem} Nothing was imported; correct the file and import it again."),
            where=where, problem=exc)) from exc


def _entities(data: Mapping[str, Any]) -> dict[str, list[Entity]]:
    built: dict[str, list[Entity]] = {}
    for cls in ENTITIES:
        records = data.get(cls.kind, [])
        entities = [_build(cls, record, i) for i, record in enumerate(records)]
        seen: set[int | None] = set()
        for entity in entities:
            if entity.id in seen:
                raise ImportFileError(Sentence(N_(
                    "{kind} {id}: id: appears twice. Give each {word} its own id. Nothing "
                    "was imported; correct the file and import it again."),
                    kind=cls.kind, id=entity.id, word=cls.kind.replace("_", " ")))
            seen.add(entity.id)
        built[cls.kind] = entities
    partnerships = built["partnership"]
    if len(partnerships) != 1 or partnerships[0].id != 1:
        raise ImportFileError(Sentence(N_(
            "partnership: the file holds {count} partnership records; a workbook has exactly "
            "one, with id 1. Nothing was imported; correct the file and import it again."),
            count=len(partnerships)))
    ids = {kind: {e.id for e in entities} for kind, entities in built.items()}
    for kind, entities in built.items():
        for entity in entities:
            for name, rule in type(entity).rules().items():
                value = getattr(entity, name)
                if rule.kind == "ref" and value is not None and value not in ids[rule.target or ""]:
                    target = (rule.target or "").replace("_", " ")
                    raise ImportFileError(Sentence(N_(
                        "{kind} {id}: {name}: {value} is not a {target} in the file. Add "
                        "that {target} to the file or clear the {name}. Nothing was "
                        "imported; correct the file and import it again."),
                        kind=kind, id=entity.id, name=name, value=value, target=target))
    return built


def _link_value(name: str, row_no: int, column: sa.Column, value: Any,
                ids: Mapping[str, set[int | None]]) -> Any:
    where = f"{name} row {row_no}: {column.name}"
    if value is None:
        if not column.nullable:
            raise ImportFileError(Sentence(N_(
                "{where}: is missing. Give a value. Nothing was imported; correct the file "
                "and import it again."), where=where))
        return None
    if isinstance(column.type, sa.Integer):
        if not _whole(value, 0 if column.name == "entity_id" else 1):
            raise ImportFileError(Sentence(N_(
                "{where}: {value} is not a positive whole number. Nothing was imported; "
                "correct the file and import it again."), where=where, value=shown(value)))
        for fk in column.foreign_keys:
            target = fk.column.table.name
            if value not in ids[target]:
                raise ImportFileError(Sentence(N_(
                    "{where}: {value} is not a {target} in the file. Add it, or remove the "
                    "row. Nothing was imported; correct the file and import it again."),
                    where=where, value=value, target=target.replace("_", " ")))
        return value
    if isinstance(column.type, sa.DateTime):
        try:
            return dt.datetime.fromisoformat(value)
        except (TypeError, ValueError):
            raise ImportFileError(Sentence(N_(
                "{where}: {value} is not a date and time. Write it as YYYY-MM-DDTHH:MM:SS. "
                "Nothing was imported; correct the file and import it again."),
                where=where, value=shown(value))) from None
    limit = column.info.get("max_length") or getattr(column.type, "length", None) or MAX_TEXT
    if not isinstance(value, str) or not value or len(value) > limit:
        raise ImportFileError(Sentence(N_(
            "{where}: {value} is not a text of 1 to {limit} characters. Nothing was "
            "imported; correct the file and import it again."),
            where=where, value=shown(value), limit=limit))
    return value


def _links(data: Mapping[str, Any], built: Mapping[str, list[Entity]]
           ) -> dict[str, list[dict[str, Any]]]:
    ids = {kind: {e.id for e in entities} for kind, entities in built.items()}
    anonymous = {v.id for v in built["name_vote"] if isinstance(v, NameVote) and v.anonymous}
    result: dict[str, list[dict[str, Any]]] = {}
    for name, table in LINKS.items():
        columns = {c.name: c for c in table.columns}
        rows, keys = [], set()
        for n, row in enumerate(data.get(name, []), start=1):
            if not isinstance(row, Mapping):
                raise ImportFileError(Sentence(N_(
                    "{name} row {row} is not an object. Nothing was imported; correct the "
                    "file and import it again."), name=name, row=n))
            unknown = sorted(set(row) - set(columns))
            if unknown:
                raise ImportFileError(Sentence(N_(
                    "{name} row {row}: {names} is not a column. Use only: {columns}. Nothing "
                    "was imported; correct the file and import it again."),
                    name=name, row=n, names=", ".join(map(repr, unknown)),
                    columns=", ".join(columns)))
            clean = {c: _link_value(name, n, col, row.get(c), ids)
                     for c, col in columns.items()}
            key = link_key(clean, table)
            if key in keys:
                raise ImportFileError(Sentence(N_(
                    "{name} row {row}: the same row appears twice. Remove one. Nothing was "
                    "imported; correct the file and import it again."), name=name, row=n))
            keys.add(key)
            # Anonymous votes keep totals only: a per-person ballot would undo the secrecy.
            if name == "ballot" and clean["vote_id"] in anonymous:
                raise ImportFileError(Sentence(N_(
                    "ballot row {row}: vote {vote} is anonymous, so it keeps no per-person "
                    "ballots. Move the dots to the tally. Nothing was imported; correct the "
                    "file and import it again."), row=n, vote=clean["vote_id"]))
            if name == "tally" and clean["vote_id"] not in anonymous:
                raise ImportFileError(Sentence(N_(
                    "tally row {row}: vote {vote} is a named vote, which keeps ballots, not a "
                    "tally. Move the dots to ballots. Nothing was imported; correct the file "
                    "and import it again."), row=n, vote=clean["vote_id"]))
            if name == "decision_stance" and clean["stance"] not in STANCES:
                raise ImportFileError(Sentence(N_(
                    "decision_stance row {row}: stance: {value} is not one of {choices}. "
                    "Nothing was imported; correct the file and import it again."),
                    row=n, value=shown(clean["stance"]), choices=", ".join(STANCES)))
            rows.append(clean)
        result[name] = rows
    return result
