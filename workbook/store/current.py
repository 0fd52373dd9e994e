"""The project's current partnership: the workbook every notebook of the project opens.

The facilitator chooses it once (in the start notebook, or ``workbook use``); it is kept in
a small settings file, ``.workbook/current.json`` at the project's root, that the notebooks
read each time they open their workbook, so a new choice needs no restart and no
environment variable. The file is the project's own (git-ignored: it names where the
partnership's data lives) and looks like::

    {"current": {"file": "data/riverside.sqlite"},
     "recent": [{"file": "data/riverside.sqlite"},
                {"db": "postgresql://ana@dbhost/partnerships", "partnership": "riverside"}]}

A file inside the project is stored relative to its root, so the project folder may move.
Paths a person types are read relative to the project root too (``resolve_typed``), never
relative to ``notebooks/`` where the kernels run.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

from ..errors import Sentence, SettingsError
from ..i18n import N_, _
from .postgres import DbTarget, safe_url

__all__ = ["MAX_RECENT", "SETTINGS_FILE", "Target", "choose", "current_target", "describe",
           "project_root", "recent_targets", "resolve_typed", "same_target", "settings_file"]

Target = Path | DbTarget
"""A workbook: a file (absolute path) or one partnership in a PostgreSQL database."""

SETTINGS_FILE = Path(".workbook") / "current.json"
"""Where the current partnership is kept, relative to the project root."""

MAX_RECENT = 8
"""How many recently chosen workbooks the start notebook offers."""

MAX_SETTINGS_BYTES = 64_000
"""A settings file larger than this is not one we wrote; it is refused, not read."""


def project_root(start: str | os.PathLike[str] | None = None) -> Path:
    """The project folder ``start`` (default: the current folder) lies in.

    Walking up from ``start``: the first folder holding ``.workbook/``, else the first
    holding both ``data/`` and ``notebooks/`` (the notebooks run in ``notebooks/``), else
    ``start`` itself. Returns an absolute path.
    """
    here = Path(start if start is not None else Path.cwd()).expanduser().resolve()
    folders = (here, *here.parents)
    for folder in folders:
        if (folder / SETTINGS_FILE.parent).is_dir():
            return folder
    for folder in folders:
        if (folder / "data").is_dir() and (folder / "notebooks").is_dir():
            return folder
    return here


def settings_file(root: str | os.PathLike[str]) -> Path:
    return Path(root) / SETTINGS_FILE


def resolve_typed(typed: str | os.PathLike[str], root: str | os.PathLike[str]) -> Path:
    """A path a person typed, made absolute: ``~`` expanded, a relative one read from the
    project ``root`` (so ``data/x.sqlite`` is the project's ``data/``, wherever the
    notebook runs)."""
    path = Path(typed).expanduser()
    return path if path.is_absolute() else (Path(root) / path).resolve()


def describe(target: Target) -> str:
    """Where a workbook is, for messages: the file's full path, or the database
    partnership without the password."""
    if isinstance(target, DbTarget):
        return _("partnership {slug} in {url}").format(slug=repr(target.slug),
                                                       url=safe_url(target.url))
    return str(target)


def same_target(a: Target | None, b: Target | None) -> bool:
    """Whether ``a`` and ``b`` name the same workbook (files compared by resolved path)."""
    if isinstance(a, Path) and isinstance(b, Path):
        return a.expanduser().resolve() == b.expanduser().resolve()
    return a == b


def _entry(target: Target, root: Path) -> dict[str, str]:
    if isinstance(target, DbTarget):
        return {"db": target.url, "partnership": target.slug}
    path = Path(target).expanduser().resolve()
    try:
        return {"file": path.relative_to(root).as_posix()}
    except ValueError:
        return {"file": str(path)}


def _target(entry: Any, root: Path, where: Path) -> Target:
    if isinstance(entry, dict) and set(entry) == {"file"} and isinstance(entry["file"], str):
        return resolve_typed(entry["file"], root)
    if (isinstance(entry, dict) and set(entry) == {"db", "partnership"}
            and all(isinstance(v, str) for v in entry.values())):
        return DbTarget(entry["db"], entry["partnership"])
    raise _damaged(where, Sentence(N_("an entry is not a workbook: {entry}"),
                                   entry=repr(str(entry)[:80])))


def _damaged(where: Path, why: str | Sentence) -> SettingsError:
    return SettingsError(Sentence(N_(
        "The project's settings file {path} cannot be read ({reason}). Choose the "
        "partnership again in 00_start_here (or with `workbook use`), which rewrites it."),
        path=where, reason=why))


def _read(root: Path) -> dict[str, Any]:
    where = settings_file(root)
    try:
        if where.stat().st_size > MAX_SETTINGS_BYTES:
            raise _damaged(where, Sentence(N_("it is far larger than the settings ever are")))
        data = json.loads(where.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise _damaged(where, str(exc)) from None
    if not isinstance(data, dict):
        raise _damaged(where, Sentence(N_("it does not hold a JSON object")))
    return data


def current_target(root: str | os.PathLike[str]) -> Target | None:
    """The project's current workbook, or None when none was chosen yet.

    Raises ``SettingsError`` when the settings file is damaged.
    """
    root = Path(root)
    entry = _read(root).get("current")
    return None if entry is None else _target(entry, root, settings_file(root))


def recent_targets(root: str | os.PathLike[str]) -> list[Target]:
    """Workbooks chosen before, newest first (the current one included), at most
    ``MAX_RECENT``. Raises ``SettingsError`` when the settings file is damaged."""
    root = Path(root)
    entries = _read(root).get("recent", [])
    if not isinstance(entries, list):
        raise _damaged(settings_file(root), Sentence(N_("its recent list is not a list")))
    return [_target(e, root, settings_file(root)) for e in entries[:MAX_RECENT]]


def choose(root: str | os.PathLike[str], target: Target) -> Path:
    """Make ``target`` the project's current workbook and put it first in the recent list.

    The caller has checked that the workbook opens. The file is replaced atomically and
    readable by its owner only (a database URL may carry a password). Returns the
    settings file's path. A damaged old file is replaced; ``SettingsError`` is raised
    only when the new one cannot be written.
    """
    root = Path(root).resolve()
    try:
        old = recent_targets(root)
    except SettingsError:
        old = []  # a damaged file is replaced by the new choice
    recent = [target] + [t for t in old if not same_target(t, target)]
    data = {"current": _entry(target, root),
            "recent": [_entry(t, root) for t in recent[:MAX_RECENT]]}
    where = settings_file(root)
    try:
        where.parent.mkdir(parents=True, exist_ok=True)
        # Never committed, whatever the project's own .gitignore says.
        ignore = where.parent / ".gitignore"
        if not ignore.exists():
            ignore.write_text("# The current partnership names where its data lives.\n*\n",
                              encoding="utf-8")
        fd, tmp = tempfile.mkstemp(dir=where.parent, prefix=".current-", suffix=".json")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                json.dump(data, out, indent=2, ensure_ascii=False)
                out.write("\n")
            os.chmod(tmp, 0o600)
            os.replace(tmp, where)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise SettingsError(Sentence(N_(
            "Could not write the project's settings file {path} ({reason}). Check that the "
            "project folder may be written to."), path=where, reason=exc)) from None
    return where
