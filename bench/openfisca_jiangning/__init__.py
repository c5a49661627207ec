"""A small OpenFisca country-like system for Jiangning (seed 003), the benchmark's yardstick.

Not part of the product: it exists so that ``bench/run_bench.py`` can run the same rules through
OpenFisca and through our engine, in one process, and compare rates and results.
"""

from pathlib import Path

from openfisca_core.taxbenefitsystems import TaxBenefitSystem

from .entities import entities
from .variables import FORMULAS, INPUT_NAMES, INPUTS, OUTPUTS, LeadKind, Level, add_months

PARAMETERS_DIR = Path(__file__).parent / "parameters"

__all__ = ["INPUT_NAMES", "OUTPUTS", "JiangningSystem", "LeadKind", "Level", "add_months"]


class JiangningSystem(TaxBenefitSystem):
    """Entity ``alliance``; parameters from YAML with dated values and references; 第六条 and 第十条 formulas."""

    def __init__(self) -> None:
        super().__init__(entities)
        self.load_parameters(str(PARAMETERS_DIR))
        for variable in (*INPUTS, *FORMULAS):
            self.add_variable(variable)
