"""Step 2, naming: candidates, a dot vote with hidden results, and the chosen name.

Partners propose names (who proposed it, why). A vote gives each participant a set number
of dots, named or anonymous. While it is open, the facilitator types ballots in fast: pick
the voter (or "paper ballot" in an anonymous vote), a number per candidate, one click; the
boxes reset for the next ballot and only the count of ballots shows, never the results.
Each ballot is a private turn: the ballot is covered between voters, so the room never
sees anyone's dots.
Closing the vote shows the bar chart and table; choosing the name keeps the date and the
reason, and the partnership is called by it everywhere from then on.
"""

from __future__ import annotations

import datetime as dt
import html
from typing import Any

import ipywidgets as w

from ...i18n import N_, _, format_date, format_number, format_percent, ngettext
from ...model import NameCandidate, NameVote, Person
from ...model.naming import MAX_DOTS
from ..widgets.base import View, close_tree, heading
from ..widgets.charts_out import FoldedChart, chart_html, make_chart
from ..widgets.editing import correction_panel
from ..widgets.forms import EntityForm
from ..widgets.pickers import KEEP, Quiet, people_options, set_options
from ..widgets.private_turn import PrivateTurn
from ..widgets.tables import html_table, typed

__all__ = ["NamingView"]

PAPER_BALLOT = N_("(paper ballot, nobody named)")


def _per_candidate(vote: NameVote) -> int:
    """The most dots one voter may put on one candidate in ``vote``."""
    return min(vote.dots_per_participant,
               vote.max_dots_per_candidate or vote.dots_per_participant)



def _ballots(n: int) -> str:
    """``"1 ballot"``, ``"3 ballots"`` in the current language."""
    return ngettext("{count} ballot", "{count} ballots", n).format(count=format_number(n))


class NamingView(View):
    """Name candidates, the dot vote and the choice of a name."""

    title = N_("Naming the partnership")

    def build(self) -> w.Widget:
        self.quiet = Quiet()
        self.current_name = w.HTML()

        # Candidates.
        self.candidates_table = w.HTML()
        self.candidate_form = EntityForm(
            self.wb, NameCandidate, ["name", "proposed_by_id", "rationale"],
            labels={"name": _("Proposed name"), "proposed_by_id": _("Proposed by"),
                    "rationale": _("Why this name")},
            options={"proposed_by_id": lambda: [(_("(nobody named)"), None),
                                                *people_options(self.wb)]})
        self.add_candidate_button = w.Button(description=_("Add the candidate"), icon="plus",
                                             button_style="primary")
        self.on_click(self.add_candidate_button, self.add_candidate)
        self.candidate_fix, self.candidate_editor = correction_panel(
            self, NameCandidate, ["name", "proposed_by_id", "rationale"],
            lambda: [(c.name, c.id) for c in self.wb.all(NameCandidate)],
            title=_("Correct or remove a candidate"), picker_label=_("Candidate"),
            labels={"name": _("Proposed name"), "proposed_by_id": _("Proposed by"),
                    "rationale": _("Why this name")},
            options={"proposed_by_id": lambda: [(_("(nobody named)"), None),
                                                *people_options(self.wb)]})

        # Opening a vote.
        self.dots = w.BoundedIntText(value=3, min=1, max=MAX_DOTS, description=_("Dots each"),
                                     style={"description_width": "11em"})
        self.spread = w.RadioButtons(
            options=[(_("Several dots may go on one candidate"), None),
                     (_("One dot per candidate"), 1)], value=None,
            description=_("Per candidate"), style={"description_width": "11em"})
        self.anonymous = w.Checkbox(value=False, indent=False,
                                    description=_("Anonymous: nobody's dots are kept by name"))
        self.open_button = w.Button(description=_("Open the vote"), icon="play",
                                    button_style="primary")
        self.on_click(self.open_button, self.open_vote)
        self.open_box = w.VBox([self.dots, self.spread, self.anonymous, self.open_button])

        # Fast entry while the vote is open.
        self.vote_info = w.HTML()
        self.voter = w.Dropdown(description=_("Voter"), style={"description_width": "11em"},
                                layout=w.Layout(width="38em"))
        self.ballot_inputs: dict[int | None, w.BoundedIntText] = {}
        self.ballot_box = w.VBox()
        self.record_button = w.Button(description=_("Record this ballot"), icon="check",
                                      button_style="primary")
        self.close_button = w.Button(description=_("Close the vote and show results"),
                                     icon="stop", button_style="warning")
        self.on_click(self.record_button, self.record_ballot)
        # Closing is final for the room: it sits apart from "Record" and asks first.
        self.on_click(self.close_button, self.ask_close)
        self.close_question = w.HTML()
        self.close_yes = w.Button(description=_("Yes, close the vote"), icon="stop",
                                  button_style="danger")
        self.close_no = w.Button(description=_("Not yet"), icon="times")
        self.on_click(self.close_yes, self.close_vote)
        self.on_click(self.close_no, self.keep_open)
        self.close_confirm = w.VBox([self.close_question,
                                     w.HBox([self.close_yes, self.close_no])],
                                    layout=w.Layout(display="none"))
        self.ballot_feedback = w.HTML()  # the status, repeated where the eyes are
        self.ballot_form = w.VBox([self.voter, self.ballot_box, w.HBox([self.record_button])])
        self.ballot_turn = PrivateTurn(self.ballot_form, who=N_("voter"),
                                       begin_label=_("Begin my ballot (the screen is mine)"),
                                       on_leave=self._clear_ballot)
        self.on_click(self.ballot_turn.begin_button, self.status.clear)
        self.entry_box = w.VBox([self.vote_info, self.ballot_turn.widget,
                                 self.ballot_feedback,
                                 heading(_("When everyone has voted"), 4),
                                 w.HBox([self.close_button]), self.close_confirm])

        # Results and the choice.
        # The bar chart is folded (drawn when opened); closing the vote here opens it.
        self.results_chart = FoldedChart(_("Show the results as a chart"),
                                         self._results_chart_html)
        self._closers.append(self.results_chart.close)
        self.results_table = w.HTML()
        self.choice = w.Dropdown(description=_("Chosen name"), style={"description_width": "11em"},
                                 layout=w.Layout(width="38em"))
        self.reason = w.Textarea(description=_("Why this name"), rows=3, continuous_update=False,
                                 style={"description_width": "11em"},
                                 layout=w.Layout(width="38em"))
        self.reason_error = w.HTML()
        self.chosen_on = w.DatePicker(description=_("Decided on"), value=dt.date.today(),
                                      style={"description_width": "11em"})
        self.choose_button = w.Button(description=_("Choose this name"), icon="flag",
                                      button_style="success")
        self.on_click(self.choose_button, self.choose)
        self.reopen_button = w.Button(description=_("Reopen the vote"), icon="undo",
                                      tooltip=_("Closed too early? Open it again for more ballots"))
        self.on_click(self.reopen_button, self.reopen_vote)
        self.results_box = w.VBox([self.results_table, self.results_chart.widget,
                                   w.HBox([self.reopen_button]), self.choice,
                                   self.reason, self.reason_error, self.chosen_on,
                                   self.choose_button])

        self.refresh()
        return w.VBox([self.current_name,
                       heading(_("Candidates"), 3), self.candidates_table,
                       self.candidate_form.widget, self.add_candidate_button,
                       self.candidate_fix,
                       heading(_("The vote"), 3), self.open_box, self.entry_box,
                       heading(_("Results and the chosen name"), 3), self.results_box])

    # -- reading -------------------------------------------------------------------------

    def current_vote(self) -> NameVote | None:
        """The open vote, else the latest closed one, else None."""
        votes = self.wb.all(NameVote)
        open_votes = [v for v in votes if v.status == "open"]
        if open_votes:
            return open_votes[0]
        return max(votes, key=lambda v: v.id or 0, default=None)

    def _latest_meeting_id(self) -> int | None:
        latest = self.wb.latest_meeting(on_or_before=dt.date.today())
        return latest.id if latest else None

    # -- candidates ----------------------------------------------------------------------

    def add_candidate(self) -> None:
        values = self.candidate_form.values()
        meeting_id = self._latest_meeting_id()
        stored = self.run(lambda: self.wb.add(NameCandidate(**values, meeting_id=meeting_id)),
                          done=lambda c: _("Added the candidate {name}.").format(name=c.name),
                          form=self.candidate_form)
        if stored is not None:
            self.candidate_form.clear()

    # -- the vote ------------------------------------------------------------------------

    def open_vote(self) -> None:
        dots, anonymous, cap = self.dots.value, self.anonymous.value, self.spread.value
        meeting_id = self._latest_meeting_id()
        self.run(lambda: self.wb.open_vote(dots_per_participant=dots, anonymous=anonymous,
                                           meeting_id=meeting_id, max_dots_per_candidate=cap),
                 done=lambda v: " ".join(
                     [_("The vote is open: {dots_per_participant} dots each. Results stay "
                        "hidden until it is closed.").format(
                         dots_per_participant=v.dots_per_participant)]
                     + ([_("One dot per candidate at most.")] if v.max_dots_per_candidate
                        else [])
                     + ([_("It is anonymous.")] if v.anonymous else [])))
        self.place_status(self.vote_info)  # the box with the button is hidden once open

    def _voter_options(self, vote: NameVote) -> list[tuple[str, Any]]:
        people = people_options(self.wb)
        options = [(label + (_(" (has voted)") if self.wb.has_voted(vote.id, pid) else ""), pid)
                   for label, pid in people]
        return [(_(PAPER_BALLOT), None), *options] if vote.anonymous else options

    def _next_voter(self, vote: NameVote) -> Any:
        """A paper ballot again (anonymous), or the first person who has not voted yet."""
        options = list(self.voter.options)
        if vote.anonymous or not options:
            return options[0][1] if options else None
        waiting = [v for label, v in options if not label.endswith("(has voted)")]
        return waiting[0] if waiting else self.voter.value

    def _skip_who_voted(self, vote: NameVote) -> None:
        """Never start on someone who has already voted: the next one who has not."""
        voter = self.voter.value
        if not vote.anonymous and voter is not None and \
                self.wb.has_voted(int(vote.id or 0), int(voter)):
            self.voter.value = self._next_voter(vote)

    def _build_ballot_inputs(self, vote: NameVote, candidates: list[NameCandidate]) -> None:
        if list(self.ballot_inputs) == [c.id for c in candidates]:
            for box in self.ballot_inputs.values():
                box.max = _per_candidate(vote)
            return
        for box in self.ballot_inputs.values():
            close_tree(box)
        self.ballot_inputs = {
            c.id: w.BoundedIntText(value=0, min=0, max=_per_candidate(vote),
                                   description=c.name, style={"description_width": "18em"},
                                   layout=w.Layout(width="26em"))
            for c in candidates}
        self.ballot_box.children = list(self.ballot_inputs.values())

    def record_ballot(self) -> None:
        """Record the dots typed in for one voter, then reset the boxes for the next one."""
        vote = self.current_vote()
        if vote is None:
            self.status.error(_("No vote is open; open one first. Nothing was recorded."))
            return
        allocations = {cid: box.value for cid, box in self.ballot_inputs.items()
                       if cid is not None}
        person_id = self.voter.value
        names = {p.id: p.name for p in self.wb.all(Person)}
        who = (names.get(person_id) or _("This voter")) if person_id is not None \
            else _("A paper ballot")
        counted = self.run(lambda: self.wb.cast_dots(vote.id, allocations, person_id=person_id),
                           done=lambda ok: _("{who}: ballot recorded.").format(
                               who=who) if ok else "")
        if counted is False:
            self.status.error(_("{who} has already voted in this vote; the second ballot was "
                                "not counted. Pick the next voter.").format(who=who))
        if counted:
            with self.quiet:
                for box in self.ballot_inputs.values():
                    box.value = 0
                self.voter.value = self._next_voter(vote)
            self.ballot_turn.end()
            # The ballot is covered now: the confirmation goes by "Begin my ballot".
            self.place_status(self.ballot_turn.begin_button)
            self.ballot_feedback.value = ""
            return
        self.ballot_feedback.value = self.status.value

    def _clear_ballot(self) -> None:
        """The laptop goes back unvoted: no dots stay on the form."""
        with self.quiet:
            for box in self.ballot_inputs.values():
                box.value = 0

    def ask_close(self) -> None:
        """Ask before closing: after it nobody can vote, and the results show."""
        vote = self.current_vote()
        if vote is None or vote.status != "open":
            self.status.error(_("No vote is open, so there is nothing to close."))
            return
        cast = _ballots(self.wb.ballots_cast(int(vote.id or 0)))
        self.close_question.value = (
            _("<p class=\"pwb-warn\" role=\"alert\">⚠ Close the vote now? {cast} cast so far. "
              "Nobody can vote after it closes, and the results show on the screen.</p>").format(
                  cast=cast))
        self.close_confirm.layout.display = None
        self.status.clear()
        self.close_no.focus()

    def keep_open(self) -> None:
        self.close_confirm.layout.display = "none"
        self.status.ok(_("The vote stays open."))

    def close_vote(self) -> None:
        self.close_confirm.layout.display = "none"
        vote = self.current_vote()
        if vote is None or vote.status != "open":
            self.status.error(_("No vote is open, so there is nothing to close."))
            return
        closed = self.run(lambda: self.wb.close_vote(vote.id),
                          done=_("The vote is closed; the results are below. Closed too "
                                 "early? Reopen the vote."))
        if closed is not None:
            self.results_chart.open()  # the room sees the bars at once
        self.place_status(self.reopen_button)  # the question it answered is hidden now

    def reopen_vote(self) -> None:
        vote = self.current_vote()
        if vote is None or vote.status != "closed":
            self.status.error(_("There is no closed vote to reopen."))
            return
        vote_id = int(vote.id or 0)
        self.run(lambda: self.wb.reopen_vote(vote_id),
                 done=_("The vote is open again; results are hidden until it is closed."))

    # -- results and the choice ---------------------------------------------------------------

    @property
    def _reason_field(self) -> Any:
        """Where ``run`` puts a refused reason or date: under the reason box."""
        view = self

        class _Field:
            def clear_errors(self) -> None:
                view.reason_error.value = ""

            def show_error(self, _field: str, message: str) -> None:
                view.reason_error.value = (f'<span class="pwb-error" role="alert">✗ '
                                           f"{html.escape(message)}</span>")

        return _Field()

    def choose(self) -> None:
        candidate_id, reason, chosen_on = self.choice.value, self.reason.value, \
            self.chosen_on.value
        if candidate_id is None:
            self.status.error(_("Close a vote and pick the chosen name first."))
            return
        self.run(lambda: self.wb.choose_name(candidate_id, reason, chosen_on),
                 done=lambda p: _("The partnership is now called {display_name}.").format(
                     display_name=p.display_name),
                 form=self._reason_field)

    def _results_chart_html(self) -> str:
        """The closed vote's dots as a bar chart ("" while no vote is closed)."""
        vote = self.current_vote()
        if vote is None or vote.status != "closed":
            return ""
        return chart_html(make_chart("vote_results", self.wb.results(vote.id)))

    def _draw_results(self, vote: NameVote | None) -> None:
        self.results_chart.refresh()  # drawn now if open, else when opened
        if vote is None or vote.status != "closed":
            self.results_table.value = (_("<p>Results show here once the vote is closed.</p>")
                                        if vote is not None else "")
            self.results_box.layout.display = "none" if vote is None else None
            for widget in (self.choice, self.reason, self.chosen_on, self.choose_button,
                           self.reopen_button):
                widget.layout.display = "none"
            return
        self.results_box.layout.display = None
        for widget in (self.choice, self.reason, self.chosen_on, self.choose_button,
                       self.reopen_button):
            widget.layout.display = None
        results = self.wb.results(vote.id)
        total = sum(r.dots for r in results) or 1
        self.results_table.value = html_table(
            [_("Candidate"), _("Dots"), _("Share of dots")],
            [(r.candidate.name, r.dots, format_percent(r.dots / total)) for r in results],
            caption=_("Results of the vote closed on {closed_on} ({counted})").format(
                closed_on=format_date(vote.closed_on),
                counted=_ballots(self.wb.ballots_cast(vote.id))))
        outcome = self.wb.vote_tally(vote.id or 0)
        self.results_table.value = (
            f'<p role="status"><strong>{html.escape(outcome.words())}</strong>'
            + (_(" The group decides between them: talk it through, or hold a run-off vote "
               "on the tied names.") if outcome.is_tie else "") + "</p>"
            + self.results_table.value)
        # A newly closed vote proposes its winner; the same vote keeps the facilitator's pick.
        fresh = getattr(self, "_results_of", None) != vote.id
        self._results_of = vote.id
        with self.quiet:
            set_options(self.choice, [(r.candidate.name, r.candidate.id) for r in results],
                        results[0].candidate.id if fresh and results else KEEP)

    # -- refreshing -------------------------------------------------------------------------

    def refresh(self) -> None:
        partnership = self.wb.partnership
        chosen = (_(" Chosen on {name_chosen_on}: {name_reason}").format(
            name_chosen_on=partnership.name_chosen_on,
            name_reason=partnership.name_reason) if partnership.name else
                  _(" No name has been chosen yet; this is the working title."))
        self.current_name.value = (_("<p>The partnership is called "
                                     "<strong>{typed}</strong>.{typed2}</p>").format(
                                         typed=typed(partnership.display_name),
                                         typed2=typed(chosen)))
        self.candidate_form.wb = self.wb
        self.candidate_form.reload_options()
        if hasattr(self, "candidate_editor"):
            self.candidate_editor.refresh_options()
        candidates = self.wb.all(NameCandidate)
        people = {p.id: p.name for p in self.wb.all(Person)}
        self.candidates_table.value = html_table(
            [_("Name"), _("Proposed by"), _("Why")],
            [(c.name, people.get(c.proposed_by_id, ""), c.rationale) for c in candidates],
            caption=_("Proposed names"), empty=_("No names proposed yet."))
        vote = self.current_vote()
        is_open = vote is not None and vote.status == "open"
        self.open_box.layout.display = "none" if is_open else None
        self.entry_box.layout.display = None if is_open else "none"
        if is_open:
            assert vote is not None
            kind = _("anonymous") if vote.anonymous else _("named")
            self.vote_info.value = (
                _("<p role=\"status\">The vote is open ({kind}, {dots_per_participant} dots "
                  "each). <strong>{counted} cast</strong>; results stay hidden until "
                  "the vote is closed.{cap}</p>").format(
                      kind=kind, dots_per_participant=vote.dots_per_participant,
                      cap=(" " + _("One dot per candidate at most."))
                      if vote.max_dots_per_candidate == 1 else "",
                      counted=_ballots(self.wb.ballots_cast(vote.id))))
            with self.quiet:
                set_options(self.voter, self._voter_options(vote))
                if vote is not None:
                    self._skip_who_voted(vote)
            self._build_ballot_inputs(vote, candidates)
        self._draw_results(vote)
