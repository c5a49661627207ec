"""Recognitions: the document number, the name, the level, the verification code, and the
recognition document and plaque certificate issued when a case reaches ``recognised``."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from itisa.register.models import AllianceLevel


class DocumentNumberCounter(models.Model):
    """The last document number issued by one jurisdiction in one year. Locked by every issuer
    (``select_for_update``) and advanced in the recognition's own transaction: a rolled-back
    recognition gives its number back, so numbers have neither gaps nor duplicates."""

    jurisdiction = models.ForeignKey("register.Jurisdiction", verbose_name=_("jurisdiction"),
                                     on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    last_number = models.PositiveIntegerField(_("last number issued"), default=0)

    class Meta:
        ordering = ["jurisdiction", "-year"]
        verbose_name = _("document number counter")
        verbose_name_plural = _("document number counters")
        constraints = [models.UniqueConstraint(fields=["jurisdiction", "year"], name="one_counter_per_year")]

    def __str__(self) -> str:
        return f"{self.jurisdiction_id} {self.year}: {self.last_number}"


class RecognitionStatus(models.TextChoices):
    VALID = "valid", _("Valid")
    RECALLED = "recalled", _("Revoked, plaque recalled")


class Recognition(models.Model):
    case = models.OneToOneField("workflow.Case", verbose_name=_("case"), on_delete=models.PROTECT,
                                related_name="recognition")
    alliance = models.ForeignKey("register.Alliance", verbose_name=_("alliance"), on_delete=models.PROTECT,
                                 related_name="recognitions")
    jurisdiction = models.ForeignKey("register.Jurisdiction", verbose_name=_("recognising jurisdiction"),
                                     on_delete=models.PROTECT, related_name="+")
    pack_id = models.CharField(_("policy pack"), max_length=60)
    article = models.CharField(_("article"), max_length=80, blank=True)
    level = models.CharField(_("level"), max_length=12, choices=AllianceLevel.choices)
    name = models.CharField(_("recognised name"), max_length=200)
    year = models.PositiveSmallIntegerField(_("year"))
    sequence = models.PositiveIntegerField(_("sequence number"))
    document_number = models.CharField(_("document number"), max_length=80, unique=True)
    recognised_on = models.DateField(_("recognised on"))
    verification_code = models.CharField(_("verification code"), max_length=32, unique=True)
    document = models.ForeignKey("documents.Document", verbose_name=_("recognition document"), null=True,
                                 blank=True, on_delete=models.PROTECT, related_name="+")
    plaque = models.ForeignKey("documents.Document", verbose_name=_("plaque certificate"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("status"), max_length=10, choices=RecognitionStatus.choices,
                              default=RecognitionStatus.VALID, db_index=True)
    recalled_on = models.DateField(_("recalled on"), null=True, blank=True)
    recall_reason = models.TextField(_("reason for the recall"), blank=True)
    recall_article = models.CharField(_("article of the recall"), max_length=80, blank=True)
    recalled_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recalled by"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-recognised_on", "-id"]
        verbose_name = _("recognition")
        verbose_name_plural = _("recognitions")
        constraints = [
            models.UniqueConstraint(fields=["jurisdiction", "year", "sequence"], name="recognition_number_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.document_number} {self.name}"
