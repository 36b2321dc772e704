"""The report's rows are 1, 2, 3.1, 3.2 and 4 (the seed's table); the framework has component 3 holding
indicators 3.1 and 3.2 and sub-components such as 1.1: an obstacle tagged in a progress report lands on
the report's row of its indicator."""

import pytest

from pramoen.monitoring.vocab import component_of


@pytest.mark.parametrize(
    ("component", "parent", "indicator", "row"),
    [
        ("1", None, "1.4", "1"),
        ("1.1", "1", "1.15", "1"),  # sub-component 1.1 Function Base belongs to row 1
        ("2", None, "2.1", "2"),
        ("3", None, "3.1", "3.1"),  # component 3 (Potential Base): each indicator has its own row
        ("3", None, "3.2", "3.2"),
        ("3.2", None, "3.2", "3.2"),  # a framework that keeps 3.2 as a component of its own
        ("4", None, "4.1", "4"),
        ("9", None, "9.1", None),  # no row in the report
    ],
)
def test_each_indicator_lands_on_the_reports_row(component, parent, indicator, row):
    assert component_of(component=component, parent=parent, indicator=indicator) == row
