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

- ``RoomContentsManager``: a notebook opens with the kernel metadata its kernel is about
  to report (``kernelspec``, ``language_info``), so opening one does not mark it as
  having unsaved changes (JupyterLab writes what the kernel reports into the notebook and
  calls it a change when it differs from the file); the pre-save hook keeps the file's own.

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


def as_the_kernel_reports(notebook: dict[str, Any], spec: dict[str, Any] | None,
                          language_info: dict[str, Any]) -> None:
    """Put in ``notebook``'s metadata what JupyterLab will set once its kernel is up: the
    ``kernelspec`` (name, display name, language of ``spec``, the kernel.json of the
    notebook's kernel, None when unknown: nothing changes) and ``language_info``."""
    metadata = notebook.setdefault("metadata", {})
    kernelspec = metadata.get("kernelspec")
    if spec is None or not isinstance(kernelspec, dict) or not kernelspec.get("name"):
        return
    metadata["kernelspec"] = {"name": kernelspec["name"],
                              "display_name": spec.get("display_name", ""),
                              "language": spec.get("language", "")}
    metadata["language_info"] = json.loads(json.dumps(language_info))


_KERNEL_FACTS: dict[str, tuple[dict[str, Any] | None, dict[str, Any]]] = {}


def _kernel_facts(name: str) -> tuple[dict[str, Any] | None, dict[str, Any]]:
    """The kernel.json of ``name`` and the language_info its kernel reports, when it is
    this Python's own ipykernel (else no spec: the notebook is left as it is)."""
    if name not in _KERNEL_FACTS:
        spec: dict[str, Any] | None = None
        info: dict[str, Any] = {}
        try:
            from ipykernel.ipkernel import IPythonKernel
            from jupyter_client.kernelspec import KernelSpecManager

            found = KernelSpecManager().get_kernel_spec(name)
            if found.argv and found.argv[0] in ("python", "python3") \
                    and found.language == "python":  # runs as this server's Python
                spec = {"display_name": found.display_name, "language": found.language}
                info = dict(IPythonKernel.language_info)
        except Exception:  # no such kernel, no ipykernel: the notebook opens as it is
            spec = None
        _KERNEL_FACTS[name] = (spec, info)
    return _KERNEL_FACTS[name]


def _room_contents_manager() -> type:
    from jupyter_server.services.contents.largefilemanager import AsyncLargeFileManager

    class RoomContentsManager(AsyncLargeFileManager):  # type: ignore[misc]
        """The server's own contents manager; a notebook opens with its kernel's
        metadata already in it (``as_the_kernel_reports``)."""

        async def get(self, path: str, content: bool = True, type: str | None = None,
                      format: str | None = None, **kwargs: Any) -> dict[str, Any]:
            model = await super().get(path, content=content, type=type, format=format,
                                      **kwargs)
            if content and model.get("type") == "notebook" \
                    and isinstance(model.get("content"), dict):
                kernelspec = model["content"].get("metadata", {}).get("kernelspec") or {}
                spec, info = _kernel_facts(str(kernelspec.get("name", "")))
                as_the_kernel_reports(model["content"], spec, info)
            return dict(model)

    return RoomContentsManager


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
    c.ServerApp.contents_manager_class = _room_contents_manager()
    write_default_workspace(STATE / "workspaces")
