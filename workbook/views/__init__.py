"""Widget views, one per step of the facilitator's journey (ipywidgets 8)."""

import gc as _gc

# As for the package (``workbook/__init__.py``): ipywidgets and the views make many
# long-lived objects and no garbage, so the collector is paused while they are imported
# and what exists then is frozen; a notebook's first cell is a fifth quicker.
_collecting = _gc.isenabled()
_gc.disable()
try:
    from .widgets.base import Status, View
    from .widgets.forms import EntityForm, entity_label, options_for
    from .widgets.session import open_from_env, portfolio_targets_from_env, workbook_path
finally:
    _gc.freeze()
    if _collecting:
        _gc.enable()

__all__ = ["EntityForm", "Status", "View", "entity_label", "open_from_env", "options_for",
           "portfolio_targets_from_env", "workbook_path"]
