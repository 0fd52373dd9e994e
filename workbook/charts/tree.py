"""The cause tree of one problem, drawn: the problem on the left, each "why?" one step to
the right, root causes highlighted (filled, bold and marked ROOT, not by colour alone)."""

from __future__ import annotations

from matplotlib.collections import LineCollection

from ..i18n import _, ngettext
from ..model import Cause, Problem
from ..store import Workbook
from .base import (
    PALETTE,
    Chart,
    capped,
    fit,
    listing,
    new_figure,
    plain,
    shorten,
    style,
    wrapped,
)

__all__ = ["cause_tree_chart"]

COLUMN_INCHES = 3.1
ROW_INCHES = 0.78


def _layout(tree: list[tuple[int, Cause]]) -> dict[int, float]:
    """Row of each cause: leaves one row apart, a parent midway between its children."""
    children: dict[int | None, list[int]] = {}
    for _depth, cause in tree:
        children.setdefault(cause.parent_id, []).append(int(cause.id))  # type: ignore[arg-type]
    rows: dict[int, float] = {}
    leaf = 0
    for _depth, cause in tree:  # the outline order is the top-to-bottom order of the leaves
        if not children.get(cause.id):
            rows[cause.id] = float(leaf)  # type: ignore[index]
            leaf += 1
    # The outline is depth first, so walking it backwards sees children before parents.
    for _depth, cause in reversed(tree):
        kids = children.get(cause.id)
        if kids:
            rows[cause.id] = (rows[kids[0]] + rows[kids[-1]]) / 2  # type: ignore[index]
    return rows


def cause_tree_chart(wb: Workbook, problem_id: int) -> Chart | None:
    """The problem and its causes as a tree; None when the problem has no cause yet.

    Each cause box is an artist with gid ``cause-node`` (the problem's is
    ``problem-node``); root causes read "ROOT:" and are filled green and bold.
    """
    problem = wb.get(Problem, problem_id)
    tree = wb.cause_tree(problem_id)
    if not tree:
        return None
    rows = _layout(tree)
    depth = max(d for d, _ in tree)
    leaves = max(rows.values()) + 1
    top_level = [rows[c.id] for d, c in tree if d == 1]  # type: ignore[index]
    problem_row = (top_level[0] + top_level[-1]) / 2
    title = _("Why? The causes behind: {problem}").format(
        problem=shorten(problem.statement, 70))
    where = {c.id: (float(d), rows[c.id]) for d, c in tree}  # type: ignore[index]
    with style():
        figure = new_figure(COLUMN_INCHES * (depth + 1) + 0.6, max(3.0, ROW_INCHES * leaves + 1.2))
        ax = figure.add_subplot()
        segments = []
        for _depth, cause in tree:
            x, y = where[cause.id]
            px, py = where.get(cause.parent_id, (0.0, problem_row))
            middle = (px + x) / 2
            segments.append([(px, py), (middle, py), (middle, y), (x, y)])
        ax.add_collection(LineCollection(segments, colors=PALETTE["grey"], linewidths=1.5,
                                         zorder=1))
        ax.text(0, problem_row, wrapped(problem.statement, 24, 5), ha="center", va="center",
                color="white", fontweight="bold", gid="problem-node", zorder=3,
                bbox={"boxstyle": "round,pad=0.4", "facecolor": PALETTE["blue"],
                      "edgecolor": PALETTE["black"]})
        for _depth, cause in tree:
            x, y = where[cause.id]
            root = cause.is_root
            # A root cause's badge on a line of its own, above its (shorter) statement.
            label = (_("ROOT:") + "\n" + wrapped(cause.statement, 26, 2) if root
                     else wrapped(cause.statement, 26, 3))
            ax.text(x, y, label, ha="center", va="center", gid="cause-node", zorder=3,
                    fontweight="bold" if root else "normal",
                    bbox={"boxstyle": "round,pad=0.35",
                          "facecolor": PALETTE["green"] if root else PALETTE["light"],
                          "edgecolor": PALETTE["black"], "linewidth": 2.0 if root else 1.0,
                          "alpha": 0.9 if root else 1.0})
        ax.set_xlim(-0.55, depth + 0.55)
        ax.set_ylim(leaves - 0.5, -0.5)
        ax.set_axis_off()
        ax.set_title(plain(title, 100), loc="left")
        fit(figure, left=0.1, right=0.1, bottom=0.1)
    roots = [shorten(c.statement, 80) for _depth, c in tree if c.is_root]
    first = [shorten(c.statement, 60) for d, c in tree if d == 1]
    alt = " ".join([
        # Two counts, each with its own plural: the levels are a phrase of their own.
        ngettext("Tree diagram of the problem \"{problem}\": {count} cause over {levels} "
                 "of asking why.",
                 "Tree diagram of the problem \"{problem}\": {count} causes over {levels} "
                 "of asking why.", len(tree)).format(
            problem=shorten(problem.statement, 120), count=len(tree),
            levels=ngettext("{count} level", "{count} levels", depth).format(count=depth)),
        _("First answers: {causes}.").format(causes=listing(first, 8)),
        _("Root causes ({count}): {causes}.").format(count=len(roots),
                                                     causes=listing(roots, 12))
        if roots else _("No cause is marked as a root cause yet.")])
    return Chart(figure, capped(alt), title)
