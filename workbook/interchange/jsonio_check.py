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

from ..errors import ImportFileError, ValidationError, shown
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
NOTHING = "Nothing was imported; correct the file and import it again."
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
        raise ImportFileError("The document is not a JSON object; a workbook export starts "
                              "with {\"format\": \"partnership-workbook\", ...}.")
    if data.get("format") != FORMAT:
        raise ImportFileError(f"format: {shown(data.get('format'))} is not {FORMAT!r}; this "
                              "is not a workbook export. Export the workbook with "
                              "`workbook export-json` and import that file.")
    version = data.get("schema_version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise ImportFileError(f"schema_version: {shown(version)} is not a schema number. "
                              f"Use the number the export wrote. {NOTHING}")
    if version > SCHEMA_VERSION:
        raise ImportFileError(
            f"schema_version: {version} is newer than this workbook version reads (up to "
            f"{SCHEMA_VERSION}). Upgrade with `pip install -U partnership-workbook`. "
            + NOTHING)
    unknown = sorted(set(data) - set(_HEADER) - set(BY_KIND) - set(LINKS))
    if unknown:
        raise ImportFileError(f"{', '.join(map(repr, unknown))} is not a part of a workbook "
                              f"export. Remove it, or check its spelling. {NOTHING}")
    for key in (*BY_KIND, *LINKS):
        if not isinstance(data.get(key, []), list):
            raise ImportFileError(f"{key}: is not a list. Give one object per record. "
                                  + NOTHING)


def _whole(value: Any, low: int = 1) -> bool:
    """A whole number from ``low`` up to the largest a workbook stores (``MAX_INT``)."""
    return isinstance(value, int) and not isinstance(value, bool) and low <= value <= MAX_INT


def _build(cls: type[Entity], record: Any, position: int) -> Entity:
    """One record through the model, with its id and version, or a refusal naming them."""
    kind = cls.kind
    if not isinstance(record, Mapping):
        raise ImportFileError(f"{kind} number {position + 1} is not an object. {NOTHING}")
    where = f"{kind} {shown(record.get('id'))}"
    if not _whole(record.get("id")):
        raise ImportFileError(f"{kind} number {position + 1}: id: {shown(record.get('id'))} "
                              f"is not a whole number from 1 to 2**63 - 1. Keep the exported id. "
                              + NOTHING)
    if not _whole(record.get("version")):
        raise ImportFileError(f"{where}: version: {shown(record.get('version'))} is not a "
                              f"positive whole number. Keep the exported version. {NOTHING}")
    rules = cls.rules()
    unknown = sorted(set(record) - {"id", "version"} - set(rules))
    if unknown:
        raise ImportFileError(f"{where}: {', '.join(map(repr, unknown))} is not a field of "
                              f"a {kind.replace('_', ' ')}. Use only: {', '.join(rules)}. "
                              + NOTHING)
    fields = {k: v for k, v in record.items() if k not in ("id", "version")}
    for name, value in fields.items():
        if rules[name].kind == "text_list" and not isinstance(value, list | type(None)):
            raise ImportFileError(f"{where}: {name}: {shown(value)} is not a list. Give the "
                                  f"items as a JSON list. {NOTHING}")
    try:
        return cls(id=record["id"], version=record["version"], **fields)
    except ValidationError as exc:
        raise ImportFileError(f"{where}: {exc} {NOTHING}") from exc


def _entities(data: Mapping[str, Any]) -> dict[str, list[Entity]]:
    built: dict[str, list[Entity]] = {}
    for cls in ENTITIES:
        records = data.get(cls.kind, [])
        entities = [_build(cls, record, i) for i, record in enumerate(records)]
        seen: set[int | None] = set()
        for entity in entities:
            if entity.id in seen:
                raise ImportFileError(f"{cls.kind} {entity.id}: id: appears twice. Give each "
                                      f"{cls.kind.replace('_', ' ')} its own id. {NOTHING}")
            seen.add(entity.id)
        built[cls.kind] = entities
    partnerships = built["partnership"]
    if len(partnerships) != 1 or partnerships[0].id != 1:
        raise ImportFileError(f"partnership: the file holds {len(partnerships)} partnership "
                              "records; a workbook has exactly one, with id 1. " + NOTHING)
    ids = {kind: {e.id for e in entities} for kind, entities in built.items()}
    for kind, entities in built.items():
        for entity in entities:
            for name, rule in type(entity).rules().items():
                value = getattr(entity, name)
                if rule.kind == "ref" and value is not None and value not in ids[rule.target or ""]:
                    target = (rule.target or "").replace("_", " ")
                    raise ImportFileError(
                        f"{kind} {entity.id}: {name}: {value} is not a {target} in the file. "
                        f"Add that {target} to the file or clear the {name}. {NOTHING}")
    return built


def _link_value(name: str, row_no: int, column: sa.Column, value: Any,
                ids: Mapping[str, set[int | None]]) -> Any:
    where = f"{name} row {row_no}: {column.name}"
    if value is None:
        if not column.nullable:
            raise ImportFileError(f"{where}: is missing. Give a value. {NOTHING}")
        return None
    if isinstance(column.type, sa.Integer):
        if not _whole(value, 0 if column.name == "entity_id" else 1):
            raise ImportFileError(f"{where}: {shown(value)} is not a positive whole number. "
                                  + NOTHING)
        for fk in column.foreign_keys:
            target = fk.column.table.name
            if value not in ids[target]:
                raise ImportFileError(f"{where}: {value} is not a {target.replace('_', ' ')} "
                                      f"in the file. Add it, or remove the row. {NOTHING}")
        return value
    if isinstance(column.type, sa.DateTime):
        try:
            return dt.datetime.fromisoformat(value)
        except (TypeError, ValueError):
            raise ImportFileError(f"{where}: {shown(value)} is not a date and time. Write it "
                                  f"as YYYY-MM-DDTHH:MM:SS. {NOTHING}") from None
    limit = column.info.get("max_length") or getattr(column.type, "length", None) or MAX_TEXT
    if not isinstance(value, str) or not value or len(value) > limit:
        raise ImportFileError(f"{where}: {shown(value)} is not a text of 1 to {limit} "
                              f"characters. {NOTHING}")
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
                raise ImportFileError(f"{name} row {n} is not an object. {NOTHING}")
            unknown = sorted(set(row) - set(columns))
            if unknown:
                raise ImportFileError(f"{name} row {n}: {', '.join(map(repr, unknown))} is not "
                                      f"a column. Use only: {', '.join(columns)}. {NOTHING}")
            clean = {c: _link_value(name, n, col, row.get(c), ids)
                     for c, col in columns.items()}
            key = link_key(clean, table)
            if key in keys:
                raise ImportFileError(f"{name} row {n}: the same row appears twice. Remove "
                                      f"one. {NOTHING}")
            keys.add(key)
            # Anonymous votes keep totals only: a per-person ballot would undo the secrecy.
            if name == "ballot" and clean["vote_id"] in anonymous:
                raise ImportFileError(f"ballot row {n}: vote {clean['vote_id']} is anonymous, "
                                      "so it keeps no per-person ballots. Move the dots to "
                                      f"the tally. {NOTHING}")
            if name == "tally" and clean["vote_id"] not in anonymous:
                raise ImportFileError(f"tally row {n}: vote {clean['vote_id']} is a named "
                                      "vote, which keeps ballots, not a tally. Move the dots "
                                      f"to ballots. {NOTHING}")
            if name == "decision_stance" and clean["stance"] not in STANCES:
                raise ImportFileError(f"decision_stance row {n}: stance: "
                                      f"{shown(clean['stance'])} is not one of "
                                      f"{', '.join(STANCES)}. {NOTHING}")
            rows.append(clean)
        result[name] = rows
    return result
