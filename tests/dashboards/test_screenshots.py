"""``make screenshots`` photographs one home per role: every role a demo persona holds has a login in
tools/screenshots.py, and the README shows pictures that are there."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

from pramoen.orgs.demo import PERSONAS

ROOT = Path(__file__).resolve().parents[2]


def _tool():  # tools/ is not a package: the script is loaded from its file
    spec = importlib.util.spec_from_file_location("screenshots", ROOT / "tools" / "screenshots.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_demo_role_has_its_home_photographed_at_both_widths():
    tool = _tool()
    role_of = {p.username: p.role for p in PERSONAS}
    assert set(tool.USERS) <= set(role_of)
    assert {role_of[u] for u in tool.USERS} == set(role_of.values())
    assert set(tool.WIDTHS) == {1280, 390}


def test_the_readme_shows_home_screenshots_that_exist():
    shown = re.findall(r"\(docs/screenshots/(home-[^)]+\.png)\)", (ROOT / "README.md").read_text("utf-8"))
    assert len(shown) >= 3
    assert all((ROOT / "docs" / "screenshots" / name).is_file() for name in shown)
    tool = _tool()
    assert {f"home-{u}-{w}.png" for u in tool.USERS for w in tool.WIDTHS} <= {
        p.name for p in (ROOT / "docs" / "screenshots").glob("home-*.png")
    }
