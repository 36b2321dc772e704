"""A fiscal year's framework as one XLSX workbook: export, and an all-or-nothing import of the same format.

Sheets: components, indicators, assignments, targets (data), plus "about" and "lists" (written on export,
ignored on import).  Row 1 holds the Thai header, row 2 the English key that the import reads; data starts
at row 3.  The workbook is the whole framework of the year: rows that are not in it are removed (unless
someone's data hangs on them, see ``apply.blocked_removals``).  Every cell is checked before anything is
written and every error is reported with its sheet, row and column.  See docs/framework_workbook.md.

Modules: ``spec`` (layout, errors), ``export``, ``cells`` (reading rows and typed cells), ``parse`` (every
check), ``apply`` (writing, all or nothing).
"""

from pramoen.framework.workbook.apply import ImportReport, SheetCounts, framework_workbook_import
from pramoen.framework.workbook.export import framework_workbook_export
from pramoen.framework.workbook.parse import parse_workbook
from pramoen.framework.workbook.spec import DATA_SHEETS, WorkbookError, WorkbookInvalid

__all__ = [
    "DATA_SHEETS",
    "ImportReport",
    "SheetCounts",
    "WorkbookError",
    "WorkbookInvalid",
    "framework_workbook_export",
    "framework_workbook_import",
    "parse_workbook",
]
