"""The participant service's HTTP server: timeouts of seconds and a cap on connections.

Tornado alone waits up to an hour for a request's headers and accepts connections until
the process runs out of file descriptors; then every accept fails and is logged (probe 19:
1,100 half-sent requests locked every phone out and wrote 199 MB of log in 30 s). Here:

- a client has ``header_timeout`` seconds for its request line and headers and
  ``body_timeout`` seconds for the body, then the connection is closed;
- at most ``max_connections`` are open at once (kept below the file limit, which ``serve``
  raises to its hard maximum), and one address other than a proxy on the loopback at most
  ``max_connections_per_client``; a connection past a cap is closed at once;
- a log line repeated within 10 seconds is held back (``limits.LogThrottle``).

The proxy in front (JupyterHub's, or an ingress) must time out slow clients too: behind it
every phone shares its address.
"""

from __future__ import annotations

import ipaddress
import logging
import resource
from collections import Counter
from typing import Any

import tornado.httpserver
import tornado.web

from .limits import LogThrottle
from .settings import Settings

__all__ = ["CappedHTTPServer", "listen", "raise_file_limit", "throttle_logs"]

log = logging.getLogger(__name__)


def _loopback(ip: str) -> bool:
    try:
        return ipaddress.ip_address(ip).is_loopback
    except ValueError:
        return False


class CappedHTTPServer(tornado.httpserver.HTTPServer):
    """``HTTPServer`` that closes a new connection past ``max_connections`` open ones, or
    past ``max_per_client`` from one non-loopback address."""

    def initialize(self, *args: Any, max_connections: int = 1000, max_per_client: int = 100,
                   **kwargs: Any) -> None:
        super().initialize(*args, **kwargs)
        self.max_connections, self.max_per_client = max_connections, max_per_client
        self.per_client: Counter[str] = Counter()
        self.refused = 0
        self._client_of: dict[int, str] = {}

    def handle_stream(self, stream: Any, address: Any) -> None:
        ip = address[0] if isinstance(address, tuple) and address else ""
        if len(self._connections) >= self.max_connections or (
                ip and not _loopback(ip) and self.per_client[ip] >= self.max_per_client):
            self.refused += 1
            if self.refused % 100 == 1:
                log.warning("connection cap reached: %d refused so far", self.refused)
            stream.close()
            return
        before = set(self._connections)
        super().handle_stream(stream, address)
        for conn in set(self._connections) - before:
            self._client_of[id(conn)] = ip
            self.per_client[ip] += 1

    def on_close(self, server_conn: Any) -> None:
        ip = self._client_of.pop(id(server_conn), None)
        if ip is not None:
            self.per_client[ip] -= 1
            if self.per_client[ip] <= 0:
                del self.per_client[ip]
        super().on_close(server_conn)


def raise_file_limit() -> int:
    """Raise this process's open-file limit to its hard maximum; returns the soft limit."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard == resource.RLIM_INFINITY or hard > soft:
        target = 65536 if hard == resource.RLIM_INFINITY else hard
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
            soft = target
        except (ValueError, OSError):
            pass
    return soft


def listen(app: tornado.web.Application, settings: Settings, *, host: str | None = None,
           xheaders: bool = True) -> CappedHTTPServer:
    """Start serving ``app`` on the settings' port with the timeouts and caps above."""
    soft = resource.getrlimit(resource.RLIMIT_NOFILE)[0]
    cap = max(10, min(settings.max_connections, soft - 64 - 2 * settings.pool_size))
    server = CappedHTTPServer(
        app, xheaders=xheaders, max_body_size=4 * settings.max_body_bytes,
        idle_connection_timeout=settings.header_timeout, body_timeout=settings.body_timeout,
        max_connections=cap, max_per_client=settings.max_connections_per_client)
    server.listen(settings.port, host if host is not None else settings.host)
    return server


def throttle_logs(seconds: float = 10.0) -> LogThrottle:
    """Hold back repeated lines on every handler of the root logger (and asyncio's)."""
    throttle = LogThrottle(seconds)
    for handler in logging.getLogger().handlers:
        handler.addFilter(throttle)
    return throttle
