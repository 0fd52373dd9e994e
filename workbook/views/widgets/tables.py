"""Plain HTML tables for views: a header row a screen reader can follow, every cell escaped.

Participant text goes into these tables, so nothing is ever inserted unescaped; a row may
carry a CSS class (``pwb-overdue``) but its meaning is always also said in words. Each
cell's text stands in ``<bdi>`` (see ``typed``), so a direction control typed in one value
never reorders the cells or words around it.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Iterable, Sequence
from typing import Any

from ...i18n import _, format_date, format_datetime, format_number, ngettext

__all__ = ["cell_text", "html_table", "typed"]


def cell_text(value: Any) -> str:
    """How one value reads in a cell: dates as "Jan 21, 2027" (in the current language),
    lists one per line, None as blank."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return format_datetime(value)
    if isinstance(value, dt.date):
        return format_date(value, "medium")
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, (tuple, list)):
        return "\n".join(cell_text(v) for v in value)
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return str(value)


def typed(value: Any) -> str:
    """Text someone typed, as HTML: escaped and isolated in ``<bdi>``.

    ``<bdi>`` takes its direction from its own first strong letter and keeps its content
    from reordering what stands around it (a right-to-left override typed in a sector does
    not reverse the next field). Line breaks become ``<br>``.
    """
    return f"<bdi>{html.escape(cell_text(value))}</bdi>".replace("\n", "<br>")


def _cell(value: Any) -> str:
    if isinstance(value, str | tuple | list) and value:
        return typed(value)
    return html.escape(cell_text(value))  # numbers, dates, yes/no: nothing to isolate


def html_table(headers: Sequence[str], rows: Iterable[Sequence[Any]], *,
               caption: str = "", empty: str | None = None,
               row_classes: Sequence[str] | None = None, limit: int | None = None,
               more: str | None = None) -> str:
    """An escaped HTML table; ``empty`` is said instead when there are no rows.

    With ``limit``, only the first rows are drawn and the rest are counted beneath,
    followed by ``more`` (how to see the others).
    """
    rows = list(rows)
    if not rows:
        return f"<p>{html.escape(_('Nothing here yet.') if empty is None else empty)}</p>"
    shown = rows if limit is None else rows[:limit]
    parts = ["<table>"]
    if caption:
        parts.append(f"<caption>{html.escape(caption)}</caption>")
    parts.append("<thead><tr>" + "".join(f'<th scope="col">{html.escape(h)}</th>'
                                        for h in headers) + "</tr></thead><tbody>")
    for index, row in enumerate(shown):
        css = row_classes[index] if row_classes and index < len(row_classes) else ""
        attr = f' class="{html.escape(css)}"' if css else ""
        parts.append(f"<tr{attr}>" + "".join(f"<td>{_cell(v)}</td>" for v in row) + "</tr>")
    parts.append("</tbody></table>")
    if len(shown) < len(rows):
        parts.append("<p>" + html.escape(ngettext(
            "Showing {shown} of {count} row; {more}", "Showing {shown} of {count} rows; {more}",
            len(rows)).format(shown=format_number(len(shown)), count=format_number(len(rows)),
                              more=more or _("narrow the filter to see the others.")))
            + "</p>")
    return "".join(parts)
