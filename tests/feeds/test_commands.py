"""The import commands: a good file is imported, a bad one is refused with its row errors."""

import pytest
from django.core.management import CommandError, call_command

from pramoen.feeds.budget.models import BudgetLine
from pramoen.feeds.services.demo import load_processes
from pramoen.feeds.services.models import ServiceRecord
from tests.feeds.budget.conftest import budget_csv
from tests.feeds.services.conftest import csv_bytes

pytestmark = pytest.mark.django_db


def test_import_service_records(tmp_path):
    load_processes()
    good, bad = tmp_path / "good.csv", tmp_path / "bad.csv"
    good.write_bytes(csv_bytes("1004,ENV-03,2566-10,online,12"))
    bad.write_bytes(csv_bytes("1004,ENV-03,2566-11,online,12", "1004,ENV-03,2566-12,fax,1"))
    call_command("import_service_records", str(good), verbosity=0)
    with pytest.raises(CommandError, match="แถวที่ 3 คอลัมน์ channel"):
        call_command("import_service_records", str(bad), verbosity=0)
    assert ServiceRecord.objects.count() == 1


def test_import_budget(tmp_path):
    good, bad = tmp_path / "good.csv", tmp_path / "bad.csv"
    good.write_bytes(budget_csv("line,1004,2567,OPR-01,ค่าใช้สอย,operating,annual,,1000,,,,,"))
    bad.write_bytes(budget_csv("line,1004,2567,OPR-02,ค่าใช้สอย,salary,annual,,1000,,,,,"))
    call_command("import_budget", str(good), verbosity=0)
    with pytest.raises(CommandError, match="แถวที่ 2 คอลัมน์ budget_type"):
        call_command("import_budget", str(bad), verbosity=0)
    assert list(BudgetLine.objects.values_list("code", flat=True)) == ["OPR-01"]
