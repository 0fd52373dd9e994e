"""The participant service's settings: read once from the environment, with defaults.

Every setting is an environment variable, so the same service runs under ``make hub``, as a
JupyterHub service and in a Kubernetes pod without a config file:

=========================  ==========================================  ====================
variable                   meaning                                     default
=========================  ==========================================  ====================
LIVE_DB_URL                the participant role's PostgreSQL DSN       (required)
LIVE_PREFIX                URL prefix (JupyterHub sets                 ``/``
                           JUPYTERHUB_SERVICE_PREFIX, used if unset)
LIVE_BIND                  host:port to listen on (JupyterHub's        127.0.0.1:9510
                           JUPYTERHUB_SERVICE_URL if unset)
LIVE_COOKIE_SECRET         signs the participant cookie and keys the   (required, at least
                           anonymous-vote hash                         32 characters)
LIVE_RATE_PER_MINUTE       submissions a participant may make a        30
                           minute (after a burst of LIVE_BURST)
LIVE_BURST                 submissions in a burst                      10
LIVE_MAX_ITEMS             submissions per participant and session     200
LIVE_MAX_BODY_BYTES        largest request body                        16384
LIVE_POOL_SIZE             database connections                        4
LIVE_CLIENT_RATE_PER_MINUTE  submissions one address may make a minute 1800
                           (after a burst of LIVE_CLIENT_BURST, 200):
                           a room behind one Wi-Fi shares an address
LIVE_JOINS_PER_MINUTE      joins one address may make a minute (after  30
                           a burst of LIVE_JOIN_BURST, 60)
LIVE_MAX_SESSION_ITEMS     submissions one session takes in all        5000
LIVE_MAX_CONNECTIONS       open connections at once (kept below the   1000
                           file limit); one address other than the
                           proxy on 127.0.0.1 may hold at most 100
LIVE_HEADER_TIMEOUT        seconds a client may take to send its       10
                           request line and headers
LIVE_BODY_TIMEOUT          seconds a client may take to send a body    20
=========================  ==========================================  ====================
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from ..errors import Sentence, ValidationError
from ..i18n import N_

__all__ = ["Settings"]


def _int(env: Mapping[str, str], name: str, default: int, low: int, high: int) -> int:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    if not raw.isdigit() or not low <= int(raw) <= high:
        raise ValidationError(name, raw, Sentence(N_(
            "The {field} {value} is not a whole number in range. Set {name} to a number from "
            "{low} to {high}."), name=name, low=low, high=high))
    return int(raw)


@dataclass(frozen=True)
class Settings:
    """What the participant service needs; ``from_env`` reads it, tests build it directly."""

    db_url: str
    prefix: str = "/"
    host: str = "127.0.0.1"
    port: int = 9510
    cookie_secret: str = field(default_factory=lambda: secrets.token_hex(32), repr=False)
    rate_per_minute: int = 30
    burst: int = 10
    max_items: int = 200
    max_body_bytes: int = 16_384
    pool_size: int = 4
    client_rate_per_minute: int = 1800
    client_burst: int = 200
    joins_per_minute: int = 30
    join_burst: int = 60
    max_session_items: int = 5000
    max_connections: int = 1000
    max_connections_per_client: int = 100
    header_timeout: float = 10.0
    body_timeout: float = 20.0

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """Settings from ``environ`` (default ``os.environ``); raises ``ValidationError``."""
        env = os.environ if environ is None else environ
        db_url = env.get("LIVE_DB_URL", "").strip()
        if not db_url:
            raise ValidationError("LIVE_DB_URL", "", Sentence(N_(
                "The {field} is not set. Set it to the participant role's PostgreSQL "
                "address, e.g. postgresql://live_participant:PASSWORD@127.0.0.1/workbook.")))
        prefix = env.get("LIVE_PREFIX") or env.get("JUPYTERHUB_SERVICE_PREFIX") or "/"
        prefix = "/" + prefix.strip("/") + "/" if prefix.strip("/") else "/"
        bind = env.get("LIVE_BIND", "")
        host, port = "127.0.0.1", 9510
        if bind:
            host, _, port_text = bind.rpartition(":")
            if not port_text.isdigit():
                raise ValidationError("LIVE_BIND", bind, Sentence(N_(
                    "The {field} {value} is not host:port. Write it as 127.0.0.1:9510.")))
            port = int(port_text)
        elif env.get("JUPYTERHUB_SERVICE_URL"):
            url = urlsplit(env["JUPYTERHUB_SERVICE_URL"])
            host, port = url.hostname or host, url.port or port
        secret = env.get("LIVE_COOKIE_SECRET", "").strip()
        if len(secret) < 32:
            raise ValidationError("LIVE_COOKIE_SECRET", "(hidden)",
                                  "is not set" if not secret else "is too short",
                                  "Set it to a random text of at least 32 characters, kept "
                                  "from one start to the next (e.g. the output of `python "
                                  "-c 'import secrets; print(secrets.token_hex(32))'`): it "
                                  "signs the participants' cookies and keys their ballots.")
        return cls(db_url=db_url, prefix=prefix, host=host, port=port, cookie_secret=secret,
                   rate_per_minute=_int(env, "LIVE_RATE_PER_MINUTE", 30, 1, 6000),
                   burst=_int(env, "LIVE_BURST", 10, 1, 1000),
                   max_items=_int(env, "LIVE_MAX_ITEMS", 200, 1, 100_000),
                   max_body_bytes=_int(env, "LIVE_MAX_BODY_BYTES", 16_384, 1024, 1_000_000),
                   pool_size=_int(env, "LIVE_POOL_SIZE", 4, 1, 50),
                   client_rate_per_minute=_int(env, "LIVE_CLIENT_RATE_PER_MINUTE", 1800, 1,
                                               100_000),
                   client_burst=_int(env, "LIVE_CLIENT_BURST", 200, 1, 100_000),
                   joins_per_minute=_int(env, "LIVE_JOINS_PER_MINUTE", 30, 1, 100_000),
                   join_burst=_int(env, "LIVE_JOIN_BURST", 60, 1, 100_000),
                   max_session_items=_int(env, "LIVE_MAX_SESSION_ITEMS", 5000, 1, 1_000_000),
                   max_connections=_int(env, "LIVE_MAX_CONNECTIONS", 1000, 10, 100_000),
                   header_timeout=_int(env, "LIVE_HEADER_TIMEOUT", 10, 1, 300),
                   body_timeout=_int(env, "LIVE_BODY_TIMEOUT", 20, 1, 600))
