"""The appeal ticket picker and the items it adds show ticket comments masked."""

from __future__ import annotations

from pramoen.appeals import candidates, services
from pramoen.core.audit import acting_as
from pramoen.feeds.complaints.importer import complaints_import
from tests.feeds.complaints.conftest import API_HEADER, api_row, inside, offset, write_csv

PHONE, EMAIL = "081-234-5678", "somchai@example.com"


def test_the_picker_and_the_added_items_mask_the_comment(year, personas, tmp_path):
    comment = f"นายสมชาย ใจดี โทร {PHONE} {EMAIL} ถนนชำรุด"
    row = api_row(
        "2024-PD0001", offset(inside(1004), 1000), "2024-01-20 03:00:00+00", comment=comment, type=""
    )
    with acting_as(label="system:test"):
        complaints_import(actor=None, path=write_csv(tmp_path / "pd.csv", API_HEADER, [row]))
    case = services.appeal_create(
        actor=personas["bangrak.staff"],
        category=year["categories"]["tickets-prank"],
        assignment=year["a"]["4"],
        reason="เหตุผล",
    )
    picked = [c for c in candidates.for_case(case) if c["ref"] == "2024-PD0001"]
    assert picked and "ถนนชำรุด" in picked[0]["label"]
    assert not any(s in picked[0]["label"] for s in (PHONE, EMAIL, "สมชาย"))
    services.appeal_items_add(actor=personas["bangrak.staff"], case=case, refs=["2024-PD0001"])
    label = case.items.get(ref="2024-PD0001").label
    assert "ถนนชำรุด" in label and not any(s in label for s in (PHONE, EMAIL, "สมชาย"))
