"""Each role's home page at 1280 px and 390 px into docs/screenshots/ (``make screenshots``).

Runs a server of its own on a free port over the database the settings name (``make screenshots``
loads the demo into it first), signs in as each demo persona and saves the visible window as PNG.
Logins named on the command line (``tools/screenshots.py executive``) are the only ones photographed.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "screenshots"
PASSWORD = os.environ.get("PRAMOEN_DEMO_PASSWORD", "Pramoen-2567!")
CHROMIUM = os.environ.get("PRAMOEN_CHROMIUM", "/usr/bin/chromium")
# one login per role (tests/dashboards/test_screenshots.py checks every role of the demo has one)
USERS = (
    "bangrak.staff", "bangrak.head", "publicworks.reviewer", "eval.officer", "committee1.secretary",
    "committee1.member", "executive", "admin",
)  # fmt: skip
WIDTHS = {1280: 800, 390: 844}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def main(users: tuple[str, ...] = USERS) -> int:
    from playwright.sync_api import sync_playwright

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [sys.executable, "-m", "pramoen", "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=ROOT,
        env={**os.environ, "PRAMOEN_DEBUG": "1"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{base}/login/", timeout=2)
                break
            except OSError:
                time.sleep(0.3)
        OUT.mkdir(parents=True, exist_ok=True)
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--headless", "--no-sandbox"])
            for width, height in WIDTHS.items():
                for username in users:
                    context = browser.new_context(viewport={"width": width, "height": height})
                    page = context.new_page()
                    page.goto(f"{base}/login/")
                    page.fill("input[name=username]", username)
                    page.fill("input[name=password]", PASSWORD)
                    page.click("button[type=submit]")
                    page.wait_for_url(f"{base}/")
                    page.wait_for_load_state("networkidle")
                    path = OUT / f"home-{username}-{width}.png"
                    page.screenshot(path=str(path))
                    print(path.relative_to(ROOT))
                    context.close()
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=20)
    return 0


if __name__ == "__main__":
    sys.exit(main(tuple(sys.argv[1:]) or USERS))
