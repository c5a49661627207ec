"""An upload inside a transaction that rolls back leaves no file; one that commits keeps its file."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction

from itisa.documents.models import Document
from itisa.documents.services import document_upload

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def media(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def stored_files(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file()]


def a_service_that_fails_after_uploading(actor, alliance) -> None:
    """What report_file or a case attachment does: upload, then a later check refuses the whole operation."""
    with transaction.atomic():
        document_upload(
            actor=actor, kind="agreement", name="协议.pdf", stream=io.BytesIO(PDF), size=len(PDF), alliance=alliance
        )
        raise ValidationError({"year": ValidationError("refused after the upload", code="late_refusal")})


@pytest.mark.django_db
def test_it_leaves_no_file_when_the_service_raises_after_the_upload(make_alliance, system_actor, media):
    alliance = make_alliance()
    with pytest.raises(ValidationError):
        a_service_that_fails_after_uploading(system_actor, alliance)
    assert Document.objects.count() == 0
    assert stored_files(media) == []


@pytest.mark.django_db
def test_the_file_exists_while_its_transaction_is_open(make_alliance, system_actor, media):
    alliance = make_alliance()
    with transaction.atomic():
        doc = document_upload(
            actor=system_actor,
            kind="agreement",
            name="协议.pdf",
            stream=io.BytesIO(PDF),
            size=len(PDF),
            alliance=alliance,
        )
        with doc.file.open("rb") as handle:
            assert handle.read() == PDF


@pytest.mark.django_db(transaction=True)
def test_a_committed_upload_keeps_its_file_and_a_rolled_back_one_does_not(make_alliance, system_actor, media):
    alliance = make_alliance()
    kept = document_upload(
        actor=system_actor, kind="agreement", name="协议.pdf", stream=io.BytesIO(PDF), size=len(PDF), alliance=alliance
    )
    assert [p.name for p in stored_files(media)] == [Path(kept.file.name).name]
    with pytest.raises(ValidationError):
        a_service_that_fails_after_uploading(system_actor, alliance)
    assert [p.name for p in stored_files(media)] == [Path(kept.file.name).name]
    assert list(Document.objects.values_list("pk", flat=True)) == [kept.pk]
