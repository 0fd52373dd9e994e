"""An action's partner follows "Who": picking the person fills in their organization.

The facilitator picks who does an action; when that person works for an organization,
the action's Partner field is filled in with it and stays editable. A partner picked by
hand is kept: it only follows "Who" while it is empty or still the organization of the
person picked before.
"""

from __future__ import annotations

from typing import Any

from ...errors import WorkbookError
from ...model import Person
from ..widgets.base import View
from ..widgets.editing import EditPanel

__all__ = ["PartnerFromWho", "partner_after_who"]


def partner_after_who(partner: int | None, before: int | None, after: int | None) -> int | None:
    """The partner an action form shows once "Who" changes.

    ``partner`` is the organization id on the form now, ``before`` and ``after`` the
    organizations of the person picked before and of the one picked now (None: none).
    """
    if after is None:
        return partner
    if partner is None or partner == before:
        return after
    return partner


class PartnerFromWho:
    """Keeps an action ``editor``'s ``organisation_id`` field in step with ``owner_id``."""

    def __init__(self, view: View, editor: EditPanel) -> None:
        self.view = view
        self.editor = editor
        self.who = editor.form.inputs["owner_id"]
        self.partner = editor.form.inputs["organisation_id"]
        view.observe(self.who, self._who_changed)

    def _organisation_of(self, person_id: Any) -> int | None:
        if person_id is None:
            return None
        try:
            return self.view.wb.get(Person, person_id).organisation_id
        except WorkbookError:  # removed in another kernel since the list was made
            return None

    def _who_changed(self, change: Any) -> None:
        if self.editor.loading:
            return
        wanted = partner_after_who(self.partner.value, self._organisation_of(change.old),
                                   self._organisation_of(change.new))
        offered = [value for _label, value in self.partner.options]
        if wanted != self.partner.value and wanted in offered:
            self.partner.value = wanted
