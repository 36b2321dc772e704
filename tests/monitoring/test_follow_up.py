"""Follow-up that follows up: notifications on assignment, due soon, overdue and done; the overdue
flag; evidence files; Thai messages instead of constraint names."""

from __future__ import annotations

import datetime as dt
import io

import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone

from pramoen.monitoring import follow_up, services
from pramoen.monitoring.models import Observation
from pramoen.orgs.models import Agency
from pramoen.progress.models import Notification


def _bangrak_item(demo_round) -> Observation:
    return Observation.objects.get(sheet__round=demo_round, assignee__code="1004")  # due 31 Jul 2024


def test_assigning_notifies_the_agency_and_done_notifies_the_secretary(
    personas, sheet1, client_for, settings, tmp_path
):
    settings.MEDIA_ROOT = str(tmp_path)
    secretary = personas["committee1.secretary"]
    obs = services.item_create(actor=secretary, sheet=sheet1, kind="observation", expected_version=None,
                               text="ขอให้เร่งรัดการจัดซื้อ")  # fmt: skip
    bangrak = Agency.objects.get(code="1004")
    services.observation_assign(
        actor=secretary, observation=obs, assignee=bangrak, due_date=dt.date(2026, 1, 31)
    )
    sent = Notification.objects.filter(key__startswith=f"monitoring:assigned:{obs.pk}:")
    assert {n.user.username for n in sent} >= {"bangrak.staff", "bangrak.head"}
    assert {n.kind for n in sent} == {"followup"}  # its own event: people choose its channels apart
    assert all(
        "ขอให้เร่งรัดการจัดซื้อ" in n.message and n.url == f"/monitoring/observations/{obs.pk}/follow-up/"
        for n in sent
    )
    services.observation_assign(
        actor=secretary, observation=obs, assignee=bangrak, due_date=dt.date(2026, 1, 31)
    )
    assert (
        Notification.objects.filter(key__startswith=f"monitoring:assigned:{obs.pk}:").count() == sent.count()
    )

    staff = client_for("bangrak.staff")
    url = f"/monitoring/observations/{obs.pk}/follow-up/"
    refused = staff.post(url, {"status": "done", "evidence": ""})
    page = refused.content.decode()
    assert (
        refused.status_code == 200
        and "Constraint" not in page
        and "monitoring_done_needs_evidence" not in page
    )
    assert "หลักฐาน" in page
    obs.refresh_from_db()
    assert obs.status == "open"
    wrong = staff.post(url, {"status": "done", "evidence_file": SimpleUploadedFile("x.exe", b"MZ")})
    assert "ไม่ใช่ไฟล์ PDF" in wrong.content.decode()

    pdf = SimpleUploadedFile("หลักฐาน.pdf", b"%PDF-1.4 evidence", content_type="application/pdf")
    assert staff.post(url, {"status": "done", "evidence": "", "evidence_file": pdf}).status_code == 302
    obs.refresh_from_db()
    assert obs.status == "done" and obs.evidence_file
    done = Notification.objects.filter(key__startswith=f"monitoring:done:{obs.pk}:")
    assert [n.user.username for n in done] == ["committee1.secretary"]
    download = staff.get(f"/monitoring/observations/{obs.pk}/evidence/")
    assert download.status_code == 200 and b"".join(download.streaming_content) == b"%PDF-1.4 evidence"
    assert client_for("sathon.staff").get(f"/monitoring/observations/{obs.pk}/evidence/").status_code == 403


def test_overdue_is_flagged_and_reminders_go_once(personas, demo_round, client_for):
    obs = _bangrak_item(demo_round)
    assert obs.is_overdue
    page = client_for("bangrak.staff").get("/monitoring/open/").content.decode()
    assert page.count('data-testid="overdue"') >= 1 and "เลยกำหนด" in page

    soon = Observation.objects.get(sheet__round=demo_round, assignee__code="finance")
    soon.due_date, soon.assignee = (
        timezone.localdate() + dt.timedelta(days=3),
        Agency.objects.get(code="1028"),
    )
    soon.save()
    sent = follow_up.remind()
    assert sent["due_soon"] >= 1 and sent["overdue"] >= 2  # bangrak's staff and committee 1's secretary
    overdue = Notification.objects.filter(key=f"monitoring:overdue:{obs.pk}:{obs.due_date}")
    assert {n.user.username for n in overdue} >= {"bangrak.staff", "committee1.secretary"}
    assert all("เลยกำหนด" in n.message and n.kind == "followup" for n in overdue)
    out = io.StringIO()
    call_command("monitoring_follow_up", stdout=out)
    assert "0 due-soon and 0 overdue" in out.getvalue()  # each notice once
    obs.status, obs.evidence = "done", "ดำเนินการแล้ว"
    obs.save()
    assert not obs.is_overdue


def test_follow_up_notices_reach_the_channels_people_chose_through_the_job_layer(
    personas, demo_round, sheet1, line_api, django_capture_on_commit_callbacks
):
    """Assigned, due soon and overdue are the registry's "follow-up" event, done is "waiting for you":
    e-mail and LINE where linked, sent by ``notifications_send`` jobs.  At noon, Bangkok time: the LINE
    push of a run during the default quiet hours (21:00–07:00) would rightly wait for the morning."""
    noon = dt.datetime.combine(timezone.localdate(), dt.time(12), tzinfo=timezone.get_current_timezone())
    with time_machine.travel(noon):
        _follow_up_notices(personas, demo_round, sheet1, line_api, django_capture_on_commit_callbacks)


def _follow_up_notices(personas, demo_round, sheet1, line_api, django_capture_on_commit_callbacks) -> None:
    from django.core import mail

    from pramoen.notifications.models import Delivery
    from tests.notifications.conftest import link, send_queued

    staff, secretary = personas["bangrak.staff"], personas["committee1.secretary"]
    staff.email, secretary.email = "staff@bangrak.example", "secretary@example.org"
    staff.save(), secretary.save()
    link(staff, "U-bangrak")
    obs = services.item_create(actor=secretary, sheet=sheet1, kind="observation", expected_version=None,
                               text="ขอให้จัดทำแผนสรรหาบุคลากร")  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        services.observation_assign(actor=secretary, observation=obs, assignee=Agency.objects.get(code="1004"),
                                    due_date=timezone.localdate() + dt.timedelta(days=2))  # fmt: skip
    assert send_queued() >= 1  # the deliveries went as a job
    assigned = Delivery.objects.filter(notification__key__startswith=f"monitoring:assigned:{obs.pk}:")
    assert {(d.user.username, d.channel, d.event, d.state) for d in assigned if d.user == staff} == {
        ("bangrak.staff", "email", "followup", "sent"),
        ("bangrak.staff", "line", "followup", "sent"),
    }
    assert any("ขอให้จัดทำแผนสรรหาบุคลากร" in m.body for m in mail.outbox if m.to == [staff.email])
    (push,) = [p for p in line_api.pushes() if p["body"]["to"] == "U-bangrak"]
    assert "ขอให้จัดทำแผนสรรหาบุคลากร" not in push["body"]["messages"][0]["text"]  # read in pramoen

    with django_capture_on_commit_callbacks(execute=True):
        follow_up.remind()
    soon = Delivery.objects.filter(notification__key=f"monitoring:due-soon:{obs.pk}:{obs.due_date}")
    assert {d.event for d in soon} == {"followup"} and soon.filter(user=staff).exists()
    late = _bangrak_item(demo_round)
    overdue = Delivery.objects.filter(notification__key=f"monitoring:overdue:{late.pk}:{late.due_date}")
    assert {d.event for d in overdue} == {"followup"}
    assert {d.user.username for d in overdue} >= {"bangrak.staff", "committee1.secretary"}

    obs.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        services.observation_follow_up(actor=staff, observation=obs, status="done", evidence="จัดทำแผนแล้ว")
    send_queued()
    done = Delivery.objects.filter(notification__key__startswith=f"monitoring:done:{obs.pk}:")
    assert {(d.user.username, d.channel, d.event, d.state) for d in done} == {
        ("committee1.secretary", "email", "waiting", "sent")
    }
