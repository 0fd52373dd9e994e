"""The facilitator's side of remote participation: invite with a link, take the files in.

On a JupyterHub with the live room, the live panel (``live_room``) comes first: people in
the room send from their phones and their input arrives as they send it. Without a hub, a
workbook file runs its own live room from this laptop (``laptop_room``): one button.

Upload the contribution files participants sent back; each is checked (a refused file says
why and changes nothing) and previewed item by item with a tick box: new things ticked,
conflicts with what the workbook already says unticked, impossible ones (imported before,
vote closed) greyed out. An item that speaks for a person or organisation already in the
workbook is unticked too, under a warning that a file cannot prove who made it. "Import
the ticked items" stores each file in one transaction.
"""

from __future__ import annotations

import functools
import html
import logging
from dataclasses import dataclass

import ipywidgets as w

from ...errors import WorkbookError
from ...i18n import N_, _, format_datetime, ngettext
from ...live.room import LiveRoom
from ...participant.contribution import parse
from ...participant.importer import Plan, Step, apply, preview
from ..widgets.base import View, heading
from ..widgets.links import BinderLinkPanel
from ..widgets.pickers import meeting_options
from ..widgets.tables import typed
from .laptop_room import LaptopRoomPanel
from .live_room import LiveRoomPanel

__all__ = ["ContributionsView"]

log = logging.getLogger(__name__)

MARK = {"add": N_("add"), "fill": N_("fill in"), "replace": N_("replace"),
        "vote": N_("count dots"), "none": N_("nothing")}


@dataclass
class _Preview:
    name: str
    plan: Plan | None
    error: str
    boxes: dict[str, w.Checkbox]


def _step_html(number: int, step: Step) -> str:
    text = f"<strong>{number}.</strong> {_(MARK[step.action])}: {typed(step.summary)}"
    if step.note:
        warn = step.possible and (step.conflict or bool(step.speaks_for))
        css = "pwb-warn" if warn else ""
        text += f'<br><span class="{css}">{"⚠ " if warn else ""}{typed(step.note)}</span>'
    return f'<div style="padding: 2px 0">{text}</div>'


class ContributionsView(View):
    """Binder links for participants, and the import of their contribution files."""

    title = N_("Remote participants")

    def build(self) -> w.Widget:
        self.links = BinderLinkPanel(self, meetings=self._meetings)
        self.upload = w.FileUpload(accept=".json,application/json", multiple=True,
                                   description=_("Contribution files"))
        self.preview_button = w.Button(description=_("Check and preview"), icon="search",
                                       layout=w.Layout(width="fit-content"))
        self.import_button = w.Button(description=_("Import the ticked items"),
                                      button_style="primary", icon="check", disabled=True,
                                      layout=w.Layout(width="fit-content"))
        self.previews_box = w.VBox()
        self.previews: list[_Preview] = []
        self.on_click(self.preview_button, self.check)
        self.on_click(self.import_button, self.take_in)
        # On a JupyterHub with the live room (LIVE_FACILITATOR_DB_URL set), participants in
        # the room send from their phones through the hub; a workbook file can run its own
        # live room from this laptop instead.
        room = LiveRoom.from_env(self.wb)
        self.live = LiveRoomPanel(self, room) if room is not None else None
        self.laptop = LaptopRoomPanel(self) if room is None and self.wb.path else None
        live: list[w.Widget] = [self.live.widget] if self.live is not None else []
        if self.laptop is not None:
            live.append(self.laptop.widget)
        return w.VBox([
            *live,
            heading(_("Invite"), 3),
            w.HTML(_("<p>Write the participants' copy of this workbook with <code>workbook "
                   "share-copy PATH data/meeting.sqlite</code> (it leaves out e-mails, notes, "
                   "ballots and open vote totals), commit it to the meeting's GitHub "
                   "repository, then make the link here. Open the link once before the "
                   "meeting so the first participant does not wait for the build.</p>")),
            self.links.widget,
            heading(_("Take contributions in"), 3),
            w.HTML(_("<p>Upload the files participants sent you. Nothing is stored until you "
                   "press Import; a file or item taken in before is never added twice.</p>")),
            w.HBox([self.upload, self.preview_button]), self.previews_box,
            self.import_button])

    def _meetings(self) -> list[tuple[str, int | None]]:
        return meeting_options(self.wb)

    # -- preview -------------------------------------------------------------------------

    def _clear_previews(self) -> None:
        for child in self.previews_box.children:
            for grandchild in getattr(child, "children", ()):
                for widget in getattr(grandchild, "children", ()):
                    widget.close()
                grandchild.close()
            child.close()
        self.previews_box.children = []
        self.previews = []

    def check(self) -> None:
        """Check each uploaded file and preview it against the workbook as it is now."""
        self._clear_previews()
        files = list(self.upload.value)
        if not files:
            self.status.warn(_("Choose one or more contribution files first."))
            return
        for upload in files:
            name = str(upload.get("name", "file"))
            try:
                plan = preview(self.wb, parse(bytes(upload["content"]), self.wb))
                self.previews.append(_Preview(name, plan, "", {}))
            except WorkbookError as exc:
                self.previews.append(_Preview(name, None, str(exc), {}))
            except Exception as exc:  # a bug met by one file must not stop the others' check
                log.exception("checking contribution file %r failed", name)
                self.previews.append(_Preview(
                    name, None, _("the file could not be checked ({name__}); nothing from it "
                                  "was imported. The other files were checked. Please report "
                                  "this file to the workbook's maintainers.").format(
                                      name__=type(exc).__name__), {}))
        self.previews_box.children = [self._preview_box(p) for p in self.previews]
        refused = sum(1 for p in self.previews if p.plan is None)
        takeable = sum(1 for p in self.previews if p.plan and not p.plan.changes_nothing)
        self.import_button.disabled = takeable == 0
        message = _("{count} files checked: {takeable} with something to import").format(
            count=len(files), takeable=takeable)
        if refused:
            self.status.error(_("{message}; {refused} refused (see why under each).").format(
                message=message, refused=refused))
        else:
            self.status.ok(_("{message}. Untick what you do not want, then import.").format(
                message=message))

    def _preview_box(self, item: _Preview) -> w.VBox:
        title = w.HTML(f"<h4>{typed(item.name)}</h4>")
        if item.plan is None:
            return w.VBox([title, w.HTML(_("<p class=\"pwb-error\" role=\"alert\">✗ Refused: "
                                           "{typed}</p>").format(typed=typed(item.error)))])
        c = item.plan.contribution
        rows: list[w.Widget] = [title, w.HTML(
            ngettext("<p>From {typed}, made {made}; {count} item.</p>",
                     "<p>From {typed}, made {made}; {count} items.</p>", len(c.items)).format(
                typed=typed(c.participant_label), made=format_datetime(c.created_at),
                count=len(c.items)))]
        if item.plan.sender_warning:
            rows.append(w.HTML(f'<p class="pwb-warn" role="note">⚠ '
                               f"{html.escape(item.plan.sender_warning)}</p>"))
        if item.plan.imported_on is not None:
            rows.append(w.HTML(_("<p class=\"pwb-ok\">✓ Imported on {date}; nothing more to "
                                 "do.</p>").format(date=format_datetime(item.plan.imported_on))))
        for number, step in enumerate(item.plan.steps, start=1):
            box = w.Checkbox(value=step.default, disabled=not step.possible, indent=False,
                             description=_("Take {number}").format(
                                 number=number), layout=w.Layout(width="7em"))
            item.boxes[step.key] = box
            rows.append(w.HBox([box, w.HTML(_step_html(number, step))]))
        return w.VBox(rows)

    # -- import --------------------------------------------------------------------------

    def take_in(self) -> None:
        """Import each previewed file with the ticked items, one transaction per file."""
        done: list[str] = []
        for item in self.previews:
            if item.plan is None or item.plan.changes_nothing:
                continue
            plan = item.plan
            accepted = {key for key, box in item.boxes.items() if box.value}
            result = self.run(functools.partial(apply, self.wb, plan, accepted=accepted),
                              done=lambda r: r.summary())
            if result is None:  # refused: the status says why; stop before the next file
                return
            done.append(result.summary())
        self.upload.value = ()
        self._clear_previews()
        self.import_button.disabled = True
        self.status.ok(" ".join(done) if done else _("Nothing to import."))
        self.links.reload()
