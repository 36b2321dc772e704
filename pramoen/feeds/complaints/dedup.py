"""Duplicates: ticket B duplicates an earlier ticket A attributed to the same district when A was created
at most ``dedup_days`` before B, their points are within ``dedup_meters``, and they share a type tag or
their normalised comments are near-identical (similarity ≥ ``dedup_similarity``) — but not when A is known
to have been resolved before B was created.  Thresholds are those of B's fiscal year.  A duplicate names
the original of its group (the first ticket, itself not a duplicate).

Per district, tickets are walked in creation order with a grid of ``dedup_meters`` cells, so each ticket is
compared only with the recent tickets in its own and the eight neighbouring cells.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from difflib import SequenceMatcher

from django.db import connection, transaction

from pramoen.feeds.complaints.geo import to_metres
from pramoen.feeds.complaints.models import TicketDistrict
from pramoen.feeds.complaints.rules import Rules, fiscal_year_of, rules_for

BANGKOK_OFFSET = dt.timedelta(hours=7)  # Asia/Bangkok has no daylight saving
_PUNCT = re.compile(r"[\s!-/:-@\[-`{-~“”‘’…]+")


def normalise_comment(text: str) -> str:
    """Lower case, without spaces or ASCII punctuation (Thai letters, vowels and tone marks are kept)."""
    return _PUNCT.sub("", text.lower())


def similar(a: str, b: str, threshold: float, matcher: SequenceMatcher | None = None) -> bool:
    """difflib ratio ≥ threshold.  Pass a matcher whose second sequence is already ``b`` to reuse its
    index of ``b`` across many ``a``s."""
    if not a or not b:
        return False
    if a == b:
        return True
    if 2 * min(len(a), len(b)) / (len(a) + len(b)) < threshold:
        return False  # the ratio can never reach the threshold
    if matcher is None:
        matcher = SequenceMatcher(None, b=b, autojunk=False)
    matcher.set_seq1(a)
    return (
        matcher.real_quick_ratio() >= threshold
        and matcher.quick_ratio() >= threshold
        and matcher.ratio() >= threshold
    )


def _rules_between(lo: dt.datetime, hi: dt.datetime) -> dict[int, Rules]:
    return {fy: rules_for(fy) for fy in range(fiscal_year_of(lo), fiscal_year_of(hi) + 1)}


def dedup_range(lo: dt.datetime, hi: dt.datetime, *, district_ids: list[int] | None = None) -> int:
    """Recompute duplicates for tickets created in [lo, hi] (and those a week after that may point into
    it).  Returns the number of duplicates among the recomputed tickets."""
    rules = _rules_between(lo - dt.timedelta(days=400), hi + dt.timedelta(days=400))
    max_days = max(r.dedup_days for r in rules.values())
    span = dt.timedelta(days=max_days)
    scope_lo, scope_hi = lo - span, hi + span
    qs = TicketDistrict.objects.filter(created_at__gte=scope_lo, created_at__lte=scope_hi)
    if district_ids is not None:
        qs = qs.filter(district_id__in=district_ids)
    districts = sorted(set(qs.values_list("district_id", flat=True).distinct()))
    total = 0
    with transaction.atomic():
        for district_id in districts:
            changes, count = _dedup_district(qs.filter(district_id=district_id), lo, rules)
            total += count
            _write(changes)
    return total


def _dedup_district(qs, lo: dt.datetime, rules: dict[int, Rules]) -> tuple[list[tuple[int, int | None]], int]:
    rows = list(
        qs.order_by("created_at", "ticket_id").values_list(
            "pk", "ticket_id", "created_at", "ticket__lon", "ticket__lat", "ticket__type_tags",
            "ticket__comment", "ticket__resolved_at", "duplicate_of_id",
        )
    )  # fmt: skip
    fy_cache: dict[dt.date, Rules] = {}
    cell = max(r.dedup_meters for r in rules.values())
    grid: dict[tuple[int, int], list[int]] = {}
    root: list[int] = []  # original ticket id per row
    xs: list[float] = []
    ys: list[float] = []
    tags: list[frozenset[str]] = []
    comments: list[str | None] = []
    changes: list[tuple[int, int | None]] = []
    duplicates = 0
    for i, (pk, ticket_pk, created, lon, lat, type_tags, _comment_text, _resolved, old_dup) in enumerate(
        rows
    ):
        day = (created + BANGKOK_OFFSET).date()
        r = fy_cache.get(day)
        if r is None:
            r = rules.get(fiscal_year_of(created)) or rules_for(fiscal_year_of(created))
            fy_cache[day] = r
        x = y = math.nan
        if lon is not None and lat is not None:
            xa, ya = to_metres(lon, lat)
            x, y = float(xa), float(ya)
        xs.append(x)
        ys.append(y)
        tags.append(frozenset(t for t in (type_tags or "").split(",") if t))
        comments.append(None)
        recompute = created >= lo
        original: int | None = None
        if recompute and not math.isnan(x):
            original = _find_original(i, rows, r, grid, cell, xs, ys, tags, comments, root)
        elif not recompute:
            original = old_dup
        root.append(original if original is not None else ticket_pk)
        if recompute:
            if original is not None:
                duplicates += 1
            if original != old_dup:
                changes.append((pk, original))
        if not math.isnan(x):
            grid.setdefault((int(x // cell), int(y // cell)), []).append(i)
    return changes, duplicates


def _comment(i: int, rows: list, comments: list[str | None]) -> str:
    text = comments[i]
    if text is None:
        text = normalise_comment(rows[i][6] or "")
        comments[i] = text
    return text


def _find_original(i, rows, r: Rules, grid, cell: float, xs, ys, tags, comments, root) -> int | None:
    created = rows[i][2]
    earliest = created - dt.timedelta(days=r.dedup_days)
    cx, cy = int(xs[i] // cell), int(ys[i] // cell)
    limit2 = r.dedup_meters * r.dedup_meters
    best: int | None = None
    matcher: SequenceMatcher | None = None
    for gx in (cx - 1, cx, cx + 1):
        for gy in (cy - 1, cy, cy + 1):
            for j in reversed(grid.get((gx, gy), ())):
                a = rows[j]
                if a[2] < earliest:
                    break
                if best is not None and j < best:
                    break
                dx, dy = xs[i] - xs[j], ys[i] - ys[j]
                if dx * dx + dy * dy > limit2:
                    continue
                if a[7] is not None and a[7] < created:
                    continue  # A was known to be resolved before B was created
                if tags[i] & tags[j]:
                    best = j
                    break
                mine = _comment(i, rows, comments)
                if matcher is None and mine:
                    matcher = SequenceMatcher(None, b=mine, autojunk=False)
                if similar(_comment(j, rows, comments), mine, r.dedup_similarity, matcher):
                    best = j
                    break
    return root[best] if best is not None else None


def _write(changes: list[tuple[int, int | None]]) -> None:
    if not changes:
        return
    table = TicketDistrict._meta.db_table
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            cur.execute(
                "CREATE TEMP TABLE IF NOT EXISTS complaints_dup (id bigint, dup bigint) ON COMMIT DROP"
            )
            cur.execute("TRUNCATE complaints_dup")
            with cur.copy("COPY complaints_dup (id, dup) FROM STDIN") as copy:
                for row in changes:
                    copy.write_row(row)
            cur.execute(
                f"UPDATE {table} t SET duplicate_of_id = d.dup FROM complaints_dup d WHERE t.id = d.id"
            )
        else:
            for k in range(0, len(changes), 500):
                part = changes[k : k + 500]
                cur.executemany(
                    f"UPDATE {table} SET duplicate_of_id = %s WHERE id = %s", [(d, i) for i, d in part]
                )
