"""Text sheets (CSV, TSV, "Unicode Text"): their encoding, line ends and delimiter.

    >>> decoded = decode(data)                 # Decoded(text, "cp1252", certain=True, ...)
    >>> rows, delimiter = text_rows(decoded.text)

The encoding is read from a byte-order mark when there is one, taken as UTF-8 when the
bytes are valid UTF-8, and otherwise guessed by charset-normalizer. When the readings the
detector finds equally plausible give different text (a Latin-1 "è" is a Central European
"č"), the guess is marked uncertain and the other readings are offered: the importer then
asks instead of storing garbled text.

Rows end at CR, LF or CRLF (inside a quoted cell a line break is kept); Excel's ``sep=;``
first line names the delimiter; otherwise the delimiter (comma, semicolon, tab or pipe) is
the one that splits the first lines into the most consistent number of columns.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

from ..errors import ImportFileError, Sentence, number_shown
from ..i18n import N_, gettext

__all__ = ["DELIMITERS", "Decoded", "decode", "encoding_label", "text_rows"]

DELIMITERS = (",", ";", "\t", "|")
"""The delimiters sniffed, in the order a tie is broken."""

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf_32"), (codecs.BOM_UTF32_BE, "utf_32"),
    (codecs.BOM_UTF8, "utf_8_sig"),
    (codecs.BOM_UTF16_LE, "utf_16"), (codecs.BOM_UTF16_BE, "utf_16"),
)

# When several encodings read the bytes alike, the one named is the most common of them.
_PREFERRED = ("utf_8", "cp1252", "mac_roman", "latin_1", "iso8859_15", "cp1250", "cp1251",
              "iso8859_2", "cp850", "cp437")

_NAMES = {
    "utf_8": "UTF-8", "utf_8_sig": N_("UTF-8 (with BOM)"), "utf_16": "UTF-16",
    "utf_16_le": "UTF-16 LE", "utf_16_be": "UTF-16 BE", "utf_32": "UTF-32",
    "cp1252": N_("Windows-1252 (Western)"), "mac_roman": "Mac Roman", "latin_1": "Latin-1",
    "iso8859_15": "Latin-9", "cp1250": N_("Windows-1250 (Central European)"),
    "cp1251": N_("Windows-1251 (Cyrillic)"), "ascii": "ASCII",
}
"""A person's name of each codec; the descriptive ones are in the catalog."""
_DESCRIBED = {"utf_8_sig", "cp1252", "cp1250", "cp1251"}

_TIE = 0.01  # mess ratios this close count as equally plausible
_SAMPLE = 64 * 1024


@dataclass(frozen=True)
class Decoded:
    """A text file's content and how it was read.

    ``encoding`` is a Python codec name; ``certain`` is False when other readings
    (``choices``, best first, ``encoding`` among them) were as plausible.
    """

    text: str
    encoding: str
    certain: bool = True
    choices: tuple[str, ...] = field(default_factory=tuple)


def encoding_label(encoding: str) -> str:
    """A person's name for a codec: ``cp1252`` -> ``Windows-1252 (Western)``."""
    try:
        key = codecs.lookup(encoding).name.replace("-", "_")
    except LookupError:
        return encoding
    key = {"iso8859_1": "latin_1", "windows_1252": "cp1252"}.get(key, key)
    if key not in _NAMES and encoding in _NAMES:
        key = encoding
    if key in _DESCRIBED:
        return gettext(_NAMES[key])
    return _NAMES.get(key, encoding)


def _codec(encoding: str) -> str:
    try:
        return codecs.lookup(encoding).name.replace("-", "_")
    except LookupError:
        raise ImportFileError(Sentence(N_(
            "{encoding} is not an encoding this computer knows. Pick one from the list, e.g. "
            "utf-8, cp1252 or mac_roman."), encoding=repr(encoding))) from None


def decode(data: bytes, encoding: str | None = None, *,
           label: str | Sentence | None = None) -> Decoded:
    """The text of ``data``, in ``encoding`` if given, else in the encoding detected;
    ``label`` names the file in messages (default: "The file", in the reader's language).

    Raises ImportFileError when the bytes are not text in that encoding (or in any).
    """
    label = label or Sentence(N_("The file"))
    if encoding:
        codec = _codec(encoding)
        if codec == "utf_8" and data.startswith(codecs.BOM_UTF8):
            codec = "utf_8_sig"
        try:
            return Decoded(data.decode(codec), codec)
        except UnicodeDecodeError as exc:
            raise ImportFileError(Sentence(N_(
                "{label} is not {encoding} text (byte {byte} does not fit). Pick another "
                "encoding, or let it be detected."), label=label,
                encoding=_Label(codec), byte=number_shown(exc.start + 1))) from None
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return Decoded(data.decode(codec), codec)
            except UnicodeDecodeError:
                break
    unmarked = _utf16_without_bom(data)
    if unmarked:
        try:
            return Decoded(data.decode(unmarked), unmarked)
        except UnicodeDecodeError:
            pass
    if b"\x00" in data[:4096]:
        raise ImportFileError(Sentence(N_(
            "{label} is not a text file (is it an Excel file renamed to .csv?). Save it as "
            "CSV, or upload the Excel file itself."), label=label))
    try:
        return Decoded(data.decode("utf_8"), "utf_8")
    except UnicodeDecodeError:
        pass
    return _detected(data, label)


def _utf16_without_bom(data: bytes) -> str | None:
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    half = len(sample) // 2
    if odd > 0.4 * half and even < 0.05 * half:
        return "utf_16_le"
    if even > 0.4 * half and odd < 0.05 * half:
        return "utf_16_be"
    return None


class _Label:
    """A codec's name for a message, in the reader's language when shown."""

    def __init__(self, codec: str) -> None:
        self.codec = codec

    def __str__(self) -> str:
        return encoding_label(self.codec)

    def __format__(self, spec: str) -> str:
        return format(str(self), spec)


def _unreadable(label: object) -> ImportFileError:
    return ImportFileError(Sentence(N_(
        "{label} is not readable text in any encoding. Save it as CSV UTF-8 and upload it "
        "again."), label=label))


def _detected(data: bytes, label: object) -> Decoded:
    from charset_normalizer import from_bytes

    matches = list(from_bytes(data, steps=8, chunk_size=1024, cp_isolation=None))
    if not matches:
        raise _unreadable(label)
    best = min(m.chaos for m in matches)
    plausible = [m for m in matches if m.chaos <= best + _TIE]
    readings: dict[str, str] = {}  # text -> the codec named for it
    order: list[str] = []
    for match in plausible:
        names = [_codec(n) for n in (match.could_be_from_charset or [match.encoding])]
        named = min(names, key=lambda n: (_PREFERRED.index(n) if n in _PREFERRED
                                          else len(_PREFERRED), n))
        try:
            text = data.decode(named)
        except UnicodeDecodeError:
            continue
        if text not in readings:
            readings[text] = named
            order.append(text)
    if not readings:
        raise _unreadable(label)
    order.sort(key=lambda t: (_PREFERRED.index(readings[t]) if readings[t] in _PREFERRED
                              else len(_PREFERRED)))
    # A reading with improbable characters inside words ("CafŽ", "Na•ve": a Mac Roman file
    # read as Windows-1252) is never taken as sure: a Western reading without them comes
    # first, and the importer asks.
    alone = len(order) == 1
    if improbable(order[0]) or readings[order[0]] not in _WESTERN:
        for codec in _WESTERN:
            try:
                text = data.decode(codec)
            except UnicodeDecodeError:
                continue
            if text not in readings:
                order.append(text)
            if readings.get(text) not in _WESTERN:  # the same text: name the common codec
                readings[text] = codec
        scores = {t: improbable(t) for t in order}
        if scores[order[0]] or any(not scores[t] and readings[t] in _WESTERN
                                   for t in order[1:]):
            order.sort(key=lambda t: (scores[t] > 0, readings[t] not in _WESTERN))
            alone = False
    choices = tuple(readings[t] for t in order)
    return Decoded(order[0], choices[0], certain=alone, choices=choices)


_WESTERN = ("cp1252", "mac_roman", "latin_1", "iso8859_15")
_ODD_SYMBOLS = frozenset("Žž•‡†ˆ‰Šš‹›"
                         "Œœ˜™¤¦¨¯´¸¹"
                         "²³¼½¾¬÷µ¶ºª"
                         "§°±«»¡¿ÃÕÏÌ"
                         "ÒÓÔÚÛÙÈËÍÎƒ"
                         "…Ÿ¢"
                         "£¥√≈∆≠∞≤≥"
                         "©®")
_INSIDE = re.compile(r"(?<=[a-z])[^\x00-\x7f](?=[a-z])|(?<=[a-z])[^\x00-\x7f](?![\w])")


# After a lower-case letter: capitals, symbols, and opening quotes or brackets ("Zo‘s").
_ODD_KINDS = frozenset({"Lu", "Lt", "Lm", "Sk", "Sm", "So", "Sc", "No", "Cc", "Co", "Cn",
                        "Ps", "Pi"})


def improbable(text: str) -> int:
    """How many characters of ``text`` sit inside or at the end of a lower-case word where
    Western text never has them (``CafŽ``, ``Na•ve``, ``CafÈ``): signs of a wrong
    encoding."""
    count = 0
    sample = text[:_SAMPLE]
    for m in _INSIDE.finditer(sample):
        ch = m.group(0)
        inside = m.end() < len(sample) and sample[m.end()].islower()
        kind = unicodedata.category(ch)
        if ch in _ODD_SYMBOLS or kind in _ODD_KINDS or (
                inside and kind[0] != "L" and ch not in "\u2019\u2010\u2011\u00b7"):
            count += 1
    return count


_SEP_LINE = re.compile(r"\A\ufeff?\"?sep=(.)\"?[ \t]*(\r\n|\r|\n)", re.IGNORECASE)


def text_rows(text: str, *, max_rows: int) -> tuple[list[list[str]], str]:
    """The rows of a delimited text and the delimiter used; at most ``max_rows`` + 1 rows.

    Raises ImportFileError for a quote left open.
    """
    hint = _SEP_LINE.match(text)
    if hint:
        delimiter = hint.group(1)
        text = text[hint.end():]
    else:
        delimiter = _sniff(text)
    rows: list[list[str]] = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        for row in reader:
            rows.append(row)
            if len(rows) > max_rows:
                break
    except csv.Error as exc:
        raise ImportFileError(Sentence(N_(
            "the text could not be split into cells at line {line} ({reason}). Check that "
            "every quote is closed, save it again as CSV and upload it."),
            line=number_shown(reader.line_num), reason=exc)) from None
    return _unwrapped(rows, delimiter), delimiter


_WRAPPED = re.compile(r'"((?:[^"]|"")*)"', re.DOTALL)


def _unwrapped(rows: list[list[str]], delimiter: str) -> list[list[str]]:
    """Cells quoted twice (``"Middlesex College, Edison"`` kept with its quotes, as some
    exports write every cell that holds the delimiter) unquoted once, when the file shows
    it does that: at least two wrapped cells hold the delimiter. One cell that merely
    starts and ends with a quote is text a person typed, and is kept as it is."""
    def doubled(cell: str) -> bool:
        m = _WRAPPED.fullmatch(cell)
        return m is not None and delimiter in m[1]

    if sum(doubled(c) for row in rows[:200] for c in row) < 2:
        return rows
    return [[m[1].replace('""', '"') if (m := _WRAPPED.fullmatch(c)) else c for c in row]
            for row in rows]


def _sniff(text: str) -> str:
    """The delimiter giving most of the first lines the same number (> 1) of cells."""
    sample = text[:_SAMPLE]
    lines = [line for line in re.split(r"\r\n|\r|\n", sample)[:60] if line.strip()]
    if len(sample) == _SAMPLE and len(lines) > 1:
        lines.pop()  # probably cut in the middle
    best, score = ",", (0, 0)
    for delimiter in DELIMITERS:
        if not any(delimiter in line for line in lines):
            continue
        try:
            widths = [len(r) for r in csv.reader(lines, delimiter=delimiter)]
        except csv.Error:
            continue
        width, count = Counter(w for w in widths if w > 1).most_common(1)[0] \
            if any(w > 1 for w in widths) else (1, 0)
        if (count, width) > score:
            best, score = delimiter, (count, width)
    return best
