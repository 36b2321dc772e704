"""Load the 6 district groups, the 50 districts (with BMA GIS boundaries) and their district offices.

Reference data that everything else needs, so it exists right after `pramoen migrate`."""

from django.db import migrations


def load(apps, schema_editor):
    from pramoen.orgs.reference import load_reference

    load_reference(
        group_model=apps.get_model("orgs", "DistrictGroup"),
        agency_model=apps.get_model("orgs", "Agency"),
        district_model=apps.get_model("orgs", "District"),
    )


class Migration(migrations.Migration):
    dependencies = [("orgs", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
