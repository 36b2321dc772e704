"""A past fiscal year (FY2566) of budget movements and complaint tickets for บางรัก (1004): what the
year-end projection reads as the seasonality of budget and complaints."""

from __future__ import annotations

from pathlib import Path

from pramoen.core.audit import acting_as
from pramoen.feeds.budget.services import budget_import
from pramoen.feeds.complaints.importer import complaints_import
from tests.feeds.complaints.conftest import API_HEADER, api_row, inside, offset, write_csv

PAST_BUDGET = (
    "record,agency,fiscal_year,line,name,budget_type,source,welfare,approved,date,amount,ref,event,note\n"
    "line,1004,2566,OP,ค่าใช้สอย,operating,annual,,100000000,,,,,\n"
    "line,1004,2566,PER,เงินเดือน,personnel,annual,,100000000,,,,,\n"
    "disbursement,1004,2566,OP,,,,,,2022-11-15,30000000,DV-1,,\n"
    "disbursement,1004,2566,OP,,,,,,2023-03-15,30000000,DV-2,,\n"
    "disbursement,1004,2566,OP,,,,,,2023-08-15,40000000,DV-3,,\n"
    # personnel budget is left out of KPI 3.2, so it does not shape the season either
    "disbursement,1004,2566,PER,,,,,,2023-09-15,90000000,DV-4,,\n"
)


def add_past_year(tmp_path: Path) -> None:
    home = inside(1004)
    rows = [
        api_row("2023-OLD001", offset(home, 150), "2022-11-10 03:00:00+00", state="เสร็จสิ้น"),
        api_row("2023-OLD002", offset(home, 350), "2022-11-20 03:00:00+00", state="เสร็จสิ้น"),
        api_row("2023-OLD003", offset(home, 550), "2023-06-10 03:00:00+00", state="เสร็จสิ้น"),
        api_row("2023-OLD004", offset(home, 750), "2023-06-20 03:00:00+00", state="รอรับเรื่อง"),
    ]
    with acting_as(label="system:test"):
        budget_import(actor=None, upload=PAST_BUDGET.encode(), filename="past.csv")
        complaints_import(actor=None, path=write_csv(tmp_path / "past.csv", API_HEADER, rows))
