"""The connectors page: the evaluation office sees each connector, pauses its schedule and pulls now;
nobody else may."""

from __future__ import annotations

from pramoen.connectors.models import ConnectorState, Pull
from pramoen.jobs.models import Job, Schedule
from pramoen.jobs.services import job_execute
from tests.connectors.conftest import T0, tickets


def test_the_evaluation_office_pauses_and_pulls_now(client_for, traffy):
    traffy.put(*tickets(3))
    c = client_for("eval.officer")
    page = c.get("/connectors/")
    assert page.status_code == 200 and "Traffy Fondue" in page.content.decode()
    assert c.post("/connectors/traffy/pause/", {"paused": "1"}).status_code == 302
    assert Schedule.objects.get(kind="complaints_pull").paused
    assert "หยุดไว้" in c.get("/connectors/").content.decode()
    ConnectorState.objects.update_or_create(key="traffy", defaults={"cursor": {"since": T0.isoformat()}})
    response = c.post("/connectors/traffy/pull/")
    job = Job.objects.get(kind="complaints_pull")
    assert response.status_code == 302 and response["Location"] == f"/jobs/{job.pk}/"
    assert job.started_by.username == "eval.officer" and job.state == "queued"
    job_execute(job.pk)  # what the worker does with it
    job.refresh_from_db()
    assert job.state == "done" and job.summary["new"] == 3
    assert Pull.objects.get().new == 3
    assert c.post("/connectors/traffy/pause/", {"paused": "0"}).status_code == 302
    assert not Schedule.objects.get(kind="complaints_pull").paused


def test_the_page_names_the_source_and_a_day_the_feed_cut_short(client_for, traffy, settings):
    settings.TRAFFY_SOURCE = "geojson"
    note = {"row": None, "field": "page", "reason": "ฟีดส่งมา 3 จาก 5 เรื่อง"}
    Pull.objects.create(connector="traffy", state="done", rejects=[note])
    text = client_for("eval.officer").get("/connectors/").content.decode()
    assert 'data-testid="source"' in text and "GeoJSON" in text and "ฟีดส่งมา 3 จาก 5 เรื่อง" in text


def test_others_may_not(client_for, traffy):
    c = client_for("bangrak.staff")
    assert c.get("/connectors/").status_code == 403
    assert c.post("/connectors/traffy/pause/", {"paused": "1"}).status_code == 403
    assert c.post("/connectors/traffy/pull/").status_code == 403
    assert not Schedule.objects.filter(paused=True).exists() and not Job.objects.exists()


def test_an_unknown_connector_is_a_message_not_an_error(client_for):
    response = client_for("eval.officer").post("/connectors/nothing/pull/", follow=True)
    assert response.status_code == 200
