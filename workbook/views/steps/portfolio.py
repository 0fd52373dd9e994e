"""Step 10, the portfolio: every partnership you can see, where each stands, sortable.

For a workforce board running several partnerships: one row per partnership with its
phase, last and next meeting, momentum warnings, open and overdue actions and health
trend (``workbook.analyses.portfolio``). Sort by any column; pick a partnership and press
Open to see its start page below, or open its notebooks with the environment variables
the row names. Nothing here changes a workbook.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Iterable
from pathlib import Path

import ipywidgets as w

from ...analyses.portfolio import SORT_KEYS, PortfolioRow, portfolio, sort_rows
from ...i18n import N_, _, format_date, format_number, ngettext
from ...store import Workbook
from ...store.postgres import DbTarget
from ..widgets.base import View
from ..widgets.pickers import set_options

__all__ = ["PortfolioView"]

TREND_WORDS = {"rising": N_("↑ rising"), "steady": N_("→ steady"), "falling": N_("↓ falling"),
               "": N_("no repeat checks yet")}


def _day(value: dt.date | None, none: str) -> str:
    return format_date(value, "medium") if value is not None else none


class PortfolioView(View):
    """Every partnership of ``targets`` in one sortable table; open one to see it below.

    ``targets``: workbook files and ``DbTarget`` partnerships (see
    ``workbook.analyses.portfolio.portfolio_targets``). ``today`` fixes the day (tests).
    """

    title = N_("Portfolio")
    undoable = False  # it shows many workbooks; each one's own start page has its Undo

    def __init__(self, targets: Iterable[Path | DbTarget], *,
                 today: dt.date | None = None) -> None:
        self.targets = list(targets)
        self.today = today or dt.date.today()
        self.rows: list[PortfolioRow] = []
        self.opened: Workbook | None = None
        self.opened_view: View | None = None
        super().__init__(None)  # type: ignore[arg-type]  # many workbooks, not one

    def build(self) -> w.Widget:
        self.sort_by = w.Dropdown(description=_("Sort by"),
                                  options=[(_(label), key) for key, (label,
                                                                     _k) in SORT_KEYS.items()],
                                  value="name")
        self.descending = w.Checkbox(description=_("Highest or latest first"), value=False)
        self.table = w.HTML()
        self.pick = w.Dropdown(description=_("Partnership"), options=[],
                               layout=w.Layout(width="40em"))
        self.open_button = w.Button(description=_("Open its start page"), icon="folder-open")
        self.below = w.VBox()
        self.observe(self.sort_by, lambda _change: self.render())
        self.observe(self.descending, lambda _change: self.render())
        self.on_click(self.open_button, self.open_picked)
        self.refresh()
        return w.VBox([
            w.HTML(_("<p>Every partnership you can see, where each stands today. Sort by a "
                   "column; open one to work on it below.</p>")),
            w.HBox([self.sort_by, self.descending]), self.table,
            w.HBox([self.pick, self.open_button]), self.below])

    def refresh(self) -> None:
        """Read every workbook again."""
        self.rows = portfolio(self.targets, today=self.today)
        self.render()

    def shown_rows(self) -> list[PortfolioRow]:
        """The rows in the order the table shows them."""
        return sort_rows(self.rows, self.sort_by.value, descending=self.descending.value)

    def render(self) -> None:
        rows = self.shown_rows()
        self.table.value = self._table_html(rows)
        set_options(self.pick, [(r.name, n) for n, r in enumerate(rows) if not r.problem])

    def _table_html(self, rows: list[PortfolioRow]) -> str:
        if not rows:
            return (_("<p>No partnerships to show. Set WORKBOOK_DB to a database (and be "
                    "granted access), or put workbook files in the data folder.</p>"))
        sorted_by = self.sort_by.value
        order = "descending" if self.descending.value else "ascending"
        heads = "".join(
            f'<th scope="col"{self._aria_sort(key, sorted_by, order)}>{html.escape(_(label))}</th>'
            for key, (label, _k) in SORT_KEYS.items())
        body = []
        for row in rows:
            name = html.escape(row.name)
            if row.problem:
                body.append(f'<tr><th scope="row">{name}</th>'
                            f'<td colspan="{len(SORT_KEYS) - 1}" class="pwb-error">✗ '
                            f"{html.escape(row.problem)}</td></tr>")
                continue
            warned = ("".join(f"<li>⚠ {html.escape(text)}</li>" for text in row.warnings)
                      if row.warnings else "")
            warnings = (f'<ul class="pwb-warn">{warned}</ul>' if warned else _("none"))
            trend = (_(TREND_WORDS[row.health_trend]) if row.health_trend in TREND_WORDS
                     else "")
            overdue = ' class="pwb-overdue"' if row.overdue_actions else ""
            change = (f" ({row.health_change:+d})" if row.health_change is not None else "")
            cells = [
                f'<th scope="row">{name}<br><small><code>{html.escape(row.where)}</code>'
                "</small></th>",
                f"<td>{html.escape(_(row.phase_title))}</td>",
                f"<td>{_day(row.last_meeting, 'none yet')}</td>",
                f"<td>{_day(row.next_meeting, 'none planned')}</td>",
                f"<td>{warnings}</td>",
                f"<td>{row.open_actions}</td>",
                f"<td{overdue}>{row.overdue_actions}</td>",
                f"<td>{html.escape(trend)}{change}</td>",
            ]
            body.append(f"<tr>{''.join(cells)}</tr>")
        caption = ngettext("{count} partnership", "{count} partnerships", len(rows)).format(
            count=format_number(len(rows)))
        return (f"<table><caption>{caption}</caption>"
                f"<thead><tr>{heads}</tr></thead><tbody>{''.join(body)}</tbody></table>")

    @staticmethod
    def _aria_sort(key: str, sorted_by: str, order: str) -> str:
        return f' aria-sort="{order}"' if key == sorted_by else ""

    def open_picked(self) -> None:
        """Open the picked partnership and show its start page below."""
        from .start import StartView

        if self.pick.value is None:
            self.status.error(_("Pick a partnership first."))
            return
        row = self.shown_rows()[self.pick.value]
        opened = self.run(lambda: Workbook.open(row.target),
                          done=lambda wb: _("Opened {name}.").format(name=row.name))
        if opened is None:
            return
        self._close_opened()
        self.opened = opened
        self.opened_view = StartView(opened)
        self.below.children = [self.opened_view.widget]

    def _close_opened(self) -> None:
        if self.opened_view is not None:
            self.opened_view.close()
            self.opened_view = None
        if self.opened is not None:
            self.opened.close()
            self.opened = None

    def close(self) -> None:
        self._close_opened()
        super().close()
