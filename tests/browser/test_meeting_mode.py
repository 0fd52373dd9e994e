"""The second meeting, run in meeting mode (Voila inside the lab) at 1366x768, click by click.

The scenario of issue 22: attendance for 10, brings and needs for 3 partners, a 3-voter
name vote, a why-tree of two levels with a solution, 3 actions, a decision with stances,
the evaluation by 3 people, the next meeting planned. Every click (a button, a tick, a
choice in a list, a page of the why-tree) and every typed field is counted; the total must
stay at or under 150 clicks (470 in the notebooks before). Each activity is photographed
at 1366x768 (tests/.artifacts/screenshots/meeting-*.png), with the countdown in view, no
code, menu bar or tab bar of the lab, and its main action on screen without scrolling.
"""

from __future__ import annotations

import datetime as dt
import json
import re

from browser_kit import SCREENSHOTS, TAKEN, in_viewport
from playwright.sync_api import expect

from workbook import Workbook
from workbook.model import ActionItem, EvaluationAnswer, Meeting, Problem

PROJECTOR = {"width": 1366, "height": 768}
OBJECTIVE = "Second meeting: agree the welding pilot"
MAX_CLICKS = 150


class Room:
    """The page, with a count of the clicks and typed fields a facilitator makes."""

    def __init__(self, page) -> None:
        self.page = page
        self.clicks = 0
        self.typed = 0
        self.stage = page.locator(".pwb-meeting-stage")

    def click(self, text: str, *, scope=None) -> None:
        pattern = re.compile(r"^\s*" + r"[\s\xa0]+".join(map(re.escape, text.split()))
                             + r"\s*$")
        button = (scope or self.page).locator("button:visible").filter(has_text=pattern).first
        button.click()
        self.clicks += 1
        self.page.wait_for_timeout(350)

    def tick(self, box) -> None:
        box.click()
        self.clicks += 1
        self.page.wait_for_timeout(250)

    def pick(self, label: str, *, option: str | None = None, index: int | None = None,
             nth: int = 0) -> None:
        field = self.stage.get_by_label(label, exact=True).nth(nth)
        if option is not None:
            field.select_option(label=option)
        else:
            field.select_option(index=index)
        self.clicks += 1
        self.page.wait_for_timeout(700)  # the kernel fills the form for the choice

    def type(self, label: str, text: str, *, nth: int = 0) -> None:
        field = self.stage.get_by_label(label, exact=True).nth(nth)
        field.fill(text)
        field.press("Tab")
        self.typed += 1
        self.page.wait_for_timeout(150)

    def said(self, text: str, timeout: float = 30_000) -> str:
        line = self.page.locator(".pwb-meeting p:visible").filter(has_text=text).first
        try:
            line.wait_for(timeout=timeout)
        except Exception:
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            self.page.screenshot(path=str(SCREENSHOTS / "meeting-failure.png"), full_page=True)
            raise
        return line.inner_text()

    def item(self, title: str) -> None:
        """Wait until the item ``title`` is on screen; check and photograph it."""
        self.page.locator(".pwb-meeting-item h3").filter(has_text=title).wait_for(
            timeout=60_000)
        self.page.wait_for_timeout(800)


SCROLL_TO_BOTTOM = """() => {
  // The element that scrolls the page: the window, or the box Voila scrolls in.
  const boxes = [document.scrollingElement, ...document.querySelectorAll('div, main, body')]
    .filter(e => e && e.scrollHeight > e.clientHeight + 20
            && (e === document.scrollingElement
                || ['auto', 'scroll'].includes(getComputedStyle(e).overflowY)));
  boxes.sort((a, b) => b.scrollHeight - a.scrollHeight);
  const box = boxes[0];
  if (!box) return null;
  box.scrollTop = box.scrollHeight;
  return [box.tagName, box.id, box.className, box.scrollTop];
}"""


def _top(page) -> None:
    page.evaluate("""() => { window.scrollTo(0, 0); document.querySelectorAll('*')
        .forEach(e => { if (e.scrollTop) e.scrollTop = 0; }); }""")
    page.wait_for_timeout(200)


def _check_screen(room: Room, name: str, main_action: str) -> None:
    """No lab chrome, the countdown in view, the main action on screen; a screenshot."""
    page = room.page
    _top(page)
    assert page.locator(".jp-InputArea-editor:visible, .cm-editor:visible, .jp-MenuBar, "
                        "#jp-top-panel, .lm-DockPanel-tabBar").count() == 0
    assert in_viewport(page, page.locator(".pwb-countdown").first), name
    pattern = re.compile(r"^\s*" + r"[\s\xa0]+".join(map(re.escape, main_action.split()))
                         + r"\s*$")
    action = page.locator("button:visible").filter(has_text=pattern).first
    assert in_viewport(page, action), (name, main_action, action.bounding_box())
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    target = SCREENSHOTS / f"meeting-{name}.png"
    page.screenshot(path=str(target))
    TAKEN.append(target)
    # Scrolled down to the bottom of the activity, the countdown is still there.
    scrolled = page.evaluate(SCROLL_TO_BOTTOM)
    page.wait_for_timeout(300)
    page.screenshot(path=str(SCREENSHOTS / f"meeting-{name}-scrolled.png"))
    countdown = page.locator(".pwb-countdown").first
    assert in_viewport(page, countdown), (name, "scrolled", scrolled,
                                          countdown.bounding_box())
    _top(page)


def test_meeting_mode_runs_the_second_meeting_in_at_most_150_clicks(lab_server, browser):
    """The whole second meeting in meeting mode, on one screen: every activity's result
    reaches the workbook, in no more than 150 clicks."""
    wb = Workbook.open(lab_server.workbook, daily_backup=False)
    try:
        wb.add(Meeting(held_on=dt.date.today(), kind_of="regular", objective=OBJECTIVE))
    finally:
        wb.close()
    context = browser.new_context(viewport=PROJECTOR)
    page = context.new_page()
    try:
        page.goto(f"{lab_server.url}/voila/render/notebooks/12_meeting.ipynb"
                  f"?token={lab_server.token}")
        room = Room(page)
        page.get_by_text("Use the standard agenda").first.wait_for(timeout=120_000)
        page.wait_for_timeout(1500)
        room.click("Use the standard agenda")
        room.item("1. Welcome and introductions")
        room.click("Start")

        # 1. Attendance for 10.
        _check_screen(room, "1-attendance", "Next item")
        boxes = room.stage.locator(".pwb-att-group input[type=checkbox]")
        for n in range(10):
            room.tick(boxes.nth(n))
        room.said("10 marked present")

        # 2. What three partners bring and need.
        room.click("Next item")
        room.item("2. What each partner brings and needs")
        _check_screen(room, "2-brings-needs", "Save brings and needs")
        for n in range(3):
            room.pick("Organization", index=n + 1)
            room.type("What it brings", f"Shop floor time, partner {n + 1}")
            room.type("What it needs", f"Entry-level welders, partner {n + 1}")
            room.click("Save brings and needs")
            room.said("Saved")
            room.page.wait_for_timeout(300)

        # 3. A name vote with three voters.
        room.click("Next item")
        room.item("3. Name vote")
        _check_screen(room, "3-name-vote", "Open the vote")
        room.type("Proposed name", "Kestrel Valley Works")
        room.click("Add the candidate")
        room.said("Added the candidate")
        room.click("Open the vote")
        room.said("The vote is open")
        for _ in range(3):
            room.click("Begin my ballot (the screen is mine)")
            room.type("Kestrel Valley Works", "2")
            room.click("Record this ballot")
            room.said("ballot recorded")
        room.click("Close the vote and show results")
        room.click("Yes, close the vote")
        room.said("The vote is closed")
        room.type("Why this name", "Three of three voters put dots on it")
        room.click("Choose this name")
        room.said("now called")

        # 4. The why-tree: a problem, two levels of causes, a solution.
        room.click("Next item")
        room.item("4. Why does the problem happen?")
        room.pick("Problem", option="(state a new problem)")
        _check_screen(room, "4-why-tree", "Add problem")
        room.type("Statement", "New welders leave within six months")
        room.click("Add problem")
        room.said("Added New welders")
        room.tick(room.stage.get_by_role("tab", name="2. Why?"))
        room.type("Because…", "Nobody mentors them on the floor")
        room.click("Add cause")
        room.said("Added Nobody mentors")
        room.click("Ask why about this cause")
        room.type("Because…", "Supervisors have no time set aside for it")
        room.click("Add cause")
        room.said("Added Supervisors")
        room.click("Mark as root cause")
        room.said("root cause")
        room.tick(room.stage.get_by_role("tab", name="3. Solutions"))
        room.pick("For cause", index=2)
        room.type("Description", "Two paid mentoring hours a week per new hire")
        room.click("Add solution")
        room.said("Added Two paid")

        # 5. The resource review: looked at, nothing to change.
        room.click("Next item")
        room.item("5. Resource review")
        _check_screen(room, "5-resources", "Next item")

        # 6. Three actions.
        room.click("Next item")
        room.item("6. Actions")
        _check_screen(room, "6-actions", "Add action")
        for n, what in enumerate(("Draft the mentoring agreement", "Book the college bays",
                                  "Send the pilot budget")):
            room.type("Action", what, nth=1)
            room.pick("Who", index=n + 1)
            room.click("Add action")
            room.said(f"Added {what}")
            # The form empties itself after the confirmation: type the next one after that.
            expect(room.stage.get_by_label("Action", exact=True).nth(1)).to_have_value("")

        # 7. A decision: everyone present agreed, one unticked.
        room.click("Next item")
        room.item("7. Decision")
        _check_screen(room, "7-decision", "Record the decision")
        room.type("Decision", "Run the mentoring pilot from March")
        room.click("Everyone present agreed")
        room.said("ticked as agreeing")
        room.tick(room.stage.locator(".pwb-ticklist").first.locator("input[type=checkbox]").first)
        room.click("Record the decision")
        room.said("Decision recorded")

        # 8. The evaluation, three people, one at a time; then the results.
        room.click("Next item")
        room.item("8. Evaluation")
        _check_screen(room, "8-evaluation", "Begin my answer (the screen is yours)")
        for score in ("4: Agree", "5: Strongly agree", "4: Agree"):
            room.click("Begin my answer (the screen is yours)")
            room.pick("We met the objective we set for this meeting.", option=score)
            room.pick("Our time together was well used.", option=score)
            room.click("Hand in (anonymous)")
            room.said("Thank you")
        room.click("Show the results to the room")
        room.said("The results are on the screen")

        # 9. The next meeting.
        room.click("Next item")
        room.item("9. Plan the next meeting")
        # The demo has its next meeting planned already: the room corrects it.
        _check_screen(room, "9-next-meeting", "Save the next meeting")
        room.type("Objective", "Review the first month of the mentoring pilot")
        room.click("Save the next meeting")
        room.said("Saved the meeting of")
    finally:
        context.close()

    figures = {"clicks": room.clicks, "typed_fields": room.typed}
    (SCREENSHOTS.parent / "meeting-mode-clicks.json").write_text(json.dumps(figures))
    print("meeting mode:", json.dumps(figures))
    assert room.clicks <= MAX_CLICKS, figures

    wb = Workbook.open(lab_server.workbook, daily_backup=False)
    try:
        meeting = next(m for m in wb.all(Meeting) if m.objective == OBJECTIVE)
        assert len(wb.attendees(meeting.id)) == 10
        assert len([i for i in wb.agenda_items(meeting.id) if i.spent_seconds is not None]) >= 8
        assert wb.partnership.name == "Kestrel Valley Works"
        assert any(p.statement.startswith("New welders") for p in wb.all(Problem))
        assert len(wb.all(ActionItem, meeting_id=meeting.id)) == 3
        decision = wb.decisions(meeting.id)[0]
        assert len(wb.stances(decision.id)["agreed"]) == 9
        assert wb.count(EvaluationAnswer, meeting_id=meeting.id) == 3
        assert any(m.objective.startswith("Review the first month") for m in wb.all(Meeting))
    finally:
        wb.close()
