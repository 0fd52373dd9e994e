""""How to use this page": the notebooks' instructions, shown by each view in the
facilitator's language (a markdown cell cannot follow the language setting)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import nbformat
import pytest

from workbook import i18n
from workbook.views.widgets.base import plain_text
from workbook.views.widgets.how_to import HOW_TO, how_to_html

NOTEBOOKS = Path(__file__).resolve().parents[3] / "notebooks"


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    i18n.set_default_language(None)
    yield
    i18n.set_default_language(None)


def _step_notebooks() -> list[tuple[str, str]]:
    """(notebook stem, the view class its last cell shows) for every step notebook."""
    found = []
    for path in sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        shown = re.search(r"(\w+View)\.show\(", nb.cells[-1].source)
        assert shown, path.name
        found.append((path.stem, shown[1]))
    return found


@pytest.mark.parametrize(("stem", "view"), _step_notebooks())
def test_every_step_notebook_is_a_title_and_its_view_carries_the_instructions(stem, view):
    """The markdown cell is one line; the instructions are the view's, in the catalog."""
    nb = nbformat.read(NOTEBOOKS / f"{stem}.ipynb", as_version=4)
    markdown = [c.source.strip() for c in nb.cells if c.cell_type == "markdown"]
    assert len(markdown) == 1 and "\n" not in markdown[0], markdown
    if view == "MeetingView":  # the projected screen: no instructions take its room
        assert how_to_html(view) == ""
        return
    assert view in HOW_TO
    shown = how_to_html(view)
    assert shown.startswith('<details class="pwb-how-to"><summary>How to use this page')
    assert len(plain_text(shown)) > 120


def test_how_to_reads_in_spanish_when_the_facilitator_chose_it():
    """With Spanish chosen, the kickoff's instructions are Spanish, lists and all."""
    i18n.set_default_language("es")
    shown = plain_text(how_to_html("KickoffView"))
    assert shown.startswith("Cómo usar esta página")
    assert "reunión" in shown and "What to do" not in shown and "meeting" not in shown
    assert how_to_html("KickoffView").count("<li>") == 4


def test_how_to_is_empty_for_a_view_without_instructions():
    assert how_to_html("NoSuchView") == ""


def test_a_view_shows_its_instructions_under_its_title(wb):
    """The view header: title, the partnership and meeting, then the folded instructions."""
    from workbook.views.steps.actions import ActionPlanView

    view = ActionPlanView(wb)
    try:
        assert view.widget.children[3] is view.how_to
        assert "OVERDUE" in view.how_to.value
    finally:
        view.close()
