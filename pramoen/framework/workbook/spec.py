"""The workbook's layout (sheets, columns, lists of allowed values) and its error type."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from pramoen.core.errors import ApplicationError
from pramoen.core.rows import MAX_ERRORS_LISTED, RowError
from pramoen.scoring.methods import registered_methods

# Methods that later issues install from the feeds: a framework may name them before they exist.
FEED_METHODS = ("complaints", "online_services", "budget_disbursement")
HEADER_ROWS = 2  # Thai header, then the English key
MAX_ROWS = 200_000  # per sheet: a whole BMA year is about 70,000 target rows
YES, NO = "yes", "no"
HIGHER, LOWER = "higher", "lower"


@dataclass(frozen=True)
class Column:
    key: str
    th: str
    width: int = 14
    choices: str | None = None  # a list on the "lists" sheet offered as an in-cell drop-down
    info: bool = False  # written for people to read, ignored by the import


@dataclass(frozen=True)
class SheetSpec:
    key: str
    th: str
    columns: tuple[Column, ...]

    @property
    def title(self) -> str:
        return f"{self.th} ({self.key})"


COMPONENTS = SheetSpec(
    "components",
    "องค์ประกอบ",
    (
        Column("code", "รหัส", 8),
        Column("name_th", "ชื่อ (ไทย)", 50),
        Column("name_en", "ชื่อ (อังกฤษ)", 40),
        Column("weight", "น้ำหนัก", 10),
        Column("applies_to", "ใช้กับ", 18, choices="applies_to"),
        Column("order", "ลำดับ", 8),
        Column("weight_is_demo", "น้ำหนักเป็นค่าสาธิต (demo)", 12, choices="yes_no"),
        # a sub-component (องค์ประกอบย่อย) names the component it is part of; its weight is its share there
        Column("parent", "เป็นองค์ประกอบย่อยของ", 12),
    ),
)
INDICATORS = SheetSpec(
    "indicators",
    "ตัวชี้วัด",
    (
        Column("code", "รหัส", 8),
        Column("component", "องค์ประกอบ", 11),
        Column("name_th", "ชื่อ (ไทย)", 50),
        Column("name_en", "ชื่อ (อังกฤษ)", 40),
        Column("definition", "นิยาม", 30),
        Column("unit", "หน่วยนับ", 10),
        Column("method", "วิธีคำนวณ", 18, choices="method"),
        Column("params", "ค่าตั้งของวิธีคำนวณ (JSON)", 24),
        Column("direction", "ทิศทาง (มากดี/น้อยดี)", 12, choices="direction"),
        Column("t1", "เกณฑ์ระดับ 1", 10),
        Column("t2", "เกณฑ์ระดับ 2", 10),
        Column("t3", "เกณฑ์ระดับ 3", 10),
        Column("t4", "เกณฑ์ระดับ 4", 10),
        Column("t5", "เกณฑ์ระดับ 5", 10),
        Column("floor", "คะแนนเมื่อต่ำกว่าระดับ 1", 10),
        Column("kpi_type", "ประเภทตัวชี้วัด", 12, choices="kpi_type"),
        Column("kpi_level", "ระดับตัวชี้วัด", 12, choices="kpi_level"),
        Column("host_agency", "หน่วยงานเจ้าภาพ (H)", 20, choices="agency"),
        Column("is_joint", "ตัวชี้วัดร่วม", 10, choices="yes_no"),
        Column("multi_year_span", "จำนวนปีที่ต้องทำให้เสร็จ", 10),
        Column("multi_year_share", "สัดส่วนของปีนี้ (ร้อยละ)", 10),
    ),
)
ASSIGNMENTS = SheetSpec(
    "assignments",
    "การมอบหมาย",
    (
        Column("indicator", "ตัวชี้วัด", 10),
        Column("agency", "รหัสหน่วยงาน", 20, choices="agency"),
        Column("agency_name", "ชื่อหน่วยงาน (อ่านอย่างเดียว)", 36, info=True),
        Column("weight", "น้ำหนัก", 10),
        Column("role", "บทบาท", 12, choices="role"),
    ),
)
TARGETS = SheetSpec(
    "targets",
    "ค่าเป้าหมาย",
    (
        Column("indicator", "ตัวชี้วัด", 10),
        Column("agency", "รหัสหน่วยงาน", 20, choices="agency"),
        Column("agency_name", "ชื่อหน่วยงาน (อ่านอย่างเดียว)", 36, info=True),
        Column("period", "รอบ", 8, choices="period"),
        Column("value", "ค่าเป้าหมาย (สะสม)", 14),
    ),
)
# Criteria over time (framework.criteria): an indicator's own T1..T5 for a period, or its cumulative plan.
PERIOD_CRITERIA = SheetSpec(
    "period_criteria",
    "เกณฑ์รายรอบ",
    (
        Column("indicator", "ตัวชี้วัด", 10),
        Column("period", "รอบ", 8, choices="period"),
        Column("t1", "เกณฑ์ระดับ 1", 10),
        Column("t2", "เกณฑ์ระดับ 2", 10),
        Column("t3", "เกณฑ์ระดับ 3", 10),
        Column("t4", "เกณฑ์ระดับ 4", 10),
        Column("t5", "เกณฑ์ระดับ 5", 10),
        Column("is_demo", "ค่าสาธิต (demo)", 10, choices="yes_no"),
    ),
)
PLAN_CURVE = SheetSpec(
    "plan_curve",
    "แผนสะสม",
    (
        Column("indicator", "ตัวชี้วัด", 10),
        Column("period", "รอบ", 8, choices="period"),
        Column("share", "ร้อยละของเกณฑ์สิ้นปี ณ สิ้นรอบ", 16),
        Column("is_demo", "ค่าสาธิต (demo)", 10, choices="yes_no"),
    ),
)
DATA_SHEETS = (COMPONENTS, INDICATORS, ASSIGNMENTS, TARGETS, PERIOD_CRITERIA, PLAN_CURVE)
ABOUT_TITLE = "คำอธิบาย (about)"
LISTS_TITLE = "รายการค่า (lists)"

TRUE_WORDS = {"yes", "y", "true", "1", "ใช่", "ร่วม"}
FALSE_WORDS = {"no", "n", "false", "0", "ไม่ใช่", "ไม่"}
DIRECTION_WORDS = {"higher": True, "มากดี": True, "lower": False, "น้อยดี": False}


def known_methods() -> list[str]:
    return sorted(set(registered_methods()) | set(FEED_METHODS))


# --------------------------------------------------------------------------------------------- errors


class Lazy:
    """A translatable message with its parameters, rendered in whichever language is active when shown."""

    def __init__(self, template: str | Promise, params: dict[str, Any]) -> None:
        self.template, self.params = template, params

    def __str__(self) -> str:
        return str(self.template) % {
            k: str(v) if isinstance(v, Lazy | Promise) else v for k, v in self.params.items()
        }


@dataclass(frozen=True)
class WorkbookError:
    """One reason the workbook was refused; ``row`` is the row number Excel shows (None: the whole sheet)."""

    sheet: str
    row: int | None
    column: str | None  # "G (method)"
    template: str | Promise
    params: dict[str, Any] = field(default_factory=dict)
    key: str = ""  # the column's key (row 2 of the sheet), when the error is about one column

    @property
    def message(self) -> str:
        return str(Lazy(self.template, self.params))

    @property
    def message_en(self) -> str:
        with translation.override("en"):
            return self.message

    def as_dict(self) -> dict[str, Any]:
        """The shared rejected-row shape (pramoen.core.rows), with the English reason beside the Thai."""
        letter = (self.column or "").removesuffix(f" ({self.key})") if self.key else ""
        shaped = RowError(self.row, self.key, self.message, self.sheet, "" if letter == self.key else letter)
        return {**shaped.as_dict(), "reason_en": self.message_en}


class WorkbookInvalid(ApplicationError):
    def __init__(self, errors: list[WorkbookError]) -> None:
        self.errors = errors
        super().__init__(
            _("The workbook has %(count)s errors; nothing was saved.") % {"count": len(errors)},
            {"error_count": len(errors), "errors": [e.as_dict() for e in errors[:MAX_ERRORS_LISTED]]},
        )
