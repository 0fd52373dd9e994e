"""Naming and reaching a PostgreSQL database: shared by the store (``postgres``) and the
administrator's install (``pg_install``), which must not import each other."""

from __future__ import annotations

import sqlalchemy as sa

from ..errors import Sentence, ValidationError
from ..i18n import N_

__all__ = ["ACCESS", "admin_engine", "driver_url", "safe_url", "tables_installed"]

ACCESS = ("owner", "facilitator", "observer")
"""Kinds of membership: owners also grant and revoke; observers only read. (Here rather
than in ``pg_schema``, which builds the PostgreSQL tables when imported: the ``workbook``
command names these choices on every start.)"""


def safe_url(url: str) -> str:
    """The URL without its password, for messages."""
    try:
        return sa.engine.make_url(url).render_as_string(hide_password=True)
    except sa.exc.ArgumentError:
        return "the database"


def driver_url(url: str) -> sa.URL:
    """``url`` for the psycopg driver; ``ValidationError`` for one that is no PostgreSQL
    URL."""
    try:
        parsed = sa.engine.make_url(url)
    except sa.exc.ArgumentError as exc:
        raise ValidationError("database URL", url, Sentence(N_(
            "The {field} {value} is not a database URL. Give one like "
            "postgresql://ROLE@HOST/DATABASE."))) from exc
    if parsed.get_backend_name() != "postgresql":
        raise ValidationError("database URL", safe_url(url), Sentence(N_(
            "The {field} {value} is not a PostgreSQL URL. Give one like "
            "postgresql://ROLE@HOST/DATABASE; a workbook file is named by its path instead.")))
    return parsed.set(drivername="postgresql+psycopg")


def admin_engine(url: str) -> sa.Engine:
    """An engine without a partnership: for installing and upgrading the tables."""
    return sa.create_engine(driver_url(url), poolclass=sa.pool.NullPool)


def tables_installed(conn: sa.Connection) -> bool:
    """Whether the workbook's tables are in the connection's database."""
    return bool(conn.execute(sa.text("SELECT to_regclass('registry') IS NOT NULL"))
                .scalar_one())
