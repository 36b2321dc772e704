"""The fixed vocabularies of a monitoring round: components, aspects, levels (as the FY2567 report uses them).

Components are codes until the framework's ``Component`` model lands; ``COMPONENTS`` keeps their order
and the Thai labels the report prints.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from pramoen.core.thai import to_thai_digits


class Component(models.TextChoices):
    PERFORMANCE = "1", _("1 Performance Base")
    INNOVATION = "2", _("2 Innovation Base")
    DIGITAL = "3.1", _("3.1 Digital transformation")
    BUDGET = "3.2", _("3.2 Budget disbursement")
    COMPLAINTS = "4", _("4 Complaint resolution (Traffy Fondue)")


COMPONENT_ORDER: tuple[str, ...] = tuple(Component.values)


def component_of(*, component: str, parent: str | None, indicator: str) -> str | None:
    """The report's row for a framework indicator: its component (1, 2, 4), its own code where the report
    gives an indicator a row of its own (3.1 and 3.2 of component 3), else its component's parent (a
    sub-component such as 1.1 Function Base belongs to row 1); None when the report has no such row."""
    for code in (component, indicator, parent):
        if code and code in COMPONENT_ORDER:
            return code
    return None


def component_heading_th(code: str) -> str:
    """``องค์ประกอบที่ ๓ ตัวชี้วัดที่ ๓.๑`` for ``3.1``, as the report's first column prints it."""
    if "." in code:
        main = code.split(".", 1)[0]
        return f"องค์ประกอบที่ {to_thai_digits(main)} ตัวชี้วัดที่ {to_thai_digits(code)}"
    return f"องค์ประกอบที่ {to_thai_digits(code)}"


class Aspect(models.TextChoices):
    PERSONNEL = "personnel", pgettext_lazy("aspect", "personnel")
    BUDGET = "budget", _("budget")
    MANAGEMENT = "management", _("management and integration")
    TECHNOLOGY = "technology", _("technology and innovation")
    OTHER = "other", pgettext_lazy("aspect", "other")


ASPECT_TH = {
    Aspect.PERSONNEL: "ด้านบุคลากร",
    Aspect.BUDGET: "ด้านงบประมาณ",
    Aspect.MANAGEMENT: "ด้านบริหารจัดการและบูรณาการ",
    Aspect.TECHNOLOGY: "ด้านเทคโนโลยีและนวัตกรรม",
    Aspect.OTHER: "ด้านอื่น ๆ",
}
ASPECT_ORDER: tuple[str, ...] = tuple(Aspect.values)


class Level(models.TextChoices):
    NONE = "", _("(no level)")
    BUREAU = "bureau", _("bureaus and offices")
    DISTRICT = "district", _("district offices")
    DEPARTMENT = "department", _("government departments")
    BOTH = "both", _("bureaus, offices and district offices")


LEVEL_TH = {
    Level.NONE: "",
    Level.BUREAU: "ระดับสำนักและสำนักงาน",
    Level.DISTRICT: "ระดับสำนักงานเขต",
    Level.DEPARTMENT: "ระดับส่วนราชการฯ",
    Level.BOTH: "ระดับสำนักงานและสำนักงานเขต",
}
LEVEL_ORDER: tuple[str, ...] = ("", "department", "bureau", "both", "district")


class Period(models.TextChoices):
    H1 = "H1", _("first half of the fiscal year")
    FULL = "FY", pgettext_lazy("monitoring round", "whole fiscal year")


PERIOD_TH = {Period.H1: "ระยะครึ่งปีงบประมาณ", Period.FULL: "ระยะสิ้นปีงบประมาณ"}
