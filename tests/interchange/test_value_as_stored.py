"""What a readings preview shows for a value: the number as it will be stored."""

from __future__ import annotations

from workbook.i18n import format_number, use_language
from workbook.interchange.sheet_values import COMMA, POINT, value_as_stored


def test_value_as_stored_reads_a_decimal_comma_and_says_so():
    """"72,5" in a decimal-comma sheet is 72.5, marked; in Spanish (US) too, in its words
    and its way of writing numbers."""
    assert value_as_stored("72,5", 72.5, COMMA) == (
        "72.5 (written “72,5”, read with a decimal comma)")
    with use_language("es"):
        assert value_as_stored("72,5", 72.5, COMMA) == (
            f"{format_number(72.5)} (escrito «72,5», leído con coma decimal)")


def test_value_as_stored_plain_numbers_scaled_ones_and_words():
    """A number read as written is shown alone (grouped); a scaled fraction says what was
    written; words stay as written."""
    assert value_as_stored(" 1,204 ", 1204.0, POINT) == "1,204"
    assert value_as_stored("0.725", 72.5, POINT) == "72.5 (written “0.725”)"
    assert value_as_stored("n/a", None, POINT) == "n/a"
    assert value_as_stored("0.123456", 0.123456, POINT) == "0.123456"
