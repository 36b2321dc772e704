"""Recording a round: permissions, validation, numbering from pasted lines, order, and the version
guard that stops two secretaries from silently overwriting each other."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from pramoen.core.audit import acting_as
from pramoen.core.errors import ApplicationError
from pramoen.core.models import AuditEntry
from pramoen.monitoring import services
from pramoen.monitoring.models import Observation, Obstacle, Round, Sheet
from pramoen.orgs.models import Agency


def add(actor, sheet, text="หน่วยงานขาดอัตรากำลัง", **fields):
    fields = {"component": "1", "aspect": "personnel", **fields}
    return services.item_create(
        actor=actor, sheet=sheet, kind="obstacle", expected_version=sheet.version, text=text, **fields
    )


def test_it_creates_a_sheet_per_committee(draft_round):
    assert Sheet.objects.filter(round=draft_round).count() == 6


def test_only_evaluation_officers_open_rounds(personas, draft_round):
    with pytest.raises(PermissionDenied):
        services.round_create(actor=personas["committee1.secretary"], fiscal_year=2569, period="H1")
    with pytest.raises(ApplicationError, match="already exists"):
        services.round_create(actor=personas["eval.officer"], fiscal_year=2568, period="H1")


def test_a_secretary_records_only_for_their_committee(personas, sheet1, sheet4):
    obstacle = add(personas["committee1.secretary"], sheet1)
    assert obstacle.pk and sheet1.version == 2
    for name in ("committee1.secretary", "committee1.member", "bangrak.staff", "executive"):
        with pytest.raises(PermissionDenied):
            add(personas[name], sheet4)
    add(personas["committee4.secretary"], sheet4)
    add(personas["eval.officer"], sheet4)  # evaluation officers may record for any committee


def test_it_recognises_systems_and_keeps_hand_corrections(personas, sheet1):
    sec = personas["committee1.secretary"]
    o = add(sec, sheet1, text="ระบบ BMA OSS ยังไม่เสถียร และระบบสารบรรณอิเล็กทรอนิกส์ล่าช้า")
    assert o.systems == ["bma_oss", "e_saraban"]
    o = services.item_update(actor=sec, item=o, expected_version=sheet1.version, systems=["bma_oss"])
    assert o.systems == ["bma_oss"] and o.systems_confirmed
    o = services.item_update(actor=sec, item=o, expected_version=sheet1.version, text="ระบบ One Map ล่ม")
    assert o.systems == ["bma_oss"]  # corrected by hand: editing the text does not undo it
    with pytest.raises(ApplicationError, match="Unknown system"):
        services.item_update(actor=sec, item=o, expected_version=sheet1.version, systems=["nope"])


def test_bad_input_names_the_field_and_saves_nothing(personas, sheet1):
    sec = personas["committee1.secretary"]
    with pytest.raises(ApplicationError) as err:
        add(sec, sheet1, aspect="weather")
    assert err.value.extra["field"] == "aspect"
    with pytest.raises(ApplicationError) as err:
        add(sec, sheet1, text="   ")
    assert err.value.extra["field"] == "text"
    assert not Obstacle.objects.exists()
    sheet1.refresh_from_db()
    assert sheet1.version == 1


def test_pasted_lines_become_numbered_items_without_their_own_numbers(personas, sheet1):
    text = "๑. หน่วยงานขาดอัตรากำลัง\n\n(๒) บุคลากรขาดทักษะ\n3) งบประมาณไม่พอ\n- ระบบไม่เสถียร\n"
    items = services.items_paste(
        actor=personas["committee1.secretary"], sheet=sheet1, kind="obstacle", text=text,
        expected_version=1, component="3.1", aspect="technology",
    )  # fmt: skip
    assert [i.text for i in items] == ["หน่วยงานขาดอัตรากำลัง", "บุคลากรขาดทักษะ", "งบประมาณไม่พอ", "ระบบไม่เสถียร"]
    assert [i.order for i in items] == [1, 2, 3, 4]
    assert {i.component for i in items} == {"3.1"}


def test_a_stale_version_is_refused_and_the_other_edit_kept(personas, sheet1):
    sec = personas["committee1.secretary"]
    o = add(sec, sheet1, text="ข้อความเดิม")
    opened_at = sheet1.version
    services.item_update(
        actor=personas["eval.officer"], item=o, expected_version=opened_at, text="แก้โดยคนแรก"
    )
    stale = Obstacle.objects.get(pk=o.pk)
    with pytest.raises(ApplicationError, match="changed this committee") as err:
        services.item_update(actor=sec, item=stale, expected_version=opened_at, text="แก้โดยคนที่สอง")
    assert err.value.extra["current_version"] == opened_at + 1
    assert Obstacle.objects.get(pk=o.pk).text == "แก้โดยคนแรก"


def test_reorder_and_move_keep_every_item_once(personas, sheet1):
    sec = personas["committee1.secretary"]
    a, b, c = (add(sec, sheet1, text=t) for t in ("ก", "ข", "ค"))
    services.items_reorder(
        actor=sec, sheet=sheet1, kind="obstacle", ids=[c.pk, a.pk, b.pk], expected_version=sheet1.version
    )
    assert list(Obstacle.objects.order_by("order").values_list("text", flat=True)) == ["ค", "ก", "ข"]
    services.item_move(
        actor=sec, item=Obstacle.objects.get(pk=b.pk), step=-1, expected_version=sheet1.version
    )
    assert list(Obstacle.objects.order_by("order").values_list("text", flat=True)) == ["ค", "ข", "ก"]
    with pytest.raises(ApplicationError, match="every item of this list"):
        services.items_reorder(
            actor=sec, sheet=sheet1, kind="obstacle", ids=[a.pk, b.pk], expected_version=sheet1.version
        )


def test_moving_stays_within_the_component(personas, sheet1):
    sec = personas["committee1.secretary"]
    a = add(sec, sheet1, text="ก", component="1")
    b = add(sec, sheet1, text="ข", component="4")
    c = add(sec, sheet1, text="ค", component="1")
    services.item_move(
        actor=sec, item=Obstacle.objects.get(pk=c.pk), step=-1, expected_version=sheet1.version
    )
    order = {o.text: o.order for o in Obstacle.objects.all()}
    assert order["ค"] < order["ก"] and order["ข"] == b.order
    sheet1.refresh_from_db()
    services.items_reorder(
        actor=sec,
        sheet=sheet1,
        kind="obstacle",
        component="1",
        ids=[a.pk, c.pk],
        expected_version=sheet1.version,
    )
    assert list(Obstacle.objects.filter(component="1").order_by("order").values_list("text", flat=True)) == [
        "ก",
        "ค",
    ]


def test_a_published_round_is_frozen(personas, sheet1, draft_round):
    add(personas["committee1.secretary"], sheet1)
    services.round_publish(actor=personas["eval.officer"], round=draft_round)
    sheet1.refresh_from_db()
    with pytest.raises(ApplicationError, match="published"):
        add(personas["committee1.secretary"], sheet1)
    with pytest.raises(PermissionDenied):
        services.round_publish(actor=personas["committee1.secretary"], round=draft_round, publish=False)


def test_meetings_take_only_the_committees_own_members(personas, sheet1, committee):
    sec = personas["committee1.secretary"]
    import datetime as dt

    m = services.meeting_save(
        actor=sec, sheet=sheet1, date=dt.date(2024, 4, 22), place="ศาลาว่าการกรุงเทพมหานคร",
        members_present=committee(1).members.all()[:2], other_attendees="ผู้แทนสำนักงานเขตบางรัก",
    )  # fmt: skip
    assert m.members_present.count() == 2
    with pytest.raises(ApplicationError, match="not a member"):
        services.meeting_save(
            actor=sec, sheet=sheet1, date=dt.date(2024, 4, 22), members_present=committee(2).members.all()[:1]
        )


def test_follow_up_by_the_assigned_agency_only(personas, sheet1):
    sec = personas["committee1.secretary"]
    obs = services.item_create(
        actor=sec, sheet=sheet1, kind="observation", expected_version=None, text="เร่งรัดการดำเนินงาน"
    )
    with pytest.raises(ApplicationError, match="not assigned"):
        services.observation_follow_up(
            actor=personas["bangrak.staff"], observation=obs, status="in_progress", evidence=""
        )
    bangrak = Agency.objects.get(code="1004")
    services.observation_assign(actor=sec, observation=obs, assignee=bangrak, due_date=None)
    with pytest.raises(PermissionDenied):
        services.observation_follow_up(
            actor=personas["sathon.staff"], observation=obs, status="in_progress", evidence=""
        )
    with pytest.raises(PermissionDenied):
        services.observation_assign(
            actor=personas["bangrak.staff"], observation=obs, assignee=None, due_date=None
        )
    with pytest.raises(ApplicationError, match="Evidence"):
        services.observation_follow_up(
            actor=personas["bangrak.staff"], observation=obs, status="done", evidence=" "
        )
    services.observation_follow_up(
        actor=personas["bangrak.staff"], observation=obs, status="done", evidence="หนังสือ กทม 1004/123"
    )
    obs.refresh_from_db()
    assert obs.status == Observation.Status.DONE and obs.status_changed_at is not None


def test_every_change_is_audited(personas, sheet1):
    sec = personas["committee1.secretary"]
    with acting_as(sec):
        o = add(sec, sheet1)
        services.item_update(actor=sec, item=o, expected_version=sheet1.version, text="ข้อความใหม่")
    entries = AuditEntry.objects.filter(model__icontains="obstacle", object_pk=str(o.pk)).order_by("pk")
    assert [e.action for e in entries] == ["create", "update"]
    assert entries[1].actor == sec and entries[1].changes["text"][1] == "ข้อความใหม่"


def test_round_str(draft_round):
    assert str(draft_round) == "2568 H1" and isinstance(draft_round, Round)
