"""The durable store: one SQLite file per workbook, or many partnerships in one PostgreSQL
database (``postgres.py``); every change committed at once."""

from .backups import Backup, list_backups, make_backup, newest_backup, restore_backup
from .core import Store
from .engines import connect_file
from .history import Change, Step
from .log import UnitOfWork
from .ops import VoteResult, Workbook
from .schema import SCHEMA_VERSION

__all__ = ["SCHEMA_VERSION", "Backup", "Change", "Step", "Store", "UnitOfWork", "VoteResult",
           "Workbook", "connect_file",
           "list_backups", "make_backup", "newest_backup", "restore_backup"]
