"""Background work of exports (thin: ``itisa.exports.build`` does the work)."""

from __future__ import annotations

from django_tasks import task


@task()
def build_export(job_id: int) -> str:
    from itisa.exports.build import build
    from itisa.exports.models import ExportJob

    job = ExportJob.objects.select_related("requester").filter(pk=job_id).first()
    return build(job).status if job is not None else "missing"
