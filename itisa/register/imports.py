"""Bulk import of organisations from Excel (名称, 统一社会信用代码, 类型, 注册地): every row checked against the
register first with a row-by-row report, then all rows or none, deduplicated by credit code. Built for
ten thousand rows: the register is read in a few queries, rows are written with ``bulk_create``, and the
import is one audited batch (``ImportBatch``) listing the organisations it created."""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass, field
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from itisa.audit.services import audit_record
from itisa.core.identifiers import InvalidUSCC, validate_uscc
from itisa.register.countries import is_country
from itisa.register.models import ImportBatch, Organisation, OrganisationKind, Region
from itisa.register.workbook import RowError, choice_map, is_number, labels_zh, read_sheets, text

NAME, CODE, KIND, REGION = "名称", "统一社会信用代码", "类型", "注册地"
OTHER_ID, SCHEME, COUNTRY = "其他标识码", "标识码类型", "发证国家或地区"
HEADERS = (NAME, CODE, KIND, REGION, OTHER_ID, SCHEME, COUNTRY)
REQUIRED = (NAME, CODE, KIND)
SHEET = "单位"
MAX_ROWS = 20000


@dataclass
class OrgRow:
    row: int
    name: str
    credit_code: str
    kind: str
    region_code: str | None
    other_id: str = ""
    other_id_scheme: str = ""
    id_country: str = ""
    existing: str = ""  # name under which the code is already registered


@dataclass
class OrgCheck:
    rows: list[OrgRow]
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.rows)

    @property
    def new(self) -> list[OrgRow]:
        return [r for r in self.rows if not r.existing]


def template_workbook() -> bytes:
    book = Workbook()
    ws = book.active
    ws.title = SHEET
    ws.append(list(HEADERS))
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for col, width in zip("ABCDEFG", (34, 22, 12, 16, 18, 14, 14), strict=True):
        ws.column_dimensions[col].width = width
        for row in range(2, 2002):
            ws[f"{col}{row}"].number_format = "@"  # codes are text
    notes = book.create_sheet("填写说明")
    for line in (
        ("列", "是否必填", "说明"),
        (NAME, "必填", "营业执照或登记证书上的全称"),
        (CODE, "有则必填", "18位统一社会信用代码，按文本填写；境外单位等没有的，留空并填写其他标识码"),
        (KIND, "必填", "、".join(labels_zh(OrganisationKind))),
        (REGION, "选填", "6位行政区划代码或地名（如 海淀区）；不填则取信用代码第3–8位；境外单位不填"),
        (OTHER_ID, "无信用代码时必填", "境外登记号、旧组织机构代码等"),
        (SCHEME, "选填", "标识码是什么，如 Company number、DUNS"),
        (COUNTRY, "无信用代码时必填", "ISO 3166 两位国家代码，如 DE、US；境内旧单位填 CN 并填写注册地"),
    ):
        notes.append(list(line))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _region_index() -> tuple[set[str], dict[str, list[str]]]:
    codes: set[str] = set()
    by_name: dict[str, list[str]] = {}
    for code, name, valid_to in Region.objects.values_list("code", "name", "valid_to"):
        codes.add(code)
        if not valid_to:
            by_name.setdefault(name, []).append(code)
    return codes, by_name


def _existing_codes(codes: list[str]) -> dict[str, str]:
    found: dict[str, str] = {}
    for i in range(0, len(codes), 900):  # SQLite's limit on query parameters
        found.update(Organisation.objects.filter(credit_code__in=codes[i : i + 900]).values_list("credit_code", "name"))
    return found


def check_rows(raw: list[tuple[int, dict[str, Any]]]) -> OrgCheck:
    """Check every row against the register as it stands; nothing is written."""
    kinds = choice_map(OrganisationKind)
    region_codes, regions_by_name = _region_index()
    errors: list[RowError] = []
    rows: list[OrgRow] = []
    seen: dict[str, int] = {}
    for number, cells in raw:

        def err(column: str, message: str, number: int = number) -> None:
            errors.append(RowError(SHEET, number, column, message))

        name = text(cells.get(NAME))
        if not name:
            err(NAME, _("A name is required."))
        elif len(name) > 200:
            err(NAME, _("At most 200 characters."))
        kind = kinds.get(text(cells.get(KIND)).lower(), "")
        if not kind:
            err(
                KIND,
                _("“%(value)s” is not a kind of organisation; use one of: %(choices)s.")
                % {"value": text(cells.get(KIND)), "choices": "、".join(labels_zh(OrganisationKind))},
            )
        raw_code, other_id = text(cells.get(CODE)), text(cells.get(OTHER_ID))
        country = text(cells.get(COUNTRY)).upper()
        code, key = "", ""
        if is_number(cells.get(CODE)):
            err(
                CODE,
                _(
                    "The cell holds a number, not text (%(value)s): spreadsheets keep only 15 digits of a "
                    "number. Format the column as text and type the code again."
                )
                % {"value": raw_code},
            )
        elif raw_code:
            try:
                code = validate_uscc(raw_code).code
                key = code
            except InvalidUSCC as exc:
                err(
                    CODE,
                    _("Invalid unified social credit code %(code)s: %(detail)s")
                    % {"code": raw_code, "detail": exc.message_zh},
                )
        elif not other_id:
            err(CODE, _("Give the unified social credit code, or another identifier and its issuing country."))
        elif not is_country(country):
            err(COUNTRY, _("“%(value)s” is not an ISO 3166 country code.") % {"value": country})
        else:
            key = f"{country}:{other_id}"
        if key:
            if key in seen:
                err(CODE if code else OTHER_ID, _("Duplicate of row %(row)s in this file.") % {"row": seen[key]})
            else:
                seen[key] = number
        region_text = text(cells.get(REGION))
        region: str | None = None
        if region_text.isdigit() and len(region_text) == 6:
            region = region_text
        elif region_text:
            matches = regions_by_name.get(region_text, [])
            if len(matches) == 1:
                region = matches[0]
            elif matches:
                err(
                    REGION,
                    _("“%(value)s” names several regions (%(codes)s); give the six-digit code.")
                    % {"value": region_text, "codes": "、".join(matches)},
                )
            else:
                err(
                    REGION,
                    _("No region is named “%(value)s”; give its six-digit code (GB/T 2260).") % {"value": region_text},
                )
        elif code:
            region = code[2:8]
        elif country == "CN":
            err(REGION, _("An organisation registered in China needs its region."))
        if region and region not in region_codes:
            err(REGION, _("Unknown region code %(code)s (GB/T 2260).") % {"code": region})
        rows.append(
            OrgRow(
                number,
                name,
                code,
                kind,
                region if (code or country == "CN") else None,
                "" if code else other_id,
                "" if code else text(cells.get(SCHEME)),
                "" if code else country,
            )
        )
    existing = _existing_codes([r.credit_code for r in rows if r.credit_code])
    for r in rows:
        r.existing = existing.get(r.credit_code, "") if r.credit_code else ""
    others = [r for r in rows if r.other_id]
    if others:
        known = set(Organisation.objects.exclude(other_id="").values_list("id_country", "other_id"))
        for r in others:
            if (r.id_country, r.other_id) in known:
                r.existing = r.name
    errors.sort(key=lambda e: (e.row, HEADERS.index(e.column) if e.column in HEADERS else -1))
    return OrgCheck(rows, errors)


def check_upload(stream: IO[bytes]) -> OrgCheck:
    sheets, errors = read_sheets(stream, {SHEET: (HEADERS, REQUIRED)}, MAX_ROWS)
    if errors:
        return OrgCheck([], errors)
    if not sheets[SHEET]:
        return OrgCheck([], [RowError(SHEET, 2, "", _("The sheet has no rows under the header."))])
    return check_rows(sheets[SHEET])


def import_organisations(*, actor: Any, data: bytes, file_name: str, reason: str = "") -> tuple[ImportBatch, OrgCheck]:
    """Check the workbook again and import its new organisations, all or none, as one audited batch.
    Rows whose credit code is already registered are reported and left as they are."""
    check = check_upload(io.BytesIO(data))
    if not check.ok:
        raise ValidationError(_("The file has errors; nothing was imported."), code="import_errors")
    with transaction.atomic():
        new = [
            Organisation(
                name=r.name,
                credit_code=r.credit_code,
                kind=r.kind,
                region_id=r.region_code,
                other_id=r.other_id,
                other_id_scheme=r.other_id_scheme,
                id_country=r.id_country,
            )
            for r in check.new
        ]
        Organisation.objects.bulk_create(new, batch_size=1000)
        batch = ImportBatch.objects.create(
            kind="organisations",
            file_name=file_name[:200],
            sha256=hashlib.sha256(data).hexdigest(),
            rows=len(check.rows),
            created=len(new),
            imported_by=actor if actor.is_authenticated else None,
        )
        audit_record(
            actor=actor,
            action="organisation.import",
            target=batch,
            reason=reason,
            after={
                "file": file_name,
                "sha256": batch.sha256,
                "rows": len(check.rows),
                "created": len(new),
                "organisations": [o.credit_code or f"{o.id_country}:{o.other_id}" for o in new],
                "already_registered": [r.credit_code for r in check.rows if r.existing],
            },
        )
    return batch, check
