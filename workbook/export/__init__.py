"""Exports for partners: the meeting summary (HTML, notebook, PDF) and the data tables.

    >>> from workbook.export import export_summary, export_tables
    >>> export_summary(wb)              # exports/<partnership>/<date>-<kind>.html (+ .ipynb)
    >>> export_tables(wb)               # exports/<partnership>/tables-<date>/*.csv, tables.xlsx
    >>> export_packet(wb)               # exports/<partnership>/<date>-<kind>-packet/

Everything a participant typed is escaped in the summary (``render.py``) and guarded
against formula injection in the tables (``tables.py``). The names below are imported on
first use, so ``workbook --help`` does not pay for nbconvert, Jinja or openpyxl.
"""

from __future__ import annotations

import importlib
from typing import Any

__all__ = [
    "Packet",
    "RenderedSummary",
    "build_summary",
    "export_packet",
    "export_summary",
    "export_tables",
    "html_to_pdf",
    "pick_meeting",
    "render_summary",
    "summary_path",
]

_HOMES = {
    "Packet": "packet",
    "export_packet": "packet",
    "RenderedSummary": "publish",
    "export_summary": "publish",
    "render_summary": "publish",
    "summary_path": "publish",
    "build_summary": "summary",
    "pick_meeting": "summary",
    "export_tables": "tables",
    "html_to_pdf": "pdf",
}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'workbook.export' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{home}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
