"""Supervision after recognition (REQUIREMENTS §5): reports, deadlines and their notices, grades,
rectification orders, consequences applied, findings, revocations and dissolutions.

Models hold data and the invariants the database can enforce; every write goes through
``itisa.supervision.services``. What a rule *decides* (due dates, lateness, consequences) comes from
the policy engine; the rows here record what was filed, decided and sent.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class ReportKind(models.TextChoices):
    """The ``report_kind`` of the packs' duties (policy/SCHEMA.md, duties)."""

    ANNUAL_REPORT = "annual_report", _("Annual report")  # Kunming 第十四条, Weinan 14
    SELF_EVALUATION = "self_evaluation", _("Yearly self-evaluation report")  # Luoyang 第八条(三)
    WORK_PLAN = "work_plan", _("Yearly work plan")  # Luoyang 第八条(二)
    MAJOR_EVENT = "major_event_report", _("Major-event report")  # Luoyang 第八条(一), Henan 第十一条(五)


class MajorEventKind(models.TextChoices):
    MEMBER_CHANGE = "member_change", _("Change of members")
    BREAKTHROUGH = "breakthrough", _("Major breakthrough or interim result")
    MAJOR_PROJECT = "major_project", _("Major project")
    SEMINAR = "seminar", _("Major seminar or exchange")
    OTHER = "other", _("Other major event")


class Report(models.Model):
    """A report filed by the lead-unit office. Yearly kinds are unique per alliance, kind and year
    (a double-clicked filing creates one row); major-event reports carry no year."""

    alliance = models.ForeignKey(
        "register.Alliance", verbose_name=_("alliance"), on_delete=models.PROTECT, related_name="reports"
    )
    kind = models.CharField(_("kind"), max_length=24, choices=ReportKind.choices)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    pack_id = models.CharField(_("policy pack"), max_length=60)
    duty = models.CharField(_("duty"), max_length=40)
    article = models.CharField(_("article"), max_length=60, blank=True)
    # Contents (which ones a pack asks for: the pack's report_contents, policy.api.report_sections)
    summary = models.TextField(_("work summary"), blank=True)
    plan_execution = models.TextField(_("execution of the plan"), blank=True)
    fund_use = models.TextField(_("use of funds"), blank=True)
    results = models.TextField(_("main results"), blank=True)
    next_year_plan = models.TextField(_("next year's plan"), blank=True)
    changes_members = models.TextField(_("changes of members"), blank=True)
    changes_rules = models.TextField(_("changes of rules"), blank=True)
    changes_direction = models.TextField(_("changes of research direction"), blank=True)
    changes_route = models.TextField(_("changes of technical route"), blank=True)
    # Major events
    event_kind = models.CharField(_("event kind"), max_length=16, choices=MajorEventKind.choices, blank=True)
    event_date = models.DateField(_("event date"), null=True, blank=True)
    document = models.ForeignKey(
        "documents.Document", verbose_name=_("attachment"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    filed_on = models.DateField(_("filed on (Asia/Shanghai)"))
    filed_at = models.DateTimeField(_("filed at"), auto_now_add=True)
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("filed by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    endorsement_required = models.BooleanField(_("endorsement by the recommender required"), default=False)
    endorsed_on = models.DateField(_("endorsed on"), null=True, blank=True)
    endorsed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("endorsed by"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    endorsement_opinion = models.TextField(_("recommender's opinion"), blank=True)
    due_on = models.DateField(_("due on"), null=True, blank=True)
    late = models.BooleanField(_("late"), default=False)

    class Meta:
        ordering = ["alliance", "-filed_on", "-id"]
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        constraints = [
            models.UniqueConstraint(fields=["alliance", "kind", "year"], condition=Q(year__isnull=False),
                                    name="report_once_per_alliance_kind_year"),
            models.CheckConstraint(condition=~Q(kind="major_event_report") | Q(event_date__isnull=False),
                                   name="major_event_report_has_event_date"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.year or self.event_date}"

    @property
    def submitted_on(self):  # type: ignore[no-untyped-def]
        """The day the report counts as received by the bureau: when it needs the recommender's
        endorsement (Weinan 14), the day of the endorsement; otherwise the filing day. None while pending."""
        if self.endorsement_required:
            return self.endorsed_on
        return self.filed_on


class DeadlineStatus(models.TextChoices):
    UPCOMING = "upcoming", _("Upcoming")
    DUE = "due", _("Due today")
    OVERDUE = "overdue", _("Overdue")
    DONE = "done", _("Done")
    LATE = "late", _("Done late")
    UNSCHEDULED = "unscheduled", _("No date set")


class Deadline(models.Model):
    """One duty's deadline for one alliance, as the last scan saw it. Keyed by (alliance, duty, period):
    the period ("2021", "2019-03-01/2022-03-01", "rectification-1" …) names the due date, and also names
    the duties whose date the text leaves open (status unscheduled, no due date)."""

    alliance = models.ForeignKey(
        "register.Alliance", verbose_name=_("alliance"), on_delete=models.CASCADE, related_name="deadlines"
    )
    pack_id = models.CharField(_("policy pack"), max_length=60)
    duty = models.CharField(_("duty"), max_length=60)
    period = models.CharField(_("period"), max_length=60)
    kind = models.CharField(_("duty kind"), max_length=24)
    actor = models.CharField(_("who must act"), max_length=24)
    label_zh = models.CharField(_("duty (Chinese)"), max_length=200)
    label_en = models.CharField(_("duty (English)"), max_length=200)
    article = models.CharField(_("article"), max_length=60)
    due_on = models.DateField(_("due on"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=DeadlineStatus.choices, db_index=True)
    filed_on = models.DateField(_("done on"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    status_since = models.DateField(_("status since"))
    last_scanned_on = models.DateField(_("last scanned on"))

    class Meta:
        ordering = ["due_on", "alliance", "duty"]
        verbose_name = _("deadline")
        verbose_name_plural = _("deadlines")
        constraints = [
            models.UniqueConstraint(fields=["alliance", "duty", "period"], name="deadline_once_per_duty_period"),
        ]

    def __str__(self) -> str:
        return f"{self.label_zh} {self.period} ({self.status})"


class Notification(models.Model):
    """One e-mail about one deadline in one status to one person: sent once, never again."""

    deadline = models.ForeignKey(Deadline, verbose_name=_("deadline"), on_delete=models.CASCADE,
                                 related_name="notifications")
    status = models.CharField(_("deadline status"), max_length=12, choices=DeadlineStatus.choices)
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recipient"), on_delete=models.CASCADE,
                                  related_name="+")
    email = models.EmailField(_("e-mail address"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        constraints = [
            models.UniqueConstraint(fields=["deadline", "status", "recipient"], name="notice_once_per_status"),
        ]

    def __str__(self) -> str:
        return f"{self.deadline} → {self.email}"


class ScanRun(models.Model):
    """One run of the deadline scan: what it counted, and why it skipped an alliance (e.g. a lapsed text).
    A run the worker's schedule claimed (``scheduled``) is unique per day: the row is the lock that lets
    only one of several workers enqueue the day's scan (services/schedule.py)."""

    on = models.DateField(_("scan date"))
    scheduled = models.BooleanField(_("started by the worker's daily schedule"), default=False)
    started_at = models.DateTimeField(_("started at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    alliances = models.PositiveIntegerField(_("alliances scanned"), default=0)
    deadlines_created = models.PositiveIntegerField(_("deadlines created"), default=0)
    deadlines_changed = models.PositiveIntegerField(_("deadlines changed"), default=0)
    notifications = models.PositiveIntegerField(_("notifications sent"), default=0)
    skipped = models.JSONField(_("alliances skipped, with the reason"), default=list, blank=True)

    class Meta:
        ordering = ["-started_at"]
        verbose_name = _("deadline scan")
        verbose_name_plural = _("deadline scans")
        constraints = [
            models.UniqueConstraint(fields=["on"], condition=Q(scheduled=True), name="one_scheduled_scan_per_day"),
        ]

    def __str__(self) -> str:
        return f"{self.on} ({self.alliances})"


class GradeKind(models.TextChoices):
    YEARLY = "yearly", _("Yearly evaluation")
    CYCLE = "cycle", _("Cycle assessment")  # Kunming 第十四条
    RE_REVIEW = "re_review", _("Re-review")  # Weinan 15


class Grade(models.Model):
    """A grade from the pack's evaluation scale (its id, e.g. ``fail``) for one alliance and year."""

    alliance = models.ForeignKey(
        "register.Alliance", verbose_name=_("alliance"), on_delete=models.PROTECT, related_name="grades"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=GradeKind.choices, default=GradeKind.YEARLY)
    year = models.PositiveSmallIntegerField(_("year"))
    grade = models.CharField(_("grade"), max_length=24)
    grade_label = models.CharField(_("grade as written"), max_length=40)
    pack_id = models.CharField(_("policy pack"), max_length=60)
    article = models.CharField(_("article"), max_length=60)
    graded_on = models.DateField(_("graded on"))
    graded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("graded by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField(_("note"), blank=True)
    document = models.ForeignKey(
        "documents.Document", verbose_name=_("evaluation report"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["alliance", "kind", "year"]
        verbose_name = _("grade")
        verbose_name_plural = _("grades")
        constraints = [
            models.UniqueConstraint(fields=["alliance", "kind", "year"], name="grade_once_per_alliance_kind_year"),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.grade_label}"


class RectificationResult(models.TextChoices):
    PENDING = "pending", _("Pending")
    PASS = "pass", _("Rectified")
    FAIL = "fail", _("Not rectified")


class Rectification(models.Model):
    """A rectification order (限期整改) that follows a warning; answered by the lead, judged by staff."""

    alliance = models.ForeignKey(
        "register.Alliance", verbose_name=_("alliance"), on_delete=models.PROTECT, related_name="rectifications"
    )
    grade = models.OneToOneField(
        Grade, verbose_name=_("failing grade"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="rectification",
    )
    pack_id = models.CharField(_("policy pack"), max_length=60)
    article = models.CharField(_("article"), max_length=60)
    ordered_on = models.DateField(_("ordered on"))
    due_on = models.DateField(_("due on"))
    months = models.PositiveSmallIntegerField(_("period (months)"))
    response = models.TextField(_("lead unit's response"), blank=True)
    response_document = models.ForeignKey(
        "documents.Document", verbose_name=_("response document"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )
    responded_on = models.DateField(_("responded on"), null=True, blank=True)
    result = models.CharField(_("result"), max_length=8, choices=RectificationResult.choices,
                              default=RectificationResult.PENDING)
    judged_on = models.DateField(_("judged on"), null=True, blank=True)
    judged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("judged by"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    judgement = models.TextField(_("judgement"), blank=True)

    class Meta:
        ordering = ["alliance", "ordered_on", "id"]
        verbose_name = _("rectification order")
        verbose_name_plural = _("rectification orders")
        constraints = [
            models.CheckConstraint(condition=Q(due_on__gte=models.F("ordered_on")), name="rectification_due_after"),
        ]

    def __str__(self) -> str:
        return f"{self.alliance_id} {self.ordered_on} → {self.due_on} ({self.result})"


class FindingKind(models.TextChoices):
    """Facts a bureau establishes that the packs read as flags (Kunming 第十七条(一)(三), Jiangning 第十三条)."""

    REFUSED_SUPERVISION = "refused_supervision", _("Refuses supervision")
    FRAUD = "fraud", _("Fraud in application, recognition or assessment")
    FUNDS_MISUSED = "funds_misused", _("Unlawful application or use of funds")


class Finding(models.Model):
    alliance = models.ForeignKey(
        "register.Alliance", verbose_name=_("alliance"), on_delete=models.PROTECT, related_name="findings"
    )
    kind = models.CharField(_("kind"), max_length=24, choices=FindingKind.choices)
    found_on = models.DateField(_("found on"))
    description = models.TextField(_("description"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["alliance", "found_on"]
        verbose_name = _("finding")
        verbose_name_plural = _("findings")
        constraints = [models.UniqueConstraint(fields=["alliance", "kind"], name="finding_once_per_kind")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.found_on}"


class AppliedConsequence(models.Model):
    """A consequence the engine found triggered, as applied: the article, the engine's result digest and
    what changed. Unique per trigger, so applying the same answer twice changes nothing."""

    alliance = models.ForeignKey(
        "register.Alliance", verbose_name=_("alliance"), on_delete=models.PROTECT, related_name="consequences"
    )
    pack_id = models.CharField(_("policy pack"), max_length=60)
    pack_digest = models.CharField(_("pack digest"), max_length=80)
    engine_digest = models.CharField(_("engine result digest"), max_length=64)
    consequence = models.CharField(_("consequence"), max_length=60)
    trigger = models.CharField(_("trigger"), max_length=64)
    article = models.CharField(_("article"), max_length=60)
    effects = models.JSONField(_("effects"), default=list)
    scope = models.CharField(_("scope"), max_length=24, default="alliance")
    reason = models.JSONField(_("engine's reason"), default=dict)
    status_before = models.CharField(_("status before"), max_length=20)
    status_after = models.CharField(_("status after"), max_length=20)
    applied_on = models.DateField(_("applied on"))
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("applied by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["alliance", "applied_on", "id"]
        verbose_name = _("applied consequence")
        verbose_name_plural = _("applied consequences")
        constraints = [
            models.UniqueConstraint(fields=["alliance", "pack_id", "consequence", "trigger"],
                                    name="consequence_once_per_trigger"),
        ]

    def __str__(self) -> str:
        return f"{self.consequence} {self.article} ({self.applied_on})"


class Revocation(models.Model):
    """Recognition revoked (撤销/取消资格), with the article, the plaque recalled, the public entry."""

    alliance = models.OneToOneField(
        "register.Alliance", verbose_name=_("alliance"), on_delete=models.PROTECT, related_name="revocation"
    )
    pack_id = models.CharField(_("policy pack"), max_length=60)
    article = models.CharField(_("article"), max_length=60)
    reason = models.TextField(_("reason"))
    decided_on = models.DateField(_("decided on"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("decided by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    consequence = models.OneToOneField(
        AppliedConsequence, verbose_name=_("applied consequence"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="revocation",
    )
    plaque_recall_ordered = models.BooleanField(_("plaque to be recalled"), default=False)
    plaque_recalled_on = models.DateField(_("plaque recalled on"), null=True, blank=True)
    publication_required = models.BooleanField(_("publication required by the text"), default=False)
    published_on = models.DateField(_("entered in the public register on"))

    class Meta:
        ordering = ["-decided_on", "-id"]
        verbose_name = _("revocation")
        verbose_name_plural = _("revocations")

    def __str__(self) -> str:
        return f"{self.alliance_id} {self.article} {self.decided_on}"


class DissolutionStatus(models.TextChoices):
    APPLIED = "applied", _("Applied for")
    APPROVED = "approved", _("Approved")
    REFUSED = "refused", _("Refused")


class Dissolution(models.Model):
    """An application to dissolve, by the lead unit, with every member's consent (Jiangning 第十二条)."""

    alliance = models.ForeignKey(
        "register.Alliance", verbose_name=_("alliance"), on_delete=models.PROTECT, related_name="dissolutions"
    )
    pack_id = models.CharField(_("policy pack"), max_length=60)
    article = models.CharField(_("article"), max_length=60)
    reason = models.TextField(_("reason"))
    applied_on = models.DateField(_("applied on"))
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("applied by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(_("status"), max_length=10, choices=DissolutionStatus.choices,
                              default=DissolutionStatus.APPLIED)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("decided by"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    decision_note = models.TextField(_("decision note"), blank=True)

    class Meta:
        ordering = ["alliance", "-applied_on"]
        verbose_name = _("dissolution")
        verbose_name_plural = _("dissolutions")
        constraints = [
            models.UniqueConstraint(fields=["alliance"], condition=Q(status="applied"),
                                    name="one_open_dissolution_per_alliance"),
        ]

    def __str__(self) -> str:
        return f"{self.alliance_id} {self.applied_on} ({self.status})"


class DissolutionConsent(models.Model):
    """One member organisation's consent to the dissolution, with its signed statement."""

    dissolution = models.ForeignKey(Dissolution, verbose_name=_("dissolution"), on_delete=models.CASCADE,
                                    related_name="consents")
    organisation = models.ForeignKey(
        "register.Organisation", verbose_name=_("member"), on_delete=models.PROTECT, related_name="+"
    )
    consented_on = models.DateField(_("consented on"))
    document = models.ForeignKey(
        "documents.Document", verbose_name=_("signed consent"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["dissolution", "organisation"]
        verbose_name = _("dissolution consent")
        verbose_name_plural = _("dissolution consents")
        constraints = [
            models.UniqueConstraint(fields=["dissolution", "organisation"], name="consent_once_per_member"),
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id} {self.consented_on}"


class InspectionOutcome(models.TextChoices):
    IN_ORDER = "in_order", _("Money used in order")
    MISUSED = "misused", _("Unlawful application or use of funds")


class FundInspection(models.Model):
    """An inspection of how an alliance ran and used the bureau's money (Jiangning 第十三条 “区科技局、区财政局
    可根据工作需要对联盟运行及资金使用情况进行检查”): when, by whom, what was found, the outcome and the papers.
    Misuse is recorded as the finding the packs read (``FindingKind.FUNDS_MISUSED``), so the text's consequence
    follows from the pack, not from here."""

    alliance = models.ForeignKey(
        "register.Alliance", verbose_name=_("alliance"), on_delete=models.PROTECT, related_name="fund_inspections"
    )
    pack_id = models.CharField(_("policy pack"), max_length=60)
    article = models.CharField(_("article"), max_length=60)
    inspected_on = models.DateField(_("inspected on"))
    inspectors = models.TextField(_("inspected by"))
    findings = models.TextField(_("findings"))
    outcome = models.CharField(_("outcome"), max_length=12, choices=InspectionOutcome.choices)
    documents = models.ManyToManyField("documents.Document", verbose_name=_("documents"), blank=True,
                                       related_name="+")
    finding = models.ForeignKey(Finding, verbose_name=_("finding"), null=True, blank=True,
                                on_delete=models.PROTECT, related_name="inspections")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        ordering = ["alliance", "-inspected_on", "-id"]
        verbose_name = _("fund-use inspection")
        verbose_name_plural = _("fund-use inspections")

    def __str__(self) -> str:
        return f"{self.alliance_id} {self.inspected_on:%Y-%m-%d} {self.outcome}"
