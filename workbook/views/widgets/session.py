"""Opening the workbook a notebook works on, and showing its errors as plain messages."""

from __future__ import annotations

import os
from pathlib import Path

from ...errors import DiskFullError, WorkbookError, WorkbookMissingError
from ...store import Workbook
from ...store.postgres import DbTarget

__all__ = ["DEFAULT_WORKBOOK", "db_target", "open_despite_full_disk", "open_from_env",
           "portfolio_targets_from_env", "workbook_path"]

DEFAULT_WORKBOOK = Path("data") / "demo.sqlite"


def _project_root(start: Path) -> Path:
    """The folder holding ``data/``: the notebooks run from ``notebooks/`` below it."""
    for folder in (start, *start.parents):
        if (folder / "data").is_dir() and (folder / "notebooks").is_dir():
            return folder
    return start


def workbook_path(cwd: Path | None = None) -> Path:
    """``$WORKBOOK`` if set, else ``data/demo.sqlite`` of the project the notebook is in."""
    chosen = os.environ.get("WORKBOOK", "").strip()
    if chosen:
        return Path(chosen).expanduser()
    return _project_root((cwd or Path.cwd()).resolve()) / DEFAULT_WORKBOOK


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
            "A partnership in a database needs both WORKBOOK_DB (the database URL) and "
            "WORKBOOK_PARTNERSHIP (its short name); only "
            f"{'WORKBOOK_DB' if url else 'WORKBOOK_PARTNERSHIP'} is set. Set the other, "
            "then run this cell again.")
    return DbTarget(url, slug)


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
        return wb, (f"Today's backup of {target} could not be made ({exc}) The workbook is "
                    "open and saves every change as usual, but today has no backup copy yet: "
                    "free some space (empty the trash, move old exports), then run this cell "
                    "again to make it.")


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
    """Open the notebook's workbook; a missing one gets a message saying what to do.

    ``$WORKBOOK_DB`` with ``$WORKBOOK_PARTNERSHIP`` name a partnership in a PostgreSQL
    database; otherwise ``$WORKBOOK`` (or the project's demo file) names a file, opened
    even when the disk is too full for the day's backup, with a warning under the cell.
    """
    _quiet_workbook_errors()
    target = db_target()
    if target is not None:
        return Workbook.open(target)
    path = workbook_path(cwd)
    if not path.exists():
        raise WorkbookMissingError(
            f"No workbook at {path}. Run `make run` (it writes the demo), or create one with "
            f"`workbook new {path} --title ... --sector ... --region ...`, or set the WORKBOOK "
            "environment variable to the workbook you want, then run this cell again."
        )
    wb, notice = open_despite_full_disk(path)
    if notice:
        _show_notice(notice)
    return wb


def portfolio_targets_from_env(cwd: Path | None = None) -> list[Path | DbTarget]:
    """The workbooks the portfolio shows: every partnership in ``$WORKBOOK_DB`` the role may
    see, the files of the project's ``data/`` folder, and ``$WORKBOOK`` if it is elsewhere."""
    from ...analyses.portfolio import portfolio_targets

    _quiet_workbook_errors()
    url = os.environ.get("WORKBOOK_DB", "").strip() or None
    folder = _project_root((cwd or Path.cwd()).resolve()) / "data"
    found = portfolio_targets(url, folder)
    chosen = os.environ.get("WORKBOOK", "").strip()
    if chosen:
        path = Path(chosen).expanduser()
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
