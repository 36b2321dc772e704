"""The demo organisation: the bureaus and offices of the FY2567 half-year report, the six monitoring
committees exactly as the report lists them, and one named persona per role.  Idempotent."""

from __future__ import annotations

import csv
from dataclasses import dataclass

from django.db import transaction

from pramoen.orgs.models import Agency, Committee, CommitteeMember, DistrictGroup, Role, RoleAssignment, User
from pramoen.orgs.reference import DATA_DIR


@dataclass(frozen=True)
class Persona:
    username: str
    full_name_th: str
    role: Role
    agency_code: str | None = None
    committee_number: int | None = None
    is_superuser: bool = False

    @property
    def scope(self) -> str:
        if self.agency_code:
            return self.agency_code
        return f"committee {self.committee_number}" if self.committee_number else "all"


# Named personas in different agencies, so every permission can be shown allowed and refused.
PERSONAS = (
    Persona("bangrak.staff", "สมชาย ใจดี", Role.REPORTER, agency_code="1004"),
    Persona("bangrak.head", "สุดา ผู้อำนวยการ", Role.APPROVER, agency_code="1004"),
    Persona("sathon.staff", "วิชัย รักงาน", Role.REPORTER, agency_code="1028"),
    Persona("thonburi.staff", "อรุณี ธนบุรี", Role.REPORTER, agency_code="1015"),
    Persona("publicworks.reviewer", "ประเสริฐ โยธา", Role.HOST_REVIEWER, agency_code="public-works"),
    Persona("socialdev.reviewer", "มาลี พัฒนา", Role.HOST_REVIEWER, agency_code="social-development"),
    # the head of สำนักงาน ก.ก., the host of component 2 (Innovation Base): sets the year's innovation criteria
    Persona("ocsc.head", "จันทร์เพ็ญ บุคลากร", Role.APPROVER, agency_code="civil-service-commission"),
    Persona("eval.officer", "กมล ประเมินผล", Role.EVALUATOR),
    Persona("committee1.secretary", "นันทา เลขานุการ", Role.COMMITTEE_SECRETARY, committee_number=1),
    Persona("committee1.member", "ธีระ กรรมการ", Role.COMMITTEE_MEMBER, committee_number=1),
    Persona("committee4.secretary", "พรทิพย์ เลขานุการ", Role.COMMITTEE_SECRETARY, committee_number=4),
    Persona("executive", "ผู้บริหาร กรุงเทพมหานคร", Role.EXECUTIVE),
    Persona("admin", "ผู้ดูแลระบบ", Role.ADMIN, is_superuser=True),
)

# Committee composition by position (the report names positions, not people).
_MEMBER_POSITIONS = (
    ("รองปลัดกรุงเทพมหานคร", CommitteeMember.Role.CHAIR),
    ("ผู้ช่วยปลัดกรุงเทพมหานคร", CommitteeMember.Role.VICE_CHAIR),
    ("ผู้แทนสำนักยุทธศาสตร์และประเมินผล", CommitteeMember.Role.MEMBER),
    ("ผู้แทนสำนักงบประมาณกรุงเทพมหานคร", CommitteeMember.Role.MEMBER),
    ("ผู้แทนกองประเมินผล สำนักยุทธศาสตร์และประเมินผล", CommitteeMember.Role.SECRETARY),
)


def _read_csv(name: str) -> list[dict[str, str]]:
    with (DATA_DIR / name).open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def load_agencies() -> dict[str, Agency]:
    agencies = {}
    for row in _read_csv("agencies.csv"):
        agencies[row["code"]], _ = Agency.objects.update_or_create(
            code=row["code"],
            defaults={
                "kind": row["kind"],
                "name_th": row["name_th"],
                "name_en": row["name_en"],
                "abbr_th": row["abbr_th"],
            },
        )
    return agencies


def load_committees(agencies: dict[str, Agency]) -> dict[int, Committee]:
    committees = {}
    members_of = {row["code"]: int(row["committee"]) for row in _read_csv("agencies.csv")}
    for row in _read_csv("committees.csv"):
        number = int(row["number"])
        committee, _ = Committee.objects.update_or_create(
            number=number,
            defaults={
                "theme_th": row["theme_th"],
                "theme_en": row["theme_en"],
                "district_group": DistrictGroup.objects.get(code=int(row["district_group"])),
            },
        )
        wanted = {agencies[code].pk for code, n in members_of.items() if n == number}
        current = set(committee.agencies.values_list("pk", flat=True))
        if wanted - current:
            committee.agencies.add(*(wanted - current))
        if current - wanted:
            committee.agencies.remove(*(current - wanted))
        for order, (position, role) in enumerate(_MEMBER_POSITIONS):
            CommitteeMember.objects.update_or_create(
                committee=committee, name=position, defaults={"role": role, "order": order}
            )
        committees[number] = committee
    return committees


def load_personas(password: str, committees: dict[int, Committee]) -> list[Persona]:
    for p in PERSONAS:
        user, created = User.objects.get_or_create(
            username=p.username,
            defaults={
                "full_name_th": p.full_name_th,
                "is_staff": p.is_superuser,
                "is_superuser": p.is_superuser,
            },
        )
        if created or not user.check_password(password):
            user.set_password(password)
            user.save()
        agency = Agency.objects.get(code=p.agency_code) if p.agency_code else None
        committee = committees[p.committee_number] if p.committee_number else None
        RoleAssignment.objects.get_or_create(user=user, role=p.role, agency=agency, committee=committee)
        if committee is not None:
            CommitteeMember.objects.update_or_create(
                committee=committee,
                name=p.full_name_th,
                defaults={
                    "user": user,
                    "order": 10,
                    "role": CommitteeMember.Role.SECRETARY
                    if p.role == Role.COMMITTEE_SECRETARY
                    else CommitteeMember.Role.MEMBER,
                },
            )
    return list(PERSONAS)


@transaction.atomic
def load_demo(*, password: str) -> list[Persona]:
    agencies = load_agencies()
    committees = load_committees(agencies)
    return load_personas(password, committees)
