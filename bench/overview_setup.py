"""The overview-and-portal bench's preparation, run inside Django by bench/locust_overview.py
(``pramoen shell -c "from bench.overview_setup import …"``).

``stored()`` prints how many generated tickets the database holds (so ``--reuse`` imports them only once).
``prepare(executives, plan_file)`` makes sure the demo's round is published (the portal shows only
published rounds), makes the executives' accounts through the project's own service (``role_assign``) and
a signed-in session for each (executives are signed in before the morning's reading, as the progress bench
does: no password form), and writes the plan: the sessions, the published round, each district's
attributions in the round's window (for the ledger's page count) and the baseline scorecard's agency."""

from __future__ import annotations

import json
from importlib import import_module
from pathlib import Path

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.db.models import Count

from pramoen.core.audit import acting_as
from pramoen.feeds.complaints.models import Ticket
from pramoen.feeds.complaints.selectors import attributions_in
from pramoen.framework.models import EvaluationRound, FiscalYear
from pramoen.framework.services import apply_round_state
from pramoen.orgs.models import Agency, Role, User
from pramoen.orgs.services import role_assign
from pramoen.public.publication import published_rounds

YEAR = 2567
ROUND = "H1"
PREFIX = "ovbench."
GENERATED = r"^B[0-9][0-9]-"  # bench_complaints.generate's ids: B<copy>-<8 letters>; the demo's: 2023-…
BASELINE_AGENCY = "1004"  # the scorecard bench/overview_ratio.py compares against too


def _generated() -> int:
    return Ticket.objects.filter(ticket_id__regex=GENERATED).count()


def stored() -> int:
    count = _generated()
    print(f"GENERATED {count}")
    return count


def prepare(executives: int, plan_file: str) -> None:
    fy = FiscalYear.objects.get(year=YEAR)
    admin = User.objects.filter(is_superuser=True).order_by("pk").first()
    engine = import_module(settings.SESSION_ENGINE)
    with acting_as(label="system:bench"):
        if not EvaluationRound.objects.filter(
            fiscal_year=fy, period__code=ROUND, published_at__isnull=False
        ).exists():
            apply_round_state(fy, ROUND, EvaluationRound.State.PUBLISHED)
        User.objects.filter(username__startswith=PREFIX).delete()
        sessions = []
        for n in range(executives):
            user = User.objects.create(username=f"{PREFIX}exec.{n}", full_name_th=f"ผู้บริหารทดสอบ {n}")
            user.set_unusable_password()
            user.save(update_fields=["password"])
            role_assign(actor=admin, user=user, role=Role.EXECUTIVE)
            store = engine.SessionStore()
            store[SESSION_KEY] = str(user.pk)
            store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
            store[HASH_SESSION_KEY] = user.get_session_auth_hash()
            store.create()
            sessions.append(store.session_key)
    period = published_rounds()[0]
    per_district = dict(
        attributions_in(period.start, period.end)
        .values_list("district__code")
        .annotate(n=Count("id"))
        .values_list("district__code", "n")
    )
    plan = {
        "year": period.fiscal_year.year,
        "period": period.code,
        "sessions": sessions,
        "ledgers": {str(code): n for code, n in sorted(per_district.items())},
        "card": Agency.objects.get(code=BASELINE_AGENCY).code,
    }
    Path(plan_file).write_text(json.dumps(plan), encoding="utf-8")
    tickets, generated = Ticket.objects.count(), _generated()
    print(
        f"PREPARED round {period.fiscal_year.year} {period.code}: {tickets:,} tickets stored ({generated:,} "
        f"generated from the real 2022 file, {tickets - generated:,} real ones of the demo), "
        f"{sum(per_district.values()):,} attributions in the round's window over {len(per_district)} "
        f"districts; {len(sessions)} executives signed in"
    )
