"""The pseudo-locale test: every catalog string rendered as ``⟦string⟧``; nothing a person
reads in the summary or the participant app may stand outside the markers, except what
people typed (taken from the workbook) and the language menu's own names."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import ipywidgets as w
import pytest

from workbook import Workbook, i18n
from workbook.export.publish import render_summary
from workbook.testing.pseudo import (
    english_left,
    html_text,
    strict_markers,
    typed_texts,
    unwrapped,
    where,
)


@pytest.fixture
def demo(demo_path: Path) -> Iterator[Workbook]:
    wb = Workbook.open(demo_path, daily_backup=False)
    yield wb
    wb.close()


@pytest.fixture
def pseudo() -> Iterator[None]:
    i18n.set_default_language(i18n.PSEUDO)
    yield
    i18n.set_default_language(None)


def test_pseudo_checker_finds_an_unwrapped_word():
    """The checker itself: nested markers are peeled, a stray English word is reported."""
    assert unwrapped("⟦a ⟦b⟧ c⟧ d") .split() == ["d"]
    assert english_left("⟦Who was there⟧ Rosa Q said hello", ["Rosa Q"]) == ["hello", "said"]
    assert english_left(html_text('<p aria-label="Close">⟦x⟧</p>')) == ["Close"]


def test_pseudo_strict_markers_leave_placeholders_outside(pseudo):
    """Strict markers: English handed into a placeholder is caught, a marked piece is not;
    literal braces stay literal."""
    sentence = i18n._("Current phase: {title}.")
    assert english_left(sentence.format(title="Stewarding")) == []  # the whole is marked
    with strict_markers():
        assert english_left(i18n._("Current phase: {title}.").format(
            title="Stewarding")) == ["Stewarding"]
        assert english_left(i18n._("Current phase: {title}.").format(
            title=i18n._("Stewarding"))) == []
        assert i18n._("{{braces}} {n}").format(n=1) == "⟦{braces} ⟧1"
    assert i18n._("{n} left").format(n=2) == "⟦2 left⟧"


def test_pseudo_summary_has_no_unwrapped_english(demo):
    """The demo's latest summary, every section: only catalog strings and typed text.

    Charts are left out here: their titles and alt text are not in the catalog yet."""
    with strict_markers():  # English handed into a placeholder shows too
        rendered = render_summary(demo, charts=False, language=i18n.PSEUDO)
    text = html_text(rendered.html.split("<body>", 1)[1])
    left = english_left(text, typed_texts(demo))
    assert left == [], where(text, left)
    assert '<html lang="x-pseudo">' in rendered.html


def _shown(widget: w.Widget) -> Iterator[str]:
    """What a person reads of a widget tree: HTML, labels, buttons, options, tips."""
    if isinstance(widget, w.HTML | w.HTMLMath | w.Label):
        yield html_text(widget.value)
    if isinstance(widget, w.Button):
        yield widget.description
        yield widget.tooltip or ""
    elif isinstance(widget, w.DOMWidget) and hasattr(widget, "description"):
        yield widget.description or ""
    if hasattr(widget, "placeholder") and isinstance(widget.placeholder, str) \
            and widget.placeholder != "\u200b":
        yield widget.placeholder
    if isinstance(widget, w.Dropdown):
        yield from (str(label) for label, _value in widget.options)
    for child in getattr(widget, "children", ()):
        yield from _shown(child)


def test_pseudo_participant_app_has_no_unwrapped_english(demo, pseudo, tmp_path):
    """The participant app as it opens (vote open, readings, evaluation): all from the
    catalog but the typed text and the language menu's names."""
    from workbook.views.participant.app import ParticipantView

    demo.open_vote(dots_per_participant=3, anonymous=True)
    view = ParticipantView(demo, query="visitor=" + "d" * 32, folder=tmp_path)
    try:
        text = "\n".join(_shown(view.widget))
        left = english_left(text, typed_texts(demo))
        assert left == [], where(text, left)
        assert "⟦" in text
    finally:
        view.close()


def _everything_shown(widget: w.Widget) -> Iterator[str]:
    """All a person can read of a widget tree, hidden tabs and closed sections included:
    what ``_shown`` reads and every tooltip, plus tab and accordion titles and every
    chooser's options. Charts (their titles and alt text come from ``workbook.charts``) are
    checked on their own."""
    for node in _walk(widget):
        if isinstance(node, w.HTML | w.HTMLMath | w.Label):
            yield html_text(re.sub(r"(?s)<figure>.*?</figure>", " ", node.value))
        if isinstance(node, w.Button):
            yield node.description
            yield node.tooltip or ""
        elif isinstance(node, w.DOMWidget) and hasattr(node, "description"):
            yield node.description or ""
        if hasattr(node, "placeholder") and isinstance(node.placeholder, str) \
                and node.placeholder != "\u200b":
            yield node.placeholder
        if getattr(node, "tooltip", None) and not isinstance(node, w.Button):
            yield str(node.tooltip)
        yield from (str(t) for t in (getattr(node, "titles", None) or ()))
        if isinstance(node, w.widgets.widget_selection._Selection):
            yield from (str(label) for label, _value in node._options_full)


def _walk(widget: w.Widget) -> Iterator[w.Widget]:
    yield widget
    for child in getattr(widget, "children", ()):
        yield from _walk(child)


def _step_views() -> list[tuple[str, object]]:
    from workbook.views.steps import (
        actions,
        contributions,
        kickoff,
        lifecycle,
        meeting,
        naming,
        outcomes,
        partners,
        portfolio,
        problems,
        resource_map,
        start,
        summary,
    )
    return [
        ("start", start.StartView), ("kickoff", kickoff.KickoffView),
        ("naming", naming.NamingView), ("resource_map", resource_map.ResourceMapView),
        ("problems", problems.ProblemFramingView), ("partners", partners.PartnersView),
        ("actions", actions.ActionPlanView), ("lifecycle", lifecycle.LifecycleView),
        ("summary", summary.MeetingSummaryView),
        ("contributions", contributions.ContributionsView),
        ("outcomes", outcomes.OutcomesView), ("portfolio", portfolio.PortfolioView),
        ("meeting", meeting.MeetingView),
    ]


STEP_VIEWS = [name for name, _cls in _step_views()]


@pytest.mark.parametrize("name", STEP_VIEWS)
def test_pseudo_step_view_has_no_unwrapped_english(demo, demo_path, pseudo, name, tmp_path,
                                                   monkeypatch):
    """Every step view as it opens on the demo, its closed tabs and sections included: only
    catalog strings, what people typed and the names of files and the partnership."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    cls = dict(_step_views())[name]
    # Placeholders outside the markers: English handed into a sentence shows too.
    with strict_markers():
        if name == "portfolio":
            view = cls([demo_path])
        elif name == "start":
            view = cls(demo, root=tmp_path)
        else:
            view = cls(demo)
    try:
        text = "\n".join(_everything_shown(view.widget))
        files = [f"WORKBOOK={demo_path}", str(demo_path.resolve()), str(demo_path),
                 demo_path.name, demo_path.stem]  # where the workbook is: a name, not English
        left = english_left(text, typed_texts(demo, files))
        assert left == [], where(text, left)
        assert "⟦" in text
    finally:
        view.close()


def _packet_texts(packet) -> dict[str, str]:
    """What partners read in each file of the packet: the minutes' paragraphs and table
    cells, each calendar's event titles and descriptions, each draft's subject and body,
    each sheet's title and header row."""
    import email
    import email.policy

    import docx
    import icalendar
    from openpyxl import load_workbook

    texts: dict[str, str] = {}
    document = docx.Document(str(packet.minutes))
    texts["minutes.docx"] = "\n".join(
        [p.text for p in document.paragraphs]
        + [c.text for t in document.tables for r in t.rows for c in r.cells]
        + [document.core_properties.subject])
    for path in packet.calendars:
        calendar = icalendar.Calendar.from_ical(path.read_bytes())
        texts[path.name] = "\n".join(str(e.get(k, "")) for e in calendar.walk("VEVENT")
                                     for k in ("SUMMARY", "DESCRIPTION"))
    for path in packet.drafts:
        message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        texts[path.name] = "\n".join(
            [str(message["Subject"]),
             message.get_body(preferencelist=("plain",)).get_content()])
    book = load_workbook(packet.tables / "tables.xlsx", read_only=True)
    texts["tables.xlsx"] = "\n".join(
        [name for name in book.sheetnames]
        + [str(v) for sheet in book.worksheets
           for row in sheet.iter_rows(max_row=1, values_only=True) for v in row if v])
    book.close()
    return texts


def test_pseudo_packet_has_no_unwrapped_english(demo, pseudo, tmp_path):
    """The meeting packet (minutes, calendars, follow-up drafts, readable tables' sheet
    titles and headers) in the pseudo language: only catalog strings and typed text."""
    import datetime as dt

    from workbook.export.packet import export_packet
    from workbook.testing import add_meeting

    latest = demo.latest_meeting()
    add_meeting(demo, held_on=latest.held_on + dt.timedelta(days=28),
                objective="Choose the second cohort's trades", location="Harrowgate")
    packet = export_packet(demo, out_dir=tmp_path, charts=False, language=i18n.PSEUDO)
    typed = typed_texts(demo, [demo.partnership.name])
    for name, text in _packet_texts(packet).items():
        left = english_left(text, typed)
        assert left == [], (name, where(text, left))


class _Room:
    """A chart of the room views, in the shape of a summary's chart plan."""

    def __init__(self, section, draw):
        self.section, self.inputs = section, None
        self.draw = lambda _inputs: draw()


def test_pseudo_charts_have_no_unwrapped_english(demo, pseudo):
    """The summary's charts (dot vote, coverage, momentum, outcomes' progress) and the
    room's (capacity, health, timeline, cause tree): their titles, axis labels, legends,
    tick labels and alt texts all come from the catalog."""
    from workbook import charts
    from workbook.charts import to_svg
    from workbook.export import build_summary
    from workbook.export.figures import _plans
    from workbook.model import Organisation, Problem

    summary = build_summary(demo, edition="partners")
    # The heatmap's rows are the nineteen competencies' names: from the catalog too.
    candidates = [("Lakeshore Makers", 5), ("Valley Works", 3)]
    typed = typed_texts(demo, [name for name, _dots in candidates])
    drawn = 0
    partner = next(o for o in demo.all(Organisation)
                   if charts.health_trend_chart(demo, o.id) is not None)
    room = [("capacity", lambda: charts.capacity_heatmap(demo)),
            ("health", lambda: charts.health_trend_chart(demo)),
            ("health of one", lambda: charts.health_trend_chart(demo, partner.id)),
            ("timeline", lambda: charts.lifecycle_timeline(demo)),
            ("tree", lambda: charts.cause_tree_chart(demo, demo.all(Problem)[0].id)),
            ("votes", lambda: charts.vote_results(candidates))]
    for plan in [*_plans(demo, summary), *(_Room(name, draw) for name, draw in room)]:
        chart = plan.draw(plan.inputs)
        if chart is None:
            continue
        drawn += 1
        svg = to_svg(chart)
        chart.figure.clear()
        # What the picture itself says: its text elements (matplotlib keeps text as text).
        pictured = html_text(" ".join(re.findall(r"(?s)<text\b.*?</text>", svg)))
        assert pictured.strip(), plan.section
        for text in (chart.title, chart.alt_text):
            left = english_left(text, typed)
            assert left == [], (plan.section, where(text, left))
        # Typed text is wrapped over lines (and cut short) in the picture: a word that is
        # part of a typed text is typed.
        left = [w for w in english_left(pictured, typed) if not any(w in t for t in typed)]
        assert left == [], (plan.section, where(pictured, left))
    assert drawn >= 9
