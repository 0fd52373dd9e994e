"""The time box countdown keeps ticking in the browser while the kernel is busy."""

from __future__ import annotations

import re
from urllib.parse import urlparse

import nbformat
from browser_kit import screenshot

BUSY_SECONDS = 20  # long enough for a loaded machine to look twice
KERNEL = {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
          "language_info": {"name": "python"}}


def _notebook(folder) -> str:
    """A notebook that shows a running one-minute countdown, then keeps the kernel busy."""
    nb = nbformat.v4.new_notebook(metadata=KERNEL)
    nb.cells = [
        nbformat.v4.new_code_cell(
            "from workbook.views.widgets.countdown import Countdown\n"
            "clock = Countdown()\n"
            "clock.reset('1. Welcome (1 minutes)', 1)\n"
            "clock.start()\n"
            "clock"),
        nbformat.v4.new_code_cell(f"import time\ntime.sleep({BUSY_SECONDS})"),
    ]
    name = "countdown_busy.ipynb"
    nbformat.write(nb, folder / name)
    return name


def _seconds(text: str) -> int:
    minutes, seconds = re.fullmatch(r"\+?(\d+):(\d\d)", text.strip()).groups()
    return int(minutes) * 60 + int(seconds)


SLEEP_CELL_RUNNING = """() => {
  // The second cell's prompt reads [*] while its time.sleep runs: what the room sees.
  const prompts = document.querySelectorAll('.jp-Notebook .jp-Cell .jp-InputPrompt');
  return prompts.length > 1 && prompts[1].textContent.includes('*');
}"""


def test_countdown_moves_while_the_kernel_sleeps(lab_server, page):
    """During a time.sleep cell the clock still counts down, and says so in words."""
    name = _notebook(lab_server.workdir / "notebooks")
    page.goto(f"{lab_server.url}/lab/tree/notebooks/{name}?reset&token={lab_server.token}")
    page.wait_for_function(
        f"() => window.jupyterapp && window.jupyterapp.shell.currentWidget"
        f" && window.jupyterapp.shell.currentWidget.title.label === {name!r}",
        timeout=90_000)
    page.wait_for_function("""() => {
      const w = window.jupyterapp.shell.currentWidget;
      const k = w.sessionContext && w.sessionContext.session && w.sessionContext.session.kernel;
      return !!k && k.status === 'idle';
    }""", timeout=90_000)
    # Not awaited: the command's promise settles only once every cell has run.
    page.evaluate("() => { window.jupyterapp.commands.execute('notebook:run-all-cells'); }")
    clock = page.locator(".pwb-countdown-clock").first
    clock.wait_for(timeout=60_000)
    page.wait_for_function(SLEEP_CELL_RUNNING, timeout=60_000)  # the sleep cell is running
    first = _seconds(clock.inner_text())
    page.wait_for_timeout(3_000)
    assert page.evaluate(SLEEP_CELL_RUNNING), "the kernel should still be asleep"
    second = _seconds(clock.inner_text())
    assert 2 <= first - second <= 5, (first, second)
    box = page.locator(".pwb-countdown").first
    assert box.get_attribute("data-running") == "yes"
    words = page.locator(".pwb-countdown-words").first.inner_text()
    assert re.fullmatch(r"0:\d\d left", words), words
    screenshot(page, "countdown-while-kernel-busy")
    hosts = {urlparse(u).hostname for u in page.requests if u.startswith("http")}
    assert hosts == {"127.0.0.1"}  # the widget's script and style came with the package


def test_countdown_turns_amber_and_red_in_words(lab_server, page):
    """A short box reaches amber, red and over time, each said in words and by colour."""
    nb = nbformat.v4.new_notebook(metadata=KERNEL)
    nb.cells = [nbformat.v4.new_code_cell(
        "from workbook.views.widgets.countdown import Countdown\n"
        "clock = Countdown()\n"
        "clock.reset('Short item', 1)\n"
        "clock.elapsed_ms = 46_000\n"
        "clock.start()\n"
        "clock")]
    nbformat.write(nb, lab_server.workdir / "notebooks" / "countdown_levels.ipynb")
    page.goto(f"{lab_server.url}/lab/tree/notebooks/countdown_levels.ipynb?reset&token="
              f"{lab_server.token}")
    page.wait_for_function(
        "() => window.jupyterapp && window.jupyterapp.shell.currentWidget"
        " && window.jupyterapp.shell.currentWidget.title.label === 'countdown_levels.ipynb'",
        timeout=90_000)
    page.wait_for_function("""() => {
      const w = window.jupyterapp.shell.currentWidget;
      const k = w.sessionContext && w.sessionContext.session && w.sessionContext.session.kernel;
      return !!k && k.status === 'idle';
    }""", timeout=90_000)
    # Not awaited: the command's promise settles only once every cell has run.
    page.evaluate("() => { window.jupyterapp.commands.execute('notebook:run-all-cells'); }")
    box = page.locator(".pwb-countdown").first
    box.wait_for(timeout=60_000)
    words = page.locator(".pwb-countdown-words").first
    page.wait_for_function(
        "() => document.querySelector('.pwb-countdown')?.dataset.level === 'amber'",
        timeout=15_000)
    assert "under a fifth of the time" in words.inner_text()
    page.wait_for_function(
        "() => document.querySelector('.pwb-countdown')?.dataset.level === 'red'",
        timeout=15_000)
    assert "nearly out of time" in words.inner_text()
    page.wait_for_function(
        "() => document.querySelector('.pwb-countdown')?.dataset.level === 'over'",
        timeout=15_000)
    assert words.inner_text().startswith("Over time by")
    background = box.evaluate("e => getComputedStyle(e).backgroundColor")
    assert background == "rgb(92, 0, 16)"
