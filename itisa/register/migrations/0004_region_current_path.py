"""Every GB/T 2260 division since 1980 (data/REGIONS_PROVENANCE.md) and, for each, the ancestry of
the code in force it leads to, so that a retired code answers "is this in our region"."""

from django.db import migrations, models


def load(apps, schema_editor):
    from itisa.register.reference_data import sync_regions

    sync_regions(apps.get_model("register", "Region"))


class Migration(migrations.Migration):
    dependencies = [("register", "0003_alliance_rd_team")]

    operations = [
        migrations.AddField(
            model_name="region",
            name="current_path",
            field=models.CharField(
                db_index=True,
                default="",
                max_length=64,
                verbose_name="ancestry path of the code in force",
                help_text="The path of the code this one leads to through its successors (its own path when in force).",
            ),
        ),
        migrations.RunPython(load, migrations.RunPython.noop),
    ]
