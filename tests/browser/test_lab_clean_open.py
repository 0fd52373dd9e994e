"""Opening a notebook in the lab changes nothing: no unsaved-changes dot on its tab."""

from __future__ import annotations

from browser_kit import KERNEL_IDLE

DIRTY = """() => { const w = window.jupyterapp.shell.currentWidget;
  return [w.context.model.dirty, w.title.className.includes('jp-mod-dirty')]; }"""


def test_start_notebook_opens_without_unsaved_changes(lab_server, page):
    """The start notebook, opened and its kernel up (which writes its kernelspec and
    language into the notebook), is not marked as changed; nor is meeting mode's."""
    for notebook in ("00_start_here.ipynb", "12_meeting.ipynb"):
        page.goto(f"{lab_server.url}/lab/tree/notebooks/{notebook}?reset"
                  f"&token={lab_server.token}")
        page.wait_for_function(
            f"() => window.jupyterapp && window.jupyterapp.shell.currentWidget"
            f" && window.jupyterapp.shell.currentWidget.title.label === {notebook!r}",
            timeout=90_000)
        page.wait_for_function(KERNEL_IDLE, timeout=90_000)
        page.wait_for_timeout(2000)  # the kernel's info has reached the notebook
        assert page.evaluate(DIRTY) == [False, False], notebook
