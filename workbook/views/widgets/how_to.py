""""How to use this page": each step's instructions, read in the facilitator's language.

A notebook's markdown cells cannot follow the language setting, so the instructions that
used to stand there live here, in the catalog, and ``View`` shows them under its header as a
folded section (closed, so the projected screen keeps its room). A notebook keeps a one-line
title.

``HOW_TO`` maps a view class's name to its instructions: a tuple of blocks, each either a
paragraph (a string) or numbered steps (a list of strings). Every string is marked with
``N_`` and translated when shown.
"""

from __future__ import annotations

import html

from ...i18n import N_, _

__all__ = ["HOW_TO", "SAVED_AT_ONCE", "how_to_html"]

Block = str | list[str]

SAVED_AT_ONCE = N_("Everything you enter is saved at once; a ✓ line confirms it, a ✗ line "
                   "says what to fix.")

HOW_TO: dict[str, tuple[Block, ...]] = {
    "StartView": (
        N_("This is the front page of the partnership workbook. It tells you where the "
           "partnership stands: its name and phase, the last and the next meeting, how many "
           "actions are open or overdue, and any warning that momentum is slipping."),
        N_("Check the summary, correct the partnership's details if they changed, then follow "
           "a link to the step you need today. To work on another partnership, go to Another "
           "partnership: type its file (from the project folder, for example "
           "data/riverside.sqlite) and press Open, or fill in a working title, sector and "
           "region and press Create; or pick one chosen before, or a partnership in your "
           "board's database."),
        N_("The partnership you open or create here is the current partnership: every other "
           "notebook opens it the next time you run it, and names it at the top of its view. "
           "Until you choose one, the notebooks open the demo, data/demo.sqlite."),
    ),
    "KickoffView": (
        N_("Use this at the start of a meeting. A meeting without a clear objective drifts, "
           "so the workbook asks for one before anything else."),
        [N_("Pick today's meeting, or choose (start a new meeting), give it a date, an "
            "objective and the agenda, and press Start the meeting."),
         N_("Tick everyone in the room (each tick is saved at once) and add newcomers with "
            "their organization."),
         N_("With the group, write down what each organization brings to the partnership "
            "and what it needs from it."),
         N_("Before closing, record the decisions and any notes.")],
    ),
    "NamingView": (
        N_("The partners choose the name of their effort together, by dot voting."),
        [N_("Add each proposed name, who suggested it and why."),
         N_("When the list is complete, choose how many dots each person gets and whether "
            "the vote is anonymous, then open the vote."),
         N_("For each ballot, pick the voter (or paper ballot in an anonymous vote), type the "
            "dots per name and press Record this ballot. Results stay hidden while the vote "
            "is open."),
         N_("Close the vote to see the chart, then record the chosen name and the reason for "
            "it: from then on the partnership is called by that name everywhere.")],
    ),
    "ResourceMapView": (
        N_("A running list of the programs, funds, policies, services, facilities, curricula "
           "and data that already bear on the industry's workforce problems. It keeps growing "
           "from meeting to meeting."),
        [N_("Filter the table by kind, status, owner or a word."),
         N_("Add a new entry, or pick one to edit or retire, under Add or edit."),
         N_("Link each entry to the root causes it addresses (from problem framing), and look "
            "at Gaps and duplication to see which causes nothing addresses yet and where "
            "several owners run similar things."),
         N_("Import a partner's list from a CSV or Excel sheet under Import a sheet: check the "
            "column mapping and the preview first; a sheet with any bad row imports "
            "nothing.")],
    ),
    "ProblemFramingView": (
        N_("Employers name the problems that hurt them; the group then asks why until it "
           "reaches causes worth acting on. Only then do solutions come in, each attached to "
           "a cause."),
        [N_("State a problem and who raised it, or pick one already stated."),
         N_("Answer “why?” with a cause. Pick a cause and press Ask why about this cause to "
            "go one level deeper. Mark the causes worth acting on as root causes."),
         N_("Attach solutions to causes: something new, or an entry from the resource map. If "
            "it was tried before, write down what was learned.")],
        N_("The tree is shown as an outline (for screen readers and printouts) and as a "
           "chart. Solutions with no root cause behind them are listed in a warning."),
    ),
    "PartnersView": (
        N_("Who sits at the table, and how well does each partnership work? Tab by tab:"),
        [N_("Profiles: each organization's mission, core competencies, decision making, "
            "financing and culture."),
         N_("Comparison: the organizations side by side (ours first) and notes on where they "
            "line up, clash, compete or could team up."),
         N_("Our capacity: rate our own organization on nineteen competencies (1 weak to 4 "
            "strong) and flag priorities; see which partners are strong where we are weak."),
         N_("Health checks: five questions per partner, answered No, Partly or Yes, with the "
            "trend over time."),
         N_("Strengthen this month: one partner to give attention to, and why.")],
    ),
    "ActionPlanView": (
        N_("Every meeting ends with next steps: which partner, what, who, by when."),
        [N_("Check the meeting at the top (the latest one is picked); new actions are "
            "recorded as agreed there."),
         N_("Add each action with its owner and due date."),
         N_("Go through what is carried over from earlier meetings and set its status. "
            "Overdue actions are marked OVERDUE."),
         N_("Narrow the list to one owner or one partner when following up with them.")],
    ),
    "LifecycleView": (
        N_("Partnerships move through preparation, planning, prospecting, developing, "
           "stewarding and renewing. Each phase asks for a few things to be in place."),
        [N_("Tick the checklist items of the current phase that are done, with the date and "
            "the evidence."),
         N_("When the partnership moves on, record the new phase with a short note."),
         N_("Read the momentum indicators and their warnings: they say when energy is "
            "slipping (long gaps between meetings, meetings without an objective, too few "
            "employers).")],
    ),
    "MeetingSummaryView": (
        N_("After a meeting, this is what partners will read: the objective, who came, "
           "decisions, what each organization brings and needs, the actions and the "
           "momentum."),
        N_("Pick the meeting (the latest is shown first) and check the summary. Press Reload "
           "after changing something in another notebook."),
    ),
    "ContributionsView": (
        N_("Partners who cannot be in the room join through a Binder link. Nothing they type "
           "reaches this workbook by itself: each of them downloads a contribution file and "
           "sends it to you."),
        [N_("Before the meeting, pick the meeting, make its participant link (and QR code) "
            "and put it in the invitation. Open the link once yourself so the build is "
            "ready."),
         N_("After the meeting, upload the files participants sent back and press Check and "
            "preview. A file that is damaged, altered or meant for another partnership is "
            "refused and changes nothing."),
         N_("Go through the preview: new items are ticked, answers that differ from what you "
            "already recorded are not. Then press Import the ticked items. Importing the same "
            "file twice adds nothing.")],
        N_("On the organization's JupyterHub the page starts with the live room: open a live "
           "session, show the room its link or QR code, and what people send from their "
           "phones appears here as they send it, waiting for you to accept it. Ideas stay "
           "hidden until you reveal them all; dots are counted as they come, and the results "
           "show when you close the vote."),
    ),
    "OutcomesView": (
        N_("The partnership agreed on a few outcomes to measure itself by, each with a "
           "benchmark to compare with and a target. Reading them regularly shows whether the "
           "work is getting anywhere; telling the wins keeps everyone at the table."),
        [N_("Look at where each outcome stands. An outcome nobody has read for 90 days is "
            "flagged: ask the partner who holds the figures."),
         N_("Type new readings (a number in the outcome's unit, or a few words), or import a "
            "sheet of figures. Readings partners send in a contribution file come in through "
            "the remote participants page."),
         N_("Add an outcome by starting from a common indicator, or write your own."),
         N_("Record the wins with the partners who helped. Name a person only when they "
            "agreed to it.")],
    ),
    "PortfolioView": (
        N_("Every partnership you can see, one row each: its phase, the last and the next "
           "meeting, the momentum warnings, open and overdue actions and how partner health "
           "is moving."),
        [N_("Sort by the column that matters today (overdue actions, warnings, next "
            "meeting)."),
         N_("Pick a partnership and press Open to see its start page below.")],
        N_("The list holds the partnerships of the database named by WORKBOOK_DB that your "
           "role may see, and the workbook files of the project's data folder. Nothing here "
           "changes a workbook."),
    ),
}
"""Each view's instructions, by the view class's name. Meeting mode has none: it is the
projected screen, opened from the start page, and every line there counts."""

_READS_ONLY = {"PortfolioView", "StartView"}


def how_to_html(view_name: str) -> str:
    """The folded "How to use this page" section of the view called ``view_name``, in the
    current language; "" for a view without instructions."""
    blocks = HOW_TO.get(view_name)
    if not blocks:
        return ""
    parts = []
    for block in blocks:
        if isinstance(block, list):
            steps = "".join(f"<li>{html.escape(_(step))}</li>" for step in block)
            parts.append(f"<ol>{steps}</ol>")
        else:
            parts.append(f"<p>{html.escape(_(block))}</p>")
    if view_name not in _READS_ONLY:
        parts.append(f"<p>{html.escape(_(SAVED_AT_ONCE))}</p>")
    summary = html.escape(_("How to use this page"))
    return (f'<details class="pwb-how-to"><summary>{summary}</summary>'
            f"{''.join(parts)}</details>")
