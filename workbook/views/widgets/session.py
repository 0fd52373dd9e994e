"""Opening the workbook a notebook works on, and showing its errors as plain messages."""

from __future__ import annotations

import os
from pathlib import Path

from ...errors import WorkbookError, WorkbookMissingError
from ...store import Workbook

__all__ = ["DEFAULT_WORKBOOK", "open_from_env", "workbook_path"]

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


def open_from_env(cwd: Path | None = None) -> Workbook:
    """Open the notebook's workbook; a missing one gets a message saying what to do."""
    _quiet_workbook_errors()
    path = workbook_path(cwd)
    if not path.exists():
        raise WorkbookMissingError(
            f"No workbook at {path}. Run `make run` (it writes the demo), or create one with "
            f"`workbook new {path} --title ... --sector ... --region ...`, or set the WORKBOOK "
            "environment variable to the workbook you want, then run this cell again."
        )
    return Workbook.open(path)


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
