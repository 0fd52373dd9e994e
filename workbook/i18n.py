"""Language access: message catalogs (gettext through Babel) and Babel's formatters.

Every sentence a person reads goes through :func:`_` (or :func:`ngettext` when it counts
something) with named placeholders filled in *after* translation::

    _("{name} joined the partnership.").format(name=partner.name)
    ngettext("{count} minute", "{count} minutes", n).format(count=n)

Whole sentences only: never glue translated pieces together, the order of words differs
between languages. Dates, times and numbers go through :func:`format_date`,
:func:`format_time` and :func:`format_number`, which follow the language too. Code names,
``--json`` keys and what people typed never go through a catalog.

The language is chosen, most specific first:

1. :func:`use_language` for a block (a request from a phone, one export, one e-mail): a
   context variable, so two threads or two tornado requests never see each other's;
2. :func:`set_default_language` for the process (the facilitator's setting, applied when a
   notebook opens the workbook);
3. US English.

Catalogs are ``workbook/locale/<code>/LC_MESSAGES/workbook.po``. A compiled ``.mo`` beside
the ``.po`` (``make catalogs``) is used when it is at least as new; otherwise the ``.po`` is
read with Babel at first use, so a fresh ``pip install -e .`` needs no compile step. Fuzzy
entries are never used (they fall back to English). English needs no catalog: the source
strings are US English.

:data:`PSEUDO` is a test language that wraps every catalog string in ``⟦…⟧``; a page
rendered in it shows at once any English that did not come from a catalog.
"""

from __future__ import annotations

import ast
import contextlib
import contextvars
import datetime as dt
import functools
import gettext as _gettext
import os
import re
import threading
from collections.abc import Iterable, Iterator, Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any, Generic, TypeVar

import babel
import babel.dates
import babel.lists
import babel.numbers

__all__ = [
    "DEFAULT_LANGUAGE", "LANGUAGE_NAMES", "LOCALE_DIR", "PSEUDO", "N_", "_",
    "available_languages", "babel_locale", "current_language", "default_language",
    "extract_tornado", "facilitator_settings_file", "format_date", "format_datetime",
    "format_decimal", "format_list",
    "format_minutes", "format_number", "format_percent", "format_time", "format_time_zone",
    "gettext",
    "language_name", "load_facilitator_language", "ngettext", "normalize_language",
    "npgettext", "pgettext", "save_facilitator_language",
    "set_default_language", "set_language_here", "translations", "use_language", "Titles",
]

K = TypeVar("K")

LOCALE_DIR = Path(__file__).parent / "locale"
"""Where the catalogs live: ``<code>/LC_MESSAGES/workbook.po`` (and ``.mo`` once compiled)."""

DOMAIN = "workbook"
DEFAULT_LANGUAGE = "en"
PSEUDO = "x-pseudo"
"""The pseudo-language of the tests: every catalog string comes back as ``⟦string⟧``."""

LANGUAGE_NAMES: dict[str, str] = {
    "en": "English",
    "es": "Español",
    "zh": "中文",
    "vi": "Tiếng Việt",
    "ko": "한국어",
    "tl": "Tagalog",
    PSEUDO: "⟦Pseudo⟧",
}
"""Each language's name in itself (what a language menu shows; never translated)."""

# The CLDR locale each language's dates and numbers follow: US English and US Spanish
# (month names in Spanish, but the decimal point and the grouping comma a US reader expects).
_BABEL_LOCALES = {"en": "en_US", "es": "es_US", PSEUDO: "en_US"}

_current: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "workbook_language", default=None)
_default = DEFAULT_LANGUAGE
_lock = threading.Lock()
_cache: dict[str, tuple[float, _gettext.NullTranslations]] = {}


# -- which language --------------------------------------------------------------------------

def available_languages() -> list[str]:
    """The languages people can choose: English and every language with a catalog, sorted
    with English first (codes such as ``["en", "es"]``)."""
    found = sorted(p.parent.parent.name for p in LOCALE_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))
    return [DEFAULT_LANGUAGE] + [c for c in found if c != DEFAULT_LANGUAGE]


def normalize_language(code: str | None, *, strict: bool = False) -> str:
    """A language code as the catalogs name it: ``"es-MX"``, ``"es_US"`` and ``" ES "`` give
    ``"es"``; ``None`` or ``""`` give the current language.

    An unknown language gives English, or raises ``ValueError`` naming the languages there
    are when ``strict`` (the CLI's ``--language`` and the settings use that).
    """
    if code is None or not str(code).strip():
        return current_language()
    text = str(code).strip()
    if text.lower() == PSEUDO:
        return PSEUDO
    base = re.split(r"[-_.@]", text.lower(), maxsplit=1)[0]
    if base in available_languages():
        return base
    if strict:
        raise ValueError(gettext(
            "There is no catalog for the language {code}. Choose one of: {codes} (README: "
            "'Adding a language').").format(code=repr(text),
                                           codes=", ".join(available_languages())))
    return DEFAULT_LANGUAGE


def language_name(code: str) -> str:
    """The language's name in itself (``"es"`` gives ``"Español"``), for menus."""
    return LANGUAGE_NAMES.get(code, code)


def set_default_language(code: str | None) -> str:
    """Set the process's language (the facilitator's setting); returns the code used.

    ``None`` goes back to US English. Blocks under :func:`use_language` keep theirs.
    """
    global _default
    _default = DEFAULT_LANGUAGE if code is None else normalize_language(code, strict=True)
    return _default


def default_language() -> str:
    """The process's language, as :func:`set_default_language` left it."""
    return _default


def current_language() -> str:
    """The language of what is being made now: the innermost :func:`use_language`, else
    the process's default."""
    return _current.get() or _default


@contextlib.contextmanager
def use_language(code: str | None) -> Iterator[str]:
    """Make everything inside the block in ``code`` (normalized; ``None`` keeps the current
    language). Yields the code used. Safe across threads and asyncio tasks."""
    chosen = normalize_language(code)
    token = _current.set(chosen)
    try:
        yield chosen
    finally:
        _current.reset(token)


def facilitator_settings_file() -> Path:
    """Where the facilitator's language is kept for every notebook they open:
    ``$XDG_CONFIG_HOME/partnership-workbook/language`` (``~/.config/...`` by default)."""
    base = os.environ.get("XDG_CONFIG_HOME", "").strip()
    return (Path(base) if base else Path.home() / ".config") / "partnership-workbook" / "language"


def load_facilitator_language() -> str:
    """Apply the facilitator's language (the setting the start page writes) as the
    process's default and return it; US English when none is set or it is unreadable."""
    try:
        text = facilitator_settings_file().read_text("ascii").strip()
    except (OSError, UnicodeDecodeError):
        text = ""
    code = text if text in available_languages() else DEFAULT_LANGUAGE
    return set_default_language(code)


def save_facilitator_language(code: str) -> str:
    """Keep ``code`` as the facilitator's language and apply it now; returns the code.

    Raises ``ValueError`` for a language there is no catalog for, ``OSError`` when the
    settings folder cannot be written."""
    chosen = normalize_language(code, strict=True)
    target = facilitator_settings_file()
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_suffix(".tmp")
    temporary.write_text(chosen, "ascii")
    os.replace(temporary, target)
    return set_default_language(chosen)


def set_language_here(code: str | None) -> str:
    """Set the language for the rest of the current context (a tornado request's own task,
    a thread) without a block to leave; returns the code used. Use :func:`use_language`
    wherever a block fits."""
    chosen = normalize_language(code)
    _current.set(chosen)
    return chosen


def babel_locale(code: str | None = None) -> babel.Locale:
    """The CLDR locale dates and numbers follow for ``code`` (default: the current one)."""
    lang = normalize_language(code) if code else current_language()
    return babel.Locale.parse(_BABEL_LOCALES.get(lang, lang))


# -- catalogs ---------------------------------------------------------------------------------

_PLACEHOLDER = re.compile(r"(\{\{|\}\}|\{[^{}]*\})")


def _mark(message: str) -> str:
    """``message`` in markers, each ``{placeholder}`` left outside them: what fills it in
    later must be marked by its own source (a catalog string, a formatter) or be typed
    text, so English slipped into a placeholder still shows. ``{{`` and ``}}`` stay
    inside, as literal braces."""
    out, run = [], ""
    for part in _PLACEHOLDER.split(message):
        if part.startswith("{") and part != "{{":
            out.append(f"⟦{run}⟧" if run else "")
            out.append(part)
            run = ""
        else:
            run += part
    out.append(f"⟦{run}⟧" if run or not out else "")
    return "".join(out)


class _Pseudo(_gettext.NullTranslations):
    """Every catalog string wrapped in markers (tests only). With ``strict`` set
    (``testing.pseudo.strict_markers``), placeholders stay outside the markers."""

    strict = False

    def _wrap(self, message: str) -> str:
        return _mark(message) if self.strict else f"⟦{message}⟧"

    def gettext(self, message: str) -> str:
        return self._wrap(message)

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        return self._wrap(msgid1 if n == 1 else msgid2)

    def pgettext(self, context: str, message: str) -> str:
        return self._wrap(message)

    def npgettext(self, context: str, msgid1: str, msgid2: str, n: int) -> str:
        return self._wrap(msgid1 if n == 1 else msgid2)


_NULL = _gettext.NullTranslations()
_PSEUDO = _Pseudo()


class _PoTranslations(_gettext.GNUTranslations):
    """A catalog read from its ``.po``, holding what the ``.mo`` compiled from it would
    (babel's ``write_mo`` without fuzzy entries, then ``GNUTranslations``), made without
    writing and sorting that file: a notebook's first Spanish words come a third sooner."""

    def __init__(self, catalog: Any) -> None:
        _gettext.NullTranslations.__init__(self)  # nothing to parse: filled below
        self._charset = "utf-8"
        self.plural = _gettext.c2py(catalog.plural_expr)  # type: ignore[attr-defined]
        entries: dict[Any, str] = {}
        for message in catalog:
            if not message.id:
                entries[""] = message.string  # the header, as in a .mo
                continue
            if not message.string or message.fuzzy:
                continue  # untranslated and fuzzy entries
            if message.pluralizable:
                first = message.id[0]
                key = f"{message.context}\x04{first}" if message.context else first
                for index, text in enumerate(message.string):
                    entries[(key, index)] = text or message.id[min(index, 1)]
            else:
                key = (f"{message.context}\x04{message.id}" if message.context
                       else message.id)
                entries[key] = message.string
        self._catalog = entries  # type: ignore[assignment]


def _load(po: Path) -> _gettext.NullTranslations:
    mo = po.with_suffix(".mo")
    if mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
        with mo.open("rb") as handle:
            return _gettext.GNUTranslations(handle)
    from babel.messages.pofile import read_po

    with po.open("rb") as handle:
        catalog = read_po(handle, locale=po.parent.parent.name, domain=DOMAIN)
    return _PoTranslations(catalog)


def translations(code: str | None = None) -> _gettext.NullTranslations:
    """The catalog of ``code`` (default: the current language), loaded once and reloaded
    when its file changes. English and unknown languages give the source strings."""
    lang = normalize_language(code) if code else current_language()
    if lang == PSEUDO:
        return _PSEUDO
    if lang == DEFAULT_LANGUAGE:
        return _NULL
    po = LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
    if not po.exists():
        return _NULL
    stamp = po.stat().st_mtime
    with _lock:
        cached = _cache.get(lang)
        if cached is None or cached[0] != stamp:
            cached = (stamp, _load(po))
            _cache[lang] = cached
    return cached[1]


def gettext(message: str) -> str:
    """``message`` in the current language (the source string when it has no translation)."""
    return translations().gettext(message)


_ = gettext


def ngettext(singular: str, plural: str, n: int) -> str:
    """The form of ``singular``/``plural`` the current language uses for ``n`` (the catalog's
    plural rule). Fill ``{count}`` afterwards: ``ngettext(...).format(count=n)``."""
    return translations().ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    """``message`` in the current language, told apart from the same English word used
    elsewhere by ``context`` (e.g. ``pgettext("vote", "Close")``)."""
    return translations().pgettext(context, message)


def npgettext(context: str, singular: str, plural: str, n: int) -> str:
    """:func:`ngettext` with a context."""
    return translations().npgettext(context, singular, plural, n)


def N_(message: str) -> str:
    """Mark ``message`` for the catalog without translating it now (module-level tables
    translated when shown: ``_(TITLES[key])``)."""
    return message


class Titles(Mapping[K, str], Generic[K]):
    """A table of key -> title whose titles read in the current language.

    ``reference.PARTNER_TYPES["labour"]`` gives ``"Labor"`` in English and ``"Sindicato"``
    in Spanish; ``.raw`` holds the English source strings (marked with :func:`N_` so the
    catalog extracts them). Keys never change: they are what the store holds.
    """

    def __init__(self, titles: Mapping[K, str]) -> None:
        self.raw: dict[K, str] = dict(titles)

    def __getitem__(self, key: K) -> str:
        return gettext(self.raw[key])

    def __iter__(self) -> Iterator[K]:
        return iter(self.raw)

    def __len__(self) -> int:
        return len(self.raw)

    def __repr__(self) -> str:
        return f"Titles({self.raw!r})"


# -- formatters -------------------------------------------------------------------------------

def _plain(text: str, language: str | None = None) -> str:
    # CLDR puts a narrow no-break space before AM/PM; plain text, e-mail and terminals show
    # it badly, a no-break space keeps "2:30 PM" on one line all the same. In the pseudo
    # language the result is marked like a catalog string: it followed the language.
    text = text.replace("\u202f", "\u00a0")
    lang = normalize_language(language) if language else current_language()
    return f"⟦{text}⟧" if lang == PSEUDO else text


def format_date(value: dt.date | None, style: str = "long", *, language: str | None = None,
                none: str = "–") -> str:
    """A date for people: ``"January 21, 2027"`` in English, ``"21 de enero de 2027"`` in
    Spanish (``style`` ``"long"``); ``"medium"`` gives ``"Jan 21, 2027"``; ``"short"``
    ``"1/21/27"``. ``None`` gives ``none``."""
    if value is None:
        return none
    if isinstance(value, dt.datetime):
        value = value.date()
    lang = normalize_language(language) if language else current_language()
    return _date_text(value, style, lang)


@functools.lru_cache(maxsize=8192)
def _date_text(value: dt.date, style: str, lang: str) -> str:
    """``format_date`` of one day in one language: a table of a thousand actions repeats
    the same few hundred dates, each formatted by Babel once."""
    return _plain(babel.dates.format_date(value, style, locale=babel_locale(lang)), lang)


def format_time(value: dt.time | dt.datetime | None, style: str = "short", *,
                language: str | None = None, none: str = "–") -> str:
    """A time of day: ``"2:30 PM"`` in English, ``"2:30 p.m."`` in Spanish (``"medium"``
    adds seconds). An aware datetime is shown in the machine's local time."""
    if value is None:
        return none
    if isinstance(value, dt.datetime):
        value = (value.astimezone() if value.tzinfo else value).time()
    return _plain(babel.dates.format_time(value, style, locale=babel_locale(language)),
                  language)


def format_time_zone(name: str | None, *, language: str | None = None, none: str = "–") -> str:
    """A time zone in words from its IANA name: ``"America/New_York"`` reads ``"Eastern
    Time"`` in English and ``"hora oriental"`` in Spanish (CLDR's generic name, through
    Babel). A zone without such a name reads ``"Honolulu time"`` (its city in the
    language); a name Babel does not know, or a bare offset (``UTC``, ``Etc/GMT+5``), is
    shown as given: a code, not English. ``none`` stands for a missing zone."""
    if not name:
        return none
    if name.upper() in ("UTC", "GMT") or name.startswith("Etc/"):
        return name
    locale = babel_locale(language)
    try:
        zone = babel.dates.get_timezone(name)
    except LookupError:
        return name
    words = babel.dates.get_timezone_name(zone, "long", zone_variant="generic", locale=locale)
    if "(" not in words and "GMT" not in words:  # a true name, not CLDR's fallback
        return _plain(words, language)
    city = babel.dates.get_timezone_location(zone, locale=locale, return_city=True)
    with use_language(language):
        return _("{city} time").format(city=_plain(city, language))


def format_datetime(value: dt.datetime | None, *, language: str | None = None,
                    none: str = "–") -> str:
    """A date and a time: ``"January 21, 2027, 2:30 PM"`` (local time when aware)."""
    if value is None:
        return none
    local = value.astimezone() if value.tzinfo else value
    return _("{date}, {time}").format(date=format_date(local, language=language),
                                      time=format_time(local, language=language))


def format_number(value: int | float | Decimal, *, language: str | None = None,
                  digits: int | None = None) -> str:
    """A count or amount with the language's grouping: ``"12,345"``, ``"1,234.5"``;
    ``digits`` fixes the digits after the point (``digits=1``: ``"4.0"``)."""
    pattern = None if digits is None else "#,##0" + ("." + "0" * digits if digits else "")
    return babel.numbers.format_decimal(value, pattern, locale=babel_locale(language))


format_decimal = format_number


def format_percent(value: float, *, language: str | None = None, digits: int = 0) -> str:
    """A share (0.5 is half) as a percentage: ``"50%"`` (``digits`` after the point)."""
    pattern = "#,##0" + ("." + "0" * digits if digits else "") + "%"
    return babel.numbers.format_percent(value, pattern, locale=babel_locale(language))


def format_list(items: Iterable[str], style: str = "standard", *,
                language: str | None = None) -> str:
    """``"a, b, and c"`` in English, ``"a, b y c"`` in Spanish (``style="or"``: "or")."""
    return _plain(babel.lists.format_list(list(items), style,  # type: ignore[arg-type]
                                          locale=babel_locale(language)), language)


def format_minutes(minutes: int) -> str:
    """``"1 minute"``, ``"2 minutes"`` (the catalog's plural rule)."""
    return ngettext("{count} minute", "{count} minutes", minutes).format(
        count=format_number(minutes))


# -- extraction -------------------------------------------------------------------------------

_LITERAL = r"""(?:"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')"""
_CALL = re.compile(r"\b(?P<fn>_|gettext|ngettext|pgettext)\(\s*(?P<args>(?:" + _LITERAL
                   + r"\s*,?\s*)+)")
_STRING = re.compile(_LITERAL)


def extract_tornado(fileobj: Any, keywords: Any, comment_tags: Any,
                    options: Any) -> Iterator[tuple[int, str, Any, list[str]]]:
    """Babel extractor for the live room's tornado templates (``pyproject.toml`` maps it):
    ``{{ _("...") }}`` and ``{{ ngettext("...", "...", n) }}`` with string literals."""
    text = fileobj.read().decode(options.get("encoding", "utf-8"))
    for match in _CALL.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        strings = [ast.literal_eval(s) for s in _STRING.findall(match["args"])]
        fn = match["fn"]
        if fn in ("ngettext", "pgettext") and len(strings) >= 2:
            yield line, fn, (strings[0], strings[1]), []
        elif strings:
            yield line, fn, strings[0], []
