"""Follow-up e-mail drafts (.eml), one per partner organization: nothing is sent.

    >>> from workbook.export.followup import PartnerDraft, Recipient, follow_up_email
    >>> raw = follow_up_email(summary, draft, "summary.html", html_bytes)

Each draft is addressed to the organization's people that have an e-mail address, lists
the meeting's decisions and only that organization's actions (so it respects the reader's
attention), names the next meeting, and carries the partners' summary as an attachment.
The ``X-Unsent: 1`` header makes Outlook open it as a draft to check and send; other mail
programs open it as a message to forward. Built with the standard ``email`` package: a
display name is quoted or encoded as needed, and a line break typed into a name cannot
start a new header (names are put on one line first; an address that is not one is left
out and reported).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP

from ..i18n import (
    PSEUDO,
    _,
    current_language,
    format_list,
    format_time,
    format_time_zone,
    ngettext,
)
from ..model.text import for_documents
from .records import ActionRow, Summary
from .render import long_date

__all__ = ["PartnerDraft", "Recipient", "follow_up_email", "valid_address"]


@dataclass(frozen=True)
class Recipient:
    name: str
    email: str


@dataclass(frozen=True)
class PartnerDraft:
    """One organization's follow-up: who receives it and their own actions."""

    organisation: str
    recipients: tuple[Recipient, ...]
    actions: tuple[ActionRow, ...]
    language: str | None = None  # the organization's own (None: the packet's language)


def _one_line(value: str, limit: int = 200) -> str:
    return " ".join(for_documents(value).split())[:limit]


def _content_language() -> str:
    """The draft's language for mail programs and screen readers (``es-US``)."""
    code = current_language()
    return "en-US" if code == PSEUDO else f"{code}-US"


def valid_address(recipient: Recipient) -> Address | None:
    """The recipient as a header address, or ``None`` when the e-mail is not usable."""
    email = recipient.email.strip()
    if email.count("@") != 1 or any(c.isspace() or c in "<>,;\"" for c in email):
        return None
    user, _, domain = email.partition("@")
    if not user or "." not in domain:
        return None
    try:
        return Address(display_name=_one_line(recipient.name), username=user, domain=domain)
    except (ValueError, IndexError):
        return None


def _action_line(action: ActionRow) -> str:
    values = {"action": for_documents(action.action).strip(),
              "owner": _one_line(action.owner) or _("no owner"),
              "day": long_date(action.due_on) if action.due_on else "",
              "count": action.days_overdue}
    if action.due_on is None:
        return _("- {action}: {owner} (no due date)").format(**values)
    if action.days_overdue:
        return ngettext("- {action}: {owner} by {day} (overdue by {count} day)",
                        "- {action}: {owner} by {day} (overdue by {count} days)",
                        action.days_overdue).format(**values)
    return _("- {action}: {owner} by {day}").format(**values)


def _body(summary: Summary, draft: PartnerDraft) -> str:
    glance = summary.glance
    names = [_one_line(r.name) for r in draft.recipients if r.name.strip()]
    greeting = (_("Hello {names},").format(names=format_list(names)) if names
                else _("Hello,"))
    lines = [greeting, "",
             _("Thank you for the {kind} on {day}. Here is what matters for {organization}; "
               "the full summary is attached.").format(
                 kind=summary.meeting.kind_title, day=long_date(summary.meeting.held_on),
                 organization=_one_line(draft.organisation)),
             ""]
    decisions = glance.decisions if glance else ()
    lines.append(_("What we decided:"))
    lines += ([_("- {text}").format(text=for_documents(d).strip()) for d in decisions]
              or [_("- Nothing was decided at this meeting.")])
    lines += ["", _("Your organization's actions:")]
    lines += ([_action_line(a) for a in draft.actions]
              or [_("- None this time.")])
    lines.append("")
    upcoming = glance.next_meeting if glance else None
    if upcoming is not None:
        day = long_date(upcoming.held_on)
        if upcoming.starts_at is not None:
            lines.append(_("Next meeting: {day} at {time} ({zone}).").format(
                day=day, time=format_time(upcoming.starts_at),
                zone=format_time_zone(upcoming.time_zone)))
        else:
            lines.append(_("Next meeting: {day}.").format(day=day))
        if upcoming.place:
            lines.append(_("Where: {place}").format(place=_one_line(upcoming.place, 500)))
        if upcoming.join_link:
            lines.append(_("Join online: {link}").format(link=upcoming.join_link))
        lines.append(_("A calendar file for it comes with the meeting packet."))
    else:
        lines.append(_("The date of the next meeting is not set yet."))
    lines += ["", _("With thanks,"), ""]
    return "\n".join(lines)


def follow_up_email(summary: Summary, draft: PartnerDraft, attachment_name: str,
                    attachment: bytes, *, now: dt.datetime | None = None) -> bytes:
    """The draft as RFC 5322 bytes (CRLF line ends), the summary attached."""
    message = EmailMessage()
    message["Subject"] = _("Follow-up: {partnership}, {day}").format(
        partnership=_one_line(summary.partnership.name),
        day=long_date(summary.meeting.held_on))
    addresses = [a for a in (valid_address(r) for r in draft.recipients) if a is not None]
    if addresses:
        message["To"] = addresses
    message["Date"] = now or dt.datetime.now(dt.UTC)
    message["X-Unsent"] = "1"
    message.set_content(_body(summary, draft))
    message.add_attachment(attachment, maintype="text", subtype="html",
                           filename=attachment_name, params={"charset": "utf-8"})
    # After the parts are made (setting the content drops Content-* headers): the draft's
    # language, for mail programs and screen readers.
    message["Content-Language"] = _content_language()
    return message.as_bytes(policy=SMTP)
