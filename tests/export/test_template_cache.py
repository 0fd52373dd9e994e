"""The compiled-template cache (``export/cache.py``): reused when valid, harmless when not."""

from __future__ import annotations

from pathlib import Path

import jinja2
import pytest

from workbook.export import cache


def _env(folder: Path, source: str = "Hello {{ name }}") -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.DictLoader({"t.html": source}),
                              bytecode_cache=cache._TemplateCache(folder))


def _no_compiling(env: jinja2.Environment, monkeypatch: pytest.MonkeyPatch) -> None:
    def compile_again(*args: object, **kwargs: object) -> None:
        raise AssertionError("the template was compiled again")

    monkeypatch.setattr(env, "compile", compile_again)


def test_template_cache_second_environment_loads_the_compiled_code(tmp_path, monkeypatch):
    """A new process (a new environment) renders from the cache without compiling."""
    folder = tmp_path / "templates"
    assert _env(folder).get_template("t.html").render(name="Ana") == "Hello Ana"
    assert len(list(folder.glob("*.jinja"))) == 1
    again = _env(folder)
    _no_compiling(again, monkeypatch)
    assert again.get_template("t.html").render(name="Bo") == "Hello Bo"


def test_template_cache_changed_source_is_compiled_afresh(tmp_path, monkeypatch):
    """An entry compiled from other source is never used for this one."""
    folder = tmp_path / "templates"
    _env(folder).get_template("t.html").render(name="Ana")
    changed = _env(folder, "Goodbye {{ name }}")
    assert changed.get_template("t.html").render(name="Ana") == "Goodbye Ana"


def test_template_cache_key_holds_the_package_and_environment_code(tmp_path, monkeypatch):
    """An entry written by another version of the package (or of the environments' code)
    is not found: the key changes with them."""
    key = cache._TemplateCache(tmp_path).get_cache_key("t.html", "t.html")
    monkeypatch.setattr(cache, "_salt", lambda: "another version")
    assert cache._TemplateCache(tmp_path).get_cache_key("t.html", "t.html") != key


def test_template_cache_broken_entry_or_folder_only_costs_time(tmp_path):
    """A truncated entry is compiled afresh; a cache folder that cannot be made is skipped."""
    folder = tmp_path / "templates"
    _env(folder).get_template("t.html").render(name="Ana")
    (entry,) = folder.glob("*.jinja")
    entry.write_bytes(entry.read_bytes()[:20])
    assert _env(folder).get_template("t.html").render(name="Bo") == "Hello Bo"
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    assert _env(blocked / "templates").get_template("t.html").render(name="Cy") == "Hello Cy"


def test_template_cache_folder_follows_the_setting(tmp_path, monkeypatch):
    """``WORKBOOK_TEMPLATE_CACHE``: a folder, or ``off``; else the user's cache folder."""
    monkeypatch.setenv("WORKBOOK_TEMPLATE_CACHE", "off")
    assert cache.template_cache() is None
    monkeypatch.setenv("WORKBOOK_TEMPLATE_CACHE", str(tmp_path / "mine"))
    assert cache.template_cache_dir() == tmp_path / "mine"
    monkeypatch.delenv("WORKBOOK_TEMPLATE_CACHE")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache.template_cache_dir() == tmp_path / "xdg" / "partnership-workbook" / "templates"
