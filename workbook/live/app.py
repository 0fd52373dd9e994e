"""The participant service: small server-rendered pages a phone opens with a join code.

Why tornado: it is already installed with Jupyter, serves many slow phone connections from
one asyncio loop, and JupyterHub runs it as a hub-managed service at ``/services/live/``.
One process with a pool of 4 database connections holds 50 phones on two cores; a kernel
per phone (Voila, Binder) would need 50 Python processes.

Routes under ``settings.prefix`` (participant routes need no hub login):

* ``GET  ``                 enter the join code
* ``GET  s/CODE``           say who you are, then the forms of the session
* ``POST s/CODE/me``        who you are (kept in a signed cookie for this session only)
* ``POST s/CODE/send``      one item; checked by the contribution rules, then into the inbox
                            (the meeting evaluation without a name, once per phone)
* ``POST s/CODE/leave``     forget who you are on this phone
* ``GET  s/CODE/state``     the published state as JSON (ideas after the reveal, vote)
* ``GET  static/...``       the stylesheet and the small script; ``GET health``

Each page is in the phone's language: ``?lang=es`` (the menu on every page) sets it and a
cookie keeps it for a year; otherwise the browser's Accept-Language picks among the
catalogs, else US English. The pages carry ``<html lang>`` to match.

Nothing here reads the inbox: the service's database role cannot (see ``schema``). Every
value a participant typed is escaped by the templates, never executed; every response,
tornado's own error pages included, carries a Content-Security-Policy that allows only
this service's own script and stylesheet, and the other security headers.

Limits (``limits.Limits``): per participant (the join ticket when the session hands them
out, else the phone's cookie), per client address and per session, and joins per address.
With tickets, a participant's anonymous ballot and meeting evaluation are keyed by the
ticket: one each per ticket, however often the phone joins again. The server's timeouts
and connection cap are in ``server``.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import secrets
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg
import tornado.web
from psycopg.types.json import Jsonb
from psycopg_pool import AsyncConnectionPool

from .. import i18n, reference
from ..errors import WorkbookError
from ..i18n import _
from ..participant.items import PROFILE_FIELDS
from . import forms, phone_words
from .backend import ParticipantStore
from .db_errors import live_problem, safe_where
from .limits import Limits, RateLimiter
from .schema import MAX_PAYLOAD_BYTES
from .settings import Settings

__all__ = ["LiveService", "make_app", "serve"]

log = logging.getLogger(__name__)
HERE = Path(__file__).parent
CODE_CHARS = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
EVALUATED = "live_evaluated"  # the signed cookie listing the meetings this phone evaluated
LANGUAGE = "live_lang"  # the cookie keeping the language this phone picked (a known code)
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
       "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")


@dataclass
class LiveService:
    """What the handlers share: settings, the database pool, the limits (no globals).

    ``store``, when given, keeps the sessions and inbox instead of the pool (the workbook
    file of a laptop's live room, ``sqlite_inbox.SqliteParticipantStore``)."""

    settings: Settings
    pool: AsyncConnectionPool | None
    limits: Limits
    store: ParticipantStore | None = None

    @property
    def limiter(self) -> RateLimiter:
        """The per-participant limit (what the page counts as "you have sent")."""
        return self.limits.participant

    async def session(self, code: str) -> dict[str, Any] | None:
        """The published state of an open session with this code, or None."""
        if not (6 <= len(code) <= 12 and code.isalnum()):
            return None
        if self.store is not None:
            return await self.store.session(code.upper())
        assert self.pool is not None
        with self.unavailable():
            async with self.pool.connection() as conn:
                cur = await conn.execute(
                    "SELECT id, code, meeting_label, expires_at, reveal, published "
                    "FROM live.sessions WHERE code = %s AND state = 'open' "
                    "AND expires_at > now()", (code.upper(),))
                row = await cur.fetchone()
        if row is None:
            return None
        return dict(zip(("id", "code", "meeting_label", "expires_at", "reveal", "published"),
                        row, strict=True))

    async def put(self, session_id: int, who: Mapping[str, Any], voter: str,
                  item: Mapping[str, Any]) -> None:
        """Insert one checked item into the inbox (the only write the role may make)."""
        payload = {k: v for k, v in item.items() if k != "kind"}
        if self.store is not None:
            await self.store.put(session_id, who, voter, item)
            return
        assert self.pool is not None
        anonymous = bool(voter)
        with self.unavailable():
            async with self.pool.connection() as conn:
                await conn.execute(
                    "INSERT INTO live.inbox (session_id, participant_name, organisation, "
                    "role, partner_type, voter, kind, payload) "
                    "VALUES (%s, %s, %s, %s, %s, %s, %s, %s)",
                    (session_id, "" if anonymous else who["name"],
                     "" if anonymous else who["organisation"],
                     "" if anonymous else who["role"],
                     "" if anonymous else who["partner_type"], voter, item["kind"],
                     Jsonb(payload)))

    @contextlib.contextmanager
    def unavailable(self) -> Iterator[None]:
        """A database failure the operator can fix becomes a 503 page for the phone (which
        names no server) and one plain line in the service's log for the operator."""
        try:
            yield
        except psycopg.Error as exc:
            problem = live_problem(exc, safe_where(self.settings.db_url))
            if problem is None:
                raise
            log.error("%s", problem)
            raise tornado.web.HTTPError(503, reason="Live room unavailable") from exc


def security_headers(handler: tornado.web.RequestHandler, *, cache: bool = False) -> None:
    """The headers every response carries (the ``Server`` banner is left out)."""
    handler.clear_header("Server")
    handler.set_header("Content-Security-Policy", CSP)
    handler.set_header("X-Content-Type-Options", "nosniff")
    handler.set_header("Referrer-Policy", "no-referrer")
    handler.set_header("X-Frame-Options", "DENY")
    handler.set_header("Cross-Origin-Opener-Policy", "same-origin")
    if not cache:
        handler.set_header("Cache-Control", "no-store")


class _Page(tornado.web.RequestHandler):
    @property
    def live(self) -> LiveService:
        service: LiveService = self.application.settings["live"]
        return service

    def set_default_headers(self) -> None:
        security_headers(self)


    @property
    def client(self) -> str:
        """The address the request came from (the proxy's X-Forwarded-For behind it)."""
        return str(self.request.remote_ip or "")

    def url(self, path: str = "") -> str:
        return self.live.settings.prefix + path

    def prepare(self) -> None:
        """Pick the page's language before anything is said (the request's own task), then
        refuse a body too large: the server takes bodies up to four times the limit, so it
        gets this page (413, with the headers, in the phone's language) instead of
        tornado's bare 400."""
        self.language = self.pick_language()
        i18n.set_language_here(self.language)
        if len(self.request.body or b"") > self.live.settings.max_body_bytes:
            raise tornado.web.HTTPError(413)

    def pick_language(self) -> str:
        """``?lang=`` (kept in a cookie), else the cookie, else Accept-Language, else en."""
        asked = (self.get_query_argument("lang", "") or "")[:20]
        if asked and i18n.normalize_language(asked) in i18n.available_languages():
            code = i18n.normalize_language(asked)
            self.set_cookie(LANGUAGE, code, expires_days=365, path=self.url(), httponly=True,
                            samesite="Lax", secure=self.request.protocol == "https")
            return code
        kept = self.get_cookie(LANGUAGE, "") or ""
        if kept in i18n.available_languages():
            return kept
        return accepted_language(self.request.headers.get("Accept-Language", ""))

    def get_template_namespace(self) -> dict[str, Any]:
        namespace = super().get_template_namespace()
        catalog = i18n.translations(self.language)
        namespace.update(_=catalog.gettext, ngettext=catalog.ngettext, lang=self.language,
                         here=self.request.path,
                         languages=[(c, i18n.language_name(c))
                                    for c in i18n.available_languages()])
        return namespace

    def page(self, template: str, status: int = 200, **values: Any) -> None:
        self.set_status(status)
        if values.get("session"):  # the meeting named in the phone's language
            values["session"] = {**values["session"],
                                 "meeting_label": phone_words.meeting_label(values["session"])}
        self.render(template, url=self.url, kinds=forms.PHONE_KINDS,
                    partner_types={k: v for k, v in reference.PARTNER_TYPES.items()
                                   if k != reference.OWN},
                    resource_kinds=reference.RESOURCE_KINDS, profile_fields=PROFILE_FIELDS,
                    profile_titles=forms.PROFILE_TITLES,
                    statements=reference.EVALUATION_STATEMENTS,
                    scale=reference.EVALUATION_SCALE, **values)

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        if not hasattr(self, "language"):  # refused before prepare ran
            self.language = self.pick_language()
            i18n.set_language_here(self.language)
        messages = {404: _("There is no open session here. Check the code with the "
                           "facilitator; a session stops taking input when it closes."),
                    403: _("The page was open too long or came from elsewhere. Go back, "
                           "reload the page and send again."),
                    413: _("That was too much text at once. Send it in smaller parts."),
                    429: _("Too many requests from this network just now. Wait a minute, "
                           "then try again."),
                    405: _("This page cannot be used like that. Go back and use the form."),
                    503: _("The live room cannot reach its records just now; nothing was "
                           "sent. Wait a minute, then try again, or tell the facilitator.")}
        self.render("message.html", url=self.url,
                    message=messages.get(status_code, _("Something went wrong; try again.")))

    def cookie_name(self, code: str) -> str:
        return f"live_{code}"

    def who(self, code: str) -> dict[str, Any] | None:
        raw = self.get_signed_cookie(self.cookie_name(code), max_age_days=1)
        if raw is None:
            return None
        try:
            data = json.loads(raw)
        except ValueError:
            return None
        return data if isinstance(data, dict) else None

    def evaluated(self) -> list[str]:
        """The meetings (their published scopes) this phone has sent an evaluation of."""
        raw = self.get_signed_cookie(EVALUATED, max_age_days=1)
        try:
            scopes = json.loads(raw) if raw is not None else []
        except ValueError:
            return []
        return [s for s in scopes if isinstance(s, str)] if isinstance(scopes, list) else []

    def evaluation_scope(self, session: Mapping[str, Any]) -> str:
        return str((session["published"].get("evaluation") or {}).get("scope", ""))

    async def open_session(self, code: str) -> dict[str, Any]:
        session = await self.live.session(code)
        if session is None:
            raise tornado.web.HTTPError(404)
        return session


def accepted_language(header: str) -> str:
    """The best language with a catalog in an Accept-Language header (``"es-MX,es;q=0.9,
    en;q=0.8"`` gives ``"es"``); English when none fits or the header is malformed."""
    ranked = []
    for position, part in enumerate(header[:500].split(",")):
        code, _sep, params = part.strip().partition(";")
        weight = 1.0
        if params.strip().startswith("q="):
            try:
                weight = float(params.strip()[2:])
            except ValueError:
                continue
        if code and weight > 0:
            ranked.append((-weight, position, code))
    for _weight, _position, code in sorted(ranked):
        found = i18n.normalize_language(code)
        if found in i18n.available_languages() and (found != "en" or code.lower()[:2] == "en"):
            return found
    return i18n.DEFAULT_LANGUAGE


class Home(_Page):
    def get(self) -> None:
        code = (self.get_query_argument("code", "") or "").strip().upper()[:20]
        if code:
            self.redirect(self.url(f"s/{''.join(c for c in code if c.isalnum())}"))
            return
        self.page("home.html")


class SessionPage(_Page):
    async def get(self, code: str) -> None:
        session = await self.open_session(code)
        who = self.who(session["code"])
        sent = self.get_query_argument("sent", "")
        # Dots, evaluations and poll answers stay hidden until the facilitator shows the
        # results: the phone does not claim anyone sees them now.
        message = (_("Sent.") if sent == "2" else
                   _("Sent. The facilitator sees it now.") if sent else "")
        self.show(session, who, message=message,
                  error="", values={})

    def show(self, session: Mapping[str, Any], who: Mapping[str, Any] | None, *,
             message: str, error: str, values: Mapping[str, str], status: int = 200) -> None:
        if who is None:
            self.page("join.html", status, session=session, error=error, values=values)
            return
        count = self.live.limiter.sent((session["id"], who["k"]))
        scope = self.evaluation_scope(session)
        self.page("session.html", status, session=session, who=who, message=message,
                  error=error, values=values, published=session["published"], sent=count,
                  evaluated=bool(scope) and scope in self.evaluated())


class Me(SessionPage):
    async def post(self, code: str) -> None:
        session = await self.open_session(code)
        form = {k: self.get_body_argument(k, "") for k in
                ("name", "organisation", "role", "partner_type", "ticket")}
        refusal = self.live.limits.refuse_join(session["id"], self.client)
        if refusal:
            self.show(session, None, message="", error=_(
                "Too many people joined from this network just now; wait a minute, then press "
                "Continue again."), values=form, status=429)
            return
        tickets = session["published"].get("tickets") or []
        try:
            person = forms.participant(form)
            ticket = forms.ticket(form.get("ticket", ""), session["code"], tickets)
        except WorkbookError as exc:
            self.show(session, None, message="", error=phone_words.refusal(exc), values=form,
                      status=400)
            return
        if ticket:
            # The ticket, not the cookie, is the participant: joining again with it keeps
            # the same limits, ballot and evaluation.
            person["t"] = ticket
            person["k"] = forms.ticket_key(self.live.settings.cookie_secret,
                                           session["code"], ticket)
        else:
            person["k"] = secrets.token_hex(16)
        self.set_signed_cookie(self.cookie_name(session["code"]), json.dumps(person),
                               expires_days=1, path=self.url(), httponly=True,
                               samesite="Lax", secure=self.request.protocol == "https")
        self.redirect(self.url(f"s/{session['code']}"), status=303)


class Leave(_Page):
    async def post(self, code: str) -> None:
        self.clear_cookie(self.cookie_name(code.upper()), path=self.url())
        self.redirect(self.url(f"s/{code.upper()}"), status=303)


class Send(SessionPage):
    async def post(self, code: str) -> None:
        session = await self.open_session(code)
        who = self.who(session["code"])
        if who is None:
            self.redirect(self.url(f"s/{session['code']}"), status=303)
            return
        form = {k: v[0].decode("utf-8", "replace") for k, v in
                self.request.body_arguments.items() if k != "_xsrf" and v}
        try:
            item = forms.item(form, who, session["published"])
        except WorkbookError as exc:
            self.show(session, who, message="", error=phone_words.refusal(exc), values=form,
                      status=400)
            return
        scope = self.evaluation_scope(session)
        if item["kind"] == "evaluation" and scope in self.evaluated():
            self.show(session, who, message="", error=_(
                "This phone has sent its evaluation of this meeting already; each participant "
                "answers once. Thank you."), values={}, status=409)
            return
        if (session["published"].get("tickets") or []) and not who.get("t"):
            self.clear_cookie(self.cookie_name(session["code"]), path=self.url())
            self.show(session, None, message="", error=_(
                "This session now asks for your join ticket: type the code on the card you "
                "were given."), values={}, status=403)
            return
        payload = {k: v for k, v in item.items() if k != "kind"}
        # Measured as the database measures it (its CHECK on the stored JSON's octets).
        size = len(json.dumps(payload, ensure_ascii=False).encode("utf-8"))
        if size > MAX_PAYLOAD_BYTES - 500:
            cut = size - (MAX_PAYLOAD_BYTES - 500)
            self.show(session, who, message="", error=_(
                "That is too long to keep once stored (signs such as emoji take more room): "
                "cut about {bytes} bytes (roughly {characters} characters) and send "
                "again.").format(bytes=cut, characters=max(1, cut // 4)), values=form,
                status=413)
            return
        refusal = self.live.limits.refuse_item(session["id"], who["k"], self.client)
        if refusal:
            self.show(session, who, message="", error=refusal, values=form, status=429)
            return
        vote = session["published"].get("vote") or {}
        voter = (forms.voter_hash(self.live.settings.cookie_secret, session["code"], who)
                 if item["kind"] == "dots" and vote.get("anonymous") else "")
        if item["kind"] == "evaluation":  # anonymous: the inbox gets no name, only this key
            voter = forms.evaluation_hash(self.live.settings.cookie_secret, scope, who)
        if item["kind"] == "poll":  # anonymous too; each phone's last answer counts
            voter = forms.poll_hash(self.live.settings.cookie_secret, item["poll_id"], who)
        await self.live.put(session["id"], who, voter, item)
        if item["kind"] == "evaluation":
            self.set_signed_cookie(EVALUATED, json.dumps([*self.evaluated()[-19:], scope]),
                                   expires_days=1, path=self.url(), httponly=True,
                                   samesite="Lax", secure=self.request.protocol == "https")
        hidden = item["kind"] in ("dots", "evaluation", "poll")
        self.redirect(self.url(f"s/{session['code']}?sent={2 if hidden else 1}"), status=303)


class State(_Page):
    async def get(self, code: str) -> None:
        session = await self.open_session(code)
        published = session["published"]
        self.set_header("Content-Type", "application/json; charset=utf-8")
        self.finish(json.dumps({"reveal": session["reveal"],
                                "ideas": published.get("ideas", []),
                                "vote": published.get("vote"), "poll": published.get("poll"),
                                "expires_at": session["expires_at"].isoformat()}))


class Health(_Page):
    def get(self) -> None:
        self.finish("ok")


class NotFound(_Page):
    """Every path no route takes: the service's 404 page, with its headers."""

    def prepare(self) -> None:
        raise tornado.web.HTTPError(404)


class Static(tornado.web.StaticFileHandler):
    def set_default_headers(self) -> None:
        security_headers(self, cache=True)

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        self.finish(f"{status_code}")


def make_app(settings: Settings, pool: AsyncConnectionPool | None = None,
             store: ParticipantStore | None = None) -> tornado.web.Application:
    """The tornado application for ``settings``; ``pool`` defaults to a new closed pool
    (``serve`` opens it), unless ``store`` keeps the inbox. Raises nothing; database errors
    show when a page is asked for."""
    if pool is None and store is None:
        # Each connection is checked before use, so one dropped by a database restart is
        # replaced instead of failing a phone's page.
        pool = AsyncConnectionPool(settings.db_url, min_size=1, max_size=settings.pool_size,
                                   open=False, kwargs={"autocommit": True},
                                   check=AsyncConnectionPool.check_connection)
    limits = Limits(
        participant=RateLimiter(settings.rate_per_minute, settings.burst, settings.max_items),
        client=RateLimiter(settings.client_rate_per_minute, settings.client_burst, 0,
                           who="This network has"),
        session=RateLimiter(1_000_000, 1_000_000, settings.max_session_items,
                            who="The room has"),
        joins=RateLimiter(settings.joins_per_minute, settings.join_burst, 0))
    service = LiveService(settings, pool, limits, store)
    p = settings.prefix
    code = r"([A-Za-z0-9]{1,20})"
    return tornado.web.Application(
        [(p, Home), (p + "health", Health), (p + f"s/{code}", SessionPage),
         (p + f"s/{code}/me", Me), (p + f"s/{code}/send", Send),
         (p + f"s/{code}/leave", Leave), (p + f"s/{code}/state", State),
         (p + "static/(.*)", Static, {"path": str(HERE / "static")})],
        template_path=str(HERE / "templates"), autoescape="xhtml_escape",
        cookie_secret=settings.cookie_secret, xsrf_cookies=True,
        xsrf_cookie_kwargs={"httponly": True, "samesite": "Lax", "path": p},
        static_path=None, compress_response=False, live=service,
        default_handler_class=NotFound)


async def _serve(settings: Settings, store: ParticipantStore | None = None,
                 stopped: asyncio.Event | None = None) -> None:
    """Serve until ``stopped`` is set (forever without it); ``store`` as in ``make_app``."""
    from .server import listen

    app = make_app(settings, store=store)
    service: LiveService = app.settings["live"]
    if service.store is not None:
        await service.store.open()
    else:
        assert service.pool is not None
        await service.pool.open(wait=True, timeout=30)
    server = listen(app, settings)
    log.info("live room on http://%s:%s%s", settings.host, settings.port, settings.prefix)
    try:
        await (stopped or asyncio.Event()).wait()
    finally:
        server.stop()
        if service.store is not None:
            await service.store.close()
        elif service.pool is not None:
            await service.pool.close()


def serve(settings: Settings) -> None:
    """Run the participant service until interrupted."""
    from .server import raise_file_limit, throttle_logs

    logging.basicConfig(level=logging.INFO, format="%(asctime)s live %(message)s")
    throttle_logs()
    raise_file_limit()
    asyncio.run(_serve(settings))

