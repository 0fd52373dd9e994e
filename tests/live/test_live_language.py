"""The live room's phone pages in the phone's language: picked from the menu (``?lang=``)
and kept in a cookie, else from the browser's Accept-Language; ``<html lang>`` follows;
and in the pseudo-language no English stands outside the catalog's markers."""

from __future__ import annotations

import pytest
from live_kit import Phone

from workbook import i18n
from workbook.live.app import accepted_language
from workbook.live.room import LiveRoom
from workbook.testing.pseudo import english_left, html_text, typed_texts, where


@pytest.fixture
def session(room: LiveRoom, demo_wb):
    """An open session for the demo's first meeting, with an anonymous vote open."""
    demo_wb.open_vote(dots_per_participant=3, anonymous=True)
    opened = room.open_session(demo_wb, 1, minutes=30)
    return room.publish(demo_wb, opened)


def test_live_language_header_picks_the_best_catalog():
    """Accept-Language is read by weight; a language without a catalog falls through."""
    assert accepted_language("es-MX,es;q=0.9,en;q=0.8") == "es"
    assert accepted_language("fr-CA,fr;q=0.9,es;q=0.5") == "es"
    assert accepted_language("fr-CA,fr;q=0.9") == "en"
    assert accepted_language("en;q=0.2, es;q=0.9") == "es"
    assert accepted_language("es;q=0, en") == "en"
    assert accepted_language("garbage;q=x,,") == "en"


def test_live_language_menu_choice_is_kept(service):
    """?lang=es turns the page Spanish and a cookie keeps it for the next visit."""
    phone = Phone(service.url)
    try:
        page = phone.get("?lang=es").text
        assert '<html lang="es">' in page and "Unirse a la reunión" in page
        assert '<option value="es" lang="es" selected>Español</option>' in page
        again = phone.get("").text
        assert '<html lang="es">' in again and "El código que muestra el facilitador" in again
        back = phone.get("?lang=en").text
        assert '<html lang="en">' in back and "Join the meeting" in back
        assert "Join the meeting" in phone.get("?lang=klingon").text  # unknown: kept as is
    finally:
        phone.close()


def test_live_language_browser_setting_is_the_default(service):
    """With no choice made, a phone set to Spanish gets Spanish; others get English."""
    import httpx

    spanish = httpx.get(service.url, headers={"Accept-Language": "es-US,es;q=0.9"}).text
    assert '<html lang="es">' in spanish and "Unirse" in spanish
    other = httpx.get(service.url, headers={"Accept-Language": "de-DE"}).text
    assert '<html lang="en">' in other and "Join the meeting" in other


def test_live_language_session_in_spanish(session, service):
    """Joining and the session page in Spanish: the forms, the vote, a refusal."""
    phone = Phone(service.url)
    try:
        phone.get("?lang=es")
        phone.join(session.code, name="Ana Ruiz", organisation="Acme Tools")
        page = phone.last.text
        assert '<html lang="es">' in page
        assert "Usted es Ana Ruiz, Acme Tools. Ha enviado 0 aportes." in page
        assert "Tiene 3 puntos." in page and "Esta votación es anónima" in page
        assert "Idea para el nombre" in page and "Empresa (empleador)" not in page
        sent = phone.send(session.code, kind="comment", text="Buena reunión")
        assert "Enviado. El facilitador ya lo ve." in sent.text
    finally:
        phone.close()


def test_live_language_pseudo_pages_have_no_unwrapped_english(session, service, demo_wb,
                                                                room, monkeypatch):
    """Join page and session page in the pseudo-language: only markers, typed text (the
    meeting, the problems, the candidates, the phone's own name) and the menu's names."""
    monkeypatch.setattr(i18n, "available_languages", lambda: ["en", "es", i18n.PSEUDO])
    phone = Phone(service.url)
    typed = typed_texts(demo_wb, [session.meeting_label,
                                  "Ana Ruiz", "Acme Tools"])
    try:
        home = phone.get(f"?lang={i18n.PSEUDO}").text
        join = phone.get(f"s/{session.code}").text
        phone.post(f"s/{session.code}/me", {"name": "Ana Ruiz", "organisation": "Acme Tools",
                                            "role": "", "partner_type": "business"})
        page = phone.last.text
        assert '<html lang="x-pseudo">' in page
        polled = room.open_poll(demo_wb, session, "Rate the venue", ["Fine", "Poor"])
        room.reveal_poll(demo_wb, polled)
        poll_page = phone.get(f"s/{session.code}").text
        assert "Rate the venue" in poll_page
        typed = [*typed, "Rate the venue", "Fine", "Poor"]
        for markup in (home, join, page, poll_page):
            text = html_text(markup)
            left = english_left(text, typed)
            assert left == [], where(text, left)
    finally:
        phone.close()
