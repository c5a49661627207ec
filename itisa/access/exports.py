"""Background exports (ADR 0019): anyone signed in may have a long list built; only the person who asked for
it — and a superuser — sees the job and downloads the file (anyone else: 404)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from itisa.access import who
from itisa.access.core import query, rule, rule_from_query
from itisa.exports.models import ExportJob


@query("exports.view")
def export_jobs(user: Any) -> QuerySet[ExportJob]:
    if not getattr(user, "is_authenticated", False):
        return ExportJob.objects.none()
    if who.superuser(user):
        return ExportJob.objects.all()
    return ExportJob.objects.filter(requester_id=user.pk)


rule_from_query("exports.view")
rule("exports.start", lambda user, obj=None: bool(getattr(user, "is_authenticated", False)))
rule("exports.download", lambda user, job=None: job is not None and (
    who.superuser(user) or (getattr(user, "is_authenticated", False) and job.requester_id == user.pk)))
