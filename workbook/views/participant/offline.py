"""Voila's page settings for the participant app: nothing fetched from anyone else.

Voila's front end loads MathJax 2 from ``fullMathjaxUrl`` (the Jupyter server's
``mathjax_url``, cdnjs.cloudflare.com by default) unless both it and ``mathjaxConfig`` are
the string ``"null"``; then it uses the MathJax 3 bundled in its own static files. Inside
JupyterLab (``/voila/render/...``, the path a Binder link opens) the server's setting is
the CDN one, so ``page_config_hook`` (set in the environment's ``voila.py`` by
``voila_setup``) asks for the bundled one on every page, for both of Voila's front doors.
"""

from __future__ import annotations

from typing import Any

__all__ = ["page_config_hook"]


def page_config_hook(page_config: dict[str, Any], **_kwargs: Any) -> dict[str, Any]:
    """``page_config`` with the bundled MathJax chosen (Voila's ``page_config_hook``)."""
    page_config["fullMathjaxUrl"] = "null"
    page_config["mathjaxConfig"] = "null"
    return page_config
