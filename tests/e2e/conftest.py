"""The e2e tests drive Debian's Chromium through the browser tests' fixtures."""

from tests.browser.conftest import browser  # noqa: F401  (the session's Chromium)
