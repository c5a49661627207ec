"""A workbook built in the background for the person who asked for it (ADR 0019)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ExportStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting to be built")
    RUNNING = "running", _("Being built")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Could not be built")


# The lists (by their export stem) as people name them; a list not named here reads "List".
KIND_WORDS = {
    "alliance-register": _("Alliance register"),
    "ledger": _("Ledger"),
    "my-reviews": _("My reviews"),
    "cases": _("Cases"),
    "alliances": _("Alliances of the bureau"),
    "grant-proposals": _("Grant proposals"),
    "deadlines": _("Deadlines"),
    "calls": _("Calls"),
    "alliance-members": _("Members"),
    "alliance-documents": _("Documents"),
    "alliance-achievements": _("Achievements"),
}


class ExportJob(models.Model):
    requester = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="export_jobs",
                                  verbose_name=_("requester"))
    kind = models.CharField(_("list"), max_length=60)  # the list page's export stem
    params = models.JSONField(_("parameters"), default=dict)  # path, query string and language of the request
    status = models.CharField(_("status"), max_length=8, choices=ExportStatus.choices, default=ExportStatus.QUEUED)
    progress = models.PositiveIntegerField(_("rows written"), default=0)
    rows = models.PositiveIntegerField(_("rows"), default=0)
    file = models.FileField(_("file"), upload_to="exports/%Y/%m/", blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("export")
        verbose_name_plural = _("exports")

    def __str__(self) -> str:
        return f"{self.kind} · {self.created_at:%Y-%m-%d %H:%M}" if self.created_at else self.kind

    @property
    def title(self) -> str:
        return str(KIND_WORDS.get(self.kind, _("List")))

    @property
    def pending(self) -> bool:
        return self.status in (ExportStatus.QUEUED, ExportStatus.RUNNING)

    @property
    def percent(self) -> int:
        return min(100, self.progress * 100 // self.rows) if self.rows else (100 if self.status == "done" else 0)
