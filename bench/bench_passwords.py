"""One password check at sign-in: Argon2id with OWASP's parameters (the production hasher,
orgs/hashers.py) against PBKDF2-SHA256 with Django's 1,000,000 iterations (the one it replaced), in the same
process.  CPU time, not wall time: on deadline day it is the CPU each sign-in takes that queues the rest.

    .venv/bin/python bench/run.py passwords
"""

from __future__ import annotations

import statistics
import time

from django.contrib.auth.hashers import check_password, make_password

from bench.run import Result

PASSWORD = "ผู้ตรวจ-ประเมิน-2567!"
RUNS = 7


def _cpu_median(stored: str) -> float:
    times = []
    for _ in range(RUNS):
        start = time.process_time()
        assert check_password(PASSWORD, stored)
        times.append(time.process_time() - start)
    return statistics.median(times)


def run() -> list[Result]:
    from django.conf import settings

    settings.PASSWORD_HASHERS = settings.PRODUCTION_PASSWORD_HASHERS
    argon = make_password(PASSWORD)
    pbkdf2 = make_password(PASSWORD, hasher="pbkdf2_sha256")
    assert argon.startswith("argon2$argon2id$") and "m=19456,t=2,p=1" in argon
    return [
        Result(
            "password check, Argon2id 19 MiB t=2 p=1 (CPU)",
            _cpu_median(argon),
            "PBKDF2-SHA256 1,000,000 iterations (CPU)",
            _cpu_median(pbkdf2),
        )
    ]
