"""Demo surveys: one per FY2567 survey indicator, with GENERATED responses (labelled as demo).

- 1.11 BMA Q (สำนักงานปกครองและทะเบียน hosts, the 50 district offices carry it out): closed for H1, so the
  districts' satisfaction is computed from its responses;
- 1.7 BMA Policy Tracking users (สำนักยุทธศาสตร์และประเมินผล): open, collecting responses by its link.
Seeded and loaded once: a survey is keyed by indicator and period, and one that already holds its demo
responses is left as it is by a second run."""

from __future__ import annotations

import random
from typing import Any

from django.db import transaction
from django.utils import timezone

from pramoen.feeds.models import ImportRun
from pramoen.feeds.runs import import_run_done, import_run_start
from pramoen.feeds.surveys.models import Question, Response, Survey
from pramoen.framework.models import Assignment, Indicator, Period
from pramoen.orgs.models import User

DEMO_FILE = "ข้อมูลสาธิต (demo) แบบสอบถามกระดาษ.xlsx"
SURVEYS: list[dict[str, Any]] = [
    {
        "code": "1.11",
        "period": "H1",
        "state": Survey.State.CLOSED,
        "title": "ความพึงพอใจของผู้รับบริการระบบบัตรคิว BMA Q ครึ่งปีงบประมาณ ๒๕๖๗",
        "intro": "สำนักงานเขตขอความร่วมมือประเมินความพึงพอใจต่อการให้บริการงานทะเบียนและบัตรประจำตัวประชาชน",
        "target_group": "ประชาชนผู้มารับบริการงานทะเบียนราษฎรและบัตรประจำตัวประชาชนผ่านระบบ BMA Q ที่สำนักงานเขต",
        "population": 600000,
        "sample_rule": Survey.SampleRule.KREJCIE_MORGAN,
        "rule": Survey.Rule.TOP_TWO_BOX,
        "per_agency": (40, 90),
        "questions": [
            ("scale", "ความสะดวกในการรับบัตรคิวผ่านระบบ BMA Q", []),
            ("scale", "ระยะเวลารอรับบริการ", []),
            ("scale", "ความสุภาพและการให้คำแนะนำของเจ้าหน้าที่", []),
            ("scale", "ความพึงพอใจต่อการให้บริการโดยรวม", []),
            ("choice", "ท่านมารับบริการเรื่องใด", ["ทำบัตรประจำตัวประชาชน", "งานทะเบียนราษฎร", "อื่น ๆ"]),
            ("text", "ข้อเสนอแนะเพิ่มเติม", []),
        ],
        "comments": [
            "ที่จอดรถไม่พอ",
            "ที่จอดรถน้อย หาที่จอดรถยาก",
            "เจ้าหน้าที่พูดจาดี สุภาพ",
            "เจ้าหน้าที่สุภาพ ให้คำแนะนำดี",
            "รอคิวนาน",
            "รอคิวนานมากช่วงเช้า",
            "ตู้กดบัตรคิวใช้ยาก",
        ],
    },
    {
        "code": "1.7",
        "period": "H1",
        "state": Survey.State.OPEN,
        "title": "ความพึงพอใจของผู้ใช้งานระบบ BMA Policy Tracking ปีงบประมาณ ๒๕๖๗",
        "intro": "สำหรับเจ้าหน้าที่ผู้รายงานผลการดำเนินงานในระบบ BMA Policy Tracking",
        "target_group": "เจ้าหน้าที่ผู้รับผิดชอบรายงานผลตัวชี้วัดของหน่วยงานในสังกัดกรุงเทพมหานคร",
        "population": 1200,
        "sample_rule": Survey.SampleRule.YAMANE,
        "rule": Survey.Rule.MEAN,
        "per_agency": (120, 160),
        "questions": [
            ("scale", "ระบบใช้งานง่าย", []),
            ("scale", "ระบบเสถียร ใช้งานได้เมื่อมีผู้ใช้งานจำนวนมาก", []),
            ("scale", "ความรวดเร็วในการบันทึกผลการดำเนินงาน", []),
            ("scale", "ความพึงพอใจต่อระบบโดยรวม", []),
            ("text", "ข้อเสนอแนะเพิ่มเติม", []),
        ],
        "comments": ["ระบบล่มช่วงใกล้ส่งรายงาน", "ระบบช้าเมื่อมีผู้ใช้งานมาก", "หน้าจอบนมือถือใช้ยาก", "ควรมีคู่มือ"],
    },
]


@transaction.atomic
def load_surveys_demo(*, year: int = 2567) -> int:
    """Returns the number of demo responses."""
    host = User.objects.filter(username="eval.officer").first()
    now = timezone.now()
    total = 0
    for spec in SURVEYS:
        indicator = Indicator.objects.filter(
            fiscal_year__year=year, code=spec["code"], method="survey"
        ).first()
        if indicator is None:
            continue
        period = Period.objects.get(fiscal_year=indicator.fiscal_year, code=spec["period"])
        existing = Survey.objects.filter(indicator=indicator, period=period).first()
        loaded = (
            ImportRun.objects.filter(feed="surveys", subject_pk=existing.pk, file_name=DEMO_FILE).first()
            if existing is not None
            else None
        )
        if loaded is not None:
            total += loaded.figure("responses")
            continue
        survey, _ = Survey.objects.update_or_create(
            indicator=indicator,
            period=period,
            defaults={
                "title": spec["title"],
                "intro": spec["intro"],
                "target_group": spec["target_group"],
                "population": spec["population"],
                "sample_rule": spec["sample_rule"],
                "rule": spec["rule"],
                "state": spec["state"],
                "shared_at": now,
                "approved_by": host,
                "approved_at": now,
                "opened_at": now,
                "closed_at": now if spec["state"] == Survey.State.CLOSED else None,
            },
        )
        if not survey.questions.exists():
            Question.objects.bulk_create(
                Question(
                    survey=survey, order=n, kind=kind, text=text, choices=choices, required=kind != "text"
                )
                for n, (kind, text, choices) in enumerate(spec["questions"], start=1)
            )
        ImportRun.objects.filter(feed="surveys", subject_pk=survey.pk, file_name=DEMO_FILE).delete()
        batch = import_run_start(
            feed="surveys", file_name=DEMO_FILE, actor=host, is_demo=True, subject_pk=survey.pk
        )
        questions = list(survey.questions.order_by("order"))
        rows = []
        agencies = (
            Assignment.objects.filter(indicator=indicator)
            .order_by("agency__code")
            .values_list("agency_id", "agency__code")
        )
        for agency_id, code in agencies:
            rng = random.Random(f"survey:{spec['code']}:{code}")
            mood = rng.uniform(0.55, 0.95)  # how satisfied this agency's respondents tend to be
            for _n in range(rng.randint(*spec["per_agency"])):
                answers: dict[str, object] = {}
                for q in questions:
                    if q.kind == Question.Kind.SCALE:
                        r = rng.random()
                        level = 5 if r < mood * 0.45 else 4 if r < mood * 0.9 else rng.choice((1, 2, 3, 3))
                        answers[str(q.pk)] = level
                    elif q.kind == Question.Kind.CHOICE:
                        answers[str(q.pk)] = rng.choice(q.choices)
                    elif rng.random() < 0.25:
                        answers[str(q.pk)] = rng.choice(spec["comments"])
                rows.append(
                    Response(
                        survey=survey,
                        agency_id=agency_id,
                        channel="paper",
                        paper_import=batch,
                        answers=answers,
                    )
                )
        for number, row in enumerate(rows, start=2):
            row.paper_row = number
        Response.objects.bulk_create(rows, batch_size=2000)
        import_run_done(batch, rows_read=len(rows), figures={"responses": len(rows)})
        total += len(rows)
    return total
