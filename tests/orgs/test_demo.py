"""The demo loads the committees exactly as the FY2567 half-year report lists them."""

import pytest
from django.core.management import call_command

from pramoen.core.models import AuditEntry
from pramoen.orgs.models import Committee, RoleAssignment, User

pytestmark = pytest.mark.django_db

SEED_COMMITTEES = {
    1: ("ด้านการคลังและงบประมาณ", {"สำนักการคลัง", "สำนักงบประมาณกรุงเทพมหานคร"}, "กรุงเทพใต้"),
    2: (
        "ด้านบริหารจัดการ",
        {
            "สำนักงานคณะกรรมการข้าราชการกรุงเทพมหานคร",
            "สำนักงานเลขานุการผู้ว่าราชการกรุงเทพมหานคร",
            "สำนักงานเลขานุการสภากรุงเทพมหานคร",
            "สำนักยุทธศาสตร์และประเมินผล",
        },
        "กรุงธนใต้",
    ),
    3: (
        "ด้านสาธารณูปโภคพื้นฐาน",
        {"สำนักการโยธา", "สำนักการจราจรและขนส่ง", "สำนักการระบายน้ำ", "สำนักการวางผังและพัฒนาเมือง"},
        "กรุงเทพตะวันออก",
    ),
    4: (
        "ด้านทรัพยากรมนุษย์และสังคม",
        {
            "สำนักเทศกิจ",
            "สำนักป้องกันและบรรเทาสาธารณภัย",
            "สำนักการศึกษา",
            "สำนักพัฒนาสังคม",
            "สำนักวัฒนธรรม กีฬา และการท่องเที่ยว",
        },
        "กรุงธนเหนือ",
    ),
    5: ("ด้านสาธารณสุขและสิ่งแวดล้อม", {"สำนักการแพทย์", "สำนักอนามัย", "สำนักสิ่งแวดล้อม"}, "กรุงเทพกลาง"),
    6: (
        "ด้านสนับสนุนการบริหารราชการ",
        {
            "กองงานผู้ตรวจราชการ",
            "สำนักงานเลขานุการปลัดกรุงเทพมหานคร",
            "สำนักงานกฎหมายและคดี",
            "สำนักงานตรวจสอบภายใน",
            "สำนักงานการเจ้าหน้าที่",
            "สำนักงานการต่างประเทศ",
            "สำนักงานปกครองและทะเบียน",
            "สำนักงานประชาสัมพันธ์",
        },
        "กรุงเทพเหนือ",
    ),
}


@pytest.mark.parametrize("number", sorted(SEED_COMMITTEES))
def test_committees_are_as_in_the_seed_report(personas, number):
    theme, agencies, group = SEED_COMMITTEES[number]
    committee = Committee.objects.get(number=number)
    assert committee.theme_th == theme
    assert set(committee.agencies.values_list("name_th", flat=True)) == agencies
    assert committee.district_group.name_th == group
    roles = set(committee.members.values_list("role", flat=True))
    assert {"chair", "vice_chair", "member", "secretary"} <= roles


def test_every_district_group_has_exactly_one_committee(personas):
    assert sorted(Committee.objects.values_list("district_group__code", flat=True)) == [1, 2, 3, 4, 5, 6]


def test_the_demo_command_is_idempotent_and_prints_logins(capsys):
    call_command("demo", password="Demo-pass-2567!")
    counts = (User.objects.count(), RoleAssignment.objects.count(), Committee.objects.count())
    audit_after_first = AuditEntry.objects.count()
    call_command("demo", password="Demo-pass-2567!")
    assert (User.objects.count(), RoleAssignment.objects.count(), Committee.objects.count()) == counts
    assert AuditEntry.objects.count() == audit_after_first  # a second run changes nothing
    out = capsys.readouterr().out
    for username in ("bangrak.staff", "eval.officer", "committee1.secretary", "executive", "admin"):
        assert username in out
    assert AuditEntry.objects.filter(actor_label="system:demo").exists()


def test_the_demo_refuses_a_weak_password():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="--password"):
        call_command("demo", password="1234")
    assert not User.objects.exists()


def test_every_demo_persona_is_listed_for_the_crawl_and_in_the_docs():
    """The crawler walks each demo login, and README and docs/roles.md name each (a persona added to the demo
    must be added there too)."""
    from pathlib import Path

    from pramoen.orgs.demo import PERSONAS
    from tests.browser.test_crawl import USERNAMES

    names = {p.username for p in PERSONAS}
    assert set(USERNAMES) == names
    root = Path(__file__).resolve().parents[2]
    for doc in ("README.md", "docs/roles.md"):
        text = (root / doc).read_text(encoding="utf-8")
        assert [n for n in sorted(names) if f"`{n}`" not in text] == [], doc
