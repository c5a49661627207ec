"""Uploads: type, size and content checked before anything is stored; SHA-256 kept."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings

from itisa.documents.models import Document
from itisa.documents.services import document_upload

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def media(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def upload(actor, alliance, name: str, data: bytes, kind: str = "agreement"):
    return document_upload(actor=actor, kind=kind, name=name, stream=io.BytesIO(data), size=len(data),
                           alliance=alliance)


def stored_files(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file()]


def test_it_stores_a_pdf_with_its_hash_uploader_and_time(make_alliance, system_actor, media):
    alliance = make_alliance()
    doc = upload(system_actor, alliance, "联盟协议.pdf", PDF)
    assert doc.sha256 == hashlib.sha256(PDF).hexdigest()
    assert (doc.size, doc.content_type, doc.original_name) == (len(PDF), "application/pdf", "联盟协议.pdf")
    assert doc.uploaded_by == system_actor and doc.uploaded_at is not None
    with doc.file.open("rb") as handle:
        assert handle.read() == PDF


def test_it_refuses_a_file_of_the_wrong_type_and_stores_nothing(make_alliance, system_actor, media):
    alliance = make_alliance()
    with pytest.raises(ValidationError) as caught:
        upload(system_actor, alliance, "virus.exe", b"MZ\x90\x00")
    assert caught.value.error_dict["file"][0].code == "file_type"
    assert Document.objects.count() == 0 and stored_files(media) == []


def test_it_refuses_a_file_whose_content_does_not_match_its_extension(make_alliance, system_actor, media):
    with pytest.raises(ValidationError) as caught:
        upload(system_actor, make_alliance(), "report.pdf", b"<html>not a pdf</html>")
    assert caught.value.error_dict["file"][0].code == "file_content"
    assert stored_files(media) == []


@override_settings(DOCUMENT_MAX_BYTES=1024)
def test_it_refuses_a_file_over_the_size_limit(make_alliance, system_actor, media):
    big = PDF + b"0" * 2048
    with pytest.raises(ValidationError) as caught:
        upload(system_actor, make_alliance(), "big.pdf", big)
    assert caught.value.error_dict["file"][0].code == "file_too_large"
    assert Document.objects.count() == 0 and stored_files(media) == []


def test_a_file_exactly_at_the_limit_is_accepted(make_alliance, system_actor, settings):
    settings.DOCUMENT_MAX_BYTES = len(PDF)
    assert upload(system_actor, make_alliance(), "exact.pdf", PDF).size == len(PDF)


def test_it_refuses_an_empty_file(make_alliance, system_actor):
    with pytest.raises(ValidationError) as caught:
        upload(system_actor, make_alliance(), "empty.pdf", b"")
    assert caught.value.error_dict["file"][0].code == "file_empty"


def test_an_upload_is_audited(make_alliance, system_actor):
    from itisa.audit.selectors import audit_events_for

    doc = upload(system_actor, make_alliance(), "规划.pdf", PDF, kind="plan")
    event = audit_events_for(doc).get()
    assert event.action == "document.upload" and event.after["sha256"] == doc.sha256
