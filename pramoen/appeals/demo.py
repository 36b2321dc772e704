"""FY2567 appeal rules as the seed asks for them (which results may be appealed, which budget lines may
be left out of the disbursement figure, which documents to attach), and two demo cases.

The seed gives no filing dates; the demo's windows open on the first day of the year and close 90 days
after the demo is loaded, so that filing can be tried — except target adjustments, which closed at the
half-year (31 Mar 2567), to show a late filing being refused.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from pramoen.appeals import services
from pramoen.appeals.models import AppealCase, AppealCategory, Decider, Effect
from pramoen.framework.models import Assignment, Component, FiscalYear
from pramoen.orgs.models import User

_DOCS = {
    "letter": ("หนังสือขออุทธรณ์ลงนามโดยหัวหน้าหน่วยงาน", "Appeal letter signed by the head of the agency"),
    "procurement": (
        "เอกสารขั้นตอนจัดซื้อจัดจ้าง (ประกาศ/ผลการพิจารณา/หนังสืออุทธรณ์ต่อกรมบัญชีกลาง)",
        "Procurement records",
    ),
    "budget_letter": ("หนังสือแจ้งการโอน/กันเงิน หรือหนังสือสำนักงบประมาณ", "Budget office letter on the line"),
    "ticket_list": ("บัญชีเรื่องร้องเรียนพร้อมเหตุผลรายเรื่อง", "List of the tickets with a reason for each"),
    "authority": (
        "หลักฐานว่าเรื่องอยู่นอกอำนาจหน้าที่ (กฎหมาย/หนังสือส่งต่อ)",
        "Evidence the matter is outside the district's authority",
    ),
    "photos": ("ภาพถ่ายหรือหลักฐานการตรวจสอบพื้นที่", "Photos or site-inspection records"),
    "force_majeure": ("หลักฐานเหตุสุดวิสัย (ประกาศภัย/หนังสือราชการ)", "Evidence of the force majeure event"),
    "source_data": ("ข้อมูลต้นทางที่ถูกต้องพร้อมผู้รับรอง", "Correct source data, certified"),
    "target_basis": ("เหตุผลและข้อมูลประกอบการปรับค่าเป้าหมาย", "Basis for the new target"),
}

# code, effect, Thai name, English name, eligibility (Thai), documents, component code, closes at half-year
CATEGORIES: list[tuple[str, str, str, str, str, list[str], str | None, bool]] = [
    (
        "budget-line",
        Effect.BUDGET_LINES,
        "ขอไม่นำรายการงบประมาณมาคำนวณการเบิกจ่าย (ตัวชี้วัดที่ 3.2)",
        "Leave budget lines out of the disbursement figure (3.2)",
        "รายการที่หน่วยงานไม่สามารถเบิกจ่ายได้ด้วยเหตุนอกเหนือการควบคุม เช่น ประกวดราคาแล้วไม่มีผู้ยื่นหรือไม่มีผู้ผ่านคุณลักษณะ "
        "ต้องยกเลิกและประกวดราคาใหม่ มีการอุทธรณ์ผลการพิจารณาที่ต้องรอผลจากกรมบัญชีกลาง หรือเพดานราคาเปลี่ยน "
        "(เช่น ไฟฟ้า โซลาร์เซลล์) — ระบุรายการงบประมาณที่ขอยกเว้นทีละรายการ",
        ["letter", "procurement", "budget_letter"],
        "3",
        False,
    ),
    (
        "tickets-out-of-authority",
        Effect.TICKETS,
        "ขอไม่นับเรื่องร้องเรียนที่อยู่นอกอำนาจหน้าที่ของสำนักงานเขต",
        "Leave out complaint tickets outside the district's authority",
        "เรื่องร้องเรียนที่เป็นอำนาจหน้าที่ของหน่วยงานอื่น (เช่น การไฟฟ้า การประปา ตำรวจ หน่วยงานรัฐนอกสังกัด) "
        "ที่ระบบส่งมายังสำนักงานเขตและส่งต่อไม่ได้",
        ["letter", "ticket_list", "authority"],
        "4",
        False,
    ),
    (
        "tickets-prank",
        Effect.TICKETS,
        "ขอไม่นับเรื่องร้องเรียนก่อกวนหรือเป็นเท็จ",
        "Leave out prank or false complaint tickets",
        "เรื่องที่ตรวจสอบพื้นที่แล้วไม่พบเหตุตามที่แจ้ง แจ้งซ้ำเพื่อก่อกวน หรือข้อความไม่เกี่ยวกับปัญหาในพื้นที่",
        ["letter", "ticket_list", "photos"],
        "4",
        False,
    ),
    (
        "tickets-duplicate",
        Effect.TICKETS,
        "ขอไม่นับเรื่องร้องเรียนซ้ำที่กฎของระบบตรวจไม่พบ",
        "Leave out duplicate tickets the rules missed",
        "เรื่องเดียวกันที่แจ้งซ้ำนอกระยะ ๗ วันหรือ ๓๐ เมตรตามกฎของระบบ — ระบุเรื่องต้นฉบับในบัญชีเรื่อง",
        ["letter", "ticket_list"],
        "4",
        False,
    ),
    (
        "tickets-pending-steps",
        Effect.TICKETS,
        "ขอไม่นับเรื่องที่รองบประมาณ จัดซื้อจัดจ้าง หรือขั้นตอนทางกฎหมาย",
        "Leave out tickets awaiting budget, procurement or legal steps",
        "เรื่องที่ดำเนินการถึงขั้นของบประมาณ จัดซื้อจัดจ้าง หรือขั้นตอนทางกฎหมายแล้ว และรอผลจากหน่วยงานอื่น",
        ["letter", "ticket_list", "procurement"],
        "4",
        False,
    ),
    (
        "force-majeure",
        Effect.EXCLUDE_INDICATOR,
        "ขอไม่นำตัวชี้วัดมาประเมินเนื่องจากเหตุสุดวิสัย",
        "Leave an indicator out for force majeure",
        "เหตุสุดวิสัยที่ทำให้ดำเนินการตามตัวชี้วัดไม่ได้ทั้งปี เช่น อุทกภัย อัคคีภัย หรือนโยบายเปลี่ยน "
        "— น้ำหนักของตัวชี้วัดจะไม่นำมาคิดในคะแนนรวม",
        ["letter", "force_majeure"],
        None,
        False,
    ),
    (
        "correct-value",
        Effect.CORRECT_VALUE,
        "ขอแก้ไขผลการดำเนินงานที่รายงานผิดพลาด",
        "Correct a reported value",
        "ผลที่บันทึกหรือรายงานผิดพลาดโดยมีข้อมูลต้นทางยืนยัน",
        ["letter", "source_data"],
        None,
        False,
    ),
    (
        "adjust-target",
        Effect.ADJUST_TARGET,
        "ขอปรับค่าเป้าหมาย",
        "Adjust a target",
        "ค่าเป้าหมายที่ไม่สอดคล้องกับงบประมาณหรือภารกิจที่ได้รับจริง — ยื่นได้ถึงสิ้นรอบครึ่งปีเท่านั้น",
        ["letter", "target_basis"],
        None,
        True,
    ),
]

# A tiny valid PDF: the demo's attached "documents"
_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def load_appeals_demo(*, year: int = 2567, today: dt.date | None = None) -> int:
    """Create (or refresh) the year's published categories; returns how many there are."""
    fy = FiscalYear.objects.get(year=year)
    today = today or timezone.localdate()
    components = {c.code: c for c in Component.objects.filter(fiscal_year=fy)}
    half = fy.periods.get(code="H1").end
    with transaction.atomic():
        for order, (code, effect, th, en, eligibility, docs, comp, at_half) in enumerate(CATEGORIES):
            values = {
                "effect": effect,
                "name_th": th,
                "name_en": en,
                "eligibility_th": eligibility,
                "required_documents": [
                    {"code": d, "name_th": _DOCS[d][0], "name_en": _DOCS[d][1]} for d in docs
                ],
                "component": components.get(comp) if comp else None,
                "opens_on": fy.start,
                "closes_on": half if at_half else max(fy.end, today) + dt.timedelta(days=90),
                "decider": Decider.EVALUATION_OFFICE,
                "order": order,
            }
            row = AppealCategory.objects.filter(fiscal_year=fy, code=code).first()
            if row is None:
                AppealCategory.objects.create(
                    fiscal_year=fy, code=code, published_at=timezone.now(), **values
                )
            elif any(getattr(row, k) != v for k, v in values.items()):  # a second run writes nothing
                for k, v in values.items():
                    setattr(row, k, v)
                row.save()
    return AppealCategory.objects.filter(fiscal_year=fy).count()


def load_demo_cases(*, year: int = 2567) -> list[AppealCase]:
    """บางรัก files a budget-line appeal (left submitted, for the evaluation officer to decide);
    สาทร's staff have drafted a force-majeure appeal for their head to submit.  Skipped once cases exist."""
    if AppealCase.objects.filter(category__fiscal_year__year=year).exists():
        return []
    users = {
        u.username: u
        for u in User.objects.filter(username__in=["bangrak.head", "sathon.staff", "eval.officer"])
    }
    cats = {c.code: c for c in AppealCategory.objects.filter(fiscal_year__year=year)}
    made: list[AppealCase] = []
    budget = Assignment.objects.filter(
        indicator__fiscal_year__year=year, agency__code="1004", indicator__method="budget_disbursement"
    ).first()
    from pramoen.feeds.budget.models import BudgetLine

    line = BudgetLine.objects.filter(agency__code="1004", fiscal_year=year, budget_type="investment").first()
    if budget and line and "bangrak.head" in users:
        head = users["bangrak.head"]
        case = services.appeal_create(
            actor=head,
            category=cats["budget-line"],
            assignment=budget,
            reason="ประกวดราคาอิเล็กทรอนิกส์ (e-bidding) สองครั้งแล้วไม่มีผู้ยื่นเสนอราคา "
            "ต้องปรับคุณลักษณะเฉพาะและประกวดราคาใหม่",
        )
        services.appeal_items_add(actor=head, case=case, refs=[line.code])
        for doc in case.category.required_documents:
            services.appeal_evidence_add(
                actor=head, case=case, document_code=doc["code"], name=f"{doc['code']}.pdf", data=_PDF
            )
        services.appeal_submit(actor=head, case=case)
        made.append(case)
    sidewalk = (
        Assignment.objects.filter(
            indicator__fiscal_year__year=year, agency__code="1028", indicator__method__in=["ratio", "value"]
        )
        .order_by("indicator__code")
        .first()
    )
    if sidewalk and {"sathon.staff", "eval.officer"} <= set(users):
        staff = users["sathon.staff"]
        case = services.appeal_create(
            actor=staff,
            category=cats["force-majeure"],
            assignment=sidewalk,
            reason="พื้นที่ดำเนินการอยู่ในแนวก่อสร้างรถไฟฟ้า ได้รับหนังสือให้ระงับงานตลอดปีงบประมาณ",
        )
        for doc in case.category.required_documents:
            services.appeal_evidence_add(
                actor=staff, case=case, document_code=doc["code"], name=f"{doc['code']}.pdf", data=_PDF
            )
        made.append(case)
    return made
