"""The pseudo-locale check: render a page in ``i18n.PSEUDO`` (every catalog string comes out
as ``⟦string⟧``) and see which words stand outside the markers.

A word outside every marker did not come from the catalog: English a Spanish reader would
see. What people typed (names, statements, sectors) is allowed, taken from the workbook
itself (``typed_texts``), and so are the few names a page shows in every language (the
language menu's own names).
"""

from __future__ import annotations

import contextlib
import dataclasses
import html
import re
from collections.abc import Iterable, Iterator

from .. import i18n
from ..model import ENTITIES
from ..store import Workbook

__all__ = ["ALWAYS", "english_left", "html_text", "strict_markers", "typed_texts", "unwrapped",
           "where"]

_MARKED = re.compile(r"⟦[^⟦⟧]*⟧")
_WORD = re.compile(r"[^\W\d_][^\W\d_'’]+")
ALWAYS = frozenset({"english", "español", "language", "idioma", "ok", "pdf"})
"""Words every page may show in any language: the language menu names itself in both."""


def unwrapped(text: str) -> str:
    """``text`` without anything between markers (innermost first: a translated sentence
    may hold a translated piece)."""
    while True:
        shorter = _MARKED.sub(" ", text)
        if shorter == text:
            return text
        text = shorter


def html_text(markup: str) -> str:
    """What a person meets in a page: its text and the attributes read out or shown
    (``aria-label``, ``alt``, ``title``, ``placeholder``, ``label``), unescaped; styles,
    scripts and comments left out."""
    markup = re.sub(r"(?is)<(style|script)\b.*?</\1>|<!--.*?-->", " ", markup)
    shown = re.findall(r'(?i)\b(?:aria-label|alt|title|placeholder|label)="([^"]*)"', markup)
    text = re.sub(r"<[^>]+>", " ", markup)
    return html.unescape(" ".join([text, *shown]))


def typed_texts(wb: Workbook, more: Iterable[str] = ()) -> list[str]:
    """Every text stored in the workbook (what people typed), plus ``more``; longest
    first, so a text is taken out whole before a shorter one inside it."""
    texts = list(more)
    for cls in ENTITIES:
        for entity in wb.all(cls):
            for f in dataclasses.fields(entity):
                rule = f.metadata.get("rule")
                if rule is None or rule.kind not in ("text", "text_list") \
                        or f.name == "languages":
                    continue  # keys ("open", "business") and language codes are code
                value = getattr(entity, f.name)
                if isinstance(value, str):
                    texts.append(value)
                elif isinstance(value, tuple):
                    texts.extend(v for v in value if isinstance(v, str))
    return sorted({t.strip() for t in texts if t.strip()}, key=len, reverse=True)


def english_left(text: str, typed: Iterable[str] = ()) -> list[str]:
    """The words of ``text`` outside every marker, once the ``typed`` texts (whole, as
    ``typed_texts`` gives them) are taken out, that are not ``ALWAYS``: ``[]`` when
    everything a person reads came from the catalog or from what people typed."""
    plain = unwrapped(text)
    for piece in typed:
        plain = plain.replace(piece, " ")
    plain = re.sub(r"[^⟦⟧\n]{1,70}…", " ", plain)  # typed text cut short in a menu ("…")
    return sorted({w for w in _WORD.findall(plain) if w.casefold() not in ALWAYS})


def where(text: str, words: Iterable[str], width: int = 40) -> list[str]:
    """Where each of ``words`` stands in ``text`` outside the markers (for a failing
    test's message)."""
    plain = unwrapped(text)
    found = []
    for word in words:
        match = re.search(rf"\b{re.escape(word)}\b", plain)
        if match:
            found.append(plain[max(0, match.start() - width):match.end() + width])
    return found


@contextlib.contextmanager
def strict_markers() -> Iterator[None]:
    """Inside the block, the pseudo-language leaves each ``{placeholder}`` outside the
    markers (``"⟦Current phase: ⟧{title}"``): what fills it in must be marked by its own
    source or be typed text, so English handed in through a placeholder shows too."""
    pseudo = i18n.translations(i18n.PSEUDO)
    before = getattr(pseudo, "strict", False)
    pseudo.strict = True  # type: ignore[attr-defined]
    try:
        yield
    finally:
        pseudo.strict = before  # type: ignore[attr-defined]
