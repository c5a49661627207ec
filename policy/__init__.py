"""The policy engine: regulations as packs, decisions with traces and citations. Pure Python (no Django)."""

from .api import (
    Comparison,
    Simulation,
    check_eligibility,
    compare,
    consequences,
    deadlines,
    entitlements,
    governing_pack,
    governing_text,
    packs,
    parameter,
    readings,
    simulate,
)
from .errors import FactsError, InputError
from .facts import facts_from_dict, load_facts
from .loader import PackError, get_pack

__all__ = ["Comparison", "FactsError", "InputError", "PackError", "Simulation", "check_eligibility", "compare",
           "consequences", "deadlines", "entitlements", "facts_from_dict", "get_pack", "governing_pack",
           "governing_text", "load_facts", "packs", "parameter", "readings", "simulate"]
