"""Calls for applications, cases following their pack's procedure, the timeline of every transition,
and the frozen versions of what was submitted."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Call(models.Model):
    """A call for applications of one jurisdiction and year; ``closes_on`` empty means year-round."""

    jurisdiction = models.ForeignKey(
        "register.Jurisdiction", verbose_name=_("jurisdiction"), on_delete=models.PROTECT, related_name="calls"
    )
    pack_id = models.CharField(_("policy pack"), max_length=60)
    procedure_id = models.CharField(_("procedure"), max_length=40, default="recognition")
    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(_("title"), max_length=200)
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-year", "jurisdiction"]
        verbose_name = _("call for applications")
        verbose_name_plural = _("calls for applications")
        constraints = [
            models.CheckConstraint(condition=Q(closes_on__isnull=True) | Q(closes_on__gte=models.F("opens_on")),
                                   name="call_closes_after_opening"),
        ]

    def __str__(self) -> str:
        return self.title

    def is_open_on(self, day) -> bool:  # type: ignore[no-untyped-def]
        return self.opens_on <= day and (self.closes_on is None or day <= self.closes_on)


class Case(models.Model):
    """One alliance going through one procedure of one pack. ``lock_version`` grows with every
    transition: a decision taken on a stale page is refused as a conflict instead of overwriting."""

    alliance = models.ForeignKey(
        "register.Alliance", verbose_name=_("alliance"), on_delete=models.PROTECT, related_name="cases"
    )
    jurisdiction = models.ForeignKey(
        "register.Jurisdiction", verbose_name=_("deciding jurisdiction"), on_delete=models.PROTECT, related_name="cases"
    )
    call = models.ForeignKey(
        Call, verbose_name=_("call"), null=True, blank=True, on_delete=models.PROTECT, related_name="cases"
    )
    pack_id = models.CharField(_("policy pack"), max_length=60)
    pack_digest = models.CharField(_("pack digest"), max_length=80)
    procedure_id = models.CharField(_("procedure"), max_length=40)
    state = models.CharField(_("state"), max_length=40, db_index=True)
    closed = models.BooleanField(_("closed"), default=False)
    lock_version = models.PositiveIntegerField(_("version"), default=0)
    opened_on = models.DateField(_("opened on"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["-updated_at"]
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        constraints = [
            models.UniqueConstraint(fields=["alliance", "procedure_id"], condition=Q(closed=False),
                                    name="one_open_case_per_alliance_and_procedure"),
        ]

    def __str__(self) -> str:
        return f"{self.alliance} · {self.procedure_id} · {self.state}"


class CaseMaterial(models.Model):
    """A document attached to a case as one of the pack's required materials."""

    case = models.ForeignKey(Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="materials")
    material_id = models.CharField(_("material"), max_length=40)
    document = models.ForeignKey("documents.Document", verbose_name=_("document"), on_delete=models.PROTECT,
                                 related_name="+")
    attached_at = models.DateTimeField(_("attached at"), auto_now_add=True)

    class Meta:
        ordering = ["case", "material_id", "attached_at"]
        verbose_name = _("case material")
        verbose_name_plural = _("case materials")

    def __str__(self) -> str:
        return f"{self.material_id}: {self.document_id}"


class Submission(models.Model):
    """A frozen version of what was submitted: the facts, the engine's eligibility answer and the
    materials as they stood. A later change makes a new version; nothing here is edited."""

    case = models.ForeignKey(Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="submissions")
    number = models.PositiveIntegerField(_("version"))
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("submitted by"), null=True,
                                     on_delete=models.SET_NULL, related_name="+")
    submitted_at = models.DateTimeField(_("submitted at"), auto_now_add=True)
    facts = models.JSONField(_("facts"))
    eligibility = models.JSONField(_("eligibility"))
    materials = models.JSONField(_("materials"))
    digest = models.CharField(_("digest"), max_length=64)

    class Meta:
        ordering = ["case", "number"]
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")
        constraints = [models.UniqueConstraint(fields=["case", "number"], name="submission_number_unique")]

    def __str__(self) -> str:
        return f"{self.case_id} v{self.number}"


class CaseTransition(models.Model):
    """The timeline: every move of a case with actor, role, reason, article and the digests of the
    pack and of the engine result the decision relied on."""

    case = models.ForeignKey(Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="transitions")
    seq = models.PositiveIntegerField(_("sequence"))
    from_state = models.CharField(_("from"), max_length=40)
    to_state = models.CharField(_("to"), max_length=40)
    action = models.CharField(_("action"), max_length=40)
    role = models.CharField(_("role"), max_length=40)  # the packs' roles, e.g. third_party_evaluator (21)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("actor"), null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+")
    actor_repr = models.CharField(_("actor (as recorded)"), max_length=150)
    at = models.DateTimeField(_("at"), auto_now_add=True)
    on = models.DateField(_("effective date"))
    reason = models.TextField(_("reason"), blank=True)
    article = models.CharField(_("article"), max_length=80, blank=True)
    pack_digest = models.CharField(_("pack digest"), max_length=80)
    engine_digest = models.CharField(_("engine result digest"), max_length=64, blank=True)

    class Meta:
        ordering = ["case", "seq"]
        verbose_name = _("case transition")
        verbose_name_plural = _("case timeline")
        constraints = [models.UniqueConstraint(fields=["case", "seq"], name="transition_seq_unique")]

    def __str__(self) -> str:
        return f"{self.case_id}#{self.seq} {self.from_state}→{self.to_state}"
