"""Driving a notebook in JupyterLab the way a facilitator does: open, run all, type, click."""

from __future__ import annotations

import re
from pathlib import Path

SCREENSHOTS = Path(__file__).resolve().parents[1] / ".artifacts" / "screenshots"
TAKEN: list[Path] = []
"""Screenshots taken in this run; conftest.py lists them at the end of the test output."""

KERNEL_IDLE = """() => {
  const w = window.jupyterapp && window.jupyterapp.shell.currentWidget;
  const k = w && w.sessionContext && w.sessionContext.session
            && w.sessionContext.session.kernel;
  return !!k && k.status === 'idle';
}"""


def open_notebook(page, server, notebook: str, ready_text: str):
    """Open ``notebook``, run every cell, and wait until the view shows ``ready_text``."""
    # A fresh workspace per notebook: otherwise the lab restores the previous tab and
    # "run all" could land in the notebook opened before.
    page.goto(f"{server.url}/lab/tree/notebooks/{notebook}?reset&token={server.token}")
    page.wait_for_function(
        f"() => window.jupyterapp && window.jupyterapp.shell.currentWidget"
        f" && window.jupyterapp.shell.currentWidget.title.label === {notebook!r}",
        timeout=90_000)
    page.wait_for_function(KERNEL_IDLE, timeout=90_000)
    page.evaluate("() => window.jupyterapp.commands.execute('notebook:run-all-cells')")
    view = page.locator(".jp-OutputArea-output:visible").filter(has_text=ready_text).first
    view.wait_for(timeout=90_000)
    page.wait_for_function(KERNEL_IDLE, timeout=90_000)
    page.wait_for_timeout(2000)  # let the widget views wire their listeners
    return view


def type_into(view, label: str, text: str, nth: int = 0) -> None:
    """Type into the field labelled ``label`` and leave it, so the widget syncs."""
    field = view.get_by_label(label, exact=True).nth(nth)
    field.fill(text)
    field.press("Tab")


def choose(view, label: str, option: str, nth: int = 0) -> None:
    """Pick ``option`` in the ``nth`` dropdown labelled ``label``, then let the kernel answer."""
    view.get_by_label(label, exact=True).nth(nth).select_option(label=option)
    view.page.wait_for_timeout(300)


def click(view, button: str) -> None:
    # ipywidgets writes spaces in descriptions as no-break spaces: match the text loosely.
    pattern = re.compile(r"^\s*" + r"[\s\xa0]+".join(map(re.escape, button.split())) + r"\s*$")
    view.locator("button").filter(has_text=pattern).first.click()


def status_after(view, button: str, expect: str, timeout: float = 30_000) -> str:
    """Click ``button`` and wait for a status line containing ``expect``; return it."""
    click(view, button)
    line = view.locator("[role=status], [role=alert]").filter(has_text=expect).first
    line.wait_for(timeout=timeout)
    return line.inner_text()


LAYOUT_CHECK = (Path(__file__).with_name("layout_check.js")).read_text(encoding="utf-8")
"""A function of a view's root element: what runs past the notebook area (outside boxes
that scroll on purpose), text under 16 px in inputs, buttons, labels and cells, and labels
or buttons whose text is cut."""


def layout_problems(view) -> dict[str, list]:
    """Run ``LAYOUT_CHECK`` on the ``.pwb-view`` inside ``view``: empty lists mean fine."""
    return view.locator(".pwb-view").first.evaluate(LAYOUT_CHECK)


def in_viewport(page, locator) -> bool:
    """Whether ``locator``'s box lies wholly inside the window the person sees."""
    box = locator.bounding_box()
    size = page.viewport_size
    return (box is not None and box["y"] >= 0 and box["x"] >= 0
            and box["y"] + box["height"] <= size["height"]
            and box["x"] + box["width"] <= size["width"] + 1)


def screenshot(page, name: str) -> Path:
    """Save what the person sees, and name the file in the test output."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    target = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(target), full_page=True)
    TAKEN.append(target)
    return target


def participant_screen(page, title: str) -> None:
    """In the participant app, go to the activity ``title`` with its chooser and wait
    until that screen shows (one activity a screen)."""
    chooser = page.get_by_label("Activity", exact=True).first
    # ipywidgets writes spaces in option labels as no-break spaces.
    labels = [t.replace("\xa0", " ").strip() for t in chooser.locator("option").all_inner_texts()]
    chooser.select_option(index=labels.index(title))
    page.locator(".pwb-screen:visible h3").filter(has_text=title).first.wait_for(
        timeout=30_000)
