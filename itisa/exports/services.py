"""Asking for a background export: one audited job row, built after the commit (ADR 0019)."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from itisa.access import requires
from itisa.audit.services import audit_record
from itisa.exports.models import ExportJob


@requires("exports.start")
def export_start(*, actor: Any, kind: str, path: str, query: str, language: str, rows: int) -> ExportJob:
    """Record the request of *actor* for the workbook of the list at *path* (with *query*), *rows* long; the
    background task replays the list as *actor* and stores the file."""
    with transaction.atomic():
        job = ExportJob.objects.create(requester=actor, kind=kind[:60], rows=rows,
                                       params={"path": path, "query": query, "language": language})
        audit_record(actor=actor, action="export.start", target=job,
                     after={"kind": job.kind, "path": path, "query": query, "rows": rows})

        def build() -> None:
            from itisa.exports.tasks import build_export

            build_export.enqueue(job.pk)

        transaction.on_commit(build)
    return job
