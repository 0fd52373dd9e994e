"""The live room's phone pages in the phone's language: picked from the menu (``?lang=``)
and kept in a cookie, else from the browser's Accept-Language; ``<html lang>`` follows;
and in the pseudo-language no English stands outside the catalog's markers."""

from __future__ import annotations

import pytest
from live_kit import Phone

from workbook import Meeting, i18n
from workbook.i18n import format_date
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
    """Join page, session page, the message page and refusals in the pseudo-language: only
    markers, typed text (the meeting's objective, the problems, the candidates, the phone's
    own name) and the menu's names; the meeting's day too is the phone's language's."""
    monkeypatch.setattr(i18n, "available_languages", lambda: ["en", "es", i18n.PSEUDO])
    phone = Phone(service.url)
    typed = typed_texts(demo_wb, [session.published["meeting"]["objective"],
                                  "Ana Ruiz", "Acme Tools"])
    try:
        home = phone.get(f"?lang={i18n.PSEUDO}").text
        missing = phone.get("s/NOSUCH99").text  # the message page
        join = phone.get(f"s/{session.code}").text
        refused = phone.post(f"s/{session.code}/me", {"name": "", "organisation": "Acme",
                                                       "role": "", "partner_type": "business"})
        assert refused.status_code == 400
        refused = refused.text
        phone.post(f"s/{session.code}/me", {"name": "Ana Ruiz", "organisation": "Acme Tools",
                                            "role": "", "partner_type": "business"})
        page = phone.last.text
        assert '<html lang="x-pseudo">' in page
        polled = room.open_poll(demo_wb, session, "Rate the venue", ["Fine", "Poor"])
        room.reveal_poll(demo_wb, polled)
        poll_page = phone.get(f"s/{session.code}").text
        assert "Rate the venue" in poll_page
        no_dots = phone.post(f"s/{session.code}/send", {"kind": "dots"}).text
        typed = [*typed, "Rate the venue", "Fine", "Poor"]
        for markup in (home, missing, join, refused, page, poll_page, no_dots):
            text = html_text(markup)
            left = english_left(text, typed)
            assert left == [], where(text, left)
    finally:
        phone.close()


def test_live_language_refusals_and_meeting_in_spanish(session, service, demo_wb):
    """A refused join and a refused send say so in Spanish, naming the field as the form
    does; the meeting's day is in Spanish although the facilitator's label is English."""
    phone = Phone(service.url)
    try:
        phone.get("?lang=es")
        phone.get(f"s/{session.code}")
        refused = phone.post(f"s/{session.code}/me", {"name": "", "organisation": "Acme",
                                                       "role": "", "partner_type": "business"})
        assert refused.status_code == 400
        assert "«Nombre» está vacío: complételo y envíe de nuevo." in refused.text
        assert "is empty" not in refused.text and "Give it a name" not in refused.text
        phone.join(session.code, name="Ana Ruiz", organisation="Acme Tools")
        page = phone.last.text
        held_on = demo_wb.get(Meeting, session.meeting_id).held_on  # moves with today
        assert format_date(held_on, language="en") in session.meeting_label  # the facilitator's
        assert format_date(held_on, language="es") in page and "February" not in page
        sent = phone.send(session.code, kind="dots")  # no dot on any name
        assert "Ponga al menos un punto en un nombre" in sent.text
        assert "were not given" not in sent.text
        sent = phone.send(session.code, kind="comment", text="")
        assert "«Comentario» está vacío" in sent.text
        sent = phone.send(session.code, kind="evaluation")  # nothing scored, no comment
        assert "Califique al menos una afirmación o deje un comentario" in sent.text
    finally:
        phone.close()


def test_live_language_every_form_refusal_is_in_the_catalog(monkeypatch):
    """Each refusal the phone forms raise reads, in the pseudo-language, without a word of
    English outside the catalog's markers (the model's own messages are English only)."""
    from workbook.errors import ValidationError, WorkbookError
    from workbook.live import forms, phone_words

    who = {"name": "Ana", "organisation": "Acme", "role": "", "partner_type": "business",
           "k": "x"}
    vote = {"status": "open", "dots": 2, "id": 1, "candidates": [{"id": 1, "name": "A"}]}
    published = {"problems": [{"id": 1, "statement": "p"}], "vote": vote,
                 "evaluation": {"meeting_id": 1, "scope": "s"},
                 "poll": {"id": 1, "choices": ["a", "b"]}}
    forms_sent = [
        {"name": "", "organisation": "Acme"}, {"name": "x" * 300, "organisation": "Acme"},
        {"name": "Ana", "organisation": "Acme", "partner_type": "own"},
        {"kind": "nothing"}, {"kind": "comment", "text": ""},
        {"kind": "comment", "text": "x" * 5_000}, {"kind": "name_candidate", "name": ""},
        {"kind": "name_candidate", "name": "a", "rationale": "x" * 2_500},
        {"kind": "resource", "name": "", "resource_kind": "program"},
        {"kind": "resource", "name": "a", "resource_kind": "spaceship"},
        {"kind": "profile", "field": "mission", "value": ""},
        {"kind": "profile", "field": "salary", "value": "a"},
        {"kind": "cause", "problem_id": "9"}, {"kind": "cause", "problem_id": "1"},
        {"kind": "dots"}, {"kind": "dots", "dots_1": "x"}, {"kind": "dots", "dots_1": "3"},
        {"kind": "evaluation"}, {"kind": "poll", "answer": "9", "poll_id": "1"},
        {"kind": "poll", "answer": "1", "poll_id": "2"},
    ]
    raised: list[WorkbookError] = []
    for form in forms_sent:
        with pytest.raises(WorkbookError) as caught:
            if "kind" in form:
                forms.item(form, who, published)
            else:
                forms.participant(form)
        raised.append(caught.value)
    for closed in ({"vote": None}, {"poll": None}, {"evaluation": None}):
        kind = next(iter(closed))
        form = {"kind": "dots", "dots_1": "1"} if kind == "vote" else {"kind": kind}
        if kind == "poll":
            form.update(answer="1", poll_id="1")
        with pytest.raises(WorkbookError) as caught:
            forms.item(form, who, {**published, **closed})
        raised.append(caught.value)
    for typed in ("", "ZZZZ"):
        with pytest.raises(WorkbookError) as caught:
            forms.ticket(typed, "ABCDEFGH", ["x"])
        raised.append(caught.value)
    raised.append(ValidationError("website", "nope", "is not a web address", "Fix it."))
    raised.append(WorkbookError("anything at all"))

    monkeypatch.setattr(i18n, "available_languages", lambda: ["en", "es", i18n.PSEUDO])
    with i18n.use_language(i18n.PSEUDO):
        for exc in raised:
            said = phone_words.refusal(exc)
            assert "⟦" in said and english_left(said) == [], (str(exc), said)
            assert str(exc) not in said
    with i18n.use_language("es"):
        assert all("The " not in phone_words.refusal(e) for e in raised)
