"""Nothing outside ``workbook/store/`` reaches into the store: every write goes through
its unit of work (``change``) and its public methods, every read through public ones or
``reading()``."""

from __future__ import annotations

import ast
from pathlib import Path

import import_graph as imports

STORE_PRIVATE = frozenset({
    "engine", "_read", "_write", "_load", "_get", "_changed", "_joined", "_local",
    "_translate", "_require_owner", "_author", "_author_name", "_listeners",
    "_step_listeners", "_publish", "_add_links", "_remove_links", "_replace_links",
    "_check", "_delete_row", "_revert", "_initialise",
})
"""The store's private parts: its connections, its transactions, its log writers."""


def reaches_into_store(path: Path) -> list[str]:
    """Each ``x.<private>`` (x not ``self``/``cls``) and each private name imported from
    ``workbook.store``, as ``line: text``."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr in STORE_PRIVATE:
            owner = node.value
            if isinstance(owner, ast.Name) and owner.id in ("self", "cls"):
                continue
            found.append(f"{node.lineno}: .{node.attr}")
        elif isinstance(node, ast.ImportFrom) and node.module and "store" in node.module:
            found += [f"{node.lineno}: import {a.name}" for a in node.names
                      if a.name.startswith("_")]
    return found


def test_one_write_path_nothing_outside_store_touches_its_private_parts():
    """No module outside ``workbook/store/`` uses the store's engine or private methods."""
    offenders = {}
    for name, path in imports.modules().items():
        if name.startswith("workbook.store"):
            continue
        hits = reaches_into_store(path)
        if hits:
            offenders[name] = hits
    assert offenders == {}


def test_one_write_path_checker_sees_a_reach_into_the_store(tmp_path):
    """The checker flags ``wb._write()``, ``wb.engine`` and an imported private name, and
    leaves a view's own ``self._read`` alone."""
    src = ("from workbook.store.core import _now\n"
           "def f(wb, self):\n    with wb._write() as conn: pass\n    wb.engine.dispose()\n"
           "    self._read()\n")
    path = tmp_path / "m.py"
    path.write_text(src)
    assert reaches_into_store(path) == ["1: import _now", "3: ._write", "4: .engine"]
