"""Plain messages for the PostgreSQL failures a person can do something about.

Shared by the store (``postgres.translate_pg_error``) and the live room
(``live/backend.py``, ``live/app.py``), so a facilitator reads the same sentence whichever
part of the workbook met the problem. ``server_problem(exc, where)`` covers what does not
depend on what was being done: the server cannot be reached, the login is refused, the
database does not exist, the server's disk is full, the server is read-only or has no
connection left, a statement was cancelled (``statement_timeout``); it returns None for
anything else (a rule of the caller's own, or a bug). ``exc`` is a ``psycopg.Error`` (or
the ``orig`` of SQLAlchemy's wrapper); ``where`` names the database without its password
(``safe_where``).
"""

from __future__ import annotations

from ..errors import DiskFullError, StoreError
from ..i18n import _

__all__ = ["PERMISSION_DENIED", "safe_where", "server_problem"]

PERMISSION_DENIED = "42501"

_UNREACHABLE = ("connection refused", "could not connect", "connection failed",
                "server closed the connection", "connection timeout", "timeout expired",
                "could not translate host name", "no route to host", "terminating connection")


def safe_where(dsn: str) -> str:
    """``dsn`` (a URL or ``key=value`` connection string) as "database D on HOST:PORT",
    never with its password."""
    try:
        from psycopg.conninfo import conninfo_to_dict

        parts = conninfo_to_dict(dsn)
    except Exception:  # not a connection string this driver reads: say nothing of it
        return _("the database")
    host = str(parts.get("host") or "localhost")
    port = f":{parts['port']}" if parts.get("port") else ""
    return _("database {name} on {host}").format(name=parts.get("dbname") or parts.get("user")
                                                 or "?", host=f"{host}{port}")


def _reason(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return text if len(text) <= 300 else text[:297] + "…"


def server_problem(exc: BaseException, where: object) -> StoreError | None:
    """The plain ``StoreError`` for a server-side failure of ``exc``, or None."""
    state = getattr(exc, "sqlstate", None) or ""
    text = str(exc).lower()
    if state == "53100" or "no space left on device" in text or "could not extend file" in text:
        return DiskFullError(_("The database server of {where} has run out of disk space; "
                               "nothing was saved. Ask its administrator to free space, then "
                               "do it again.").format(where=where))
    if state == "3D000" or ("database" in text and "does not exist" in text):
        return StoreError(_("There is no such database at {where}; nothing was changed. "
                            "Check the database's name in the URL, or ask the administrator "
                            "to create it and run `workbook db init`.").format(where=where))
    if state in ("28P01", "28000") or "password authentication failed" in text \
            or "no password supplied" in text:
        return StoreError(_("The database at {where} refused the login (wrong role or "
                            "password); nothing was changed. Check the role and password "
                            "in the URL.").format(where=where))
    if state in ("53300", "57P03") or "too many clients" in text:
        return StoreError(_("The database at {where} is too busy to take another connection "
                            "just now; nothing was changed. Wait a minute, then try "
                            "again.").format(where=where))
    if state == "25006":
        return StoreError(_("The database at {where} takes no changes just now (it is "
                            "read-only); nothing was saved. Ask its administrator.").format(
            where=where))
    if state == "57014":
        return StoreError(_("The database server of {where} stopped the work before it was "
                            "done (it took longer than the server allows, or was "
                            "cancelled); nothing was saved. Try again; if it keeps happening, "
                            "ask its administrator about its time limit "
                            "(statement_timeout).").format(where=where))
    if state.startswith("08") or state in ("57P01", "57P02") or (
            not state and any(words in text for words in _UNREACHABLE)):
        return StoreError(_("Could not reach the database for {target} ({reason}). Check "
                            "the URL, that the server runs, and the password.").format(
            target=where, reason=_reason(exc)))
    return None
