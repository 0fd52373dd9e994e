"""The status line: it says the whole message, on screen and on hover."""

from __future__ import annotations

import re

from workbook.views.widgets.base import Status


def test_status_line_carries_the_whole_message_as_its_hover_text():
    """A long message is in the line's title too, escaped, so a shortened line says it all."""
    status = Status()
    message = ("Added Draft the mentoring agreement with the college <and> the two employers "
               "who asked for it at the last meeting, due January 21, 2027.")
    status.ok(message)
    title = re.search(r'title="([^"]*)"', status.value)
    assert title is not None
    assert title.group(1) == message.replace("<", "&lt;").replace(">", "&gt;")
    assert status.text == f"✓ {message}"
    status.error("Short")
    assert 'title="Short"' in status.value
