"""The digital systems indicator 3.1 measures at bureaus and offices (ระดับสำนักและสำนักงาน).

The seed (../shared/seed/000_aa5ea5ea0b9ddf24.txt) says 3.1 is measured at bureau and office level in
FY2567 on "ระบบทั้ง ๗ ระบบ", each with a responsible agency (line 52), but lists neither the seven nor the
formula.  This catalogue is pramoen's reading, each entry citing the seed's lines (docs/services.md):

- named under indicator 3.1: e-Saraban (lines 52, 173, 177), BMA SSO for e-Saraban's OTP (line 173),
  MIS๒ with accounts of retired staff still listed (line 177), BMA OSS at bureau and office level (line
  52; its agency, สำนักยุทธศาสตร์และประเมินผล, from lines 52 and 121);
- named elsewhere in the seed, under component 1's obstacles: the CA (line 171) and BMA Policy Tracking
  (line 171);
- the seventh: a demo placeholder, labelled "ค่าสาธิต" wherever it shows.

Each row: (code, Thai and English short names, Thai name, English name, responsible agency code or "",
seed mention, seed lines).
"""

from __future__ import annotations

from typing import Any

from pramoen.feeds.services.models import DigitalSystem, SeedMention
from pramoen.orgs.models import Agency

M = SeedMention
SYSTEMS: tuple[tuple[str, str, str, str, str, str, SeedMention, str], ...] = (
    (
        "E-SARABAN",
        "สารบรรณอิเล็กทรอนิกส์",
        "e-Saraban",
        "ระบบสารบรรณอิเล็กทรอนิกส์ของกรุงเทพมหานคร",
        "BMA electronic correspondence (e-Saraban)",
        "",
        M.KPI,
        "52, 173, 177",
    ),
    (
        "BMA-SSO",
        "BMA SSO",
        "BMA SSO",
        "ระบบบริหารจัดการการใช้งานระบบสารสนเทศสนับสนุนการเชื่อมโยง (BMA Single Sign-On: BMA SSO)",
        "BMA Single Sign-On (BMA SSO)",
        "",
        M.KPI,
        "173",
    ),
    (
        "MIS2",
        "MIS2",
        "MIS2",
        "ระบบสารสนเทศหลักของกรุงเทพมหานคร (MIS2)",
        "BMA core information system (MIS2)",
        "",
        M.KPI,
        "177",
    ),
    (
        "BMA-OSS",
        "BMA OSS",
        "BMA OSS",
        "ระบบศูนย์รับคำขออนุญาตของกรุงเทพมหานคร (BMA OSS)",
        "BMA One Stop Service permits (BMA OSS)",
        "strategy-evaluation",
        M.KPI,
        "52, 121",
    ),
    (
        "CA",
        "CA",
        "CA",
        "ระบบยืนยันตัวตนและตรวจสอบตัวบุคคลในระบบดิจิทัล (Certificate Authority: CA)",
        "Digital identity and verification (Certificate Authority: CA)",
        "",
        M.ELSEWHERE,
        "171",
    ),
    (
        "BMA-BP",
        "BMA BP",
        "BMA BP",
        "ระบบการบริหารจัดการแผนพัฒนากรุงเทพมหานคร (BMA Policy Tracking: BP)",
        "Bangkok development plan management (BMA Policy Tracking: BP)",
        "",
        M.ELSEWHERE,
        "171",
    ),
    ("DEMO-7", "ระบบที่ 7 (สาธิต)", "System 7 (demo)", "ระบบที่ 7 (ค่าสาธิต)", "System 7 (demo)", "", M.DEMO, ""),
)


def ensure_systems(system_model: Any = DigitalSystem, agency_model: Any = Agency) -> int:
    """Write the catalogue (idempotent); the responsible agency is linked once the agency exists.  The
    migration that creates the table passes its historical models."""
    codes = [row[5] for row in SYSTEMS if row[5]]
    agencies = dict(agency_model.objects.filter(code__in=codes).values_list("code", "pk"))
    for order, row in enumerate(SYSTEMS, start=1):
        code, short_th, short_en, name_th, name_en, responsible, seed, lines = row
        system_model.objects.update_or_create(
            code=code,
            defaults={
                "short_th": short_th,
                "short_en": short_en,
                "name_th": name_th,
                "name_en": name_en,
                "responsible_id": agencies.get(responsible),
                "seed": str(seed),
                "seed_lines": lines,
                "order": order,
            },
        )
    return len(SYSTEMS)
