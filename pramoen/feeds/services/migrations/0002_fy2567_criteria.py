from decimal import Decimal

from django.db import migrations


def forwards(apps, schema_editor):
    Criteria = apps.get_model("services", "OnlineServiceCriteria")
    Criteria.objects.get_or_create(
        fiscal_year=2567,
        defaults={
            "t1": Decimal("10"),
            "t2": Decimal("15"),
            "t3": Decimal("20"),
            "t4": Decimal("25"),
            "t5": Decimal("30"),
            "note": "T1 = 10 % from the FY2567 half-year report; T2–T5 are placeholders until the evaluation office sets them",
        },
    )


class Migration(migrations.Migration):
    dependencies = [("services", "0001_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
