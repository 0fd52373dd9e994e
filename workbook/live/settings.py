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
LIVE_COOKIE_SECRET         signs the participant cookie and keys the   random per start
                           anonymous-vote hash
LIVE_RATE_PER_MINUTE       submissions a participant may make a        30
                           minute (after a burst of LIVE_BURST)
LIVE_BURST                 submissions in a burst                      10
LIVE_MAX_ITEMS             submissions per participant and session     200
LIVE_MAX_BODY_BYTES        largest request body                        16384
LIVE_POOL_SIZE             database connections                        4
=========================  ==========================================  ====================
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from ..errors import ValidationError

__all__ = ["Settings"]


def _int(env: Mapping[str, str], name: str, default: int, low: int, high: int) -> int:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    if not raw.isdigit() or not low <= int(raw) <= high:
        raise ValidationError(name, raw, "is not a whole number in range",
                              f"Set {name} to a number from {low} to {high}.")
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

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """Settings from ``environ`` (default ``os.environ``); raises ``ValidationError``."""
        env = os.environ if environ is None else environ
        db_url = env.get("LIVE_DB_URL", "").strip()
        if not db_url:
            raise ValidationError("LIVE_DB_URL", "", "is not set",
                                  "Set it to the participant role's PostgreSQL address, e.g. "
                                  "postgresql://live_participant:PASSWORD@127.0.0.1/workbook.")
        prefix = env.get("LIVE_PREFIX") or env.get("JUPYTERHUB_SERVICE_PREFIX") or "/"
        prefix = "/" + prefix.strip("/") + "/" if prefix.strip("/") else "/"
        bind = env.get("LIVE_BIND", "")
        host, port = "127.0.0.1", 9510
        if bind:
            host, _, port_text = bind.rpartition(":")
            if not port_text.isdigit():
                raise ValidationError("LIVE_BIND", bind, "is not host:port",
                                      "Write it as 127.0.0.1:9510.")
            port = int(port_text)
        elif env.get("JUPYTERHUB_SERVICE_URL"):
            url = urlsplit(env["JUPYTERHUB_SERVICE_URL"])
            host, port = url.hostname or host, url.port or port
        secret = env.get("LIVE_COOKIE_SECRET", "").strip() or secrets.token_hex(32)
        return cls(db_url=db_url, prefix=prefix, host=host, port=port, cookie_secret=secret,
                   rate_per_minute=_int(env, "LIVE_RATE_PER_MINUTE", 30, 1, 6000),
                   burst=_int(env, "LIVE_BURST", 10, 1, 1000),
                   max_items=_int(env, "LIVE_MAX_ITEMS", 200, 1, 100_000),
                   max_body_bytes=_int(env, "LIVE_MAX_BODY_BYTES", 16_384, 1024, 1_000_000),
                   pool_size=_int(env, "LIVE_POOL_SIZE", 4, 1, 50))
