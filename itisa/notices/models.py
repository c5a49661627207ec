"""Public notices of proposed decisions (公示, Kunming 第十一条) and the objections the public files
against them, with their resolution by the bureau."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class PeriodUnit(models.TextChoices):
    CALENDAR_DAYS = "calendar_days", _("Calendar days")
    WORKING_DAYS = "working_days", _("Working days")


class NoticeStatus(models.TextChoices):
    PUBLISHED = "published", _("Published")
    WITHDRAWN = "withdrawn", _("Withdrawn (case sent back for review)")
    CONCLUDED = "concluded", _("Concluded")


class PublicNotice(models.Model):
    """One publication of a case's proposed decision. ``ends_on`` is the last day of the notice
    (inclusive), computed from the pack's period when published and frozen here: a later change of
    the holiday data or of the pack does not move a notice already running."""

    case = models.ForeignKey("workflow.Case", verbose_name=_("case"), on_delete=models.PROTECT,
                             related_name="notices")
    pack_id = models.CharField(_("policy pack"), max_length=60)
    article = models.CharField(_("article"), max_length=80, blank=True)
    published_on = models.DateField(_("published on"))
    ends_on = models.DateField(_("last day"))
    period_length = models.PositiveSmallIntegerField(_("period length"))
    period_unit = models.CharField(_("period unit"), max_length=16, choices=PeriodUnit.choices)
    title = models.CharField(_("title"), max_length=300)
    text = models.TextField(_("text"))
    status = models.CharField(_("status"), max_length=12, choices=NoticeStatus.choices,
                              default=NoticeStatus.PUBLISHED, db_index=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("published by"), null=True,
                                     blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        ordering = ["-published_on", "-id"]
        verbose_name = _("public notice")
        verbose_name_plural = _("public notices")
        constraints = [
            models.UniqueConstraint(fields=["case"], condition=Q(status="published"),
                                    name="one_published_notice_per_case"),
            models.CheckConstraint(condition=Q(ends_on__gte=models.F("published_on")),
                                   name="notice_ends_after_publication"),
        ]

    def __str__(self) -> str:
        return self.title

    def is_open_on(self, day: date) -> bool:
        return self.status == NoticeStatus.PUBLISHED and self.published_on <= day <= self.ends_on


class ObjectionStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting resolution")
    UPHELD = "upheld", _("Upheld")
    DISMISSED = "dismissed", _("Dismissed")


class Objection(models.Model):
    """An objection from the public. ``anonymous`` keeps the objector's name and contact from
    everyone but the bureau staff who resolve it; the contact is always required so that staff can
    ask back."""

    notice = models.ForeignKey(PublicNotice, verbose_name=_("notice"), on_delete=models.PROTECT,
                               related_name="objections")
    name = models.CharField(_("name"), max_length=100, blank=True)
    contact = models.CharField(_("contact"), max_length=120)
    text = models.TextField(_("objection"))
    anonymous = models.BooleanField(_("anonymous"), default=False)
    received_at = models.DateTimeField(_("received at"), db_index=True)
    source_ip = models.GenericIPAddressField(_("source address"), null=True, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("submitted by (if logged in)"),
                                     null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    status = models.CharField(_("status"), max_length=12, choices=ObjectionStatus.choices,
                              default=ObjectionStatus.PENDING, db_index=True)
    resolution_reason = models.TextField(_("reason for the resolution"), blank=True)
    resolved_on = models.DateField(_("resolved on"), null=True, blank=True)
    resolved_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("resolved by"), null=True,
                                    blank=True, on_delete=models.SET_NULL, related_name="+")
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)

    class Meta:
        ordering = ["notice", "received_at"]
        verbose_name = _("objection")
        verbose_name_plural = _("objections")
        constraints = [
            models.CheckConstraint(
                condition=Q(status="pending") | (~Q(resolution_reason="") & Q(resolved_at__isnull=False)),
                name="objection_resolution_has_reason"),
        ]

    def __str__(self) -> str:
        who = _("anonymous") if self.anonymous else self.name
        return f"{self.notice_id} · {who} · {self.get_status_display()}"


class HolidayYear(models.Model):
    """The State Council's holiday arrangement for one year (国务院办公厅关于…部分节假日安排的通知), entered
    by bureau staff from the notice. When present it replaces the ``chinese-calendar`` library for that
    year: it extends the library to years it does not know yet and corrects it where it is wrong."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    document_number = models.CharField(_("document number"), max_length=80)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("entered by"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("holiday calendar year")
        verbose_name_plural = _("holiday calendar years")

    def __str__(self) -> str:
        return f"{self.year} {self.document_number}"


class HolidayDayKind(models.TextChoices):
    OFF = "off", _("Day off (holiday)")
    WORK = "work", _("Working day (调休)")


class HolidayDay(models.Model):
    """A day whose status differs from Monday–Friday working, Saturday–Sunday rest."""

    calendar = models.ForeignKey(HolidayYear, verbose_name=_("year"), on_delete=models.CASCADE, related_name="days")
    day = models.DateField(_("day"), unique=True)
    kind = models.CharField(_("kind"), max_length=4, choices=HolidayDayKind.choices)

    class Meta:
        ordering = ["day"]
        verbose_name = _("holiday calendar day")
        verbose_name_plural = _("holiday calendar days")

    def __str__(self) -> str:
        return f"{self.day:%Y-%m-%d} {self.kind}"
