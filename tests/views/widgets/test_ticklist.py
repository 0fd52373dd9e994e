"""Tick lists and private turns: the two small widgets meeting mode is built from."""

from __future__ import annotations

import ipywidgets as w

from workbook.views.widgets.private_turn import PrivateTurn
from workbook.views.widgets.ticklist import TickList


def test_ticklist_keeps_ticks_of_options_that_stay():
    """New options keep the ticks of the values still offered and drop the others."""
    ticks = TickList("Agreed")
    ticks.set_options([("Ana", 1), ("Ben", 2), ("Cleo", 3)])
    ticks.value = [1, 3]
    ticks.set_options([("Ana", 1), ("Cleo", 3), ("Dev", 4)])
    assert ticks.value == (1, 3)
    assert [label for label, _ in ticks.options] == ["Ana", "Cleo", "Dev"]
    ticks.close()


def test_ticklist_tells_of_a_persons_tick_only():
    """``on_tick`` hears a tick made in the browser, not one set from Python."""
    heard = []
    ticks = TickList("Stood aside")
    ticks.set_options([("Ana", 1), ("Ben", 2)])
    ticks.on_tick = lambda value, ticked: heard.append((value, ticked))
    ticks.value = [1]
    ticks.tick(2)
    assert heard == []
    ticks.boxes[1].value = False  # as a click in the browser does
    assert heard == [(1, False)] and ticks.value == (2,)
    ticks.close()


def test_private_turn_covers_the_form_between_people():
    """Covered at first; Begin uncovers it; end covers it again; not private: always open."""
    form = w.VBox()
    turn = PrivateTurn(form)
    assert not turn.open and turn.cover.layout.display is None
    turn.begin_button.click()
    assert turn.open and turn.cover.layout.display == "none"
    turn.end()
    assert not turn.open
    turn.set_private(False)
    turn.end()
    assert turn.open
