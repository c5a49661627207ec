"""``{{ claim|found_words }}``: the pack's words for what the bureau found on a claim (``key_supported`` …)."""

from __future__ import annotations

from django import template

from itisa.funding.claim_forms import flag_words
from itisa.funding.models import Claim

register = template.Library()


@register.filter
def found_words(claim: Claim) -> str:
    return "；".join(flag_words(claim.pack_id, claim.kind, list(claim.asserted_flags)))
