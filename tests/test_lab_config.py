"""lab/: the JupyterLab `make run` starts, set up through the lab's own settings."""

from __future__ import annotations

import copy
import json
import runpy
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
LAB = ROOT / "lab"
SCHEMAS = [ROOT / ".venv" / "share" / "jupyter" / "lab" / "schemas",
           ROOT / ".venv" / "share" / "jupyter" / "labextensions"]
CONFIG = runpy.run_path(str(LAB / "jupyter_server_config.py"))


def _schema(plugin: str) -> dict:
    package, _, name = plugin.partition(":")
    for base in SCHEMAS:
        for path in (base / package / f"{name}.json",
                     base / package / "schemas" / package / f"{name}.json"):
            if path.is_file():
                return json.loads(path.read_text())
    pytest.skip(f"schema of {plugin} is not installed here")


def test_lab_overrides_name_only_settings_the_installed_lab_knows():
    """Every override is a property of its plugin's installed schema, with a valid value."""
    overrides = json.loads((LAB / "settings" / "overrides.json").read_text())
    assert overrides["@jupyterlab/apputils-extension:notification"]["fetchNews"] == "false"
    assert overrides["@jupyter-widgets/jupyterlab-manager:plugin"]["saveState"] is False
    for plugin, values in overrides.items():
        properties = _schema(plugin)["properties"]
        for key, value in values.items():
            assert key in properties, (plugin, key)
            allowed = [c["const"] for c in properties[key].get("oneOf", [])]
            assert not allowed or value in allowed, (plugin, key, value)


def test_lab_workspace_folds_the_side_bars_away():
    """The default workspace starts with the file browser and the right bar collapsed."""
    layout = json.loads((LAB / "workspace.json").read_text())["data"]["layout-restorer:data"]
    assert layout["left"]["collapsed"] and layout["right"]["collapsed"]


def test_lab_pre_save_hook_saves_the_tracked_notebook_unchanged(tmp_path):
    """A run notebook (outputs, counts, widget state, newer kernel metadata) saves back to
    exactly what is tracked in git."""
    tracked = ROOT / "notebooks" / "01_kickoff.ipynb"
    on_disk = tmp_path / "01_kickoff.ipynb"
    on_disk.write_text(tracked.read_text())
    content = json.loads(tracked.read_text())
    ran = copy.deepcopy(content)
    for cell in ran["cells"]:
        if cell["cell_type"] == "code":
            cell["execution_count"] = 3
            cell["outputs"] = [{"output_type": "display_data", "metadata": {},
                                "data": {"application/vnd.jupyter.widget-view+json":
                                         {"model_id": "abc", "version_major": 2,
                                          "version_minor": 0}}}]
            cell["metadata"]["scrolled"] = True
    ran["metadata"]["widgets"] = {"application/vnd.jupyter.widget-state+json": {}}
    ran["metadata"]["language_info"] = {"name": "python", "version": "3.11.2"}

    class Manager:
        def _get_os_path(self, path: str) -> str:
            return str(tmp_path / path)

    model = {"type": "notebook", "content": ran}
    CONFIG["strip_for_git"](model=model, path="01_kickoff.ipynb", contents_manager=Manager())
    assert model["content"] == content
    text = nbformat.writes(nbformat.from_dict(model["content"]))
    assert text + "\n" == tracked.read_text() or text == tracked.read_text()


def test_lab_pre_save_hook_leaves_other_files_alone():
    """Only notebooks are touched."""
    model = {"type": "file", "content": "x", "format": "text"}
    CONFIG["strip_for_git"](model=model, path="notes.txt", contents_manager=None)
    assert model == {"type": "file", "content": "x", "format": "text"}


def test_lab_tracked_notebooks_have_their_code_collapsed():
    """Every code cell of every notebook opens with its code folded away."""
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        for cell in nb.cells:
            if cell.cell_type == "code":
                assert cell.metadata.get("jupyter", {}).get("source_hidden") is True, path.name


def test_lab_notebook_opens_with_what_its_kernel_reports():
    """The contents manager gives a tracked notebook the kernel metadata JupyterLab is
    about to write (so opening it is no unsaved change); a notebook of an unknown kernel
    is left as it is."""
    from ipykernel.ipkernel import IPythonKernel

    notebook = json.loads((ROOT / "notebooks" / "00_start_here.ipynb").read_text())
    spec, info = CONFIG["_kernel_facts"]("python3")
    assert spec is not None and info == IPythonKernel.language_info
    CONFIG["as_the_kernel_reports"](notebook, spec, info)
    assert notebook["metadata"]["kernelspec"] == {
        "name": "python3", "display_name": spec["display_name"], "language": "python"}
    assert notebook["metadata"]["language_info"] == IPythonKernel.language_info
    other = {"metadata": {"kernelspec": {"name": "ir", "display_name": "R"}}}
    CONFIG["as_the_kernel_reports"](other, *CONFIG["_kernel_facts"]("no-such-kernel"))
    assert other == {"metadata": {"kernelspec": {"name": "ir", "display_name": "R"}}}
    manager = CONFIG["_room_contents_manager"]()
    assert manager.__name__ == "RoomContentsManager"
