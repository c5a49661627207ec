"""Fill ``LevelRecord.until`` (register.0008) for revocations and dissolutions decided before it existed, as the
services now do when they decide (ADR 0022): a revocation ends the open levels the alliance's own bureau granted,
on its decision day; an approved dissolution ends every open level on its decision day. Records that began on or
after that day are left open (they came later). The revocation's and dissolution's own audit events stay the
record of the decision; the migration writes no audit event of its own."""

from django.db import migrations


def backfill_level_until(apps, schema_editor):
    LevelRecord = apps.get_model("register", "LevelRecord")
    Revocation = apps.get_model("supervision", "Revocation")
    Dissolution = apps.get_model("supervision", "Dissolution")
    ends = [(r.decided_on, r.alliance_id, r.alliance.jurisdiction_id)
            for r in Revocation.objects.select_related("alliance")]
    ends += [(d.decided_on, d.alliance_id, None)
             for d in Dissolution.objects.filter(status="approved", decided_on__isnull=False)]
    for on, alliance_id, jurisdiction_id in sorted(ends, key=lambda e: (e[0], e[1])):  # the first end wins
        records = LevelRecord.objects.filter(alliance_id=alliance_id, until__isnull=True, from_date__lt=on)
        if jurisdiction_id is not None:
            records = records.filter(jurisdiction_id=jurisdiction_id)
        records.update(until=on)


class Migration(migrations.Migration):

    dependencies = [
        ("register", "0008_level_until"),
        ("supervision", "0004_findings_evidence_dissolution_plaque"),
    ]

    operations = [migrations.RunPython(backfill_level_until, migrations.RunPython.noop)]
