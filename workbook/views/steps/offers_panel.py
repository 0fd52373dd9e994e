"""What each organisation brings to the partnership and what it needs from it.

Shared by the kickoff view and the meeting view: a table of every organisation (those with
someone at the meeting marked "here today") and a form to write one organisation's two
lists side by side.
"""

from __future__ import annotations

from collections.abc import Callable

import ipywidgets as w

from ... import reference
from ...model import Organisation
from ...store.listing import columns
from ..widgets.base import View, close_tree, heading
from ..widgets.editing import EditPanel
from ..widgets.pickers import organisation_options
from ..widgets.tables import html_table

__all__ = ["OFFER_ROWS", "OffersPanel"]

OFFER_ROWS = 60
"""A large partnership's table stops here; the form below reaches every organization."""


class OffersPanel:
    """Brings and needs of every organisation, for the meeting ``meeting()`` names."""

    def __init__(self, view: View, meeting: Callable[[], int | None], *, rows: int = 5) -> None:
        self.view = view
        self.meeting = meeting
        self.table = w.HTML()
        self.editor = EditPanel(
            view, Organisation, ["brings", "needs"], picker_label="Organisation",
            choices=lambda: organisation_options(self.view.wb), horizontal=True,
            labels={"brings": "What it brings", "needs": "What it needs"},
            save_label="Save brings and needs")
        for box in self.editor.form.inputs.values():
            box.layout.width = "33em"
            box.rows = rows
        self.widget = w.VBox([heading("What each organisation brings and needs", 3),
                              self.table, self.editor.widget])
        view._closers.append(lambda: close_tree(self.widget))

    def draw(self) -> None:
        """The organisations here today first, then ours, then by name; at most
        ``OFFER_ROWS`` rows."""
        wb, meeting_id = self.view.wb, self.meeting()
        here = ({p.organisation_id for p in wb.attendees(meeting_id)}
                if meeting_id is not None else set())
        # Redrawn at every tick of attendance: the four columns shown, not whole records.
        orgs = sorted(columns(wb, Organisation, "name", "partner_type", "brings", "needs"),
                      key=lambda o: (o[0] not in here, o[2] != reference.OWN,
                                     o[1].casefold()))
        # Rows past OFFER_ROWS are only counted by the table: they are not worded.
        rows: list[tuple[str, ...]] = [
            (name + (" (here today)" if org_id in here else ""),
             reference.PARTNER_TYPES[partner_type], brings, needs)
            for org_id, name, partner_type, brings, needs in orgs[:OFFER_ROWS]]
        rows += [()] * (len(orgs) - len(rows))
        self.table.value = html_table(
            ["Organisation", "Partner type", "What it brings", "What it needs"], rows,
            caption="What each organisation brings and what it needs",
            empty="No organisations yet.", limit=OFFER_ROWS,
            more="pick an organization below to see or change what it brings and needs.")

    def refresh(self) -> None:
        self.editor.refresh_options()
        self.draw()
