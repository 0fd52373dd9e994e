"""Helpers for chart tests: read what a figure shows without looking at pixels."""

from __future__ import annotations

import matplotlib.text
import pytest


def _texts(figure, gid: str | None = None) -> list[matplotlib.text.Text]:
    figure.canvas.draw()
    return [t for t in figure.findobj(matplotlib.text.Text)
            if t.get_visible() and t.get_text().strip()
            and (gid is None or t.get_gid() == gid)]


@pytest.fixture
def texts():
    """``texts(figure, gid=None)``: every visible, non-empty text artist after a draw."""
    return _texts


@pytest.fixture
def shown():
    """``shown(chart, gid=None)``: the strings a chart displays, as the reader sees them."""
    def read(chart, gid: str | None = None) -> list[str]:
        return [t.get_text().replace(r"\$", "$") for t in _texts(chart.figure, gid)]
    return read
