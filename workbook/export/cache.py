"""The user's cache folder, and the compiled summary templates kept in it.

A fresh ``workbook export`` used to spend about as long compiling the summary's Jinja
templates to Python as writing the summary. ``template_cache()`` keeps the compiled code
in ``$XDG_CACHE_HOME/partnership-workbook/templates`` (``~/.cache`` by default), so only
the first export after an install or a template change compiles them. An entry is used
only when its template's source is unchanged (Jinja checks a digest of it) and it was
compiled by this package version, this Jinja, this Python and this module's and the
environments' code (the key holds a digest of them); anything else compiles afresh. A
cache that cannot be read or written only costs time. ``WORKBOOK_TEMPLATE_CACHE`` names
another folder, or ``off`` to compile every time.
"""

from __future__ import annotations

import hashlib
import os
import sys
from functools import cache
from pathlib import Path

import jinja2
from jinja2.bccache import Bucket

from .. import __version__

__all__ = ["template_cache", "template_cache_dir", "user_cache_dir"]

_ENVIRONMENT_SOURCES = ("cache.py", "render.py", "html.py")
"""The modules whose code decides how templates compile (the environments' settings)."""

_OFF = ("off", "0", "no")


def user_cache_dir() -> Path:
    """``$XDG_CACHE_HOME/partnership-workbook`` (``~/.cache/partnership-workbook``)."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "partnership-workbook"


def template_cache_dir() -> Path | None:
    """``user_cache_dir() / "templates"``, the folder ``WORKBOOK_TEMPLATE_CACHE`` names, or
    ``None`` when it says ``off``."""
    setting = os.environ.get("WORKBOOK_TEMPLATE_CACHE", "").strip()
    if setting.lower() in _OFF:
        return None
    return Path(setting) if setting else user_cache_dir() / "templates"


@cache
def _salt() -> str:
    digest = hashlib.sha256(f"{__version__}|{jinja2.__version__}|{sys.version}".encode())
    here = Path(__file__).parent
    for name in _ENVIRONMENT_SOURCES:
        digest.update(name.encode() + b"\0" + (here / name).read_bytes())
    return digest.hexdigest()


class _TemplateCache(jinja2.FileSystemBytecodeCache):
    """Jinja's file cache, keyed by ``_salt()`` too, and quiet about a broken cache."""

    def __init__(self, folder: Path) -> None:
        super().__init__(str(folder), "%s.jinja")
        self.folder = folder

    def get_cache_key(self, name: str, filename: str | None = None) -> str:
        text = f"{_salt()}|{name}|{filename or ''}"
        return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()

    def load_bytecode(self, bucket: Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except Exception:  # unreadable or truncated: pickle and marshal raise many kinds
            bucket.reset()

    def dump_bytecode(self, bucket: Bucket) -> None:
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            super().dump_bytecode(bucket)  # a side file moved into place
        except OSError:
            pass  # a cache that cannot be written only costs time


def template_cache() -> jinja2.BytecodeCache | None:
    """A ``jinja2.BytecodeCache`` for an environment's ``bytecode_cache``, or ``None``
    when the cache is off (``WORKBOOK_TEMPLATE_CACHE=off``)."""
    folder = template_cache_dir()
    return _TemplateCache(folder) if folder is not None else None
