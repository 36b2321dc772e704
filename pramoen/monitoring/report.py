"""The committee report as a plain structure, laid out like the FY2567 half-year report; the renderers
(``render.py``) only turn it into DOCX, HTML or PDF.

Per committee: the heading "คณะที่ ๑ ด้านการคลังและงบประมาณ", "(ประกอบด้วย …)", one table row per component
in the fixed order (an empty cell prints "-"), obstacles grouped by aspect (bold) then level
(underlined) and numbered ๑. ๒. … in each group; agency suggestions by level, numbered when a group has
more than one, the suggesting agency in brackets; then the chair's observations (๑) (๒) … with their
sub-items ๑) ๒) …, numbered again within each level group.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
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

    @property
    def level_th_plain(self) -> str:
        """The observations' level heading, printed without the abbreviation mark: "ระดับส่วนราชการ"."""
        return self.level_th.rstrip("ฯ")


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


def _numbered_blocks(
    items: list[Any], number: Callable[[int], str], line: Callable[[Any, str], Line]
) -> list[LevelBlock]:
    """Items grouped by level (first appearance), numbered as the seed numbers them: the count restarts
    under each level heading and goes on through a group printed without one (no number is used twice
    under one heading); an item alone in its count is printed without a number when it says so
    (``numbered`` off: committee 1's lone suggestion, committee 5's lone obstacle of component 4)."""
    groups = _by_level(items)
    runs: list[list[tuple[str, list[Any]]]] = []
    for level, group in groups:
        if level or not runs:
            runs.append([])
        runs[-1].append((level, group))
    blocks = []
    for run in runs:
        members = [item for _level, group in run for item in group]
        alone = len(members) == 1 and not getattr(members[0], "numbered", True)
        n = 0
        for level, group in run:
            lines = []
            for item in group:
                n += 1
                lines.append(line(item, "" if alone else number(n)))
            blocks.append(LevelBlock(level, lines))
    return blocks


def _dot(n: int) -> str:
    return f"{to_thai_digits(n)}."


def _obstacle_blocks(obstacles: list[Obstacle]) -> list[AspectBlock]:
    blocks = []
    for aspect in ASPECT_ORDER:
        mine = [o for o in obstacles if o.aspect == aspect]
        if mine:
            blocks.append(AspectBlock(aspect, _numbered_blocks(mine, _dot, lambda o, n: Line(n, o.text))))
    return blocks


def _suggestion_text(s: Suggestion) -> str:
    if s.agency is None:
        return s.text
    return f"{s.text} ({s.agency.abbr_th or s.agency.name_th})"


def _suggestion_blocks(suggestions: list[Suggestion]) -> list[LevelBlock]:
    return _numbered_blocks(
        suggestions, _dot, lambda s, n: Line(n, _suggestion_text(s), _sub_items(s.sub_items))
    )


def _observation_blocks(observations: list[Observation]) -> list[LevelBlock]:
    return _numbered_blocks(
        observations,
        lambda n: f"({to_thai_digits(n)})",
        lambda o, n: Line(n, o.text, _sub_items(o.sub_items)),
    )


def numbered_lines(items: list[Any], *, observation: bool = False) -> dict[int, str]:
    """``id(item) -> number`` for items of one list (one aspect of one component, or one cell)."""
    out: dict[int, str] = {}

    def tag(item: Any, number: str) -> Line:
        out[id(item)] = number
        return Line(number, "")

    _numbered_blocks(items, (lambda n: f"({to_thai_digits(n)})") if observation else _dot, tag)
    return out


def numbers_by_item(sheet: Sheet) -> dict[str, str]:
    """``"obstacle-12" -> "๑."`` for every item of ``sheet``, exactly as the report numbers it, in the
    report's order (the entry screen shows and orders its lists by these)."""
    out: dict[str, str] = {}
    obstacles = list(sheet.obstacles.all())
    suggestions = list(sheet.suggestions.all())
    for code in COMPONENT_ORDER:
        for aspect in ASPECT_ORDER:
            mine = [o for o in obstacles if o.component == code and o.aspect == aspect]
            _collect(out, "obstacle", _numbered_blocks(mine, _dot, _tag))
        _collect(
            out, "suggestion", _numbered_blocks([s for s in suggestions if s.component == code], _dot, _tag)
        )
    observations = list(sheet.observations.all())
    _collect(out, "observation", _numbered_blocks(observations, lambda n: f"({to_thai_digits(n)})", _tag))
    return out


def _tag(item: Any, number: str) -> Line:
    return Line(number, str(item.pk))


def _collect(out: dict[str, str], kind: str, blocks: list[LevelBlock]) -> None:
    for block in blocks:
        for line in block.lines:
            out[f"{kind}-{line.text}"] = line.number


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
