"""Which language a participant reads: picked on their page, remembered for their browser.

The participant app (Voila, one kernel per page) and the phone pages of the live room both
ask here. A choice is kept per browser key (``visitor``, see ``participant.session``) in the
drafts folder, so the page opens in it again next time; a link may also carry ``?lang=es``.
Nothing here is typed by anyone but the language menu, and only known codes are kept.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from ..i18n import available_languages, normalize_language
from .session import _query_values

__all__ = ["language_from_query", "remember_language", "remembered_language"]


def language_from_query(query: str | None = None) -> str | None:
    """The language a link asks for (``?lang=es`` or ``?lang=es-MX`` give ``"es"``), or
    None when it asks for none or for one without a catalog. ``query`` defaults to
    ``$QUERY_STRING``."""
    values = _query_values(query, "lang")
    if not values or len(values[-1]) > 20:
        return None
    code = normalize_language(values[-1])
    return code if code in available_languages() and (
        code != "en" or values[-1].lower().startswith("en")) else None


_VISITOR = re.compile(r"[0-9a-f]{32}")


def _path(folder: Path, visitor: str | None) -> Path | None:
    if visitor is None or not _VISITOR.fullmatch(visitor):
        return None
    return folder / f"language-{visitor}.txt"


def remembered_language(folder: Path, visitor: str | None) -> str | None:
    """The language this browser picked before, or None (no key, nothing kept, or a
    language whose catalog is gone)."""
    path = _path(folder, visitor)
    if path is None:
        return None
    try:
        text = path.read_text("ascii").strip()
    except (OSError, UnicodeDecodeError):
        return None
    return text if text in available_languages() else None


def remember_language(folder: Path, visitor: str | None, code: str) -> None:
    """Keep ``code`` (a language with a catalog) for this browser; nothing without a key.

    Raises ``ValueError`` for a language there is no catalog for."""
    chosen = normalize_language(code, strict=True)
    target = _path(folder, visitor)
    if target is None:
        return
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    temporary = target.with_suffix(".tmp")
    temporary.write_text(chosen, "ascii")
    os.replace(temporary, target)
