"""Print a summary page to PDF with the system's chromium, driven directly.

No browser is downloaded: Debian's ``chromium`` (``apt-get install chromium``) prints the
page headless. The page holds no scripts and asks for nothing on the network; chromium
runs with its background networking, sync and updates switched off and a throw-away
profile. ``WORKBOOK_CHROMIUM`` names another executable.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from ..errors import ExportError, Sentence
from ..i18n import N_

__all__ = ["CHROMIUM_ARGS", "OFFLINE_ARGS", "find_chromium", "html_to_pdf"]

OFFLINE_ARGS = (
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-domain-reliability", "--disable-client-side-phishing-detection",
    "--disable-breakpad", "--disable-quic", "--dns-prefetch-disable", "--no-pings",
    "--no-default-browser-check", "--disable-features=Translate,OptimizationHints,"
    "MediaRouter,AutofillServerCommunication,CertificateTransparencyComponentUpdater,"
    "InterestFeedContentSuggestions,NetworkTimeServiceQuerying",
    # Even so, chromium 156 asks its component updater's and Google sign-in's hosts; point
    # both where nothing answers and no name is looked up (a file; the discard port).
    "--component-updater=url-source=file:///dev/null", "--gaia-url=http://127.0.0.1:9/",
)
"""Chromium switches for a browser that talks to nothing but 127.0.0.1: every other host
name resolves to nothing, and the services that phone home are off. Every chromium the
workbook or its tests start uses them."""

CHROMIUM_ARGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", *OFFLINE_ARGS,
    "--disable-extensions", "--disable-default-apps", "--mute-audio",
    "--no-pdf-header-footer", "--run-all-compositor-stages-before-draw",
)
_CANDIDATES = ("chromium", "chromium-browser", "/usr/bin/chromium")
TIMEOUT_S = 90


def find_chromium() -> Path | None:
    """The chromium to print with: ``WORKBOOK_CHROMIUM``, else ``chromium`` on the PATH."""
    override = os.environ.get("WORKBOOK_CHROMIUM")
    if override:
        return Path(override) if Path(override).is_file() else None
    for name in _CANDIDATES:
        found = shutil.which(name)
        if found:
            return Path(found)
    return None


def html_to_pdf(html_path: str | os.PathLike[str], pdf_path: str | os.PathLike[str] | None = None,
                *, chromium: str | os.PathLike[str] | None = None,
                extra_args: tuple[str, ...] = ()) -> Path:
    """Print ``html_path`` to ``pdf_path`` (default: the same name ending in ``.pdf``).

    ``extra_args`` go to chromium after ``CHROMIUM_ARGS`` (tests add a network log).
    Raises ``ExportError`` when chromium is missing, fails or takes over 90 s.
    """
    source = Path(html_path).resolve()
    target = Path(pdf_path) if pdf_path is not None else source.with_suffix(".pdf")
    target = target.resolve()
    browser = Path(chromium) if chromium is not None else find_chromium()
    if browser is None or not browser.is_file():
        raise ExportError(Sentence(N_(
            "pdf: chromium is not installed, so no PDF was written (the HTML summary was). "
            "Install Debian's chromium (sudo apt-get install chromium), or set "
            "WORKBOOK_CHROMIUM to a chromium executable; or open the HTML file and print it "
            "to PDF from any browser.")))
    if not source.is_file():
        raise ExportError(Sentence(N_("pdf: {path} does not exist. Export the summary first."),
                                   path=source))
    partial = target.with_name(f".{target.name}.partial")
    with tempfile.TemporaryDirectory(prefix="workbook-chromium-") as profile:
        command = [str(browser), *CHROMIUM_ARGS, *extra_args, f"--user-data-dir={profile}",
                   f"--print-to-pdf={partial}", source.as_uri()]
        try:
            result = subprocess.run(command, capture_output=True, text=True,
                                    timeout=TIMEOUT_S, check=False,
                                    env={**os.environ, "HOME": profile})
        except subprocess.TimeoutExpired as exc:
            partial.unlink(missing_ok=True)
            raise ExportError(Sentence(N_(
                "pdf: chromium did not finish within {seconds} s; no PDF was written. Try "
                "again, or print the HTML from a browser."), seconds=TIMEOUT_S)) from exc
    if result.returncode != 0 or not partial.is_file() or partial.stat().st_size == 0:
        partial.unlink(missing_ok=True)
        detail = " ".join((result.stderr or "").split())[-300:]
        raise ExportError(Sentence(
            N_("pdf: chromium could not print {name} (exit code {code}: {detail}). The HTML "
               "summary is fine; print it from a browser instead.") if detail else
            N_("pdf: chromium could not print {name} (exit code {code}). The HTML summary is "
               "fine; print it from a browser instead."), name=source.name,
            code=result.returncode, detail=detail))
    os.replace(partial, target)
    return target
