"""Uploaded files with their kind, uploader, time and SHA-256, stored through Django's storage API."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class DocumentKind(models.TextChoices):
    APPLICATION_FORM = "application_form", _("Application form")
    FEASIBILITY_REPORT = "feasibility_report", _("Feasibility report")
    AGREEMENT = "agreement", _("Alliance agreement and charter")
    PLAN = "plan", _("Development plan")
    RULES = "rules", _("Rules of procedure and work systems")
    BUSINESS_LICENCE = "business_licence", _("Members' business licences")
    FUNDING_PROOF = "funding_proof", _("Funding guarantee and staffing")
    ANNUAL_REPORT = "annual_report", _("Annual report")
    MAJOR_EVENT = "major_event", _("Major-event report")
    RECOGNITION = "recognition", _("Recognition document")
    SITE_VISIT_REPORT = "site_visit_report", _("Site-visit report")
    INSPECTION_REPORT = "inspection_report", _("Inspection record of the use of funds")  # Jiangning 第十三条
    OTHER = "other", _("Other")


def document_upload_to(instance: Document, filename: str) -> str:
    # Content-addressed names: the same bytes never clash, the user's filename is kept in ``original_name``.
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"documents/{instance.sha256[:2]}/{instance.sha256}.{ext}"


class Document(models.Model):
    kind = models.CharField(_("kind"), max_length=24, choices=DocumentKind.choices)
    file = models.FileField(_("file"), upload_to=document_upload_to, max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploader"), null=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    alliance = models.ForeignKey(
        "register.Alliance", verbose_name=_("alliance"), null=True, blank=True, on_delete=models.CASCADE,
        related_name="documents",
    )
    organisation = models.ForeignKey(
        "register.Organisation", verbose_name=_("organisation"), null=True, blank=True,
        on_delete=models.CASCADE, related_name="documents",
    )

    class Meta:
        ordering = ["-uploaded_at"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def __str__(self) -> str:
        return self.original_name
