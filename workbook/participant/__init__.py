"""Remote participants: the contribution file they hand back, and taking it in.

A participant on Binder works in their own short-lived container: the participant app
(``workbook.views.participant.app``) only reads the committed workbook and gathers their input
in a ``Draft``; ``contribution.build`` turns it into a checked, hashed JSON file they
download. The facilitator takes the file in with ``importer.preview`` and
``importer.apply`` (one transaction, per-item decisions, a ledger against doubles).
``binder`` makes the mybinder.org links and their QR codes.
"""

from .contribution import Contribution, build, parse
from .draft import Draft
from .importer import ImportResult, Plan, Step, apply, preview

__all__ = ["Contribution", "Draft", "ImportResult", "Plan", "Step", "apply", "build", "parse",
           "preview"]
