"""How many records of each kind a step changed, in the reader's language.

``counted("person", 2)`` reads "2 people" in English and "2 personas" in Spanish: each
kind's noun is a plural entry of the catalog (``ngettext``), so the number agrees with the
noun in every language. Used by ``Step.what()`` (the history, Undo, ``workbook history``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from ..i18n import _, format_list, ngettext, pgettext

__all__ = ["counted", "noun", "records", "source_words"]

_NOUNS: dict[str, Callable[[int], str]] = {
    "partnership": lambda n: ngettext("{count} partnership", "{count} partnerships", n),
    "outcome": lambda n: ngettext("{count} outcome", "{count} outcomes", n),
    "organisation": lambda n: ngettext("{count} organization", "{count} organizations", n),
    "person": lambda n: ngettext("{count} person", "{count} people", n),
    "meeting": lambda n: ngettext("{count} meeting", "{count} meetings", n),
    "agenda_item": lambda n: ngettext("{count} agenda item", "{count} agenda items", n),
    "action": lambda n: ngettext("{count} action", "{count} actions", n),
    "action_review": lambda n: ngettext("{count} action review", "{count} action reviews", n),
    "decision": lambda n: ngettext("{count} decision", "{count} decisions", n),
    "evaluation": lambda n: ngettext("{count} evaluation", "{count} evaluations", n),
    "comment": lambda n: ngettext("{count} comment", "{count} comments", n),
    "name_candidate": lambda n: ngettext("{count} name candidate", "{count} name candidates", n),
    "name_vote": lambda n: ngettext("{count} name vote", "{count} name votes", n),
    "resource": lambda n: ngettext("{count} resource", "{count} resources", n),
    "problem": lambda n: ngettext("{count} problem", "{count} problems", n),
    "cause": lambda n: ngettext("{count} cause", "{count} causes", n),
    "solution": lambda n: ngettext("{count} solution", "{count} solutions", n),
    "review_note": lambda n: ngettext("{count} review note", "{count} review notes", n),
    "capacity_rating": lambda n: ngettext("{count} capacity rating", "{count} capacity ratings", n),
    "health_check": lambda n: ngettext("{count} health check", "{count} health checks", n),
    "phase_change": lambda n: ngettext("{count} phase change", "{count} phase changes", n),
    "checklist_mark": lambda n: ngettext("{count} checklist mark", "{count} checklist marks", n),
    "reading": lambda n: ngettext("{count} reading", "{count} readings", n),
    "win": lambda n: ngettext("{count} win", "{count} wins", n),
    "attendance": lambda n: ngettext("{count} attendance mark", "{count} attendance marks", n),
    "resource_cause": lambda n: ngettext("{count} resource link", "{count} resource links", n),
    "ballot": lambda n: ngettext("{count} ballot line", "{count} ballot lines", n),
    "tally": lambda n: ngettext("{count} vote total", "{count} vote totals", n),
    "vote_roll": lambda n: ngettext("{count} vote roll entry", "{count} vote roll entries", n),
    "win_partner": lambda n: ngettext("{count} partner credited", "{count} partners credited", n),
    "decision_stance": lambda n: ngettext("{count} stance on a decision",
                                          "{count} stances on a decision", n),
    "imported_file": lambda n: ngettext("{count} import record", "{count} import records", n),
    "imported_item": lambda n: ngettext("{count} import record", "{count} import records", n),
    "sheet_layout": lambda n: ngettext("{count} sheet layout", "{count} sheet layouts", n),
    "live_session": lambda n: ngettext("{count} live session", "{count} live sessions", n),
    "live_inbox": lambda n: ngettext("{count} live inbox entry", "{count} live inbox entries", n),
    "anonymous ballot": lambda n: ngettext("{count} anonymous ballot",
                                           "{count} anonymous ballots", n),
}


def source_words(source: str | None) -> str:
    """Where a step was made, in the reader's language: ``"command import-sheet"`` reads
    "the import-sheet command", ``"live room"`` "the live room"; a view's name (stored in
    the language it was made in) is shown as stored; ``None`` gives ""."""
    if not source:
        return ""
    if source.startswith("command "):
        return _("the {command} command").format(command=source.removeprefix("command "))
    fixed = {"live room": _("the live room"), "demo": _("the demo"),
             "python": _("Python code")}
    return fixed.get(source, source)


def counted(kind: str, n: int) -> str:
    """``n`` records of ``kind`` (an entity's or link table's kind, or "anonymous ballot")
    in words: ``"1 attendance mark"``, ``"3 people"``. An unknown kind reads as records."""
    noun = _NOUNS.get(kind)
    text = noun(n) if noun else ngettext("{count} record", "{count} records", n)
    return text.format(count=n)


def records(counts: Mapping[str, int]) -> str:
    """Every kind's count joined as a list, kinds in order of their stored names: ``"1
    attendance mark and 1 person"``; ``"nothing"`` for no records. Kinds that read alike
    (two import tables) add up."""
    words: dict[str, int] = {}
    for kind, n in sorted(counts.items()):  # by kind: the same words whatever the backend
        same = next((k for k in words if _same_noun(k, kind)), kind)
        words[same] = words.get(same, 0) + n
    parts = [counted(kind, n) for kind, n in words.items() if n]
    return format_list(parts) if parts else _("nothing")


def _same_noun(a: str, b: str) -> bool:
    return a == b or {a, b} == {"imported_file", "imported_item"}


_SINGULAR: dict[str, Callable[[], str]] = {
    "partnership": lambda: pgettext("record kind", "partnership"),
    "outcome": lambda: pgettext("record kind", "outcome"),
    "organisation": lambda: pgettext("record kind", "organization"),
    "person": lambda: pgettext("record kind", "person"),
    "meeting": lambda: pgettext("record kind", "meeting"),
    "agenda_item": lambda: pgettext("record kind", "agenda item"),
    "action": lambda: pgettext("record kind", "action"),
    "action_review": lambda: pgettext("record kind", "action review"),
    "decision": lambda: pgettext("record kind", "decision"),
    "evaluation": lambda: pgettext("record kind", "evaluation"),
    "comment": lambda: pgettext("record kind", "comment"),
    "name_candidate": lambda: pgettext("record kind", "name candidate"),
    "name_vote": lambda: pgettext("record kind", "name vote"),
    "resource": lambda: pgettext("record kind", "resource"),
    "problem": lambda: pgettext("record kind", "problem"),
    "cause": lambda: pgettext("record kind", "cause"),
    "solution": lambda: pgettext("record kind", "solution"),
    "review_note": lambda: pgettext("record kind", "review note"),
    "capacity_rating": lambda: pgettext("record kind", "capacity rating"),
    "health_check": lambda: pgettext("record kind", "health check"),
    "phase_change": lambda: pgettext("record kind", "phase change"),
    "checklist_mark": lambda: pgettext("record kind", "checklist mark"),
    "reading": lambda: pgettext("record kind", "reading"),
    "win": lambda: pgettext("record kind", "win"),
    "attendance": lambda: pgettext("record kind", "attendance mark"),
    "resource_cause": lambda: pgettext("record kind", "resource link"),
    "ballot": lambda: pgettext("record kind", "ballot line"),
    "tally": lambda: pgettext("record kind", "vote total"),
    "vote_roll": lambda: pgettext("record kind", "vote roll entry"),
    "win_partner": lambda: pgettext("record kind", "partner credited"),
    "decision_stance": lambda: pgettext("record kind", "stance on a decision"),
    "imported_file": lambda: pgettext("record kind", "import record"),
    "imported_item": lambda: pgettext("record kind", "import record"),
    "sheet_layout": lambda: pgettext("record kind", "sheet layout"),
    "live_session": lambda: pgettext("record kind", "live session"),
    "live_inbox": lambda: pgettext("record kind", "live inbox entry"),
}


def noun(kind: str) -> str:
    """What one record of ``kind`` is called, in the current language: ``"organization"``,
    ``"organización"``; an unknown kind reads as "record"."""
    word = _SINGULAR.get(kind)
    return word() if word else pgettext("record kind", "record")
