"""A score's trail as labelled lines anyone can read.

A calculation method stores what it used as plain JSON (``ScoreResult.inputs`` and ``exclusions``: machine
data the API gives out and appeals compare to the byte).  Shown to a person, the same data becomes
``TrailLine``s: a translated label, a value formatted in the active language (numbers with thousands
separators, dates in the Buddhist Era, percentages with %, money in baht) and a link to the records behind
it.  Each registered method presents its own inputs (``CalculationMethod.trail``); whatever a method does
not name — a key written by an older version — is shown by ``generic_lines`` with a known label or
"other recorded figure", its value humanised.  No key, list, dict or ``None`` reaches a page.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Any

from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.http import urlencode
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from pramoen.core.thai import format_date

Text = str | Promise


class Kind(StrEnum):
    """How a line's value is written."""

    TEXT = "text"
    NUMBER = "number"  # 1,234 or 12.5 (up to 4 places, trailing zeros dropped)
    PERCENT = "percent"  # 79.02%
    MONEY = "money"  # 10,354,000.00 baht
    DATE = "date"  # 31 มี.ค. 2567
    YES_NO = "yes_no"


@dataclass(frozen=True)
class TrailLine:
    """One figure of a trail: ``label`` (translatable), ``value`` (raw, typed), how to write it (``kind``
    and ``unit``: a word after numbers such as "tickets"), and ``link``: the page listing the records."""

    label: Text
    value: Any
    kind: Kind = Kind.TEXT
    unit: Text = ""
    link: str = ""

    @property
    def text(self) -> str:
        return write(self.value, self.kind, self.unit)


@dataclass(frozen=True)
class Trail:
    """What a score used (``lines``) and what it left out and why (``left_out``)."""

    lines: list[TrailLine] = field(default_factory=list)
    left_out: list[TrailLine] = field(default_factory=list)


@dataclass(frozen=True)
class Where:
    """Whose score and which period: what a method needs to link its lines to the records behind them."""

    agency_id: int
    agency_code: str
    fiscal_year: int  # BE
    period_code: str
    period_start: dt.date
    period_end: dt.date


# ---------------------------------------------------------------------------------------------- writing

DASH = "–"
_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _decimal(value: Any) -> Decimal | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, Decimal):
        return value if value.is_finite() else None
    if isinstance(value, int | float) or (isinstance(value, str) and _NUMBER.match(value.strip())):
        try:
            number = Decimal(str(value).strip())
        except InvalidOperation:
            return None
        return number if number.is_finite() else None
    return None


def number(value: Decimal, places: int = 4) -> str:
    """1,234 · 12.5 · 0.0125: thousands separators, at most ``places`` decimals, no trailing zeros."""
    q = value.quantize(Decimal(1).scaleb(-places)) if value.as_tuple().exponent < -places else value  # type: ignore[operator]
    text = f"{q:,f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _date(value: Any) -> str | None:
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, str) and _ISO_DATE.match(value):
        try:
            value = dt.date.fromisoformat(value)
        except ValueError:
            return None
    if isinstance(value, dt.date):
        return format_date(value, language=get_language() or "th")
    return None


def write(value: Any, kind: Kind = Kind.TEXT, unit: Text = "") -> str:
    """``value`` as a person reads it, in the active language; never a Python repr."""
    if value is None or value == "" or value == []:
        return DASH
    if isinstance(value, list | tuple):
        return ", ".join(write(v, kind, unit) for v in value)
    if isinstance(value, Mapping):
        return "; ".join(f"{label_for(str(k))}: {write(v, _guess(str(k), v))}" for k, v in value.items())
    if isinstance(value, bool) or kind == Kind.YES_NO:
        return gettext("yes") if value else gettext("no")
    figure = _decimal(value)
    if kind == Kind.DATE:
        return _date(value) or humanise(str(value))
    if figure is not None and kind == Kind.PERCENT:
        return f"{number(figure.quantize(Decimal('0.01')), 2)}%"
    if figure is not None and kind == Kind.MONEY:
        return gettext("%(amount)s baht") % {"amount": f"{figure.quantize(Decimal('0.01')):,f}"}
    if figure is not None and kind == Kind.NUMBER:
        text = number(figure)
        return f"{text} {unit}" if unit else text
    if kind == Kind.TEXT and not isinstance(value, str | Promise) and figure is not None:
        return number(figure)
    text = str(value)
    return f"{text} {unit}" if unit and figure is not None else humanise(text)


# A stored value that is an identifier (a reason, a rule, a kind), written for a person.
VALUE_LABELS: dict[str, Text] = {
    # budget lines left out of KPI 3.2
    "appeal": _("approved appeal"),
    "personnel": _("personnel budget"),
    "welfare": _("central-fund welfare items"),
    "supplementary": _("supplementary budget"),
    "government_subsidy": _("government-subsidy budget"),
    "carried_over": _("funds carried over from earlier years"),
    # complaint tickets left out
    "not_relevant": _("not relevant to the district"),
    "forwarded": _("forwarded to another body"),
    "duplicate": _("duplicate of an earlier ticket"),
    # service processes left out
    "process": _("service processes left out by an approved appeal"),
    # survey rules, innovation kinds
    "top_two_box": _("share answering 4–5 (top-two-box)"),
    "mean": _("mean over 5"),
    "new": _("new innovation"),
    "improved": _("improved from an earlier one"),
    "adopted": _("adopted from another agency"),
}
_IDENTIFIER = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)+$")


def humanise(text: str) -> str:
    """A known identifier by its label; any other ``snake_case`` word with spaces; other text as is."""
    known = VALUE_LABELS.get(text)
    if known is not None:
        return str(known)
    if _IDENTIFIER.match(text):
        return text.replace("_", " ")
    return _date(text) or text


# -------------------------------------------------------------------------------------- labels of keys

KEY_LABELS: dict[str, Text] = {
    # reported figures
    "value": _("Reported value"),
    "numerator": _("Numerator"),
    "denominator": _("Denominator"),
    "milestones": _("Milestones"),
    "source": _("Source of the figures"),
    "responses": _("Respondents"),
    "satisfied": _("Respondents satisfied"),
    # feeds in general
    "agency": _("Agency"),
    "agency_code": _("Agency"),
    "level": _("Level reached"),
    "computed_actual": _("Actual computed before the appeal decision"),
    "thresholds": _("Criteria used (levels 1–5)"),
    "start": _("From"),
    "end": _("To"),
    "period_start": _("From"),
    "period_end": _("To"),
    # online services (KPI 3.1)
    "online": _("Applications made online (BMA OSS)"),
    "counter": _("Applications made at the counter"),
    "other": _("Applications through other channels"),
    "total": _("All applications"),
    "records": _("Service records read"),
    "imports": _("Service data imports used"),
    # budget disbursement (KPI 3.2)
    "as_of": _("Figures as of"),
    "approved": _("Approved budget"),
    "transfer_in": _("Transferred in"),
    "transfer_out": _("Transferred out"),
    "budget_after_transfers": _("Budget after transfers"),
    "committed": _("Committed (purchase orders and contracts)"),
    "disbursed": _("Disbursed"),
    "lines": _("Budget lines counted"),
    "excluded_reasons": _("Left out by the year's rules"),
    "count": _("How many"),
    "budget": _("Budget"),
    "codes": _("Codes"),
    "applications": _("Applications"),
    # complaints (component 4)
    "district_code": _("District (geocode)"),
    "received": _("Tickets received"),
    "counted": _("Tickets counted"),
    "resolved": _("Tickets resolved"),
    "resolved_states": _("States counted as resolved"),
    "dedup": _("Duplicate tickets removed"),
    "mean_star": _("Mean satisfaction (stars of 5)"),
    "rated": _("Tickets rated by the citizen"),
    "reopened": _("Tickets reopened"),
    "kpi_percent_if_pending_steps_done": _("Share resolved if the pending steps were done"),
    # surveys
    "survey": _("Survey"),
    "survey_title": _("Survey"),
    "rule": _("How satisfaction is counted"),
    "answers": _("Five-level answers"),
    "top_two": _("Answers at level 4–5"),
    "sample_size": _("Sample size required"),
    "survey_responses": _("Respondents to the whole survey"),
    # innovations (component 2)
    "innovation": _("Innovation"),
    "title": _("Innovation"),
    "kind": _("Kind"),
    "marks": _("Rubric marks"),
    "cap": _("Highest level for its kind"),
    "adopted_by": _("Adopted by"),
    "scored_innovations": _("Scored innovations of the agency"),
}
OTHER = _("Other recorded figure")


def label_for(key: str) -> str:
    return str(KEY_LABELS.get(key, OTHER))


# -------------------------------------------------------------------------------- reading stored inputs


class Reader:
    """The stored inputs, remembering which keys a method's presenter has read: ``rest()`` gives lines
    for the others (written by an older version of the method) so nothing stored is hidden."""

    def __init__(self, data: Mapping[str, Any] | None) -> None:
        self.data: Mapping[str, Any] = data if isinstance(data, Mapping) else {}
        self.read: set[str] = set()

    def get(self, key: str, default: Any = None) -> Any:
        self.read.add(key)
        return self.data.get(key, default)

    def __contains__(self, key: str) -> bool:
        return key in self.data

    def line(self, key: str, kind: Kind = Kind.TEXT, unit: Text = "", link: str = "") -> Iterator[TrailLine]:
        """The line for ``key`` when it is stored (nothing otherwise), labelled from ``KEY_LABELS``."""
        if key in self.data:
            yield TrailLine(KEY_LABELS.get(key, OTHER), self.get(key), kind, unit, link)
        self.read.add(key)

    def rest(self) -> list[TrailLine]:
        return generic_lines({k: v for k, v in self.data.items() if k not in self.read})


def generic_lines(data: Mapping[str, Any] | None) -> list[TrailLine]:
    """Any stored inputs as lines: known keys by their label, values humanised (the fallback for keys
    no presenter names, and for a method that is no longer registered)."""
    if not isinstance(data, Mapping):
        return []
    lines: list[TrailLine] = []
    for k, v in data.items():
        if k == "source":
            lines.extend(source_line(Reader({"source": v})))
        else:
            lines.append(TrailLine(KEY_LABELS.get(str(k), OTHER), v, _guess(str(k), v)))
    return lines


_MONEY_KEYS = {"approved", "transfer_in", "transfer_out", "budget_after_transfers", "committed", "disbursed"}
_CODE_KEYS = {"district_code", "agency", "agency_code", "codes", "lines", "imports", "survey", "innovation"}


def _guess(key: str, value: Any) -> Kind:
    if key in _MONEY_KEYS or key == "budget":
        return Kind.MONEY
    if key in _CODE_KEYS:
        return Kind.TEXT
    if key in ("as_of", "start", "end", "period_start", "period_end"):
        return Kind.DATE
    if isinstance(value, str) and not _NUMBER.match(value):
        return Kind.TEXT
    if key.startswith("kpi_percent") or key == "thresholds":
        return Kind.PERCENT
    return Kind.NUMBER


def exclusion_lines(
    exclusions: Mapping[str, Any] | None,
    unit: Text = "",
    link: str = "",
    describe: Callable[[str, Mapping[str, Any]], str] | None = None,
) -> list[TrailLine]:
    """What was left out, one line per reason: the reason's label, and how many (``count``), or the
    reason's figures humanised (``describe`` writes a richer sentence when the method knows the shape)."""
    if not isinstance(exclusions, Mapping):
        return []
    lines = []
    for reason, group in exclusions.items():
        label = VALUE_LABELS.get(str(reason)) or humanise(str(reason))
        if isinstance(group, Mapping) and describe is not None:
            lines.append(TrailLine(label, describe(str(reason), group), Kind.TEXT, "", link))
        elif isinstance(group, Mapping) and set(group) == {"count"}:
            lines.append(TrailLine(label, group["count"], Kind.NUMBER, unit, link))
        else:
            lines.append(TrailLine(label, group, Kind.TEXT, "", link))
    return lines


def link(name: str, *args: Any, **query: Any) -> str:
    """The address of a page behind a line ("" when the page is not installed)."""
    try:
        url = reverse(name, args=args)
    except NoReverseMatch:
        return ""
    shown = {k: v for k, v in query.items() if v not in (None, "")}
    return f"{url}?{urlencode(shown)}" if shown else url


_PROGRESS_REPORT = re.compile(r"^progress report #(\d+)$")


def source_line(r: Reader) -> Iterator[TrailLine]:
    """Where reported figures came from: a progress report (linked to its page) or the text the
    evaluation office gave when it loaded the figures."""
    source = r.get("source")
    if not source:
        return
    found = _PROGRESS_REPORT.match(str(source))
    if found:
        number_ = found.group(1)
        yield TrailLine(
            KEY_LABELS["source"],
            gettext("progress report no. %(number)s") % {"number": number_},
            link=link("progress:report", int(number_)),
        )
    else:
        yield TrailLine(KEY_LABELS["source"], str(source))


def record_line(r: Reader, label: Text, pk_key: str, title_key: str, page: str) -> Iterator[TrailLine]:
    """The record a figure came from (a survey, an innovation): its title, linked to its page ``page``
    (a URL name taking the record's id)."""
    pk, title = r.get(pk_key), r.get(title_key)
    if pk is not None or title:
        yield TrailLine(label, title or DASH, link=link(page, int(pk)) if str(pk).isdigit() else "")
