"""Follow every same-site link a person is shown, from their home, and note what is wrong on each page.

Used by tests/browser/test_crawl.py (every demo login, 1280 px and 390 px) and runnable on a demo server:
``python -m tests.browser.crawl http://127.0.0.1:8000 eval.officer`` prints the problems found.
"""

from __future__ import annotations

import heapq
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urldefrag, urlsplit

# Names that stay in Latin letters in the Thai UI: systems, products, file formats and units. A key's name
# (Enter, Esc, Tab) is read only inside <kbd>, the label printed on the key, with Thai words around it.
ALLOWED_LATIN = {
    "pramoen", "bma", "oss", "traffy", "fondue", "api", "xlsx", "docx", "pdf", "jpeg", "png", "csv", "json",
    "geojson", "kpi", "line", "q", "e-learning", "one", "map", "e-saraban", "policy", "tracking", "sso",
    "performance", "innovation", "potential", "function", "base", "bangkok", "kb", "mb", "gps", "exif", "url", "id", "smart",
    "gis", "app", "www", "http", "https", "excel", "word", "covid", "iso", "ict", "it", "co", "th", "no",
    "data", "center", "mis", "e-gp", "e-bidding", "a+",
    # the digital systems of indicator 3.1 as the seed names them: "(BMA Single Sign-On: BMA SSO)",
    # "(Certificate Authority: CA)", "(BMA Policy Tracking: BP)"
    "single", "sign-on", "certificate", "authority", "ca", "bp",
    # BMA services and the framework's term as the official FY2567 indicator names write them (1.6 "(Joint
    # KPI)", 1.8 Telemedicine, 1.9 Motorlance, 1.12 Shuttle Bus): the names are quoted, not translated
    "joint", "telemedicine", "motorlance", "shuttle", "bus",
}  # fmt: skip
# Never followed: signing out, other languages, downloads, the admin and the API, evidence files.
SKIP = re.compile(
    r"^/(logout|i18n|admin|api|static|media|jsi18n)/|/(evidence|xlsx)/|format=(xlsx|csv|docx|pdf)|\.(xlsx|csv|docx|pdf|zip)$"
)
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z\-]{1,}")
# A period's code (H1, Q2, M01, FY2567) where its Thai name (ครึ่งปีแรก, ไตรมาสที่ 2, ต.ค. 2566, ปีงบประมาณ 2567) belongs.
PERIOD_CODE = re.compile(r"(?<![A-Za-z0-9])(?:H[12]|Q[1-4]|M(?:0[1-9]|1[0-2])|FY ?\d{0,4})(?![A-Za-z0-9])")

TEXT_JS = """() => {
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode, el = node.parentElement;
    if (!el || el.closest('script,style,code,pre,kbd,[lang="en"],[data-pm-latin],[translate="no"],.leaflet-container,[hidden]')) continue;
    if (!el.offsetParent && getComputedStyle(el).position !== 'fixed') continue;
    out.push(node.textContent);
  }
  return out.join(' ');
}"""


@dataclass
class Problem:
    username: str
    width: int
    url: str
    what: str

    def __str__(self) -> str:
        return f"{self.username} @{self.width}px {self.url}: {self.what}"


@dataclass
class Crawl:
    pages: int = 0
    problems: list[Problem] = field(default_factory=list)
    visited: list[str] = field(default_factory=list)


def english_words(text: str) -> set[str]:
    """Latin words outside the allow-list; codes and file names (a token with a digit, a dot, an
    underscore or cut short with "…") are data, not UI text."""
    found = set()
    for token in text.split():
        if re.search(r"[\d._…/@]", token):
            continue
        found |= {w for w in LATIN_WORD.findall(token) if w.lower() not in ALLOWED_LATIN}
    return found


def period_codes(text: str) -> set[str]:
    """Period codes left where people read the period's name."""
    return set(PERIOD_CODE.findall(text))


def sign_in(page: Any, base: str, username: str, password: str) -> None:
    page.goto(f"{base}/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/")


def crawl(
    browser: Any,
    base: str,
    username: str,
    password: str,
    *,
    width: int,
    depth: int = 2,
    max_pages: int = 30,
    axe: bool = True,
    also: Sequence[str] = (),
    axe_seen: set[str] | None = None,
) -> Crawl:
    """From the home page (and the pages ``also`` names, as if the home linked to them), breadth first,
    a link of the header's menu counted one level further than the page's own links (a home's work list:
    this login's reports, scorecard, appeals, jobs), which are what differ from one login to the next;
    tests/core/test_navigation.py opens every menu entry for each role.

    Each login sees its own pages: a page is skipped only when this login already checked one whose address
    differs from it only by its numbers (another report, another district), so the bound reaches further.
    axe's rules read the markup, not the data: with ``axe_seen`` (shared by the logins) each address shape is
    run through axe once, by the first login that reaches it; the other checks run on every page."""
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="th-TH")
    page = context.new_page()
    page.set_default_timeout(30000)
    result = Crawl()
    checker = None
    if axe:
        from axe_playwright_python.sync_playwright import Axe

        checker = Axe()
    try:
        sign_in(page, base, username, password)
        # (rank, order, path, depth, the page that showed it): the rank is the depth, one more for a link
        # of the header's menu, so a page's own links come before the menu's at the same depth
        queue: list[tuple[int, int, str, int, str]] = [(0, 0, "/", 0, "")]
        queue += [(1, n, p, 1, "/") for n, p in enumerate(also, start=1)]
        order = len(queue)
        seen = {"/", *also}
        shapes: set[str] = set()
        while queue and result.pages < max_pages:
            _rank, _n, path, level, came_from = heapq.heappop(queue)
            shape = re.sub(r"\d+", "N", path)
            if shape in shapes:
                continue
            shapes.add(shape)
            try:
                response = page.goto(base + path)
            except Exception as exc:  # a link that downloads a file is not a page
                if "Download is starting" in str(exc):
                    continue
                raise
            page.wait_for_load_state("load")
            result.pages += 1
            result.visited.append(path)
            status = response.status if response else 0

            def note(what: str, url: str = path) -> None:
                result.problems.append(Problem(username, width, url, what))

            if status >= 500:
                note(f"answered {status}")
                continue
            if status == 403:
                note(f"answered 403 through a link shown on {came_from}")
                continue
            if status >= 400:
                note(f"answered {status} through a link shown on {came_from}")
                continue
            overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            if overflow > 1:
                note(f"{overflow}px wider than the window")
            if page.evaluate("document.documentElement.lang") == "th":
                text = page.evaluate(TEXT_JS)
                words = english_words(text)
                if words:
                    note("English in the Thai UI: " + ", ".join(sorted(words)[:12]))
                codes = period_codes(text)
                if codes:
                    note("period codes in the Thai UI: " + ", ".join(sorted(codes)[:12]))
            if checker is not None and (axe_seen is None or shape not in axe_seen):
                if axe_seen is not None:
                    axe_seen.add(shape)
                found = checker.run(page, options={"runOnly": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]})
                for v in found.response["violations"]:
                    if v.get("impact") in ("serious", "critical"):
                        targets = [n["target"] for n in v.get("nodes", [])[:2]]
                        note(f"axe {v['impact']}: {v['id']} {targets}")
            if level >= depth:
                continue
            links = page.eval_on_selector_all(
                "a[href]",
                "els => els.filter(e => e.offsetParent !== null || e.closest('.dropdown-menu'))"
                ".map(e => [e.getAttribute('href'), Boolean(e.closest('header'))])",
            )
            for href, in_menu in sorted(links, key=lambda link: link[1]):  # a page's own link first
                target, _frag = urldefrag(href or "")
                parts = urlsplit(target)
                if parts.scheme or parts.netloc or not target.startswith("/"):
                    continue
                if SKIP.search(target) or SKIP.search(parts.path) or target in seen:
                    continue
                seen.add(target)
                order += 1
                heapq.heappush(queue, (level + 1 + in_menu, order, target, level + 1, path))
    finally:
        context.close()
    return result


def main(argv: list[str]) -> int:
    from playwright.sync_api import sync_playwright

    base, users = argv[1], argv[2:]
    password = "Pramoen-2567!"
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=["--headless", "--no-sandbox"])
        for username in users:
            for width in (1280, 390):
                found = crawl(browser, base, username, password, width=width, axe=width == 1280)
                print(f"{username} @{width}: {found.pages} pages, {len(found.problems)} problems")
                for p in found.problems:
                    print("  ", p)
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
