"""Binder links with their QR codes, for any view that invites remote participants.

``BinderLinkPanel(view, meetings=...)`` asks for the GitHub repository, the branch and what
to open (the participant app for a meeting, or JupyterLab) and shows the mybinder.org link
with a QR code to put on a slide. ``link_html`` renders a link and its code on its own.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

import ipywidgets as w

from ...i18n import _
from ...participant.binder import binder_url, qr_data_uri
from .base import Status, View

__all__ = ["BinderLinkPanel", "link_html"]

LABEL = {"description_width": "11em"}


def link_html(url: str, *, what: str | None = None) -> str:
    """The link, written out and clickable, and its QR code with a text alternative
    (``what`` names what it opens, in the current language; default "this link")."""
    safe = html.escape(url, quote=True)
    alt = _("QR code of {what}: {url}").format(what=what or _("this link"), url=url)
    return (f'<p><a href="{safe}" target="_blank" rel="noopener noreferrer">{safe}</a></p>'
            f'<img src="{qr_data_uri(url)}" width="220" height="220" '
            f'alt="{html.escape(alt, quote=True)}">')


class BinderLinkPanel:
    """Repository, branch and target in; the mybinder.org link and its QR code out."""

    def __init__(self, view: View, *, meetings: Callable[[], list[tuple[str, Any]]],
                 repo: str = "", ref: str = "HEAD") -> None:
        self.view = view
        self._meetings = meetings
        self.repo = w.Text(value=repo, description=_("GitHub repository"),
                           placeholder=_("OWNER/REPO"),
                           style=LABEL, layout=w.Layout(width="38em"), continuous_update=False)
        self.ref = w.Text(value=ref, description=_("Branch or tag"), style=LABEL,
                          layout=w.Layout(width="24em"), continuous_update=False)
        self.target = w.Dropdown(options=[(_("The participant app (Voila)"), "app"),
                                          (_("JupyterLab with the notebooks"), "lab")],
                                 description=_("Open"), style=LABEL,
                                 layout=w.Layout(width="38em"))
        self.meeting = w.Dropdown(description=_("Meeting"), style=LABEL,
                                  layout=w.Layout(width="38em"))
        self.button = w.Button(description=_("Make the link"), icon="link",
                               layout=w.Layout(width="fit-content"))
        self.status = Status()
        self.output = w.HTML()
        self.url: str | None = None
        self.widget = w.VBox([self.repo, self.ref, self.target, self.meeting, self.button,
                              self.status, self.output])
        self.reload()
        view.on_click(self.button, self.make)

    def reload(self) -> None:
        """Re-read the meetings offered (after one was added)."""
        current = self.meeting.value  # None, "the latest", is always offered
        self.meeting.options = [(_("The latest meeting"), None), *self._meetings()]
        if current in [v for _, v in self.meeting.options]:
            self.meeting.value = current

    def make(self) -> str | None:
        """Build the link from what was typed; a bad repository is said, nothing shown."""
        app = self.target.value == "app"
        meeting = self.meeting.value if app else None

        def build() -> str:
            return binder_url(self.repo.value, ref=self.ref.value, meeting=meeting, app=app)

        url = self.view.run(build, done=_("Link made: share it, or show the QR code."))
        self.status.value = self.view.status.value
        self.view.status.clear()  # said once, next to the button
        self.url = url
        what = _("the participant app") if app else "JupyterLab"
        self.output.value = link_html(url, what=what) if url else ""
        return url
