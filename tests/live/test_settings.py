"""The participant service's settings come from the environment, with defaults."""

from __future__ import annotations

import pytest

from workbook.errors import ValidationError
from workbook.live.settings import Settings

SECRET = "s" * 40


def test_settings_defaults_and_jupyterhub_variables():
    """Under JupyterHub the prefix and address come from its variables."""
    s = Settings.from_env({"LIVE_DB_URL": "postgresql://x", "JUPYTERHUB_SERVICE_PREFIX":
                           "/services/live", "JUPYTERHUB_SERVICE_URL": "http://127.0.0.1:9551",
                           "LIVE_COOKIE_SECRET": SECRET})
    assert (s.prefix, s.host, s.port, s.rate_per_minute) == ("/services/live/", "127.0.0.1",
                                                             9551, 30)
    assert s.cookie_secret == SECRET and SECRET not in repr(s)
    assert (s.header_timeout, s.body_timeout, s.max_session_items) == (10, 20, 5000)


def test_settings_require_a_cookie_secret():
    """Probe 20: no secret (which made a random one per start, so every restart logged
    everyone out and let them vote again), or a short one, is refused."""
    for secret in ("", "short"):
        with pytest.raises(ValidationError, match="LIVE_COOKIE_SECRET") as caught:
            Settings.from_env({"LIVE_DB_URL": "x", "LIVE_COOKIE_SECRET": secret})
        assert "short" not in str(caught.value) or secret == "short"


def test_settings_refuse_missing_database_and_bad_numbers():
    """No database address, or a limit that is not a number, is a clear error."""
    with pytest.raises(ValidationError, match="LIVE_DB_URL"):
        Settings.from_env({})
    with pytest.raises(ValidationError, match="LIVE_BURST"):
        Settings.from_env({"LIVE_DB_URL": "x", "LIVE_BURST": "many",
                           "LIVE_COOKIE_SECRET": SECRET})
    s = Settings.from_env({"LIVE_DB_URL": "x", "LIVE_BIND": "0.0.0.0:9600",
                           "LIVE_PREFIX": "/", "LIVE_COOKIE_SECRET": SECRET})
    assert (s.host, s.port, s.prefix, s.cookie_secret) == ("0.0.0.0", 9600, "/", SECRET)
