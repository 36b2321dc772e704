"""The ``pramoen`` console script: Django's manage.py with pramoen's settings."""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pramoen.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["pramoen", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":  # pragma: no cover - `python -m pramoen.cli`
    main()
