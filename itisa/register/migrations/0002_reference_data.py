"""Load the shipped regions (GB/T 2260, see data/REGIONS_PROVENANCE.md), bureaus and catalogues."""

from django.db import migrations


def load(apps, schema_editor):
    from itisa.register.reference_data import sync_jurisdictions, sync_regions

    region = apps.get_model("register", "Region")
    sync_regions(region)
    sync_jurisdictions(apps.get_model("register", "Jurisdiction"), apps.get_model("register", "IndustryField"), region)


class Migration(migrations.Migration):
    dependencies = [("register", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
