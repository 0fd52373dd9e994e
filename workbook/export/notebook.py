"""Build the summary notebook: one cell per section, its outputs carrying the data.

Nothing is executed. Each section becomes a code cell whose source only names the section
and whose outputs hold what the partners read: a ``text/html`` fragment (escaped by
``render.py``), ``application/json`` with the section's data, ``text/plain``, and for
charts an ``image/png`` output whose metadata carries the title and the text alternative.
The notebook opens in JupyterLab as it is, and ``html.py`` turns it into the HTML file.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import markupsafe
import nbformat
from nbformat import NotebookNode
from nbformat.v4 import new_code_cell, new_notebook, new_output

from .. import __version__
from ..i18n import _, current_language
from .records import Summary
from .render import Fragment, long_date

__all__ = ["DrawnChart", "notebook_json", "summary_notebook"]


@dataclass(frozen=True)
class DrawnChart:
    """A chart ready for a notebook output: base64 image data and its descriptions."""

    section: str
    mimetype: str  # "image/png" (base64 text) or "image/svg+xml" (SVG text)
    data: str
    title: str
    alt: str
    width: int | None = None
    height: int | None = None


def _section_cell(fragment: Fragment, charts: Sequence[DrawnChart]) -> NotebookNode:
    outputs = [new_output("display_data", data={
        "text/html": str(fragment.html),
        "application/json": fragment.data,
        "text/plain": fragment.title,
    })]
    for chart in charts:
        meta: dict[str, Any] = {"title": chart.title, "alt": chart.alt}
        if chart.width and chart.height:
            meta.update(width=chart.width, height=chart.height)
        outputs.append(new_output("display_data",
                                  data={chart.mimetype: chart.data, "text/plain": chart.alt},
                                  metadata={"workbook": meta}))
    return new_code_cell(
        source=f"# {fragment.title}: written by `workbook export`; there is nothing to run.",
        outputs=outputs,
        metadata={"workbook": {"section": fragment.key, "heading_id": f"{fragment.key}-title"},
                  "jupyter": {"source_hidden": True}, "tags": [f"summary-{fragment.key}"]})


def summary_notebook(summary: Summary, fragments: Sequence[Fragment],
                     charts: Sequence[DrawnChart] = ()) -> NotebookNode:
    """The summary as a notebook with outputs (not executed, no kernel needed)."""
    cells = []
    placed: set[int] = set()
    for fragment in fragments:
        mine = [c for c in charts if c.section == fragment.key]
        placed.update(id(c) for c in mine)
        cells.append(_section_cell(fragment, mine))
    leftover = [c for c in charts if id(c) not in placed]
    if leftover:  # a chart whose section was left out still gets a home
        title = _("Charts")
        heading = markupsafe.Markup('<h2 id="charts-title">{}</h2>').format(title)
        cells.append(_section_cell(Fragment("charts", title, heading, {}), leftover))
    nb = new_notebook(cells=cells)
    nb.metadata["workbook"] = {
        "kind": "meeting-summary",
        "version": __version__,
        "lang": current_language(),
        "title": _plain_title(summary),
        "meeting_id": summary.meeting.id,
        "held_on": summary.meeting.held_on.isoformat(),
        "footer": _("Exported on {date} from the partnership workbook. This file holds no "
                    "scripts and loads nothing from the internet; print it or save it as PDF "
                    "as you like.").format(date=long_date(summary.exported_on)),
    }
    nb.metadata["title"] = summary.title
    return nb


_DIRECTION_CONTROLS = dict.fromkeys(map(ord, "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
                                           "\u2066\u2067\u2068\u2069"))


def _plain_title(summary: Summary) -> str:
    """The page's <title> (plain text, no element can stand there): the typed name between
    Unicode's first-strong isolate and its pop, without direction controls of its own, so
    it cannot reorder the rest of the title."""
    name = summary.partnership.name.translate(_DIRECTION_CONTROLS)
    return summary.title.replace(summary.partnership.name, f"\u2068{name}\u2069", 1)


def notebook_json(nb: NotebookNode) -> str:
    """``nb`` as nbformat 4 JSON text, the way Jupyter writes it."""
    return nbformat.writes(nb, version=4)
