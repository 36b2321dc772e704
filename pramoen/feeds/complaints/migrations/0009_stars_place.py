"""The satisfaction stars' place in the complaint criteria, per fiscal year.

A year's row saved before this follows the seed as a year without a row does: the stars count in FY2567
(``models.SEED_STARS_COUNTED``), with the demo weight; they stand beside the KPI in any other year.
"""

from django.db import migrations, models


def _seed_years(apps, schema_editor):  # type: ignore[no-untyped-def]
    settings = apps.get_model("complaints", "ComplaintSettings")
    settings.objects.filter(fiscal_year__in=[2567]).update(stars_place="counted")


class Migration(migrations.Migration):

    dependencies = [
        ('complaints', '0008_leaner_ticket_writes'),
    ]

    operations = [
        migrations.AddField(
            model_name='complaintsettings',
            name='stars_place',
            field=models.CharField(choices=[('beside', 'shown beside the KPI, not counted'), ('counted', 'counted in the KPI with a weight')], default='beside', max_length=10, verbose_name='satisfaction stars in the criteria'),
        ),
        migrations.AddField(
            model_name='complaintsettings',
            name='stars_weight',
            field=models.PositiveSmallIntegerField(default=20, help_text='1 to 100: the part of the KPI, in per cent, that the star share makes up; the share resolved makes up the rest.', verbose_name='weight of the stars (%)'),
        ),
        migrations.AddField(
            model_name='complaintsettings',
            name='stars_weight_source',
            field=models.CharField(blank=True, help_text='Empty: the weight is a demo value, and the pages say so.', max_length=300, verbose_name="decision that set the stars' weight"),
        ),
        migrations.AddConstraint(
            model_name='complaintsettings',
            constraint=models.CheckConstraint(condition=models.Q(('stars_weight__gte', 1), ('stars_weight__lte', 100)), name='stars_weight_1_to_100'),
        ),
        migrations.RunPython(_seed_years, migrations.RunPython.noop),
    ]
