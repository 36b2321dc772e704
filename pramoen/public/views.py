"""The public portal: no sign-in, published rounds only, no personal data.

Pages built from many rows are cached on the data generation (``pramoen.core.generation``)."""

from __future__ import annotations

import json

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.functional import SimpleLazyObject, cached_property
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from pramoen.core import generation
from pramoen.orgs.models import Agency, District
from pramoen.public import methods, publication, selectors

LEDGER_PAGE = 100
TOP_N = 10


class _Counted(Paginator):
    """A paginator told its count (cached on the data generation) instead of counting on every page."""

    def __init__(self, object_list: object, per_page: int, *, count: int) -> None:
        super().__init__(object_list, per_page)  # type: ignore[arg-type]
        self._known = count

    @cached_property
    def count(self) -> int:
        return self._known


def _lang_name(request: HttpRequest, th: str, en: str) -> str:
    return en if getattr(request, "LANGUAGE_CODE", "th") == "en" and en else th


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    rounds = publication.published_rounds()
    if rounds:
        latest = rounds[0]
        return redirect("public:round", year=latest.fiscal_year.year, period=latest.code)
    return render(request, "public/nothing.html", {})


@require_GET
def round_scores(request: HttpRequest, year: int, period: str) -> HttpResponse:
    p = publication.published_round_or_404(year, period)
    kind = request.GET.get("kind", "")
    kind = kind if kind in Agency.Kind.values else ""
    rows, token = generation.cached_with_generation(
        f"public:scores:{p.pk}:{kind}", lambda: selectors.score_table(p, kind=kind)
    )
    scored = [r for r in rows if r.overall is not None]
    bars = [[_lang_name(request, r.name_th, r.name_en), float(r.overall or 0)] for r in scored]
    return render(
        request,
        "public/round.html",
        {
            "p": p,
            "rounds": publication.published_rounds(),
            "rows": rows,
            # read only when the table is not cached yet for the rows' generation, kind and language
            "components": SimpleLazyObject(lambda: selectors.components(p)),
            "fragment_key": f"{token}:{p.pk}:{kind}",
            "kind": kind,
            "kinds": Agency.Kind.choices,
            "top_n": TOP_N,
            "bars_top": json.dumps(bars[:TOP_N], ensure_ascii=False),
            "bars_bottom": json.dumps(bars[-TOP_N:] if len(bars) > TOP_N else [], ensure_ascii=False),
        },
    )


@require_GET
def agency(request: HttpRequest, year: int, period: str, code: str) -> HttpResponse:
    p = publication.published_round_or_404(year, period)
    a = get_object_or_404(
        Agency.objects.select_related("district").defer("district__boundary", "district__map_boundary"),
        code=code,
        is_active=True,
    )
    lines = selectors.agency_lines(a, p)
    if not lines:
        raise Http404(_("This agency has no published score in this round."))
    table = {r.code: r for r in selectors.score_table(p, kind=a.kind)}
    return render(
        request,
        "public/agency.html",
        {
            "p": p,
            "agency": a,
            "row": table.get(a.code),
            "components": selectors.components(p),
            "lines": lines,
            "how": dict(
                (k, text) for k, _label, text in methods.how_it_works(sorted({ln.method for ln in lines}))
            ),
        },
    )


@require_GET
def how(request: HttpRequest, year: int, period: str) -> HttpResponse:
    p = publication.published_round_or_404(year, period)
    return render(
        request,
        "public/methods.html",
        {"p": p, "methods": methods.how_it_works(selectors.methods_used(p)), "criteria": methods.CRITERIA},
    )


@require_GET
def complaints(request: HttpRequest, year: int, period: str) -> HttpResponse:
    p = publication.published_round_or_404(year, period)
    report = generation.cached(f"public:kpi:{p.pk}", lambda: selectors.complaint_kpis(p))
    return render(request, "public/complaints.html", {"p": p, "report": report})


@require_GET
def ledger(request: HttpRequest, year: int, period: str, code: int) -> HttpResponse | StreamingHttpResponse:
    p = publication.published_round_or_404(year, period)
    district = get_object_or_404(District.objects.defer("boundary", "map_boundary"), code=code)
    if request.GET.get("format") in {"csv", "json"}:
        from pramoen.public.data import ledger_download

        return ledger_download(district, p, request.GET["format"])
    # the page is counted and cut on the attributions' ids alone; only its 100 rows are read whole, and
    # only when the page's table is not cached yet for this generation (a new import or recompute)
    keys = selectors.ledger_keys(district, p)
    count = generation.cached(f"public:ledger-count:{p.pk}:{district.code}", keys.count)
    page = _Counted(keys, LEDGER_PAGE, count=count).get_page(request.GET.get("page"))
    rows = SimpleLazyObject(
        lambda: list(selectors.ledger_rows(selectors.ledger_of(list(page.object_list), p), district, p))
    )
    kpi = generation.cached(f"public:kpi:{p.pk}", lambda: selectors.complaint_kpis(p))
    row = next((r for r in kpi["districts"] if r["code"] == str(district.code)), None)
    context = {
        "p": p,
        "district": district,
        "page": page,
        "rows": rows,
        "kpi": row,
        "fragment_key": f"{generation.current()}:{p.pk}:{district.code}:{page.number}",
    }
    return render(request, "public/ledger.html", context)
