"""Opening the workbook a notebook works on, and showing its errors as plain messages.

Which workbook: ``$WORKBOOK_DB`` with ``$WORKBOOK_PARTNERSHIP`` (a hub sets them), else
``$WORKBOOK``, else the project's current partnership (``store/current.py``: chosen in the
start notebook or with ``workbook use``), else the project's ``data/demo.sqlite``. The
choice is read each time a notebook opens its workbook, so choosing another partnership
needs no restart; a view whose workbook is no longer the current one says so
(``stale_message``) and the next run of its notebook opens the new one.
"""

from __future__ import annotations

import os
import weakref
from dataclasses import dataclass
from pathlib import Path

from ...errors import DiskFullError, WorkbookError, WorkbookMissingError
from ...i18n import _, load_facilitator_language
from ...store import Workbook
from ...store.current import (
    Target,
    current_target,
    describe,
    project_root,
    resolve_typed,
    same_target,
)
from ...store.postgres import DbTarget

__all__ = ["DEFAULT_WORKBOOK", "db_target", "env_override", "open_despite_full_disk",
           "open_from_env", "open_target", "portfolio_targets_from_env", "remember_current",
           "stale_message", "workbook_path", "workbook_target"]

DEFAULT_WORKBOOK = Path("data") / "demo.sqlite"


def _project_root(start: Path) -> Path:
    """The project folder a notebook running in ``start`` belongs to."""
    return project_root(start)


def workbook_path(cwd: Path | None = None) -> Path:
    """``$WORKBOOK`` if set (a relative one read from the project root), else
    ``data/demo.sqlite`` of the project the notebook is in."""
    root = project_root(cwd)
    chosen = os.environ.get("WORKBOOK", "").strip()
    if chosen:
        return resolve_typed(chosen, root)
    return root / DEFAULT_WORKBOOK


def db_target() -> DbTarget | None:
    """``$WORKBOOK_DB`` and ``$WORKBOOK_PARTNERSHIP`` as a database partnership, if set.

    Raises ``WorkbookMissingError`` when only one of the two is set.
    """
    url = os.environ.get("WORKBOOK_DB", "").strip()
    slug = os.environ.get("WORKBOOK_PARTNERSHIP", "").strip()
    if not url and not slug:
        return None
    if not url or not slug:
        raise WorkbookMissingError(
            _("A partnership in a database needs both WORKBOOK_DB (the database URL) and "
              "WORKBOOK_PARTNERSHIP (its short name); only {value} is set. Set the other, then "
              "run this cell again.").format(
                  value='WORKBOOK_DB' if url else 'WORKBOOK_PARTNERSHIP'))
    return DbTarget(url, slug)


def env_override() -> str | None:
    """The environment variable that decides the workbook for every notebook, if one is
    set (``WORKBOOK_DB`` or ``WORKBOOK``): then choosing in the start notebook cannot."""
    if os.environ.get("WORKBOOK_DB", "").strip() or os.environ.get(
            "WORKBOOK_PARTNERSHIP", "").strip():
        return "WORKBOOK_DB"
    if os.environ.get("WORKBOOK", "").strip():
        return "WORKBOOK"
    return None


def workbook_target(cwd: Path | None = None) -> Target:
    """The workbook a notebook running in ``cwd`` opens (see the module's docstring).

    Raises ``WorkbookMissingError`` for half a database setting and ``SettingsError`` for a
    damaged settings file.
    """
    target = db_target()
    if target is not None:
        return target
    if os.environ.get("WORKBOOK", "").strip():
        return workbook_path(cwd)
    root = project_root(cwd)
    return current_target(root) or root / DEFAULT_WORKBOOK


@dataclass(frozen=True)
class _Opened:
    root: Path
    target: Target


_OPENED: weakref.WeakKeyDictionary[Workbook, _Opened] = weakref.WeakKeyDictionary()
"""Workbooks opened as the project's current one, and from where: their views check that
they still are."""


def open_target(target: Target) -> Workbook:
    """Open a workbook file or database partnership; a missing file gets a message saying
    where it was looked for and what to do."""
    if isinstance(target, Path) and not target.exists():
        raise WorkbookMissingError(
            _("No workbook at {target}. Run `make run` (it writes the demo), or create one in "
              "00_start_here, or with `workbook new {target} --title ... --sector ... --region "
              "...`, or set the WORKBOOK environment variable to the workbook you want, then "
              "run this cell again.").format(target=target))
    if isinstance(target, DbTarget):
        return Workbook.open(target)
    wb, notice = open_despite_full_disk(target)
    if notice:
        _show_notice(notice)
    return wb


def open_despite_full_disk(target: Path) -> tuple[Workbook, str]:
    """Open the workbook file ``target``, and "" or what went wrong on the way.

    The first open of a day backs the file up; when the disk is too full for that copy the
    workbook opens all the same (nothing in it is at risk: every change still commits or
    is refused whole), and the second value says so and what to do. Any other failure,
    and a backup before an upgrade, still refuses to open.
    """
    try:
        return Workbook.open(target), ""
    except DiskFullError as exc:
        wb = Workbook.open(target, daily_backup=False)
        return wb, (_("Today's backup of {target} could not be made ({exc}) The workbook is "
                      "open and saves every change as usual, but today has no backup copy yet: "
                      "free some space (empty the trash, move old exports), then run this cell "
                      "again to make it.").format(target=target, exc=exc))


def _show_notice(notice: str) -> None:
    """Show ``notice`` as a warning under the cell (printed outside a notebook)."""
    import html

    try:
        from IPython import get_ipython
        from IPython.display import HTML, display
    except ImportError:  # pragma: no cover - IPython comes with the notebooks
        print(notice)
        return
    if get_ipython() is None:
        print(notice)
        return
    display(HTML(f'<p class="pwb-warn" role="alert">⚠ {html.escape(notice)}</p>'))


def open_from_env(cwd: Path | None = None) -> Workbook:
    """Open the notebook's workbook: the project's current partnership unless the
    environment names another; a missing one gets a message saying what to do."""
    _quiet_workbook_errors()
    load_facilitator_language()  # the notebooks speak the facilitator's language
    target = workbook_target(cwd)
    wb = open_target(target)
    if env_override() is None:
        _OPENED[wb] = _Opened(project_root(cwd), target)
    return wb


def remember_current(wb: Workbook, root: Path, target: Target) -> None:
    """Mark ``wb`` as opened as the current partnership of the project at ``root`` (the
    start notebook does, after switching)."""
    _OPENED[wb] = _Opened(Path(root), target)


def stale_message(wb: Workbook) -> str | None:
    """Why ``wb`` is no longer the workbook its notebook would open, or None.

    Only a workbook opened as the project's current one can go stale: one passed in by a
    test, or chosen by an environment variable, never does.
    """
    opened = _OPENED.get(wb)
    if opened is None or env_override() is not None:
        return None
    try:
        now = current_target(opened.root) or opened.root / DEFAULT_WORKBOOK
    except WorkbookError as exc:
        return str(exc)
    if same_target(now, opened.target):
        return None
    return (_("The current partnership is now {describe}; this view still shows {describe2}. "
              "Run this notebook again (Run All) to work on the current partnership.").format(
                  describe=describe(now), describe2=describe(opened.target)))


def portfolio_targets_from_env(cwd: Path | None = None) -> list[Path | DbTarget]:
    """The workbooks the portfolio shows: every partnership in ``$WORKBOOK_DB`` the role may
    see, the files of the project's ``data/`` folder, and ``$WORKBOOK`` if it is elsewhere."""
    from ...analyses.portfolio import portfolio_targets

    _quiet_workbook_errors()
    url = os.environ.get("WORKBOOK_DB", "").strip() or None
    folder = project_root(cwd) / "data"
    found = portfolio_targets(url, folder)
    chosen = os.environ.get("WORKBOOK", "").strip()
    if chosen:
        path = workbook_path(cwd)
        if path.is_file() and all(not isinstance(t, Path) or t.resolve() != path.resolve()
                                  for t in found):
            found.append(path)
    return found


def _quiet_workbook_errors() -> None:
    """In IPython, show a WorkbookError as its one-line message instead of a traceback."""
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython ships with ipykernel
        return
    shell = get_ipython()
    if shell is None:
        return

    def _show(shell, etype, value, tb, tb_offset=None):  # noqa: ANN001 - IPython's signature
        import html as _html

        from IPython.display import HTML, display

        display(HTML(f'<p style="color:#a4000f;font-weight:600" role="alert">✗ '
                     f"<bdi>{_html.escape(str(value))}</bdi></p>"))

    shell.set_custom_exc((WorkbookError,), _show)
