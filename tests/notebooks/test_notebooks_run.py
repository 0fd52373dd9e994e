"""Every notebook runs top to bottom against its own copy of the demo workbook.

Each notebook gets a fresh ``python3`` kernel started in ``notebooks/`` with ``WORKBOOK``
pointing at a copy of the demo, exactly as a facilitator would open it. A cell that
raises, or shows the red "✗" line of a refused workbook, fails the test with the cell.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = ROOT / "notebooks"
FOUND = sorted(p for p in NOTEBOOKS.rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)


def _problems(nb: nbformat.NotebookNode) -> list[str]:
    """Error outputs, and displayed workbook errors (``role="alert"``), cell by cell."""
    found = []
    for index, cell in enumerate(nb.cells):
        for output in cell.get("outputs", ()):
            if output.get("output_type") == "error":
                found.append(f"cell {index}: {output.get('ename')}: {output.get('evalue')}")
            html = output.get("data", {}).get("text/html", "")
            if 'role="alert"' in "".join(html):
                found.append(f"cell {index}: {''.join(html)}")
            if output.get("name") == "stderr" and "Traceback" in output.get("text", ""):
                found.append(f"cell {index}: {output['text']}")
    return found


def test_notebooks_are_found():
    """The nine journey notebooks are all there to be run."""
    names = {p.stem for p in FOUND}
    assert {"00_start_here", "01_kickoff", "04_problem_framing", "08_meeting_summary"} <= names
    assert len(FOUND) >= 9


@pytest.mark.slow
@pytest.mark.parametrize("path", FOUND, ids=[p.stem for p in FOUND])
def test_notebooks_run_top_to_bottom(path: Path, demo_path: Path,
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """The notebook executes every cell without an error against a copy of the demo."""
    monkeypatch.setenv("WORKBOOK", str(demo_path))
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, kernel_name="python3", timeout=120,
                            resources={"metadata": {"path": str(path.parent)}})
    try:
        client.execute()
    except CellExecutionError as exc:
        pytest.fail(f"{path.name}: {exc}\n" + "\n".join(_problems(nb)), pytrace=False)
    assert _problems(nb) == []
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code and all(c.execution_count for c in code)
    assert any("application/vnd.jupyter.widget-view+json" in o.get("data", {})
               for c in code for o in c.outputs), "no view was displayed"
