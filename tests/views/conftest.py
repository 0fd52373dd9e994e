"""Fixtures for view tests: no callback error may hide in a log, and no widget outlives a test.

ipywidgets runs ``on_click`` handlers through a dispatcher that, outside IPython, only logs
an exception; a test could then pass while its callback failed. The autouse fixture below
fails the test on any ERROR record (or an "Exception in callback" warning) and closes every
widget at teardown. ``notebook_cells`` checks a step notebook stays a thin shell.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import ipywidgets
import nbformat
import pytest


@pytest.fixture(autouse=True)
def _no_hidden_callback_errors(caplog: pytest.LogCaptureFixture) -> Iterator[None]:
    caplog.set_level(logging.WARNING)
    yield
    records = caplog.get_records("setup") + caplog.get_records("call")
    bad = [r for r in records
           if r.levelno >= logging.ERROR or "Exception in callback" in r.getMessage()]
    ipywidgets.Widget.close_all()
    if bad:
        pytest.fail("a widget callback failed: " + "; ".join(
            f"{r.name}: {r.getMessage()}" for r in bad), pytrace=False)


NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"


def check_notebook_cells(stem: str) -> nbformat.NotebookNode:
    """Read ``notebooks/<stem>.ipynb`` and check the rules every step notebook keeps."""
    nb = nbformat.read(NOTEBOOKS / f"{stem}.ipynb", as_version=4)
    nbformat.validate(nb)
    assert nb.metadata["kernelspec"]["name"] == "python3"
    assert nb.cells[0].cell_type == "markdown"
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        assert cell.outputs == [] and cell.execution_count is None, "committed with outputs"
        lines = cell.source.splitlines()
        assert len(lines) <= 8
        assert not any(line.lstrip().startswith(("def ", "class ", "for ", "while "))
                       for line in lines)
    return nb


@pytest.fixture
def notebook_cells():
    """Check a step notebook's cells (run top to bottom by tests/notebooks)."""
    return check_notebook_cells


@pytest.fixture
def live_widgets():
    """How many widgets are open right now (layouts and styles count: they are widgets)."""
    from ipywidgets.widgets import widget as widget_module

    return lambda: len(widget_module._instances)


@pytest.fixture(autouse=True)
def _own_project_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The start view's project is the test's own folder, so choosing a partnership never
    writes the settings file of the checkout the tests run in."""
    from workbook.store import current
    from workbook.views.steps import start

    project = tmp_path / "project"
    project.mkdir(exist_ok=True)
    monkeypatch.setattr(start, "project_root",
                        lambda where=None: current.project_root(where or project))
    for name in ("WORKBOOK", "WORKBOOK_DB", "WORKBOOK_PARTNERSHIP"):
        monkeypatch.delenv(name, raising=False)
    return project
