"""Re-sync regions, bureaus and catalogues from itisa/register/data after the files change."""

from django.core.management.base import BaseCommand
from django.db import transaction

from itisa.register.models import IndustryField, Jurisdiction, Region
from itisa.register.reference_data import sync_jurisdictions, sync_regions


class Command(BaseCommand):
    help = "Load or update the shipped reference data (GB/T 2260 regions, bureaus, industry catalogues)."

    def handle(self, *args, **opts):  # type: ignore[no-untyped-def]
        with transaction.atomic():
            regions = sync_regions(Region)
            bureaus = sync_jurisdictions(Jurisdiction, IndustryField, Region)
        self.stdout.write(f"{regions} regions, {bureaus} jurisdictions loaded")
