# Test-only settings switches, set before pytest-django loads pramoen.settings.
import os

os.environ.setdefault("PRAMOEN_TESTING", "1")
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop
