"""GENERATED demo budget for KPI 3.2: FY2567 lines for every agency with H1 (Oct 2566 – Mar 2567)
transfers, commitments, disbursements and procurement events.  No per-agency disbursement data are
public, so these are made up — seeded, so every run gives the same figures — ranging from far behind the
plan to on plan, with the obstacles the seed reports (e-bidding with no bidder or a single bidder,
cancelled and re-announced tenders, appeals to the Comptroller General).  Written through the real
importer, so the demo also exercises it.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import random
from decimal import Decimal

from pramoen.feeds.budget.importer import COLUMNS
from pramoen.feeds.budget.services import budget_import
from pramoen.feeds.models import ImportRun
from pramoen.framework.demo import DEMO_PLAN_CURVES
from pramoen.orgs.models import Agency

SEED = 2567
FISCAL_YEAR = 2567
DEMO_FILENAME = "ข้อมูลสาธิตที่สร้างขึ้น: การเบิกจ่ายงบประมาณ ปีงบประมาณ 2567 ครึ่งปีแรก.csv"
MONTH_ENDS = [dt.date(2023, 10, 31), dt.date(2023, 11, 30), dt.date(2023, 12, 28),
              dt.date(2024, 1, 31), dt.date(2024, 2, 29), dt.date(2024, 3, 28)]  # fmt: skip
# KPI 3.2's demo plan at 31 March (its indicator's plan points, framework.demo): paces are relative to it
PLANNED_H1 = float(DEMO_PLAN_CURVES["3.2"]["Q2"]) / 100

INVESTMENTS = (
    "ปรับปรุงทางเท้าและท่อระบายน้ำ ซอย {n}",
    "ก่อสร้างเขื่อนริมคลอง ช่วงที่ {n}",
    "ปรับปรุงอาคารสำนักงาน ชั้น {n}",
    "จัดซื้อรถบรรทุกขยะ จำนวน {n} คัน",
    "จัดซื้อเครื่องคอมพิวเตอร์และอุปกรณ์ จำนวน {n} ชุด",
    "ติดตั้งระบบผลิตไฟฟ้าพลังงานแสงอาทิตย์ (โซลาร์เซลล์) {n} จุด",
    "ติดตั้งโคมไฟฟ้าส่องสว่างแบบประหยัดพลังงาน {n} จุด",
)


def _row(record: str, agency: str, line: str, **values: object) -> list[str]:
    data = {"record": record, "agency": agency, "fiscal_year": str(FISCAL_YEAR), "line": line, **values}
    return [str(data.get(c, "")) for c in COLUMNS]


def _money(value: float) -> str:
    return f"{Decimal(value).quantize(Decimal('0.01'))}"


class _Agency:
    """Writes one agency's rows; its own random generator keeps its figures independent of the others."""

    def __init__(self, agency: Agency, rows: list[list[str]]) -> None:
        self.code = agency.code
        self.rng = random.Random(f"{SEED}-{agency.code}")
        self.total = {
            Agency.Kind.DISTRICT_OFFICE: self.rng.uniform(180e6, 450e6),
            Agency.Kind.BUREAU: self.rng.uniform(600e6, 4e9),
        }.get(Agency.Kind(agency.kind), self.rng.uniform(60e6, 300e6))
        self.rows = rows
        self.doc = iter(range(1, 10_000))

    def line(
        self, key: str, name: str, budget_type: str, share: float, source: str = "annual", welfare: str = ""
    ) -> float:
        amount = round(self.total * share, -3)
        self.rows.append(_row("line", self.code, key, name=name, budget_type=budget_type, source=source,
                              welfare=welfare, approved=_money(amount)))  # fmt: skip
        return amount

    def pay(self, key: str, day: dt.date, amount: float, kind: str = "disbursement") -> None:
        if amount >= 1:
            ref = f"{kind[:2].upper()}-{next(self.doc):05d}"
            self.rows.append(_row(kind, self.code, key, date=day.isoformat(), amount=_money(amount), ref=ref))

    def spread(self, key: str, amount: float, commit: bool) -> None:
        weights = [self.rng.uniform(0.6, 1.4) * (1 + m * 0.1) for m in range(6)]
        for day, w in zip(MONTH_ENDS, weights, strict=True):
            part = amount * w / sum(weights)
            if commit:
                self.pay(key, day - dt.timedelta(days=10), part * self.rng.uniform(1.0, 1.2), "commitment")
            self.pay(key, day, part)

    def event(self, key: str, day: dt.date, ref: str, event: str, note: str = "") -> None:
        self.rows.append(
            _row("procurement", self.code, key, date=day.isoformat(), ref=ref, event=event, note=note)
        )


def generate_rows(agencies: list[Agency]) -> list[list[str]]:
    rows: list[list[str]] = []
    for agency in agencies:
        a = _Agency(agency, rows)
        code, rng, line, pay, spread = a.code, a.rng, a.line, a.pay, a.spread
        pace = rng.uniform(0.25, 1.05)  # of the plan: from far behind to on plan
        personnel = line("PER-01", "เงินเดือนและค่าจ้างประจำ", "personnel", rng.uniform(0.40, 0.50))
        for day in MONTH_ENDS:
            pay("PER-01", day, personnel / 12)
        operating = line("OPR-01", "ค่าตอบแทน ใช้สอยและวัสดุ", "operating", rng.uniform(0.12, 0.18))
        if rng.random() < 0.4:  # a transfer out to another agency's urgent work
            moved = round(operating * rng.uniform(0.02, 0.06), -3)
            pay("OPR-01", dt.date(2024, 1, 15), moved, "transfer_out")
            operating -= moved
        spread("OPR-01", operating * PLANNED_H1 * pace * rng.uniform(0.85, 1.15), commit=True)
        utilities = line("OPR-02", "ค่าสาธารณูปโภค", "operating", rng.uniform(0.03, 0.05))
        spread("OPR-02", utilities * 0.5 * min(1.0, pace + 0.3), commit=False)
        subsidy = line("SUB-01", "เงินอุดหนุนกิจกรรมชุมชนและโรงเรียน", "subsidy", rng.uniform(0.02, 0.05))
        spread("SUB-01", subsidy * PLANNED_H1 * pace * rng.uniform(0.5, 1.2), commit=False)
        other = line("OTH-01", "โครงการจัดกิจกรรมและสัมมนา", "other", rng.uniform(0.02, 0.04))
        spread("OTH-01", other * PLANNED_H1 * pace * rng.uniform(0.2, 1.0), commit=False)
        welfare = line(
            "CEN-01", "งบกลาง ค่าสวัสดิการรักษาพยาบาล", "central_fund", rng.uniform(0.02, 0.03), welfare="yes"
        )
        spread("CEN-01", welfare * 0.5, commit=False)
        if agency.kind == Agency.Kind.DISTRICT_OFFICE:
            allowance = line("GOV-01", "เงินอุดหนุนรัฐบาล เบี้ยยังชีพผู้สูงอายุและคนพิการ", "subsidy",
                             rng.uniform(0.05, 0.08), source="government_subsidy")  # fmt: skip
            spread("GOV-01", allowance * 0.5, commit=False)
        if rng.random() < 0.5:
            carried = line(
                "CO-01", "เงินกันไว้เบิกเหลื่อมปี 2566", "investment", rng.uniform(0.01, 0.03), source="carried_over"
            )
            pay("CO-01", dt.date(2023, 12, 20), carried * rng.uniform(0.3, 1.0))
        if rng.random() < 0.2:
            line(
                "SUP-01", "งบประมาณรายจ่ายเพิ่มเติม", "operating", rng.uniform(0.01, 0.02), source="supplementary"
            )
        for k in range(rng.randint(2, 4)):
            key = f"INV-{k + 1:02d}"
            name = rng.choice(INVESTMENTS).format(n=rng.randint(2, 40))
            amount = line(key, name, "investment", rng.uniform(0.03, 0.08))
            ref = f"EB-{code[:8]}-{k + 1}"
            announced = dt.date(2023, 11, rng.randint(1, 28))
            a.event(key, announced, ref, "announced", "e-GP")
            if rng.random() < 0.75 - 0.45 * pace:  # slow agencies are the ones stuck in procurement
                a.event(
                    key, announced + dt.timedelta(days=30), ref, rng.choice(["no_bidder", "single_bidder"])
                )
                a.event(key, announced + dt.timedelta(days=37), ref, "cancelled")
                a.event(key, announced + dt.timedelta(days=60), ref + "/2", "reannounced")
                if rng.random() < 0.3:
                    a.event(
                        key,
                        announced + dt.timedelta(days=95),
                        ref + "/2",
                        "appeal",
                        "ผู้เสนอราคาอุทธรณ์ผลการพิจารณา",
                    )
                continue
            signed = announced + dt.timedelta(days=rng.randint(35, 70))
            a.event(key, signed, ref, "contract")
            pay(key, signed, amount * rng.uniform(0.85, 0.98), "commitment")
            paid = 0.0
            for m, day in enumerate(MONTH_ENDS):
                if day > signed + dt.timedelta(days=45) and rng.random() < 0.6:
                    part = min(
                        amount * 0.9 - paid,
                        amount * rng.uniform(0.15, 0.35) * min(1.2, pace + 0.2) * (1 + m / 10),
                    )
                    pay(key, day, part)
                    paid += max(part, 0)
    return rows


def load_budget_demo() -> ImportRun:
    """Idempotent: the same seed gives the same rows, written over the previous run by natural key."""
    agencies = list(Agency.objects.filter(is_active=True).order_by("kind", "code"))
    rows = generate_rows(agencies)
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(COLUMNS)
    writer.writerows(rows)
    payload = text.getvalue().encode()
    loaded = ImportRun.objects.filter(
        feed="budget", is_demo=True, sha256=hashlib.sha256(payload).hexdigest()
    ).first()
    if loaded is not None:
        return loaded  # these very rows are loaded already: a second run writes (and logs) nothing
    return budget_import(actor=None, upload=payload, filename=DEMO_FILENAME, is_demo=True)
