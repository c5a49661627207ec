"""Member import from Excel: a template, a row-by-row check of every row, then one import in one transaction.

Reading is strict and never evaluates anything: the workbook is opened with formulas as their text (a cell
``=HYPERLINK(…)`` is the text ``=HYPERLINK(…)``, never a computed value), numbers typed into code columns
are read back as digits, and every row is checked before a single one is written. The import itself goes
through the register's services (``organisation_create`` for unknown credit codes, ``membership_add``)
inside one transaction, so a refusal of any row leaves nothing behind.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font
from openpyxl.worksheet.datavalidation import DataValidation

from itisa.core.exports import XLSX
from itisa.register.models import (
    Alliance,
    ChainPosition,
    MemberRole,
    Membership,
    Organisation,
    OrganisationKind,
    Region,
)
from itisa.register.services import membership_add, organisation_create
from itisa.register.validators import clean_credit_code
from itisa.register.workbook import as_date as _date
from itisa.register.workbook import text as _text

# Column headers, in template order (the user's spreadsheet may order them differently).
NAME, CODE, KIND, REGION, LEGAL, CHAIN, ROLE, JOINED = (
    "单位名称", "统一社会信用代码", "单位类型", "注册地行政区划代码", "是否独立法人", "产业链位置", "成员角色", "加入日期")
HEADERS = (NAME, CODE, KIND, REGION, LEGAL, CHAIN, ROLE, JOINED)
REQUIRED_HEADERS = (NAME, CODE, KIND, JOINED)
MAX_ROWS = 2000
MAX_BYTES = 5 * 1024 * 1024
# A small xlsx can unpack into gigabytes of XML (20 million empty rows fit in 432 KB): the zip's declared
# sizes are checked before openpyxl reads anything (zipfile never inflates past them), and the sheet is read
# in streaming mode up to a bounded number of rows (formatted blank ones included: the template formats
# 2,000) and columns. Rows with no cell at all are skipped by openpyxl's parser: only the size bounds those.
MAX_UNCOMPRESSED_BYTES = 10 * 1024 * 1024  # 2,000 real rows unpack to about 1 MB
MAX_ZIP_MEMBERS = 200
MAX_SCANNED_ROWS = 10 * MAX_ROWS
MAX_COLUMNS = 64
YES = {"是", "y", "yes", "true", "1", "t", "√"}
NO = {"否", "n", "no", "false", "0", "f", "×"}


def _choice_map(choices: Any) -> dict[str, str]:
    """Every spelling we accept for a choice: its stored value, its English and its Chinese label."""
    out: dict[str, str] = {}
    for value, label in choices.choices:
        out[value.lower()] = value
        with translation.override("en"):
            out[str(label).lower()] = value
        with translation.override("zh-hans"):
            out[str(label).lower()] = value
    return out


def _labels_zh(choices: Any, exclude: tuple[str, ...] = ()) -> list[str]:
    with translation.override("zh-hans"):
        return [str(label) for value, label in choices.choices if value not in exclude]


# ---------------------------------------------------------------- template


def template_workbook() -> bytes:
    """The template: one sheet with the headers and an example, one sheet explaining each column."""
    book = Workbook()
    ws = book.active
    ws.title = "成员"
    ws.append(list(HEADERS))
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for i, width in enumerate((30, 22, 14, 18, 12, 12, 12, 14), start=1):
        ws.column_dimensions[chr(64 + i)].width = width
    # Codes are text: a long digit string typed into a number cell would lose its last digits.
    for col in ("B", "D"):
        for row in range(2, MAX_ROWS + 2):
            ws[f"{col}{row}"].number_format = "@"
    for col, values in (("C", _labels_zh(OrganisationKind)), ("E", ["是", "否"]),
                        ("F", _labels_zh(ChainPosition)), ("G", _labels_zh(MemberRole, exclude=("lead",)))):
        dv = DataValidation(type="list", formula1='"' + ",".join(values) + '"', allow_blank=True)
        dv.add(f"{col}2:{col}{MAX_ROWS + 1}")
        ws.add_data_validation(dv)
    notes = book.create_sheet("填写说明")
    notes.append(["列", "是否必填", "说明"])
    rows: tuple[tuple[str, str, str], ...] = (
        (NAME, "必填", "营业执照或登记证书上的全称"),
        (CODE, "必填", "18位统一社会信用代码（GB 32100-2015），按文本填写"),
        (KIND, "必填", "、".join(_labels_zh(OrganisationKind))),
        (REGION, "选填", "6位行政区划代码（GB/T 2260）；不填则取信用代码中的登记管理机关行政区划码"),
        (LEGAL, "选填", "是/否，不填视为“是”"),
        (CHAIN, "选填", "、".join(_labels_zh(ChainPosition))),
        (ROLE, "选填", "、".join(_labels_zh(MemberRole, exclude=("lead",))) + "；不填视为“成员”；牵头单位变更另行办理"),
        (JOINED, "必填", "YYYY-MM-DD，不早于联盟成立日期，不晚于今天"),
    )
    for line in rows:
        notes.append(list(line))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


TEMPLATE_CONTENT_TYPE = XLSX


# ---------------------------------------------------------------- reading and checking


@dataclass
class RowError:
    row: int
    column: str
    message: str


@dataclass
class ImportRow:
    row: int
    name: str
    credit_code: str
    kind: str
    region_code: str
    legal_person: bool
    chain_position: str
    role: str
    joined_on: str  # ISO date
    existing_id: int | None = None
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class ImportCheck:
    rows: list[ImportRow]
    errors: list[RowError]

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.rows)


def _unpacks_too_large(stream: IO[bytes]) -> str:
    """A reason to refuse the file before opening it, or "" (not a zip at all is left to openpyxl)."""
    try:
        with zipfile.ZipFile(stream) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return ""
    finally:
        stream.seek(0)
    if len(members) > MAX_ZIP_MEMBERS or sum(m.file_size for m in members) > MAX_UNCOMPRESSED_BYTES:
        return _("The workbook unpacks to more than %(mb)s MB; save only the member sheet and try again.") % {
            "mb": MAX_UNCOMPRESSED_BYTES // 1048576}
    return ""


def read_rows(stream: IO[bytes]) -> tuple[list[tuple[int, dict[str, Any]]], list[RowError]]:
    """(row number, raw cells by header) for every non-empty row, or file-level errors (row 0/1)."""
    too_large = _unpacks_too_large(stream)
    if too_large:
        return [], [RowError(0, "", too_large)]
    try:
        # data_only=False: a formula cell is read as its formula text, never as a computed result.
        book = load_workbook(stream, read_only=True, data_only=False)
        ws = book.worksheets[0]
    except Exception:
        return [], [RowError(0, "", _("The file is not an Excel workbook (.xlsx) this system can read."))]
    rows = ws.iter_rows(values_only=True, max_col=MAX_COLUMNS)
    header = next(rows, None)
    if header is None:
        return [], [RowError(1, "", _("The sheet is empty."))]
    positions: dict[str, int] = {}
    for i, cell in enumerate(header):
        name = _text(cell)
        if name in HEADERS and name not in positions:
            positions[name] = i
    missing = [h for h in REQUIRED_HEADERS if h not in positions]
    if missing:
        return [], [RowError(1, h, _("The header row lacks this column.")) for h in missing]
    out: list[tuple[int, dict[str, Any]]] = []
    for number, values in enumerate(rows, start=2):
        if number > MAX_SCANNED_ROWS:
            book.close()
            return [], [RowError(number, "", _("The sheet has more than %(n)s rows (blank ones included); delete the "
                                               "rows under your data.") % {"n": MAX_SCANNED_ROWS})]
        cells = {h: (values[i] if i < len(values) else None) for h, i in positions.items()}
        if all(_text(v) == "" for v in cells.values()):
            continue
        if len(out) >= MAX_ROWS:
            book.close()
            return [], [RowError(number, "", _("At most %(n)s rows can be imported at once.") % {"n": MAX_ROWS})]
        out.append((number, cells))
    book.close()
    if not out:
        return [], [RowError(2, "", _("The sheet has no rows under the header."))]
    return out, []


def _overlapping(period: Membership, start: date) -> bool:
    return period.left_on is None or start < period.left_on


def check_rows(alliance: Alliance, raw: list[tuple[int, dict[str, Any]]], today: date) -> ImportCheck:
    """Check every row against the register as it stands; nothing is written."""
    kinds, roles, chains = _choice_map(OrganisationKind), _choice_map(MemberRole), _choice_map(ChainPosition)
    errors: list[RowError] = []
    rows: list[ImportRow] = []
    parsed: list[tuple[int, dict[str, Any]]] = []
    codes_seen: dict[str, int] = {}
    for number, cells in raw:
        def err(column: str, message: str, number: int = number) -> None:
            errors.append(RowError(number, column, message))

        name = _text(cells.get(NAME))
        if not name:
            err(NAME, _("A name is required."))
        elif len(name) > 200:
            err(NAME, _("At most 200 characters."))
        code = ""
        raw_code = _text(cells.get(CODE))
        if isinstance(cells.get(CODE), int | float) and not isinstance(cells.get(CODE), bool):
            # Excel keeps 15 significant digits of a number: an 18-digit code typed as one is already damaged.
            err(CODE, _("The cell holds a number, not text (%(value)s): spreadsheets keep only 15 digits of a "
                        "number. Format the column as text and type the code again.") % {"value": raw_code})
        elif not raw_code:
            err(CODE, _("A credit code is required."))
        else:
            try:
                uscc = clean_credit_code(raw_code)
                code = uscc.code
            except ValidationError as exc:
                err(CODE, " ".join(exc.messages))
        if code:
            if code in codes_seen:
                err(CODE, _("Duplicate of row %(row)s in this file.") % {"row": codes_seen[code]})
            else:
                codes_seen[code] = number
        kind_text = _text(cells.get(KIND))
        kind = kinds.get(kind_text.lower(), "")
        if not kind:
            err(KIND, _("“%(value)s” is not a kind of organisation; use one of: %(choices)s.")
                % {"value": kind_text, "choices": "、".join(_labels_zh(OrganisationKind))})
        region_code = _text(cells.get(REGION))
        if region_code and not (len(region_code) == 6 and region_code.isdigit()):
            err(REGION, _("“%(value)s” is not a six-digit region code (GB/T 2260).") % {"value": region_code})
            region_code = ""
        if not region_code and code:
            region_code = code[2:8]
        legal_text = _text(cells.get(LEGAL)).lower()
        legal = True
        if legal_text in NO:
            legal = False
        elif legal_text and legal_text not in YES:
            err(LEGAL, _("Answer 是 or 否."))
        chain_text = _text(cells.get(CHAIN))
        chain = chains.get(chain_text.lower(), "") if chain_text else ""
        if chain_text and not chain:
            err(CHAIN, _("“%(value)s” is not a chain position; use one of: %(choices)s.")
                % {"value": chain_text, "choices": "、".join(_labels_zh(ChainPosition))})
        role_text = _text(cells.get(ROLE))
        role = roles.get(role_text.lower(), "") if role_text else MemberRole.MEMBER
        if role_text and not role:
            err(ROLE, _("“%(value)s” is not a member role; use one of: %(choices)s.")
                % {"value": role_text, "choices": "、".join(_labels_zh(MemberRole, exclude=("lead",)))})
        elif role == MemberRole.LEAD:
            err(ROLE, _("The lead unit is not imported; a change of lead is made on its own."))
        joined = _date(cells.get(JOINED))
        if joined is None:
            err(JOINED, _("“%(value)s” is not a date (YYYY-MM-DD).") % {"value": _text(cells.get(JOINED))})
        elif joined < alliance.founded_on:
            err(JOINED, _("Before the alliance was founded (%(day)s).") % {"day": alliance.founded_on.isoformat()})
        elif joined > today:
            err(JOINED, _("A date in the future (today is %(day)s).") % {"day": today.isoformat()})
        rows.append(ImportRow(number, name, code or raw_code, kind, region_code, legal, chain, role,
                              joined.isoformat() if joined else ""))
        parsed.append((number, cells))
    # Against the register, in a fixed number of queries.
    regions = set(Region.objects.filter(code__in={r.region_code for r in rows if r.region_code})
                  .values_list("code", flat=True))
    orgs = {o.credit_code: o for o in Organisation.objects.filter(credit_code__in=list(codes_seen))}
    periods: dict[int, list[Membership]] = {}
    for m in Membership.objects.filter(alliance=alliance, organisation__in=list(orgs.values())):
        periods.setdefault(m.organisation_id, []).append(m)
    for r in rows:
        if r.region_code and r.region_code not in regions:
            errors.append(RowError(r.row, REGION, _("Unknown region code %(code)s (GB/T 2260).")
                                   % {"code": r.region_code}))
        org = orgs.get(r.credit_code)
        if org is None:
            continue
        r.existing_id = org.pk
        if org.name != r.name and r.name:
            r.notes.append(_("Already registered as “%(name)s”; that record is used.") % {"name": org.name})
        if r.joined_on:
            start = date.fromisoformat(r.joined_on)
            for p in periods.get(org.pk, []):
                if _overlapping(p, start):
                    end = p.left_on.isoformat() if p.left_on else _("now")
                    errors.append(RowError(r.row, JOINED, _(
                        "%(org)s is already a member of this alliance from %(start)s to %(end)s.")
                        % {"org": org.name, "start": p.joined_on.isoformat(), "end": end}))
                    break
    errors.sort(key=lambda e: (e.row, HEADERS.index(e.column) if e.column in HEADERS else -1))
    return ImportCheck(rows, errors)


def check_upload(alliance: Alliance, stream: IO[bytes], today: date
                 ) -> tuple[ImportCheck, list[tuple[int, dict[str, Any]]]]:
    raw, errors = read_rows(stream)
    if errors:
        return ImportCheck([], errors), []
    return check_rows(alliance, raw, today), raw


# ---------------------------------------------------------------- import


class ImportRefused(Exception):
    def __init__(self, errors: list[RowError]) -> None:
        super().__init__("import refused")
        self.errors = errors


SERVICE_FIELD_COLUMN = {"credit_code": CODE, "name": NAME, "kind": KIND, "region": REGION, "role": ROLE,
                        "joined_on": JOINED, "left_on": JOINED, "chain_position": CHAIN, "legal_person": LEGAL}


def _row_errors(number: int, exc: ValidationError) -> list[RowError]:
    if hasattr(exc, "error_dict"):
        return [RowError(number, SERVICE_FIELD_COLUMN.get(f, ""), " ".join(ValidationError(e).messages))
                for f, e in exc.error_dict.items()]
    return [RowError(number, "", " ".join(exc.messages))]


def import_rows(*, actor: Any, alliance: Alliance, rows: list[ImportRow], reason: str) -> list[Membership]:
    """All rows or none: one transaction, each row through the register's services. A refusal (say, a
    member added by someone else since the check) rolls everything back and names the row."""
    created: list[Membership] = []
    with transaction.atomic():
        for r in rows:
            try:
                org = Organisation.objects.filter(credit_code=r.credit_code).first()
                if org is None:
                    org = organisation_create(actor=actor, name=r.name, credit_code=r.credit_code, kind=r.kind,
                                              region_code=r.region_code or None, legal_person=r.legal_person,
                                              chain_position=r.chain_position, reason=reason)
                created.append(membership_add(actor=actor, alliance=alliance, organisation=org, role=r.role,
                                              joined_on=date.fromisoformat(r.joined_on), reason=reason))
            except ValidationError as exc:  # leaving the atomic block by an exception rolls every row back
                raise ImportRefused(_row_errors(r.row, exc)) from None
    return created


def raw_for_session(raw: list[tuple[int, dict[str, Any]]]) -> list[list[Any]]:
    """The cells as text (JSON-safe), to be checked again when the import is confirmed."""
    return [[number, {h: _text(v) for h, v in cells.items()}] for number, cells in raw]


def raw_from_session(data: list[list[Any]]) -> list[tuple[int, dict[str, Any]]]:
    return [(int(number), dict(cells)) for number, cells in data]


# ---------------------------------------------------------------- one member from the form


def member_add_one(*, actor: Any, alliance: Alliance, credit_code: str, name: str, kind: str, region: str,
                   legal_person: bool, chain_position: str, role: str, joined_on: date, other_id: str = "",
                   other_id_scheme: str = "", id_country: str = "", reason: str = "") -> Membership:
    """One member typed into the form, in one transaction: the organisation is registered first when its
    credit code (or, without one, its other identifier and country) is new — it then needs a name and a
    kind — then the membership is added."""
    code = ""
    if credit_code.strip():
        try:
            code = clean_credit_code(credit_code).code
        except ValidationError as exc:
            raise ValidationError({"credit_code": exc.error_list}) from None
    with transaction.atomic():
        if code:
            org = Organisation.objects.filter(credit_code=code).first()
        else:
            org = Organisation.objects.filter(id_country=id_country.upper(), other_id=other_id.strip()).first()
        if org is None:
            missing = {f: ValidationError(_("Needed for an organisation not yet registered."), code="required")
                       for f, v in (("name", name), ("kind", kind)) if not v.strip()}
            if missing:
                raise ValidationError(missing)
            org = organisation_create(actor=actor, name=name, credit_code=code, kind=kind, region_code=region or None,
                                      legal_person=legal_person, chain_position=chain_position, other_id=other_id,
                                      other_id_scheme=other_id_scheme, id_country=id_country, reason=reason)
        return membership_add(actor=actor, alliance=alliance, organisation=org, role=role, joined_on=joined_on,
                              reason=reason)
