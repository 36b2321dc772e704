"""The Content-Security-Policy: sent with every page, no inline script allowed — and no template of
ours carries one (an inline <script>, an on…= handler or hx-on would be blocked in the browser)."""

import re
from pathlib import Path

import pytest
from django.test import Client

import pramoen

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/(?:json|ld\+json))[^>]*>", re.I)
INLINE_HANDLER = re.compile(r"\s(?:on[a-z]+|hx-on[:\w-]*)\s*=\s*[\"']", re.I)


def test_every_answer_carries_the_policy(db):
    response = Client().get("/login/")
    policy = response["Content-Security-Policy"]
    script_src = next(p for p in policy.split(";") if p.strip().startswith("script-src"))
    assert script_src.split() == ["script-src", "'self'"]
    assert "frame-ancestors 'none'" in policy and "object-src 'none'" in policy


@pytest.mark.parametrize(
    "template", sorted(Path(pramoen.__file__).parent.rglob("templates/**/*.html")), ids=lambda p: p.name
)
def test_no_template_has_an_inline_script_or_handler(template):
    text = template.read_text(encoding="utf-8")
    assert not INLINE_SCRIPT.search(text), template
    assert not INLINE_HANDLER.search(text), template
