"""Fixtures for the export tests: a parsed view of a summary page, and small workbooks.

``parse_page(html)`` reads a page with the standard library's HTML parser (no browser) and
returns every element with its attributes, the text of each section, and the headings:
tests assert on what a reader or a screen reader would meet, not on exact markup.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser

import pytest

from workbook import Workbook
from workbook.testing import add_meeting, make_workbook

VOID = {"meta", "img", "br", "hr", "link", "input"}


@dataclass
class Element:
    tag: str
    attrs: dict[str, str | None]
    text: str = ""


@dataclass
class Page:
    elements: list[Element] = field(default_factory=list)
    sections: dict[str, str] = field(default_factory=dict)  # section id -> its text
    headings: list[tuple[str, str]] = field(default_factory=list)  # (tag, text)
    text: str = ""

    def tags(self, name: str) -> list[Element]:
        return [e for e in self.elements if e.tag == name]


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = Page()
        self.open: list[Element] = []
        self.section: str | None = None
        self.chunks: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, dict(attrs))
        self.page.elements.append(element)
        if tag == "section":
            self.section = element.attrs.get("id") or ""
            self.page.sections[self.section] = ""
        if tag not in VOID:
            self.open.append(element)

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self.open) - 1, -1, -1):
            if self.open[index].tag == tag:
                closed = self.open[index]
                del self.open[index:]
                if tag in ("h1", "h2", "h3"):
                    self.page.headings.append((tag, closed.text.strip()))
                if tag == "section":
                    self.section = None
                return

    def handle_data(self, data: str) -> None:
        if any(e.tag in ("style", "title") for e in self.open):
            return
        for element in self.open:
            element.text += data
        self.chunks.append(data)
        if self.section is not None:
            self.page.sections[self.section] += data


def _parse(html: str) -> Page:
    reader = _Reader()
    reader.feed(html)
    reader.close()
    reader.page.text = "".join(reader.chunks)
    return reader.page


@pytest.fixture(scope="session")
def parse_page():
    """A function: summary HTML -> ``Page`` (elements, section texts, headings, text)."""
    return _parse


@pytest.fixture
def sparse_wb() -> Iterator[Workbook]:
    """A workbook with one bare meeting: an objective, and nothing else recorded."""
    workbook = make_workbook()
    add_meeting(workbook, held_on=dt.date.today() - dt.timedelta(days=3), agenda=(),
                objective="Meet for the first time")
    yield workbook
    workbook.close()


@pytest.fixture(autouse=True)
def _exports_in_test_folder(tmp_path, monkeypatch):
    """A database workbook exports under the working folder: make that the test's own."""
    monkeypatch.chdir(tmp_path)


@pytest.fixture(autouse=True)
def _chart_cache_in_test_folder(tmp_path, monkeypatch):
    """Each test draws its charts into a cache of its own (never the user's)."""
    monkeypatch.setenv("WORKBOOK_CHART_CACHE", str(tmp_path / "chart-cache"))
