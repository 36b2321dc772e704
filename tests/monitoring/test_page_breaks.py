"""Where the official PDF breaks its pages: laid out by WeasyPrint (the PDF's own engine) and read box by
box.  No table row is cut so that its component's name stands at the foot of a page with nothing of its
obstacles or suggestions beside it; no aspect or level heading ends a page away from its first item;
no committee or section heading is the last thing on a page.  The check is shown to bite: without the
template's ``break-after: avoid`` the FY2567 report ends page 2 with "- ด้านอื่น ๆ" and its item on page 3."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from pramoen.core.pdf_fonts import pdf_font_dir
from pramoen.monitoring.render import _html, default_margins
from pramoen.monitoring.report import build_report

pytestmark = pytest.mark.slow  # lays out the whole 32-page report twice (~20 s)

HEADING_CLASSES = ("aspect", "level")


def _text(box: Any) -> str:
    parts, stack = [], [box]
    while stack:
        b = stack.pop()
        if isinstance(getattr(b, "text", None), str):
            parts.append(b.text)
        stack.extend(reversed(getattr(b, "children", None) or []))
    return "".join(parts).strip()


def _boxes(box: Any, kind: str) -> Iterator[Any]:
    if type(box).__name__ == kind:
        yield box
    for child in getattr(box, "children", None) or []:
        yield from _boxes(child, kind)


def _classes(box: Any) -> str:
    element = getattr(box, "element", None)
    return (element.get("class") or "") if element is not None else ""


def break_faults(html: str) -> list[str]:
    from weasyprint import HTML

    document = HTML(string=html, base_url=str(pdf_font_dir())).render()
    faults, tags = [], set()
    for number, page in enumerate(document.pages, start=1):
        for row in _boxes(page._page_box, "TableRowBox"):
            cells = [_text(cell) for cell in row.children]
            if len(cells) == 3 and cells[0] and not (cells[1] or cells[2]):
                faults.append(f"page {number}: {cells[0][:30]!r} alone at the foot")
            for cell in row.children[1:]:
                blocks = [b for b in cell.children if _text(b)]
                if blocks and any(c in _classes(blocks[-1]) for c in HEADING_CLASSES):
                    faults.append(f"page {number}: heading {_text(blocks[-1])[:30]!r} ends the page")
        body = [c for c in page._page_box.children if type(c).__name__ != "MarginBox"]
        flow = [
            b
            for root in body
            for b in _boxes(root, "BlockBox")
            if b.children and all(type(c).__name__ == "LineBox" for c in b.children) and _text(b)
        ]
        tags |= {getattr(b, "element_tag", "") for b in flow}
        if flow and getattr(flow[-1], "element_tag", "") in {"h2", "h3", "h4"}:
            faults.append(f"page {number}: section heading {_text(flow[-1])[:30]!r} ends the page")
    assert {"h2", "p"} <= tags, tags  # the walk does see the headings and paragraphs it judges
    return faults


def _report_html(round: Any) -> str:
    report = build_report(round=round)
    return _html(report, margins=default_margins(), font_base=pdf_font_dir().as_uri() + "/", pdf=True)


def test_no_heading_or_component_name_is_left_at_the_foot_of_a_page(demo_round):
    html = _report_html(demo_round)
    assert break_faults(html) == []
    # the check bites: the same report without the template's keep-with-next rules has a fault
    loose = html.replace("break-after: avoid;", "").replace("orphans: 2; widows: 2;", "")
    assert break_faults(loose) != []


CM = 96 / 2.54  # CSS px in a centimetre


def _layout(html: str) -> Any:
    from weasyprint import HTML

    return HTML(string=html, base_url=str(pdf_font_dir())).render()


def _row_pages(document: Any, component: str) -> tuple[int, int, float]:
    """(page with the row's component name, page with its first obstacle, room left under the row's top on
    the name's page, in px) for the report's row of ``component``."""
    name_page = item_page = 0
    room = 0.0
    for number, page in enumerate(document.pages, start=1):
        for row in _boxes(page._page_box, "TableRowBox"):
            if row.element is None or row.element.get("data-component") != component:
                continue
            if not name_page and _text(row.children[0]):
                name_page = number
                room = page._page_box.content_box_y() + page._page_box.height - row.position_y
            items = [b for b in row.children[1].children if "item" in _classes(b)]
            if not item_page and any(_text(b) for b in items):
                item_page = number
    return name_page, item_page, room


def _pushed(html: str, component: str, height: float) -> str:
    """The report with an empty row of ``height`` px before the row of ``component``."""
    spacer = f'<tr><td colspan="3" style="height: {height:.1f}px; padding: 0; border: 0"></td></tr>'
    marker = f'<tr data-component="{component}">'
    assert marker in html
    return html.replace(marker, spacer + marker, 1)


def test_a_component_name_at_the_foot_of_a_page_goes_over_with_its_first_row(demo_round):
    """Committee 1's row 3.1 pushed down until it starts with one, one and a half, then two lines left on its
    page: its name "องค์ประกอบที่ ๓ ตัวชี้วัดที่ ๓.๑" and its aspect heading stand on the page of its first
    obstacle, never at the foot of a page above a break (without the template's rules they do)."""
    html = _html(
        build_report(round=demo_round, committees=[1]),
        margins=default_margins(),
        font_base=pdf_font_dir().as_uri() + "/",
        pdf=True,
    )
    name_page, item_page, room = _row_pages(_layout(html), "3.1")
    assert name_page == item_page and room > 3 * CM  # as laid out, the row starts mid-page
    for left in (0.6, 0.9, 1.2):
        pushed = _pushed(html, "3.1", room - left * CM)
        name_page, item_page, _room = _row_pages(_layout(pushed), "3.1")
        assert name_page == item_page, f"{left} cm left: the name on page {name_page}, its row on {item_page}"
        assert break_faults(pushed) == []
    loose = _pushed(html.replace("break-after: avoid;", ""), "3.1", room - 0.9 * CM)
    name_page, item_page, _room = _row_pages(_layout(loose), "3.1")
    assert (name_page, item_page) == (2, 3)  # the check bites: the name left behind without the rules
