"""Reading a block pasted from the report (Word or PDF) into items, before anything is saved.

A block such as

    - ด้านงบประมาณ
    ระดับสำนักงานเขต
    ๑. หน่วยงานได้รับงบประมาณไม่เพียงพอ ส่งผลกระทบต่อ
    การดำเนินงานตามตัวชี้วัด
    ๒. ...

gives two items (aspect budget, level district), not five: aspect headings ("- ด้านบุคลากร",
"ด้านการบริหารจัดการและการบูรณาการ", "ด้านเทคโนโลยี", "ด้านอื่นๆ") and level headings ("ระดับสำนัก",
"ระดับสำนักงานเขต", "ระดับส่วนราชการฯ", …) set the aspect and level of the items that follow and are not
items; a number ("๑.", "1.", "(๑)") starts an item; "๑)" starts a sub-item of a suggestion or an
observation; a line without a number continues the item before it (a line wrapped by the PDF).  A level
written at the start of an item ("๑.ระดับสำนักงานเขต หน่วยงาน…", committee 2's way) or at the end of a
paragraph (committee 5's) is read too.  The result is shown as a preview; the secretary then adds it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pramoen.core.thai import to_arabic_digits

ASPECT_ALIASES: dict[str, str] = {
    "ด้านบุคลากร": "personnel",
    "ด้านงบประมาณ": "budget",
    "ด้านการบริหารจัดการและการบูรณาการ": "management",
    "ด้านการบริหารจัดการและบูรณาการ": "management",
    "ด้านบริหารจัดการและการบูรณาการ": "management",
    "ด้านบริหารจัดการและบูรณาการ": "management",
    "ด้านเทคโนโลยีและนวัตกรรม": "technology",
    "ด้านเทคโนโลยี": "technology",
    "ด้านอื่นๆ": "other",
    "ด้านอื่น ๆ": "other",
    "ด้านอื่น": "other",
}
LEVEL_ALIASES: dict[str, str] = {
    "ระดับสำนักงานและสำนักงานเขต": "both",
    "ระดับสำนักและสำนักงาน": "bureau",
    "ระดับสำนักงานเขต": "district",
    "ระดับส่วนราชการฯ": "department",
    "ระดับส่วนราชการ": "department",
    "ระดับสำนัก": "bureau",
}


def _alternation(aliases: dict[str, str]) -> str:
    return "|".join(re.escape(a) for a in sorted(aliases, key=len, reverse=True))


_END = r"(?=\s|$)"
_ASPECT = re.compile(rf"^[-–•*]?\s*({_alternation(ASPECT_ALIASES)}){_END}\s*")
_LEVEL = re.compile(rf"^({_alternation(LEVEL_ALIASES)}){_END}\s*")
_TRAILING_LEVEL = re.compile(rf"\s({_alternation(LEVEL_ALIASES)})$")
_ITEM_NUMBER = re.compile(r"^(?:\((\d+)\)|(\d+)\.(?!\d))\s*")
_SUB_NUMBER = re.compile(r"^(\d+)\)\s*")
_BULLET = re.compile(r"^[-–•]\s+")
_TRAILING_DASHES = re.compile(r"\s+[-–]+$")  # a stray rule the PDF conversion leaves after a cell


@dataclass
class PastedItem:
    text: str
    aspect: str = ""
    level: str = ""
    sub_items: list[str] = field(default_factory=list)
    numbered: bool = True  # the pasted text gave it a number


@dataclass
class PasteResult:
    items: list[PastedItem]
    headings: int = 0  # aspect and level headings read (not items)
    joined: int = 0  # wrapped lines joined to the line before

    @property
    def missing_aspect(self) -> bool:
        return any(not i.aspect for i in self.items)


def _clean(line: str) -> str:
    return " ".join(line.replace("\u200b", "").split())


_THAI = re.compile("[\u0e01-\u0e4e]")


def _join(before: str, after: str) -> str:
    """A wrapped line joined back: Thai runs on without a space (the PDF broke a line inside Thai text,
    where Thai puts none); anything else gets one."""
    if before and _THAI.match(before[-1]) and _THAI.match(after[0]):
        return before + after
    return f"{before} {after}".strip()


def parse_paste(text: str, *, kind: str, aspect: str = "", level: str = "") -> PasteResult:
    """``text`` as items of ``kind`` ("obstacle", "suggestion", "observation"); ``aspect`` and
    ``level`` are used until the text names its own."""
    result = PasteResult(items=[])
    current: PastedItem | None = None
    in_sub = False
    for raw in text.splitlines():
        line = _clean(raw)
        while line:
            arabic = to_arabic_digits(line)
            m = _ASPECT.match(line)
            if m:
                aspect, level = ASPECT_ALIASES[m.group(1)], ""
                result.headings += 1
                current, in_sub = None, False
                line = line[m.end() :]
                continue
            m = _LEVEL.match(line)
            if m:
                level = LEVEL_ALIASES[m.group(1)]
                result.headings += 1
                current, in_sub = None, False
                line = line[m.end() :]
                continue
            trailing = _TRAILING_LEVEL.search(line)
            next_level = LEVEL_ALIASES[trailing.group(1)] if trailing else None
            if trailing:
                line = line[: trailing.start()].rstrip()
            sub = _SUB_NUMBER.match(arabic) if kind != "obstacle" else None
            number = _ITEM_NUMBER.match(arabic) or (_SUB_NUMBER.match(arabic) if kind == "obstacle" else None)
            if sub and current is not None:
                current.sub_items.append(line[sub.end() :].strip())
                in_sub = True
            elif number or _BULLET.match(line) or current is None:
                body = line[number.end() :] if number else _BULLET.sub("", line)
                own_level = level
                inline = _LEVEL.match(body)
                if inline:
                    own_level, body = LEVEL_ALIASES[inline.group(1)], body[inline.end() :]
                current = PastedItem(body.strip(), aspect, own_level, numbered=bool(number))
                result.items.append(current)
                in_sub = False
            elif in_sub and current.sub_items:
                current.sub_items[-1] = _join(current.sub_items[-1], line)
                result.joined += 1
            else:
                current.text = _join(current.text, line)
                result.joined += 1
            if next_level is not None:
                level = next_level
                result.headings += 1
                current, in_sub = None, False
            line = ""
    for item in result.items:
        item.text = _TRAILING_DASHES.sub("", _clean(item.text))
    result.items = [i for i in result.items if i.text]
    return result


def preview_numbers(result: PasteResult, kind: str) -> list[str]:
    """The number the report will print before each pasted item (were they the only items)."""
    from pramoen.monitoring.report import numbered_lines

    numbers: dict[int, str] = {}
    groups: dict[str, list[PastedItem]] = {}
    for item in result.items:
        groups.setdefault(item.aspect if kind == "obstacle" else "", []).append(item)
    for items in groups.values():
        numbers.update(numbered_lines(items, observation=kind == "observation"))
    return [numbers[id(item)] for item in result.items]
