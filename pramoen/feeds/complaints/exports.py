"""KPI and ticket lists as text tables, CSV and XLSX."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import Any

from openpyxl import Workbook

from pramoen.core.spreadsheets import csv_row, xlsx_row

KPI_COLUMNS = (
    "code", "name_th", "received", "not_relevant", "forwarded", "duplicate", "appeal", "counted", "resolved",
    "kpi_percent", "kpi_percent_if_pending_steps_done", "kpi_percent_without_stars", "kpi_percent_with_stars",
    "star_percent", "mean_star", "rated", "reopened",
    "median_days_to_resolve", "per_10k_residents", "peer_group", "rank_in_peer_group",
)  # fmt: skip


def other_stars_key(report: dict[str, Any]) -> str:
    """The KPI row's key of the figure for the stars' other place: shown beside the official one."""
    return "kpi_percent_without_stars" if report["stars_place"] == "counted" else "kpi_percent_with_stars"


def stars_note(report: dict[str, Any]) -> str:
    if report["stars_place"] != "counted":
        return f"stars beside, other% = with stars at weight {report['stars_weight']}%"
    demo = " (demo weight)" if report["stars_weight_is_demo"] else ""
    return f"stars counted at weight {report['stars_weight']}%{demo}, other% = without stars"


def _flat(row: dict[str, Any]) -> list[Any]:
    merged = {**row, **row["excluded"]}
    return [merged.get(c) for c in KPI_COLUMNS]


def kpi_table_text(report: dict[str, Any]) -> str:
    dedup = "on" if report["dedup"] else "off"
    lines = [f"{report['start']} … {report['end']} (dedup {dedup}; {stars_note(report)})"]
    header = (
        "code",
        "district",
        "recv",
        "nr",
        "fwd",
        "dup",
        "appeal",
        "counted",
        "resolved",
        "kpi%",
        "alt%",
        "other%",
        "star",
    )
    lines.append(" ".join(f"{h:>8}" for h in header))
    for r in report["districts"]:
        e = r["excluded"]
        values = (
            r["code"], r["name_th"][:8], r["received"], e["not_relevant"], e["forwarded"], e["duplicate"],
            e["appeal"], r["counted"], r["resolved"], r["kpi_percent"],
            r["kpi_percent_if_pending_steps_done"], r[other_stars_key(report)], r["mean_star"],
        )  # fmt: skip
        lines.append(" ".join(f"{'-' if v is None else v!s:>8}" for v in values))
    lines.append(f"unattributed: {report['unattributed']}")
    return "\n".join(lines) + "\n"


def kpi_xlsx(report: dict[str, Any]) -> bytes:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "KPI"
    ws.append(xlsx_row(ws, [f"{report['start']} – {report['end']}", stars_note(report)]))
    ws.append(xlsx_row(ws, list(KPI_COLUMNS)))
    for r in report["districts"]:
        ws.append(xlsx_row(ws, _flat(r)))
    ws.append(xlsx_row(ws, ["unattributed", report["unattributed"]]))
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def rows_csv(header: Iterable[str], rows: Iterable[Iterable[Any]]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(list(header))
    for row in rows:
        writer.writerow(csv_row("" if v is None else v for v in row))
    return buf.getvalue()


def rows_xlsx(header: Iterable[str], rows: Iterable[Iterable[Any]]) -> bytes:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(xlsx_row(ws, list(header)))
    for row in rows:
        ws.append(xlsx_row(ws, ["" if v is None else v for v in row]))
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
