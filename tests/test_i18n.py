"""Language access: the current language, the catalogs and Babel's formatters."""

from __future__ import annotations

import ast
import asyncio
import concurrent.futures
import datetime as dt
import re
import threading
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from workbook import i18n
from workbook.i18n import (
    _,
    current_language,
    format_date,
    format_datetime,
    format_list,
    format_minutes,
    format_number,
    format_percent,
    format_time,
    ngettext,
    use_language,
)

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "workbook"
LANGUAGES = [c for c in i18n.available_languages() if c != "en"]


@pytest.fixture(autouse=True)
def _english():
    i18n.set_default_language(None)
    yield
    i18n.set_default_language(None)


def test_i18n_english_is_the_default_and_us_english():
    """Nothing chosen: US English dates, AM/PM times, grouping commas, plurals."""
    assert current_language() == "en"
    assert format_date(dt.date(2027, 1, 21)) == "January 21, 2027"
    assert format_date(dt.date(2027, 1, 21), "medium") == "Jan 21, 2027"
    assert format_time(dt.time(14, 30)) == "2:30\u00a0PM"
    assert format_datetime(dt.datetime(2027, 1, 21, 9, 5)) == "January 21, 2027, 9:05\u00a0AM"
    assert format_number(12345.5) == "12,345.5"
    assert format_percent(0.5) == "50%"
    assert format_list(["a", "b", "c"]) == "a, b, and c"
    assert [format_minutes(n) for n in (0, 1, 2)] == ["0 minutes", "1 minute", "2 minutes"]


def test_i18n_spanish_follows_the_language():
    """In Spanish: the catalog's words, Spanish month names, p.m., US number format."""
    with use_language("es-MX") as code:
        assert code == "es"
        assert format_date(dt.date(2027, 1, 21)) == "21 de enero de 2027"
        assert format_time(dt.time(14, 30)) == "2:30\u00a0p.m."
        assert format_number(12345.5) == "12,345.5"
        assert format_list(["a", "b", "c"]) == "a, b y c"
        assert [format_minutes(n) for n in (1, 2)] == ["1 minuto", "2 minutos"]
    assert format_minutes(2) == "2 minutes"


def test_i18n_time_zone_reads_as_words_in_the_language():
    """An IANA zone name reads as CLDR's generic name (no "America/New_York" in a page);
    a zone without one reads as its city's time; an offset or unknown name stays a code."""
    assert i18n.format_time_zone("America/New_York") == "Eastern Time"
    assert i18n.format_time_zone("America/Chicago", language="es") == "hora central"
    assert i18n.format_time_zone("Pacific/Honolulu", language="es") == "hora de Honolulu"
    assert i18n.format_time_zone("Etc/GMT+5") == "Etc/GMT+5"
    assert i18n.format_time_zone("Nowhere/Atlantis") == "Nowhere/Atlantis"
    assert i18n.format_time_zone(None) == "–"
    with use_language("es"):
        assert i18n.format_time_zone("America/Los_Angeles") == "hora del Pacífico"


def test_i18n_language_is_local_to_a_thread_and_a_task():
    """Two requests in two threads or two tasks never see each other's language."""
    seen: dict[str, str] = {}
    barrier = threading.Barrier(2)

    def worker(code: str) -> None:
        with use_language(code):
            barrier.wait()
            seen[code] = ngettext("{count} minute", "{count} minutes", 2).format(count=2)

    threads = [threading.Thread(target=worker, args=(c,)) for c in ("en", "es")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert seen == {"en": "2 minutes", "es": "2 minutos"}

    async def task(code: str) -> str:
        with use_language(code):
            await asyncio.sleep(0)
            return format_minutes(1)

    async def both() -> list[str]:
        return list(await asyncio.gather(task("es"), task("en")))

    # In a thread of its own: a browser test's Playwright may hold this thread's loop.
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        assert pool.submit(asyncio.run, both()).result() == ["1 minuto", "1 minute"]


def test_i18n_default_language_is_the_facilitators_setting():
    """The process default applies outside any block; a block still wins."""
    i18n.set_default_language("es")
    assert format_minutes(2) == "2 minutos"
    with use_language("en"):
        assert format_minutes(2) == "2 minutes"


def test_i18n_unknown_language_is_named_or_falls_back():
    """A strict lookup names the languages there are; a loose one gives English."""
    with pytest.raises(ValueError, match="Choose one of: en, es"):
        i18n.normalize_language("klingon", strict=True)
    assert i18n.normalize_language("fr-CA") == "en"
    assert i18n.normalize_language(" ES_us ") == "es"


def test_i18n_pseudo_language_wraps_every_catalog_string():
    """The pseudo-language marks catalog strings, placeholders still fill."""
    with use_language(i18n.PSEUDO):
        assert _("{date}, {time}").format(date="d", time="t") == "⟦d, t⟧"
        assert format_minutes(2) == "⟦2 minutes⟧"


def test_i18n_catalog_is_read_from_po_without_compiling(tmp_path, monkeypatch):
    """A .po with no .mo beside it is read by Babel; a fuzzy entry is not used."""
    folder = tmp_path / "es" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "workbook.po").write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=utf-8\\n"\n'
        '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n'
        'msgid "Yes"\nmsgstr "Sí"\n\n#, fuzzy\nmsgid "No"\nmsgstr "Nein"\n', "utf-8")
    monkeypatch.setattr(i18n, "LOCALE_DIR", tmp_path)
    monkeypatch.setattr(i18n, "_cache", {})
    with use_language("es"):
        assert _("Yes") == "Sí"
        assert _("No") == "No"


def _catalog(code: str):
    with (PACKAGE / "locale" / code / "LC_MESSAGES" / "workbook.po").open("rb") as handle:
        return read_po(handle, locale=code)


def _extracted() -> set[str]:
    """The msgids the package's sources hold now (what `make catalogs` would extract)."""
    import tomllib

    from babel.messages.frontend import _parse_config_object  # the pyproject mapping

    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["babel"]
    method_map, options_map = _parse_config_object(config)
    keywords = {"_": None, "gettext": None, "ngettext": (1, 2), "pgettext": ((1, "c"), 2),
                "npgettext": ((1, "c"), 2, 3), "N_": None}
    found = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
            str(PACKAGE), method_map, options_map, keywords=keywords):
        found.add(message[0] if isinstance(message, tuple) else message)
    return found


@pytest.mark.parametrize("code", LANGUAGES)
def test_i18n_catalog_has_no_missing_or_fuzzy_entries(code):
    """Every string the sources wrap is in the catalog, translated, not fuzzy; placeholders
    are the same in the translation as in the English."""
    catalog = _catalog(code)
    entries = {(m.id[0] if isinstance(m.id, tuple) else m.id): m for m in catalog if m.id}
    assert not catalog.fuzzy
    missing = sorted(_extracted() - set(entries))
    assert missing == [], "run `make catalogs` and translate these"
    untranslated = sorted(k for k, m in entries.items()
                          if not (all(m.string) if isinstance(m.string, tuple) else m.string))
    assert untranslated == []
    fuzzy = sorted(k for k, m in entries.items() if m.fuzzy)
    assert fuzzy == []
    names = re.compile(r"\{(\w*)[^}]*\}|%\((\w+)\)s")
    wrong = []
    for key, m in entries.items():
        ids = m.id if isinstance(m.id, tuple) else (m.id,)
        strings = m.string if isinstance(m.string, tuple) else (m.string,)
        wanted = {n for i in ids for n in names.findall(i)}
        for s in strings:
            if {n for n in names.findall(s)} != wanted:
                wrong.append(key)
    assert wrong == [], "a translation's placeholders differ from the English ones"


@pytest.mark.parametrize("code", LANGUAGES)
def test_i18n_catalog_has_no_entries_the_code_no_longer_uses(code):
    """Every entry of the catalog is a string the sources still wrap (what Babel's
    extractor finds in the Python code and both kinds of templates): a sentence reworded in
    the code leaves no stale translation behind for a translator to keep up."""
    extracted = _extracted()
    stale = sorted((m.id[0] if isinstance(m.id, tuple) else m.id) for m in _catalog(code)
                   if m.id and (m.id[0] if isinstance(m.id, tuple) else m.id) not in extracted)
    assert stale == [], "remove these entries from the catalog (the code no longer uses them)"


def test_i18n_sources_never_format_before_translating():
    """`_(f"...")`, `_("..." % x)` or `_("...".format(x))` would look up a string no
    catalog holds (`_(TITLES[key])` of strings marked with `N_` is fine)."""
    literal = {"_": 1, "gettext": 1, "N_": 1, "ngettext": 2, "pgettext": 2, "npgettext": 3}
    wrong = []
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                    and node.func.id in literal and path.name != "i18n.py"
                    and any(isinstance(a, ast.JoinedStr | ast.BinOp)
                            or (isinstance(a, ast.Call) and isinstance(a.func, ast.Attribute)
                                and a.func.attr == "format")
                            for a in node.args[:literal[node.func.id]])):
                wrong.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert wrong == []


def test_i18n_facilitator_language_is_kept_for_every_notebook(tmp_path, monkeypatch):
    """The start page's choice is written once and applied whenever a notebook opens its
    workbook; an unknown or unreadable setting gives US English."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    assert i18n.load_facilitator_language() == "en"
    assert i18n.save_facilitator_language("es-US") == "es"
    assert (tmp_path / "partnership-workbook" / "language").read_text() == "es"
    i18n.set_default_language(None)
    assert i18n.load_facilitator_language() == "es" and current_language() == "es"
    (tmp_path / "partnership-workbook" / "language").write_text("../../etc/passwd")
    assert i18n.load_facilitator_language() == "en"
    with pytest.raises(ValueError):
        i18n.save_facilitator_language("xx")


def test_i18n_catalog_read_from_po_holds_what_the_compiled_mo_would():
    """The catalog made straight from the .po (no .mo written) has every entry, plural
    and context a .mo compiled from it by Babel would give GNU gettext, fuzzy ones left
    out; and the same plural rule."""
    import gettext
    import io

    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    from workbook import i18n

    po = i18n.LOCALE_DIR / "es" / "LC_MESSAGES" / "workbook.po"
    with po.open("rb") as handle:
        catalog = read_po(handle, locale="es", domain=i18n.DOMAIN)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    compiled = gettext.GNUTranslations(buffer)
    loaded = i18n._load(po)
    assert loaded._catalog == compiled._catalog  # type: ignore[attr-defined]
    assert any(isinstance(key, tuple) for key in loaded._catalog)  # plurals are in
    assert [loaded.plural(n) for n in range(4)] == [compiled.plural(n) for n in range(4)]
