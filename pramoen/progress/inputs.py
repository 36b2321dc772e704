"""What a user may type into a report, validated before any service runs.  Every error names the field
(and the row, for spreadsheet uploads) and the reason."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from pramoen.core.errors import ApplicationError
from pramoen.core.thai import to_arabic_digits
from pramoen.progress.models import Aspect

VALUE_FIELDS = ("value", "numerator", "denominator", "survey_responses", "survey_satisfied")
# which figures each calculation method reads
METHOD_FIELDS: dict[str, tuple[str, ...]] = {
    "value": ("value",),
    "ratio": ("numerator", "denominator"),
    "survey": ("survey_responses", "survey_satisfied"),
    "action_plan": (),
    "milestone_level": (),
}


def field_label(name: str) -> str:
    labels = {
        "value": _("actual value"),
        "numerator": _("numerator"),
        "denominator": _("denominator"),
        "survey_responses": _("survey responses"),
        "survey_satisfied": _("satisfied responses"),
        "narrative": _("what was done"),
        "milestones": _("milestone progress"),
        "obstacles": _("obstacles"),
    }
    return labels.get(name, name)


@dataclass
class ReportInput:
    value: Decimal | None = None
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    survey_responses: int | None = None
    survey_satisfied: int | None = None
    narrative: str = ""
    # percent done per milestone, by position in the report's milestone list
    milestones_done: dict[int, Decimal] = field(default_factory=dict)
    # (aspect, text) pairs; None = leave the report's obstacles as they are
    obstacles: list[tuple[str, str]] | None = None


def _fail(name: str, reason: str, *, row: int | None = None) -> ApplicationError:
    label = field_label(name)
    if row is None:
        message = _("%(field)s: %(reason)s") % {"field": label, "reason": reason}
    else:
        message = _("Row %(row)s, column %(field)s: %(reason)s") % {
            "row": row,
            "field": label,
            "reason": reason,
        }
    return ApplicationError(message, {"field": name, "row": row, "reason": reason})


def parse_decimal(raw: Any, name: str, *, row: int | None = None, whole: bool = False) -> Decimal | None:
    if raw is None:
        return None
    text = to_arabic_digits(str(raw)).strip().replace(",", "")
    if text == "":
        return None
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise _fail(name, _("“%(text)s” is not a number.") % {"text": str(raw)[:40]}, row=row) from None
    if not number.is_finite():
        raise _fail(name, _("“%(text)s” is not a number.") % {"text": str(raw)[:40]}, row=row)
    if number < 0:
        raise _fail(name, _("must not be negative."), row=row)
    if whole and number != number.to_integral_value():
        raise _fail(name, _("must be a whole number."), row=row)
    if abs(number) >= Decimal(10) ** 14:
        raise _fail(name, _("is too large."), row=row)
    return number


def check_consistency(data: ReportInput, *, row: int | None = None) -> None:
    if data.denominator is not None and data.denominator == 0:
        raise _fail("denominator", _("must be greater than zero."), row=row)
    if (
        data.survey_responses is not None
        and data.survey_satisfied is not None
        and data.survey_satisfied > data.survey_responses
    ):
        raise _fail("survey_satisfied", _("cannot exceed the number of responses."), row=row)
    for index, done in data.milestones_done.items():
        if done > 100:
            raise _fail(
                "milestones", _("step %(n)s: percent done cannot exceed 100.") % {"n": index + 1}, row=row
            )
    if data.obstacles:
        valid = set(Aspect.values)
        for n, (aspect, _text) in enumerate(data.obstacles, start=1):
            if aspect not in valid:
                raise _fail(
                    "obstacles", _("obstacle %(n)s: choose one of the five aspects.") % {"n": n}, row=row
                )


def parse_form(data: Mapping[str, Any], *, milestone_count: int) -> ReportInput:
    """A report form (or API body): value fields, narrative, ``done_<i>`` per milestone, and
    ``obstacle_aspect_<i>``/``obstacle_text_<i>`` pairs."""
    result = ReportInput(narrative=str(data.get("narrative") or "").strip())
    for name in ("value", "numerator", "denominator"):
        setattr(result, name, parse_decimal(data.get(name), name))
    for name in ("survey_responses", "survey_satisfied"):
        number = parse_decimal(data.get(name), name, whole=True)
        setattr(result, name, int(number) if number is not None else None)
    for i in range(milestone_count):
        done = parse_decimal(data.get(f"done_{i}"), "milestones")
        if done is not None:
            result.milestones_done[i] = done
    if "obstacles_present" in data:
        obstacles = []
        for i in range(20):
            text = str(data.get(f"obstacle_text_{i}") or "").strip()
            if text:
                obstacles.append((str(data.get(f"obstacle_aspect_{i}") or ""), text))
        result.obstacles = obstacles
    check_consistency(result)
    return result
