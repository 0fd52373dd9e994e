"""Render the summary notebook to one self-contained HTML page with our nbconvert template.

``SummaryExporter`` is an nbconvert ``TemplateExporter`` on the ``summary`` template
(``templates/summary``: ``conf.json`` with ``base_template: base`` and a stand-alone
``index.html.j2``), so it pulls in none of the lab template's scripts, MathJax or
require.js. Two steps of nbconvert's usual pipeline are replaced, because they cost time
and add nothing here:

* preprocessing: the notebook is built by ``notebook.py`` and never executed, so there
  are no preprocessors, and no deep copies or re-validation of the notebook per step;
* ``HTMLExporter``'s post-processing: it re-parses the whole page with BeautifulSoup to add
  alt text and tabindex; our template writes alt text on every image itself.

Only notebooks built by ``summary_notebook`` should be rendered: their ``text/html``
outputs are trusted fragments (escaped by ``render.py``) and go into the page as they are.
"""

from __future__ import annotations

import base64
from functools import cache
from typing import Any

from nbconvert.exporters import TemplateExporter
from nbformat import NotebookNode
from traitlets import List, default

from .render import TEMPLATES

__all__ = ["SummaryExporter", "notebook_to_html"]


def join_html(value: Any) -> str:
    """Notebook text fields may be stored as a list of lines; join them back."""
    return value if isinstance(value, str) else "".join(value)


def b64_if_svg(value: str, mimetype: str) -> str:
    """SVG outputs are stored as text; a data URI wants them in base64, as PNGs already are."""
    if mimetype == "image/svg+xml":
        return base64.b64encode(value.encode("utf-8")).decode("ascii")
    return "".join(value.split())


class SummaryExporter(TemplateExporter):
    """HTML from the summary notebook through ``templates/summary/index.html.j2``."""

    # None keeps it out of the notebook's "Save and export" menu (traitlets allows it).
    export_from_notebook = None  # type: ignore[assignment]
    output_mimetype = "text/html"
    default_preprocessors: List[Any] = List([])

    def __init__(self, **kw: Any) -> None:
        kw.setdefault("template_name", "summary")
        kw.setdefault("extra_template_basedirs", [str(TEMPLATES)])
        super().__init__(**kw)
        self.register_filter("join_html", join_html)
        self.register_filter("b64_if_svg", b64_if_svg)

    @default("file_extension")
    def _file_extension_default(self) -> str:
        return ".html"

    def _preprocess(self, nb: NotebookNode, resources: dict[str, Any]
                    ) -> tuple[NotebookNode, dict[str, Any]]:
        # Nothing to preprocess (see the module docstring): hand the notebook on untouched.
        return nb, resources


@cache
def _exporter() -> SummaryExporter:
    # Building the exporter finds and compiles the templates: do it once per process.
    return SummaryExporter()


def notebook_to_html(nb: NotebookNode) -> str:
    """The summary page for ``nb`` (a notebook from ``summary_notebook``)."""
    html, _ = _exporter().from_notebook_node(nb)
    return html
