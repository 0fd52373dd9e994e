"""Whole workbooks as JSON: a portable, diffable copy, and a new workbook made from one.

The document holds ``format`` ("partnership-workbook"), ``schema_version`` and
``exported_at``, then one list per entity kind (``partnership``, ``organisation``,
``meeting`` ...: see ``workbook.model.ENTITIES``) and one per link table (``attendance``,
``resource_cause``, ``ballot``, ``tally``, ``vote_roll``, ``imported_file``,
``imported_item``, ``win_partner``). Measured values (readings, an outcome's baseline,
benchmark and target) are JSON numbers, read back as the same floats. Records keep their
ids and row versions; dates are ISO strings, lists are lists; every list is sorted by its
key and every object by its keys, so two exports of the same workbook differ only in
``exported_at`` and a diff shows exactly what changed.

    >>> write_json(wb, "harbour.json")
    >>> copy = import_json("harbour.json", "copy.sqlite")   # a NEW workbook file

Importing checks everything before anything is kept: each record is built through the
model (so the same rules as typing it in apply), every reference must point at a record in
the same document, and the rules that need the whole workbook (unique names, one own
organisation, causes without loops) run inside the single transaction that writes it all.
A refused document raises ``ImportFileError`` naming the kind, the id, the field and the
fix, and leaves no file behind.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from ..errors import (
    ExportError,
    ImportFileError,
    Sentence,
    WorkbookExistsError,
)
from ..i18n import N_, _, babel_locale, format_list, format_number
from ..model import ENTITIES, Entity, Partnership
from ..store import Workbook, connect_file
from ..store.checks import first_problem
from ..store.files import SQLITE_HEADER, refuse_own_source
from ..store.postgres import DbTarget
from ..store.schema import SCHEMA_VERSION, table_for
from . import strict_json
from .jsonio_check import FORMAT, LINKS, NOTHING, check_document, link_key

__all__ = ["FORMAT", "MAX_IMPORT_BYTES", "describe_import", "export_json", "import_json",
           "replace_from_json", "to_text", "write_json"]

MAX_IMPORT_BYTES = 50 * 1024 * 1024
"""A real workbook exports to a few megabytes; anything past this is not one."""


# -- export ------------------------------------------------------------------------------

def _plain(value: Any) -> Any:
    """A stored value as JSON: dates and times as ISO text, tuples as lists."""
    if isinstance(value, dt.date):  # datetime is a date too
        return value.isoformat()
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    return value


def export_json(wb: Workbook) -> dict[str, Any]:
    """Everything in ``wb`` as plain JSON data, read in one consistent snapshot."""
    data: dict[str, Any] = {
        "format": FORMAT,
        "schema_version": SCHEMA_VERSION,
        "exported_at": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
    }
    with wb.reading() as conn:
        for cls in ENTITIES:
            table = table_for(cls)
            stored = conn.execute(sa.select(table).order_by(table.c.id)).mappings()
            data[cls.kind] = [
                {name: _plain(value) for name, value in
                 (("id", e.id), ("version", e.version), *e.values().items())}
                for e in (wb.entity_from_row(cls, row) for row in stored)
            ]
        for name, table in LINKS.items():
            rows = [dict(r) for r in conn.execute(sa.select(table)).mappings()]
            rows.sort(key=functools.partial(link_key, table=table))
            data[name] = [{k: _plain(v) for k, v in r.items()} for r in rows]
    return data


def to_text(data: Mapping[str, Any]) -> str:
    """The document as text: indented, keys sorted, non-ASCII kept readable."""
    return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def write_json(wb: Workbook, path: str | os.PathLike[str]) -> Path:
    """Export ``wb`` to ``path`` (replaced whole, never half-written); returns the path."""
    path = Path(path)
    refuse_own_source(path, wb.path, what="the workbook",
                      fix=Sentence(N_("Name a .json file to export to.")))
    if path.is_file():
        with path.open("rb") as fh:
            if fh.read(len(SQLITE_HEADER)) == SQLITE_HEADER:
                raise ExportError(Sentence(N_(
                    "{path} is a database file, not an export; nothing was written. Name a "
                    ".json file to export to."), path=path))
    text = to_text(export_json(wb))
    partial = path.with_name(path.name + ".partial")
    try:
        partial.write_text(text, encoding="utf-8")
        os.replace(partial, path)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise ExportError(Sentence(N_(
            "Could not write {path} ({reason}). Check the folder exists and that there is "
            "disk space."), path=path, reason=exc.strerror or exc)) from exc
    return path


# -- reading a document ------------------------------------------------------------------

class _MB:
    """A size in megabytes, in the reader's language when shown (``"1.5 MB"``)."""

    def __init__(self, size: int) -> None:
        self.size = size

    def __str__(self) -> str:
        value = self.size / 2**20
        if self.size < 2**20:  # two significant digits, however small: "0.00095"
            import babel.numbers

            number = babel.numbers.format_decimal(float(f"{value:.2g}"), "#,##0.##########",
                                                  locale=babel_locale())
        else:
            number = format_number(round(value))
        return _("{size} MB").format(size=number)

    def __format__(self, spec: str) -> str:
        return format(str(self), spec)


_mb = _MB


def _read(source: str | os.PathLike[str]) -> dict[str, Any]:
    path = Path(source)
    if not path.is_file():
        raise ImportFileError(Sentence(N_(
            "No file at {path}; check the path of the JSON export."), path=path))
    size = path.stat().st_size
    if size > MAX_IMPORT_BYTES:
        raise ImportFileError(Sentence(N_(
            "{path} is {size}, over the limit of {limit} for a workbook export; it cannot "
            "be one. Check you picked the right file."), path=path, size=_mb(size),
            limit=_mb(MAX_IMPORT_BYTES)))
    with path.open("rb") as fh:
        raw = fh.read(MAX_IMPORT_BYTES + 1)
    if len(raw) > MAX_IMPORT_BYTES:
        raise ImportFileError(Sentence(N_(
            "{path} grew past {limit} while being read; it cannot be a workbook export."),
            path=path, limit=_mb(MAX_IMPORT_BYTES)))
    return strict_json.parse(raw, what=N_("a workbook export"), limit=MAX_IMPORT_BYTES,
                             name=str(path))



# -- import --------------------------------------------------------------------------------

def _remove(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def import_json(data_or_path: Mapping[str, Any] | str | os.PathLike[str],
                target_path: str | os.PathLike[str] | DbTarget) -> Workbook:
    """Make a new workbook at ``target_path`` from an export; refuses to replace one.

    ``target_path`` is a file path, or a ``DbTarget`` (a new partnership in a database).
    Returns the opened workbook. On any refusal nothing is left at ``target_path``.
    """
    if isinstance(target_path, DbTarget):
        return _import_into_database(data_or_path, target_path)
    target = Path(target_path)
    if not isinstance(data_or_path, Mapping):
        refuse_own_source(target, data_or_path, what="the export being read",
                          fix=Sentence(N_("Name a new .sqlite file to import into.")))
    if target.exists():
        raise WorkbookExistsError(Sentence(N_(
            "{path} already exists; nothing was imported. Import into a new file name."),
            path=target))
    data = data_or_path if isinstance(data_or_path, Mapping) else _read(data_or_path)
    built, links = check_document(data)

    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".importing")
    _remove(partial)
    partnership = built["partnership"][0]
    wb = Workbook.create(partial, Partnership(**partnership.values()))
    try:
        _write_all(wb, built, links)
    except BaseException:
        wb.close()
        _remove(partial)
        raise
    wb.close()
    with contextlib.closing(connect_file(partial)) as conn:
        conn.execute("PRAGMA journal_mode = DELETE")  # one self-contained file to move
    if target.exists():
        _remove(partial)
        raise WorkbookExistsError(Sentence(N_(
            "{path} appeared while importing; nothing was imported. Import into a new file "
            "name."), path=target))
    os.replace(partial, target)
    return Workbook.open(target, daily_backup=False)


def _import_into_database(data_or_path: Mapping[str, Any] | str | os.PathLike[str],
                          target: DbTarget) -> Workbook:
    data = data_or_path if isinstance(data_or_path, Mapping) else _read(data_or_path)
    built, links = check_document(data)
    partnership = built["partnership"][0]
    wb = Workbook.create(target, Partnership(**partnership.values()))
    try:
        _write_all(wb, built, links)
    except BaseException:
        wb.drop()
        wb.close()
        raise
    return wb


def replace_from_json(wb: Workbook, data_or_path: Mapping[str, Any] | str | os.PathLike[str]
                      ) -> None:
    """Replace everything in an open database workbook with an export, in one transaction.

    The restore of a snapshot (``export_json``, read in one REPEATABLE READ transaction):
    the document is checked whole first; on a refusal the workbook is left as it was.
    Only an owner may (``StoreError`` otherwise).
    """
    data = data_or_path if isinstance(data_or_path, Mapping) else _read(data_or_path)
    built, links = check_document(data)
    if wb.db is None:
        raise ImportFileError(Sentence(N_(
            "A workbook file is restored from its backups (`workbook restore PATH BACKUP`), "
            "not from a JSON export.")))
    wb.load_records(built, links, check=first_problem, replace=True, refusal=NOTHING)


def _write_all(wb: Workbook, built: Mapping[str, list[Entity]],
               links: Mapping[str, list[dict[str, Any]]]) -> None:
    """Every record in one transaction, then the whole-workbook rules on the result."""
    wb.load_records(built, links, check=first_problem, refusal=NOTHING)


def describe_import(wb: Workbook) -> str:
    """One line saying what a freshly imported workbook holds."""
    from ..store.words import counted

    counts = {cls.kind: wb.count(cls) for cls in ENTITIES if cls is not Partnership}
    held = [counted(kind, n) for kind, n in counts.items() if n]
    if not held:
        return _("{name}: no records yet").format(name=wb.partnership.display_name)
    return _("{name}: {records}").format(name=wb.partnership.display_name,
                                         records=format_list(held))

