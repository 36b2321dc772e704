"""Plain-Thai sentences that show how a score was reached, so an agency can check every number itself."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal
from functools import lru_cache

from pramoen.core.thai import to_thai_digits

JOINT = "ตัวชี้วัดร่วม: ทุกหน่วยงานที่ร่วมดำเนินการได้ผลและคะแนนเดียวกัน"
CRITERIA = "เกณฑ์การให้คะแนน 5 ระดับ"  # pages write Arabic digits; official() turns them Thai for reports
# what explanations stored before the Thai-only wording say (rows are not rewritten: a recompute does it)
_JOINT_BEFORE = "ตัวชี้วัดร่วม (Joint KPI): ทุกหน่วยงานที่ร่วมดำเนินการได้ผลและคะแนนเดียวกัน"


def explanation_lines(text: str) -> list[str]:
    """A stored explanation as the lines a page shows, in today's wording (old rows included)."""
    return [JOINT if line == _JOINT_BEFORE else line for line in text.splitlines() if line.strip()]


@lru_cache(maxsize=16384)  # thresholds and common values repeat across thousands of sentences
def fmt(value: Decimal | None) -> str:
    if value is None:
        return "-"
    text = f"{value.normalize():,f}"
    return text[:-2] if text.endswith(".0") else text


def criteria_sentence(thresholds: Sequence[Decimal], *, higher_is_better: bool, floor: Decimal) -> str:
    levels = ", ".join(f"ระดับ {k} = {fmt(t)}" for k, t in enumerate(thresholds, start=1))
    direction = "ยิ่งมากยิ่งดี" if higher_is_better else "ยิ่งน้อยยิ่งดี"
    return f"{CRITERIA} ({direction}): {levels}; ต่ำกว่าระดับ 1 ได้ {fmt(floor)} คะแนน"


def score_sentence(
    actual: Decimal, thresholds: Sequence[Decimal], score: Decimal, *, higher_is_better: bool, floor: Decimal
) -> str:
    t = list(thresholds)
    better = (lambda a, b: a >= b) if higher_is_better else (lambda a, b: a <= b)
    if better(actual, t[4]):
        return f"ผล {fmt(actual)} ถึงเกณฑ์ระดับ 5 ({fmt(t[4])}) จึงได้ 5 คะแนน"
    if not better(actual, t[0]):
        return f"ผล {fmt(actual)} ยังไม่ถึงเกณฑ์ระดับ 1 ({fmt(t[0])}) จึงได้ {fmt(floor)} คะแนน"
    k = max(i for i in range(5) if better(actual, t[i]))
    low, high = t[k], t[k + 1]
    return (
        f"ผล {fmt(actual)} อยู่ระหว่างระดับ {k + 1} ({fmt(low)}) และระดับ {k + 2} ({fmt(high)}): "
        f"คะแนน = {k + 1} + ({fmt(actual)} − {fmt(low)}) ÷ ({fmt(high)} − {fmt(low)}) = {fmt(score)}"
    )


def score_sentences(
    thresholds: Sequence[Decimal], *, higher_is_better: bool, floor: Decimal
) -> Callable[[Decimal, Decimal, int], str]:
    """``score_sentence`` for one indicator's (monotone) criteria, its fixed parts formatted once: the
    returned function takes the actual, the score and the level reached (which names the band)."""
    t = [fmt(x) for x in thresholds]
    top = f" ถึงเกณฑ์ระดับ 5 ({t[4]}) จึงได้ 5 คะแนน"
    below = f" ยังไม่ถึงเกณฑ์ระดับ 1 ({t[0]}) จึงได้ {fmt(floor)} คะแนน"
    bands = [
        (
            f" อยู่ระหว่างระดับ {k} ({t[k - 1]}) และระดับ {k + 1} ({t[k]}): คะแนน = {k} + (",
            f" − {t[k - 1]}) ÷ ({t[k]} − {t[k - 1]}) = ",
        )
        for k in range(1, 5)
    ]

    def sentence(actual: Decimal, score: Decimal, level: int) -> str:
        value = fmt(actual)
        if level >= 5:
            return f"ผล {value}{top}"
        if level <= 0:
            return f"ผล {value}{below}"
        head, tail = bands[level - 1]
        return f"ผล {value}{head}{value}{tail}{fmt(score)}"

    return sentence


def official(text: str) -> str:
    """Official reports write numbers in Thai digits."""
    return to_thai_digits(text)
