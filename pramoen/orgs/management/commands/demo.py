from __future__ import annotations

from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from pramoen.core.audit import acting_as
from pramoen.orgs.demo import load_demo

DEFAULT_PASSWORD = "Pramoen-2567!"


class Command(BaseCommand):
    help = "Load the BMA demo data (agencies, committees, one persona per role). Safe to run again."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--password", default=DEFAULT_PASSWORD, help="password for every demo persona")

    def handle(self, *args: Any, password: str, **options: Any) -> None:
        try:
            validate_password(password)
        except ValidationError as exc:
            raise CommandError("--password: " + " ".join(exc.messages)) from exc
        with acting_as(label="system:demo"):
            personas = load_demo(password=password)
        self.stdout.write(self.style.SUCCESS("Demo data loaded. Sign in at http://127.0.0.1:8000/ as:"))
        width = max(len(p.username) for p in personas)
        for p in personas:
            self.stdout.write(f"  {p.username:<{width}}  {password}   {p.role.label} — {p.scope}")
