"""What-if over the register: ``manage.py funding_simulate jiangning-kjj 2020-12-01
--set jiangning.recognition_award.district=40`` prints baseline, scenario and the difference per article."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from itisa.access import system
from itisa.funding.selectors import budget_simulate
from itisa.register.models import Jurisdiction
from itisa.workflow.packs import packs_of


class Command(BaseCommand):
    help = "Budget difference of a parameter change over a jurisdiction's alliances (read-only)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("jurisdiction", help="jurisdiction code, e.g. jiangning-kjj")
        parser.add_argument("on", help="as-of date, ISO")
        parser.add_argument("--pack", help="pack id (default: the jurisdiction's latest)")
        parser.add_argument("--year", type=int)
        parser.add_argument("--set", action="append", default=[], metavar="NAME=VALUE",
                            help="override, e.g. jiangning.recognition_award.district=40")

    def handle(self, *args: Any, **opts: Any) -> None:
        try:
            jur = Jurisdiction.objects.get(code=opts["jurisdiction"])
        except Jurisdiction.DoesNotExist:
            raise CommandError(f"unknown jurisdiction {opts['jurisdiction']}") from None
        packs = packs_of(jur)
        pack = opts["pack"] or (packs[-1].id if packs else None)
        if pack is None:
            raise CommandError(f"{jur.name} has no regulation in this system")
        overrides: dict[str, Any] = {}
        for item in opts["set"]:
            name, _, value = item.partition("=")
            overrides[name.strip()] = Decimal(value.strip()) if "/" not in value else value.strip()
        # A command runs as a named system actor that may read the bureau's funds (itisa.access).
        sim = budget_simulate(user=system("funding_simulate", "funding.view_fund", "funding.view_budget"), jurisdiction=jur, pack=pack, on=date.fromisoformat(opts["on"]),
                              overrides=overrides, year=opts["year"])
        w = self.stdout.write
        w(f"{sim.pack} on {sim.on} over {sim.alliances} alliances, overrides {overrides}")
        w(f"baseline {sim.baseline_total}  scenario {sim.scenario_total}  difference {sim.delta}")
        for row in sim.by_article:
            w(f"  {row['article']}: {row['baseline']} → {row['scenario']} ({row['delta']:+})")
        if sim.undecided:
            w(f"  ({sim.undecided} amounts to be decided within ranges are not in the totals)")
