"""Tables and typed text in views: escaped, and isolated so they cannot reorder a page."""

from __future__ import annotations

from workbook.views.widgets.tables import html_table, typed


def test_html_table_isolates_typed_text_from_its_neighbours():
    """A right-to-left override typed in a cell stays inside that cell's <bdi>."""
    table = html_table(["Sector", "Region"], [("Manufacturing\u202e", "Harbour County")])
    assert "<td><bdi>Manufacturing\u202e</bdi></td><td><bdi>Harbour County</bdi></td>" in table


def test_typed_isolates_escapes_and_keeps_line_breaks():
    """``typed`` escapes markup, wraps the text in <bdi> and turns line breaks into <br>."""
    assert typed("<b>\u202eA</b>\nB") == "<bdi>&lt;b&gt;\u202eA&lt;/b&gt;<br>B</bdi>"
