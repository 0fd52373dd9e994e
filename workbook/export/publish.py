"""Write one meeting's summary: the HTML page, the notebook beside it, a PDF on request.

    >>> from workbook.export import export_summary
    >>> export_summary(wb)                       # the latest meeting
    PosixPath('.../exports/valley-makers-alliance-1a2b3c4d/2026-03-02-regular.html')

The steps: gather the records (``summary.py``), render escaped fragments (``render.py``),
draw the charts (``figures.py``), build the notebook with outputs (``notebook.py``),
render it with our nbconvert template (``html.py``), write both files atomically.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..errors import Sentence
from ..i18n import N_, normalize_language, use_language
from ..model import Meeting
from ..store import Workbook
from ..store.files import refuse_own_source
from . import figures
from .files import (
    claim_partnership_folder,
    default_root,
    partnership_folder,
    slug,
    write_text_atomic,
)
from .html import notebook_to_html
from .notebook import Node, notebook_json, summary_notebook
from .records import Summary
from .render import render_fragments
from .summary import build_summary

__all__ = ["RenderedSummary", "export_editions", "export_summary", "render_summary",
           "summary_path"]


@dataclass(frozen=True)
class RenderedSummary:
    """A summary rendered in memory: its records, its notebook and its HTML page."""

    summary: Summary
    notebook: Node  # nbformat 4.5 data; ``nbformat.from_dict`` makes a NotebookNode
    html: str


def render_summary(wb: Workbook, meeting_id: int | str | None = None, *,
                   charts: bool = True, today: dt.date | None = None,
                   edition: str | None = "partners",
                   language: str | None = None) -> RenderedSummary:
    """Build the summary of one meeting (default: the latest) without writing anything.

    ``edition``: ``"partners"`` (the default, what partners receive) or ``"facilitator"``
    (the full record); see ``editions.py``. ``language`` (``"es"``) is the language its
    words, dates and numbers are in; None keeps the current one (the facilitator's). What
    people typed stays as they typed it. Raises ``ValueError`` for a language there is no
    catalog for.
    """
    if language is not None:
        normalize_language(language, strict=True)
    with use_language(language):
        summary = build_summary(wb, meeting_id, today=today, edition=edition)
        fragments = render_fragments(summary)
        drawn = figures.draw(wb, summary) if charts else []
        nb = summary_notebook(summary, fragments, drawn)
        return RenderedSummary(summary, nb, notebook_to_html(nb))


def summary_path(wb: Workbook, meeting: Meeting, root: Path, edition: str = "partners",
                 language: str = "en") -> Path:
    """``<root>/<partnership folder>/<date>-<kind>.html``; the meeting id is added only when
    another meeting shares that date and kind (the folder: ``files.partnership_folder``).
    The facilitator's record ends in ``-facilitator.html``, so it is never taken for the
    partners' summary; a summary in another language than English ends ``.<code>.html``
    (``.es.html``), so the two stand side by side."""
    name = f"{meeting.held_on.isoformat()}-{slug(meeting.kind_of, 'meeting')}"
    twins = [m for m in wb.all(Meeting, held_on=meeting.held_on)
             if m.kind_of == meeting.kind_of and m.id != meeting.id]
    if twins:
        name += f"-{meeting.id}"
    if edition == "facilitator":
        name += "-facilitator"
    if language != "en":
        name += f".{language}"
    return partnership_folder(wb, root) / f"{name}.html"


def export_summary(wb: Workbook, meeting_id: int | str | None = None,
                   out_dir: str | os.PathLike[str] | None = None, *, pdf: bool = False,
                   today: dt.date | None = None, edition: str | None = "partners",
                   language: str | None = None) -> Path:
    """Write the summary of one meeting (default: the latest); returns the HTML path.

    The notebook with the same content is written beside it (``.ipynb``), and with
    ``pdf=True`` a PDF printed by the system's chromium (``.pdf``). ``out_dir`` replaces
    the default ``exports/`` folder; the partnership's own folder is made inside it.
    ``edition``: ``"partners"`` (default) or ``"facilitator"`` (see ``editions.py``);
    ``language`` as for ``render_summary``.
    """
    rendered = render_summary(wb, meeting_id, today=today, edition=edition,
                              language=language)
    meeting = wb.get(Meeting, rendered.summary.meeting.id)
    root = Path(out_dir) if out_dir is not None else default_root(wb)
    target = summary_path(wb, meeting, root, rendered.summary.edition,
                          rendered.notebook.metadata["workbook"]["lang"])
    claim_partnership_folder(wb, target.parent)
    for output in (target, target.with_suffix(".ipynb"), target.with_suffix(".pdf")):
        refuse_own_source(output, wb.path, what="the workbook",
                          fix=Sentence(N_("Export to another folder with --out.")))
    write_text_atomic(target.with_suffix(".ipynb"), notebook_json(rendered.notebook))
    write_text_atomic(target, rendered.html)
    if pdf:
        from .pdf import html_to_pdf

        html_to_pdf(target, target.with_suffix(".pdf"))
    return target


def export_editions(wb: Workbook, meeting_id: int | str | None = None,
                    out_dir: str | os.PathLike[str] | None = None, *, pdf: bool = False,
                    today: dt.date | None = None, edition: str | None = "partners",
                    languages: Sequence[str] | None = None) -> list[Path]:
    """Write the summary once per language the partners need (default: the
    partnership's ``languages``, its main one first); returns the HTML paths in that order.

    English is ``<date>-<kind>.html``, another language ``<date>-<kind>.<code>.html``
    (``summary_path``). Raises ``ValueError`` for a language there is no catalog for.
    """
    wanted = list(languages) if languages else list(wb.partnership.languages)
    return [export_summary(wb, meeting_id, out_dir, pdf=pdf, today=today, edition=edition,
                           language=code) for code in dict.fromkeys(wanted)]
