"""The meeting summary: what one meeting decided, who came, and what follows from it.

Pick a meeting (the latest by default) and see the summary partners will receive: the
objective, who was at the table by partner type and organisation, decisions, what each
organisation brings and needs, actions agreed, carried over and overdue, and momentum.
The sections are the export's own (``workbook.export``), rendered from the stored data
with every typed text escaped, so the view and the exported file never disagree.
"""

from __future__ import annotations

import datetime as dt
import html
from typing import Any

import ipywidgets as w

from ...errors import WorkbookError
from ...export.records import EDITIONS
from ...i18n import N_, _, available_languages, current_language, format_date, language_name
from ...model import Comment, Meeting, current_meeting
from ..widgets.base import View
from ..widgets.editing import correction_panel
from ..widgets.momentum_out import momentum_html
from ..widgets.pickers import Quiet, meeting_options, set_options

__all__ = ["MeetingSummaryView", "summary_html"]


def summary_html(wb: Any, meeting_id: int | None = None, edition: str = "partners") -> str:
    """Every non-empty section of one meeting's summary as escaped HTML, as ``edition``
    (``"partners"`` or ``"facilitator"``) shows it."""
    from ...export.render import render_fragments
    from ...export.summary import build_summary

    summary = build_summary(wb, meeting_id, edition=edition)
    parts = [f'<section class="pwb-summary-{html.escape(f.key)}">{f.html}</section>'
             for f in render_fragments(summary)]
    if summary.momentum is None:
        parts.append('<section class="pwb-summary-momentum"><h2>'
                     f"{html.escape(_('Momentum'))}</h2>{momentum_html(wb)}</section>")
    return "".join(parts)


class MeetingSummaryView(View):
    """Pick a meeting and read its summary."""

    title = N_("Meeting summary")

    def build(self) -> w.Widget:
        self.quiet = Quiet()
        options = meeting_options(self.wb)
        self.meeting = w.Dropdown(description=_("Meeting"), options=options,
                                  style={"description_width": "11em"},
                                  layout=w.Layout(width="44em"))
        # The meeting held or last held, never an empty planned one ahead.
        held = current_meeting(self.wb.all(Meeting), dt.date.today())
        if held is not None:
            self.meeting.value = held.id
        self.reload_button = w.Button(description=_("Reload"), icon="refresh",
                                      tooltip=_("Read the meeting again from the workbook"))
        self.edition = w.ToggleButtons(
            description=_("Edition"),
            options=[(_(title), key) for key, title in EDITIONS.items()],
            value="partners", style={"description_width": "11em"},
            tooltips=[_("What partners receive: no notes, warnings or raw comments"),
                      _("Everything, for you: notes, momentum warnings and comments")])
        self.page = w.HTML()
        self.observe(self.meeting, self._picked)
        self.observe(self.edition, self._picked)
        self.on_click(self.reload_button, self.reload)
        self.export_button = w.Button(description=_("Export this edition"), icon="file-export",
                                      tooltip=_("Write this summary, in the edition shown, "
                                                "as an HTML file"))
        # The partners' language, not necessarily the facilitator's: the partnership's
        # main language (its first) until the facilitator picks another; one file each.
        self.language_picked = False
        self.export_language = w.Dropdown(
            options=[(language_name(c), c) for c in available_languages()],
            value=self.partners_language(), description=_("In"),
            style={"description_width": "3em"}, layout=w.Layout(width="14em"))
        self.observe(self.export_language, self._language_changed)
        self.on_click(self.export_button, self.export_summary)
        self.packet_button = w.Button(
            description=_("Write the meeting packet"), icon="folder-open",
            tooltip=_("Minutes in Word, calendar files, one e-mail draft per partner "
                    "organization and the tables, in one folder; nothing is sent"))
        self.on_click(self.packet_button, self.export_packet)
        # A comment sent with a typo, or one that should not be there: corrected or removed.
        self.comment_fix, self.comment_editor = correction_panel(
            self, Comment, ["author", "text", "shared"], self._comments,
            title=_("Correct, share or remove a comment"), picker_label=_("Comment"),
            labels={"shared": _("Share with partners (in the partners' summary)")},
            label=lambda c: _("the comment of {author}").format(
                author=c.author or _("nobody named")))
        self.draw()
        return w.VBox([w.HBox([self.meeting, self.reload_button]), self.edition,
                       w.HBox([self.export_language, self.export_button, self.packet_button]),
                       self.page, self.comment_fix])

    def _comments(self) -> list[tuple[str, Any]]:
        """Every comment, newest meeting first: "date, author: text"."""
        held = {m.id: m.held_on for m in self.wb.all(Meeting)}
        comments = sorted(self.wb.all(Comment), key=lambda c: (
            format_date(held[c.meeting_id], "medium") if c.meeting_id in held else "", c.id or 0),
            reverse=True)
        options = []
        for c in comments:
            text = " ".join(c.text.split())
            text = text if len(text) <= 60 else text[:59] + "…"
            day = (format_date(held[c.meeting_id], "medium") if c.meeting_id in held
                   else _("no meeting"))
            options.append((_("{date}, {author}: {text}").format(
                date=day, author=c.author or _("nobody named"), text=text), c.id))
        return options

    def export_summary(self) -> None:
        """Write the picked meeting's summary (``workbook.export``) and show the path."""
        from ...export import export_summary

        meeting_id = self.meeting.value
        if meeting_id is None:
            self.status.error(_("There is no meeting to export yet."))
            return
        edition = self.edition.value
        language = self.export_language.value
        path = self.run(lambda: export_summary(self.wb, meeting_id, edition=edition,
                                               language=language),
                        done=_("Summary written."))
        if path is not None:  # run() refreshes, which rewrites the status line: say it last
            self.status.ok(_("Summary written to {path}").format(path=path))
            self.show_file(path, _("Open the summary"))

    def meeting_shown(self) -> Meeting | None:
        """The meeting whose summary is shown (the picker's)."""
        picked = self.meeting.value
        return None if picked is None else next(iter(self.wb.all(Meeting, id=picked)), None)

    def export_packet(self) -> None:
        """Write the picked meeting's packet (``export.packet``) and show its folder."""
        from ...export.packet import export_packet

        meeting_id = self.meeting.value
        if meeting_id is None:
            self.status.error(_("There is no meeting to write a packet for yet."))
            return
        language = self.export_language.value
        packet = self.run(lambda: export_packet(self.wb, meeting_id, language=language),
                          done=_("Meeting packet written."))
        if packet is None:
            return
        message = _("Meeting packet written to {folder}: the minutes, {calendars} calendar " \
                  "files and {drafts} e-mail drafts to check and send yourself.").format(
                      folder=packet.folder, calendars=len(packet.calendars),
                      drafts=len(packet.drafts))
        if packet.without_address:
            message += _(" Nobody at {names} has an e-mail address yet.").format(
                names=", ".join(packet.without_address))
        self.status.ok(message)
        self.show_file(packet.minutes, _("Open the minutes"))

    def partners_language(self) -> str:
        """The language the summary and the packet are written in unless the facilitator
        picks another: the partnership's main language (the first it lists), else the
        facilitator's."""
        listed = [c for c in self.wb.partnership.languages if c in available_languages()]
        if listed:
            return listed[0]
        return current_language() if current_language() in available_languages() else "en"

    def _language_changed(self, _change: Any) -> None:
        if not self.quiet:
            self.language_picked = True

    def _picked(self, _change: Any) -> None:
        if not self.quiet:
            self.draw()
            self.update_context()

    def draw(self) -> None:
        """Render the picked meeting's summary (or say that there is no meeting yet)."""
        if self.meeting.value is None:
            self.page.value = "<p>" + html.escape(_(
                "No meeting yet: start one in the kickoff notebook, then come back for its "
                "summary.")) + "</p>"
            return
        try:
            self.page.value = summary_html(self.wb, self.meeting.value, self.edition.value)
        except WorkbookError as exc:  # the meeting was removed in another notebook
            self.status.error(str(exc))

    def refresh(self) -> None:
        with self.quiet:
            set_options(self.meeting, meeting_options(self.wb))
            if not self.language_picked:  # the partnership's languages may have changed
                self.export_language.value = self.partners_language()
        self.comment_editor.refresh_options()
        self.draw()

    def reload(self) -> None:
        """Read the meetings, the summary and the comments again."""
        self.refresh()
        self.status.ok(_("Summary read again from the workbook."))
