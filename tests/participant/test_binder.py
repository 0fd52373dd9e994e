"""Binder links: strict parts, the urlpath encoded whole, QR codes that carry the link."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from workbook.errors import ValidationError
from workbook.participant.binder import (
    binder_url,
    parse_meeting,
    parse_repo,
    qr_data_uri,
    qr_svg,
    session_url,
    write_qr,
)
from workbook.participant.session import meeting_from_query


def test_binder_url_opens_the_app_with_the_meeting_in_the_query() -> None:
    """The meeting reaches Voila: it sits, encoded, inside urlpath, not beside it."""
    url = binder_url("valley-makers/spring-2026", meeting=4)
    parts = urlsplit(url)
    assert parts.netloc == "mybinder.org"
    assert parts.path == "/v2/gh/valley-makers/spring-2026/HEAD"
    query = parse_qs(parts.query)
    assert list(query) == ["urlpath"]
    inner = query["urlpath"][0]
    assert inner == "voila/render/notebooks/participant.ipynb?meeting=4"
    assert meeting_from_query(urlsplit(inner).query) == (4, "")
    assert "%3Fmeeting%3D4" in url and "&" not in url


def test_binder_url_opens_a_notebook_in_lab_at_a_branch() -> None:
    """A notebook link opens JupyterLab's tree at that path on the named branch."""
    url = binder_url("a-b/c.d_e", ref="release/2026-03", notebook="notebooks/02_naming.ipynb")
    assert url.startswith("https://mybinder.org/v2/gh/a-b/c.d_e/release/2026-03?urlpath=")
    assert unquote(url.split("urlpath=")[1]) == "lab/tree/notebooks/02_naming.ipynb"


@pytest.mark.parametrize("repo", [
    "", "noslash", "https://gitlab.com/a/b", "a/b/c", "-a/b", "a-/b", "a--b/c", "a/b.git",
    "a/..", "a/b c", "a/b?x=1", "ow ner/repo", "a/" + "r" * 101, "o" * 40 + "/r",
    "https://github.com/a/b/tree/main", "https://github.com/a", "https://github.com/a/../b",
])
def test_binder_repo_is_checked_strictly(repo: str) -> None:
    """Anything but a plain GitHub OWNER/REPO is refused with the expected form."""
    with pytest.raises(ValidationError, match="OWNER/REPO"):
        binder_url(repo)


@pytest.mark.parametrize("pasted", [
    "https://github.com/valley-makers/spring-meeting",
    "https://github.com/valley-makers/spring-meeting/",
    "http://www.github.com/valley-makers/spring-meeting.git",
    "github.com/valley-makers/spring-meeting",
    "git@github.com:valley-makers/spring-meeting.git",
    "  valley-makers/spring-meeting  ",
])
def test_binder_repo_accepts_what_people_paste(pasted: str) -> None:
    """A repository address pasted from the browser or the clone box is taken as OWNER/REPO."""
    assert parse_repo(pasted) == ("valley-makers", "spring-meeting")


@pytest.mark.parametrize("ref", ["a..b", "-x", "x/", "x.lock", "a b", "a?b", "a//b", "x/.y"])
def test_binder_ref_is_checked(ref: str) -> None:
    """Refs that git would refuse (or a URL would garble) are refused."""
    with pytest.raises(ValidationError, match="branch, tag or commit"):
        binder_url("a/b", ref=ref)


@pytest.mark.parametrize("path", ["../secret.ipynb", "/etc/x.ipynb", "notebooks/x.py",
                                  "notebooks/a b.ipynb", "notebooks//x.ipynb"])
def test_binder_notebook_path_is_checked(path: str) -> None:
    """Only a plain relative path to a notebook is accepted."""
    with pytest.raises(ValidationError, match="notebook path"):
        binder_url("a/b", notebook=path)


def test_binder_app_and_notebook_together_are_refused() -> None:
    """Asking for the app and a notebook at once is a mistake, said as such."""
    with pytest.raises(ValidationError, match="either the app"):
        binder_url("a/b", notebook="notebooks/x.ipynb", meeting=3)


@pytest.mark.parametrize("value, expected", [(None, None), ("latest", None), ("", None),
                                             ("7", 7), (7, 7)])
def test_binder_meeting_values(value: object, expected: int | None) -> None:
    """A meeting is a positive id, or nothing/latest for the latest one."""
    assert parse_meeting(value) == expected


@pytest.mark.parametrize("value", ["0", "-1", "x", "1e3", "٣", "1" * 12])
def test_binder_bad_meeting_is_refused(value: str) -> None:
    """Zero, signs, words, non-ASCII digits and absurd lengths are refused."""
    with pytest.raises(ValidationError, match="meeting id"):
        parse_meeting(value)


def test_binder_query_string_with_a_bad_meeting_falls_back() -> None:
    """The app shows the latest meeting and says why when the link's meeting is bad."""
    meeting, problem = meeting_from_query("meeting=<script>")
    assert meeting is None and "latest meeting instead" in problem


def test_binder_session_url_points_at_the_same_commit() -> None:
    """Inside a Binder session the app links to itself at the commit it runs from."""
    env = {"BINDER_LAUNCH_HOST": "https://mybinder.org/",
           "BINDER_PERSISTENT_REQUEST": "v2/gh/valley-makers/spring/0123abcd"}
    url = session_url(5, env)
    assert url == binder_url("valley-makers/spring", ref="0123abcd", meeting=5)
    assert session_url(5, {}) is None
    assert session_url(5, {**env, "BINDER_LAUNCH_HOST": "javascript:alert(1)"}) is None


def test_binder_qr_code_is_svg_that_grows_with_the_link() -> None:
    """The QR code is an SVG image; a longer link needs a bigger code."""
    short = qr_svg("https://mybinder.org/v2/gh/a/b/HEAD")
    long = qr_svg(binder_url("valley-makers/spring-2026", meeting=12345))
    assert short.startswith(b"<?xml") and b"<svg" in short
    assert len(long) > len(short)
    assert qr_data_uri("x").startswith("data:image/svg+xml;base64,")


def test_binder_qr_written_as_png_or_svg(tmp_path: Path) -> None:
    """The QR file is PNG or SVG by its suffix; another suffix is refused."""
    png = write_qr("https://mybinder.org", tmp_path / "link.png")
    assert png.read_bytes().startswith(b"\x89PNG")
    svg = write_qr("https://mybinder.org", tmp_path / "link.svg")
    assert b"<svg" in svg.read_bytes()
    with pytest.raises(ValidationError, match="png"):
        write_qr("https://mybinder.org", tmp_path / "link.gif")


def test_binder_parse_repo_returns_parts() -> None:
    """OWNER/REPO splits into its two parts, spaces around trimmed."""
    assert parse_repo("  valley-makers/spring.2026 ") == ("valley-makers", "spring.2026")
