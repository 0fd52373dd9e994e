"""The kickoff's "attendance from Zoom or Teams" panel: upload a report, confirm, record.

The work is done by ``workbook.interchange.attendance`` (the functions behind
``workbook import-attendance``); this panel lays it out: the people matched exactly are
listed and recorded, each close match is a tick box to confirm (unticked), and each name
matching nobody is a tick box to add as a new person (unticked). Which column holds the
names, e-mails and attended is shown in pickers: changing one reads the list again that
way, and a list whose titles are not recognised can be mapped by hand. The mapping used
is remembered for the list's columns when attendance is recorded; the panel says when a
remembered mapping was used, and it can be forgotten.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

import ipywidgets as w

from ...errors import ImportFileError
from ...i18n import _
from ...interchange.attendance import (
    FIELDS,
    AttendancePreview,
    import_attendance,
    match_report,
    read_report,
    report_columns,
)
from ...interchange.sheet_memory import ATTENDANCE, forget_layout
from ..widgets.base import View, close_tree
from ..widgets.pickers import Quiet, select, set_options

__all__ = ["AttendanceImportPanel"]


def _field_titles() -> dict[str, str]:
    return {"name": _("Full name"), "first_name": _("First name"),
            "last_name": _("Last name"), "email": _("E-mail"), "attended": _("Attended")}

EXPLAIN = ("Upload an attendee list: the participant or webinar report from Zoom, the "
           "attendance report from Teams or Google Meet, a Webex list, or the sign-in sheet "
           "of your form or Eventbrite (CSV or Excel). People whose names match are marked "
           "present when you press Record; tick the close matches you recognise and the "
           "newcomers to add. Registrants who did not attend, phone numbers and devices "
           "are left out and listed.")


class AttendanceImportPanel:
    """Widgets taking ``meeting()``'s attendance from a report into ``view.wb``."""

    def __init__(self, view: View, meeting: Callable[[], int | None]) -> None:
        self.view = view
        self.meeting = meeting
        self.preview: AttendancePreview | None = None
        self.upload = w.FileUpload(accept=".csv,.tsv,.txt,.xlsx,.xls,.ods", multiple=False,
                                   description="Upload a report", icon="upload",
                                   layout=w.Layout(width="16em"))
        self.summary = w.HTML()
        self.close_box = w.VBox()
        self.new_box = w.VBox()
        self.close_ticks: dict[str, w.Checkbox] = {}
        self.new_ticks: dict[str, w.Checkbox] = {}
        self.record_button = w.Button(description="Record attendance", icon="check",
                                      button_style="primary", disabled=True)
        self.file: tuple[str, bytes] | None = None
        self.columns: list[str] = []
        self.chosen: dict[str, str | None] | None = None
        self.quiet = Quiet()
        titles = _field_titles()
        self.pickers = {f: w.Dropdown(description=titles[f], options=[(_("(none)"), None)],
                                      value=None, style={"description_width": "8em"},
                                      layout=w.Layout(width="24em")) for f in FIELDS}
        self.remembered = w.HTML()
        self.forget_button = w.Button(description=_("Forget this mapping"), icon="times",
                                      layout=w.Layout(display="none", width="fit-content"))
        said = _("Which column holds what:")
        self.columns_box = w.VBox([w.HTML("<p>" + html.escape(said) + "</p>"),
                                   w.HBox(list(self.pickers.values()),
                                          layout=w.Layout(flex_flow="row wrap")),
                                   self.remembered, self.forget_button],
                                  layout=w.Layout(display="none"))
        view.observe(self.upload, self._uploaded)
        for picker in self.pickers.values():
            view.observe(picker, self._remapped)
        view.on_click(self.record_button, self.record)
        view.on_click(self.forget_button, self.forget_mapping)
        self.widget = w.VBox([w.HTML(f"<p>{html.escape(EXPLAIN)}</p>"), self.upload,
                              self.summary, self.columns_box, self.close_box, self.new_box,
                              self.record_button])

    def _uploaded(self, change: Any) -> None:
        if not change.new:
            return
        upload = change.new[0]
        content = upload["content"]
        data = content.tobytes() if isinstance(content, memoryview) else bytes(content)
        self.chosen = None
        self.load(str(upload["name"]), data)

    def _remapped(self, _change: Any) -> None:
        if self.quiet or self.file is None:
            return
        self.chosen = {f: p.value for f, p in self.pickers.items()}
        self.load(*self.file)

    def forget_mapping(self) -> None:
        """Forget the mapping remembered for this list's columns and read it again."""
        preview = self.preview
        if preview is None or preview.report.table is None or self.file is None:
            return
        forget_layout(self.view.wb, preview.report.table.columns, ATTENDANCE)
        self.chosen = None
        self.load(*self.file)

    def _show_columns(self, columns: list[str], mapping: dict[str, str | None]) -> None:
        self.columns = columns
        options = [(_("(none)"), None)] + [(c, c) for c in columns if c.strip()]
        with self.quiet:
            for fld, picker in self.pickers.items():
                set_options(picker, options)
                select(picker, mapping.get(fld) if mapping.get(fld) in columns else None)
        self.columns_box.layout.display = None if columns else "none"

    def load(self, name: str, data: bytes) -> None:
        """Read a report and show who matches, who nearly does and who is new."""
        self._clear()
        self.file = (name, data)
        try:
            report = read_report(name, data, wb=self.view.wb, mapping=self.chosen)
            self.preview = match_report(self.view.wb, report)
        except ImportFileError as exc:
            self.summary.value = f'<p class="pwb-error" role="alert">✗ {html.escape(str(exc))}</p>'
            self.view.status.error(str(exc))
            try:
                columns = report_columns(name, data)
            except ImportFileError:
                columns = []
            self._show_columns(columns, self.chosen or {})
            self.remembered.value = ""
            self.forget_button.layout.display = "none"
            return
        preview = self.preview
        table = report.table
        self._show_columns([str(c) for c in table.columns] if table else [],
                           dict(table.mapping) if table else {})
        self.remembered.value = f"<p>{html.escape(report.remembered.describe())}</p>" \
            if report.remembered else ""
        self.forget_button.layout.display = None if report.remembered else "none"
        matched = ", ".join(html.escape(p.name) for _, p in preview.matched) or "nobody"
        left_out = "; ".join(f"{html.escape(r)} ({html.escape(why)})"
                             for r, why in preview.report.left_out[:30])
        self.summary.value = (
            f"<p>{len(preview.matched)} matched: {matched}. {len(preview.close)} close "
            f"match(es) to confirm, {len(preview.new)} not in the workbook.</p>"
            + (f"<p>Left out: {left_out}.</p>" if left_out else ""))
        for attendee, person, score in preview.close:
            box = w.Checkbox(value=False, indent=False, layout=w.Layout(width="40em"),
                             description=f"{attendee.reported} is {person.name} "
                                         f"({score:.0f}% alike)")
            self.close_ticks[attendee.reported] = box
        for attendee in preview.new:
            box = w.Checkbox(value=False, indent=False, layout=w.Layout(width="40em"),
                             description=f"add {attendee.name} as a new person")
            self.new_ticks[attendee.reported] = box
        self.close_box.children = list(self.close_ticks.values())
        self.new_box.children = list(self.new_ticks.values())
        self.record_button.disabled = False

    def record(self) -> None:
        """Mark present the matched people and the ticked close matches and newcomers."""
        meeting_id, preview = self.meeting(), self.preview
        if meeting_id is None or preview is None:
            self.view.status.error("Pick the meeting and upload its report first; nothing was "
                                   "recorded.")
            return
        close = {name for name, box in self.close_ticks.items() if box.value}
        new = {name for name, box in self.new_ticks.items() if box.value}
        done = self.view.run(
            lambda: import_attendance(self.view.wb, meeting_id, preview,
                                      accept_close=close, add_new=new),
            done=lambda r: f"Recorded {len(r.present)} present"
                           + (f", {len(r.added)} added as new people." if r.added else "."))
        if done is not None:
            self._clear()
            self.file = None

    def _clear(self) -> None:
        self.preview = None
        self.record_button.disabled = True
        for box in [*self.close_ticks.values(), *self.new_ticks.values()]:
            close_tree(box)
        self.close_ticks.clear()
        self.new_ticks.clear()
        self.close_box.children = self.new_box.children = ()
