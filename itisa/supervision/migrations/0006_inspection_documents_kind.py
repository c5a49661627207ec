"""Documents attached to fund inspections (Jiangning 第十三条) before they had a kind of their own were stored as
"other"; they become "inspection_report" (documents.0003)."""

from django.db import migrations


def inspection_documents_kind(apps, schema_editor):
    Document = apps.get_model("documents", "Document")
    FundInspection = apps.get_model("supervision", "FundInspection")
    attached = FundInspection.documents.through.objects.values("document_id")
    Document.objects.filter(kind="other", pk__in=attached).update(kind="inspection_report")


class Migration(migrations.Migration):

    dependencies = [
        ("documents", "0003_inspection_report_kind"),
        ("supervision", "0005_backfill_level_until"),
    ]

    operations = [migrations.RunPython(inspection_documents_kind, migrations.RunPython.noop)]
