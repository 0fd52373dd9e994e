"""Where exports go and how they are written: slugs, default folders, atomic writes.

A summary goes to ``<root>/<partnership folder>/<date>-<kind>.html``. The partnership
folder is named when the workbook is made (its title's slug and the start of its id, see
``model.slugs``) and marked as the partnership's (``OWNER_MARK``), so one partnership's
exports never replace another's, whatever the titles. The root is the
``--out`` folder when given; otherwise ``exports/`` beside the ``data/`` folder that holds
the workbook (the project layout), else ``exports/`` beside the workbook file, else (an
in-memory workbook or a database partnership) ``exports/`` of the project the current
folder is in (``store.current.project_root``). Files are written to a side file
and moved into place, so a reader never sees half a summary.
"""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path

from ..errors import DiskFullError, ExportError, Sentence
from ..i18n import N_
from ..model.slugs import slug
from ..store import Workbook
from ..store.current import project_root

__all__ = ["OWNER_MARK", "claim_partnership_folder", "default_root", "partnership_folder",
           "slug", "write_atomic", "write_text_atomic"]

OWNER_MARK = "partnership.json"
"""The file in a partnership's export folder naming whose folder it is."""


def partnership_folder(wb: Workbook, root: Path) -> Path:
    """``<root>/<the partnership's export folder>``: fixed when the workbook was made, so a
    rename of the partnership keeps its exports together (see ``Store.export_folder``)."""
    return Path(root) / wb.export_folder()


def claim_partnership_folder(wb: Workbook, folder: Path) -> Path:
    """Make sure ``folder`` is this partnership's to write into, marking it as such.

    A new or empty folder is claimed by writing ``OWNER_MARK`` (the partnership's id and
    title). A folder marked for another partnership, or holding files but no mark, is
    refused with ``ExportError``: an export never replaces another partnership's files.
    """
    uid = wb.partnership_uid()
    mark = folder / OWNER_MARK
    if mark.is_file():
        try:
            owner = json.loads(mark.read_text(encoding="utf-8"))
            owner_uid, owner_title = str(owner["partnership_uid"]), str(owner.get("title", ""))
        except (OSError, ValueError, KeyError, TypeError):
            raise ExportError(Sentence(N_(
                "{folder} is marked as another workbook's export folder, but its mark "
                "{mark} cannot be read; nothing was written. Export to another folder with "
                "--out."), folder=folder, mark=OWNER_MARK)) from None
        if owner_uid == uid:
            return folder
        raise ExportError(Sentence(N_(
            "{folder} holds the exports of another partnership ({title}); nothing was "
            "written, so its files stay as they are. Export to another folder with --out."),
            folder=folder, title=repr(owner_title[:80])))
    if folder.is_dir() and any(folder.iterdir()):
        raise ExportError(Sentence(N_(
            "{folder} already holds files that were not exported from this workbook; nothing "
            "was written, so they stay as they are. Export to another folder with --out."),
            folder=folder))
    record = {"partnership_uid": uid, "title": wb.partnership.display_name,
              "note": "Exports of this partnership's workbook; other workbooks leave this "
                      "folder alone."}
    write_atomic(mark, json.dumps(record, ensure_ascii=False, indent=1).encode("utf-8"))
    return folder


def default_root(wb: Workbook) -> Path:
    """The folder summaries and tables go to when no ``--out`` is given."""
    path = getattr(wb, "path", None)
    if path is None:
        return project_root() / "exports"  # a database partnership: the project's exports/
    folder = Path(path).resolve().parent
    if folder.name == "data":
        return folder.parent / "exports"
    return folder / "exports"


def write_atomic(path: Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` through a side file; nothing half-written is left behind."""
    path = Path(path)
    partial = path.with_name(f".{path.name}.partial")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial.write_bytes(data)
        os.replace(partial, path)
    except OSError as exc:
        with contextlib.suppress(OSError):  # the side file may not even have been made
            partial.unlink(missing_ok=True)
        if exc.errno == 28:  # ENOSPC
            raise DiskFullError(Sentence(N_(
                "{path}: the disk is full; nothing was written. Free some space and export "
                "again."), path=path)) from exc
        raise ExportError(Sentence(N_(
            "{path}: cannot be written ({reason}). Pick a folder you can write to with "
            "--out."), path=path, reason=exc.strerror or exc)) from exc
    return path


def write_text_atomic(path: Path, text: str) -> Path:
    return write_atomic(path, text.encode("utf-8"))
