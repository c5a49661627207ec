"""Building a background export: the list page is replayed as its requester (the same view, the same
access checks, the same permission-scoped queryset), and its rows go into a write-only workbook in a
temporary file, then into the storage (Django's storage API). Progress is written every 1,000 rows."""

from __future__ import annotations

import logging
import tempfile
from collections.abc import Iterable, Sequence
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.files import File
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.urls import Resolver404, resolve
from django.utils import timezone, translation

from itisa.core.exports import xlsx_filename, xlsx_write
from itisa.exports.models import ExportJob, ExportStatus

log = logging.getLogger(__name__)
PROGRESS_EVERY = 1000


def _request(job: ExportJob) -> HttpRequest:
    request = HttpRequest()
    request.method = "GET"
    request.path = request.path_info = str(job.params.get("path", ""))
    request.GET = QueryDict(str(job.params.get("query", "")))
    request.META.update(SERVER_NAME="localhost", SERVER_PORT="80")
    request.user = job.requester
    return request


def build(job: ExportJob) -> ExportJob:
    """Build *job*'s workbook (idempotent: a job already built or failed is left as it is)."""
    if not job.pending:
        return job
    ExportJob.objects.filter(pk=job.pk).update(status=ExportStatus.RUNNING)
    written: list[int] = []

    def progress(n: int) -> None:
        ExportJob.objects.filter(pk=job.pk).update(progress=n)

    def sink(stem: str, headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> HttpResponse:
        with tempfile.TemporaryFile() as fh:
            written.append(xlsx_write(fh, stem, headers, rows, progress=progress, every=PROGRESS_EVERY))
            fh.seek(0)
            job.file.save(xlsx_filename(stem), File(fh), save=False)
        return HttpResponse(status=204)

    request = _request(job)
    request.export_sink = sink  # type: ignore[attr-defined]  # read by itisa.core.listing.ListPage.respond
    try:
        with translation.override(str(job.params.get("language") or "zh-hans")):
            match = resolve(request.path_info)
            match.func(request, *match.args, **match.kwargs)
    except (Resolver404, Http404, PermissionDenied):
        log.warning("export %s: the list is no longer the requester's to see", job.pk)
    except Exception:  # a job never stays "being built" for ever: it fails, and the log says why
        log.exception("export %s could not be built", job.pk)
    if written:
        job.status, job.progress, job.rows = ExportStatus.DONE, written[0], written[0]
    else:
        job.status = ExportStatus.FAILED
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "progress", "rows", "file", "finished_at"])
    return job
