"""The durable store: one SQLite file per workbook, or many partnerships in one PostgreSQL
database (``postgres.py``); every change committed at once."""

from .backups import Backup, list_backups, make_backup, newest_backup, restore_backup
from .core import Store
from .engines import connect_file
from .ops import VoteResult, Workbook
from .schema import SCHEMA_VERSION

__all__ = ["SCHEMA_VERSION", "Backup", "Store", "VoteResult", "Workbook", "connect_file",
           "list_backups", "make_backup", "newest_backup", "restore_backup"]
