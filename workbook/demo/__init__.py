"""The demo workbook: an invented advanced-manufacturing partnership, nine months in."""

from .builder import *  # noqa: F403
from .builder import __all__  # noqa: F401
