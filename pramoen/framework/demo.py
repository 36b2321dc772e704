"""The FY2567 demo framework: the indicators the half-year report names, assigned to their host and
supporting agencies, with targets and verified half-year results that spread realistically — some
agencies ahead, some far behind (the report's own complaint).  Generated, reproducible, idempotent."""

from __future__ import annotations

import csv
import random
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db import transaction

from pramoen.framework.models import (
    Assignment,
    Component,
    EvaluationRound,
    FiscalYear,
    Indicator,
    Period,
    PlanPoint,
    Target,
)
from pramoen.framework.services import apply_round_state, fiscal_year_ensure
from pramoen.orgs.models import Agency, User

DATA = Path(__file__).resolve().parent / "data"
YEAR = 2567
# The seed's structure (docs/scoring.md, "The seed and the model"): component 1 with its sub-component 1.1
# Function Base, component 2, component 3 holding indicators 3.1 and 3.2, component 4 — named as the seed
# names them.  The weights are the demo's placeholders (the seed states none): shown as "demo".
COMPONENTS = [
    # code, Thai, English, weight, applies to, order, part of
    (
        "1",
        "องค์ประกอบที่ ๑ การประเมินประสิทธิภาพผลการดำเนินงาน (Performance Base)",
        "Component 1: Performance Base",
        60,
        "all",
        1,
        None,
    ),
    (
        "1.1",
        "องค์ประกอบที่ ๑.๑ ประสิทธิภาพในการดำเนินงานภารกิจหลักตามยุทธศาสตร์กรุงเทพมหานคร (Function Base)",
        "Component 1.1: Function Base",
        10,
        "district_offices",
        2,
        "1",
    ),
    (
        "2",
        "องค์ประกอบที่ ๒ ประสิทธิภาพของการบริหารจัดการและพัฒนานวัตกรรมเพื่อเพิ่มประสิทธิภาพการปฏิบัติงานของหน่วยงาน"
        " (Innovation Base)",
        "Component 2: Innovation Base",
        10,
        "all",
        3,
        None,
    ),
    (
        "3",
        "องค์ประกอบที่ ๓ ศักยภาพในการดำเนินงานของหน่วยงาน (Potential Base)",
        "Component 3: Potential Base",
        20,
        "all",
        4,
        None,
    ),
    (
        "4",
        "องค์ประกอบที่ ๔ การประเมินประสิทธิภาพการแก้ไขปัญหาข้อร้องเรียน/ร้องทุกข์ของประชาชนผ่านแพลตฟอร์ม Traffy Fondue",
        "Component 4: Complaint resolution on Traffy Fondue",
        10,
        "district_offices",
        5,
        None,
    ),
]
# black-spot joint KPI: the traffic department and the districts with the most listed spots
BLACK_SPOT_DISTRICTS = [
    "1003",
    "1006",
    "1010",
    "1011",
    "1018",
    "1021",
    "1026",
    "1027",
    "1042",
    "1043",
    "1046",
]
# Cumulative plan curves (framework.criteria): a period is judged against the year-end criteria scaled by
# the share of the year planned by its end.  Demo values, shown as "demo": 3.2 disburses 20/45/70/100 % by
# Q1..Q4 (pramoen's placeholder, not from the seed; the budget pages' planned line reads it too); 1.10
# (e-learning, 40 % of staff by year end) an even plan.
DEMO_PLAN_CURVES = {
    "3.2": {"Q1": Decimal(20), "Q2": Decimal(45), "Q3": Decimal(70), "Q4": Decimal(100)},
    "1.10": {"Q1": Decimal(25), "Q2": Decimal(50), "Q3": Decimal(75), "Q4": Decimal(100)},
}
REPORTED_PERIODS = ["M01", "M02", "M03", "M04", "M05", "M06", "Q1", "Q2", "H1"]
TARGET_PERIODS = ["Q1", "Q2", "Q3", "Q4", "H1", "H2", "FY"]
_FRACTION = {
    "M01": 1,
    "M02": 2,
    "M03": 3,
    "M04": 4,
    "M05": 5,
    "M06": 6,
    "Q1": 3,
    "Q2": 6,
    "Q3": 9,
    "Q4": 12,
    "H1": 6,
    "H2": 12,
    "FY": 12,
}


def _rows() -> list[dict[str, str]]:
    with (DATA / "fy2567_indicators.csv").open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _agencies_for(row: dict[str, str], by_code: dict[str, Agency]) -> list[tuple[Agency, Assignment.Role]]:
    kind = row["assign"]
    host = by_code[row["host"]]
    districts = [a for a in by_code.values() if a.kind == Agency.Kind.DISTRICT_OFFICE]
    others = [a for a in by_code.values() if a.kind != Agency.Kind.DISTRICT_OFFICE]
    if kind == "districts":
        return [(a, Assignment.Role.SUPPORTER) for a in districts]
    if kind == "non-districts":
        return [(a, Assignment.Role.SOLE) for a in others]
    if kind == "districts+non-districts":  # 3.1: BMA OSS at district offices, the seven systems elsewhere
        return [(a, Assignment.Role.SUPPORTER) for a in districts] + [
            (a, Assignment.Role.SOLE) for a in others
        ]
    if kind == "all":
        return [(a, Assignment.Role.SOLE) for a in (*districts, *others)]
    if kind == "host":
        return [(host, Assignment.Role.SOLE)]
    if kind == "joint-black-spots":
        return [(host, Assignment.Role.HOST)] + [
            (by_code[c], Assignment.Role.SUPPORTER) for c in BLACK_SPOT_DISTRICTS
        ]
    return [
        (by_code[c], Assignment.Role.HOST if c == row["host"] else Assignment.Role.SUPPORTER)
        for c in kind.split(";")
    ]


def _target(ind: Indicator, period_code: str) -> Decimal:
    share = Decimal(_FRACTION[period_code]) / 12
    if ind.method == "milestone_level":
        return Decimal(max(1, round(5 * share)))
    if ind.code == "1.10":  # 40 % trained by year end, in even steps
        return (Decimal(40) * share).quantize(Decimal("0.01"))
    return ind.t5 if ind.t5 <= 100 else Decimal(100)


def _result(ind: Indicator, period_code: str, pace: float, rng: random.Random) -> dict[str, Any]:
    """Cumulative verified figures at the end of a period for an agency working at ``pace`` (1 = on plan)."""
    share = _FRACTION[period_code] / 12
    if ind.method == "ratio":
        if ind.code == "1.8":
            den = rng.randint(8000, 30000) * _FRACTION[period_code]
            return {
                "numerator": round(den * min(0.12, 0.06 * pace + rng.uniform(-0.01, 0.01))),
                "denominator": den,
            }
        if ind.code == "1.9":
            den = rng.randint(150, 400) * _FRACTION[period_code]
            return {"numerator": round(den * min(0.97, 0.62 + 0.25 * pace)), "denominator": den}
        if ind.code == "1.15":  # requests served within the citizen's manual time: at most all of them
            requests = rng.randint(300, 1500) * _FRACTION[period_code]
            return {"numerator": round(requests * min(0.99, 0.78 + 0.17 * pace)), "denominator": requests}
        if ind.code == "1.10":
            staff = rng.randint(120, 900)
            return {
                "numerator": round(staff * min(0.95, 0.40 * share * pace * rng.uniform(0.8, 1.2))),
                "denominator": staff,
            }
        planned = rng.randint(40, 400) * _FRACTION[period_code]
        return {
            "numerator": round(planned * min(1.15, pace * rng.uniform(0.9, 1.05))),
            "denominator": planned,
        }
    if ind.method == "survey":
        responses = rng.randint(150, 600)
        return {
            "survey_responses": responses,
            "survey_satisfied": round(responses * min(0.97, 0.55 + 0.3 * pace)),
        }
    if ind.method == "action_plan":
        # the steps due by the end of the period, each done at the agency's pace
        steps = [
            ("วางแผนและกำหนดเป้าหมาย", 10, 0.0),
            ("สำรวจและจัดเตรียมพื้นที่/ข้อมูล", 20, 0.15),
            ("ดำเนินการตามแผน ระยะที่ ๑", 30, 0.35),
            ("ดำเนินการตามแผน ระยะที่ ๒", 30, 0.6),
            ("ติดตามและสรุปผล", 10, 0.85),
        ]
        due = [(name, weight) for name, weight, starts in steps if starts < share] or [steps[0][:2]]
        return {
            "milestones": [
                {
                    "name": name,
                    "weight": weight,
                    "done": max(0, min(100, round(100 * pace * rng.uniform(0.9, 1.05)))),
                }
                for name, weight in due
            ]
        }
    if ind.method == "milestone_level":
        reached = max(0, min(5, round(5 * share * pace + rng.uniform(-0.4, 0.4))))
        return {
            "milestones": [
                {
                    "name": f"ขั้นตอนระดับ {lvl}",
                    "weight": 20,
                    "level": lvl,
                    "done": 100 if lvl <= reached else 40,
                }
                for lvl in range(1, 6)
            ]
        }
    return {"value": Decimal(round(100 * pace, 2))}


@transaction.atomic
def load_framework_demo(*, verifier: User | None = None) -> FiscalYear:
    from pramoen.scoring.models import VerifiedResult

    fy = fiscal_year_ensure(year=YEAR)
    periods = {p.code: p for p in Period.objects.filter(fiscal_year=fy)}
    components: dict[str, Component] = {}
    for code, th, en, weight, applies, order, parent in COMPONENTS:
        components[code], _ = Component.objects.update_or_create(
            fiscal_year=fy,
            code=code,
            defaults={
                "name_th": th,
                "name_en": en,
                "weight": Decimal(weight),
                "applies_to": applies,
                "order": order,
                "parent": components[parent] if parent else None,
                "weight_is_demo": True,  # the seed states no component weights (docs/scoring.md)
            },
        )
    by_code = {a.code: a for a in Agency.objects.filter(is_active=True)}
    rng = random.Random(2567)
    # Each agency works at its own pace; about one in six is far behind (the seed's complaint).
    pace = {
        code: (rng.uniform(0.35, 0.6) if rng.random() < 0.17 else rng.uniform(0.8, 1.12))
        for code in sorted(by_code)
    }
    verifier = verifier or User.objects.filter(username="eval.officer").first()
    targets: list[Target] = []
    results: list[VerifiedResult] = []
    for row in _rows():
        ind, _ = Indicator.objects.update_or_create(
            fiscal_year=fy,
            code=row["code"],
            defaults={
                "component": components[row["component"]],
                "name_th": row["name_th"],
                "name_en": row["name_en"],
                "method": row["method"],
                "unit": row["unit"],
                "higher_is_better": row["higher"] == "1",
                "t1": Decimal(row["t1"]),
                "t2": Decimal(row["t2"]),
                "t3": Decimal(row["t3"]),
                "t4": Decimal(row["t4"]),
                "t5": Decimal(row["t5"]),
                "kpi_type": row["kpi_type"],
                "kpi_level": row["kpi_level"],
                "host_agency": by_code[row["host"]],
                "is_joint": row["joint"] == "1",
                "multi_year_span": int(row["span"]) if row["span"] else None,
                "multi_year_share": Decimal(row["share"]) if row["share"] else None,
            },
        )
        for pcode, share in DEMO_PLAN_CURVES.get(ind.code, {}).items():
            PlanPoint.objects.update_or_create(
                indicator=ind, period=periods[pcode], defaults={"share": share, "is_demo": True}
            )
        for agency, role in _agencies_for(row, by_code):
            assignment, _ = Assignment.objects.update_or_create(
                indicator=ind, agency=agency, defaults={"weight": Decimal(row["weight"]), "role": role}
            )
            targets.extend(
                Target(assignment=assignment, period=periods[c], value=_target(ind, c))
                for c in TARGET_PERIODS
            )
            if ind.method in {"online_services", "budget_disbursement", "complaints", "innovation"}:
                continue  # computed from the feeds, never typed
            if ind.is_joint and role != Assignment.Role.HOST:
                continue  # a joint KPI is reported once, by its host
            agency_rng = random.Random(f"{agency.code}:{ind.code}")
            for code in REPORTED_PERIODS:
                figures = _result(ind, code, pace[agency.code], agency_rng)
                results.append(
                    VerifiedResult(
                        assignment=assignment,
                        period=periods[code],
                        source="ข้อมูลสาธิต",
                        verified_by=verifier,
                        **figures,
                    )
                )
    # the demo's earlier shape (components 3.1 and 3.2 of their own) gives way to component 3
    Component.objects.filter(fiscal_year=fy, code__in=["3.1", "3.2"], indicators__isnull=True).delete()
    # Bulk upserts: the caller recomputes every period once afterwards (signals would do it per row).
    Target.objects.bulk_create(
        targets,
        update_conflicts=True,
        unique_fields=["assignment", "period"],
        update_fields=["value"],
        batch_size=2000,
    )
    VerifiedResult.objects.bulk_create(
        results,
        update_conflicts=True,
        unique_fields=["assignment", "period"],
        batch_size=2000,
        update_fields=[*VerifiedResult.FIGURES, "verified_by"],
    )
    if not EvaluationRound.objects.filter(fiscal_year=fy, is_current=True).exists():
        # the report is the half-year's: H1 is the current round and its results are published
        # (a later run keeps whatever the evaluation office has set since)
        apply_round_state(fy, "H1", EvaluationRound.State.PUBLISHED)
    return fy
