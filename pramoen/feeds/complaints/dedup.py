"""Duplicates: ticket B duplicates an earlier ticket A attributed to the same district when A was created
at most ``dedup_days`` before B, their points are within ``dedup_meters``, and they share a type tag or
their normalised comments are near-identical (similarity ≥ ``dedup_similarity``) — but not when A is known
to have been resolved before B was created.  Thresholds are those of B's fiscal year.  A duplicate names
the original of its group (the first ticket, itself not a duplicate); when B matches several earlier
tickets, the most recent one's original is taken.

Per district, candidate pairs come from a grid of ``dedup_meters`` cells × ``dedup_days`` time buckets,
built with numpy (each ticket against its own and the neighbouring cells, this and the previous bucket);
distance, time and the resolved-before rule are filtered on arrays, and only the pairs left are checked
for a shared tag or similar comments, in creation order so chains collapse onto their original.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections import Counter
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Any

import numpy as np
from django.db import connection, transaction

from pramoen.feeds.complaints.geo import to_metres
from pramoen.feeds.complaints.models import TicketDistrict
from pramoen.feeds.complaints.rules import Rules, fiscal_year_of, rules_for

BANGKOK_OFFSET = dt.timedelta(hours=7)  # Asia/Bangkok has no daylight saving
_PUNCT = re.compile(r"[\s!-/:-@\[-`{-~“”‘’…]+")
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
_US = dt.timedelta(microseconds=1)
_NEVER = np.iinfo(np.int64).max  # resolved_at unknown


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


def letter_positions(text: str) -> dict[str, int]:
    """Per letter, a bit mask of where it occurs in ``text``."""
    masks: dict[str, int] = {}
    for k, ch in enumerate(text):
        masks[ch] = masks.get(ch, 0) | (1 << k)
    return masks


def lcs_length(positions: dict[str, int], length: int, other: str) -> int:
    """Length of the longest common subsequence of a text (given by ``letter_positions`` and its
    ``length``) and ``other``; bit-parallel (Hyyrö 2004), one big-integer step per letter of ``other``."""
    full = (1 << length) - 1
    v = full
    for ch in other:
        u = v & positions.get(ch, 0)
        v = ((v + u) | (v - u)) & full
    return length - v.bit_count()


def micros(moment: dt.datetime) -> int:
    """Microseconds since the epoch, exact (a float would blur the 7-day boundary)."""
    return (moment - _EPOCH) // _US


def _rules_between(lo: dt.datetime, hi: dt.datetime) -> dict[int, Rules]:
    return {fy: rules_for(fy) for fy in range(fiscal_year_of(lo), fiscal_year_of(hi) + 1)}


def dedup_range(lo: dt.datetime, hi: dt.datetime, *, district_ids: list[int] | None = None) -> int:
    """Recompute duplicates for tickets created in [lo, hi] (and those a week after that may point into
    it).  Returns the number of duplicates among the recomputed tickets."""
    rules = _rules_between(lo - dt.timedelta(days=400), hi + dt.timedelta(days=400))
    span = dt.timedelta(days=max(r.dedup_days for r in rules.values()))
    qs = TicketDistrict.objects.filter(created_at__gte=lo - span, created_at__lte=hi + span)
    if district_ids is not None:
        qs = qs.filter(district_id__in=district_ids)
    rows = list(
        qs.order_by("district_id", "created_at", "ticket_id").values_list(
            "district_id", "pk", "ticket_id", "created_at", "ticket__lon", "ticket__lat", "ticket__type_tags",
            "ticket__comment", "ticket__resolved_at", "duplicate_of_id",
        )
    )  # fmt: skip
    total = 0
    changes: list[tuple[int, int | None]] = []
    start = 0
    while start < len(rows):
        end = start
        while end < len(rows) and rows[end][0] == rows[start][0]:
            end += 1
        district_changes, count = _dedup_district(rows[start:end], micros(lo), rules)
        total += count
        changes += district_changes
        start = end
    with transaction.atomic():
        _write(changes)
    return total


@dataclass
class _Block:
    """One district's tickets in creation order, as arrays."""

    created: np.ndarray  # µs since the epoch
    x: np.ndarray
    y: np.ndarray
    resolved: np.ndarray  # µs, or _NEVER
    days: np.ndarray  # the thresholds of each ticket's fiscal year
    metres: np.ndarray
    similarity: np.ndarray


def _block(rows: list[tuple[Any, ...]], rules: dict[int, Rules]) -> _Block:
    by_day: dict[dt.date, Rules] = {}
    per_row: list[Rules] = []
    for row in rows:
        day = (row[3] + BANGKOK_OFFSET).date()
        r = by_day.get(day)
        if r is None:
            fy = fiscal_year_of(row[3])
            r = by_day[day] = rules.get(fy) or rules_for(fy)
        per_row.append(r)
    lon = np.array([np.nan if r[4] is None or r[5] is None else r[4] for r in rows], dtype=float)
    lat = np.array([np.nan if r[4] is None or r[5] is None else r[5] for r in rows], dtype=float)
    x, y = to_metres(lon, lat)
    return _Block(
        created=np.array([micros(r[3]) for r in rows], dtype=np.int64),
        x=x,
        y=y,
        resolved=np.array([_NEVER if r[8] is None else micros(r[8]) for r in rows], dtype=np.int64),
        days=np.array([r.dedup_days for r in per_row], dtype=np.int64),
        metres=np.array([r.dedup_meters for r in per_row], dtype=float),
        similarity=np.array([r.dedup_similarity for r in per_row], dtype=float),
    )


def candidate_pairs(b: _Block, recompute: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(i, j) with j earlier than i, within i's distance and days, j not resolved before i was created;
    sorted by i, then j from the most recent back.  Only rows i with ``recompute`` are candidates for B."""
    ok = ~(np.isnan(b.x) | np.isnan(b.y))
    idx = np.flatnonzero(ok)
    if len(idx) < 2:
        return np.empty(0, np.int64), np.empty(0, np.int64)
    cell = float(b.metres.max())
    window = int(b.days.max()) * 86_400_000_000
    cx = np.floor(b.x[idx] / cell).astype(np.int64)
    cy = np.floor(b.y[idx] / cell).astype(np.int64)
    tb = b.created[idx] // window
    cx -= cx.min() - 1
    cy -= cy.min() - 1
    tb -= tb.min() - 1
    ny, nt = int(cy.max()) + 2, int(tb.max()) + 2
    key = (cx * ny + cy) * nt + tb
    order = np.argsort(key, kind="stable")
    sorted_key = key[order]
    is_b = recompute[idx]
    bi = np.flatnonzero(is_b)
    pi: list[np.ndarray] = []
    pj: list[np.ndarray] = []
    for dx in (-1, 0, 1):
        for dy in (-1, 0, 1):
            for dtb in (-1, 0):
                want = key[bi] + (dx * ny + dy) * nt + dtb
                left = np.searchsorted(sorted_key, want, "left")
                right = np.searchsorted(sorted_key, want, "right")
                counts = right - left
                total = int(counts.sum())
                if not total:
                    continue
                rep_i = np.repeat(bi, counts)
                starts = np.repeat(left - np.cumsum(counts) + counts, counts)
                rep_j = order[starts + np.arange(total)]
                pi.append(rep_i)
                pj.append(rep_j)
    if not pi:
        return np.empty(0, np.int64), np.empty(0, np.int64)
    i = idx[np.concatenate(pi)]
    j = idx[np.concatenate(pj)]
    keep = j < i
    i, j = i[keep], j[keep]
    dx_, dy_ = b.x[i] - b.x[j], b.y[i] - b.y[j]
    keep = (
        (b.created[j] >= b.created[i] - b.days[i] * 86_400_000_000)
        & (dx_ * dx_ + dy_ * dy_ <= b.metres[i] * b.metres[i])
        & ~(b.resolved[j] < b.created[i])
    )
    i, j = i[keep], j[keep]
    sort = np.lexsort((-j, i))
    return i[sort], j[sort]


class _Texts:
    """Normalised comments, their letter counts and a matcher per ticket, each made once when first
    needed.  ``similar`` is exactly ``difflib`` ratio ≥ threshold: the two cheap upper bounds difflib
    itself offers (lengths, then shared letters = ``quick_ratio``) rule most pairs out first."""

    def __init__(self, rows: list[tuple[Any, ...]]) -> None:
        self.rows = rows
        self.text: dict[int, str] = {}
        self.counts: dict[int, Counter[str]] = {}
        self.matchers: dict[int, SequenceMatcher] = {}
        self.positions: dict[int, dict[str, int]] = {}

    def _text(self, k: int) -> str:
        text = self.text.get(k)
        if text is None:
            text = self.text[k] = normalise_comment(self.rows[k][7] or "")
        return text

    def _counts(self, k: int) -> Counter[str]:
        counts = self.counts.get(k)
        if counts is None:
            counts = self.counts[k] = Counter(self._text(k))
        return counts

    def _positions(self, k: int) -> dict[str, int]:
        positions = self.positions.get(k)
        if positions is None:
            positions = self.positions[k] = letter_positions(self._text(k))
        return positions

    def similar(self, j: int, i: int, threshold: float) -> bool:
        a, b = self._text(j), self._text(i)
        if not a or not b:
            return False
        if a == b:
            return True
        total = len(a) + len(b)
        if 2.0 * min(len(a), len(b)) / total < threshold:
            return False
        if 2.0 * sum((self._counts(j) & self._counts(i)).values()) / total < threshold:
            return False
        # difflib's matching blocks form a common subsequence: the longest one bounds them from above
        if 2.0 * lcs_length(self._positions(i), len(b), a) / total < threshold:
            return False
        matcher = self.matchers.get(i)
        if matcher is None:
            matcher = self.matchers[i] = SequenceMatcher(None, b=b, autojunk=False)
        matcher.set_seq1(a)
        return matcher.ratio() >= threshold


def _dedup_district(
    rows: list[tuple[Any, ...]], lo: int, rules: dict[int, Rules]
) -> tuple[list[tuple[int, int | None]], int]:
    b = _block(rows, rules)
    recompute = b.created >= lo
    pair_i, pair_j = candidate_pairs(b, recompute)
    tags = [frozenset(t for t in (r[6] or "").split(",") if t) for r in rows]
    texts = _Texts(rows)
    found: dict[int, int] = {}  # B → the most recent matching A
    n = len(pair_i)
    starts = np.flatnonzero(np.r_[True, pair_i[1:] != pair_i[:-1]]) if n else np.empty(0, np.int64)
    bounds = [*(int(v) for v in starts), n]
    for s, e in itertools.pairwise(bounds):
        i = int(pair_i[s])
        for k in range(s, e):
            j = int(pair_j[k])
            if tags[i] & tags[j] or texts.similar(j, i, float(b.similarity[i])):
                found[i] = j
                break
    root: list[int] = []
    changes: list[tuple[int, int | None]] = []
    duplicates = 0
    for i, row in enumerate(rows):
        pk, ticket_pk, old_dup = row[1], row[2], row[9]
        if recompute[i]:
            a = found.get(i)
            original = root[a] if a is not None else None
            if original is not None:
                duplicates += 1
            if original != old_dup:
                changes.append((pk, original))
        else:
            original = old_dup
        root.append(original if original is not None else ticket_pk)
    return changes, duplicates


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
