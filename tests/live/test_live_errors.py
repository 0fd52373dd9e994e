"""The live room's database failures read as the store's plain messages, never as psycopg's."""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import logging
import secrets
import socket

import psycopg
import pytest
import tornado.web
from live_kit import DB

from workbook.errors import DiskFullError, StoreError
from workbook.live.app import LiveService
from workbook.live.backend import PostgresInbox
from workbook.live.room import LiveRoom
from workbook.live.settings import Settings
from workbook.store.postgres import translate_pg_error


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]  # closed again when the block ends: nobody listens


def _room(dsn: str) -> LiveRoom:
    return LiveRoom(dsn, "http://127.0.0.1:9510/", "harbour")


def test_live_errors_connection_refused_is_a_plain_message():
    """No server at the address: "Could not reach the database", naming it without the
    password, instead of psycopg's OperationalError."""
    dsn = f"postgresql://fac_alice:s3cret-pw@127.0.0.1:{_closed_port()}/{DB}"
    with pytest.raises(StoreError, match="Could not reach the database") as caught:
        _room(dsn).latest_open()
    assert "s3cret-pw" not in str(caught.value)
    assert f"database {DB} on 127.0.0.1" in str(caught.value)


def test_live_errors_missing_database_is_named(live_db):
    """A DSN naming a database the server does not have says so and what to do."""
    dsn = live_db.facilitators["fac_alice"].rsplit("/", 1)[0] + "/no_such_db"
    with pytest.raises(StoreError, match="There is no such database") as caught:
        _room(dsn).latest_open()
    assert "workbook db init" in str(caught.value)


def test_live_errors_role_without_live_room_rights_is_told_who_to_ask(live_db):
    """A login role that is not a live-room facilitator: "may not use the live room"."""
    password = secrets.token_hex(8)
    with live_db.admin() as admin:
        admin.execute("DROP ROLE IF EXISTS not_facilitator")
        admin.execute(f"CREATE ROLE not_facilitator LOGIN PASSWORD '{password}'")
    dsn = live_db.cluster.dsn("not_facilitator", password, DB)
    with pytest.raises(StoreError, match="may not use the live room") as caught:
        _room(dsn).latest_open()
    assert "live_facilitators" in str(caught.value)
    assert isinstance(caught.value.__cause__, psycopg.errors.InsufficientPrivilege)


class _FullDisk:
    """A connection whose server has no disk space left."""

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def execute(self, *_args, **_kwargs):
        raise psycopg.errors.DiskFull('could not extend file "base/16384/2619": No space '
                                      "left on device")


def test_live_errors_full_disk_is_a_disk_full_error(monkeypatch):
    """The server's disk is full: the store's DiskFullError, "run out of disk space"."""
    monkeypatch.setattr(PostgresInbox, "connect", lambda self: _FullDisk())
    room = _room(f"postgresql://fac_alice@127.0.0.1:5432/{DB}")
    with pytest.raises(DiskFullError, match="run out of disk space"):
        room.store.set_state(1, "closed")


def test_live_errors_the_store_says_the_same(monkeypatch):
    """The store's translation gives the same sentences for the same failures."""
    full = psycopg.errors.DiskFull("could not extend file: No space left on device")
    missing = psycopg.OperationalError('connection failed: FATAL:  database "gone" does not '
                                       "exist")
    assert isinstance(translate_pg_error(full, "partnership 'harbour'"), DiskFullError)
    assert "There is no such database" in str(translate_pg_error(missing, "x"))


def test_live_errors_other_failures_stay_visible(monkeypatch):
    """A failure that is no person's to fix (a bug) is raised as it is."""
    class Broken(_FullDisk):
        def execute(self, *_args, **_kwargs):
            raise psycopg.errors.SyntaxError("syntax error at or near \"SELEC\"")

    monkeypatch.setattr(PostgresInbox, "connect", lambda self: Broken())
    with pytest.raises(psycopg.errors.SyntaxError):
        _room(f"postgresql://fac_alice@127.0.0.1:5432/{DB}").store.set_reveal(1)


class _DeadPool:
    """A participant service's pool whose server is gone."""

    @contextlib.asynccontextmanager
    async def connection(self):
        raise psycopg.OperationalError("connection failed: connection to server at "
                                       '"127.0.0.1", port 1 failed: Connection refused')
        yield  # pragma: no cover


def test_live_errors_participant_service_answers_503_and_logs_plainly(caplog):
    """The phone gets the 503 page (no server named); the operator's log has one plain line."""
    settings = Settings(db_url="postgresql://live_participant:pw@127.0.0.1:1/workbook",
                        cookie_secret=secrets.token_hex(32))
    service = LiveService(settings, _DeadPool(), None)  # type: ignore[arg-type]
    with caplog.at_level(logging.ERROR, logger="workbook.live.app"), \
            concurrent.futures.ThreadPoolExecutor(1) as pool, \
            pytest.raises(tornado.web.HTTPError) as caught:
        pool.submit(asyncio.run, service.session("ABC234")).result()
    assert caught.value.status_code == 503
    assert "Could not reach the database for database workbook on 127.0.0.1:1" in caplog.text
    assert ":pw@" not in caplog.text
