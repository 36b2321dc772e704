"""Every model of the two feeds has an admin page for administrators, and only for them."""

import pytest

pytestmark = pytest.mark.django_db

PAGES = [
    "services/serviceprocess", "services/servicerecord", "feeds/importrun",
    "budget/budgetline", "budget/budgetlineexclusion", "budget/budgetrules",
]  # fmt: skip


@pytest.mark.parametrize("page", PAGES)
def test_admin_pages(client_for, page):
    assert client_for("admin").get(f"/admin/{page}/").status_code == 200
    assert client_for("eval.officer").get(f"/admin/{page}/").status_code == 302
