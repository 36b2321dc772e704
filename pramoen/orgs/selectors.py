"""Reads of organisation data.  Each returns a queryset shaped for its page so query counts stay fixed."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Prefetch, QuerySet

from pramoen.orgs.models import Agency, Committee, CommitteeMember, District, DistrictGroup, RoleAssignment


def agency_list(*, kind: str | None = None, query: str | None = None) -> QuerySet[Agency]:
    qs = Agency.objects.filter(is_active=True).select_related("district__group")
    if kind:
        qs = qs.filter(kind=kind)
    if query:
        from django.db.models import Q

        qs = qs.filter(
            Q(name_th__icontains=query)
            | Q(name_en__icontains=query)
            | Q(abbr_th__icontains=query)
            | Q(code__iexact=query)
        )
    return qs.order_by("kind", "name_th")


def agency_detail(*, code: str) -> Agency:
    return Agency.objects.select_related("district__group__committee").get(code=code)


def committees_of_agency(agency: Agency) -> list[Committee]:
    """The committees reviewing an agency: named directly, or through its district's group."""
    direct = list(agency.committees.all())
    district = getattr(agency, "district", None)
    if district is not None and hasattr(district.group, "committee"):
        direct.append(district.group.committee)
    return direct


def committee_list() -> QuerySet[Committee]:
    return (
        Committee.objects.select_related("district_group")
        .annotate(
            n_agencies=Count("agencies", distinct=True),
            n_districts=Count("district_group__districts", distinct=True),
        )
        .order_by("number")
    )


def committee_detail(*, number: int) -> Committee:
    return (
        Committee.objects.select_related("district_group")
        .prefetch_related(
            "agencies",
            Prefetch("members", queryset=CommitteeMember.objects.select_related("user")),
            Prefetch(
                "district_group__districts",
                queryset=District.objects.select_related("office").defer("boundary"),
            ),
        )
        .get(number=number)
    )


def district_list() -> QuerySet[District]:
    return District.objects.select_related("group", "office").defer("boundary").order_by("code")


def district_groups() -> QuerySet[DistrictGroup]:
    return DistrictGroup.objects.prefetch_related(
        Prefetch("districts", queryset=District.objects.defer("boundary").order_by("name_th"))
    ).select_related("committee")


def district_detail(*, code: int) -> District:
    return District.objects.select_related("group__committee", "office").get(code=code)


def district_geometry(district: District, *, simplify: bool) -> dict[str, Any]:
    return district.map_boundary if simplify else district.boundary


def district_feature(d: District, *, simplify: bool = False) -> dict[str, Any]:
    """One district as a GeoJSON Feature: its outline and what a map labels it with."""
    return {
        "type": "Feature",
        "id": d.code,
        "geometry": district_geometry(d, simplify=simplify),
        "properties": {
            "code": d.code,
            "name_th": d.name_th,
            "name_en": d.name_en,
            "group_code": d.group.code,
            "group_name_th": d.group.name_th,
            "group_name_en": d.group.name_en,
            "group_color": d.group.color,
            "office_code": d.office.code,
            "population": d.population,
            "area_km2": str(d.area_km2),
        },
    }


def districts_geojson(*, simplify: bool = False) -> dict[str, Any]:
    # Only the outline asked for is loaded: the full layer is 3.4 MB of JSON to parse.
    rows = District.objects.select_related("group", "office").defer(
        "map_boundary" if not simplify else "boundary"
    )
    features = [district_feature(d, simplify=simplify) for d in rows.order_by("code")]
    return {"type": "FeatureCollection", "features": features}


def agency_staff(*, agency: Agency) -> QuerySet[RoleAssignment]:
    """Who holds a role in an agency (private: only for those who may see the agency's own data)."""
    return (
        RoleAssignment.objects.filter(agency=agency).select_related("user").order_by("role", "user__username")
    )
