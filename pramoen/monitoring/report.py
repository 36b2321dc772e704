"""The committee report as a plain structure, laid out like the FY2567 half-year report; the renderers
(``render.py``) only turn it into DOCX, HTML or PDF.

Per committee: the heading "คณะที่ ๑ ด้านการคลังและงบประมาณ", "(ประกอบด้วย …)", one table row per component
in the fixed order (an empty cell prints "-"), obstacles grouped by aspect (bold) then level
(underlined) and numbered ๑. ๒. … in each group; agency suggestions by level, numbered when a group has
more than one, the suggesting agency in brackets; then the chair's observations (๑) (๒) … with their
sub-items ๑) ๒) …, numbered again within each level group.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from pramoen.core.thai import to_thai_digits
from pramoen.monitoring.models import Observation, Obstacle, Round, Sheet, Suggestion
from pramoen.monitoring.vocab import (
    ASPECT_ORDER,
    ASPECT_TH,
    COMPONENT_ORDER,
    LEVEL_TH,
    PERIOD_TH,
    Aspect,
    Level,
    component_heading_th,
)

TITLE_TH = "ผลการตรวจติดตามประเมินผลการปฏิบัติราชการประจำปีของหน่วยงานสังกัดกรุงเทพมหานคร"
TABLE_HEADINGS_TH = ("องค์ประกอบ", "ปัญหา/อุปสรรค", "ข้อเสนอแนะจากหน่วยงาน")
OBSERVATIONS_TH = "ข้อสังเกตและข้อเสนอแนะจากประธานกรรมการและรองประธานกรรมการ คณะกรรมการตรวจติดตามฯ"
EMPTY = "-"


@dataclass
class Line:
    number: str  # "๑." or "(๑)" or "" when a group holds a single suggestion
    text: str
    sub_items: list[str] = field(default_factory=list)  # already numbered "๑) …"


@dataclass
class LevelBlock:
    level: str  # "" when the committee did not split by level
    lines: list[Line]

    @property
    def level_th(self) -> str:
        return LEVEL_TH[Level(self.level)]


@dataclass
class AspectBlock:
    aspect: str
    levels: list[LevelBlock]

    @property
    def aspect_th(self) -> str:
        return "- " + ASPECT_TH[Aspect(self.aspect)]


@dataclass
class Row:
    component: str
    heading: str
    obstacles: list[AspectBlock]
    suggestions: list[LevelBlock]


@dataclass
class CommitteeSection:
    number: int
    heading: str
    consisting_of: str
    rows: list[Row]
    observations: list[LevelBlock]


@dataclass
class RoundReport:
    title: str
    subtitle: str
    committees: list[CommitteeSection]

    @property
    def filename_stem(self) -> str:
        return "monitoring-report"


def _sub_items(values: Sequence[str]) -> list[str]:
    return [f"{to_thai_digits(i)}) {text}" for i, text in enumerate(values, start=1)]


def _by_level(items: Iterable[Any]) -> list[tuple[str, list[Any]]]:
    groups: dict[str, list[Any]] = {}
    for item in items:
        groups.setdefault(item.level, []).append(item)
    return list(groups.items())


def _obstacle_blocks(obstacles: list[Obstacle]) -> list[AspectBlock]:
    blocks = []
    for aspect in ASPECT_ORDER:
        mine = [o for o in obstacles if o.aspect == aspect]
        if not mine:
            continue
        levels = [
            LevelBlock(level, [Line(f"{to_thai_digits(n)}.", o.text) for n, o in enumerate(group, start=1)])
            for level, group in _by_level(mine)
        ]
        blocks.append(AspectBlock(aspect, levels))
    return blocks


def _suggestion_text(s: Suggestion) -> str:
    if s.agency is None:
        return s.text
    return f"{s.text} ({s.agency.abbr_th or s.agency.name_th})"


def _suggestion_blocks(suggestions: list[Suggestion]) -> list[LevelBlock]:
    blocks = []
    for level, group in _by_level(suggestions):
        numbered = len(group) > 1
        lines = [
            Line(f"{to_thai_digits(n)}." if numbered else "", _suggestion_text(s), _sub_items(s.sub_items))
            for n, s in enumerate(group, start=1)
        ]
        blocks.append(LevelBlock(level, lines))
    return blocks


def _observation_blocks(observations: list[Observation]) -> list[LevelBlock]:
    return [
        LevelBlock(
            level,
            [
                Line(f"({to_thai_digits(n)})", o.text, _sub_items(o.sub_items))
                for n, o in enumerate(group, start=1)
            ],
        )
        for level, group in _by_level(observations)
    ]


def consisting_of_th(sheet: Sheet) -> str:
    names = [a.name_th for a in sorted(sheet.committee.agencies.all(), key=lambda a: a.pk)]
    group = f"กลุ่มเขต{sheet.committee.district_group.name_th}"
    listed = ", ".join(names)
    return f"(ประกอบด้วย {listed} และ{group})" if names else f"(ประกอบด้วย {group})"


def committee_section(sheet: Sheet) -> CommitteeSection:
    obstacles = list(sheet.obstacles.all())
    suggestions = list(sheet.suggestions.all())
    rows = [
        Row(
            component=code,
            heading=component_heading_th(code),
            obstacles=_obstacle_blocks([o for o in obstacles if o.component == code]),
            suggestions=_suggestion_blocks([s for s in suggestions if s.component == code]),
        )
        for code in COMPONENT_ORDER
    ]
    committee = sheet.committee
    return CommitteeSection(
        number=committee.number,
        heading=f"คณะที่ {to_thai_digits(committee.number)} {committee.theme_th}",
        consisting_of=consisting_of_th(sheet),
        rows=rows,
        observations=_observation_blocks(list(sheet.observations.all())),
    )


def build_report(*, round: Round, committees: Sequence[int] | None = None) -> RoundReport:
    """The whole round (or only the committees numbered in ``committees``), ready to render."""
    sheets = (
        Sheet.objects.filter(round=round)
        .select_related("committee__district_group")
        .prefetch_related(
            "committee__agencies",
            "obstacles",
            "suggestions__agency",
            "observations",
        )
        .order_by("committee__number")
    )
    if committees:
        sheets = sheets.filter(committee__number__in=list(committees))
    subtitle = (
        f"ประจำปีงบประมาณ พ.ศ. {to_thai_digits(round.fiscal_year)} "
        f"({PERIOD_TH.get(round.period, round.period)})"  # type: ignore[call-overload]
    )
    return RoundReport(title=TITLE_TH, subtitle=subtitle, committees=[committee_section(s) for s in sheets])
