"""Files left behind (a process killed before its commit) are swept; files of documents and fresh files are kept."""

from __future__ import annotations

import io
import os
import time

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import transaction

from itisa.documents.models import Document
from itisa.documents.services import document_upload

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.7\n%%EOF\n"


def upload(actor, name):
    return document_upload(actor=actor, kind="other", name=name, stream=io.BytesIO(PDF + name.encode()),
                           size=len(PDF) + len(name.encode()))


def test_a_file_left_by_a_killed_process_is_swept(system_actor, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    kept = upload(system_actor, "kept.pdf")
    # A rollback deletes its upload at once (test_upload_rollback); a process killed between storing the
    # file and committing leaves one behind, which is what the sweep is for.
    orphan_path = tmp_path / default_storage.save("documents/ab/orphan.pdf", ContentFile(PDF))
    with pytest.raises(RuntimeError), transaction.atomic():
        upload(system_actor, "rolled-back.pdf")
        raise RuntimeError("a later check refused the whole operation")
    assert not Document.objects.filter(original_name="rolled-back.pdf").exists() and os.path.exists(orphan_path)
    call_command("prune_orphan_files")
    assert os.path.exists(orphan_path)  # younger than the grace period: a transaction may still be open
    old = time.time() - 7200
    for path in (orphan_path, kept.file.path):
        os.utime(path, (old, old))
    call_command("prune_orphan_files")
    assert not os.path.exists(orphan_path)
    assert os.path.exists(kept.file.path)
