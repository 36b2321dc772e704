"""The registry of calculation methods: each turns data into an actual value for one agency and period.

A method is a small class registered under a key (``action_plan``, ``ratio``, ``complaints``, …).
The scoring engine calls ``compute(ctx)`` with a ``MethodContext`` and stores the ``MethodResult`` —
actual value, the inputs it used and what it excluded — as the score's trail, so every number can be
explained.  Methods that read only the verified result (``ReportedMethod``: the built-in ones) compute a
whole indicator and period at once over plain figures instead.  Feeds (complaints, online services,
budget) register their methods from their own app's ``AppConfig.ready()``; nothing here imports them.

    @register
    class OnlineServices(CalculationMethod):
        key = "online_services"
        label = _("share of services used online (BMA OSS)")

        def compute(self, ctx: MethodContext) -> MethodResult: ...
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, ClassVar, TypeVar

from django.utils.functional import Promise

from pramoen.scoring.trail import Trail, Where, exclusion_lines, generic_lines


@dataclass(frozen=True)
class MethodContext:
    """What a method may know: whose value, for which period, under which indicator settings."""

    agency_id: int
    agency_code: str
    fiscal_year: int  # Buddhist Era, e.g. 2567
    period_code: str  # "H1", "Q2", "M03", "FY", …
    period_start: dt.date  # inclusive
    period_end: dt.date  # inclusive
    indicator_code: str
    # per-indicator settings from the framework (e.g. {"resolved_states": [...], "dedup": true})
    params: dict[str, Any] = field(default_factory=dict)
    # the assignment's id when computed for one (None for ad-hoc computations such as a command)
    assignment_id: int | None = None
    # participant agencies of a joint KPI (one actual for all); empty otherwise
    joint_agency_ids: tuple[int, ...] = ()
    # the verified result reported for this assignment and period, preloaded by the engine
    # (value, numerator, denominator, milestones, survey_responses, survey_satisfied, source)
    reported: dict[str, Any] | None = None


@dataclass(frozen=True)
class MethodResult:
    """An actual value and its trail.  ``actual`` is None when there is not enough data to score."""

    actual: Decimal | None
    unit: str = ""
    # what the value was computed from, JSON-safe: {"online": 120, "total": 4000, "source": "import #12"}
    inputs: dict[str, Any] = field(default_factory=dict)
    # what was left out and why, JSON-safe: {"duplicate": {"count": 12, "ids": ["2022-..."]}, "appeal": {...}}
    exclusions: dict[str, Any] = field(default_factory=dict)
    # one or two plain-language sentences (Thai) saying how the value was reached
    explanation: str = ""


class CalculationMethod:
    key: ClassVar[str]
    label: ClassVar[str | Promise]
    # True when the value comes from a data feed and is never typed by agency staff
    computed_from_feed: ClassVar[bool] = False

    def compute(self, ctx: MethodContext) -> MethodResult:
        raise NotImplementedError

    def compute_many(self, contexts: list[MethodContext]) -> list[MethodResult]:
        """Compute several at once; feeds override this to answer many agencies with one query."""
        return [self.compute(ctx) for ctx in contexts]

    def trail(self, inputs: Mapping[str, Any], exclusions: Mapping[str, Any], where: Where) -> Trail:
        """The stored ``inputs`` and ``exclusions`` of one score as labelled lines (``scoring.trail``),
        each linked to the records behind it.  Every method names its own figures; this fallback only
        humanises whatever is stored."""
        return Trail(generic_lines(inputs), exclusion_lines(exclusions))


# A verified result's figures as the engine reads them: value, numerator, denominator, milestones (the JSON
# text as stored, or the decoded list), survey_responses, survey_satisfied, source — VerifiedResult.FIGURES
# order
Figures = tuple[Any, ...]
# what a method found for one score: (actual or None, the inputs it used, its sentence)
Computed = tuple[Decimal | None, dict[str, Any], str]


class ReportedMethod(CalculationMethod):
    """A method whose value comes from the verified result alone: the engine computes all the scores of an
    indicator and period with one ``compute_figures`` call over plain figures (``None`` where nothing was
    verified), without a context and a result object per score.  ``compute(ctx)`` gives the same answer
    for one context (``ctx.reported``, milestones decoded)."""

    unit: ClassVar[str] = ""  # of the actual value, when there is one

    def compute_figures(self, figures: list[Figures | None]) -> list[Computed]:
        raise NotImplementedError

    def compute(self, ctx: MethodContext) -> MethodResult:
        reported = ctx.reported
        figures = None if reported is None else tuple(reported.get(f) for f in FIGURES)
        actual, inputs, explanation = self.compute_figures([figures])[0]
        unit = self.unit if actual is not None else ""
        return MethodResult(actual=actual, unit=unit, inputs=inputs, explanation=explanation)

    def trail(self, inputs: Mapping[str, Any], exclusions: Mapping[str, Any], where: Where) -> Trail:
        from pramoen.scoring.presenters import reported_trail

        return reported_trail(inputs, exclusions, where)


# The figures an agency reports, in this order (VerifiedResult.FIGURES is this tuple)
FIGURES = (
    "value",
    "numerator",
    "denominator",
    "milestones",
    "survey_responses",
    "survey_satisfied",
    "source",
)


_REGISTRY: dict[str, CalculationMethod] = {}
M = TypeVar("M", bound=type[CalculationMethod])


def register(cls: M) -> M:
    """Class decorator: make ``cls`` available under ``cls.key``.  A key may be registered once."""
    existing = _REGISTRY.get(cls.key)
    if existing is not None and type(existing) is not cls:
        raise ValueError(f"calculation method {cls.key!r} is already registered by {type(existing).__name__}")
    _REGISTRY[cls.key] = cls()
    return cls


def get_method(key: str) -> CalculationMethod:
    try:
        return _REGISTRY[key]
    except KeyError:
        known = ", ".join(sorted(_REGISTRY)) or "none"
        raise KeyError(f"unknown calculation method {key!r}; registered: {known}") from None


def registered_methods() -> dict[str, CalculationMethod]:
    return dict(_REGISTRY)
