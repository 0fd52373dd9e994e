"""The decision log of a meeting: record a decision with how it was made, who agreed, who
stood aside, and why; link it to the decision it replaces; search every meeting's decisions.

Who agreed and who stood aside are tick lists of the people present (everyone, when
nobody is marked present yet): "Everyone present agreed" ticks them all, then the
facilitator unticks who did not; a tick in one list takes the person out of the other.
A decision's stances are corrected with its text, in "Correct or remove a decision".
"""

from __future__ import annotations

from typing import Any

import ipywidgets as w

from ...model import DECISION_METHODS, Decision, Meeting, Person
from ..widgets.base import View, close_tree, heading
from ..widgets.editing import correction_panel
from ..widgets.pickers import set_options
from ..widgets.tables import html_table
from ..widgets.ticklist import TickList

__all__ = ["DecisionsPanel"]

def _wide() -> w.Layout:
    return w.Layout(width="38em")  # one per widget: closing a view closes its layouts


_STYLE = {"description_width": "11em"}


def _exclusive(agreed: TickList, aside: TickList) -> None:
    """A person ticked in one list is unticked in the other."""
    agreed.on_tick = lambda pid, ticked: aside.tick(pid, False) if ticked else None
    aside.on_tick = lambda pid, ticked: agreed.tick(pid, False) if ticked else None


class DecisionsPanel:
    """The decisions of the meeting a view has picked, and a search across meetings."""

    def __init__(self, view: View) -> None:
        self.view = view
        self.meeting_id: int | None = None
        self.table = w.HTML()
        self.text = w.Textarea(description="Decision", rows=2, layout=_wide(), style=_STYLE)
        self.method = w.Dropdown(description="How it was made", layout=_wide(), style=_STYLE,
                                 options=[(v, k) for k, v in DECISION_METHODS.items()
                                          if k != "not_recorded"])
        self.agenda_item = w.Dropdown(description="Under agenda item", layout=_wide(), style=_STYLE,
                                      options=[("(none)", None)])
        self.rationale = w.Textarea(description="Why", rows=2, layout=_wide(), style=_STYLE)
        self.agreed = TickList("Agreed")
        self.stood_aside = TickList("Stood aside")
        _exclusive(self.agreed, self.stood_aside)
        self.everyone_button = w.Button(description="Everyone present agreed", icon="users",
                                        tooltip="Tick everyone present; then untick who did "
                                                "not agree")
        view.on_click(self.everyone_button, self.everyone_agreed)
        self.supersedes = w.Dropdown(description="Replaces", layout=_wide(), style=_STYLE,
                                     options=[("(no earlier decision)", None)])
        self.save_button = w.Button(description="Record the decision", icon="gavel",
                                    button_style="primary")
        self.search_box = w.Text(description="Search decisions", layout=_wide(), style=_STYLE,
                                 continuous_update=False,
                                 placeholder="words from any meeting's decisions")
        self.search_results = w.HTML()
        # A decision recorded wrong: corrected or removed (with its stances, and any later
        # decision recorded as replacing it: the confirmation names them).
        self.fix, self.editor = correction_panel(
            view, Decision, ["text", "method", "rationale"], self._decisions,
            title="Correct or remove a decision", picker_label="Decision",
            labels={"method": "How it was made", "rationale": "Why"},
            label=lambda d: f"the decision “{d.text[:60]}”", on_load=self._fix_loaded,
            on_built=self._fix_built)
        # Who agreed, corrected beside the text (a stance is part of the decision); laid
        # out and filled when the correction panel is built (opened, or reached from code).
        self.fix_agreed = TickList("Agreed")
        self.fix_stood_aside = TickList("Stood aside")
        _exclusive(self.fix_agreed, self.fix_stood_aside)
        self.fix_stances_button = w.Button(description="Save who agreed and who stood aside",
                                           icon="check")
        view.on_click(self.fix_stances_button, self.correct_stances)
        self._fix_row = w.HBox([self.fix_stances_button])
        view._closers.append(lambda: close_tree(self._fix_row))
        for ticks in (self.agreed, self.stood_aside, self.fix_agreed, self.fix_stood_aside):
            view._closers.append(ticks.close)
        view.on_click(self.save_button, self.record)
        view.observe(self.search_box, lambda _change: self.search())
        self.widget = w.VBox([
            heading("Decisions", 3), self.table, self.text, self.method, self.agenda_item,
            self.rationale, self.agreed.widget, w.HBox([self.everyone_button]),
            self.stood_aside.widget, self.supersedes, w.HBox([self.save_button]),
            self.fix,
            heading("Search the decision log", 4), self.search_box, self.search_results])

    def load(self, meeting_id: int | None) -> None:
        self.meeting_id = meeting_id
        self.refresh()

    def _decisions(self) -> list[tuple[str, Any]]:
        if self.meeting_id is None:
            return []
        return [(d.text[:80], d.id) for d in self.view.wb.decisions(self.meeting_id)]

    def _fix_built(self, editor: Any) -> None:
        """The correction panel was just built: who agreed and who stood aside beside it."""
        self.fix.children[0].children = (editor.widget, self.fix_agreed.widget,
                                         self.fix_stood_aside.widget, self._fix_row)
        people = self._people()
        for ticks in (self.fix_agreed, self.fix_stood_aside):
            ticks.set_options(people)
        self._fix_loaded(editor.entity_id)

    def refresh(self) -> None:
        wb = self.view.wb
        self.editor.refresh_options()
        if self.editor.built and (self.editor.entity_id is None or self.editor.entity_id
                                  not in {v for _, v in self._decisions()}):
            first = self._decisions()
            self.editor.load(first[0][1] if first else None)
        people = self._people()
        fixing = (self.fix_agreed, self.fix_stood_aside) if self.editor.built else ()
        for ticks in (self.agreed, self.stood_aside, *fixing):
            ticks.set_options(people)
        if self.editor.built:
            self._fix_loaded(self.editor.entity_id)
        if self.meeting_id is None:
            self.table.value = ""
            return
        here = wb.get(Meeting, self.meeting_id)
        items = wb.agenda_items(self.meeting_id)
        set_options(self.agenda_item, [("(none)", None),
                                       *((f"{i.position}. {i.title}", i.id) for i in items)])
        meetings = {m.id: m for m in wb.all(Meeting)}
        replaced = {d.supersedes_id for d in wb.decisions() if d.supersedes_id is not None}
        earlier = [d for d in wb.decisions()
                   if d.id not in replaced and d.meeting_id != self.meeting_id
                   and meetings[d.meeting_id].held_on <= here.held_on]
        set_options(self.supersedes, [("(no earlier decision)", None), *(
            (f"{meetings[d.meeting_id].held_on.isoformat()}: {d.text[:70]}", d.id)
            for d in reversed(earlier))])
        self.table.value = self._table(self.meeting_id)
        self.search()

    def _people(self) -> list[tuple[str, Any]]:
        """The people present at the meeting (everyone when nobody is marked present), by
        name: short enough for two ticks a row on the projector."""
        wb = self.view.wb
        people = [(p.name, p.id) for p in sorted(wb.all(Person),
                                                 key=lambda p: p.name.casefold())]
        if self.meeting_id is None:
            return people
        present = {p.id for p in wb.attendees(self.meeting_id)}
        return [(label, pid) for label, pid in people if pid in present] or people

    def present_ids(self) -> list[int]:
        """Ids of the people marked present at the meeting."""
        if self.meeting_id is None:
            return []
        return [int(p.id or 0) for p in self.view.wb.attendees(self.meeting_id)]

    def for_item(self, item_id: int | None) -> None:
        """Put the next decision under agenda item ``item_id`` (the one on the screen)."""
        if item_id in [v for _, v in self.agenda_item.options]:
            self.agenda_item.value = item_id

    def everyone_agreed(self) -> None:
        """Tick everyone present as agreeing (nobody stood aside); untick who did not."""
        present = self.present_ids()
        if not present:
            self.view.status.error("Nobody is marked present at this meeting yet: tick the "
                                   "people who agreed one by one, or take attendance first.")
            return
        self.agreed.value = present
        self.stood_aside.value = ()
        self.view.status.ok(f"{len(present)} people ticked as agreeing. Untick anyone who did "
                            "not agree, or tick them under Stood aside.")

    def _fix_loaded(self, decision_id: int | None) -> None:
        if not hasattr(self, "fix_agreed"):
            return  # the correction panel loads once while it is being built
        self.fix_stances_button.disabled = decision_id is None
        if decision_id is None:
            self.fix_agreed.value = self.fix_stood_aside.value = ()
            return
        stances = self.view.wb.stances(decision_id)
        shown = {pid for _, pid in self.fix_agreed.options}
        missing = [(p.name, p.id) for key in ("agreed", "stood_aside")
                   for p in stances[key] if p.id not in shown]
        if missing:  # someone not marked present took a stance: list them too
            people = self._people()
            for ticks in (self.fix_agreed, self.fix_stood_aside):
                ticks.set_options([*people, *missing])
        self.fix_agreed.value = [p.id for p in stances["agreed"]]
        self.fix_stood_aside.value = [p.id for p in stances["stood_aside"]]

    def correct_stances(self) -> None:
        """Store the corrected ticks as who agreed with and who stood aside from it."""
        decision_id = self.editor.entity_id
        if decision_id is None:
            self.view.status.error("Pick the decision to correct first; nothing was changed.")
            return
        agreed, aside = list(self.fix_agreed.value), list(self.fix_stood_aside.value)
        self.view.run(lambda: self.view.wb.set_stances(decision_id, agreed=agreed,
                                                       stood_aside=aside),
                      done=f"Saved: {len(agreed)} agreed, {len(aside)} stood aside.")

    def _table(self, meeting_id: int) -> str:
        wb = self.view.wb
        items = {i.id: i.title for i in wb.agenda_items(meeting_id)}
        rows = []
        for d in wb.decisions(meeting_id):
            assert d.id is not None
            stances = wb.stances(d.id)
            later = wb.superseded_by(d.id)
            link = ""
            if d.supersedes_id is not None:
                link = f"replaces: {wb.get(Decision, d.supersedes_id).text}"
            if later is not None:
                link = (link + "\n" if link else "") + f"replaced by: {later.text}"
            rows.append((d.text, DECISION_METHODS.get(d.method, d.method),
                         items.get(d.agenda_item_id or 0, "–"),
                         ", ".join(p.name for p in stances["agreed"]) or "–",
                         ", ".join(p.name for p in stances["stood_aside"]) or "–",
                         d.rationale or "–", link or "–"))
        return html_table(["Decision", "How", "Agenda item", "Agreed", "Stood aside", "Why",
                           "Links"], rows, caption="Decisions of this meeting",
                          empty="No decision recorded for this meeting yet.")

    def search(self) -> None:
        words = self.search_box.value.strip()
        if not words:
            self.search_results.value = ""
            return
        wb = self.view.wb
        meetings = {m.id: m for m in wb.all(Meeting)}
        found = wb.search_decisions(words)
        self.search_results.value = html_table(
            ["Meeting", "Decision", "Why", "Still in force"],
            [(meetings[d.meeting_id].held_on.isoformat(), d.text, d.rationale or "–",
              "no, replaced" if wb.superseded_by(d.id or 0) else "yes") for d in found],
            caption=f"Decisions that mention {words}",
            empty=f"No decision in any meeting mentions {words}.", limit=50)

    def record(self) -> None:
        """Store the decision and the stances together; clear the form when stored."""
        if self.meeting_id is None:
            self.view.status.error("Start or pick a meeting first; nothing was recorded.")
            return
        meeting_id = self.meeting_id
        values: dict[str, Any] = {"text": self.text.value, "method": self.method.value,
                                  "rationale": self.rationale.value,
                                  "agenda_item_id": self.agenda_item.value,
                                  "supersedes_id": self.supersedes.value}
        agreed, aside = list(self.agreed.value), list(self.stood_aside.value)
        stored = self.view.run(
            lambda: self.view.wb.record_decision(Decision(meeting_id=meeting_id, **values),
                                                 agreed=agreed, stood_aside=aside),
            done=lambda d: f"Decision recorded: {d.text[:80]}")
        if stored is not None:
            self.text.value = self.rationale.value = ""
            self.agreed.value = self.stood_aside.value = ()
            self.supersedes.value = None
