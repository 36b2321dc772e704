"""Thai search, grouping of similar innovations on a small Thai corpus made here, hand corrections,
"scale to" suggestions from reported obstacles, and the grouping of short open answers."""

import numpy as np
import pytest
from django.core.exceptions import PermissionDenied

from pramoen.innovations import grouping, selectors, services
from pramoen.innovations.models import Innovation, InnovationGroup
from tests.innovations.conftest import submitted

pytestmark = pytest.mark.django_db

CORPUS = [
    # (agency, title, problem, solution) — three topics
    ("1004", "ระบบตรวจสอบการมาเรียนของนักเรียน", "นักเรียนขาดเรียนผู้ปกครองไม่รู้", "แจ้งผู้ปกครองเมื่อนักเรียนไม่มาเรียน"),
    ("1028", "เช็กชื่อนักเรียนมาเรียนออนไลน์", "ครูไม่รู้ว่านักเรียนมาเรียนหรือยัง", "สแกนบัตรนักเรียนแจ้งผู้ปกครอง"),
    ("1015", "นักเรียนมาโรงเรียนหรือยัง", "นักเรียนขาดเรียนบ่อย", "แจ้งเตือนผู้ปกครองเมื่อนักเรียนขาดเรียน"),
    ("1004", "แผนที่จุดทิ้งขยะผิดเวลา", "ประชาชนทิ้งขยะไม่ตรงเวลาเก็บขน", "ปักหมุดจุดทิ้งขยะบนแผนที่และเก็บขยะตามจุด"),
    ("1028", "เก็บขยะตามจุดบนแผนที่", "ขยะตกค้างเพราะทิ้งขยะผิดเวลา", "แผนที่จุดทิ้งขยะให้รถเก็บขยะ"),
    ("1015", "คิวออนไลน์ทำบัตรประชาชน", "ประชาชนรอคิวทำบัตรนาน", "จองคิวทำบัตรประชาชนผ่านโทรศัพท์"),
]


@pytest.fixture
def corpus(personas):
    return [submitted(personas, a, t, problem=p, solution=s) for a, t, p, s in CORPUS]


def test_search_finds_thai_words_inside_running_text(personas, corpus):
    found = selectors.search(Innovation.objects.all(), "นักเรียนขาดเรียน")
    assert {i.title for i in found} == {CORPUS[0][1], CORPUS[2][1]}
    assert [i.title for i in selectors.search(Innovation.objects.all(), "บัตรประชาชน")] == [CORPUS[5][1]]
    assert not selectors.search(Innovation.objects.all(), "ดาวเทียม").exists()
    # words that carry nothing (stop words, punctuation) leave the list as it is
    assert selectors.search(Innovation.objects.all(), " ของ ").count() == len(CORPUS)


def test_a_draft_is_seen_only_by_its_agency_and_those_who_read_its_work(personas, corpus):
    draft = services.innovation_create(
        actor=personas["bangrak.staff"],
        agency=corpus[0].agency,
        data=services.InnovationInput(fiscal_year=2567, title="ร่างลับ", problem="ป", solution="ท"),
    )
    assert selectors.visible(personas["bangrak.staff"]).filter(pk=draft.pk).exists()
    assert selectors.visible(personas["executive"]).filter(pk=draft.pk).exists()
    assert not selectors.visible(personas["sathon.staff"]).filter(pk=draft.pk).exists()
    assert selectors.visible(personas["sathon.staff"]).filter(pk=corpus[0].pk).exists()


def test_tfidf_rows_are_unit_vectors_and_shared_words_make_texts_similar():
    v = grouping.tfidf([["ก", "ข"], ["ก", "ข"], ["ค"]])
    assert np.allclose(np.linalg.norm(v, axis=1), 1)
    assert v[0] @ v[1] == pytest.approx(1)
    assert v[0] @ v[2] == pytest.approx(0)
    assert grouping.cluster(v) == [0, 0, 1]


def test_regrouping_puts_the_same_idea_together_and_keeps_hand_corrections(personas, corpus, host_reviewer):
    with pytest.raises(PermissionDenied):
        grouping.regroup(actor=personas["bangrak.staff"])
    assert grouping.regroup(actor=host_reviewer) == 2
    groups = {i.title: i.group_id for i in Innovation.objects.all()}
    school = {groups[c[1]] for c in CORPUS[:3]}
    waste = {groups[c[1]] for c in CORPUS[3:5]}
    assert len(school) == 1 and len(waste) == 1 and school != waste and None not in school
    assert groups[CORPUS[5][1]] is None  # alone: no group
    summary = grouping.summaries(personas["executive"])[0]
    assert (summary.agencies, summary.district_offices, summary.innovations) == (3, 3, 3)
    # the host moves the queue innovation into the school group and renames it: both stay on regrouping
    school_group = InnovationGroup.objects.get(pk=school.pop())
    services.group_rename(actor=host_reviewer, group=school_group, name="ระบบแจ้งการมาเรียน")
    queue = Innovation.objects.get(title=CORPUS[5][1])
    services.innovation_move_group(actor=host_reviewer, innovation=queue, group=school_group)
    grouping.regroup(actor=host_reviewer)
    queue.refresh_from_db()
    assert queue.group_id == school_group.pk
    assert InnovationGroup.objects.get(pk=school_group.pk).name == "ระบบแจ้งการมาเรียน"


def test_scale_to_suggests_agencies_that_reported_the_obstacle(personas, corpus):
    from pramoen.monitoring.models import Obstacle

    sheet = _sheet()
    obstacle = Obstacle.objects.create(
        sheet=sheet,
        order=1,
        text="นักเรียนขาดเรียนบ่อย ผู้ปกครองไม่ทราบ",
        component="1",
        aspect="other",
        level="district",
    )
    obstacle.agencies.add(_agency("1001"), _agency("public-works"))
    unrelated = Obstacle.objects.create(
        sheet=sheet, order=2, text="งบประมาณล่าช้า", component="1", aspect="budget", level="district"
    )
    unrelated.agencies.add(_agency("1002"))
    corpus[0].adoptable_by = "district_offices"
    corpus[0].save()
    suggestions = grouping.scale_to(corpus[0])
    # พระนคร reported the problem; สำนักการโยธา did too but is not a district office; 1002's obstacle is unrelated
    assert [s.agency.code for s in suggestions] == ["1001"]
    assert suggestions[0].source == "monitoring"


def test_open_answers_are_grouped_by_topic():
    answers = ["ที่จอดรถไม่พอ", "ที่จอดรถน้อยมาก", "เจ้าหน้าที่พูดจาดี", "เจ้าหน้าที่สุภาพ พูดจาดี", "รอนาน"]
    groups = grouping.group_texts(answers)
    members = sorted(sorted(m) for _words, m in groups)
    assert members == [[0, 1], [2, 3], [4]]
    assert "จอด" in groups[0][0] or "เจ้าหน้าที่" in groups[0][0]


def _agency(code):
    from pramoen.orgs.models import Agency

    return Agency.objects.get(code=code)


def _sheet():
    from pramoen.monitoring.models import Round, Sheet
    from pramoen.orgs.models import Committee

    rnd = Round.objects.create(fiscal_year=2567)
    return Sheet.objects.create(round=rnd, committee=Committee.objects.get(number=1))
