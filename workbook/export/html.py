"""Render the summary notebook to one self-contained HTML page through our template.

The page template is ``templates/summary/index.html.j2`` (autoescape on for the whole
page). ``notebook_to_html`` renders it with Jinja directly, from the notebook data that
``notebook.py`` built: no nbconvert, whose import and exporter set-up cost more than the
whole export, and none of its pipeline, which adds nothing here:

* preprocessing: the notebook is built by ``notebook.py`` and never executed, so there
  are no preprocessors, and no deep copies or re-validation of the notebook per step;
* ``HTMLExporter``'s post-processing: it re-parses the whole page with BeautifulSoup to add
  alt text and tabindex; our template writes alt text on every image itself.

``SummaryExporter`` is the same template as an nbconvert ``TemplateExporter`` (the
``summary`` template: ``conf.json`` with ``base_template: base``), for anyone converting
a saved summary notebook with ``jupyter nbconvert``; it renders the same page, and is
imported only when asked for.

Only notebooks built by ``summary_notebook`` should be rendered: their ``text/html``
outputs are trusted fragments (escaped by ``render.py``) and go into the page as they are.
"""

from __future__ import annotations

import base64
import importlib
from collections.abc import Mapping
from functools import cache
from typing import Any

import jinja2

from .cache import template_cache
from .render import TEMPLATES

# SummaryExporter is here too, imported on first use (module __getattr__, below).
__all__ = ["b64_if_svg", "join_html", "notebook_to_html"]


def join_html(value: Any) -> str:
    """Notebook text fields may be stored as a list of lines; join them back."""
    return value if isinstance(value, str) else "".join(value)


def b64_if_svg(value: str, mimetype: str) -> str:
    """SVG outputs are stored as text; a data URI wants them in base64, as PNGs already are."""
    if mimetype == "image/svg+xml":
        return base64.b64encode(join_html(value).encode("utf-8")).decode("ascii")
    return "".join(join_html(value).split())


@cache
def _page_template() -> jinja2.Template:
    # The environment nbconvert would make for this template (loop controls, no other
    # settings): the page is the same whichever renders it.
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES / "summary")),
                             extensions=["jinja2.ext.loopcontrols"], auto_reload=False,
                             bytecode_cache=template_cache())
    env.filters["join_html"] = join_html
    env.filters["b64_if_svg"] = b64_if_svg
    return env.get_template("index.html.j2")


def notebook_to_html(nb: Mapping[str, Any]) -> str:
    """The summary page for ``nb`` (a notebook from ``summary_notebook``)."""
    return _page_template().render(nb=nb, resources={})


def __getattr__(name: str) -> Any:
    if name == "SummaryExporter":
        return importlib.import_module(f"{__package__}.nbexport").SummaryExporter
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
