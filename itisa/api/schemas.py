"""What the API returns. Codes for machines, with their labels in the request's language beside them."""

from datetime import date, datetime
from typing import Any

from ninja import Schema


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

    @staticmethod
    def resolve_kind_label(obj: Any) -> str:
        return str(obj.get_kind_display())


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

    @staticmethod
    def resolve_status_label(obj: Any) -> str:
        return str(obj.get_status_display())

    @staticmethod
    def resolve_level_label(obj: Any) -> str:
        return str(obj.get_level_display()) if obj.level else ""

    @staticmethod
    def resolve_jurisdiction(obj: Any) -> str:
        return obj.jurisdiction.name

    @staticmethod
    def resolve_lead(obj: Any) -> str:
        return obj.lead.name

    @staticmethod
    def resolve_industry_field(obj: Any) -> str | None:
        return obj.industry_field.name if obj.industry_field_id else None


class MembershipOut(Schema):
    organisation: OrganisationOut
    role: str
    role_label: str
    joined_on: date
    left_on: date | None

    @staticmethod
    def resolve_role_label(obj: Any) -> str:
        return str(obj.get_role_display())


class LevelOut(Schema):
    level: str
    level_label: str
    from_date: date
    jurisdiction: str
    document_number: str

    @staticmethod
    def resolve_level_label(obj: Any) -> str:
        return str(obj.get_level_display())

    @staticmethod
    def resolve_jurisdiction(obj: Any) -> str:
        return obj.jurisdiction.name


class AchievementOut(Schema):
    id: int
    kind: str
    kind_label: str
    title: str
    reference: str
    achieved_on: date

    @staticmethod
    def resolve_kind_label(obj: Any) -> str:
        return str(obj.get_kind_display())


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

    @staticmethod
    def resolve_alliance(obj: Any) -> str:
        return obj.case.alliance.name

    @staticmethod
    def resolve_status_label(obj: Any) -> str:
        return str(obj.get_status_display())


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

    @staticmethod
    def resolve_alliance(obj: Any) -> str:
        return obj.alliance.name

    @staticmethod
    def resolve_jurisdiction(obj: Any) -> str:
        return obj.jurisdiction.name

    @staticmethod
    def resolve_procedure(obj: Any) -> str:
        return obj.procedure_id


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

    @staticmethod
    def resolve_alliance(obj: Any) -> str:
        return obj.alliance.name

    @staticmethod
    def resolve_kind_label(obj: Any) -> str:
        return str(obj.get_kind_display())


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
