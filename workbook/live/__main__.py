"""``python -m workbook.live``: run the participant service with settings from the
environment (see ``workbook.live.settings``); a bad setting is one line on stderr, exit 2."""

from __future__ import annotations

import contextlib
import sys

from ..errors import WorkbookError
from .app import serve
from .settings import Settings


def main() -> int:
    try:
        settings = Settings.from_env()
    except WorkbookError as exc:
        print(f"live: {exc}", file=sys.stderr)
        return 2
    with contextlib.suppress(KeyboardInterrupt):
        serve(settings)
    return 0


if __name__ == "__main__":
    sys.exit(main())
