"""Every environment variable that docs/deploy.md and docs/configuration.md name is one pramoen reads."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
NAME = re.compile(r"\b((?:PRAMOEN|SENTRY|AWS)_[A-Z0-9_]*[A-Z0-9]|DATABASE_URL|REDIS_URL)\b")


def _read_by_the_code() -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "pramoen").rglob("*.py"))


def test_every_variable_the_deployment_docs_name_is_read_by_pramoen():
    code = _read_by_the_code()
    missing = {}
    for doc in ("docs/deploy.md", "docs/configuration.md"):
        for name in set(NAME.findall((ROOT / doc).read_text(encoding="utf-8"))):
            base = name.removesuffix("_FILE")  # any variable may be given as NAME_FILE (pramoen/env.py)
            if f'"{base}"' not in code:
                missing.setdefault(doc, []).append(name)
    assert not missing, missing


def test_the_check_finds_a_made_up_name():
    assert "PRAMOEN_NOT_A_SETTING" in NAME.findall("set `PRAMOEN_NOT_A_SETTING=1`")
    assert '"PRAMOEN_NOT_A_SETTING"' not in _read_by_the_code()
