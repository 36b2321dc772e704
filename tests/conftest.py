"""Shared fixtures: the demo personas, one per role, in different agencies."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from pramoen.core.audit import acting_as
from pramoen.orgs.demo import load_demo
from pramoen.orgs.models import User

PASSWORD = "Test-pass-2567!"


@pytest.fixture
def personas(db: Any) -> dict[str, User]:
    """bangrak.staff, bangrak.head, sathon.staff, eval.officer, executive, admin, … (see orgs/demo.py)."""
    with acting_as(label="system:test"):
        load_demo(password=PASSWORD)
    return {u.username: u for u in User.objects.all()}


@pytest.fixture
def client_for(personas: dict[str, User]) -> Any:
    """``client_for("bangrak.staff")`` → a test client signed in as that persona."""

    def make(username: str) -> Client:
        client = Client()
        client.force_login(personas[username])
        return client

    return make
