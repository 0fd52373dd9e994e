"""Factories that build workbook data in one line, for tests and benchmarks."""

from .factories import *  # noqa: F403
from .factories import __all__  # noqa: F401
