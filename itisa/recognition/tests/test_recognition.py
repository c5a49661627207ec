"""Recognition: document numbers, names, level history, PDFs with fonts and QR, verification, recall."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from pypdf import PdfReader

from itisa.audit.models import AuditEvent
from itisa.recognition.models import DocumentNumberCounter, Recognition
from itisa.recognition.naming import recognised_name
from itisa.recognition.selectors import verify_certificate
from itisa.recognition.services import recognition_recall, recognition_render_documents
from itisa.register.models import LevelRecord
from itisa.workflow.services import case_act
from policy.api import period_last_day

pytestmark = pytest.mark.django_db


def recognise(km, case, on):
    return case_act(actor=km["staff"], case=case, action="recognise", on=on).case.recognition


def test_kunming_11_recognition_numbers_names_and_levels_the_alliance(km, django_capture_on_commit_callbacks):
    case = km["case_at"]("notice", topic="花卉", published_on=date(2024, 6, 3))
    with django_capture_on_commit_callbacks(execute=True):
        r = recognise(km, case, date(2024, 6, 12))
    r.refresh_from_db()
    assert (r.document_number, r.sequence, r.year) == ("昆科〔2024〕1号", 1, 2024)
    assert (r.name, r.level, r.recognised_on, r.article) == ("昆明花卉产业技术创新战略联盟", "municipal",
                                                             date(2024, 6, 12), "第十一条")
    assert len(r.verification_code) == 20
    record = LevelRecord.objects.get(alliance=case.alliance)
    assert (record.level, record.from_date, record.document_number) == ("municipal", date(2024, 6, 12), r.document_number)
    case.alliance.refresh_from_db()
    assert (case.alliance.level, case.alliance.status) == ("municipal", "recognised")
    # The documents were rendered on commit and stored with their hashes.
    assert r.document.kind == "recognition" and len(r.document.sha256) == 64 and r.plaque.sha256 != r.document.sha256
    assert AuditEvent.objects.filter(action="recognition.issue", target_id=str(r.pk)).exists()
    assert "verification_code" not in AuditEvent.objects.get(action="recognition.issue").after


def test_document_numbers_are_sequential_per_jurisdiction_and_year_and_restart(km):
    numbers = []
    for topic, published in (("花卉", date(2024, 6, 3)), ("生物医药", date(2024, 6, 3)), ("有色金属", date(2024, 11, 1)),
                             ("高原特色农业", date(2025, 3, 3))):
        case = km["case_at"]("notice", topic=topic, published_on=published)
        after = period_last_day(published, 7, "calendar_days") + timedelta(days=1)  # the day after the notice
        numbers.append(recognise(km, case, after).document_number)
    assert numbers == ["昆科〔2024〕1号", "昆科〔2024〕2号", "昆科〔2024〕3号", "昆科〔2025〕1号"]
    assert list(DocumentNumberCounter.objects.order_by("year").values_list("year", "last_number")) == [(2024, 3),
                                                                                                   (2025, 1)]


def test_two_recognitions_in_one_transaction_are_numbered_1_and_2(km):
    a = km["case_at"]("notice", topic="花卉")
    b = km["case_at"]("notice", topic="烟草")
    with transaction.atomic():
        first = recognise(km, a, date(2024, 6, 12))
        second = recognise(km, b, date(2024, 6, 12))
    assert (first.sequence, second.sequence) == (1, 2)


def test_a_refused_recognition_gives_its_number_back(km):
    blocked = km["case_at"]("notice", topic="花卉")
    LevelRecord.objects.create(alliance=blocked.alliance, level="municipal", from_date=date(2020, 1, 1),
                               jurisdiction=km["kunming"])  # already municipal: the register refuses a second time
    with pytest.raises(ValidationError):
        recognise(km, blocked, date(2024, 6, 12))
    ok = km["case_at"]("notice", topic="烟草")
    assert recognise(km, ok, date(2024, 6, 12)).document_number == "昆科〔2024〕1号"
    assert Recognition.objects.count() == 1


def test_the_topic_is_read_from_the_name_or_the_industry_field(make_alliance, make_org, jurisdiction):
    from itisa.register.models import IndustryField

    t = "昆明{topic}产业技术创新战略联盟"
    assert recognised_name(make_alliance("昆明市花卉产业技术创新战略联盟", juris="kunming-kjj"), t) == \
        "昆明花卉产业技术创新战略联盟"
    field = IndustryField.objects.create(jurisdiction=jurisdiction("kunming-kjj"), code="t-bio", name="生物医药")
    other = make_alliance("云南药企协同创新体", juris="kunming-kjj", industry_field=field)
    assert recognised_name(other, t) == "昆明生物医药产业技术创新战略联盟"
    luoyang = make_alliance("洛阳市轴承产业技术创新战略联盟")
    assert recognised_name(luoyang, "洛阳市{topic}产业技术创新战略联盟") == "洛阳市轴承产业技术创新战略联盟"


def test_the_pdfs_are_real_pdfs_with_embedded_chinese_fonts_and_the_code(km):
    r = recognise(km, km["case_at"]("notice"), date(2024, 6, 12))
    r = recognition_render_documents(actor=km["staff"], recognition=r)
    for doc in (r.document, r.plaque):
        data = doc.file.read()
        doc.file.close()
        assert data.startswith(b"%PDF-")
        reader = PdfReader(io.BytesIO(data))
        text = "".join(page.extract_text() for page in reader.pages).replace("\n", "")
        assert "昆明花卉产业技术创新战略联盟" in text and r.verification_code in text
        embedded = set()
        for page in reader.pages:
            for font in page["/Resources"]["/Font"].values():
                font = font.get_object()
                desc = (font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font)
                descriptor = desc["/FontDescriptor"].get_object()
                if any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")):
                    embedded.add(str(font["/BaseFont"]))
        assert any("CJK" in name for name in embedded), embedded
    assert "昆科〔2024〕1号" in PdfReader(io.BytesIO(r.document.file.open("rb").read())).pages[0].extract_text()
    # Idempotent: rendering again keeps the stored documents.
    assert recognition_render_documents(actor=km["staff"], recognition=r).document_id == r.document_id


@pytest.mark.urls("itisa.recognition.tests.urls")
def test_the_verification_code_resolves_on_the_public_page(km, client):
    r = recognise(km, km["case_at"]("notice"), date(2024, 6, 12))
    page = client.get(f"/verify/{r.verification_code}/")
    assert page.status_code == 200 and page["Cache-Control"] == "no-store"
    body = page.content.decode()
    assert "昆明花卉产业技术创新战略联盟" in body and "昆科〔2024〕1号" in body and "2024-06-12" in body
    assert client.get(f"/verify/{r.verification_code.lower()}/").status_code == 200  # typed by hand
    assert client.get("/verify/ABCDEFGHJKMNPQRSTVWX/").status_code == 404
    assert client.get("/verify/nonsense/").status_code == 404
    assert client.post(f"/verify/{r.verification_code}/").status_code == 405


@pytest.mark.urls("itisa.recognition.tests.urls")
def test_a_recalled_plaque_shows_as_revoked(km, client):
    r = recognise(km, km["case_at"]("notice"), date(2024, 6, 12))
    assert verify_certificate(r.verification_code).status == "valid"
    with pytest.raises(PermissionDenied):
        recognition_recall(actor=km["person"]("outsider"), recognition=r, reason="x", article="第十七条")
    with pytest.raises(ValidationError):
        recognition_recall(actor=km["staff"], recognition=r, reason="", article="")
    recognition_recall(actor=km["staff"], recognition=r, reason="考核不合格", article="第十四条",
                       on=date(2026, 7, 1))
    facts = verify_certificate(r.verification_code)
    assert (facts.status, facts.revoked_on) == ("revoked", date(2026, 7, 1))
    assert "已撤销" in client.get(f"/verify/{r.verification_code}/").content.decode()
    with pytest.raises(ValidationError) as caught:
        recognition_recall(actor=km["staff"], recognition=r, reason="再次", article="第十七条")
    assert caught.value.code == "already_recalled"


def test_the_admin_lists_and_searches_recognitions(km, admin_client):
    from django.urls import reverse

    recognise(km, km["case_at"]("notice"), date(2024, 6, 12))
    page = admin_client.get(reverse("admin:recognition_recognition_changelist"), {"q": "花卉"})
    assert page.status_code == 200 and "昆科〔2024〕1号" in page.content.decode()
    assert admin_client.get(reverse("admin:recognition_documentnumbercounter_changelist"),
                            {"q": "昆明"}).status_code == 200
