"""Build the summary notebook: one cell per section, its outputs carrying the data.

Nothing is executed. Each section becomes a code cell whose source only names the section
and whose outputs hold what the partners read: a ``text/html`` fragment (escaped by
``render.py``), ``application/json`` with the section's data, ``text/plain``, and for
charts an ``image/png`` output whose metadata carries the title and the text alternative.
The notebook opens in JupyterLab as it is, and ``html.py`` turns it into the HTML file.

The notebook is plain nbformat 4.5 data (``Node``: a dict that also reads as attributes,
like nbformat's ``NotebookNode``), built and written here without importing nbformat:
its schema machinery costs more than the whole export. ``notebook_json`` writes the same
text ``nbformat.writes`` does; the tests validate it with nbformat.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import markupsafe

from .. import __version__
from ..i18n import _, current_language
from .records import Summary
from .render import Fragment, long_date

__all__ = ["DrawnChart", "Node", "notebook_json", "summary_notebook"]

NBFORMAT, NBFORMAT_MINOR = 4, 5
_SPLIT_MIMES = ("application/javascript", "image/svg+xml")  # split like text/*, as nbformat


class Node(dict[str, Any]):
    """A notebook part: a dict whose keys also read as attributes (``cell.outputs``)."""

    def __getattr__(self, name: str) -> Any:
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None


def _node(value: Any) -> Any:
    if isinstance(value, dict):
        return Node({k: _node(v) for k, v in value.items()})
    if isinstance(value, list):
        return [_node(v) for v in value]
    return value


def new_output(data: dict[str, Any], metadata: dict[str, Any] | None = None) -> Node:
    return _node({"output_type": "display_data", "data": data, "metadata": metadata or {}})


def new_code_cell(cell_id: str, source: str, outputs: list[Node],
                  metadata: dict[str, Any]) -> Node:
    return Node(id=cell_id, cell_type="code", execution_count=None, source=source,
                outputs=outputs, metadata=_node(metadata))


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


def _section_cell(fragment: Fragment, charts: Sequence[DrawnChart]) -> Node:
    outputs = [new_output({
        "text/html": str(fragment.html),
        "application/json": fragment.data,
        "text/plain": fragment.title,
    })]
    for chart in charts:
        meta: dict[str, Any] = {"title": chart.title, "alt": chart.alt}
        if chart.width and chart.height:
            meta.update(width=chart.width, height=chart.height)
        outputs.append(new_output({chart.mimetype: chart.data, "text/plain": chart.alt},
                                  {"workbook": meta}))
    return new_code_cell(
        f"summary-{fragment.key}",
        source="# " + _("{title}: written by `workbook export`; there is nothing to run.").format(
            title=fragment.title),
        outputs=outputs,
        metadata={"workbook": {"section": fragment.key, "heading_id": f"{fragment.key}-title"},
                  "jupyter": {"source_hidden": True}, "tags": [f"summary-{fragment.key}"]})


def summary_notebook(summary: Summary, fragments: Sequence[Fragment],
                     charts: Sequence[DrawnChart] = ()) -> Node:
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
    nb = Node(nbformat=NBFORMAT, nbformat_minor=NBFORMAT_MINOR, metadata=Node(), cells=cells)
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


def notebook_json(nb: Node) -> str:
    """``nb`` as nbformat 4 JSON text, the way Jupyter writes it (``nbformat.writes``:
    sorted keys, one-space indent, multi-line text split into lines)."""
    nb = copy.deepcopy(nb)
    for cell in nb["cells"]:
        if isinstance(cell.get("source"), str):
            cell["source"] = cell["source"].splitlines(True)
        for output in cell.get("outputs", ()):
            data = output.get("data", {})
            for key, value in list(data.items()):
                if isinstance(value, str) and (key.startswith("text/") or key in _SPLIT_MIMES):
                    data[key] = value.splitlines(True)
    return json.dumps(nb, indent=1, sort_keys=True, separators=(",", ": "),
                      ensure_ascii=False)
