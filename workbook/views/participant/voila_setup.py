"""Install the participant app's Voila template and hook where Voila looks for them.

``voila.json`` names the template ``workbook``: Voila's lab template without its links to
cdn.jsdelivr.net (see ``voila_template/index.html.j2``), so the participant app asks
nothing of anyone but the server it runs on. Voila finds templates in the Jupyter data
folders, ``{sys.prefix}/share/jupyter/voila/templates/<name>`` first. A plain
``pip install .`` puts the template there (pyproject's data-files); an editable install
does not, so ``make`` and ``postBuild`` run ``python -m workbook.views.participant.voila_setup``.

The same command writes ``{sys.prefix}/etc/jupyter/voila.py``, the Python half of Voila's
settings (a hook is a function, which ``voila.json`` cannot hold): the visitor-key hook
of ``visitor.py`` and the page settings of ``offline.py`` (no MathJax from a CDN). It
lives in the environment's Jupyter config folder, which Voila reads both as an app and as
a server extension; a ``voila.py`` in the repository root would shadow
the ``voila`` package for any Python started there.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

__all__ = ["HOOK_CONFIG", "TEMPLATE", "TEMPLATE_NAME", "install", "install_hook_config",
           "install_template", "installed_hook_config", "installed_template"]

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


HOOK_CONFIG = """\
# Written by `python -m workbook.views.participant.voila_setup`; rewritten on each run.
# Gives each browser of the participant app its own visitor key before a kernel starts,
# so a saved draft is only ever offered to the browser that made it; and has every page
# use the MathJax bundled with Voila, never a CDN's (also inside JupyterLab).
from workbook.views.participant.offline import page_config_hook
from workbook.views.participant.visitor import prelaunch_hook

c = get_config()  # noqa: F821 - traitlets provides get_config in a config file
c.VoilaConfiguration.prelaunch_hook = prelaunch_hook
c.VoilaConfiguration.page_config_hook = page_config_hook
"""
"""The text of ``{sys.prefix}/etc/jupyter/voila.py``."""


def installed_hook_config(prefix: str | Path = sys.prefix) -> Path:
    """Where Voila's Python settings go for the environment at ``prefix``."""
    return Path(prefix) / "etc" / "jupyter" / "voila.py"


def install_hook_config(prefix: str | Path = sys.prefix) -> Path:
    """Write ``HOOK_CONFIG`` as the environment's ``voila.py``; returns its path.

    Raises ``OSError`` if it cannot be written.
    """
    target = installed_hook_config(prefix)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(HOOK_CONFIG, encoding="utf-8")
    return target


def install(prefix: str | Path = sys.prefix) -> list[Path]:
    """The template and the hook settings, both; returns where they went."""
    return [install_template(prefix), install_hook_config(prefix)]


if __name__ == "__main__":
    for where in install():
        print(f"Installed {where}")
