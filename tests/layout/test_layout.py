"""The package's folders are its layers: no import circles, and each layer imports only the
layers below it (the map in README's Development section)."""

from __future__ import annotations

import import_graph as imports

# Which top-level parts of ``workbook`` each part may import. "(face)" is
# ``workbook/__init__.py``. Keep in step with README's Development section.
ALLOWED: dict[str, set[str]] = {
    "errors": set(),
    "reference": {"errors"},
    "model": {"errors", "reference"},
    "store": {"errors", "reference", "model"},
    "analyses": {"errors", "reference", "model", "store"},
    "interchange": {"errors", "reference", "model", "store"},
    "demo": {"errors", "reference", "model", "store"},
    "charts": {"errors", "reference", "model", "store", "analyses"},
    "commands": {"errors", "reference", "model", "store", "analyses", "interchange", "demo"},
    "participant": {"errors", "reference", "model", "store", "interchange", "commands"},
    "export": {"(face)", "errors", "reference", "model", "store", "analyses", "charts",
               "interchange", "commands"},
    "live": {"errors", "reference", "model", "store", "interchange", "commands",
             "participant"},
    "views": {"errors", "reference", "model", "store", "analyses", "charts", "interchange",
              "participant", "export", "live"},
    "cli": {"(face)", "errors", "store", "commands", "export", "participant", "interchange",
            "live"},
    "testing": {"errors", "reference", "model", "store", "analyses", "interchange",
                "participant", "demo"},
    "(face)": {"errors", "reference", "model", "store"},
}


def part(module: str) -> str:
    pieces = module.split(".")
    return pieces[1] if len(pieces) > 1 else "(face)"


def test_layout_package_has_no_import_cycle():
    """No group of the package's modules imports itself round in a circle."""
    assert imports.cycles(imports.graph()) == []


def test_layout_cycle_finder_sees_a_circle():
    """The finder reports a circle of three and ignores a chain."""
    edges = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}, "e": set()}
    assert imports.cycles(edges) == [["a", "b", "c"]]
    assert imports.cycles({"a": {"b"}, "b": set()}) == []


def test_layout_cycle_finder_reads_function_level_and_type_checking_imports(tmp_path):
    """An import hidden in a function or under TYPE_CHECKING still counts as an edge."""
    src = ("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from .b import X\n"
           "def f():\n    from . import c\n")
    path = tmp_path / "a.py"
    path.write_text(src)
    found = imports.imports_of("workbook.x.a", path, {"workbook.x.b", "workbook.x.c",
                                                     "workbook.x"})
    assert found == {"workbook.x.b", "workbook.x.c"}


def test_layout_every_part_imports_only_the_layers_below():
    """Each top-level part imports only what the layer map allows."""
    wrong = sorted(
        f"{module} imports {target}"
        for module, targets in imports.graph().items()
        for target in targets
        if part(target) != part(module) and part(target) not in ALLOWED[part(module)]
    )
    assert wrong == []


def test_layout_package_root_holds_only_its_face():
    """At most six modules at the package root; everything else lives in a layer folder."""
    root = sorted(p.name for p in imports.PACKAGE_DIR.glob("*.py"))
    assert root == ["__init__.py", "cli.py", "errors.py", "reference.py"]
