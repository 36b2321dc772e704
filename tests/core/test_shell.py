"""The UI shell: vendored assets only, a complete Thai catalogue, documented settings and commands."""

import re
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "pramoen"


def test_no_page_loads_anything_from_another_site():
    for template in (PACKAGE / "templates").rglob("*.html"):
        text = template.read_text(encoding="utf-8")
        assert not re.search(r"""(src|href)=["']https?://""", text), template


@pytest.mark.parametrize(
    "asset",
    [
        "vendor/bootstrap/bootstrap.min.css",
        "vendor/bootstrap/bootstrap.bundle.min.js",
        "vendor/htmx/htmx.min.js",
        "vendor/chartjs/chart.umd.min.js",
        "vendor/leaflet/leaflet.js",
        "vendor/leaflet/leaflet.css",
    ],
)
def test_vendored_assets_are_present_with_a_licence(asset):
    path = PACKAGE / "static" / asset
    assert path.stat().st_size > 1000
    assert any(p.name.startswith("LICENSE") for p in path.parent.iterdir())


def test_the_thai_font_is_served_from_the_installed_package(client):
    response = client.get("/static/fonts/sarabun/Sarabun-Regular.ttf")
    assert response.status_code == 200


def test_the_thai_catalogue_is_complete_and_compiled(tmp_path):
    import polib

    po_path = PACKAGE / "locale/th/LC_MESSAGES/django.po"
    po = polib.pofile(str(po_path))
    assert po.untranslated_entries() == [] and po.fuzzy_entries() == []
    compiled = tmp_path / "django.mo"
    subprocess.run(["msgfmt", "-o", str(compiled), str(po_path)], check=True)
    assert polib.mofile(str(compiled)) == polib.mofile(str(PACKAGE / "locale/th/LC_MESSAGES/django.mo"))


def test_every_environment_variable_is_documented():
    read = set(re.findall(r'env_\w+\(\s*"([A-Z_]+)"', (PACKAGE / "settings.py").read_text()))
    docs = (ROOT / "docs/configuration.md").read_text(encoding="utf-8")
    assert read, "no variables found"
    missing = sorted(v for v in read if f"`{v}`" not in docs)
    assert missing == []


def test_every_management_command_is_documented():
    commands = {p.stem for p in PACKAGE.glob("*/management/commands/*.py") if not p.stem.startswith("_")}
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert commands and sorted(c for c in commands if f"pramoen {c}" not in readme) == []


@pytest.mark.django_db
def test_migrations_are_complete():
    from django.core.management import call_command

    call_command("makemigrations", "--check", "--dry-run", verbosity=0)
