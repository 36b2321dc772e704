"""Stored period names follow ``framework.periods`` (the one source): the quarters were stored as
"ไตรมาส 1" before the UI settled on "ไตรมาสที่ 1"."""

from django.db import migrations


def rename(apps, schema_editor):  # type: ignore[no-untyped-def]
    from pramoen.framework.periods import is_period_code, period_spec

    Period = apps.get_model("framework", "Period")
    for period in Period.objects.select_related("fiscal_year"):
        if not is_period_code(period.code):
            continue
        spec = period_spec(period.fiscal_year.year, period.code)
        if (period.name_th, period.name_en) != (spec.name_th, spec.name_en):
            period.name_th, period.name_en = spec.name_th, spec.name_en
            period.save(update_fields=["name_th", "name_en"])


class Migration(migrations.Migration):
    dependencies = [("framework", "0003_criteria_over_time")]

    operations = [migrations.RunPython(rename, migrations.RunPython.noop)]
