"""Monitoring pages: ``rounds`` (rounds, the report, XLSX export/import, open items, the recurring-obstacle
matrices) and ``sheets`` (a committee's sheet, read or keyboard-first entry, and follow-up).  Thin: forms
check input, services and selectors do the work, the policy decides."""

from pramoen.monitoring.views.rounds import (
    home,
    matrix,
    open_items,
    report_download,
    report_font,
    round_create,
    round_detail,
    round_export,
    round_import,
    round_publish,
)
from pramoen.monitoring.views.sheets import (
    follow_up,
    item_add,
    item_delete,
    item_edit,
    item_move,
    items_reorder,
    meeting_add,
    observation_assign,
    sheet_detail,
)

__all__ = [
    "follow_up",
    "home",
    "item_add",
    "item_delete",
    "item_edit",
    "item_move",
    "items_reorder",
    "matrix",
    "meeting_add",
    "observation_assign",
    "open_items",
    "report_download",
    "report_font",
    "round_create",
    "round_detail",
    "round_export",
    "round_import",
    "round_publish",
    "sheet_detail",
]
