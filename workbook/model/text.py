"""How typed names are cleaned and compared: one rule for the model, the store's uniqueness
checks and every importer's matching.

Two names that print alike must compare equal, so before a name is stored or compared it is
put in Unicode NFC form and stripped of characters that print as nothing (zero-width
space, joiners, soft hyphen, byte-order mark, word joiner and the like); comparison also
folds case and runs of white space.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["INVISIBLE", "NOT_FOR_DOCUMENTS", "comparable", "for_documents", "without_invisibles"]

INVISIBLE = frozenset({
    "\u00ad",  # soft hyphen
    "\u034f",  # combining grapheme joiner
    "\u061c",  # Arabic letter mark
    "\u115f", "\u1160", "\u3164", "\uffa0",  # Hangul fillers
    "\u17b4", "\u17b5",  # Khmer inherent vowels
    "\u180b", "\u180c", "\u180d", "\u180e", "\u180f",  # Mongolian selectors and separator
    "\u200b", "\u200c", "\u200d",  # zero-width space, non-joiner, joiner
    "\u2060", "\u2061", "\u2062", "\u2063", "\u2064",  # word joiner, invisible operators
    "\ufeff",  # byte-order mark / zero-width no-break space
})
"""Characters that print as nothing; removed from names before storing or comparing."""

_SPACES = re.compile(r"\s+")

NOT_FOR_DOCUMENTS = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef"
    + "".join(f"{chr(plane << 16 | 0xFFFE)}{chr(plane << 16 | 0xFFFF)}" for plane in range(17))
    + "]")
"""Code points no XML document (SVG, xlsx, HTML) may hold or should: controls but tab, line
feed and carriage return (C0 and C1), lone surrogates and the Unicode noncharacters. The
model refuses them; exports replace any an old file still holds (``for_documents``)."""


def without_invisibles(value: str) -> str:
    """``value`` in NFC form with every character of ``INVISIBLE`` removed."""
    value = unicodedata.normalize("NFC", value)
    if any(ch in INVISIBLE for ch in value):
        value = "".join(ch for ch in value if ch not in INVISIBLE)
    return value


def comparable(value: str) -> str:
    """The key two names are compared by: NFC, no invisibles, case folded, single spaces.

    >>> comparable("Har\\u200browgate  College") == comparable("harrowgate college")
    True
    """
    return _SPACES.sub(" ", without_invisibles(value).casefold()).strip()


def for_documents(value: str) -> str:
    """``value`` with every ``NOT_FOR_DOCUMENTS`` code point replaced by U+FFFD (�).

    The model refuses these characters; a workbook stored before it did may hold some, and
    one of them would make an SVG chart or an xlsx file unreadable.
    """
    return NOT_FOR_DOCUMENTS.sub("\ufffd", value)
