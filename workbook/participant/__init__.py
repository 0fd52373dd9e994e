"""Remote participants: the contribution file they hand back, and taking it in.

A participant on Binder works in their own short-lived container: the participant app
(``workbook.views.participant.app``) only reads the committed workbook and gathers their input
in a ``Draft``; ``contribution.build`` turns it into a checked, hashed JSON file they
download. The facilitator takes the file in with ``importer.preview`` and
``importer.apply`` (one transaction, per-item decisions, a ledger against doubles).
``binder`` makes the mybinder.org links and their QR codes.

The names below are imported on first use: the ``workbook`` command loads this package
for its ``import-contribution`` command's arguments, and every other command (``export``)
would otherwise pay for the contribution schema and the importer.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .contribution import Contribution, build, parse
    from .draft import Draft
    from .importer import ImportResult, Plan, Step, apply, preview

__all__ = ["Contribution", "Draft", "ImportResult", "Plan", "Step", "apply", "build", "parse",
           "preview"]

_HOMES = {"Contribution": "contribution", "build": "contribution", "parse": "contribution",
          "Draft": "draft", "ImportResult": "importer", "Plan": "importer", "Step": "importer",
          "apply": "importer", "preview": "importer"}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{home}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
