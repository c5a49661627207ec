"""The one entity of the benchmark's OpenFisca system: an alliance.

OpenFisca needs a "person" entity; here the alliance itself plays that part (no households, no roles).
"""

from openfisca_core.entities import build_entity

Alliance = build_entity(
    key="alliance",
    plural="alliances",
    label="产业技术创新战略联盟 (industrial technology innovation strategic alliance)",
    doc="One alliance of the register, with its facts aggregated to counts, flags, dates and amounts.",
    is_person=True,
)

entities = [Alliance]
