"""JupyterLab for the room: `make run` (and the browser tests) start the lab with this file.

Loaded by ``jupyter lab --config=lab/jupyter_server_config.py``; everything goes through
JupyterLab's own settings, nothing is patched:

- ``settings/overrides.json`` (the app settings folder): no news pop-up, no update check,
  widget state not saved into notebooks;
- ``workspace.json``, written as the default workspace at every start: the file browser and
  the right sidebar start collapsed, so the notebook gets the whole projected screen;
- the start notebook opens by default;
- ``strip_for_git``, the contents manager's pre-save hook: a saved notebook keeps its cells
  but never its outputs, execution counts or widget state, and keeps the notebook metadata
  it had on disk. Saving therefore never dirties the notebooks tracked in git, and a saved
  notebook reopens without "Error displaying widget: model not found" (there is no widget
  output left to point at a model that is gone): Run All draws the views again.

The server's root is the project folder, so ``notebooks/``, ``exports/`` and ``data/`` are
all in the file browser and an export opens from a link in a notebook.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
PROJECT = HERE.parent
STATE = Path(os.environ.get("WORKBOOK_LAB_STATE", PROJECT / ".lab"))
START = "notebooks/00_start_here.ipynb"


def strip_for_git(model: dict[str, Any], path: str = "", contents_manager: Any = None,
                  **_: Any) -> None:
    """Pre-save hook: drop outputs, execution counts and widget state of a notebook.

    The notebook-level metadata stays as it is on disk (JupyterLab would add the running
    kernel's version); cells keep their own metadata but not the view's scroll state.
    """
    if model.get("type") != "notebook" or not isinstance(model.get("content"), dict):
        return
    notebook = model["content"]
    for cell in notebook.get("cells", []):
        meta = cell.get("metadata", {})
        for key in ("scrolled", "collapsed", "execution"):
            meta.pop(key, None)
        if cell.get("cell_type") == "code":
            cell["outputs"] = []
            cell["execution_count"] = None
    metadata = notebook.setdefault("metadata", {})
    metadata.pop("widgets", None)
    on_disk = _metadata_on_disk(path, contents_manager)
    if on_disk is not None:
        notebook["metadata"] = on_disk


def _metadata_on_disk(path: str, contents_manager: Any) -> dict[str, Any] | None:
    if contents_manager is None or not path:
        return None
    try:
        os_path = contents_manager._get_os_path(path)
        with open(os_path, encoding="utf-8") as handle:
            found = json.load(handle).get("metadata")
    except (OSError, ValueError, AttributeError):
        return None
    return found if isinstance(found, dict) else None


def write_default_workspace(folder: Path) -> Path:
    """Put the presentation layout in place as the lab's default workspace."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / "default-37a8.jupyterlab-workspace"  # the lab's own name for "default"
    target.write_text((HERE / "workspace.json").read_text(encoding="utf-8"), encoding="utf-8")
    return target


if "c" in globals():  # loaded by jupyter as a config file
    c = globals()["c"]
    c.LabApp.app_settings_dir = str(HERE / "settings")
    c.LabApp.user_settings_dir = str(STATE / "user-settings")
    c.LabApp.workspaces_dir = str(STATE / "workspaces")
    c.LabApp.default_url = f"/lab/tree/{START}"
    c.LabApp.news_url = None
    c.LabApp.check_for_updates_class = "jupyterlab.NeverCheckForUpdate"
    c.ContentsManager.pre_save_hook = strip_for_git
    write_default_workspace(STATE / "workspaces")
