"""What the API returns. Codes for machines, with their labels in the request's language beside them."""

from datetime import date, datetime
from typing import Any

from ninja import Schema


def display(field: str) -> staticmethod:
    """A resolver for ``<field>_label``: the choice's label in the request's language ("" when unset)."""
    return staticmethod(lambda obj: str(getattr(obj, f"get_{field}_display")()) if getattr(obj, field) else "")


def attribute(path: str) -> staticmethod:
    """A resolver reading a dotted attribute path, e.g. ``alliance.name``."""
    def resolve(obj: Any) -> Any:
        for part in path.split("."):
            obj = getattr(obj, part)
        return obj
    return staticmethod(resolve)


class RegionOut(Schema):
    code: str
    name: str


class OrganisationOut(Schema):
    id: int
    name: str
    credit_code: str
    kind: str
    kind_label: str
    region: RegionOut
    legal_person: bool

    resolve_kind_label = display("kind")


class AllianceOut(Schema):
    id: int
    name: str
    status: str
    status_label: str
    level: str
    level_label: str
    kind: str
    founded_on: date
    jurisdiction: str
    region: RegionOut
    lead: str
    industry_field: str | None

    resolve_status_label = display("status")

    resolve_level_label = display("level")

    resolve_jurisdiction = attribute("jurisdiction.name")

    resolve_lead = attribute("lead.name")

    @staticmethod
    def resolve_industry_field(obj: Any) -> str | None:
        return obj.industry_field.name if obj.industry_field_id else None


class MembershipOut(Schema):
    organisation: OrganisationOut
    role: str
    role_label: str
    joined_on: date
    left_on: date | None

    resolve_role_label = display("role")


class LevelOut(Schema):
    level: str
    level_label: str
    from_date: date
    until: date | None = None
    jurisdiction: str
    document_number: str

    resolve_level_label = display("level")

    resolve_jurisdiction = attribute("jurisdiction.name")


class AchievementOut(Schema):
    id: int
    kind: str
    kind_label: str
    title: str
    reference: str
    achieved_on: date

    resolve_kind_label = display("kind")


class NoticeOut(Schema):
    id: int
    title: str
    text: str
    alliance: str
    article: str
    published_on: date
    ends_on: date
    status: str
    status_label: str

    resolve_alliance = attribute("case.alliance.name")

    resolve_status_label = display("status")


class RegulationOut(Schema):
    id: str
    title: str
    doc: str
    region: str
    level: str
    in_force: date | None
    lapses: date | None
    status: str | None = None
    status_text: str | None = None


class CaseOut(Schema):
    id: int
    alliance_id: int
    alliance: str
    jurisdiction: str
    procedure: str
    state: str
    closed: bool
    opened_on: date
    updated_at: datetime

    resolve_alliance = attribute("alliance.name")

    resolve_jurisdiction = attribute("jurisdiction.name")

    resolve_procedure = attribute("procedure_id")


class MaterialOut(Schema):
    material: str
    name: str
    sha256: str
    size: int
    attached_at: datetime


class ReportOut(Schema):
    id: int
    alliance_id: int
    alliance: str
    kind: str
    kind_label: str
    year: int | None
    article: str
    filed_on: date | None
    submitted_on: date | None

    resolve_alliance = attribute("alliance.name")

    resolve_kind_label = display("kind")


class EngineAnswer(Schema):
    """The engine's answer for one alliance on one date: the governing text, the result with each line's
    article, and the trace of what was checked (docs/policy/facts.md)."""

    alliance_id: int
    on: date
    regulation: str | None
    regulation_status: str
    result: dict[str, Any]


class ErrorDetail(Schema):
    field: str
    message: str


class ErrorBody(Schema):
    code: str
    message: str
    details: list[ErrorDetail]


class ErrorOut(Schema):
    error: ErrorBody
