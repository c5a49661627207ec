"""Documents. An alliance's documents are read within its internal scope, except that review is
confidential: the applicant (lead unit) never sees a site-visit report nor anything an expert uploaded, and
lead units cannot upload documents of the bureau's kinds (recognition documents, site-visit reports)."""

from __future__ import annotations

from typing import Any, NamedTuple

from django.db.models import Q, QuerySet

from itisa.access import who
from itisa.access.core import query, rule
from itisa.access.scope import in_scope, internal_q
from itisa.documents.models import Document, DocumentKind
from itisa.register.models import Alliance

# Kinds only a bureau (or, for a site-visit report, an assigned expert) files.
BUREAU_KINDS = frozenset({DocumentKind.RECOGNITION, DocumentKind.SITE_VISIT_REPORT, DocumentKind.INSPECTION_REPORT})
CONFIDENTIAL_KINDS = frozenset({DocumentKind.SITE_VISIT_REPORT})


class Upload(NamedTuple):
    alliance: Alliance | None
    kind: str


def confidential_q() -> Q:
    """Review documents: site-visit reports, anything attached to a site visit, anything an expert uploaded."""
    from itisa.reviews.models import ExpertProfile, SiteVisit

    return (
        Q(kind__in=sorted(CONFIDENTIAL_KINDS))
        | Q(pk__in=SiteVisit.objects.filter(document__isnull=False).values("document_id"))
        | Q(uploaded_by__in=ExpertProfile.objects.values("user_id"))
    )


def _sees_confidential(user: Any, alliance: Any) -> bool:
    """Bureau staff, finance, recommenders of the alliance's scope and superusers; never its lead unit."""
    if who.superuser(user):
        return True
    return in_scope(internal_q(user), alliance) and not who.is_lead_of(user, alliance)


@query("documents.view")
def documents(user: Any) -> QuerySet[Document]:
    if who.superuser(user):
        return Document.objects.all()
    if not getattr(user, "is_authenticated", False):
        return Document.objects.none()
    led = sorted(who.led_alliance_ids(user))
    others = Alliance.objects.filter(internal_q(user)).exclude(pk__in=led).values("pk")
    return Document.objects.filter(
        Q(alliance__in=others) | (Q(alliance_id__in=led) & ~confidential_q()) | Q(uploaded_by=user)
    )


def _view(user: Any, doc: Document | None) -> bool:
    if doc is None:
        return False
    if who.superuser(user) or (doc.uploaded_by_id is not None and doc.uploaded_by_id == getattr(user, "pk", None)):
        return True
    if doc.alliance is None:  # a case's material filed before it was tied to the alliance
        from itisa.access.workflow import cases as visible_cases

        return visible_cases(user).filter(materials__document=doc).exists()
    if _sees_confidential(user, doc.alliance):
        return True
    return who.is_lead_of(user, doc.alliance) and not Document.objects.filter(confidential_q(), pk=doc.pk).exists()


def _upload(user: Any, target: Upload | None) -> bool:
    if target is None:
        return False
    alliance, kind = target
    if who.superuser(user):
        return True
    if alliance is None:  # an organisation's own document (licence): leads and bureau staff
        return kind not in BUREAU_KINDS and who.has_role(user, "lead_unit", "bureau_staff")
    from itisa.access.scope import bureau_covers

    if bureau_covers(user, alliance):
        return True
    if who.is_lead_of(user, alliance):
        return kind not in BUREAU_KINDS
    if kind == DocumentKind.SITE_VISIT_REPORT:
        from itisa.access.workflow import case_roles
        from itisa.workflow.models import Case

        return any("expert" in case_roles(user, c) for c in Case.objects.filter(alliance=alliance, closed=False))
    return False


rule("documents.view", _view)
rule("documents.upload", _upload)
rule("documents.view_confidential", lambda user, alliance: alliance is not None and _sees_confidential(user, alliance))
