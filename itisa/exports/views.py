"""My exports: the person's background exports, their progress (HTMX polling while one is being built) and
the download of a finished workbook — the requester's own only (anyone else: 404)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from itisa.access import can, visible_to
from itisa.exports.models import ExportJob, ExportStatus
from itisa.exports.selectors import jobs_of


@login_required
@require_safe
def mine(request: HttpRequest) -> HttpResponse:
    template = "exports/_jobs.html" if request.headers.get("HX-Request") else "exports/mine.html"
    jobs = jobs_of(request.user)
    return render(request, template, {"jobs": jobs, "pending": any(j.pending for j in jobs)})


@login_required
@require_safe
def download(request: HttpRequest, pk: int) -> FileResponse:
    job = get_object_or_404(visible_to(request.user, "exports.view", ExportJob), pk=pk)
    if not can(request.user, "exports.download", job) or job.status != ExportStatus.DONE or not job.file:
        raise Http404
    return FileResponse(job.file.open("rb"), as_attachment=True, filename=job.file.name.rsplit("/", 1)[-1])
