"""File-name parts made from names people typed: plain lowercase ASCII, never a path.

``slug`` turns a title into the part of a file or folder name the exports use;
``export_folder_name`` is the name of a partnership's own export folder, fixed when its
workbook is created (or upgraded): the title's slug then, plus the start of the
partnership's id, so two partnerships never share a folder whatever script their titles are
written in (a Cyrillic or Arabic title has no ASCII letters: its slug is the fallback).
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["export_folder_name", "slug"]

_SLUG_LIMIT = 60


def slug(text: str, fallback: str = "partnership") -> str:
    """A lowercase ASCII file-name part: ``"Valley Makers Alliance"`` -> ``valley-makers-alliance``.

    Anything else (slashes, dots, spaces, accents) collapses to hyphens, so a name can never
    climb out of the exports folder or hide a file. Text with no ASCII letters or digits
    gives ``fallback``.
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    cleaned = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    cleaned = cleaned[:_SLUG_LIMIT].rstrip("-")
    return cleaned or fallback


def export_folder_name(title: str, partnership_uid: str) -> str:
    """``<title-slug>-<8 hex digits of the partnership id>``, e.g. ``valley-makers-1a2b3c4d``.

    ``partnership_uid`` is 32 hex digits, or ``legacy-`` and 32 hex digits for workbooks
    made before it was stored; only its hex digits count.
    """
    digits = re.sub(r"[^0-9a-f]", "", partnership_uid.removeprefix("legacy-").lower())
    return f"{slug(title)}-{(digits or '0')[:8]}"
