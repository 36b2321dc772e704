from __future__ import annotations

import numpy as np
from shapely.geometry import Point, shape

from pramoen.feeds.complaints.dedup import normalise_comment, similar
from pramoen.feeds.complaints.geo import DistrictIndex, normalise_name
from pramoen.feeds.complaints.models import Ticket, TicketDistrict
from pramoen.orgs.models import District

from .conftest import API_HEADER, DUMP_HEADER, api_row, inside, offset, write_csv


def _attrib(tid: str) -> tuple[str, list[int]]:
    t = Ticket.objects.get(ticket_id=tid)
    return t.attribution, sorted(
        TicketDistrict.objects.filter(ticket=t).values_list("district__code", flat=True)
    )


def test_attribution_follows_the_issue_order(tmp_path, run_import):
    bangrak, sathon = inside(1004), inside(1028)
    rows = [
        # (a) the organization list names two district offices → counts for both, whatever the point
        {"ticket_id": "2023-A00001", "organization": "เขตบางรัก, สำนักงานเขตสาทร, ฝ่ายโยธา เขตพระนคร",
         "coords": f"{bangrak[0]},{bangrak[1]}", "timestamp": "2023-05-13 06:00:00+00"},
        # (b) the polygon containing (lon, lat)
        {"ticket_id": "2023-A00002", "organization": "สำนักการโยธา กทม.", "coords": f"{sathon[0]},{sathon[1]}",
         "district": "บางรัก", "timestamp": "2023-05-13 06:00:00+00"},
        # (c) the swapped point (lat, lon)
        {"ticket_id": "2023-A00003", "coords": f"{bangrak[1]},{bangrak[0]}", "timestamp": "2023-05-13 06:00:00+00"},
        # (d) the district text, ราษฏร์บูรณะ spelled as in the BMA layer
        {"ticket_id": "2023-A00004", "coords": "100.0,10.0", "district": "เขตราษฏร์บูรณะ",
         "timestamp": "2023-05-13 06:00:00+00"},
        # (e) outside Bangkok with no usable text
        {"ticket_id": "2023-A00005", "coords": "100.9,14.5", "district": "บางพลี", "timestamp": "2023-05-13 06:00:00+00"},
    ]  # fmt: skip
    summary = run_import(write_csv(tmp_path / "dump.csv", DUMP_HEADER, rows))
    assert summary.rejects == []
    assert _attrib("2023-A00001") == ("organization", [1004, 1028])
    assert _attrib("2023-A00002") == ("polygon", [1028])
    assert _attrib("2023-A00003") == ("swapped", [1004])
    assert _attrib("2023-A00004") == ("text", [1024])
    assert _attrib("2023-A00005") == ("none", [])
    flags = {t.ticket_id: t for t in Ticket.objects.all()}
    assert flags["2023-A00003"].flag_swapped and not flags["2023-A00002"].flag_swapped
    assert flags["2023-A00002"].flag_text_mismatch  # text says บางรัก, the point is in สาทร
    assert flags["2023-A00004"].flag_outside and flags["2023-A00005"].flag_outside
    assert not flags["2023-A00001"].flag_outside


def test_points_within_100_m_of_another_district_are_flagged(db):
    index = DistrictIndex.load()
    bangrak = shape(District.objects.get(code=1004).boundary)
    sathon = shape(District.objects.get(code=1028).boundary)
    border = bangrak.boundary.intersection(sathon.boundary)
    on_border = border.representative_point() if not border.is_empty else bangrak.boundary.interpolate(0)
    # step 20 m into Bang Rak from the shared border
    centre = bangrak.representative_point()
    dx, dy = centre.x - on_border.x, centre.y - on_border.y
    length = (dx * dx + dy * dy) ** 0.5
    near = Point(on_border.x + dx / length * 0.0002, on_border.y + dy / length * 0.0002)
    far = centre
    result = index.attribute([near.x, far.x], [near.y, far.y], ["", ""], ["", ""])
    assert result[0].near_boundary is True
    assert result[1].near_boundary is False


def test_names_are_normalised_for_both_spellings():
    assert normalise_name("เขตราษฏร์บูรณะ") == normalise_name("ราษฎร์บูรณะ")
    assert normalise_name("สำนักงานเขตบางรัก") == "บางรัก"


def test_comment_similarity_ignores_spacing_and_punctuation():
    assert normalise_comment("ไฟดับ  ซอย 5!") == "ไฟดับซอย5"
    assert similar("ไฟฟ้าดับทั้งซอยมืดมาก", "ไฟฟ้าดับทั้งซอยมืดมากครับ", 0.8)
    assert not similar("ไฟฟ้าดับทั้งซอย", "ขยะล้นถังหน้าตลาด", 0.8)


def _dups() -> dict[str, str | None]:
    return {
        td.ticket.ticket_id: (td.duplicate_of.ticket_id if td.duplicate_of else None)
        for td in TicketDistrict.objects.select_related("ticket", "duplicate_of")
    }


def test_duplicates_follow_time_distance_tag_and_text_rules(tmp_path, run_import):
    p = inside(1004)
    near, far = offset(p, 20), offset(p, 60)
    rows = [
        api_row("2022-D00001", p, "2022-11-01 01:00:00+00", type="{ถนน}", comment="ถนนเป็นหลุมใหญ่"),
        # 20 m away, 1 day later, shares the tag ถนน → duplicate of D00001
        api_row("2022-D00002", near, "2022-11-02 01:00:00+00", type="{ถนน,ทางเท้า}", comment="อื่น"),
        # 60 m away → not a duplicate
        api_row("2022-D00003", far, "2022-11-02 02:00:00+00", type="{ถนน}"),
        # 8 days after D00001 but 6 days after D00002 → duplicate, naming the group's original D00001
        api_row("2022-D00004", p, "2022-11-08 00:00:00+00", type="{ถนน}"),
        # no shared tag, near-identical comment → duplicate
        api_row("2022-D00005", p, "2022-11-08 01:00:00+00", type="{}", comment="ถนนเป็นหลุมใหญ่ !"),
        # no shared tag, different comment → not a duplicate
        api_row("2022-D00006", p, "2022-11-08 02:00:00+00", type="{แสงสว่าง}", comment="ไฟดับ"),
        # 30 days later: too late
        api_row("2022-D00007", p, "2022-12-08 02:00:00+00", type="{ถนน}"),
    ]
    summary = run_import(write_csv(tmp_path / "d.csv", API_HEADER, rows))
    assert _dups() == {
        "2022-D00001": None,
        "2022-D00002": "2022-D00001",
        "2022-D00003": None,
        "2022-D00004": "2022-D00001",
        "2022-D00005": "2022-D00001",
        "2022-D00006": None,
        "2022-D00007": None,
    }
    assert summary.duplicates == 3
    # dedup off at import leaves no duplicates for the new rows
    run_import(
        write_csv(
            tmp_path / "e.csv",
            API_HEADER,
            [api_row("2022-D00008", p, "2022-12-08 03:00:00+00", type="{ถนน}")],
        ),
        dedup_on=False,
    )
    assert _dups()["2022-D00008"] is None


def test_a_ticket_resolved_before_the_new_one_is_not_its_original(tmp_path, run_import):
    p = inside(1028)
    dump = [
        {"ticket_id": "2023-R00001", "type": "{ถนน}", "coords": f"{p[0]},{p[1]}", "timestamp": "2023-05-01 01:00:00+00",
         "state": "เสร็จสิ้น", "last_activity": "2023-05-02 01:00:00+00"},
        {"ticket_id": "2023-R00002", "type": "{ถนน}", "coords": f"{p[0]},{p[1]}", "timestamp": "2023-05-03 01:00:00+00"},
        {"ticket_id": "2023-R00003", "type": "{ถนน}", "coords": f"{p[0]},{p[1]}", "timestamp": "2023-05-03 05:00:00+00"},
    ]  # fmt: skip
    run_import(write_csv(tmp_path / "r.csv", DUMP_HEADER, dump))
    assert _dups() == {"2023-R00001": None, "2023-R00002": None, "2023-R00003": "2023-R00002"}


def test_tickets_in_different_districts_are_never_duplicates(tmp_path, run_import):
    bangrak = inside(1004)
    rows = [
        api_row("2022-X00001", bangrak, "2022-11-01 01:00:00+00"),
        {**api_row("2022-X00002", bangrak, "2022-11-01 02:00:00+00")},
    ]
    # the second is attributed to Sathon by its organization list
    dump = [
        {"ticket_id": r["ticket_id"], "type": "{ถนน}", "coords": r["coords"], "timestamp": r["timestamp"],
         "organization": "เขตบางรัก" if i == 0 else "เขตสาทร"}
        for i, r in enumerate(rows)
    ]  # fmt: skip
    run_import(write_csv(tmp_path / "x.csv", DUMP_HEADER, dump))
    assert _dups() == {"2022-X00001": None, "2022-X00002": None}


def test_the_district_index_is_reused_until_an_outline_changes(db):
    index = DistrictIndex.load()
    assert DistrictIndex.load() is index
    bangrak = District.objects.get(code=1004)
    square = {"type": "Polygon", "coordinates": [[[0, 0], [0, 1], [1, 1], [1, 0], [0, 0]]]}
    District.objects.filter(pk=bangrak.pk).update(boundary=square)
    changed = DistrictIndex.load()
    assert changed is not index
    k = list(changed.ids).index(bangrak.pk)
    assert changed.locate(np.array([0.5]), np.array([0.5]))[0] == k


def test_a_failure_growing_the_district_buffers_is_raised_where_they_are_used(db, monkeypatch):
    """The 100 m buffers are grown in a thread; its failure must reach the import, not vanish with it."""
    import pytest

    from pramoen.feeds.complaints import geo

    def broken(*args, **kwargs):
        raise RuntimeError("GEOS failed")

    monkeypatch.setattr(geo, "_CACHED", None)
    monkeypatch.setattr(geo.shapely, "buffer", broken)
    index = DistrictIndex.load()
    lon, lat = inside(1004)
    with pytest.raises(RuntimeError, match="GEOS failed"):
        index.attribute([lon], [lat], [""], [""])
