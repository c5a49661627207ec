"""The audit trail: who changed what, when, from what to what, and why.

Events form hash chains, one per stream (each digest covers every field and the previous digest), so
an edited or deleted row is detected by ``verify.audit_verify_chain``; anchors written outside the
database (``anchors``) catch a truncated or rewritten-and-rehashed tail. See docs/adr/0003.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEvent(models.Model):
    at = models.DateTimeField(_("at"), db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        # PROTECT: the actor's id is part of the digest; a person with a trail is deactivated, not deleted.
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor_repr = models.CharField(_("actor (as recorded)"), max_length=150)
    action = models.CharField(_("action"), max_length=60, db_index=True)
    target_type = models.CharField(_("object type"), max_length=60, db_index=True)
    target_id = models.CharField(_("object id"), max_length=40, db_index=True)
    target_repr = models.CharField(_("object"), max_length=200)
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"), null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    stream = models.CharField(_("chain"), max_length=16, default="s00")
    seq = models.PositiveBigIntegerField(_("position in chain"), default=0)
    algorithm = models.CharField(_("hash algorithm"), max_length=8, default="sha256")
    prev_digest = models.CharField(_("previous digest"), max_length=64)
    digest = models.CharField(_("digest"), max_length=64, unique=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit trail")
        indexes = [models.Index(fields=["target_type", "target_id"])]
        constraints = [models.UniqueConstraint(fields=["stream", "seq"], name="audit_stream_seq_unique")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_repr} {self.action} {self.target_repr}"


class AuditStreamHead(models.Model):
    """The last event of one chain. Writers lock only their stream's row, so writes to different
    streams do not wait for each other (ADR 0004)."""

    stream = models.CharField(max_length=16, primary_key=True)
    seq = models.PositiveBigIntegerField(default=0)
    last_digest = models.CharField(max_length=64, default="0" * 64)

    class Meta:
        verbose_name = _("audit chain head")

    def __str__(self) -> str:
        return f"{self.stream}#{self.seq}"
