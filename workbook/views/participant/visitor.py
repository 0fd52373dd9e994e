"""Which browser is this? One random key per browser, so a draft is only its own.

Voila runs one kernel per page and hands it the page's query string. Before Voila starts a
kernel, ``prelaunch_hook`` (set in the environment's ``voila.py``, see ``voila_setup``)
looks for ``?visitor=<32 hex digits>``; without one it answers with a tiny page whose
script takes this browser's key from its local storage (making and keeping a random one
the first time) and loads the app again with the key in the address. No kernel is started
for that first answer. The app's template (``voila_template/index.html.j2``) checks once
more in the browser, so an address copied from someone else's browser is switched to this
browser's own key. The participant app keeps drafts under the key
(``participant.session.visitor_from_query``).
"""

from __future__ import annotations

import re
from typing import Any

__all__ = ["STORAGE_KEY", "VISITOR_PAGE", "prelaunch_hook"]

STORAGE_KEY = "workbook-visitor"
_KEY = re.compile(r"[0-9a-f]{32}")

# The same script runs in the app page's head (voila_template/index.html.j2); keep in step.
VISITOR_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="referrer" content="no-referrer">
<title>Opening the participant app</title>
<script>
(function () {
  var name = "workbook-visitor", key = null;
  try { key = window.localStorage.getItem(name); } catch (e) { key = null; }
  if (!/^[0-9a-f]{32}$/.test(key || "")) {
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    key = Array.prototype.map.call(bytes, function (b) {
      return ("0" + b.toString(16)).slice(-2); }).join("");
    try { window.localStorage.setItem(name, key); } catch (e) { /* kept for this page */ }
  }
  var url = new URL(window.location.href);
  url.searchParams.set("visitor", key);
  window.location.replace(url.toString());
})();
</script></head>
<body><noscript><p>This app needs JavaScript switched on.</p></noscript>
<p>Opening the participant app…</p></body></html>
"""
"""What a request without a visitor key gets: a page that adds this browser's key."""


def prelaunch_hook(request: Any, notebook: Any = None, cwd: str | None = None) -> None:
    """Voila's prelaunch hook: let a request with a visitor key through; answer one without
    a well-formed key with ``VISITOR_PAGE`` (raises ``tornado.web.Finish``), so no kernel
    starts until the browser says which it is."""
    import tornado.web

    keys = request.get_query_arguments("visitor")
    if len(keys) == 1 and _KEY.fullmatch(keys[0]):
        return None
    request.set_header("Content-Type", "text/html; charset=utf-8")
    request.set_header("Cache-Control", "no-store")
    raise tornado.web.Finish(VISITOR_PAGE)
