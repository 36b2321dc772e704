"""Demo innovations: the ones the FY2567 report names — the school-attendance checker that many district
offices have built for more than five years (observation (11)) and the public Bike Sharing scheme the
committee said is not an innovation (committee 4, (4)) — plus a few from the report's obstacles, and the
host's assessments that give component 2 its FY2567 scores.  Loaded once: when the year's demo innovations
are there, a second run leaves the Innovation Base (and the groups users may have edited) as it is."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from pramoen.innovations.models import Innovation, InnovationAssessment, InnovationCriteria
from pramoen.innovations.text import search_tokens
from pramoen.orgs.models import Agency, User

SCHOOL_PROBLEM = "ผู้ปกครองและครูไม่ทราบทันทีว่านักเรียนในโรงเรียนสังกัดกรุงเทพมหานครมาเรียนหรือยัง นักเรียนขาดเรียนโดยไม่มีใครรู้"
# (district code, fiscal year, title, what was done): the same idea, each district in its own words
SCHOOL = [
    (
        "1001",
        2562,
        "ระบบตรวจสอบการมาเรียนของนักเรียน",
        "สแกนบัตรนักเรียนที่ประตูโรงเรียน แจ้งผู้ปกครองทาง LINE เมื่อนักเรียนมาถึงโรงเรียน",
    ),
    (
        "1004",
        2563,
        "นักเรียนมาโรงเรียนหรือยัง (แจ้งเตือนผู้ปกครอง)",
        "ครูเช็กชื่อนักเรียนในแอปพลิเคชัน ระบบแจ้งผู้ปกครองเมื่อนักเรียนไม่มาโรงเรียน",
    ),
    (
        "1028",
        2563,
        "เช็กชื่อนักเรียนออนไลน์",
        "บันทึกการมาเรียนของนักเรียนด้วยคิวอาร์โค้ด สรุปนักเรียนขาดเรียนรายวันให้ฝ่ายการศึกษา",
    ),
    (
        "1015",
        2564,
        "ระบบติดตามการมาเรียนของนักเรียนโรงเรียนในเขต",
        "ตรวจสอบการมาเรียนของนักเรียนทุกเช้า แจ้งเตือนผู้ปกครองและครูประจำชั้นเมื่อขาดเรียน",
    ),
    ("1005", 2564, "สแกนหน้านักเรียนเข้าโรงเรียน", "กล้องจดจำใบหน้านักเรียนที่ประตูโรงเรียน บันทึกเวลามาเรียนและแจ้งผู้ปกครอง"),
    (
        "1007",
        2565,
        "บัตรนักเรียนอัจฉริยะ แจ้งการมาเรียน",
        "นักเรียนแตะบัตรเมื่อมาถึงโรงเรียน ผู้ปกครองได้รับข้อความว่านักเรียนมาเรียนแล้ว",
    ),
    (
        "1012",
        2565,
        "ระบบเฝ้าระวังนักเรียนขาดเรียน",
        "รวบรวมข้อมูลการมาเรียนของนักเรียนทุกโรงเรียนในเขต ติดตามนักเรียนที่ขาดเรียนบ่อย",
    ),
    (
        "1016",
        2566,
        "ตรวจสอบการมาเรียนของนักเรียนผ่าน LINE",
        "ครูบันทึกการมาเรียนของนักเรียน ระบบส่งข้อความแจ้งผู้ปกครองผ่าน LINE",
    ),
    ("1020", 2566, "นักเรียนถึงโรงเรียนปลอดภัย", "แจ้งผู้ปกครองเมื่อนักเรียนมาถึงโรงเรียนและเมื่อนักเรียนขาดเรียน"),
    (
        "1022",
        2567,
        "ระบบแจ้งเตือนการมาเรียนของนักเรียน",
        "สแกนคิวอาร์โค้ดบัตรนักเรียนเมื่อมาเรียน แจ้งเตือนผู้ปกครองและครูเมื่อนักเรียนขาดเรียน",
    ),
    (
        "1031",
        2567,
        "เช็กการมาเรียนของนักเรียนอัตโนมัติ",
        "บันทึกการมาเรียนของนักเรียนอัตโนมัติ แจ้งผู้ปกครองทันทีเมื่อนักเรียนไม่มาโรงเรียน",
    ),
    (
        "1045",
        2567,
        "ติดตามนักเรียนมาเรียนรายวัน",
        "ครูประจำชั้นเช็กชื่อนักเรียนในแอปพลิเคชัน ผู้ปกครองเห็นการมาเรียนของนักเรียนทุกวัน",
    ),
]
OTHERS = [
    # (agency, year, title, problem, what was done, results, status, category, kind)
    (
        "traffic-transport",
        2567,
        "โครงการจักรยานสาธารณะกรุงเทพมหานคร",
        "ประชาชนต้องการการเดินทางระยะสั้นเชื่อมต่อระบบขนส่งสาธารณะ",
        "ให้บริการจักรยานสาธารณะตามสถานีในพื้นที่ชั้นใน",
        "มีผู้ใช้บริการต่อเนื่อง (คณะกรรมการฯ เห็นว่าเป็นงานที่ดำเนินการอยู่แล้ว ไม่ใช่การพัฒนาแนวคิดใหม่)",
        Innovation.Status.IN_USE,
        Innovation.Category.SAFETY,
        Innovation.Kind.NEW,
    ),
    (
        "strategy-evaluation",
        2567,
        "คู่มือการใช้งาน BMA OSS แบบหนังสืออิเล็กทรอนิกส์และวิดีโอ",
        "ระบบ BMA OSS ซับซ้อน เจ้าหน้าที่และประชาชนใช้งานไม่เป็น ประชาชนไม่ยื่นคำขออนุญาตออนไลน์",
        "จัดทำคู่มือการใช้งานระบบ BMA OSS เป็นหนังสืออิเล็กทรอนิกส์และสื่อวิดีโอทีละขั้นตอน",
        "สำนักงานเขตนำไปใช้แนะนำประชาชนที่ยื่นคำขออนุญาต",
        Innovation.Status.IN_USE,
        Innovation.Category.TECHNOLOGY,
        Innovation.Kind.NEW,
    ),
    (
        "environment",
        2566,
        "ระบบบันทึกเส้นทางรถเก็บขนมูลฝอยด้วยสมาร์ตโฟน",
        "เจ้าหน้าที่ไม่ถนัดใช้คอมพิวเตอร์ นำเข้าข้อมูลเส้นทางรถเก็บขนมูลฝอยไม่ถูกต้องและล่าช้า",
        "พนักงานขับรถบันทึกจุดเก็บขนมูลฝอยด้วยสมาร์ตโฟนระหว่างเก็บขน ระบบสร้างเส้นทางให้อัตโนมัติ",
        "ข้อมูลเส้นทางครบและตรงเวลา",
        Innovation.Status.DEVELOPABLE,
        Innovation.Category.ENVIRONMENT,
        Innovation.Kind.NEW,
    ),
    (
        "social-development",
        2565,
        "อาสาสมัครนำเข้าข้อมูลแผนผังชุมชน (One Map) ด้วยแบบฟอร์มออฟไลน์",
        "บุคลากรไม่เพียงพอต่อการนำเข้าข้อมูลแผนผังชุมชน One Map และประชาชนกังวลเรื่องข้อมูลส่วนบุคคล",
        "แบบฟอร์มบนแท็บเล็ตที่ใช้ได้แม้ไม่มีสัญญาณ อาสาสมัครเก็บข้อมูลแล้วส่งเข้าระบบภายหลัง",
        "ใช้ในบางเขต ต่อมาระบบ One Map เปลี่ยนไป",
        Innovation.Status.RETIRED,
        Innovation.Category.PROCESS,
        Innovation.Kind.NEW,
    ),
]
# FY2567 scores the host (สำนักงาน ก.ก.) gave: title → marks (novelty, usefulness, results, spread)
ASSESSED = {
    "ระบบแจ้งเตือนการมาเรียนของนักเรียน": (3, 5, 4, 5),
    "เช็กการมาเรียนของนักเรียนอัตโนมัติ": (2, 4, 4, 4),
    "ติดตามนักเรียนมาเรียนรายวัน": (2, 4, 3, 4),
    "โครงการจักรยานสาธารณะกรุงเทพมหานคร": (1, 3, 3, 2),
    "คู่มือการใช้งาน BMA OSS แบบหนังสืออิเล็กทรอนิกส์และวิดีโอ": (4, 5, 4, 5),
}
# the 2562 original adopted by บางรัก's neighbour สาทร in FY2567 (spread)
ADOPTION = ("1028", "ระบบตรวจสอบการมาเรียนของนักเรียน")


@transaction.atomic
def load_innovations_demo(*, year: int = 2567) -> int:
    InnovationCriteria.objects.get_or_create(fiscal_year=year)
    demo_titles = [title for _code, _fy, title, _solution in SCHOOL] + [row[2] for row in OTHERS]
    loaded = Innovation.objects.filter(title__in=demo_titles)
    if InnovationAssessment.objects.filter(innovation__in=loaded).exists():
        return (
            loaded.count()
            + Innovation.objects.filter(kind=Innovation.Kind.ADOPTED, adopted_from__in=loaded).count()
        )
    agencies = {a.code: a for a in Agency.objects.all()}
    # the host's head of สำนักงาน ก.ก. assesses (the evaluation office where the personas are not loaded)
    host = (
        User.objects.filter(username="ocsc.head").first()
        or User.objects.filter(username="eval.officer").first()
    )
    made: dict[str, Innovation] = {}

    def put(agency: Agency, fy: int, title: str, values: dict[str, object]) -> Innovation:
        innovation, _ = Innovation.objects.update_or_create(
            agency=agency, title=title, defaults={"fiscal_year": fy, **values}
        )
        innovation.search_tokens = search_tokens(
            innovation.title, innovation.problem, innovation.solution, innovation.results
        )
        innovation.save(update_fields=["search_tokens"])
        made[title] = innovation
        return innovation

    submitted = timezone.make_aware(dt.datetime(2024, 3, 1, 10, 0))
    for code, fy, title, solution in SCHOOL:
        if code not in agencies:
            continue
        put(
            agencies[code],
            fy,
            title,
            {
                "problem": SCHOOL_PROBLEM,
                "solution": solution,
                "results": "ผู้ปกครองรู้ทันทีเมื่อนักเรียนไม่มาเรียน ครูติดตามนักเรียนขาดเรียนได้เร็วขึ้น",
                "category": Innovation.Category.EDUCATION,
                "status": Innovation.Status.IN_USE if fy >= 2564 else Innovation.Status.DEVELOPABLE,
                "kind": Innovation.Kind.NEW,
                "adoptable_by": Innovation.AdoptableBy.DISTRICT_OFFICES,
                "state": Innovation.State.SUBMITTED,
                "submitted_at": submitted,
            },
        )
    for code, fy, title, problem, solution, results, status, category, kind in OTHERS:
        put(
            agencies[code],
            fy,
            title,
            {
                "problem": problem,
                "solution": solution,
                "results": results,
                "status": status,
                "category": category,
                "kind": kind,
                "state": Innovation.State.SUBMITTED,
                "submitted_at": submitted,
            },
        )
    origin = made[ADOPTION[1]]
    put(
        agencies[ADOPTION[0]],
        year,
        made_title(origin, agencies[ADOPTION[0]]),
        {
            "problem": SCHOOL_PROBLEM,
            "solution": "นำระบบของ" + origin.agency.short_name + "มาใช้กับโรงเรียนในเขตสาทร",
            "results": "โรงเรียนในเขต ๕ แห่งใช้ระบบ ผู้ปกครองได้รับแจ้งการมาเรียนของนักเรียนทุกวัน",
            "category": Innovation.Category.EDUCATION,
            "kind": Innovation.Kind.ADOPTED,
            "adopted_from": origin,
            "state": Innovation.State.SUBMITTED,
            "submitted_at": submitted,
        },
    )
    assessed = {**ASSESSED, made_title(origin, agencies[ADOPTION[0]]): (2, 4, 4, 3)}
    criteria = InnovationCriteria.objects.get(fiscal_year=year)
    weights = {str(r["key"]): Decimal(str(r["weight"])) for r in criteria.rubric}
    at = timezone.make_aware(dt.datetime(2024, 3, 20, 14, 0))
    for title, marks in assessed.items():
        innovation = made[title]
        keyed = dict(zip(weights, marks, strict=True))
        level = sum((weights[k] * v for k, v in keyed.items()), Decimal(0)) / sum(weights.values())
        InnovationAssessment.objects.update_or_create(
            innovation=innovation,
            defaults={
                "marks": keyed,
                "level": level.quantize(Decimal("0.0001")),
                "assessed_by": host,
                "assessed_at": at,
                "scored_by": host,
                "scored_at": at,
                "comment": "",
            },
        )
        innovation.state = Innovation.State.SCORED
        innovation.save(update_fields=["state"])
    # origin: adopted in FY2567, so the spread counts for its district; it is scored (FY2562)
    InnovationAssessment.objects.update_or_create(
        innovation=origin,
        defaults={
            "marks": {"novelty": 4, "usefulness": 5, "results": 4, "spread": 5},
            "level": Decimal("4.4500"),
            "assessed_by": host,
            "assessed_at": at,
            "scored_by": host,
            "scored_at": at,
        },
    )
    origin.state = Innovation.State.SCORED
    origin.save(update_fields=["state"])
    if host is not None:
        from pramoen.innovations.grouping import regroup

        regroup(actor=host)
    return len(made)


def made_title(origin: Innovation, agency: Agency) -> str:
    return f"{origin.title} (นำมาใช้จาก{origin.agency.short_name})"
