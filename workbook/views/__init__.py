"""Widget views, one per step of the facilitator's journey (ipywidgets 8)."""

from .widgets.base import Status, View
from .widgets.forms import EntityForm, entity_label, options_for
from .widgets.session import open_from_env, portfolio_targets_from_env, workbook_path

__all__ = ["EntityForm", "Status", "View", "entity_label", "open_from_env", "options_for",
           "portfolio_targets_from_env", "workbook_path"]
