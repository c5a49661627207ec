"""Support money (REQUIREMENTS §6): funds and their yearly budgets, grant proposals computed by the policy
engine, staff decisions on them, and the ledger of what was committed, paid, recovered and offset.

Amounts are ``Decimal`` in 万元 (10,000 CNY), four places (one yuan). Models hold data and the invariants
the database can enforce; every write goes through ``services.py``.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Fund(models.Model):
    """A fund a bureau pays support money from, e.g. 洛阳市应用技术研究与开发资金 (洛政办〔2018〕54号 第二十一条)."""

    jurisdiction = models.ForeignKey(
        "register.Jurisdiction", verbose_name=_("jurisdiction"), on_delete=models.PROTECT, related_name="funds"
    )
    name = models.CharField(_("name"), max_length=120)
    article = models.CharField(
        _("article naming it"), max_length=80, blank=True,
        help_text=_("Empty when the text names no fund and the bureau chose this one."),
    )
    is_default = models.BooleanField(
        _("default fund of the jurisdiction"), default=False,
        help_text=_("Pays the rules of a text that names no fund."),
    )
    district_share = models.DecimalField(
        _("district finance share (bureau-set)"), max_digits=5, decimal_places=4, null=True, blank=True,
        help_text=_("Where a text splits the cost between finances without giving a ratio (Jiangning 第十条3), "
                    "the share the bureau set, e.g. 0.5. Empty: not set."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["jurisdiction", "name"]
        constraints = [
            models.UniqueConstraint(fields=["jurisdiction", "name"], name="fund_unique_name"),
            models.UniqueConstraint(fields=["jurisdiction"], condition=Q(is_default=True),
                                    name="fund_one_default_per_jurisdiction"),
            models.CheckConstraint(
                condition=Q(district_share__isnull=True) | (Q(district_share__gte=0) & Q(district_share__lte=1)),
                name="fund_district_share_fraction",
            ),
        ]
        verbose_name = _("fund")
        verbose_name_plural = _("funds")

    def __str__(self) -> str:
        return self.name


class Budget(models.Model):
    """A fund's budget for one fiscal year (万元)."""

    fund = models.ForeignKey(Fund, verbose_name=_("fund"), on_delete=models.PROTECT, related_name="budgets")
    year = models.PositiveIntegerField(_("fiscal year"))
    amount = models.DecimalField(_("amount (万元)"), max_digits=14, decimal_places=4)
    allow_overcommit = models.BooleanField(
        _("may be overcommitted"), default=False,
        help_text=_("When set, commitments may exceed the budget and what is left goes negative."),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["fund", "year"]
        constraints = [
            models.UniqueConstraint(fields=["fund", "year"], name="budget_once_per_fund_year"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="budget_amount_not_negative"),
        ]
        verbose_name = _("budget")
        verbose_name_plural = _("budgets")

    def __str__(self) -> str:
        return f"{self.fund} {self.year}"


class ProposalStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


ACTIVE_PROPOSAL = (ProposalStatus.PROPOSED, ProposalStatus.APPROVED)


class GrantProposal(models.Model):
    """One entitlement the engine computed, as a proposal a staff decision approves or rejects.

    The engine's own words are kept: formula, inputs, cap, range, citation, the pack digest and the whole
    result (``result``), so the decision can always be retraced under the text as it was."""

    alliance = models.ForeignKey(
        "register.Alliance", verbose_name=_("alliance"), on_delete=models.PROTECT, related_name="grant_proposals"
    )
    pack_id = models.CharField(_("policy pack"), max_length=60)
    pack_digest = models.CharField(_("pack digest"), max_length=80)
    rule = models.CharField(_("rule"), max_length=60)
    mechanism = models.CharField(_("mechanism"), max_length=40)
    article = models.CharField(_("article"), max_length=40)
    citation = models.CharField(_("citation"), max_length=200)
    matter = models.CharField(_("matter key"), max_length=160, db_index=True)
    on = models.DateField(_("as of"))
    year = models.PositiveIntegerField(_("claim year"), null=True, blank=True)
    asked_year = models.PositiveIntegerField(_("year asked"), null=True, blank=True)
    payee_ref = models.CharField(_("payee (engine id)"), max_length=80, blank=True)
    payee_key = models.CharField(_("payee key"), max_length=80, db_index=True)
    payee_organisation = models.ForeignKey(
        "register.Organisation", verbose_name=_("payee organisation"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="grant_proposals",
    )
    fund = models.ForeignKey(Fund, verbose_name=_("fund"), null=True, blank=True, on_delete=models.PROTECT,
                             related_name="proposals")
    amount = models.DecimalField(_("amount (万元)"), null=True, blank=True, max_digits=14, decimal_places=4,
                                 help_text=_("Empty when the decision picks within the range."))
    range_min = models.DecimalField(_("range minimum"), null=True, blank=True, max_digits=14, decimal_places=4)
    range_max = models.DecimalField(_("range maximum"), null=True, blank=True, max_digits=14, decimal_places=4)
    is_range = models.BooleanField(_("decided within a range"), default=False)
    cap = models.DecimalField(_("cap"), null=True, blank=True, max_digits=14, decimal_places=4)
    cap_applied = models.BooleanField(_("cap applied"), default=False)
    formula = models.TextField(_("formula"))
    inputs = models.JSONField(_("inputs"), default=dict)
    conditions = models.JSONField(_("open conditions"), default=list)
    fiscal_split = models.JSONField(_("fiscal split"), null=True, blank=True)
    explanation = models.TextField(_("explanation"), blank=True)
    claim = models.JSONField(_("claim"), null=True, blank=True)
    evidence = models.JSONField(_("evidence"), default=list)
    asserted_flags = models.JSONField(_("facts asserted by the bureau"), default=list)
    result = models.JSONField(_("engine result"))
    status = models.CharField(_("status"), max_length=12, choices=ProposalStatus.choices,
                              default=ProposalStatus.PROPOSED, db_index=True)
    decided_amount = models.DecimalField(_("decided amount (万元)"), null=True, blank=True, max_digits=14, decimal_places=4)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("decided by"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    decision_reason = models.TextField(_("decision reason"), blank=True)
    lock_version = models.PositiveIntegerField(_("version"), default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("proposed by"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            # Never two live proposals for one matter of one rule to one payee (double submission).
            models.UniqueConstraint(fields=["alliance", "pack_id", "rule", "matter", "payee_key"],
                                    condition=Q(status__in=["proposed", "approved"]),
                                    name="grant_proposal_one_live_per_matter"),
            models.CheckConstraint(condition=Q(amount__isnull=True) | Q(amount__gte=0),
                                   name="grant_proposal_amount_not_negative"),
        ]
        indexes = [models.Index(fields=["alliance", "status"])]
        verbose_name = _("grant proposal")
        verbose_name_plural = _("grant proposals")

    def __str__(self) -> str:
        return f"GP-{self.pk} {self.citation} {self.matter}"

    @property
    def ref(self) -> str:
        return f"GP-{self.pk}"

    @property
    def granted(self) -> Decimal | None:
        """The amount that counts: decided when approved, else the proposed fixed amount."""
        return self.decided_amount if self.status == ProposalStatus.APPROVED else self.amount


class EntryKind(models.TextChoices):
    COMMITMENT = "commitment", _("Commitment")
    PAYMENT = "payment", _("Payment")
    RECOVERY = "recovery", _("Recovery (clawback receivable)")
    OFFSET = "offset", _("Offset against a payment")


class LedgerEntry(models.Model):
    """One line of the ledger. Amounts are positive; the kind says what they do:

    * commitment — an approved grant, charged to the budget of the fund and year;
    * payment — money paid against a commitment (gross, before offsets);
    * recovery — a clawback receivable against the payee, credited back to the budget it was charged to;
    * offset — part of a later payment to the same payee withheld to settle a recovery.
    """

    kind = models.CharField(_("kind"), max_length=12, choices=EntryKind.choices, db_index=True)
    fund = models.ForeignKey(Fund, verbose_name=_("fund"), on_delete=models.PROTECT, related_name="entries")
    budget = models.ForeignKey(Budget, verbose_name=_("budget"), on_delete=models.PROTECT, related_name="entries")
    alliance = models.ForeignKey(
        "register.Alliance", verbose_name=_("alliance"), on_delete=models.PROTECT, related_name="ledger_entries"
    )
    payee_key = models.CharField(_("payee key"), max_length=80, db_index=True)
    payee_organisation = models.ForeignKey(
        "register.Organisation", verbose_name=_("payee organisation"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="ledger_entries",
    )
    pack_id = models.CharField(_("policy pack"), max_length=60)
    rule = models.CharField(_("rule"), max_length=60)
    article = models.CharField(_("article"), max_length=40)
    matter = models.CharField(_("matter key"), max_length=160, db_index=True)
    amount = models.DecimalField(_("amount (万元)"), max_digits=14, decimal_places=4)
    booked_on = models.DateField(_("booked on"))
    proposal = models.ForeignKey(GrantProposal, verbose_name=_("proposal"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="entries")
    related = models.ForeignKey("self", verbose_name=_("related entry"), null=True, blank=True,
                                on_delete=models.PROTECT, related_name="followers",
                                help_text=_("Payment/recovery → its commitment; offset → the recovery it settles."))
    settles = models.ForeignKey("self", verbose_name=_("payment it is withheld from"), null=True, blank=True,
                                on_delete=models.PROTECT, related_name="offsets")
    fiscal_split = models.JSONField(_("fiscal split"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("booked by"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["booked_on", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="ledger_amount_positive"),
            models.CheckConstraint(condition=Q(kind="commitment") | Q(related__isnull=False),
                                   name="ledger_entry_has_related"),
        ]
        indexes = [models.Index(fields=["fund", "kind"]), models.Index(fields=["alliance", "kind"])]
        verbose_name = _("ledger entry")
        verbose_name_plural = _("ledger entries")

    def __str__(self) -> str:
        return f"LE-{self.pk} {self.get_kind_display()} {self.amount} {self.article}"

    @property
    def ref(self) -> str:
        return f"LE-{self.pk}"


class FundingBan(models.Model):
    """No further applications accepted from an alliance (Jiangning 第十三条 不再受理其公共政策支持资金申请)."""

    alliance = models.ForeignKey(
        "register.Alliance", verbose_name=_("alliance"), on_delete=models.PROTECT, related_name="funding_bans"
    )
    jurisdiction = models.ForeignKey(
        "register.Jurisdiction", verbose_name=_("imposed by"), on_delete=models.PROTECT, related_name="+"
    )
    # A member organisation's ban, where the text stops the members' support too (Jiangning 第十二条
    # 取消联盟及其成员单位享受区级扶持政策权利); empty for the alliance's own ban.
    organisation = models.ForeignKey(
        "register.Organisation", verbose_name=_("member"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="funding_bans",
    )
    pack_id = models.CharField(_("policy pack"), max_length=60)
    article = models.CharField(_("article"), max_length=40)
    citation = models.CharField(_("citation"), max_length=200)
    since = models.DateField(_("since"))
    recovery = models.ForeignKey(LedgerEntry, verbose_name=_("recovery"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(_("reason"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-since"]
        verbose_name = _("funding ban")
        verbose_name_plural = _("funding bans")

    def __str__(self) -> str:
        return f"{self.alliance} · {self.citation}"


class ClaimStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    MORE_EVIDENCE = "more_evidence", _("More evidence asked")
    ACCEPTED = "accepted", _("Accepted into a proposal")
    REJECTED = "rejected", _("Rejected")


OPEN_CLAIM = (ClaimStatus.SUBMITTED, ClaimStatus.MORE_EVIDENCE)


class Claim(models.Model):
    """A lead unit's application for claim-based support money (an article that pays on a claim: Luoyang
    第十二—十四条, Jiangning 第十条3/4/6/10, Kunming 第十二条 matching, Weinan 16 after re-review).

    ``event`` is the claim as the engine reads it (facts ``events[]``); the form that fills it is derived from
    the pack's money rule (itisa/funding/claim_forms.py). Staff review it, may ask for more evidence, and
    accept it into grant proposals (``proposals``) or reject it with a reason."""

    alliance = models.ForeignKey(
        "register.Alliance", verbose_name=_("alliance"), on_delete=models.PROTECT, related_name="claims"
    )
    jurisdiction = models.ForeignKey(
        "register.Jurisdiction", verbose_name=_("reviewed by"), on_delete=models.PROTECT, related_name="+",
        help_text=_("The bureau whose fund pays the article."),
    )
    pack_id = models.CharField(_("policy pack"), max_length=60)
    kind = models.CharField(_("claim kind"), max_length=60)
    article = models.CharField(_("article"), max_length=40)
    citation = models.CharField(_("citation"), max_length=200)
    event = models.JSONField(_("claim as the engine reads it"), default=dict)
    documents = models.ManyToManyField("documents.Document", verbose_name=_("evidence"), blank=True,
                                       related_name="claims")
    status = models.CharField(_("status"), max_length=16, choices=ClaimStatus.choices,
                              default=ClaimStatus.SUBMITTED, db_index=True)
    staff_note = models.TextField(_("what the bureau asks"), blank=True)
    lead_note = models.TextField(_("what the lead unit says"), blank=True)
    asserted_flags = models.JSONField(_("facts decided by the bureau"), default=list)
    decision_reason = models.TextField(_("decision reason"), blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("decided by"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    proposals = models.ManyToManyField(GrantProposal, verbose_name=_("grant proposals"), blank=True,
                                       related_name="claims")
    filed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("filed by"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+")
    filed_on = models.DateField(_("filed on"))
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["-filed_on", "-id"]
        indexes = [models.Index(fields=["jurisdiction", "status"])]
        verbose_name = _("claim")
        verbose_name_plural = _("claims")

    def __str__(self) -> str:
        return f"{self.ref} {self.citation}"

    @property
    def ref(self) -> str:
        return f"CL-{self.pk}"


class OutsideFunding(models.Model):
    """Money a matter received under another policy, outside this system, as staff recorded it: the engine
    sees it as an earlier payment from another source, so "no double funding" (Luoyang 第二十一条) holds."""

    alliance = models.ForeignKey(
        "register.Alliance", verbose_name=_("alliance"), on_delete=models.PROTECT, related_name="outside_funding"
    )
    matter = models.CharField(_("matter key"), max_length=160, db_index=True,
                              help_text=_("The same key the claim names, e.g. a project or platform number."))
    source = models.CharField(_("policy that paid it"), max_length=200)
    amount = models.DecimalField(_("amount (万元)"), max_digits=14, decimal_places=4)
    received_on = models.DateField(_("received on"))
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-received_on", "-id"]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="outside_funding_amount_positive")]
        verbose_name = _("funding under another policy")
        verbose_name_plural = _("funding under other policies")

    def __str__(self) -> str:
        return f"OF-{self.pk} {self.source} {self.matter}"

    @property
    def ref(self) -> str:
        return f"OF-{self.pk}"
