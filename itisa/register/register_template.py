"""The template workbook of the register import (sheets 联盟, 成员, 认定, 评价, and how to fill them in)."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Font

from itisa.register.models import AllianceKind, AllianceLevel, MemberRole, OrganisationKind
from itisa.register.register_import import SHEETS
from itisa.register.workbook import labels_zh


def template_workbook() -> bytes:
    book = Workbook()
    book.remove(book.active)
    examples = {
        "联盟": ["昆明市花卉产业技术创新战略联盟", "kunming-kjj", "2019-05-20", "研发类联盟"],
        "成员": ["昆明市花卉产业技术创新战略联盟", "清华大学", "12100000400000624D", "高校", "成员", "2019-05-20", ""],
        "认定": ["昆明市花卉产业技术创新战略联盟", "市级", "2020-01-15", "kunming-kjj", "昆科发〔2020〕1号"],
        "评价": ["昆明市花卉产业技术创新战略联盟", "2021", "合格"],
    }
    for sheet, (headers, _required) in SHEETS.items():
        ws = book.create_sheet(sheet)
        ws.append(list(headers))
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for i in range(len(headers)):
            ws.column_dimensions[chr(65 + i)].width = 26
        ws.append(examples[sheet])
        for row in ws.iter_rows(min_row=2, max_row=500):
            for cell in row:
                cell.number_format = "@"
    notes = book.create_sheet("填写说明")
    for line in (
        ("表", "说明"),
        (
            "联盟",
            "每个联盟一行；主管科技局填系统中的科技局代码（如 kunming-kjj）或全称；联盟类型："
            + "、".join(labels_zh(AllianceKind))
            + "（不填为研发类）",
        ),
        (
            "成员",
            "每个成员一段期间一行，含牵头单位（成员角色填“牵头单位”，每个联盟恰好一个）；角色："
            + "、".join(labels_zh(MemberRole))
            + "；单位类型："
            + "、".join(labels_zh(OrganisationKind))
            + "；统一社会信用代码按文本填写；日期 YYYY-MM-DD，不早于成立日期",
        ),
        ("认定", "每次认定一行：级别（" + "、".join(labels_zh(AllianceLevel)) + "）、认定日期、认定部门、文号"),
        ("评价", "往年评价结果：年度与该办法的等级（如 合格、不合格、优秀）；导入不触发处理后果"),
    ):
        notes.append(list(line))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
