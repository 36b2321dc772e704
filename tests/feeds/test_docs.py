"""The feeds' methods, commands, import columns and settings are documented."""

from pathlib import Path

from pramoen.feeds.budget.importer import COLUMNS as BUDGET_COLUMNS
from pramoen.feeds.budget.models import BudgetRules
from pramoen.feeds.services.importer import COUNT_COLUMNS, TRANSACTION_COLUMNS
from pramoen.scoring.methods import registered_methods

ROOT = Path(__file__).resolve().parents[2]


def test_methods_and_import_columns_are_documented():
    services = (ROOT / "docs/services.md").read_text(encoding="utf-8")
    budget = (ROOT / "docs/budget.md").read_text(encoding="utf-8")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert {"online_services", "budget_disbursement"} <= set(registered_methods())
    assert "`online_services`" in services and "`budget_disbursement`" in budget
    assert all(f"`{c}`" in services for c in (*COUNT_COLUMNS, *TRANSACTION_COLUMNS))
    assert all(f"`{c}`" in budget for c in BUDGET_COLUMNS)
    assert "pramoen demo_services_budget" in readme and "docs/budget.md" in readme
    rules = [f.name for f in BudgetRules._meta.fields if f.name.startswith(("exclude_", "planned_"))]
    assert rules and all(r.removeprefix("exclude_").replace("_", " ").split()[0] in budget for r in rules)
