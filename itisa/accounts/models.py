"""People and what they may act as.

A user may hold several role assignments; each names the object that scopes it: a bureau's
jurisdiction, a recommender's jurisdiction or association, a lead unit's alliance, an expert's
own organisation (read by conflict-of-interest checks). The anonymous public has no assignment.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    full_name = models.CharField(_("full name"), max_length=60, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    organisation = models.ForeignKey(
        "register.Organisation",
        verbose_name=_("own organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="people",
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.full_name or self.username


class Role(models.TextChoices):
    BUREAU_STAFF = "bureau_staff", _("Bureau staff")
    RECOMMENDER = "recommender", _("Recommender")
    LEAD_UNIT = "lead_unit", _("Lead-unit office")
    EXPERT = "expert", _("Expert")
    FINANCE = "finance", _("Finance")
    # Grants and revokes the roles of its own jurisdiction (itisa.access.accounts).
    BUREAU_ADMIN = "bureau_admin", _("Bureau administrator")


class RecommenderKind(models.TextChoices):
    COUNTY_BUREAU = "county_bureau", _("County/district S&T bureau")
    CITY_DEPARTMENT = "city_department", _("City department")
    PROVINCIAL_DEPARTMENT = "provincial_department", _("Provincial department")
    ASSOCIATION = "association", _("Industry association")


class RoleAssignment(models.Model):
    user = models.ForeignKey(User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="roles")
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)
    jurisdiction = models.ForeignKey(
        "register.Jurisdiction",
        verbose_name=_("jurisdiction"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="role_assignments",
    )
    alliance = models.ForeignKey(
        "register.Alliance",
        verbose_name=_("alliance"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="role_assignments",
    )
    organisation = models.ForeignKey(
        "register.Organisation",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="role_assignments",
    )
    recommender_kind = models.CharField(
        _("recommender kind"), max_length=24, choices=RecommenderKind.choices, blank=True
    )
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        constraints = [
            models.CheckConstraint(
                name="role_scope_present",
                condition=(
                    (Q(role__in=["bureau_staff", "finance", "bureau_admin"]) & Q(jurisdiction__isnull=False))
                    | (Q(role="lead_unit") & Q(alliance__isnull=False))
                    | (Q(role="expert") & Q(organisation__isnull=False))
                    | (
                        Q(role="recommender")
                        & ~Q(recommender_kind="")
                        & (Q(jurisdiction__isnull=False) | Q(organisation__isnull=False))
                    )
                ),
            ),
        ]

    def __str__(self) -> str:
        scope = self.jurisdiction or self.alliance or self.organisation
        return f"{self.user} · {self.get_role_display()} · {scope}"
