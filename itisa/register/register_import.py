"""A bureau starts with the alliances it already recognised: the existing register imported from one
workbook (alliances, members with roles and dates, recognitions with level, date and document number,
grades of past years). Checked row by row across the sheets first; then all of it or nothing, through
the register's services, as one audited batch. Past grades are recorded as history: importing them
applies no consequence (those were applied, or not, at the time)."""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass, field
from datetime import date
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from itisa.audit.services import audit_record, snapshot
from itisa.core.identifiers import InvalidUSCC, validate_uscc
from itisa.register.imports import _existing_codes
from itisa.register.models import (
    Alliance,
    AllianceKind,
    AllianceLevel,
    AllianceStatus,
    ImportBatch,
    Jurisdiction,
    MemberRole,
    Organisation,
    OrganisationKind,
    Region,
)
from itisa.register.services import alliance_create, alliance_level_record, membership_add
from itisa.register.workbook import RowError, as_date, choice_map, is_number, labels_zh, read_sheets, text
from itisa.staff.selectors import bureau_jurisdiction_ids
from itisa.supervision.models import Grade, GradeKind
from itisa.workflow.packs import pack_in_force, packs_of

ALLIANCE, NAME, BUREAU, FOUNDED, KIND = "联盟名称", "联盟名称", "主管科技局", "成立日期", "联盟类型"
ORG, CODE, ORG_KIND, ROLE, JOINED, LEFT = "单位名称", "统一社会信用代码", "单位类型", "成员角色", "加入日期", "退出日期"
LEVEL, ON, BY, DOC = "级别", "认定日期", "认定部门", "文号"
YEAR, GRADE = "年度", "等级"
SHEETS = {
    "联盟": ((NAME, BUREAU, FOUNDED, KIND), (NAME, BUREAU, FOUNDED)),
    "成员": ((ALLIANCE, ORG, CODE, ORG_KIND, ROLE, JOINED, LEFT), (ALLIANCE, ORG, CODE, ORG_KIND, ROLE, JOINED)),
    "认定": ((ALLIANCE, LEVEL, ON, BY, DOC), (ALLIANCE, LEVEL, ON, BY)),
    "评价": ((ALLIANCE, YEAR, GRADE), (ALLIANCE, YEAR, GRADE)),
}
MAX_ROWS = 5000


@dataclass
class AllianceRow:
    row: int
    name: str
    jurisdiction: Jurisdiction | None
    founded: date | None
    kind: str
    members: list[dict[str, Any]] = field(default_factory=list)
    levels: list[dict[str, Any]] = field(default_factory=list)
    grades: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class RegisterCheck:
    alliances: list[AllianceRow]
    errors: list[RowError]

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.alliances)

    @property
    def counts(self) -> dict[str, int]:
        return {
            "alliances": len(self.alliances),
            "members": sum(len(a.members) for a in self.alliances),
            "recognitions": sum(len(a.levels) for a in self.alliances),
            "grades": sum(len(a.grades) for a in self.alliances),
        }


def _jurisdictions(user: Any) -> tuple[dict[str, Jurisdiction], set[int] | None]:
    index: dict[str, Jurisdiction] = {}
    for j in Jurisdiction.objects.select_related("region"):
        index[j.code.lower()] = j
        index[j.name] = j
    ids = bureau_jurisdiction_ids(user)
    return index, None if ids is None else set(ids)


def _scale(jurisdiction: Jurisdiction, year: int) -> tuple[str, list[dict[str, Any]]]:
    try:
        pack = pack_in_force(jurisdiction, date(year, 12, 31))
    except ValidationError:
        candidates = packs_of(jurisdiction)
        if not candidates:
            return "", []
        pack = candidates[-1]
    return pack.id, list((pack.data.get("evaluation") or {}).get("scale") or ())


def check_sheets(sheets: dict[str, list[tuple[int, dict[str, Any]]]], user: Any) -> RegisterCheck:
    """Every row of every sheet against the register and against the other sheets; nothing is written."""
    errors: list[RowError] = []
    bureaus, allowed = _jurisdictions(user)
    kinds, roles, levels = choice_map(AllianceKind), choice_map(MemberRole), choice_map(AllianceLevel)
    org_kinds = choice_map(OrganisationKind)
    kinds["研发类联盟"], kinds["平台类联盟"] = AllianceKind.RND, AllianceKind.PLATFORM
    alliances: dict[str, AllianceRow] = {}

    def err(sheet: str, number: int, column: str, message: str) -> None:
        errors.append(RowError(sheet, number, column, message))

    def bureau(sheet: str, number: int, column: str, value: Any) -> Jurisdiction | None:
        j = bureaus.get(text(value).lower()) or bureaus.get(text(value))
        if j is None:
            err(sheet, number, column, _("No bureau “%(value)s” in this system.") % {"value": text(value)})
        return j

    for number, cells in sheets.get("联盟", []):
        name = text(cells.get(NAME))
        j = bureau("联盟", number, BUREAU, cells.get(BUREAU))
        if j is not None and allowed is not None and j.pk not in allowed:
            err("联盟", number, BUREAU, _("You may import only the register of your own bureau."))
        founded = as_date(cells.get(FOUNDED))
        if founded is None:
            err(
                "联盟",
                number,
                FOUNDED,
                _("“%(value)s” is not a date (YYYY-MM-DD).") % {"value": text(cells.get(FOUNDED))},
            )
        kind = kinds.get(text(cells.get(KIND)).lower(), "") if text(cells.get(KIND)) else AllianceKind.RND
        if not kind:
            err("联盟", number, KIND, _("“%(value)s” is not a kind of alliance.") % {"value": text(cells.get(KIND))})
        if not name:
            err("联盟", number, NAME, _("A name is required."))
        elif name in alliances:
            err("联盟", number, NAME, _("Duplicate of row %(row)s in this file.") % {"row": alliances[name].row})
        else:
            alliances[name] = AllianceRow(number, name, j, founded, kind)
    taken = set(Alliance.objects.filter(name__in=list(alliances)).values_list("name", flat=True))
    for name in taken:
        err("联盟", alliances[name].row, NAME, _("An alliance of this name is already registered."))

    def owner(sheet: str, number: int, cells: dict[str, Any]) -> AllianceRow | None:
        a = alliances.get(text(cells.get(ALLIANCE)))
        if a is None:
            err(
                sheet,
                number,
                ALLIANCE,
                _("“%(value)s” is not on the sheet 联盟.") % {"value": text(cells.get(ALLIANCE))},
            )
        return a

    codes: list[str] = []
    for number, cells in sheets.get("成员", []):
        a = owner("成员", number, cells)
        raw = text(cells.get(CODE))
        code = ""
        if is_number(cells.get(CODE)):
            err(
                "成员",
                number,
                CODE,
                _(
                    "The cell holds a number, not text (%(value)s): spreadsheets keep only 15 "
                    "digits of a number. Format the column as text and type the code again."
                )
                % {"value": raw},
            )
        else:
            try:
                code = validate_uscc(raw).code
            except InvalidUSCC as exc:
                err(
                    "成员",
                    number,
                    CODE,
                    _("Invalid unified social credit code %(code)s: %(detail)s")
                    % {"code": raw, "detail": exc.message_zh},
                )
        org_kind = org_kinds.get(text(cells.get(ORG_KIND)).lower(), "")
        if not org_kind:
            err(
                "成员",
                number,
                ORG_KIND,
                _("“%(value)s” is not a kind of organisation; use one of: %(choices)s.")
                % {"value": text(cells.get(ORG_KIND)), "choices": "、".join(labels_zh(OrganisationKind))},
            )
        role = roles.get(text(cells.get(ROLE)).lower(), "")
        if not role:
            err(
                "成员",
                number,
                ROLE,
                _("“%(value)s” is not a member role; use one of: %(choices)s.")
                % {"value": text(cells.get(ROLE)), "choices": "、".join(labels_zh(MemberRole))},
            )
        joined, left = as_date(cells.get(JOINED)), as_date(cells.get(LEFT)) if text(cells.get(LEFT)) else None
        if joined is None:
            err(
                "成员",
                number,
                JOINED,
                _("“%(value)s” is not a date (YYYY-MM-DD).") % {"value": text(cells.get(JOINED))},
            )
        if text(cells.get(LEFT)) and left is None:
            err("成员", number, LEFT, _("“%(value)s” is not a date (YYYY-MM-DD).") % {"value": text(cells.get(LEFT))})
        if joined and left and left <= joined:
            err(
                "成员",
                number,
                LEFT,
                _("The left date (%(left)s) must be after the joined date (%(joined)s).")
                % {"left": left.isoformat(), "joined": joined.isoformat()},
            )
        if a is not None and a.founded and joined and joined < a.founded:
            err(
                "成员", number, JOINED, _("Before the alliance was founded (%(day)s).") % {"day": a.founded.isoformat()}
            )
        if code:
            codes.append(code)
        if a is not None:
            a.members.append(
                {
                    "row": number,
                    "name": text(cells.get(ORG)),
                    "code": code,
                    "kind": org_kind,
                    "role": role,
                    "joined": joined,
                    "left": left,
                }
            )
    regions = set(Region.objects.filter(code__in={c[2:8] for c in codes}).values_list("code", flat=True))
    for a in alliances.values():
        for m in a.members:
            if m["code"] and m["code"][2:8] not in regions:
                err("成员", m["row"], CODE, _("Unknown region code %(code)s (GB/T 2260).") % {"code": m["code"][2:8]})
        leads = [m for m in a.members if m["role"] == MemberRole.LEAD]
        if len(leads) != 1:
            err(
                "联盟",
                a.row,
                NAME,
                _("Each alliance needs exactly one lead unit on the sheet 成员 (found %(n)s).") % {"n": len(leads)},
            )
        elif leads[0]["left"] is not None:
            err(
                "成员",
                leads[0]["row"],
                LEFT,
                _("The lead unit is still a member; a change of lead is made on its own."),
            )
        elif a.founded and leads[0]["joined"] and leads[0]["joined"] != a.founded:
            err(
                "成员",
                leads[0]["row"],
                JOINED,
                _("The lead joins on the day the alliance was founded (%(day)s).") % {"day": a.founded.isoformat()},
            )
    for number, cells in sheets.get("认定", []):
        a = owner("认定", number, cells)
        level = levels.get(text(cells.get(LEVEL)).lower(), "")
        if not level:
            err(
                "认定",
                number,
                LEVEL,
                _("“%(value)s” is not a level; use one of: %(choices)s.")
                % {"value": text(cells.get(LEVEL)), "choices": "、".join(labels_zh(AllianceLevel))},
            )
        on = as_date(cells.get(ON))
        if on is None:
            err("认定", number, ON, _("“%(value)s” is not a date (YYYY-MM-DD).") % {"value": text(cells.get(ON))})
        j = bureau("认定", number, BY, cells.get(BY))
        if a is not None:
            if any(x["level"] == level for x in a.levels):
                err(
                    "认定",
                    number,
                    LEVEL,
                    _("The alliance already holds the %(level)s level.") % {"level": text(cells.get(LEVEL))},
                )
            a.levels.append({"row": number, "level": level, "on": on, "jurisdiction": j, "doc": text(cells.get(DOC))})
    for number, cells in sheets.get("评价", []):
        a = owner("评价", number, cells)
        year_text = text(cells.get(YEAR))
        year = int(year_text) if year_text.isdigit() and len(year_text) == 4 else 0
        if not year:
            err("评价", number, YEAR, _("“%(value)s” is not a year.") % {"value": year_text})
        if a is None or a.jurisdiction is None or not year:
            continue
        pack_id, scale = _scale(a.jurisdiction, year)
        entry = next((s for s in scale if text(cells.get(GRADE)) in (s["id"], s["zh"])), None)
        if entry is None:
            err(
                "评价",
                number,
                GRADE,
                _("%(bureau)s grades as: %(scale)s.")
                % {"bureau": a.jurisdiction.name, "scale": "、".join(s["zh"] for s in scale) or "—"},
            )
        elif any(g["year"] == year for g in a.grades):
            err("评价", number, YEAR, _("Duplicate of row %(row)s in this file.") % {"row": a.grades[0]["row"]})
        else:
            a.grades.append(
                {
                    "row": number,
                    "year": year,
                    "grade": entry["id"],
                    "label": entry["zh"],
                    "pack_id": pack_id,
                    "article": "",
                }
            )
    errors.sort(key=lambda e: (list(SHEETS).index(e.sheet) if e.sheet in SHEETS else -1, e.row))
    return RegisterCheck(list(alliances.values()), errors)


def check_upload(stream: IO[bytes], user: Any) -> RegisterCheck:
    sheets, errors = read_sheets(stream, SHEETS, MAX_ROWS)
    if errors:
        return RegisterCheck([], errors)
    if not sheets.get("联盟"):
        return RegisterCheck([], [RowError("联盟", 2, "", _("The sheet has no rows under the header."))])
    return check_sheets(sheets, user)


def import_register(*, actor: Any, data: bytes, file_name: str, reason: str = "") -> tuple[ImportBatch, RegisterCheck]:
    """Check again, then create organisations, alliances, memberships, level history and past grades in one
    transaction through the register's services; any refusal leaves nothing behind."""
    check = check_upload(io.BytesIO(data), actor)
    if not check.ok:
        raise ValidationError(_("The file has errors; nothing was imported."), code="import_errors")
    reason = reason or _("Import of the existing register (%(file)s)") % {"file": file_name}
    with transaction.atomic():
        all_codes = sorted({m["code"] for a in check.alliances for m in a.members})
        known = _existing_codes(all_codes)
        first: dict[str, dict[str, Any]] = {}
        for a in check.alliances:
            for m in a.members:
                first.setdefault(m["code"], m)
        Organisation.objects.bulk_create(
            [
                Organisation(name=m["name"], credit_code=code, kind=m["kind"], region_id=code[2:8])
                for code, m in first.items()
                if code not in known
            ]
        )
        orgs = {o.credit_code: o for o in Organisation.objects.filter(credit_code__in=all_codes)}
        created = []
        for a in check.alliances:
            assert a.jurisdiction is not None and a.founded is not None
            lead = next(m for m in a.members if m["role"] == MemberRole.LEAD)
            alliance = alliance_create(
                actor=actor,
                name=a.name,
                jurisdiction=a.jurisdiction,
                lead=orgs[lead["code"]],
                founded_on=a.founded,
                kind=a.kind,
                reason=reason,
            )
            for m in a.members:
                if m is not lead:
                    membership_add(
                        actor=actor,
                        alliance=alliance,
                        organisation=orgs[m["code"]],
                        role=m["role"],
                        joined_on=m["joined"],
                        left_on=m["left"],
                        reason=reason,
                    )
            for lv in sorted(a.levels, key=lambda x: x["on"]):
                alliance_level_record(
                    actor=actor,
                    alliance=alliance,
                    level=lv["level"],
                    from_date=lv["on"],
                    jurisdiction=lv["jurisdiction"],
                    document_number=lv["doc"],
                    reason=reason,
                )
            if not a.levels:
                Alliance.objects.filter(pk=alliance.pk).update(status=AllianceStatus.CONSTRUCTING)
            for g in a.grades:
                grade = Grade.objects.create(
                    alliance=alliance,
                    kind=GradeKind.YEARLY,
                    year=g["year"],
                    grade=g["grade"],
                    grade_label=g["label"],
                    pack_id=g["pack_id"],
                    article=g["article"],
                    graded_on=date(g["year"], 12, 31),
                    graded_by=None,
                    note=_("Imported from the existing register."),
                )
                audit_record(
                    actor=actor, action="supervision.grade_import", target=grade, after=snapshot(grade), reason=reason
                )
            created.append(alliance)
        batch = ImportBatch.objects.create(
            kind="register",
            file_name=file_name[:200],
            sha256=hashlib.sha256(data).hexdigest(),
            rows=sum(check.counts.values()),
            created=len(created),
            imported_by=actor if actor.is_authenticated else None,
        )
        audit_record(
            actor=actor,
            action="register.import",
            target=batch,
            reason=reason,
            after={"file": file_name, "sha256": batch.sha256, **check.counts, "alliances": [x.pk for x in created]},
        )
    return batch, check
