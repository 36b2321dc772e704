"""The FY2567 half-year round, transcribed from the report into ``data/fy2567_h1.json`` (decisions in
``data/SOURCE.md``), plus an empty FY2568 round for trying the entry screen.  Idempotent: a committee's
sheet that already has records is left alone unless ``reset`` is asked for."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone

from pramoen.monitoring.models import Observation, Obstacle, Round, Sheet, Suggestion
from pramoen.monitoring.systems import recognise
from pramoen.orgs.models import Agency, Committee

DATA = Path(__file__).resolve().parent / "data" / "fy2567_h1.json"

# Spellings the report uses for agencies besides their official names (see docs/organisations.md).
_INFORMAL = {
    "สำนักคลัง": "finance",
    "สำนักงานโยธา": "public-works",
    "สำนักงานจราจรและขนส่ง": "traffic-transport",
    "สำนักงานระบายน้ำ": "drainage",
    "สำนักงานวางผังและพัฒนาเมือง": "city-planning",
    "สำนักการวางแผนและพัฒนาเมือง": "city-planning",
    "สำนักแพทย์": "medical-services",
    "สำนักงานการแพทย์": "medical-services",
    "สำนักยุทธศาสตร์และประมวลผล": "strategy-evaluation",
    "สำนักงานเลขาธิการผู้ว่ากรุงเทพมหานคร": "governor-secretariat",
    "สำนักงานการศึกษา": "education",
}

# Illustrative follow-up so the open-items page has something to show (the report assigns no one).
_FOLLOW_UP = (
    (1, 8, "finance", dt.date(2024, 6, 30), Observation.Status.OPEN, ""),
    (1, 4, "1004", dt.date(2024, 7, 31), Observation.Status.IN_PROGRESS, ""),
    (1, 2, "governor-secretariat", dt.date(2024, 5, 31), Observation.Status.OPEN, ""),
    (2, 11, "civil-service-commission", dt.date(2024, 9, 30), Observation.Status.IN_PROGRESS, ""),
)


def agencies_mentioned(text: str, agencies: list[Agency]) -> list[Agency]:
    """Bureaus and offices named in ``text`` by official name, the report's informal name, or the
    Thai abbreviation; district offices by "เขต<name>"."""
    by_code = {a.code: a for a in agencies}
    found: dict[str, Agency] = {}
    for agency in agencies:
        names = [agency.name_th]
        if agency.is_district_office:
            names = ["เขต" + agency.name_th.removeprefix("สำนักงานเขต")]
        elif agency.abbr_th and len(agency.abbr_th) > 3:
            names.append(agency.abbr_th)
        if any(
            re.search(re.escape(n) + r"(?![ก-๙])" if n.endswith(".") else re.escape(n), text) for n in names
        ):
            found[agency.code] = agency
    for informal, code in _INFORMAL.items():
        if informal in text and code in by_code:
            found[code] = by_code[code]
    return list(found.values())


def _load_sheet(sheet: Sheet, data: dict[str, Any], agencies: list[Agency]) -> None:
    by_code = {a.code: a for a in agencies}
    for order, row in enumerate(data["obstacles"], start=1):
        obstacle = Obstacle.objects.create(
            sheet=sheet,
            order=order,
            component=row["component"],
            aspect=row["aspect"],
            level=row.get("level", ""),
            text=row["text"],
            systems=recognise(row["text"]),
            numbered=row.get("numbered", True),
        )
        mentioned = agencies_mentioned(row["text"], agencies)
        if mentioned:
            obstacle.agencies.set(mentioned)
    for order, row in enumerate(data["suggestions"], start=1):
        Suggestion.objects.create(
            sheet=sheet,
            order=order,
            component=row["component"],
            level=row.get("level", ""),
            text=row["text"],
            agency=by_code.get(row.get("agency", "")),
            sub_items=row.get("sub_items", []),
            numbered=row.get("numbered", True),
        )
    for order, row in enumerate(data["observations"], start=1):
        Observation.objects.create(
            sheet=sheet, order=order, level=row.get("level", ""), text=row["text"],
            sub_items=row.get("sub_items", []),
        )  # fmt: skip


@transaction.atomic
def load_demo_monitoring(*, reset: bool = False) -> Round:
    data = json.loads(DATA.read_text(encoding="utf-8"))
    agencies = list(Agency.objects.all())
    rnd, _ = Round.objects.get_or_create(fiscal_year=data["fiscal_year"], period=data["period"])
    for block in data["committees"]:
        committee = Committee.objects.get(number=block["committee"])
        sheet, _ = Sheet.objects.get_or_create(round=rnd, committee=committee)
        has_records = any(m.objects.filter(sheet=sheet).exists() for m in (Obstacle, Suggestion, Observation))
        if has_records and not reset:
            continue
        for model in (Obstacle, Suggestion, Observation):
            model.objects.filter(sheet=sheet).delete()
        _load_sheet(sheet, block, agencies)
    by_code = {a.code: a for a in agencies}
    for number, position, code, due, status, evidence in _FOLLOW_UP:
        obs = Observation.objects.filter(sheet__round=rnd, sheet__committee__number=number).order_by("order")
        target = obs[position - 1] if obs.count() >= position else None
        if target is not None and target.assignee_id is None:
            target.assignee, target.due_date, target.status, target.evidence = (
                by_code[code],
                due,
                status,
                evidence,
            )
            target.save()
    if rnd.status != Round.Status.PUBLISHED:
        rnd.status, rnd.published_at = Round.Status.PUBLISHED, timezone.now()
        rnd.save(update_fields=["status", "published_at"])
        # the portal's PDF and DOCX: the worker beside the demo server builds them
        from pramoen.monitoring.documents import INLINE_FORMATS, document_request
        from pramoen.monitoring.render import FORMATS

        for fmt in sorted(set(FORMATS) - INLINE_FORMATS):
            document_request(actor=None, round=rnd, fmt=fmt)
    draft, _ = Round.objects.get_or_create(fiscal_year=data["fiscal_year"] + 1, period=data["period"])
    for committee in Committee.objects.all():
        Sheet.objects.get_or_create(round=draft, committee=committee)
    return rnd
