"""The ``Chart`` record, the house style, and rendering to PNG, SVG and data URIs.

Figures are built with the object-oriented API (``matplotlib.figure.Figure`` on an Agg
canvas), never through pyplot: pyplot keeps every figure alive until closed, and a live
meeting redraws charts many times. The style is made for a projector at the back of a
room: text at 12 points or more, the Okabe-Ito colour-blind-safe palette, and every
colour doubled by a word, a label or a hatch.

Text a participant typed reaches the figure through ``plain``: shortened, and with its
dollar signs escaped so matplotlib never reads it as mathematics.
"""

from __future__ import annotations

import base64
import contextlib
import functools
import io
import textwrap
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import matplotlib
from cycler import cycler
from matplotlib import font_manager
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.typing import RcKeyType

from ..i18n import _
from ..model.text import for_documents

__all__ = ["FONT", "FONT_FALLBACKS", "MAX_ALT", "PALETTE", "Chart", "capped", "fit",
           "font_families", "listing", "new_figure", "plain", "room_for_labels", "shorten",
           "style", "text_inches", "to_data_uri", "to_png_bytes", "to_svg", "wrapped"]

FONT = 12
"""Base font size in points; nothing in a chart is smaller than 11."""

PALETTE = {
    "blue": "#0072B2", "orange": "#E69F00", "green": "#009E73", "vermillion": "#D55E00",
    "purple": "#CC79A7", "sky": "#56B4E9", "yellow": "#F0E442", "black": "#000000",
    "grey": "#BBBBBB", "light": "#EEEEEE",
}
"""Okabe-Ito colours (safe for the common forms of colour blindness), plus greys."""

MAX_ALT = 2_000
"""Longest text alternative: a screen reader reads all of it, so keep it a summary."""

_RC: dict[RcKeyType, Any] = {
    "font.size": FONT,
    "axes.titlesize": FONT + 2,
    "axes.labelsize": FONT,
    "xtick.labelsize": FONT,
    "ytick.labelsize": FONT,
    "legend.fontsize": FONT,
    "figure.titlesize": FONT + 3,
    "axes.prop_cycle": cycler(color=[PALETTE[k] for k in (
        "blue", "orange", "green", "vermillion", "purple", "sky", "yellow", "black")]),
    "axes.spines.top": False,
    "axes.spines.right": False,
    "svg.fonttype": "none",  # keep SVG text as text: smaller, searchable, selectable
    "svg.hashsalt": "workbook",  # the same chart gives the same SVG
    "text.usetex": False,
    # Hinting snaps glyphs to pixels for tiny screen text; at 12 pt and up it adds nothing
    # visible and costs about a fifth of the drawing time.
    "text.hinting": "no_hinting",
}


@dataclass(frozen=True, eq=False)
class Chart:
    """A drawn figure with its title and a text alternative that states the data."""

    figure: Figure
    alt_text: str
    title: str

    def to_png(self, dpi: int = 100) -> bytes:
        return to_png_bytes(self, dpi=dpi)

    def to_svg(self) -> str:
        return to_svg(self)

    def to_data_uri(self, fmt: str = "png", dpi: int = 100) -> str:
        return to_data_uri(self, fmt=fmt, dpi=dpi)


FONT_FALLBACKS = (
    "DejaVu Sans",  # ships with matplotlib: Latin, Greek, Cyrillic, Arabic, Hebrew ...
    "Noto Sans", "Noto Sans CJK JP", "Noto Sans CJK SC", "Noto Sans CJK TC",
    "Noto Sans CJK KR", "Droid Sans Fallback", "WenQuanYi Zen Hei", "WenQuanYi Micro Hei",
    "Noto Sans Arabic", "Noto Sans Hebrew", "Noto Sans Devanagari", "Noto Sans Bengali",
    "Noto Sans Tamil", "Noto Sans Thai", "Noto Sans Ethiopic", "Noto Sans Armenian",
    "Noto Sans Georgian", "Noto Sans Khmer", "Noto Sans Myanmar", "Noto Sans Symbols",
    "Noto Sans Symbols2", "Noto Color Emoji",
)
"""Fonts a chart's text may be drawn in, in order of preference: a character the first one
lacks is taken from the next that has it (matplotlib's font fallback), so a Japanese,
Chinese, Arabic or Hebrew name draws in its own letters wherever the machine has a font
for them (Debian: fonts-droid-fallback or fonts-noto-cjk; see tools/install-chromium.sh)."""


@functools.cache
def font_families() -> list[str]:
    """The families of ``FONT_FALLBACKS`` this machine has, in their order of preference.

    matplotlib caches its list of the system's fonts and does not notice fonts installed
    afterwards; the system's font folders are looked through once per process, and any
    font of a wanted family that the cache missed is added.
    """
    manager = font_manager.fontManager
    known = {entry.fname for entry in manager.ttflist}
    wanted = set(FONT_FALLBACKS)
    for path in font_manager.findSystemFonts():
        if path in known:
            continue
        try:
            family = font_manager.get_font(path).family_name
        except (OSError, RuntimeError, ValueError):  # a damaged or unreadable font file
            continue
        if family in wanted:
            manager.addfont(path)
    present = {entry.name for entry in manager.ttflist}
    return [name for name in FONT_FALLBACKS if name in present] or ["sans-serif"]


@contextlib.contextmanager
def style() -> Iterator[None]:
    """The house style, for building and for rendering (it never leaks out)."""
    with matplotlib.rc_context({**_RC, "font.family": font_families()}):
        yield


def new_figure(width: float, height: float) -> Figure:
    """A figure on an Agg canvas; place its axes with ``fit``."""
    # No layout engine: constrained layout draws every text once more before each save,
    # which doubles the time to render. ``fit`` measures the few labels that matter.
    figure = Figure(figsize=(width, height))
    FigureCanvasAgg(figure)
    return figure


def text_inches(figure: Figure, texts: Iterable[str], *, size: float = FONT,
                weight: str = "normal") -> float:
    """The width of the widest of ``texts`` (lines split at newlines), in inches."""
    renderer = figure.canvas.get_renderer()  # type: ignore[attr-defined]
    font = FontProperties(size=size, weight=weight)
    widest = 0.0
    for text in texts:
        for line in str(text).replace(r"\$", "$").split("\n"):
            widest = max(widest, _line_width(renderer, line, font, figure.dpi))
    return widest / figure.dpi


_WIDTHS: dict[tuple[str, FontProperties, float], float] = {}


def _line_width(renderer: Any, line: str, font: FontProperties, dpi: float) -> float:
    # Shaping a line of text costs about a millisecond, and the same labels come back at
    # every redraw of a view; any Agg renderer at one dpi measures them alike.
    key = (line, font, dpi)
    if key not in _WIDTHS:
        if len(_WIDTHS) > 4_096:
            _WIDTHS.clear()
        _WIDTHS[key] = float(renderer.get_text_width_height_descent(line, font,
                                                                    ismath=False)[0])
    return _WIDTHS[key]


def fit(figure: Figure, *, left: float = 0.3, right: float = 0.3, top: float = 0.6,
        bottom: float = 0.7, hspace: float | None = None) -> None:
    """Place the axes with these margins, in inches (labels and title live in them)."""
    width, height = figure.get_size_inches()
    figure.subplots_adjust(left=min(left / width, 0.6), right=1 - right / width,
                           top=1 - top / height, bottom=min(bottom / height, 0.6),
                           hspace=hspace)


def to_png_bytes(chart: Chart, dpi: int = 100) -> bytes:
    """The chart as PNG bytes (100 dpi by default: crisp on a projector, small to send)."""
    buffer = io.BytesIO()
    with style():
        # zlib level 3: flat chart colours compress about as well as at the default 6,
        # in less time.
        chart.figure.savefig(buffer, format="png", dpi=dpi, metadata={"Software": None},
                             pil_kwargs={"compress_level": 3})
    return buffer.getvalue()


def to_svg(chart: Chart) -> str:
    """The chart as SVG text (text kept as text, no timestamp), always well-formed XML.

    A character no XML may hold, which only a workbook from before the model refused them
    can carry, is drawn as U+FFFD (``model.text.for_documents``).
    """
    buffer = io.StringIO()
    with style():
        chart.figure.savefig(buffer, format="svg", metadata={"Date": None})
    return for_documents(buffer.getvalue())


def to_data_uri(chart: Chart, fmt: str = "png", dpi: int = 100) -> str:
    """The chart as a ``data:`` URI for an ``<img src>`` (``fmt`` is "png" or "svg")."""
    if fmt == "svg":
        data = to_svg(chart).encode("utf-8")
        return "data:image/svg+xml;base64," + base64.b64encode(data).decode("ascii")
    if fmt != "png":
        raise ValueError(f"chart format {fmt!r} is not png or svg")
    return "data:image/png;base64," + base64.b64encode(to_png_bytes(chart, dpi)).decode("ascii")


def room_for_labels(ax: Any, values: Sequence[float], labels: Sequence[str]) -> None:
    """Widen a horizontal bar chart's x axis so each label fits right of its bar.

    Call after ``fit``: it needs the axes' final width.
    """
    figure = ax.get_figure()
    width = figure.get_size_inches()[0] * ax.get_position().width
    widest = 1.0
    for value, label in zip(values, labels, strict=True):
        free = max(width - text_inches(figure, [label]) - 0.15, width * 0.25)
        widest = max(widest, value * width / free)
    ax.set_xlim(0, widest)


# -- text ---------------------------------------------------------------------------------


def shorten(text: str, limit: int = 80) -> str:
    """One line of at most ``limit`` characters, with an ellipsis when cut."""
    line = " ".join(str(text).split())
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"


def plain(text: str, limit: int = 80) -> str:
    """Typed text made safe for a figure: shortened, dollar signs escaped, characters no
    document may hold (an old file's U+FFFF) shown as U+FFFD."""
    return _escape(shorten(for_documents(str(text)), limit))


def wrapped(text: str, width: int = 28, lines: int = 3) -> str:
    """Typed text wrapped to at most ``lines`` lines of ``width`` characters, escaped."""
    parts = textwrap.wrap(" ".join(for_documents(str(text)).split()), width) or [""]
    if len(parts) > lines:
        parts = parts[:lines]
        parts[-1] = shorten(parts[-1] + " …", width)  # ends in "…" either way
    return _escape("\n".join(parts))


def _escape(text: str) -> str:
    # A pair of unescaped dollar signs switches matplotlib to mathtext: "$5 or $10" must
    # print as typed, not as a formula (or fail to render). With every "$" escaped no pair
    # is left, and matplotlib turns "\$" back into "$" when it prints plain text.
    return text.replace("$", r"\$")


def listing(items: Sequence[str], limit: int = 12, sep: str = "; ") -> str:
    """Items joined for an alt text; past ``limit`` the rest is counted, not listed."""
    shown = list(items[:limit])
    if len(items) > limit:
        shown.append(_("and {count} more").format(count=len(items) - limit))
    return sep.join(shown)


def capped(text: str) -> str:
    """An alt text held to ``MAX_ALT`` characters."""
    return shorten(text, MAX_ALT) if len(text) > MAX_ALT else text
