"""Jiangning 第十三条 “区科技局、区财政局可根据工作需要对联盟运行及资金使用情况进行检查，对区级奖补资金申请、使用过程中的
违法违规行为……追回已拨付资金，并不再受理其公共政策支持资金申请”: the inspection service and its consequence."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.core.exceptions import ValidationError

from itisa.access import AccessDenied
from itisa.documents.models import Document
from itisa.supervision.models import AppliedConsequence, Finding, FundInspection
from itisa.supervision.services.inspections import inspection_record

pytestmark = pytest.mark.django_db
ON = date(2020, 6, 1)  # inside Jiangning's trial period


class Upload(io.BytesIO):
    def __init__(self, name: str, body: bytes) -> None:
        super().__init__(body)
        self.name, self.size = name, len(body)


@pytest.fixture
def jn(recognised, person, jurisdiction, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return {"alliance": recognised("jiangning-kjj", date(2019, 3, 1)),
            "finance": person("jn_fin", role="finance", jurisdiction=jurisdiction("jiangning-kjj")),
            "staff": person("jn_staff", role="bureau_staff", jurisdiction=jurisdiction("jiangning-kjj"))}


def test_13_an_inspection_in_order_changes_nothing_else(jn):
    row = inspection_record(actor=jn["finance"], alliance=jn["alliance"], inspected_on=ON, inspectors="区财政局",
                            findings="资金专款专用", outcome="in_order",
                            attachments=[Upload("检查报告.pdf", b"%PDF-1.7\n%%EOF\n")])
    assert (row.article, row.pack_id) == ("第十三条", "320115-jiangning/2019")
    assert [(d.original_name, d.kind, d.get_kind_display()) for d in row.documents.all()] == [
        ("检查报告.pdf", "inspection_report", "资金使用检查记录")]
    jn["alliance"].refresh_from_db()
    assert jn["alliance"].status == "recognised"
    assert not Finding.objects.exists() and not AppliedConsequence.objects.exists()


def test_13_misuse_found_recovers_and_bars_further_applications(jn):
    row = inspection_record(actor=jn["staff"], alliance=jn["alliance"], inspected_on=ON, inspectors="区科技局、区财政局",
                            findings="奖补资金挪作他用", outcome="misused",
                            attachments=[Upload("检查报告.pdf", b"%PDF-1.7\n%%EOF\n")])
    assert row.finding.kind == "funds_misused" and row.finding.document == row.documents.get()
    [applied] = AppliedConsequence.objects.filter(alliance=jn["alliance"])
    assert (applied.consequence, applied.article) == ("misuse_of_funds", "第十三条")
    assert set(applied.effects) == {"funds_recovered", "no_further_applications"}
    jn["alliance"].refresh_from_db()
    assert jn["alliance"].status == "support_suspended"


def test_13_misuse_without_evidence_is_refused_and_nothing_is_written(jn):
    with pytest.raises(ValidationError) as refused:
        inspection_record(actor=jn["staff"], alliance=jn["alliance"], inspected_on=ON, inspectors="区科技局",
                          findings="奖补资金挪作他用", outcome="misused")
    assert "attachments" in refused.value.message_dict
    assert not FundInspection.objects.exists() and not Finding.objects.exists()


def test_13_a_second_misuse_reuses_the_finding(jn):
    for text in ("第一次", "第二次"):
        inspection_record(actor=jn["staff"], alliance=jn["alliance"], inspected_on=ON, inspectors="区科技局",
                          findings=text, outcome="misused", attachments=[Upload(f"{text}.pdf", b"%PDF-1.7\n%%EOF\n")])
    assert Finding.objects.count() == 1 and FundInspection.objects.count() == 2
    assert AppliedConsequence.objects.count() == 1


def test_another_bureau_may_not_inspect_and_nothing_is_written(jn, person, jurisdiction):
    outsider = person("nj_fin", role="finance", jurisdiction=jurisdiction("nanjing-kjj"))
    with pytest.raises(AccessDenied):
        inspection_record(actor=outsider, alliance=jn["alliance"], inspected_on=ON, inspectors="x", findings="x",
                          outcome="misused", attachments=[Upload("a.pdf", b"%PDF-1.7\n%%EOF\n")])
    assert not FundInspection.objects.exists() and not Document.objects.exists() and not Finding.objects.exists()


def test_blank_findings_and_a_bad_outcome_are_refused(jn):
    with pytest.raises(ValidationError) as exc:
        inspection_record(actor=jn["staff"], alliance=jn["alliance"], inspected_on=ON, inspectors=" ",
                          findings="\u200b", outcome="fine")
    assert set(exc.value.error_dict) == {"inspectors", "findings", "outcome"}
    assert not FundInspection.objects.exists()


def test_a_text_without_an_inspection_article_refuses(recognised, person, jurisdiction):
    alliance = recognised("luoyang-kjj", date(2019, 3, 1))
    staff = person("ly_staff", role="bureau_staff", jurisdiction=jurisdiction("luoyang-kjj"))
    with pytest.raises(ValidationError) as exc:
        inspection_record(actor=staff, alliance=alliance, inspected_on=ON, inspectors="市科技局", findings="x",
                          outcome="in_order")
    assert exc.value.code == "no_inspection"
    assert not FundInspection.objects.exists()


def test_inspection_documents_stored_as_other_before_they_had_their_kind_get_it(jn):
    from importlib import import_module

    from django.apps import apps

    migrate = import_module("itisa.supervision.migrations.0006_inspection_documents_kind").inspection_documents_kind
    row = inspection_record(actor=jn["finance"], alliance=jn["alliance"], inspected_on=ON, inspectors="区财政局",
                            findings="资金专款专用", outcome="in_order",
                            attachments=[Upload("检查报告.pdf", b"%PDF-1.7\n%%EOF\n")])
    unrelated = Document.objects.create(kind="other", original_name="其他.pdf", content_type="application/pdf",
                                        size=1, sha256="0" * 64, file="documents/00/x.pdf")
    Document.objects.filter(pk__in=row.documents.values("pk")).update(kind="other")  # as stored before
    migrate(apps, None)
    assert list(row.documents.values_list("kind", flat=True)) == ["inspection_report"]
    unrelated.refresh_from_db()
    assert unrelated.kind == "other"
