"""The kickoff's "attendance from Zoom or Teams" panel: upload a report, confirm, record.

The work is done by ``workbook.interchange.attendance`` (the functions behind
``workbook import-attendance``); this panel lays it out: the people matched exactly are
listed and recorded, each close match is a tick box to confirm (unticked), and each name
matching nobody is a tick box to add as a new person (unticked).
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import ipywidgets as w

from ...errors import ImportFileError
from ..widgets.base import View, close_tree

if TYPE_CHECKING:  # the report readers are imported on the first upload, not with the kickoff
    from ...interchange.attendance import AttendancePreview

__all__ = ["AttendanceImportPanel"]

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
        view.observe(self.upload, self._uploaded)
        view.on_click(self.record_button, self.record)
        self.widget = w.VBox([w.HTML(f"<p>{html.escape(EXPLAIN)}</p>"), self.upload,
                              self.summary, self.close_box, self.new_box, self.record_button])

    def _uploaded(self, change: Any) -> None:
        if not change.new:
            return
        upload = change.new[0]
        content = upload["content"]
        data = content.tobytes() if isinstance(content, memoryview) else bytes(content)
        self.load(str(upload["name"]), data)

    def load(self, name: str, data: bytes) -> None:
        """Read a report and show who matches, who nearly does and who is new."""
        from ...interchange.attendance import match_report, read_report

        self._clear()
        try:
            self.preview = match_report(self.view.wb, read_report(name, data))
        except ImportFileError as exc:
            self.summary.value = f'<p class="pwb-error" role="alert">✗ {html.escape(str(exc))}</p>'
            self.view.status.error(str(exc))
            return
        preview = self.preview
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
        from ...interchange.attendance import import_attendance

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

    def _clear(self) -> None:
        self.preview = None
        self.record_button.disabled = True
        for box in [*self.close_ticks.values(), *self.new_ticks.values()]:
            close_tree(box)
        self.close_ticks.clear()
        self.new_ticks.clear()
        self.close_box.children = self.new_box.children = ()
