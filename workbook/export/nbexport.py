"""The summary template as an nbconvert exporter, for ``jupyter nbconvert`` users.

``workbook export`` renders the page without nbconvert (``html.notebook_to_html``); this
exporter renders the same page from a saved summary notebook. It is an nbconvert
``TemplateExporter`` on the ``summary`` template (``templates/summary``: ``conf.json``
with ``base_template: base`` and a stand-alone ``index.html.j2``), so it pulls in none of
the lab template's scripts, MathJax or require.js.
"""

from __future__ import annotations

from typing import Any

from nbconvert.exporters import TemplateExporter
from nbformat import NotebookNode
from traitlets import List, default

from .html import b64_if_svg, join_html
from .render import TEMPLATES

__all__ = ["SummaryExporter"]


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
        # Nothing to preprocess (see html.py): hand the notebook on untouched.
        return nb, resources
