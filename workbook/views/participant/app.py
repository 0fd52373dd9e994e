"""The participant app: see where the partnership stands, add to it, send the file back.

Served by Voila from a Binder link (and usable in JupyterLab). The workbook is only read:
everything the participant adds goes into their ``Draft`` (checked by the model at once,
kept in a temporary file so a reloaded page finds it) and leaves as a contribution file
they download and send to the facilitator. The page says so once, under its header.

It reads like the live room's phone pages: a short header (partnership, meeting), one
activity a screen (``screens.Screens``, the plain-Python model of where the participant
is), a chooser above it and Back / Next below it. The meeting is the one being held
(``screens.aimed_meeting``), never a planned one.
"""

from __future__ import annotations

import datetime as dt
import html
from pathlib import Path
from typing import Any

import ipywidgets as w

from ... import reference
from ...i18n import (
    N_,
    _,
    available_languages,
    current_language,
    language_name,
    ngettext,
    set_default_language,
)
from ...model import Meeting, Organisation, Outcome
from ...participant.binder import session_url
from ...participant.draft import Draft
from ...participant.items import describe
from ...participant.language import (
    language_from_query,
    remember_language,
    remembered_language,
)
from ...participant.session import (
    meeting_from_query,
    open_read_only,
    participant_workbook_path,
    visitor_from_query,
)
from ...store import Workbook
from ..widgets.base import Status, View, close_tree, heading, note
from ..widgets.forms import EntityForm
from ..widgets.links import link_html
from ..widgets.session import _project_root, _quiet_workbook_errors
from ..widgets.tables import html_table, typed
from .evaluation_section import EvaluationSection
from .navigation import ScreenNavigator
from .readings import ReadingSection
from .screens import Screens, aimed_meeting, offered
from .sections import (
    NamingSection,
    ProblemSection,
    ResourceSection,
    fold_fields,
    offer,
    open_fold_on_error,
)
from .state import (
    candidates_html,
    meeting_html,
    partnership_html,
    problems_html,
    resources_html,
    vote_status_html,
)

__all__ = ["ParticipantView", "open_for_participant"]

PHONE_CSS = Path(__file__).resolve().parents[1] / "widgets" / "static" / "participant.css"
LABEL = {"description_width": "11em"}
WIDE = "38em"
NEW_ORG = "\x00new"  # dropdown value for "a new organization" (no stored name can hold it)

SEND_BACK = N_("Nothing you enter here reaches the facilitator by itself. When you are done, "
               "make your contribution file on the last screen, “Send it back”, download it "
               "and send it to the facilitator (e-mail or chat). This session closes after "
               "about ten idle minutes; your draft is kept only while it lasts.")

PROFILE_LABELS = {"brings": N_("What it brings"), "needs": N_("What it needs"),
                  "mission": N_("Mission"), "competencies": N_("Core competencies"),
                  "decision_making": N_("How it decides"),
                  "financing": N_("How it is financed"), "culture": N_("Culture"),
                  "website": N_("Website")}


PROFILE_MORE = ["competencies", "decision_making", "financing", "culture", "website"]
"""Profile questions behind a fold: what it brings and needs, and its mission, come first."""


def open_for_participant(cwd: Path | None = None) -> Workbook:
    """The meeting repository's workbook, read-only: ``$WORKBOOK``, ``data/meeting.sqlite``
    or the demo. A refusal shows as one plain sentence, never a traceback."""
    _quiet_workbook_errors()
    root = _project_root((cwd or Path.cwd()).resolve())
    return open_read_only(participant_workbook_path(root))


def _folded(summary: str, body: str) -> str:
    """``body`` behind a line that opens it (``<details>``): read on demand, so a screen
    stays about one phone screen long."""
    return (f'<details class="pwb-fold"><summary>{html.escape(summary)}</summary>'
            f"{body}</details>")


def _box(text: str, css: str = "pwb-warn") -> w.HTML:
    return w.HTML(f'<p class="{css}" role="note">{html.escape(text)}</p>')


class ParticipantView(View):
    """One remote participant's page; ``query`` is the page's query string (``?meeting=4``)."""

    title = N_("Join the partnership's work from afar")
    undoable = False  # the workbook is only read here

    def __init__(self, wb: Workbook, *, query: str | None = None,
                 folder: Path | None = None) -> None:
        self._query = query
        self._folder = folder
        self._kept: Draft | None = None  # the draft a rebuild in another language keeps
        visitor = visitor_from_query(query)
        from ...participant.draft import draft_folder

        chosen = (language_from_query(query)
                  or remembered_language(folder or draft_folder(), visitor))
        if chosen:
            set_default_language(chosen)
        super().__init__(wb)

    # -- language ------------------------------------------------------------------------

    def _language_picker(self) -> w.Widget:
        # Named in every language at once (never from the catalog): whoever cannot read the
        # page's language can still find the menu.
        self.language = w.Dropdown(
            options=[(language_name(c), c) for c in available_languages()],
            value=current_language() if current_language() in available_languages() else "en",
            description="Language · Idioma", style=LABEL, layout=w.Layout(width="24em"))
        self.language.add_class("pwb-inline")
        self.observe(self.language, lambda change: self.switch_language(change.new))
        return self.language

    def switch_language(self, code: str) -> None:
        """Show the page in ``code`` from now on and remember it for this browser; what
        was typed and the draft stay as they are."""
        chosen = set_default_language(code)
        remember_language(self.draft.folder, self.draft.visitor, chosen)
        typed_in = {name: getattr(self, name).value
                    for name in ("name", "role", "new_organisation", "comment")}
        picked = (self.organisation.value, self.partner_type.value)
        old = self.widget.children
        self._kept = self.draft
        for closer in self._closers:
            closer()
        self._closers.clear()
        self.widget.children = (old[0], heading(_(self.title)), self.context, self.build(),
                                self.status_box)
        self.update_context()
        for child in old[1:]:
            if child is not self.status_box and child is not self.context:
                close_tree(child)
        for name, value in typed_in.items():
            getattr(self, name).value = value
        if picked[0] in [v for _, v in self.organisation.options]:
            self.organisation.value = picked[0]
        self.partner_type.value = picked[1]
        if self.draft.participant:
            self.profile.set_values(self.draft.profile_values())

    # -- building ----------------------------------------------------------------------

    def meeting_shown(self) -> Meeting | None:
        """The meeting this page is about (``screens.aimed_meeting``), named in the header."""
        return getattr(self, "meeting", None)

    def build(self) -> w.Widget:
        meeting_id, problem = meeting_from_query(self._query)
        meeting, why = aimed_meeting(self.wb.all(Meeting), meeting_id, dt.date.today())
        problem = problem or why
        self.meeting = meeting
        self.draft = self._kept or Draft(self.wb, meeting_id=meeting.id if meeting else None,
                                         folder=self._folder,
                                         visitor=visitor_from_query(self._query))
        self.state = w.HTML()
        self.vote_state = w.HTML()
        self.problems_state = w.HTML()
        self.resources_state = w.HTML()
        self.notice = _box(problem) if problem else w.HTML()
        self.naming = NamingSection(self)
        self.resources = ResourceSection(self)
        self.problems = ProblemSection(self)
        self.readings = ReadingSection(self)
        self.evaluation = EvaluationSection(self, meeting.id if meeting else None)
        send = self._send()
        link = session_url(meeting.id if meeting else None)
        if link:
            send += [heading(_("Pass the link on"), 3), w.HTML(link_html(link,
                                                                         what=_("this app")))]
        bodies: dict[str, list[w.Widget]] = {
            "you": [*self._identity(), self.state],
            "organization": self._profile(),
            "name": [self.naming.widget, self.vote_state],
            "problems": [self.problems.widget, self.problems_state],
            "resources": [self.resources.widget, self.resources_state],
            "readings": [self.readings.widget],
            "comment": self._comment(),
            "evaluation": [self.evaluation.widget],
            "send": send,
        }
        self.pages = {key: w.VBox(parts) for key, parts in bodies.items()}
        for page in self.pages.values():
            page.add_class("pwb-screen")
        before: Screens | None = getattr(self, "screens", None)
        kept = before.current.key if before is not None else None
        self.screens = Screens(offered(has_meeting=meeting is not None,
                                       has_outcomes=bool(self.wb.all(Outcome))))
        self.navigator = ScreenNavigator(self, self.screens, self.pages)
        nav = self.navigator
        self.chooser, self.position = nav.chooser, nav.position
        self.back_button, self.next_button = nav.back_button, nav.next_button
        top, bottom = nav.top, nav.bottom
        warning = _box(_(SEND_BACK))
        warning.add_class("pwb-send-back")
        parts: list[w.Widget] = [self._language_picker(), warning, self.notice, top,
                                 *self.pages.values(), bottom]
        self.refresh()
        self.show_screen(kept if kept in self.screens.keys else self.screens.current.key)
        style = w.HTML(f"<style>{PHONE_CSS.read_text(encoding='utf-8')}</style>",
                       layout=w.Layout(display="none"))
        box = w.VBox([style, *parts])
        box.add_class("pwb-phone")
        return box

    def show_screen(self, key: str) -> None:
        """Show the activity ``key`` alone (raises ``KeyError`` if not offered here)."""
        self.navigator.show(key)

    def step_screen(self, step: int) -> None:
        """Go to the next (+1) or previous (-1) activity."""
        self.navigator.step(step)

    def _identity(self) -> list[w.Widget]:
        self.name = w.Text(description=_("Your name"), style=LABEL, layout=w.Layout(width=WIDE),
                           continuous_update=False)
        self.role = w.Text(description=_("Your role"), placeholder=_("optional"), style=LABEL,
                           layout=w.Layout(width=WIDE), continuous_update=False)
        self.organisation = w.Dropdown(description=_("Organization"), style=LABEL,
                                       layout=w.Layout(width=WIDE))
        self.new_organisation = w.Text(description=_("New organization"), style=LABEL,
                                       placeholder=_("its name, if not in the list"),
                                       layout=w.Layout(width=WIDE), continuous_update=False)
        types = [(t, k) for k, t in reference.PARTNER_TYPES.items() if k != reference.OWN]
        self.partner_type = w.Dropdown(options=types, value="business",
                                       description=_("Type of organization"),
                                       style=LABEL, layout=w.Layout(width=WIDE))
        self.me_button = w.Button(description=_("This is me"), button_style="primary",
                                  icon="user", layout=w.Layout(width="fit-content"))
        self.me_status = Status()
        self.on_click(self.me_button, self.set_identity)
        self.drafts = w.Dropdown(description=_("Saved draft"), style=LABEL,
                                 layout=w.Layout(width=WIDE))
        self.resume_button = w.Button(description=_("Continue this draft"), icon="undo",
                                      layout=w.Layout(width="fit-content"))
        self.on_click(self.resume_button, self.resume)
        saved = Draft.saved(self.wb, self.draft.folder, visitor=self.draft.visitor)
        offer(self.drafts, saved)
        resume = w.VBox([_box(_("A draft from earlier in this session was found."), "pwb-ok"),
                         w.HBox([self.drafts, self.resume_button])])
        resume.layout.display = None if saved else "none"
        self.resume_box = resume
        return [heading(_("Who you are"), 3), resume, self.name, self.role, self.organisation,
                self.new_organisation, self.partner_type, self.me_button, self.me_status]

    def _profile(self) -> list[w.Widget]:
        self.profile = EntityForm(self.wb, Organisation, list(PROFILE_LABELS),
                                  labels={k: _(v) for k, v in PROFILE_LABELS.items()})
        self.profile_button = w.Button(description=_("Keep these answers"), icon="check",
                                       layout=w.Layout(width="fit-content"))
        self.profile_status = Status()
        self.profile_more = fold_fields(self.profile, PROFILE_MORE,
                                        _("More about your organization (optional)"))
        self.on_click(self.profile_button, self.keep_profile)
        return [heading(_("Your organization"), 3),
                note(_("What your organization is about, and what it brings to the "
                       "partnership and needs from it. Change what is shown; only your "
                       "changes are sent.")),
                self.profile.widget, self.profile_button, self.profile_status]

    def _comment(self) -> list[w.Widget]:
        self.comment = w.Textarea(description=_("Your comment"), style=LABEL, rows=4,
                                  layout=w.Layout(width=WIDE), continuous_update=False)
        self.comment_button = w.Button(description=_("Add the comment"), icon="comment",
                                       layout=w.Layout(width="fit-content"))
        self.comment_status = Status()
        self.on_click(self.comment_button, self.add_comment)
        return [heading(_("Comments"), 3), self.comment, self.comment_button,
                self.comment_status]

    def _send(self) -> list[w.Widget]:
        self.items_html = w.HTML()
        self.remove_pick = w.Dropdown(description=_("Item"), style=LABEL,
                                      layout=w.Layout(width=WIDE))
        self.remove_button = w.Button(description=_("Remove it"), icon="trash",
                                      layout=w.Layout(width="fit-content"))
        self.on_click(self.remove_button, self.remove_item)
        self.file_button = w.Button(description=_("Make my contribution file"),
                                    button_style="success", icon="download",
                                    layout=w.Layout(width="fit-content"))
        self.on_click(self.file_button, self.make_file)
        self.download = w.HTML()
        self.send_status = Status()
        return [heading(_("Send it back"), 3), self.items_html,
                w.HBox([self.remove_pick, self.remove_button]), self.file_button,
                self.send_status, self.download]

    # -- reading the workbook ----------------------------------------------------------

    def refresh(self) -> None:
        """Show the current state and the draft (the workbook may have been re-committed)."""
        self.state.value = (meeting_html(self.meeting)
                            + _folded(_("Where we stand"), partnership_html(self.wb)))
        self.vote_state.value = (vote_status_html(self.wb)
                                 + _folded(_("The names proposed so far"),
                                           candidates_html(self.wb)))
        self.problems_state.value = _folded(_("The problems and their causes so far"),
                                            problems_html(self.wb))
        self.resources_state.value = _folded(_("The resource map so far"),
                                             resources_html(self.wb))
        orgs = sorted(self.wb.all(Organisation), key=lambda o: o.name.casefold())
        offer(self.organisation, [(_("A new organization (type its name below)"), NEW_ORG)] + [
            (o.name, o.name) for o in orgs])
        for section in (self.naming, self.resources, self.problems, self.readings):
            section.refresh()
        self._show_items()

    def _show_items(self) -> None:
        items = self.draft.items
        rows = [(n, describe(self.wb, item)) for n, item in enumerate(items, start=1)]
        who = self.draft.participant
        if who:
            intro = html.escape(_("Your contribution, as {name} of {organization}:")).format(
                name=typed(who["name"]), organization=typed(who["organisation"]))
        else:
            intro = html.escape(_("Say who you are first; then add what you want to send."))
        intro = f"<p>{intro}</p>"
        self.items_html.value = intro + html_table(["#", _("What")], rows,
                                                   empty=_("Nothing added yet."))
        offer(self.remove_pick, [(f"{n}: {text[:60]}", n - 1) for n, text in rows])

    # -- actions ------------------------------------------------------------------------

    def act(self, action: Any, done: Any, where: Status, form: Any = None) -> Any:
        """``run`` the action, and echo its message next to the button that asked."""
        result = self.run(action, done=done, form=form)
        where.value = self.status.value
        self.status.clear()  # said once, where the participant is looking
        return result

    def set_identity(self) -> None:
        picked = self.organisation.value
        new = picked == NEW_ORG
        organisation = self.new_organisation.value if new else picked

        def identify() -> bool:
            return self.draft.set_participant(self.name.value, organisation or "",
                                              role=self.role.value,
                                              partner_type=self.partner_type.value,
                                              new_organisation=new)

        restored = self.act(identify, done=lambda r: (
            _("Welcome back: your draft was restored.") if r else
            _("Thank you. Now add what you want to send.")), where=self.me_status)
        if restored is not None:
            self.profile.set_values(self.draft.profile_values())

    def resume(self) -> None:
        path = self.drafts.value
        if path is None:
            return

        def load() -> int:
            dropped = self.draft.load(path)
            who = self.draft.participant
            assert who is not None, "a loaded draft always names its participant"
            self.name.value, self.role.value = who["name"], who["role"]
            stored = [v for _, v in self.organisation.options]
            if who["organisation"] in stored:
                self.organisation.value = who["organisation"]
            else:
                self.organisation.value = NEW_ORG
                self.new_organisation.value = who["organisation"]
                self.partner_type.value = who["partner_type"]
            self.profile.set_values(self.draft.profile_values())
            return dropped

        self.act(load, done=lambda n: _("Draft restored.") + (" " + ngettext(
            "{count} item no longer fits the workbook and was left out.",
            "{count} items no longer fit the workbook and were left out.", n).format(count=n)
            if n else ""), where=self.me_status)

    def keep_profile(self) -> None:
        values = {k: v for k, v in self.profile.values().items()}
        self.act(lambda: self.draft.set_profile(values),
                 done=lambda n: ngettext("{count} answer kept for your contribution.",
                                         "{count} answers kept for your contribution.",
                                         n).format(count=n),
                 where=self.profile_status, form=self.profile)
        open_fold_on_error(self.profile, self.profile_more, PROFILE_MORE)

    def add_comment(self) -> None:
        result = self.act(lambda: self.draft.add({"kind": "comment",
                                                  "text": self.comment.value}),
                          done=_("Comment added to your contribution."),
                          where=self.comment_status)
        if result is not None:
            self.comment.value = ""

    def remove_item(self) -> None:
        index = self.remove_pick.value
        if index is None:
            return
        self.act(lambda: self.draft.remove(index), done=_("Removed from your contribution."),
                 where=self.send_status)

    def make_file(self) -> str | None:
        link = self.act(self.draft.download_link,
                        done=_("Your file is ready: download it and send it to the "
                               "facilitator."),
                        where=self.send_status)
        self.download.value = link or ""
        return link
