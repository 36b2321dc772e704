"""The one rejected-row shape every importer and the jobs layer share (pramoen.core.rows)."""

import pytest

from pramoen.core.errors import ApplicationError
from pramoen.core.rows import MAX_ERRORS_LISTED, ErrorList, RowError, RowInvalid, shaped


def test_a_row_error_in_the_shared_shape():
    assert RowError(3, "amount", "not a number").as_dict() == {
        "row": 3,
        "field": "amount",
        "reason": "not a number",
    }
    assert RowError(4, "aspect", "unknown", sheet="obstacles", column="C").as_dict() == {
        "sheet": "obstacles", "row": 4, "column": "C", "field": "aspect", "reason": "unknown",
    }  # fmt: skip
    assert RowError(None, "", "no sheet", sheet="-").as_dict() == {
        "sheet": "-",
        "row": None,
        "field": "",
        "reason": "no sheet",
    }


@pytest.mark.parametrize(
    "old, new",
    [
        ({"row": 3, "column": "amount", "reason": "x"}, {"row": 3, "field": "amount", "reason": "x"}),
        (
            {"row": 3, "column": "C", "field": "value", "message": "Row 3 …"},
            {"row": 3, "column": "C", "field": "value", "reason": "Row 3 …"},
        ),
        (
            {"sheet": "s", "row": 2, "field": "f", "reason": "r"},
            {"sheet": "s", "row": 2, "field": "f", "reason": "r"},
        ),
    ],
)
def test_older_spellings_are_shaped(old, new):
    assert shaped(old) == new


def test_error_list_raises_one_error_naming_the_first_row():
    errors = ErrorList()
    errors.raise_if_errors("empty.csv")  # nothing to say
    for row in range(2, MAX_ERRORS_LISTED + 12):
        errors.add(row, "amount", "not a number")
    assert len(errors) == MAX_ERRORS_LISTED + 10 and next(iter(errors)).row == 2
    with pytest.raises(ApplicationError) as caught:
        errors.raise_if_errors("bad.csv")
    extra = caught.value.extra
    assert extra["file"] == "bad.csv" and extra["error_count"] == MAX_ERRORS_LISTED + 10
    assert len(extra["errors"]) == MAX_ERRORS_LISTED
    assert extra["errors"][0] == {"row": 2, "field": "amount", "reason": "not a number"}
    assert "bad.csv" in caught.value.message and "amount" in caught.value.message


def test_row_invalid_is_a_value_error():
    with pytest.raises(ValueError) as caught:
        raise RowInvalid("date", "not a date")
    assert (caught.value.field, caught.value.reason) == ("date", "not a date")
