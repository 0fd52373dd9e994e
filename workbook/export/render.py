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

Words come from the message catalog (``workbook.i18n``) in the current language: the
templates call ``_()`` and ``ngettext()``, which give a :class:`Sentence`, the escaped
translation whose ``format()`` escapes and isolates each value it is given, so typed text
can stand inside a translated sentence and still comes out inside ``<bdi>``. Dates,
numbers and lists follow the language too (Babel).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path
from typing import Any

import jinja2
import markupsafe

from .. import i18n, reference
from .cache import template_cache
from .records import EDITIONS, ROW_LIMIT, Glance, Summary, to_data

__all__ = ["FRAGMENTS", "Fragment", "render_fragments"]

TEMPLATES = Path(__file__).parent / "templates"

@dataclass(frozen=True)
class Fragment:
    """One rendered section: its key, its heading, the escaped HTML and its record.

    ``data`` is the record as JSON-ready values (``records.to_data``), made when first
    asked for: a view showing the HTML never pays for it."""

    key: str
    title: str
    html: markupsafe.Markup
    record: Any

    @cached_property
    def data(self) -> Any:
        """The section's record as JSON-ready dicts, lists and ISO dates."""
        return to_data(self.record)


def long_date(value: dt.date) -> str:
    """``March 14, 2026`` in English, ``14 de marzo de 2026`` in Spanish: the month in
    words, so no month-or-day-first confusion."""
    return i18n.format_date(value)


def percent(value: float) -> str:
    """``0.25`` as ``25%`` in the current language."""
    return i18n.format_percent(value)


def decimal1(value: float) -> str:
    """A mean with one digit after the point: ``3.5``."""
    return i18n.format_number(value, digits=1)


class Sentence(markupsafe.Markup):
    """A translated sentence, escaped; ``format`` isolates and escapes what it is given."""

    __slots__ = ()

    def format(self, *args: Any, **kwargs: Any) -> Sentence:
        return Sentence(super().format(*(isolated(a) for a in args),
                                       **{k: isolated(v) for k, v in kwargs.items()}))


def _escaped(text: str) -> Sentence:
    # An apostrophe stays one ("Facilitator's"): every attribute in the templates is
    # double-quoted, so only <, >, & and " need escaping.
    return Sentence(str(markupsafe.escape(text)).replace("&#39;", "'"))


def _gettext(message: str) -> Sentence:
    return _escaped(i18n.gettext(message))


def _ngettext(singular: str, plural: str, n: int) -> Sentence:
    return _escaped(i18n.ngettext(singular, plural, n))


def typed_lang() -> markupsafe.Markup:
    """`` lang="en"`` on an element holding typed text when the summary is made in another
    language than the one the records are typed in (the facilitator's, ``i18n``'s
    default), so a screen reader reads each part in its own language; ``""`` otherwise."""
    typed = i18n.default_language()
    if typed == i18n.current_language():
        return markupsafe.Markup("")
    return markupsafe.Markup(' lang="{}"').format(typed)


def strong(value: Any) -> markupsafe.Markup:
    """A value in bold, isolated."""
    return markupsafe.Markup(f"<strong>{markupsafe.escape(isolated(value))}</strong>")


def list_of(values: Any) -> markupsafe.Markup:
    """``a, b, and c`` (``a, b y c``): each value escaped and isolated."""
    return markupsafe.Markup(i18n.format_list([str(markupsafe.escape(isolated(v)))
                                               for v in values]))


def isolated(value: Any) -> Any:
    """A printed text escaped inside ``<bdi>``; markup and numbers as they are.

    ``<bdi>`` isolates its content in both directions (its direction is taken from its own
    first strong letter, as ``dir="auto"``), whatever direction controls the text holds.
    """
    if isinstance(value, str) and not isinstance(value, markupsafe.Markup):
        # Not Markup.format(): the same escaping without string.Formatter, which a
        # summary of thousands of values paid for (a third of its rendering).
        return markupsafe.Markup(f"<bdi>{markupsafe.escape(value)}</bdi>")
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
        extensions=["jinja2.ext.i18n"],
        bytecode_cache=template_cache(),  # compiled once, not on every fresh process
    )
    # Called at render time, so each render speaks the current language (i18n.use_language).
    env.install_gettext_callables(_gettext, _ngettext, newstyle=False)  # type: ignore[attr-defined]
    env.filters["attr"] = attribute
    env.filters["long_date"] = long_date
    env.filters["percent"] = percent
    env.filters["decimal1"] = decimal1
    env.filters["clock"] = lambda value: i18n.format_time(value)
    env.filters["zone"] = lambda value: i18n.format_time_zone(value)
    env.filters["strong"] = strong
    env.filters["list_of"] = list_of
    env.globals["row_limit"] = ROW_LIMIT  # the longest list a section shows
    env.globals["command_code"] = markupsafe.Markup("<code>workbook export-tables</code>")
    env.globals["typed_lang"] = typed_lang
    # An action's status as its row holds it (in the language of the summary): "Open" goes
    # without saying under "Who does what by when"; "Done" or "Under way" is said.
    env.globals["open_status"] = lambda: reference.ACTION_STATUSES["open"]
    return env


def _render(name: str, **values: Any) -> markupsafe.Markup:
    return markupsafe.Markup(environment().get_template(f"{name}.html.j2").render(**values))


# key, heading, template variable, Summary attribute: in the order of the page.
FRAGMENTS: tuple[tuple[str, str, str, str], ...] = (
    ("glance", i18n.N_("At a glance"), "g", "glance"),
    ("meeting", i18n.N_("The meeting"), "m", "meeting"),
    ("attendance", i18n.N_("Who was at the table"), "a", "attendance"),
    ("time_boxes", i18n.N_("Time boxes: planned and spent"), "t", "time_boxes"),
    ("carry_over", i18n.N_("Earlier actions reviewed"), "c", "carry_over"),
    ("decisions", i18n.N_("Decisions"), "decisions", "decisions"),
    ("wins", i18n.N_("Wins to celebrate"), "w", "wins"),
    ("offers", i18n.N_("What partners bring and need"), "offers", "offers"),
    ("naming", i18n.N_("Naming the partnership"), "n", "naming"),
    ("resources", i18n.N_("Resource map: what is new or changed"), "r", "resources"),
    ("framing", i18n.N_("Problem framing"), "f", "framing"),
    ("actions", i18n.N_("Actions"), "x", "actions"),
    ("progress", i18n.N_("Progress on our outcomes"), "pg", "progress"),
    ("momentum", i18n.N_("Momentum"), "mo", "momentum"),
    ("evaluation", i18n.N_("How the meeting went"), "e", "evaluation"),
    ("notes", i18n.N_("Facilitator's notes"), "notes", "notes"),
    ("comments", i18n.N_("Comments left about this meeting"), "comments", "comments"),
)
"""The sections of a summary; one whose record is empty or ``None`` is left out."""


def render_fragments(summary: Summary) -> list[Fragment]:
    """The header, then every non-empty section, rendered and escaped."""
    fragments = [Fragment("header", summary.title,
                          _render("header", p=summary.partnership, m=summary.meeting,
                                  edition=summary.edition,
                                  edition_title=EDITIONS[summary.edition]),
                          summary.partnership)]
    for key, title, variable, attribute in FRAGMENTS:
        record = getattr(summary, attribute)
        if not record:
            continue
        fragments.append(Fragment(key, i18n.gettext(title),
                                  _render(key, edition=summary.edition, **{variable: record}),
                                  record.as_shown() if isinstance(record, Glance) else record))
    return fragments
