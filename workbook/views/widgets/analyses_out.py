"""Analyses inside views: call one by name, and say so plainly when it is not there.

The analyses live in ``workbook.analyses`` (plain functions returning DataFrames or small
records). Views ask for one with ``analysis("momentum", wb)``: the package is imported only
then, so a notebook that shows no analysis does not pay for pandas. While the package lacks
a function the view shows ``MISSING`` instead of failing.
"""

from __future__ import annotations

import html
import importlib
from typing import Any

from ...i18n import N_, _

__all__ = ["MISSING", "analysis", "frame_html", "has_analysis"]

MISSING = N_("This analysis is not available in this version of the workbook.")


def _function(name: str) -> Any | None:
    try:
        module = importlib.import_module("workbook.analyses")
    except ModuleNotFoundError:
        return None
    return getattr(module, name, None)


def has_analysis(name: str) -> bool:
    """True when ``workbook.analyses`` offers ``name``."""
    return _function(name) is not None


def analysis(name: str, *args: Any, **kwargs: Any) -> Any | None:
    """Call ``workbook.analyses.<name>(*args, **kwargs)``; None if there is no such analysis."""
    function = _function(name)
    if function is None:
        return None
    return function(*args, **kwargs)


def frame_html(frame: Any, *, columns: dict[str, str] | None = None, caption: str = "",
               empty: str | None = None, limit: int | None = 200) -> str:
    """A DataFrame as an escaped HTML table; ``columns`` picks and renames (name -> header)."""
    from .tables import html_table

    if frame is None:
        return f"<p>{html.escape(_(MISSING))}</p>"
    names = list(columns) if columns else [str(c) for c in frame.columns]
    names = [n for n in names if n in frame.columns]
    headers = [(columns or {}).get(n, n.replace("_", " ").capitalize()) for n in names]
    rows = [[_plain(v) for v in row] for row in frame[names].itertuples(index=False)]
    return html_table(headers, rows, caption=caption,
                      empty=_("Nothing to show yet.") if empty is None else empty, limit=limit)


def _plain(value: Any) -> Any:
    """Missing values (None, NaN, NaT, pd.NA) read as blank; floats with two decimals at most."""
    import pandas as pd

    missing = pd.isna(value)
    if isinstance(missing, bool) and missing:
        return None
    if isinstance(value, float):
        return f"{value:.2f}".rstrip("0").rstrip(".")
    if isinstance(value, pd.Timestamp):
        return value.date()
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):  # numpy scalars
        return value.item()
    return value
