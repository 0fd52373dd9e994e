"""Install the participant app's Voila template where Voila looks for it.

``voila.json`` names the template ``workbook``: Voila's lab template without its links to
cdn.jsdelivr.net (see ``voila_template/index.html.j2``), so the participant app asks
nothing of anyone but the server it runs on. Voila finds templates in the Jupyter data
folders, ``{sys.prefix}/share/jupyter/voila/templates/<name>`` first. A plain
``pip install .`` puts the template there (pyproject's data-files); an editable install
does not, so ``make`` and ``postBuild`` run ``python -m workbook.views.participant.voila_setup``.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

__all__ = ["TEMPLATE", "TEMPLATE_NAME", "install_template", "installed_template"]

TEMPLATE_NAME = "workbook"
TEMPLATE = Path(__file__).parent / "voila_template"
"""The template's files in the package: ``conf.json`` and ``index.html.j2``."""


def installed_template(prefix: str | Path = sys.prefix) -> Path:
    """Where the template goes for the Python environment at ``prefix``."""
    return Path(prefix) / "share" / "jupyter" / "voila" / "templates" / TEMPLATE_NAME


def install_template(prefix: str | Path = sys.prefix) -> Path:
    """Copy the template into the environment's Jupyter data folder; returns the folder.

    Replaces an older copy; raises ``OSError`` if the folder cannot be written.
    """
    target = installed_template(prefix)
    target.mkdir(parents=True, exist_ok=True)
    for source in sorted(TEMPLATE.iterdir()):
        if source.is_file():
            shutil.copyfile(source, target / source.name)
    return target


if __name__ == "__main__":
    print(f"Voila template installed in {install_template()}")
