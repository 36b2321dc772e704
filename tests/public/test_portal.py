"""The public portal: anyone, no sign-in, published rounds only."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.test import Client
from django.urls import reverse

from pramoen.core.audit import acting_as
from pramoen.feeds.complaints.importer import complaints_import

from .conftest import build_report_files, unpublish

pytestmark = pytest.mark.django_db


def test_before_anything_is_published_the_portal_says_so_and_hides_the_round(personas, tmp_path):
    from tests.appeals.conftest import build_year

    build_year(tmp_path)
    c = Client()
    resp = c.get(reverse("public:index"))
    assert resp.status_code == 200 and b'data-testid="nothing-published"' in resp.content
    for name in ("public:round", "public:complaints", "public:methods"):
        assert c.get(reverse(name, args=[2567, "H1"])).status_code == 404
    assert c.get(reverse("public:agency", args=[2567, "H1", "1004"])).status_code == 404
    assert c.get(reverse("public:data-file", args=[2567, "H1", "scores", "csv"])).status_code == 404
    assert c.get(reverse("public:data-ledger", args=[2567, "H1", 1004, "csv"])).status_code == 404
    assert json.loads(c.get(reverse("public:data-rounds")).content)["rounds"] == []


def test_an_anonymous_visitor_reads_the_published_scores(published):
    c = Client()
    resp = c.get(reverse("public:index"))
    assert resp.status_code == 302 and resp.url == reverse("public:round", args=[2567, "H1"])
    page = c.get(resp.url)
    assert page.status_code == 200
    codes = [r.code for r in page.context["rows"]]
    assert codes.index("1004") < codes.index("1028")  # best first: บางรัก 2.x before สาทร 1.5
    card = c.get(reverse("public:agency", args=[2567, "H1", "1004"]))
    text = card.content.decode()
    assert card.status_code == 200
    assert {line.code for line in card.context["lines"]} == {"1.1", "1.2", "3.2", "4"}
    assert "Traffy Fondue" in text and reverse("public:ledger", args=[2567, "H1", 1004]) in text
    assert c.get(reverse("public:agency", args=[2567, "H1", "finance"])).status_code == 404  # no score
    methods = c.get(reverse("public:methods", args=[2567, "H1"]))
    assert (
        b'data-testid="method-complaints"' in methods.content
        and b'data-testid="method-value"' in methods.content
    )
    # an unpublished round of a published year stays hidden, and so does the year once withdrawn
    assert Client().get(reverse("public:round", args=[2567, "Q1"])).status_code == 404
    unpublish()
    assert Client().get(reverse("public:round", args=[2567, "H1"])).status_code == 404


def test_the_ledger_names_the_rule_of_every_ticket_and_downloads_whole_and_open_data(published):
    c = Client()
    page = c.get(reverse("public:ledger", args=[2567, "H1", 1004]))
    assert page.status_code == 200
    rules = {r["ticket_id"]: r for r in page.context["rows"]}
    assert rules["2024-PD0002"]["rule"] == "duplicate" and "2024-PD0001" in rules["2024-PD0002"]["rule_th"]
    assert rules["2024-PD0003"]["rule"] == "not_relevant"
    assert rules["2024-PD0004"]["rule"] == "forwarded"
    assert rules["2024-PD0001"]["counted"] and rules["2024-PD0001"]["resolved"]
    assert "2024-XX0005" not in rules  # สาทร's ticket
    assert "2022-OLD006" not in rules  # outside the round
    body = b"".join(
        c.get(reverse("public:ledger", args=[2567, "H1", 1004]), {"format": "csv"}).streaming_content
    )
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))
    assert len(rows) == len(rules) == page.context["kpi"]["received"]
    counted = [r for r in rows if r["counted"] == "True"]
    resolved = [r for r in counted if r["resolved"] == "True"]
    kpi = page.context["kpi"]
    assert (len(counted), len(resolved)) == (
        kpi["counted"],
        kpi["resolved"],
    )  # the KPI recomputes from the file
    same = json.loads(c.get(reverse("public:data-ledger", args=[2567, "H1", 1004, "json"])).content)
    assert [r["ticket_id"] for r in same["rows"]] == [r["ticket_id"] for r in rows]
    open_data_files_and_their_dictionary(c)


def test_the_ledger_pages_follow_one_another_in_the_downloads_order(
    published, tmp_path, django_assert_max_num_queries
):
    """Pages are cut on the attributions' ids alone, then only their rows are read: page after page they
    give exactly the ledger the download gives, in its order (ties in time broken by id), the last page
    short, a page past the end the last one."""
    from pramoen.public.views import LEDGER_PAGE
    from tests.feeds.complaints.conftest import API_HEADER, api_row, inside, offset, write_csv

    home = inside(1004)
    rows = [  # two pages and a bit more, spread 8 m apart (no duplicates), three at each minute
        api_row(f"2024-PG{n:04d}", offset(home, 8 * (n % 50)), f"2024-02-{1 + n // 60:02d} 03:{n // 3 % 20:02d}:00+00")
        for n in range(2 * LEDGER_PAGE + 30)
    ]  # fmt: skip
    with acting_as(label="system:test"):
        complaints_import(
            actor=None, path=write_csv(tmp_path / "pages.csv", API_HEADER, rows), dedup_on=False
        )
    c = Client()
    url = reverse("public:ledger", args=[2567, "H1", 1004])
    body = b"".join(c.get(url, {"format": "csv"}).streaming_content)
    whole = [r["ticket_id"] for r in csv.DictReader(io.StringIO(body.decode("utf-8-sig")))]
    assert len(whole) > 2 * LEDGER_PAGE
    pages = -(-len(whole) // LEDGER_PAGE)
    walked = []
    c.get(url)  # the district's KPI in the page's header: built once, then cached
    for number in range(1, pages + 1):
        with django_assert_max_num_queries(8):  # the same few queries on every page, whatever its depth
            page = c.get(url, {"page": number})
        assert page.context["page"].paginator.num_pages == pages
        walked += [r["ticket_id"] for r in page.context["rows"]]
    assert walked == whole
    past = c.get(url, {"page": pages + 5})
    assert [r["ticket_id"] for r in past.context["rows"]] == whole[(pages - 1) * LEDGER_PAGE :]


def test_a_ledger_page_is_read_from_the_tickets_once_per_data_generation(
    published, tmp_path, django_capture_on_commit_callbacks
):
    """Asked again, a ledger page reads neither the tickets nor their attributions (its table and its
    count are cached on the data generation); an import starts a new generation and the page shows it."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.feeds.complaints.conftest import API_HEADER, api_row, inside, write_csv

    c = Client()
    url = reverse("public:ledger", args=[2567, "H1", 1004])
    first = c.get(url)
    assert "2024-PD0001" in first.content.decode()
    with CaptureQueriesContext(connection) as queries:
        again = c.get(url)
    assert again.status_code == 200 and "2024-PD0001" in again.content.decode()
    assert [r["ticket_id"] for r in again.context["rows"]] == [r["ticket_id"] for r in first.context["rows"]]
    read = [q["sql"] for q in queries.captured_queries if "complaints_ticket" in q["sql"]]
    assert read == []
    row = api_row("2024-PDNEW1", inside(1004), "2024-02-01 03:00:00+00")
    with acting_as(label="system:test"), django_capture_on_commit_callbacks(execute=True):
        complaints_import(actor=None, path=write_csv(tmp_path / "new.csv", API_HEADER, [row]), dedup_on=False)
    assert "2024-PDNEW1" in c.get(url).content.decode()


def test_the_round_table_is_rendered_once_per_data_generation_and_kind(published):
    """The published scores' table is cached with the rows it shows: asked again, the page reads neither
    the rows nor the components, and shows the same table; another kind is another table."""
    import re

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def table(response) -> str:
        return re.search(
            r'<table[^>]*data-testid="public-scores".*?</table>', response.content.decode(), re.S
        )[0]

    c = Client()
    url = reverse("public:round", args=[2567, "H1"])
    first = c.get(url)
    with CaptureQueriesContext(connection) as queries:
        again = c.get(url)
    assert table(again) == table(first) and "1004" in table(first)
    assert not [q["sql"] for q in queries.captured_queries if "framework_component" in q["sql"]]
    bureaus = c.get(url, {"kind": "bureau"})
    assert table(bureaus) != table(first)


def open_data_files_and_their_dictionary(c):
    index = c.get(reverse("public:data"))
    assert index.status_code == 200 and b'id="dictionary"' in index.content
    rounds = json.loads(c.get(reverse("public:data-rounds")).content)["rounds"]
    assert [(r["fiscal_year"], r["period"]) for r in rounds] == [(2567, "H1")]
    for key in ("scores", "indicators", "complaints"):
        resp = c.get(reverse("public:data-file", args=[2567, "H1", key, "csv"]))
        assert resp.status_code == 200 and resp["Content-Type"].startswith("text/csv")
        header = next(csv.reader(io.StringIO(resp.content.decode("utf-8-sig"))))
        assert header
        data = json.loads(c.get(reverse("public:data-file", args=[2567, "H1", key, "json"])).content)
        assert data["dataset"] == key and data["rows"]
    scores = json.loads(c.get(reverse("public:data-file", args=[2567, "H1", "scores", "json"])).content)[
        "rows"
    ]
    overall = {r["agency_code"]: r["score"] for r in scores if r["component"] == "overall"}
    assert overall["1028"] is not None and "1004" in overall
    assert c.get(reverse("public:data-file", args=[2567, "H1", "secrets", "csv"])).status_code == 404
    from pramoen.public.data import DATASETS, columns

    for key, spec in DATASETS.items():
        resp = c.get(reverse("public:data-file", args=[2567, "H1", key, "csv"]))
        header = next(csv.reader(io.StringIO(resp.content.decode("utf-8-sig"))))
        assert header == columns(spec)
        documented = {col for col, _m in spec.columns}
        assert set(header) - documented <= {"t2", "t3", "t4", "t5"}


def test_reports_and_appeal_rules_need_no_sign_in(published):
    c = Client()
    page = c.get(reverse("public:reports"))
    assert page.status_code == 200 and b'data-testid="report-2567-H1"' in page.content
    html = c.get(reverse("public:report", args=[2567, "H1", "html"]))
    assert html.status_code == 200 and "คณะที่".encode() in html.content
    docx = c.get(reverse("public:report", args=[2567, "H1", "docx"]))
    assert docx.status_code == 200 and docx.content[:2] == b"PK"
    assert c.get(reverse("public:report", args=[2567, "H2", "pdf"])).status_code == 404
    # a file not built (yet) is never built in the visitor's request: a job is queued and the visitor is
    # asked, in Thai, to come back
    from django.core.files.storage import default_storage

    from pramoen.jobs.models import Job
    from pramoen.monitoring.documents import document_name
    from pramoen.monitoring.models import Round
    from pramoen.monitoring.report import build_report

    default_storage.delete(
        document_name(build_report(round=Round.objects.get(fiscal_year=2567, period="H1")), "pdf")
    )
    waiting = c.get(reverse("public:report", args=[2567, "H1", "pdf"]))
    assert waiting.status_code == 503 and waiting["Retry-After"] == "30"
    assert "กำลังจัดทำ" in waiting.content.decode()
    assert Job.objects.filter(kind="monitoring_report", state="queued", started_by=None).count() == 1
    build_report_files()
    assert c.get(reverse("public:report", args=[2567, "H1", "pdf"])).content[:4] == b"%PDF"
    rules = c.get(reverse("public:appeal-rules"))
    assert rules.status_code == 200 and b'data-testid="rule-tickets-prank"' in rules.content
    # the portal writes nothing
    assert Client().post(reverse("public:round", args=[2567, "H1"])).status_code == 405
