"""Dropdowns that keep their choice when refreshed, and labels for people and organisations.

ipywidgets 8 resets a Dropdown to its first option whenever its options are replaced, and
each step fires the value observers. ``set_options`` puts the previous choice back; views
wrap it in ``with self.quiet:`` (a ``Quiet``) so their observers ignore the intermediate
values and nothing typed into a form is overwritten by a refresh.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import ipywidgets as w

from ... import reference
from ...i18n import _, format_date
from ...model import Meeting, Organisation, Person
from ...store import Workbook
from ...store.listing import columns
from .reads import names

__all__ = ["KEEP", "PICKER_LIMIT", "Quiet", "meeting_label", "meeting_options", "narrow",
           "organisation_options", "people_options", "select", "set_options"]

PICKER_LIMIT = 100
"""A picker lists at most this many entries; with more stored, a search box narrows them."""

KEEP: Any = object()
"""Sentinel for ``set_options``: keep the current choice if it is still offered."""


class Quiet:
    """A re-entrant flag: true while a view changes its own widgets."""

    def __init__(self) -> None:
        self.depth = 0

    def __enter__(self) -> Quiet:
        self.depth += 1
        return self

    def __exit__(self, *exc: object) -> None:
        self.depth -= 1

    def __bool__(self) -> bool:
        return self.depth > 0


def select(widget: w.Dropdown, value: Any) -> None:
    """Pick the option holding ``value``: ``(none)`` too.

    ipywidgets takes ``value = None`` to mean "select nothing" and shows a blank box, even
    when an option's value is None; picking by index shows "(start a new meeting)".
    """
    allowed = [v for _, v in widget.options]
    if value is None and None in allowed:
        # Through None first: setting the index from another option would pass its None
        # value back and clear the index again.
        widget.value = None
        widget.index = allowed.index(None)
    else:
        widget.value = value


def set_options(widget: w.Dropdown | w.SelectMultiple, options: Sequence[tuple[str, Any]],
                value: Any = KEEP) -> None:
    """Replace the options; keep ``value`` (or the current choice) when it is offered.

    Options equal to those shown are not sent again (a list of two thousand people is
    checked and sent once, not at every redraw).
    """
    wanted = widget.value if value is KEEP else value
    new = [tuple(option) for option in options]
    if new != [tuple(option) for option in widget.options]:
        widget.options = new
    allowed = [v for _, v in widget.options]
    if isinstance(widget, w.SelectMultiple):
        keep = tuple(v for v in (wanted or ()) if v in set(allowed))
        if keep != tuple(widget.value):
            widget.value = keep
    elif wanted in allowed:
        select(widget, wanted)
    elif allowed and widget.index is None:
        widget.index = 0  # from an empty list ipywidgets selects nothing; pick the first


def _org_sort_key(row: tuple[Any, ...]) -> tuple[int, str]:
    # The intermediary's own organisation is listed first, then the partners by name.
    _id, name, partner_type = row
    return (0 if partner_type == reference.OWN else 1, name.casefold())


def organisation_options(wb: Workbook) -> list[tuple[str, int | None]]:
    """(label, id) of every organisation, own organisation first."""
    rows = columns(wb, Organisation, "name", "partner_type")
    return [(name, org_id) for org_id, name, _type in sorted(rows, key=_org_sort_key)]


def meeting_label(meeting: Meeting, *, with_kind: bool = False) -> str:
    """``"Mar 14, 2026: objective"`` (with ``· kind`` between when asked), kept short."""
    objective = meeting.objective if len(meeting.objective) <= 50 else \
        meeting.objective[:49] + "…"
    kind = f" · {reference.MEETING_KINDS[meeting.kind_of]}" if with_kind else ""
    planned = " " + _("(planned)") if meeting.is_planned else ""
    return f"{format_date(meeting.held_on, 'medium')}{kind}{planned}: {objective}"


def meeting_options(wb: Workbook, *, with_kind: bool = False) -> list[tuple[str, int | None]]:
    """(label, id) of every meeting, the most recent first."""
    meetings = sorted(wb.all(Meeting), key=lambda m: (m.held_on, m.id), reverse=True)
    return [(meeting_label(m, with_kind=with_kind), m.id) for m in meetings]


def people_options(wb: Workbook) -> list[tuple[str, int | None]]:
    """(``"Name (Organisation)"``, id) of every person, by name."""
    orgs = names(wb, Organisation)
    people = sorted(columns(wb, Person, "name", "organisation_id"),
                    key=lambda row: row[1].casefold())
    return [(f"{name} ({orgs[org_id]})" if org_id in orgs else name, person_id)
            for person_id, name, org_id in people]


def narrow(options: Sequence[tuple[str, Any]], query: str, *, limit: int = PICKER_LIMIT,
           keep: Any = None) -> tuple[list[tuple[str, Any]], int]:
    """(the options to list, how many match): those whose label holds every word of
    ``query`` (any case), at most ``limit`` of them in their order, and the option holding
    ``keep`` (the entry on screen) too even when it does not match, so a picker never
    shows one entry while the form below shows another.
    """
    words = query.casefold().split()
    found = [o for o in options if all(word in o[0].casefold() for word in words)] \
        if words else list(options)
    shown = found[:limit]
    if keep is not None and all(value != keep for _, value in shown):
        shown += [o for o in options if o[1] == keep][:1]
    return shown, len(found)


def cut(text: str, limit: int = 60) -> str:
    """``text`` kept to ``limit`` characters, ending in "…" when it was longer (for menus)."""
    return text if len(text) <= limit else text[:limit - 1] + "…"
