"""Expert review: the pool of experts, their assignment to cases, their score sheets and site visits.

Nothing here decides: conflicts, aggregation and the guards live in ``conflicts``, ``aggregation``,
``selectors`` and ``guards``; only ``services`` writes. A submitted sheet is frozen (no service edits it).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class ReviewRound(models.TextChoices):
    REVIEW = "review", _("Expert review")
    ACCEPTANCE = "acceptance", _("Acceptance assessment")


class ExpertProfile(models.Model):
    """An expert of the pool: a user, the organisation they work for (read by conflict checks),
    their fields of expertise (a jurisdiction's industry fields, or free tags) and whether they
    are available for assignment."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.PROTECT,
                                related_name="expert_profile")
    organisation = models.ForeignKey("register.Organisation", verbose_name=_("own organisation"),
                                     on_delete=models.PROTECT, related_name="expert_profiles")
    fields = models.ManyToManyField("register.IndustryField", verbose_name=_("fields of expertise"), blank=True,
                                    related_name="experts")
    tags = models.JSONField(_("other expertise (tags)"), default=list, blank=True)
    title = models.CharField(_("professional title"), max_length=100, blank=True)
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["user__username"]
        verbose_name = _("expert")
        verbose_name_plural = _("expert pool")

    def __str__(self) -> str:
        return str(self.user)


class ExpertAssignment(models.Model):
    """An expert assigned to one case for one round. Withdrawn assignments are kept (``active`` off)
    so the record shows who was assigned and why they left."""

    case = models.ForeignKey("workflow.Case", verbose_name=_("case"), on_delete=models.CASCADE,
                             related_name="expert_assignments")
    expert = models.ForeignKey(ExpertProfile, verbose_name=_("expert"), on_delete=models.PROTECT,
                               related_name="assignments")
    round = models.CharField(_("round"), max_length=12, choices=ReviewRound.choices, default=ReviewRound.REVIEW)
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("assigned by"), null=True,
                                    on_delete=models.SET_NULL, related_name="+")
    assigned_on = models.DateField(_("assigned on"))
    assigned_at = models.DateTimeField(_("assigned at"), auto_now_add=True)
    conflict_check = models.JSONField(_("conflict check"), default=dict, blank=True)
    active = models.BooleanField(_("active"), default=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawn_reason = models.TextField(_("reason for withdrawal"), blank=True)

    class Meta:
        ordering = ["case", "round", "assigned_at"]
        verbose_name = _("expert assignment")
        verbose_name_plural = _("expert assignments")
        constraints = [
            models.UniqueConstraint(fields=["case", "expert", "round"], condition=Q(active=True),
                                    name="one_active_assignment_per_expert_case_round"),
        ]

    def __str__(self) -> str:
        return f"{self.expert} → {self.case_id} ({self.round})"


class ScoreSheetMode(models.TextChoices):
    DIMENSIONS = "dimensions", _("Scores by dimension")
    OVERALL = "overall", _("Overall opinion")


class Opinion(models.TextChoices):
    PASS = "pass", _("Pass")
    FAIL = "fail", _("Fail")


class ScoreSheet(models.Model):
    """One expert's submitted sheet for one case, round and submitted version. Frozen on creation:
    ``template`` keeps the sheet as generated from the pack, ``score`` the sheet's own score (the
    mean of its dimensions, or the overall score)."""

    case = models.ForeignKey("workflow.Case", verbose_name=_("case"), on_delete=models.CASCADE,
                             related_name="score_sheets")
    assignment = models.ForeignKey(ExpertAssignment, verbose_name=_("assignment"), on_delete=models.PROTECT,
                                   related_name="sheets")
    expert = models.ForeignKey(ExpertProfile, verbose_name=_("expert"), on_delete=models.PROTECT,
                               related_name="sheets")
    round = models.CharField(_("round"), max_length=12, choices=ReviewRound.choices, default=ReviewRound.REVIEW)
    submission = models.ForeignKey("workflow.Submission", verbose_name=_("version judged"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="score_sheets")
    mode = models.CharField(_("kind of sheet"), max_length=12, choices=ScoreSheetMode.choices)
    template = models.JSONField(_("sheet as generated"))
    pack_id = models.CharField(_("policy pack"), max_length=60)
    pack_digest = models.CharField(_("pack digest"), max_length=80)
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=2)
    opinion = models.CharField(_("opinion"), max_length=4, choices=Opinion.choices, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), auto_now_add=True)
    submitted_on = models.DateField(_("submitted on"))

    class Meta:
        ordering = ["case", "round", "submitted_at"]
        verbose_name = _("score sheet")
        verbose_name_plural = _("score sheets")
        constraints = [
            # Without a version (none submitted) the database treats NULLs as distinct, so the service
            # also checks under the case lock; with one, the database holds the line on its own.
            models.UniqueConstraint(fields=["case", "expert", "round", "submission"],
                                    name="one_sheet_per_expert_case_round_version"),
            models.CheckConstraint(condition=Q(score__gte=0) & Q(score__lte=100), name="sheet_score_0_100"),
        ]

    def __str__(self) -> str:
        return f"{self.expert} · {self.case_id} · {self.round} · {self.score}"


class DimensionScore(models.Model):
    sheet = models.ForeignKey(ScoreSheet, verbose_name=_("score sheet"), on_delete=models.CASCADE,
                              related_name="dimension_scores")
    dimension_id = models.CharField(_("dimension"), max_length=40)
    article = models.CharField(_("article"), max_length=40, blank=True)
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=2)

    class Meta:
        ordering = ["sheet", "id"]
        verbose_name = _("dimension score")
        verbose_name_plural = _("dimension scores")
        constraints = [
            models.UniqueConstraint(fields=["sheet", "dimension_id"], name="dimension_once_per_sheet"),
            models.CheckConstraint(condition=Q(score__gte=0) & Q(score__lte=100), name="dimension_score_0_100"),
        ]

    def __str__(self) -> str:
        return f"{self.dimension_id}: {self.score}"


class QuestionAnswer(models.Model):
    """The expert's answer to one expert-judged condition of the pack, asked as a question."""

    sheet = models.ForeignKey(ScoreSheet, verbose_name=_("score sheet"), on_delete=models.CASCADE,
                              related_name="answers")
    condition_id = models.CharField(_("condition"), max_length=60)
    article = models.CharField(_("article"), max_length=40, blank=True)
    answer = models.BooleanField(_("answer (yes)"))
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        ordering = ["sheet", "id"]
        verbose_name = _("answer to an expert question")
        verbose_name_plural = _("answers to expert questions")
        constraints = [models.UniqueConstraint(fields=["sheet", "condition_id"], name="answer_once_per_sheet")]

    def __str__(self) -> str:
        return f"{self.condition_id}: {'yes' if self.answer else 'no'}"


class SiteVisit(models.Model):
    """A visit to the alliance's site (Jiangning 第九条 “根据需要开展实地走访”)."""

    case = models.ForeignKey("workflow.Case", verbose_name=_("case"), on_delete=models.CASCADE,
                             related_name="site_visits")
    visited_on = models.DateField(_("visited on"))
    visitors = models.TextField(_("visitors"))
    findings = models.TextField(_("findings"))
    result = models.CharField(_("result"), max_length=4, choices=Opinion.choices)
    document = models.ForeignKey("documents.Document", verbose_name=_("report"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True,
                                    on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        ordering = ["case", "visited_on", "id"]
        verbose_name = _("site visit")
        verbose_name_plural = _("site visits")

    def __str__(self) -> str:
        return f"{self.case_id} {self.visited_on:%Y-%m-%d} {self.result}"
