"""A facilitator without a mouse: the kickoff view in JupyterLab works from the keyboard."""

from __future__ import annotations

from browser_kit import open_notebook, screenshot

from workbook import Meeting, Workbook

OBJECTIVE = "Agree the Saturday welding schedule by keyboard"

# What has the focus, described the way a keyboard user would hear it: the field's label
# (ipywidgets links each input to its description) or a button's text.
FOCUSED = """() => {
  const el = document.activeElement;
  if (!el) return '';
  if (el.tagName === 'BUTTON') return 'button:' + el.innerText.replace(/\\s+/g, ' ').trim();
  const label = el.labels && el.labels.length ? el.labels[0].innerText : '';
  return el.tagName.toLowerCase() + ':' + label.replace(/\\s+/g, ' ').trim();
}"""


def tab_to(page, wanted: str, limit: int = 25) -> None:
    """Press Tab until the focus is on ``wanted`` (see FOCUSED); fail after ``limit`` presses."""
    seen = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        seen.append(focused)
        if focused == wanted:
            return
    raise AssertionError(f"Tab never reached {wanted!r}; it went through {seen}")


def test_keyboard_kickoff_starts_a_meeting_without_the_mouse(lab_server, page):
    """Choosing "(start a new meeting)", typing the objective and pressing Enter on "Start the
    meeting", all from the keyboard, stores the new meeting."""
    view = open_notebook(page, lab_server, "01_kickoff.ipynb", "Kickoff: who is at the table")
    before = _meeting_count(lab_server)

    picker = view.get_by_label("Meeting", exact=True).first
    picker.focus()
    assert page.evaluate(FOCUSED) == "select:Meeting"
    page.keyboard.press("Home")  # the first option starts a new meeting
    # The kernel answers by emptying the form and naming the button for a new meeting.
    view.locator("button").filter(has_text="Start").filter(has_text="meeting").first.wait_for(
        timeout=15_000)
    assert view.get_by_label("Objective", exact=True).first.input_value() == ""

    tab_to(page, "textarea:Objective")
    page.keyboard.type(OBJECTIVE)
    tab_to(page, "button:Start the meeting")
    page.keyboard.press("Enter")
    view.locator("[role=status]").filter(has_text="✓").first.wait_for(timeout=30_000)
    screenshot(page, "facilitator-keyboard-kickoff")

    wb = Workbook.open(lab_server.workbook, daily_backup=False)
    try:
        stored = [m for m in wb.all(Meeting) if m.objective == OBJECTIVE]
        assert len(stored) == 1 and len(wb.all(Meeting)) == before + 1
    finally:
        wb.close()


def _meeting_count(server) -> int:
    wb = Workbook.open(server.workbook, daily_backup=False)
    try:
        return len(wb.all(Meeting))
    finally:
        wb.close()
