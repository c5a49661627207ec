"""The register: regions, jurisdictions, organisations, alliances, members, levels, achievements.

These are the facts every policy rule reads (REQUIREMENTS §2). Models hold data and invariants
that the database can enforce; every write goes through ``services.py``.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class RegionLevel(models.TextChoices):
    PROVINCE = "province", _("Province")
    PREFECTURE = "prefecture", _("Prefecture")
    COUNTY = "county", _("County")


class Region(models.Model):
    """A GB/T 2260 administrative division, current or retired.

    ``path`` is the materialised chain of ancestor codes ("410000/410300/410322"), so that
    "registered in Luoyang" is one indexed ancestry question. A retired code keeps its parent
    and names its successor: a credit code issued under it stays valid.
    """

    code = models.CharField(_("code"), max_length=6, primary_key=True)
    name = models.CharField(_("name"), max_length=64)
    level = models.CharField(_("level"), max_length=16, choices=RegionLevel.choices)
    parent = models.ForeignKey(
        "self", verbose_name=_("parent"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    path = models.CharField(_("ancestry path"), max_length=64, db_index=True)
    valid_from = models.CharField(_("valid from"), max_length=10, blank=True)
    valid_to = models.CharField(_("valid to"), max_length=10, blank=True)
    successor = models.ForeignKey(
        "self", verbose_name=_("successor"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    current_path = models.CharField(
        _("ancestry path of the code in force"), max_length=64, db_index=True, default="",
        help_text=_("The path of the code this one leads to through its successors (its own path when in force)."),
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self) -> str:
        suffix = _(" (retired)") if self.valid_to else ""
        return f"{self.code} {self.name}{suffix}"

    @property
    def is_retired(self) -> bool:
        return bool(self.valid_to)

    def ancestor_codes(self) -> list[str]:
        """Codes from the province down to this region, itself included."""
        return self.path.split("/")

    def current_ancestor_codes(self) -> list[str]:
        """Ancestry of the code in force that this one leads to: a retired code inside an old credit
        code answers "is this in our region" as its successor does (410322 → 410308 in 洛阳)."""
        return (self.current_path or self.path).split("/")

    def is_within(self, other: Region | str) -> bool:
        code = other if isinstance(other, str) else other.code
        return code == self.code or code in self.current_ancestor_codes()


class JurisdictionLevel(models.TextChoices):
    NATIONAL = "national", _("National")
    PROVINCIAL = "provincial", _("Provincial")
    MUNICIPAL = "municipal", _("Municipal")
    DISTRICT = "district", _("District/county")


class Jurisdiction(models.Model):
    """A science and technology bureau (科技局/科技厅) and the region it governs."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("bureau name"), max_length=100)
    region = models.ForeignKey(
        Region, verbose_name=_("region"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    level = models.CharField(_("level"), max_length=16, choices=JurisdictionLevel.choices)
    parent = models.ForeignKey(
        "self", verbose_name=_("parent jurisdiction"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="children",
    )
    policy_pack = models.CharField(
        _("policy pack family"), max_length=60, blank=True,
        help_text=_("Region-code pack folder, e.g. 410300-luoyang; empty when the bureau has no regulation here."),
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("jurisdiction")
        verbose_name_plural = _("jurisdictions")

    def __str__(self) -> str:
        return self.name


class IndustryField(models.Model):
    """An entry of a jurisdiction's industry catalogue (Luoyang "565", Kunming "188" …)."""

    jurisdiction = models.ForeignKey(
        Jurisdiction, verbose_name=_("jurisdiction"), on_delete=models.CASCADE, related_name="industry_fields"
    )
    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=100)
    article = models.CharField(_("article"), max_length=60, blank=True)
    named_in_text = models.BooleanField(
        _("named in the regulation"), default=True,
        help_text=_("False for entries the bureau maintains because the text only names the catalogue."),
    )
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["jurisdiction", "code"]
        constraints = [models.UniqueConstraint(fields=["jurisdiction", "code"], name="industry_field_unique_code")]
        verbose_name = _("industry field")
        verbose_name_plural = _("industry fields")

    def __str__(self) -> str:
        return self.name


class OrganisationKind(models.TextChoices):
    ENTERPRISE = "enterprise", _("Enterprise")
    UNIVERSITY = "university", _("University")
    RESEARCH_INSTITUTE = "research_institute", _("Research institute")
    VOCATIONAL_COLLEGE = "vocational_college", _("Vocational college")
    INTERMEDIARY = "intermediary", _("Intermediary")
    NEW_RND_INSTITUTION = "new_rnd_institution", _("New-type R&D institution")
    MEDICAL_INSTITUTION = "medical_institution", _("Medical institution")
    ASSOCIATION = "association", _("Association")
    BANK = "bank", _("Bank")
    INVESTOR = "investor", _("Investor")
    OTHER = "other", _("Other")


class ChainPosition(models.TextChoices):
    UP = "up", _("Upstream")
    MID = "mid", _("Midstream")
    DOWN = "down", _("Downstream")


class Organisation(models.Model):
    """An organisation as it is registered: with a 统一社会信用代码 when it has one (every Chinese
    legal entity since 2015), otherwise with another identifier and the country that issued it
    (foreign universities and companies, a few legacy units). Former names are kept with dates
    (``OrganisationName``) so that documents keep the name of their day."""

    name = models.CharField(_("name"), max_length=200, db_index=True)
    credit_code = models.CharField(_("unified social credit code"), max_length=18, blank=True)
    other_id = models.CharField(
        _("other identifier"), max_length=64, blank=True,
        help_text=_("For an organisation without a unified social credit code: its registration number."),
    )
    other_id_scheme = models.CharField(
        _("kind of identifier"), max_length=60, blank=True,
        help_text=_("What the number is, e.g. company registration number, DUNS, old organisation code."),
    )
    id_country = models.CharField(
        _("issuing country"), max_length=2, blank=True, help_text=_("ISO 3166-1 alpha-2 code of the issuing country.")
    )
    kind = models.CharField(_("kind"), max_length=24, choices=OrganisationKind.choices)
    region = models.ForeignKey(
        Region, verbose_name=_("registered region"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="organisations", help_text=_("Empty for an organisation registered outside China."),
    )
    legal_person = models.BooleanField(_("independent legal person"), default=True)
    chain_position = models.CharField(
        _("industry-chain position"), max_length=8, choices=ChainPosition.choices, blank=True
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [
            models.UniqueConstraint(fields=["credit_code"], condition=~Q(credit_code=""),
                                    name="organisation_unique_credit_code"),
            models.UniqueConstraint(fields=["id_country", "other_id"], condition=~Q(other_id=""),
                                    name="organisation_unique_other_id"),
            models.CheckConstraint(
                condition=~Q(credit_code="") | (~Q(other_id="") & ~Q(id_country="")),
                name="organisation_identified",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_foreign(self) -> bool:
        return not self.credit_code and self.id_country not in ("", "CN")

    @property
    def identifier(self) -> str:
        """The identifier as people read it: the credit code, or country, kind and number."""
        if self.credit_code:
            return self.credit_code
        from itisa.register.countries import country_name

        scheme = f"{self.other_id_scheme} " if self.other_id_scheme else ""
        return f"{country_name(self.id_country)} {scheme}{self.other_id}"

    def name_on(self, day: date) -> str:
        """The name the organisation bore on *day* (a former name is borne until the day before ``used_until``)."""
        for former in sorted(self.former_names.all(), key=lambda f: f.used_until):
            if day < former.used_until:
                return former.name
        return self.name


class OrganisationName(models.Model):
    """A former name (更名 history): borne until the day before ``used_until``."""

    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="former_names"
    )
    name = models.CharField(_("former name"), max_length=200, db_index=True)
    used_until = models.DateField(_("renamed on"), help_text=_("The first day of the next name."))
    document_number = models.CharField(_("document number"), max_length=80, blank=True)

    class Meta:
        ordering = ["organisation", "used_until"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "used_until"], name="organisation_name_once_per_day"),
        ]
        verbose_name = _("former name")
        verbose_name_plural = _("former names")

    def __str__(self) -> str:
        return f"{self.name} (→ {self.used_until:%Y-%m-%d})"


class AllianceKind(models.TextChoices):
    RND = "rd", _("R&D alliance")
    PLATFORM = "platform", _("Platform/service alliance")


class AllianceLevel(models.TextChoices):
    DISTRICT = "district", _("District")
    MUNICIPAL = "municipal", _("Municipal")
    PROVINCIAL = "provincial", _("Provincial")
    NATIONAL = "national", _("National")


class AllianceStatus(models.TextChoices):
    PREPARING = "preparing", _("Preparing")
    APPLYING = "applying", _("Applying")
    CONSTRUCTING = "constructing", _("Under construction")
    RECOGNISED = "recognised", _("Recognised")
    WARNED = "warned", _("Warned, rectifying")
    SUPPORT_SUSPENDED = "support_suspended", _("Support withdrawn")
    REVOKED = "revoked", _("Revoked")
    DISSOLVED = "dissolved", _("Dissolved")


class Alliance(models.Model):
    """An industrial technology innovation strategic alliance.

    ``lead`` and ``level`` are kept by the services in step with the membership and level
    history: they exist so that lists and filters need no sub-query per row.
    """

    name = models.CharField(_("name"), max_length=200, db_index=True)
    jurisdiction = models.ForeignKey(
        Jurisdiction, verbose_name=_("home jurisdiction"), on_delete=models.PROTECT, related_name="alliances"
    )
    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="alliances"
    )
    industry_field = models.ForeignKey(
        IndustryField, verbose_name=_("industry field"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="alliances",
    )
    kind = models.CharField(_("kind"), max_length=10, choices=AllianceKind.choices, default=AllianceKind.RND)
    founded_on = models.DateField(_("founded on"))
    lead = models.ForeignKey(
        Organisation, verbose_name=_("lead unit"), on_delete=models.PROTECT, related_name="led_alliances"
    )
    level = models.CharField(_("current level"), max_length=12, choices=AllianceLevel.choices, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=AllianceStatus.choices, default=AllianceStatus.PREPARING, db_index=True
    )
    # Organs and staff
    has_office = models.BooleanField(_("alliance office set up"), default=False)
    office_address = models.CharField(_("office address"), max_length=200, blank=True)
    full_time_staff = models.PositiveIntegerField(_("full-time staff"), default=0)
    part_time_staff = models.PositiveIntegerField(
        _("part-time staff"), default=0, help_text=_("Office staff who also hold another post (兼职).")
    )
    has_council = models.BooleanField(_("council / decision organ"), default=False)
    has_expert_committee = models.BooleanField(_("expert committee / consultation organ"), default=False)
    has_executive_body = models.BooleanField(_("executive body"), default=False)
    has_rules_of_procedure = models.BooleanField(_("rules of procedure"), default=False)
    outward_responsible_party = models.ForeignKey(
        Organisation, verbose_name=_("party responsible outward"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )
    # Agreement
    agreement_signed_on = models.DateField(_("agreement signed on"), null=True, blank=True)
    agreement_signed_by_all = models.BooleanField(
        _("agreement signed by all members' legal representatives"), default=False
    )
    has_charter = models.BooleanField(_("charter adopted"), default=False)
    # Plans and mechanisms
    has_short_term_plan = models.BooleanField(_("short-term plan"), default=False)
    has_mid_term_plan = models.BooleanField(_("mid-term plan"), default=False)
    has_long_term_plan = models.BooleanField(_("long-term plan"), default=False)
    has_innovation_system_plan = models.BooleanField(_("innovation-system plan"), default=False)
    has_ip_rules = models.BooleanField(_("rules on the ownership of results and IP"), default=False)
    has_benefit_sharing_rules = models.BooleanField(_("benefit-sharing rules"), default=False)
    has_fund_rules = models.BooleanField(_("fund-management rules"), default=False)
    has_funding_mechanism = models.BooleanField(_("funding mechanism"), default=False)
    has_open_membership = models.BooleanField(_("open membership and diffusion mechanism"), default=False)
    has_rd_team = models.BooleanField(_("members have a stable R&D team"), default=False)
    # Independent legal entity (Luoyang 第十二条, Jiangning 第十条5, Kunming 第十二条)
    legal_entity_registered = models.BooleanField(_("independent legal entity registered"), default=False)
    legal_entity_credit_code = models.CharField(_("legal entity credit code"), max_length=18, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("alliance")
        verbose_name_plural = _("alliances")
        indexes = [models.Index(fields=["jurisdiction", "status"]), models.Index(fields=["level"])]

    def __str__(self) -> str:
        return self.name


class LevelRecord(models.Model):
    """One step of an alliance's level history: which bureau recognised it at which level, from when, and until
    when (a revocation or dissolution ends it). A level that lapsed may be recognised again: a new row."""

    alliance = models.ForeignKey(
        Alliance, verbose_name=_("alliance"), on_delete=models.CASCADE, related_name="level_history"
    )
    level = models.CharField(_("level"), max_length=12, choices=AllianceLevel.choices)
    from_date = models.DateField(_("from"))
    jurisdiction = models.ForeignKey(
        Jurisdiction, verbose_name=_("recognising jurisdiction"), on_delete=models.PROTECT, related_name="+"
    )
    document_number = models.CharField(_("document number"), max_length=80, blank=True)
    until = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        ordering = ["alliance", "from_date"]
        constraints = [
            models.UniqueConstraint(fields=["alliance", "level", "from_date"], name="level_once_per_alliance_day"),
            models.CheckConstraint(condition=models.Q(until__isnull=True) | models.Q(until__gt=models.F("from_date")),
                                   name="level_until_after_from"),
        ]
        verbose_name = _("level record")
        verbose_name_plural = _("level history")

    def __str__(self) -> str:
        return f"{self.get_level_display()} {self.from_date:%Y-%m-%d}"


class MemberRole(models.TextChoices):
    LEAD = "lead", _("Lead unit")
    CORE = "core", _("Core member")
    MEMBER = "member", _("Member")


class Membership(models.Model):
    """One period of one organisation's membership. Periods are [joined_on, left_on): the
    organisation is no longer a member on ``left_on``. A change of role closes one period and
    opens the next, so history is never overwritten."""

    alliance = models.ForeignKey(
        Alliance, verbose_name=_("alliance"), on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=8, choices=MemberRole.choices, default=MemberRole.MEMBER)
    joined_on = models.DateField(_("joined on"))
    left_on = models.DateField(_("left on"), null=True, blank=True)
    signed_agreement = models.BooleanField(
        _("signed the alliance agreement"), default=False,
        help_text=_("The member's legal representative signed the alliance agreement."),
    )

    class Meta:
        ordering = ["alliance", "joined_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(left_on__isnull=True) | Q(left_on__gt=models.F("joined_on")),
                name="membership_left_after_joined",
            ),
        ]
        indexes = [models.Index(fields=["alliance", "organisation"])]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")

    def __str__(self) -> str:
        return f"{self.organisation_id}@{self.alliance_id} {self.role}"

    def is_active_on(self, day: date) -> bool:
        return self.joined_on <= day and (self.left_on is None or day < self.left_on)


class AchievementKind(models.TextChoices):
    IP = "ip", _("Intellectual property right")
    STANDARD = "standard", _("Standard")
    RESULT = "result", _("S&T result")
    INDUSTRIALISATION = "industrialisation_project", _("Industrialisation project")


class StandardLevel(models.TextChoices):
    INTERNATIONAL = "international", _("International")
    NATIONAL = "national", _("National")
    INDUSTRY = "industry", _("Industry")
    LOCAL = "local", pgettext_lazy("standard level", "Local")
    GROUP = "group", _("Group")


class Achievement(models.Model):
    alliance = models.ForeignKey(
        Alliance, verbose_name=_("alliance"), on_delete=models.CASCADE, related_name="achievements"
    )
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="achievements",
    )
    kind = models.CharField(_("kind"), max_length=28, choices=AchievementKind.choices)
    title = models.CharField(_("title"), max_length=200)
    reference = models.CharField(_("reference number"), max_length=80, blank=True)
    standard_level = models.CharField(
        _("standard level"), max_length=16, choices=StandardLevel.choices, blank=True
    )
    achieved_on = models.DateField(_("date"))

    class Meta:
        ordering = ["alliance", "-achieved_on"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="standard") | ~Q(standard_level=""), name="standard_needs_level"
            ),
        ]
        verbose_name = _("achievement")
        verbose_name_plural = _("achievements")

    def __str__(self) -> str:
        return self.title


class ImportBatch(models.Model):
    """One workbook imported by staff (organisations, or the existing register): the audit event of the
    import points here and lists what it created, so a bulk write has one trail entry, not thousands."""

    kind = models.CharField(_("kind"), max_length=20)
    file_name = models.CharField(_("file name"), max_length=200)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    rows = models.PositiveIntegerField(_("rows"))
    created = models.PositiveIntegerField(_("records created"))
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("imported by"), null=True,
                                    on_delete=models.SET_NULL, related_name="+")
    imported_at = models.DateTimeField(_("imported at"), auto_now_add=True)

    class Meta:
        ordering = ["-imported_at"]
        verbose_name = _("import")
        verbose_name_plural = _("imports")

    def __str__(self) -> str:
        return f"{self.kind} {self.file_name} ({self.created})"
