"""Links that open the repository on mybinder.org, and QR codes of them.

``binder_url("valley-makers/meeting", meeting=4)`` opens the participant app for meeting 4:
``https://mybinder.org/v2/gh/valley-makers/meeting/HEAD?urlpath=voila%2Frender%2F...``.
BinderHub reads the page to open from the ``urlpath`` parameter, so everything in it (the
``?meeting=4`` that Voila hands the kernel as ``QUERY_STRING`` included) is URL-encoded.
Every part is checked first: a link is often pasted into an invitation, and a wrong one
fails only on the day of the meeting.
"""

from __future__ import annotations

import base64
import io
import os
import re
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import quote

from ..errors import Sentence, ValidationError
from ..i18n import N_

__all__ = ["APP_NOTEBOOK", "BINDER_HOST", "binder_url", "parse_meeting", "parse_repo",
           "qr_data_uri", "qr_svg", "session_url", "urlpath", "write_qr"]

BINDER_HOST = "https://mybinder.org"
APP_NOTEBOOK = "notebooks/participant.ipynb"

_OWNER = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}")
_REPO = re.compile(r"[A-Za-z0-9._-]{1,100}")
_REF = re.compile(r"[A-Za-z0-9._/-]{1,200}")
_SEGMENT = re.compile(r"[A-Za-z0-9._-]{1,120}")


_PASTED = re.compile(r"(?:(?:https?://)?(?:www\.)?github\.com/|git@github\.com:)"
                     r"(?P<path>[^/?#\s]+/[^/?#\s]+?)(?:\.git)?/?")


def parse_repo(text: str) -> tuple[str, str]:
    """(owner, repository) of a GitHub ``OWNER/REPO``, or a ``ValidationError``.

    Also takes the forms people paste: the repository's address
    (``https://github.com/OWNER/REPO``, with or without ``https://``, ``www.``, a trailing
    slash or ``.git``) and the clone address ``git@github.com:OWNER/REPO.git``.
    """
    value = (text or "").strip()
    pasted = _PASTED.fullmatch(value)
    if pasted is not None:
        value = pasted.group("path")
    owner, _, repo = value.partition("/")
    if not _OWNER.fullmatch(owner) or not _REPO.fullmatch(repo) or repo in (".", "..") \
            or repo.endswith(".git"):
        raise ValidationError("repo", value, Sentence(N_(
            "The {field} {value} is not a GitHub repository as OWNER/REPO. Paste the "
            "repository's address, e.g. https://github.com/valley-makers/spring-meeting, or "
            "write valley-makers/spring-meeting.")))
    return owner, repo


def _check_ref(ref: str) -> str:
    bad = (not _REF.fullmatch(ref) or ".." in ref or "//" in ref or "/." in ref
           or ref.startswith(("-", "/", ".")) or ref.endswith(("/", ".", ".lock")))
    if bad:
        raise ValidationError("ref", ref, Sentence(N_(
            "The {field} {value} is not a branch, tag or commit name. Use the branch (e.g. "
            "main), a tag or a commit id; HEAD means the default branch.")))
    return ref


def _check_notebook(path: str) -> str:
    parts = path.strip().split("/")
    if not path.endswith(".ipynb") or any(not _SEGMENT.fullmatch(p) or p in (".", "..")
                                          for p in parts):
        raise ValidationError("notebook", path, Sentence(N_(
            "The {field} {value} is not a notebook path in the repository. Give it relative to "
            "the repository, e.g. notebooks/02_naming.ipynb.")))
    return "/".join(parts)


def parse_meeting(value: str | int | None) -> int | None:
    """A meeting id from a link or the command line; None (or "latest") means the latest."""
    if value is None or (isinstance(value, str) and value.strip().lower() in ("", "latest")):
        return None
    text = str(value).strip()
    # The length first: Python refuses int() past 4,300 digits.
    if len(text) > 9 or not text.isascii() or not text.isdigit() or int(text) < 1:
        raise ValidationError("meeting", value, Sentence(N_(
            "The {field} {value} is not a meeting id. Give the meeting's number (see `workbook "
            "info`), or latest.")))
    return int(text)


def urlpath(*, notebook: str | None = None, meeting: str | int | None = None,
            app: bool = False) -> str:
    """The page to open, not yet encoded: Voila for the app, else JupyterLab."""
    if app:
        meeting_id = parse_meeting(meeting)
        query = f"?meeting={meeting_id}" if meeting_id is not None else ""
        return f"voila/render/{APP_NOTEBOOK}{query}"
    if notebook:
        return f"lab/tree/{_check_notebook(notebook)}"
    return "lab/tree/notebooks"


def binder_url(repo: str, *, ref: str = "HEAD", notebook: str | None = None,
               meeting: str | int | None = None, app: bool | None = None) -> str:
    """The mybinder.org link; ``app`` (default: when ``meeting`` is given) opens Voila."""
    owner, name = parse_repo(repo)
    ref = _check_ref((ref or "HEAD").strip())
    if app is None:
        app = meeting is not None
    if app and notebook:
        raise ValidationError("notebook", notebook, Sentence(N_(
            "The {field} {value} cannot be opened with the participant app. Ask for either the "
            "app (--participant) or a notebook.")))
    path = urlpath(notebook=notebook, meeting=meeting, app=app)
    return f"{BINDER_HOST}/v2/gh/{owner}/{name}/{ref}?urlpath={quote(path, safe='')}"


def session_url(meeting: int | None, environ: Mapping[str, str] | None = None) -> str | None:
    """Inside a Binder session: the link to this same app at this same commit, else None.

    BinderHub tells each session where it was launched from (``BINDER_LAUNCH_HOST`` and
    ``BINDER_PERSISTENT_REQUEST``, e.g. ``v2/gh/OWNER/REPO/<commit>``).
    """
    env = os.environ if environ is None else environ
    host = env.get("BINDER_LAUNCH_HOST", "").rstrip("/")
    request = env.get("BINDER_PERSISTENT_REQUEST", "").split("?")[0].strip("/")
    match = re.fullmatch(r"v2/gh/([^/]+)/([^/]+)/([^/?]+)", request)
    if not host.startswith("https://") or not re.fullmatch(r"https://[A-Za-z0-9.-]+", host) \
            or match is None:
        return None
    try:
        url = binder_url(f"{match[1]}/{match[2]}", ref=match[3], meeting=meeting, app=True)
    except ValidationError:
        return None
    return url.replace(BINDER_HOST, host, 1)


# -- QR codes ----------------------------------------------------------------------------

def qr_svg(url: str) -> bytes:
    """A QR code of ``url`` as SVG (scales on a projector; needs no image library)."""
    import qrcode
    import qrcode.image.svg

    code = qrcode.QRCode(border=2, error_correction=qrcode.constants.ERROR_CORRECT_M,
                         image_factory=qrcode.image.svg.SvgPathImage)
    code.add_data(url)
    code.make(fit=True)
    out = io.BytesIO()
    code.make_image().save(out)
    return out.getvalue()


def qr_data_uri(url: str) -> str:
    """The SVG QR code as a ``data:`` URI, ready for an ``<img src>``."""
    return "data:image/svg+xml;base64," + base64.b64encode(qr_svg(url)).decode("ascii")


def write_qr(url: str, path: str | os.PathLike[str]) -> Path:
    """Write the QR code to ``path``: SVG for ``.svg``, PNG for ``.png``."""
    target = Path(path)
    suffix = target.suffix.lower()
    if suffix == ".svg":
        data = qr_svg(url)
    elif suffix == ".png":
        import qrcode

        out = io.BytesIO()
        qrcode.make(url, border=2).save(out, format="PNG")
        data = out.getvalue()
    else:
        raise ValidationError("qr", str(path), Sentence(N_(
            "The {field} {value} is neither a .png nor an .svg file. Name the file ending in "
            ".png or .svg.")))
    target.write_bytes(data)
    return target
