"""What the live-room tests share besides fixtures: the database's name and a
participant's phone without a browser (conftest's ``phone`` fixture). Its own module, so
tests import it by a name no other folder uses (``conftest`` is ambiguous across folders).
"""

from __future__ import annotations

DB = "workbook"
"""The database the live schema is installed in."""


class Phone:
    """A participant's browser without a browser: cookies, the XSRF token, form posts."""

    def __init__(self, base: str) -> None:
        import httpx

        self.base = base
        self.http = httpx.Client(follow_redirects=True, timeout=10)
        self.last = None

    def get(self, path: str):
        self.last = self.http.get(self.base + path)
        return self.last

    def xsrf(self) -> str:
        import re

        found = re.search(r'name="_xsrf" value="([^"]+)"', self.last.text)
        assert found, self.last.text[:500]
        return found.group(1)

    def post(self, path: str, data: dict, *, xsrf: bool = True):
        body = {**data, "_xsrf": self.xsrf()} if xsrf else data
        self.last = self.http.post(self.base + path, data=body)
        return self.last

    def join(self, code: str, name: str = "Ana Ruiz", organisation: str = "Acme Tools",
             partner_type: str = "business"):
        self.get(f"s/{code}")
        return self.post(f"s/{code}/me", {"name": name, "organisation": organisation,
                                          "role": "", "partner_type": partner_type})

    def send(self, code: str, **fields):
        self.get(f"s/{code}")
        return self.post(f"s/{code}/send", fields)

    def close(self) -> None:
        self.http.close()
