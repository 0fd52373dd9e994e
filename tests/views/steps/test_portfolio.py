"""The portfolio view: every partnership in one sortable table, each opened from it."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from workbook.store.postgres import DbTarget
from workbook.testing import add_action, add_meeting, make_workbook
from workbook.views.steps.portfolio import PortfolioView
from workbook.views.widgets.base import plain_text

TODAY = dt.date(2026, 6, 15)
_n = itertools.count(1)


@pytest.fixture
def targets(tmp_path, pg_url):
    """Two files and one database partnership; one name is hostile markup."""
    calm = tmp_path / "calm.sqlite"
    with make_workbook(calm, working_title="Calm Coast Crafts") as wb:
        add_meeting(wb, held_on=dt.date(2026, 6, 1))
    loud = tmp_path / "loud.sqlite"
    with make_workbook(loud, working_title="<script>alert(1)</script> Loud") as wb:
        add_action(wb, due_on=dt.date(2026, 6, 1))
        add_action(wb, due_on=dt.date(2026, 6, 2))
    db = DbTarget(pg_url, f"portfolio-view-{next(_n)}")
    with make_workbook(db, working_title="Database Dairy") as wb:
        add_action(wb, due_on=dt.date(2026, 6, 3))
    return [calm, loud, db]


def _row_names(view: PortfolioView) -> list[str]:
    return [r.name for r in view.shown_rows()]


def test_portfolio_view_shows_every_partnership_escaped(targets):
    """One row each, with phase and actions; a typed name never becomes markup."""
    view = PortfolioView(targets, today=TODAY)
    assert _row_names(view)[0] == "<script>alert(1)</script> Loud"
    assert "<script>" not in view.table.value and "&lt;script&gt;" in view.table.value
    text = plain_text(view.table.value)
    assert "Calm Coast Crafts" in text and "Database Dairy" in text
    assert f"WORKBOOK_PARTNERSHIP={targets[2].slug}" in text
    assert 'aria-sort="ascending"' in view.table.value
    view.close()


def test_portfolio_view_sorts_when_asked(targets):
    """Choosing a column and highest-first reorders the table and the picker."""
    view = PortfolioView(targets, today=TODAY)
    view.sort_by.value = "overdue_actions"
    view.descending.value = True
    assert _row_names(view) == ["<script>alert(1)</script> Loud", "Database Dairy",
                                "Calm Coast Crafts"]
    assert view.pick.options[0][0].endswith("Loud")
    assert 'aria-sort="descending"' in view.table.value
    view.close()


def test_portfolio_view_opens_a_partnership_below(targets, live_widgets):
    """Open shows the picked partnership's start page; closing closes it and its workbook."""
    before = live_widgets()
    view = PortfolioView.show(targets)
    view.pick.value = next(n for label, n in view.pick.options if label == "Database Dairy")
    view.open_button.click()
    assert "Opened Database Dairy" in view.status.text
    assert view.opened is not None and view.opened.db == targets[2]
    assert "Database Dairy" in plain_text(view.opened_view.standing.value)
    view.close()
    assert view.opened is None
    assert live_widgets() == before


def test_portfolio_notebook_only_imports_builds_and_shows(notebook_cells):
    """notebooks/11_portfolio.ipynb: a title, then cells that import and show the view."""
    nb = notebook_cells("11_portfolio")
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    assert "targets = portfolio_targets_from_env()" in code
    assert "PortfolioView.show(targets)" in nb.cells[-1].source
    assert "\n" not in nb.cells[0].source.strip()  # a title: the guide is in the view


def test_start_view_of_a_database_partnership_names_it(pg_url):
    """The start page of a database partnership names it as the one the notebooks open."""
    from workbook.views.steps.start import StartView

    target = DbTarget(pg_url, f"start-page-{next(_n)}")
    with make_workbook(target) as wb:
        view = StartView(wb)
        text = plain_text(view.links.value)
        assert f"current partnership: partnership '{target.slug}'" in text
        view.close()
