"""The vectorised duplicate search against a straightforward reference of the documented rules, on a
generated set full of edge cases: exactly 7 days, exactly the distance, chains, the resolved-before rule,
tickets in two districts, and a fiscal year with its own thresholds."""

from __future__ import annotations

import datetime as dt
import random
from difflib import SequenceMatcher

from pramoen.feeds.complaints.dedup import dedup_range, lcs_length, letter_positions, normalise_comment
from pramoen.feeds.complaints.geo import LAT0, LON0, M_PER_DEG_LAT, M_PER_DEG_LON
from pramoen.feeds.complaints.models import ComplaintSettings, Ticket, TicketDistrict
from pramoen.orgs.models import District

UTC = dt.UTC
Y_STEP = M_PER_DEG_LAT * 2.0**-13  # 13.497802734375 m, exact
TAGS = ["ถนน", "ไฟฟ้า", "น้ำท่วม"]
COMMENTS = [
    "ถนนเป็นหลุม", "ถนน เป็นหลุมใหญ่!", "ถนนเป็นหลุมใหญ่", "หลุมใหญ่ถนนเป็น", "ไฟดับ", "ไฟฟ้าดับทั้งซอย", "",
    "น้ำท่วมขัง", "ขังท่วมน้ำ", "ถนนเป็นหลุมใหญ่มาก รถตกหลุมทุกวัน", "รถตกหลุมทุกวัน ถนนเป็นหลุมใหญ่มาก",
]  # fmt: skip


def _make(seed: int) -> None:
    rnd = random.Random(seed)
    d1, d2 = District.objects.order_by("code")[:2]
    start = dt.datetime(2022, 9, 20, tzinfo=UTC)  # spans the fiscal year change on 1 October
    tickets = []
    for n in range(700):
        # points on a lattice and times every 6 hours, so exactly 7 days and exactly the distance occur:
        # north-south steps of 2⁻¹³ degree are exactly Y_STEP metres in the projection
        x, k = rnd.randrange(0, 8) * 10.0, rnd.randrange(0, 5)
        tickets.append(
            Ticket(
                ticket_id=f"2022-Q{n:05d}",
                created_at=start + dt.timedelta(hours=rnd.randrange(0, 24 * 30, 6)),
                lon=None if n % 97 == 0 else LON0 + x / M_PER_DEG_LON,
                lat=LAT0 + k * 2.0**-13,
                type_tags=",".join(t for t in TAGS if rnd.random() < 0.15),
                comment=rnd.choice(COMMENTS),
            )
        )
    for t in tickets:
        if rnd.random() < 0.2:
            t.state, t.resolved_at = "เสร็จสิ้น", t.created_at + dt.timedelta(hours=rnd.randrange(0, 96, 6))
    Ticket.objects.bulk_create(tickets)
    links = []
    for t in Ticket.objects.all():
        k = rnd.random()
        for d in [d1] if k < 0.7 else [d2] if k < 0.9 else [d1, d2]:
            links.append(TicketDistrict(ticket=t, district=d, created_at=t.created_at))
    TicketDistrict.objects.bulk_create(links)


def _rules(created: dt.datetime) -> tuple[int, float, float]:
    if (created + dt.timedelta(hours=7)).date() >= dt.date(2022, 10, 1):
        return 3, 2 * Y_STEP, 0.9  # fiscal year 2566's own settings
    return 7, 30.0, 0.8


def _reference() -> dict[int, int | None]:
    """Every earlier ticket of the same district checked against every later one, newest match first."""
    rows = list(
        TicketDistrict.objects.order_by("district_id", "created_at", "ticket_id").values_list(
            "pk", "district_id", "ticket_id", "created_at", "ticket__lon", "ticket__lat",
            "ticket__type_tags", "ticket__comment", "ticket__resolved_at",
        )
    )  # fmt: skip
    result: dict[int, int | None] = {}
    root: dict[int, int] = {}
    for i, b in enumerate(rows):
        days, metres, similarity = _rules(b[3])
        original = None
        for j in range(i - 1, -1, -1):
            a = rows[j]
            if a[1] != b[1] or b[4] is None or a[4] is None:
                continue
            if a[3] < b[3] - dt.timedelta(days=days):
                continue
            dx = (b[4] - LON0) * M_PER_DEG_LON - (a[4] - LON0) * M_PER_DEG_LON
            dy = (b[5] - LAT0) * M_PER_DEG_LAT - (a[5] - LAT0) * M_PER_DEG_LAT
            if dx * dx + dy * dy > metres * metres:
                continue
            if a[8] is not None and a[8] < b[3]:
                continue
            shared = set(filter(None, a[6].split(","))) & set(filter(None, b[6].split(",")))
            ca, cb = normalise_comment(a[7]), normalise_comment(b[7])
            if shared or (ca and cb and SequenceMatcher(None, ca, cb, autojunk=False).ratio() >= similarity):
                original = root[a[0]]
                break
        result[b[0]] = original
        root[b[0]] = original if original is not None else b[2]
    return result


def _stored() -> dict[int, int | None]:
    return dict(TicketDistrict.objects.values_list("pk", "duplicate_of_id"))


def test_the_fast_duplicate_search_equals_the_reference(db):
    ComplaintSettings.objects.create(
        fiscal_year=2566, dedup_days=3, dedup_meters=2 * Y_STEP, dedup_similarity=0.9
    )
    _make(seed=5)
    expected = _reference()
    found = dedup_range(dt.datetime(2022, 1, 1, tzinfo=UTC), dt.datetime(2023, 1, 1, tzinfo=UTC))
    assert _stored() == expected
    assert found == sum(1 for v in expected.values() if v is not None)
    # the rules produced every kind of outcome the test is about
    assert 50 < found < len(expected) - 50
    created = dict(TicketDistrict.objects.values_list("pk", "created_at"))
    ticket_created = dict(Ticket.objects.values_list("pk", "created_at"))
    # chains: some duplicates name an original older than the window, through a ticket in between
    assert any(
        created[pk] - ticket_created[dup] > dt.timedelta(days=7) for pk, dup in expected.items() if dup
    )
    # recomputing a sub-window keeps what is stored outside it and gives the same answer inside
    TicketDistrict.objects.filter(created_at__gte=dt.datetime(2022, 10, 5, tzinfo=UTC)).update(
        duplicate_of=None
    )
    dedup_range(dt.datetime(2022, 10, 5, tzinfo=UTC), dt.datetime(2022, 10, 12, tzinfo=UTC))
    dedup_range(dt.datetime(2022, 10, 12, tzinfo=UTC), dt.datetime(2022, 11, 1, tzinfo=UTC))
    assert _stored() == expected


def _lcs(a: str, b: str) -> int:
    previous = [0] * (len(b) + 1)
    for x in a:
        current = [0]
        for k, y in enumerate(b):
            current.append(previous[k] + 1 if x == y else max(previous[k + 1], current[k]))
        previous = current
    return previous[-1]


def test_the_bit_parallel_common_subsequence_equals_the_textbook_one():
    rnd = random.Random(7)
    for _ in range(2000):
        a = "".join(rnd.choice("abถนน") for _ in range(rnd.randrange(0, 70)))
        b = "".join(rnd.choice("abถนน") for _ in range(rnd.randrange(0, 70)))
        assert lcs_length(letter_positions(a), len(a), b) == _lcs(a, b), (a, b)
