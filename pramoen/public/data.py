"""Open data at ``/public/data/``: every published figure as CSV and JSON, without sign-in, with a data
dictionary.  The JSON files are the API: ``{"fiscal_year", "period", "dataset", "rows": [...]}``."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from pramoen.core import generation
from pramoen.feeds.complaints.exports import KPI_COLUMNS
from pramoen.framework.models import Period
from pramoen.orgs.models import District
from pramoen.public import publication, selectors
from pramoen.scoring.models import AgencyScore, ScoreResult


@dataclass(frozen=True)
class Dataset:
    key: str
    title: Promise
    columns: tuple[tuple[str, Promise], ...]
    rows: Callable[[Period], list[dict[str, Any]]]


def _d(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _scores(period: Period) -> list[dict[str, Any]]:
    rows = (
        AgencyScore.objects.filter(period=period, agency__is_active=True)
        .select_related("agency", "component")
        .order_by("agency__code", "component__order")
    )
    return [
        {
            "agency_code": s.agency.code,
            "agency_name_th": s.agency.name_th,
            "agency_kind": s.agency.kind,
            "component": s.component.code if s.component else "overall",
            "score": _d(s.score),
            "weight_scored": _d(s.weight_scored),
            "weight_total": _d(s.weight_total),
        }
        for s in rows
    ]


def _indicators(period: Period) -> list[dict[str, Any]]:
    rows = (
        ScoreResult.objects.filter(period=period, assignment__agency__is_active=True)
        .select_related("assignment__agency", "assignment__indicator__component")
        .order_by("assignment__agency__code", "assignment__indicator__code")
    )
    out = []
    for r in rows:
        ind = r.assignment.indicator
        thresholds = list(r.criteria.get("thresholds", [])) + [None] * 5
        out.append(
            {
                "agency_code": r.assignment.agency.code,
                "component": ind.component.code,
                "indicator_code": ind.code,
                "indicator_name_th": ind.name_th,
                "unit": ind.unit,
                "method": r.method,
                "weight": _d(r.assignment.weight),
                "status": r.status,
                "target": _d(r.target),
                "actual": _d(r.actual),
                "level": r.level,
                "score": _d(r.score),
                "higher_is_better": bool(r.criteria.get("higher_is_better", True)),
                **{f"t{i}": thresholds[i - 1] for i in range(1, 6)},
            }
        )
    return out


def _complaints(period: Period) -> list[dict[str, Any]]:
    report = selectors.complaint_kpis(period)
    return [{c: {**r, **r["excluded"]}.get(c) for c in KPI_COLUMNS} for r in report["districts"]]


DATASETS: dict[str, Dataset] = {
    d.key: d
    for d in (
        Dataset(
            "scores",
            _("Agency scores: overall and per component"),
            (
                ("agency_code", _("agency code (district offices: the district's geocode)")),
                ("agency_name_th", _("agency name in Thai")),
                ("agency_kind", _("district_office, bureau or office")),
                ("component", _("component code, or “overall”")),
                ("score", _("score of 5 (weighted mean of what has a score); empty: no score")),
                ("weight_scored", _("weight of the indicators with a score")),
                ("weight_total", _("weight assigned")),
            ),
            _scores,
        ),
        Dataset(
            "indicators",
            _("Indicator scores: each agency's indicators with target, result, level and score"),
            (
                ("agency_code", _("agency code")),
                ("component", _("component code")),
                ("indicator_code", _("indicator code")),
                ("indicator_name_th", _("indicator name in Thai")),
                ("unit", _("unit of the target and the result")),
                ("method", _("calculation method (see “How each method works”)")),
                ("weight", _("weight of the indicator for this agency")),
                ("status", _("scored, no_data or excluded (left out by an approved appeal)")),
                ("target", _("target")),
                ("actual", _("result used")),
                ("level", _("level reached (1–5)")),
                ("score", _("score of 5")),
                ("higher_is_better", _("true when a higher result is better")),
                ("t1", _("threshold of level 1 (t2 … t5 likewise)")),
            ),
            _indicators,
        ),
        Dataset(
            "complaints",
            _("Component 4: the complaint KPI of each district"),
            (
                ("code", _("district geocode")),
                ("name_th", _("district name in Thai")),
                ("received", _("tickets attributed to the district in the round")),
                ("not_relevant", _("excluded: state “not relevant”")),
                ("forwarded", _("excluded: forwarded to another body")),
                ("duplicate", _("excluded: duplicate of an earlier ticket")),
                ("appeal", _("excluded: approved appeal")),
                ("counted", _("tickets counted")),
                ("resolved", _("counted tickets resolved")),
                (
                    "kpi_percent",
                    _("the official KPI: resolved ÷ counted × 100, with the stars where they count"),
                ),
                ("kpi_percent_without_stars", _("resolved ÷ counted × 100 (the KPI without the stars)")),
                (
                    "kpi_percent_with_stars",
                    _("the KPI with the satisfaction stars counted at the year's weight"),
                ),
                ("per_10k_residents", _("tickets received per 10,000 residents")),
                ("peer_group", _("inner, middle or outer (by population density)")),
                ("rank_in_peer_group", _("rank within the peer group (only with enough counted tickets)")),
            ),
            _complaints,
        ),
    )
}
LEDGER_DICTIONARY: tuple[tuple[str, Promise], ...] = (
    ("ticket_id", _("Traffy Fondue ticket id (join with Traffy's public data)")),
    ("created_at", _("when the ticket was created (Bangkok time)")),
    ("district_code", _("district geocode")),
    ("state", _("the ticket's state as last imported")),
    ("type", _("the ticket's type tags")),
    ("rule", _("counted, not_relevant, forwarded, duplicate or appeal: the first rule that applies")),
    ("rule_th", _("the rule in Thai, naming the original ticket or the appeal")),
    ("counted", _("true when the ticket counts in the KPI")),
    ("resolved", _("true when a counted ticket is resolved")),
    ("duplicate_of", _("the ticket this one duplicates")),
    ("appeal", _("the approved appeal that left the ticket out")),
)


def _csv_text(columns: Iterable[str], rows: Iterable[dict[str, Any]]) -> Iterator[str]:
    """CSV as text chunks, with a byte-order mark so that spreadsheet programs read the Thai."""
    buf = io.StringIO()
    writer = csv.writer(buf)
    cols = list(columns)
    buf.write("\ufeff")
    writer.writerow(cols)
    for n, row in enumerate(rows, start=1):
        writer.writerow(["" if row.get(c) is None else row.get(c) for c in cols])
        if n % 1000 == 0:
            yield buf.getvalue()
            buf.seek(0)
            buf.truncate()
    yield buf.getvalue()


def _round(year: int, period: str) -> Period:
    return publication.published_round_or_404(year, period)


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "public/data.html",
        {
            "rounds": publication.published_rounds(),
            "datasets": DATASETS.values(),
            "ledger_columns": LEDGER_DICTIONARY,
            "districts": District.objects.only("code", "name_th", "name_en").order_by("code"),
        },
    )


@require_GET
def rounds_json(request: HttpRequest) -> JsonResponse:
    return JsonResponse(
        {
            "rounds": [
                {
                    "fiscal_year": p.fiscal_year.year,
                    "period": p.code,
                    "name_th": p.name_th,
                    "start": p.start.isoformat(),
                    "end": p.end.isoformat(),
                    "files": {
                        key: {
                            fmt: f"/public/data/{p.fiscal_year.year}/{p.code}/{key}.{fmt}"
                            for fmt in ("csv", "json")
                        }
                        for key in DATASETS
                    },
                }
                for p in publication.published_rounds()
            ]
        },
        json_dumps_params={"ensure_ascii": False},
    )


@require_GET
def dataset(request: HttpRequest, year: int, period: str, key: str, fmt: str) -> HttpResponse:
    p = _round(year, period)
    spec = DATASETS.get(key)
    if spec is None or fmt not in {"csv", "json"}:
        raise Http404
    rows = generation.cached(f"public:data:{p.pk}:{key}", lambda: spec.rows(p))
    name = f"pramoen-{p.fiscal_year.year}-{p.code}-{key}.{fmt}"
    if fmt == "json":
        body = {"fiscal_year": p.fiscal_year.year, "period": p.code, "dataset": key, "rows": rows}
        response: HttpResponse = HttpResponse(
            json.dumps(body, ensure_ascii=False), content_type="application/json; charset=utf-8"
        )
    else:
        response = HttpResponse(
            "".join(_csv_text(columns(spec), rows)),
            content_type="text/csv; charset=utf-8",
        )
    response["Content-Disposition"] = f'inline; filename="{name}"'
    response["Access-Control-Allow-Origin"] = "*"
    return response


def columns(spec: Dataset) -> list[str]:
    names = [c for c, _m in spec.columns]
    return [*names, "t2", "t3", "t4", "t5"] if "t1" in names else names


def ledger_download(district: District, period: Period, fmt: str) -> HttpResponse | StreamingHttpResponse:
    rows = selectors.ledger_rows(selectors.ledger(district, period), district, period)
    name = f"pramoen-{period.fiscal_year.year}-{period.code}-ledger-{district.code}.{fmt}"
    response: HttpResponse | StreamingHttpResponse
    if fmt == "json":
        body = {
            "fiscal_year": period.fiscal_year.year,
            "period": period.code,
            "dataset": "ledger",
            "district": district.code,
            "rows": list(rows),
        }
        response = HttpResponse(
            json.dumps(body, ensure_ascii=False), content_type="application/json; charset=utf-8"
        )
    else:
        response = StreamingHttpResponse(
            _csv_text(selectors.LEDGER_COLUMNS, rows), content_type="text/csv; charset=utf-8"
        )
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_GET
def ledger_file(
    request: HttpRequest, year: int, period: str, code: int, fmt: str
) -> HttpResponse | StreamingHttpResponse:
    p = _round(year, period)
    if fmt not in {"csv", "json"}:
        raise Http404
    return ledger_download(
        get_object_or_404(District.objects.defer("boundary", "map_boundary"), code=code), p, fmt
    )
