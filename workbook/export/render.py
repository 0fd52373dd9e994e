"""Turn a ``Summary`` into escaped HTML fragments, one per section.

The fragments are rendered by Jinja with autoescaping on, from the templates in
``templates/fragments/``: every value a participant typed comes out as text, whatever it
holds (markup, scripts, event handlers, ``javascript:`` links, Markdown image paths).
Nothing is run through a Markdown renderer, and nothing is read from disk because of what
the text says. Line breaks survive through CSS (``white-space: pre-line``), not markup.

Every text a template prints goes out inside ``<bdi>`` (the environment's ``finalize``):
a right-to-left override or an Arabic name typed in one field is isolated, so it never
reorders the words or fields around it. A value printed inside an attribute goes through
the ``attr`` filter instead, since an attribute cannot hold an element.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import jinja2
import markupsafe

from .records import EDITIONS, Summary, to_data

__all__ = ["FRAGMENTS", "Fragment", "render_fragments"]

TEMPLATES = Path(__file__).parent / "templates"

_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")


@dataclass(frozen=True)
class Fragment:
    """One rendered section: its key, its heading, the escaped HTML and its data."""

    key: str
    title: str
    html: markupsafe.Markup
    data: Any


def long_date(value: dt.date) -> str:
    """``14 March 2026``: the same in every locale, no month-or-day-first confusion."""
    return f"{value.day} {_MONTHS[value.month - 1]} {value.year}"


def percent(value: float) -> str:
    return f"{round(value * 100)}%"


def isolated(value: Any) -> Any:
    """A printed text escaped inside ``<bdi>``; markup and numbers as they are.

    ``<bdi>`` isolates its content in both directions (its direction is taken from its own
    first strong letter, as ``dir="auto"``), whatever direction controls the text holds.
    """
    if isinstance(value, str) and not isinstance(value, markupsafe.Markup):
        return markupsafe.Markup("<bdi>{}</bdi>").format(value)
    return value


def attribute(value: Any) -> markupsafe.Markup:
    """A value for an attribute: escaped, not wrapped (no element can stand there)."""
    return markupsafe.escape(value)


@cache
def environment() -> jinja2.Environment:
    """The fragment environment: autoescape everywhere, undefined names are errors."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES / "fragments"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=False,
        lstrip_blocks=False,
        auto_reload=False,
        finalize=isolated,
    )
    env.filters["attr"] = attribute
    env.filters["long_date"] = long_date
    env.filters["percent"] = percent
    return env


def _render(name: str, **values: Any) -> markupsafe.Markup:
    return markupsafe.Markup(environment().get_template(f"{name}.html.j2").render(**values))


# key, heading, template variable, Summary attribute: in the order of the page.
FRAGMENTS: tuple[tuple[str, str, str, str], ...] = (
    ("glance", "At a glance", "g", "glance"),
    ("meeting", "The meeting", "m", "meeting"),
    ("attendance", "Who was at the table", "a", "attendance"),
    ("time_boxes", "Time boxes: planned and spent", "t", "time_boxes"),
    ("carry_over", "Earlier actions reviewed", "c", "carry_over"),
    ("decisions", "Decisions", "decisions", "decisions"),
    ("wins", "Wins to celebrate", "w", "wins"),
    ("offers", "What partners bring and need", "offers", "offers"),
    ("naming", "Naming the partnership", "n", "naming"),
    ("resources", "Resource map: what is new or changed", "r", "resources"),
    ("framing", "Problem framing", "f", "framing"),
    ("actions", "Actions", "x", "actions"),
    ("progress", "Progress on our outcomes", "pg", "progress"),
    ("momentum", "Momentum", "mo", "momentum"),
    ("evaluation", "How the meeting went", "e", "evaluation"),
    ("notes", "Facilitator's notes", "notes", "notes"),
    ("comments", "Comments left about this meeting", "comments", "comments"),
)
"""The sections of a summary; one whose record is empty or ``None`` is left out."""


def render_fragments(summary: Summary) -> list[Fragment]:
    """The header, then every non-empty section, rendered and escaped."""
    fragments = [Fragment("header", summary.title,
                          _render("header", p=summary.partnership, m=summary.meeting,
                                  edition=summary.edition,
                                  edition_title=EDITIONS[summary.edition]),
                          to_data(summary.partnership))]
    for key, title, variable, attribute in FRAGMENTS:
        record = getattr(summary, attribute)
        if not record:
            continue
        fragments.append(Fragment(key, title, _render(key, edition=summary.edition,
                                                      **{variable: record}),
                                  to_data(record)))
    return fragments
