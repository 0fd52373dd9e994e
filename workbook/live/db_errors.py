"""The live room's database failures, in the words the store uses for its own.

``live_problem(exc, where)`` turns a ``psycopg.Error`` met by the live room (the
facilitator's ``PostgresInbox`` and its watcher, the participant service's pool) into a
``StoreError`` a facilitator can act on: what ``store.pg_errors.server_problem`` says for
an unreachable server, a refused login, a missing database or a full disk, and, for the
live room's own tables, a role that may not use them or tables not installed. It returns
None for anything else (a bug: shown as it is). ``translated(where)`` is the same as a
context manager that raises the translation (``from`` the original).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import psycopg

from ..errors import StoreError
from ..i18n import _
from ..store.live_schema import FACILITATORS
from ..store.pg_errors import PERMISSION_DENIED, safe_where, server_problem

__all__ = ["live_problem", "safe_where", "translated"]


def live_problem(exc: BaseException, where: str) -> StoreError | None:
    """The plain error for ``exc`` met by the live room at ``where``, or None."""
    problem = server_problem(exc, where)
    if problem is not None:
        return problem
    state = getattr(exc, "sqlstate", None) or ""
    text = str(exc).lower()
    if state == PERMISSION_DENIED or "permission denied" in text:
        return StoreError(_("Your database role may not use the live room at {where}; "
                            "nothing was changed. Ask the database administrator to make it "
                            "a live-room facilitator (GRANT {group} TO your role).").format(
            where=where, group=FACILITATORS))
    if state in ("42P01", "3F000"):  # no such table / schema
        return StoreError(_("The live room's tables are not installed at {where}; nothing "
                            "was changed. Ask the database administrator to run `workbook db "
                            "init --db ADMIN_URL` once.").format(where=where))
    return None


@contextlib.contextmanager
def translated(where: str) -> Iterator[None]:
    """Run the block; a ``psycopg.Error`` with a plain translation is raised as it."""
    try:
        yield
    except psycopg.Error as exc:
        problem = live_problem(exc, where)
        if problem is None:
            raise
        raise problem from exc
