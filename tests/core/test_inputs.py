"""The boundary parsers: a value that fits or a message naming the field — never an exception of Python's."""

from decimal import Decimal

import pytest

from pramoen.core.errors import ApplicationError
from pramoen.core.inputs import fits_decimal, parse_decimal, parse_int, strip_control


@pytest.mark.parametrize(("raw", "expected"), [("7", 7), (" 12 ", 12), ("", 3), (None, 3), ("+5", 5)])
def test_parse_int_reads_whole_numbers(raw, expected):
    assert parse_int(raw, field="version", default=3) == expected


@pytest.mark.parametrize("raw", ["abc", "1.5", "²", "๑", "9" * 20, "-1", "1e3", [1], {"a": 1}, ""])
def test_parse_int_refuses_anything_else_naming_the_field(raw):
    with pytest.raises(ApplicationError) as caught:
        parse_int(raw, field="version")
    assert caught.value.extra["field"] == "version"


@pytest.mark.parametrize("raw", ["1e999", "1e99999", "NaN", "Infinity", "1" * 30, "abc", "9" * 10_000])
def test_parse_decimal_refuses_what_does_not_fit(raw):
    with pytest.raises(ApplicationError):
        parse_decimal(raw, field="value", max_digits=16, decimal_places=4)


def test_parse_decimal_rounds_to_the_places_of_its_column():
    assert parse_decimal("1,234.56789", field="v", max_digits=16, decimal_places=4) == Decimal("1234.5679")
    assert fits_decimal(Decimal("999999999999.9999"), max_digits=16, decimal_places=4)
    assert not fits_decimal(Decimal("1000000000000"), max_digits=16, decimal_places=4)


def test_strip_control_keeps_thai_tabs_and_new_lines():
    assert strip_control("ก\x00ข\x07\tค\r\nง\x1b\x7f\x9f") == "กข\tค\r\nง"
