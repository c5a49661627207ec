"""Publishing a case's notice (by the workflow hook), receiving objections from the public and
resolving them. Every service: keyword-only, an explicit actor, one transaction, the row locked,
an audit event, side effects on commit.

Reading of Kunming 第十一条 (“公示期满无异议的 … 正式发文、授牌”): an objection never moves the case
by itself. It is recorded and must be resolved by the bureau; a dismissed objection does not stop
recognition, an upheld one does. With an upheld objection the bureau either rejects (``reject``,
guard ``objection_upheld``) or sends the case back to formal review (``object``); the hook below
refuses ``object`` without an upheld objection taken by the bureau, so that no member of the public
can pull a case out of its notice through the workflow directly.
"""

from __future__ import annotations

import logging
import re
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from itisa.access import requires
from itisa.access.workflow import case_roles
from itisa.accounts.models import Role, RoleAssignment
from itisa.audit.services import audit_record, snapshot
from itisa.core.params import is_blank
from itisa.notices.models import NoticeStatus, Objection, ObjectionStatus, PublicNotice
from itisa.notices.periods import notice_period
from itisa.workflow.models import Case, CaseTransition
from itisa.workflow.services import TransitionRefused
from policy.api import get_pack

log = logging.getLogger(__name__)

OBJECTION_MIN_CHARS = 10
OBJECTION_MAX_CHARS = 5000
_PHONE = re.compile(r"^\+?[0-9][0-9\- ]{6,19}$")


def _rate_limit() -> tuple[int, int]:
    """(objections, minutes): how many objections one address or one contact may file in that window."""
    return getattr(settings, "OBJECTION_RATE_LIMIT", (5, 60))


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


def current_notice(case: Case, *, lock: bool = False) -> PublicNotice | None:
    """The case's published notice (at most one), or None."""
    qs = PublicNotice.objects.filter(case=case, status=NoticeStatus.PUBLISHED)
    if lock:
        qs = qs.select_for_update()
    return qs.first()


# ---------------------------------------------------------------- the workflow hook


def notice_after_transition(case: Case, transition: CaseTransition, actor: Any) -> None:
    """Runs inside ``case_act``'s transaction after every move."""
    if case.procedure_id != "recognition" and transition.action != "publish_notice":
        return
    if transition.action == "publish_notice":
        _notice_publish(actor=actor, case=case, on=transition.on)
    elif transition.action == "object" and transition.from_state == "notice":
        _notice_withdraw(actor=actor, case=case, transition=transition)
    elif case.closed:
        notice = current_notice(case, lock=True)
        if notice is not None:
            notice.status = NoticeStatus.CONCLUDED
            notice.closed_at = timezone.now()
            notice.save(update_fields=["status", "closed_at"])
            audit_record(actor=actor, action="notice.conclude", target=notice,
                         after={"status": notice.status, "case_state": case.state})


def _notice_publish(*, actor: Any, case: Case, on: date) -> PublicNotice:
    period = notice_period(case.pack_id, on, case.procedure_id)
    pack = get_pack(case.pack_id)
    with transaction.atomic():
        if current_notice(case, lock=True) is not None:
            raise TransitionRefused(_("This case already has a public notice running."), code="notice_running")
        # The notice is a public text: written in the site's first language whatever the clerk's is.
        with translation.override(settings.LANGUAGE_CODE):
            title = _("Public notice of the proposed recognition of %(alliance)s") % {"alliance": case.alliance.name}
            text = _(
                "Under %(doc)s %(article)s, %(bureau)s proposes to recognise %(alliance)s (lead unit: %(lead)s). "
                "The notice runs from %(start)s to %(end)s inclusive. Anyone who objects may file an objection "
                "with their contact details within this period."
            ) % {"doc": pack.doc, "article": period.article, "bureau": case.jurisdiction.name,
                 "alliance": case.alliance.name, "lead": case.alliance.lead.name,
                 "start": period.published_on.isoformat(), "end": period.ends_on.isoformat()}
        notice = PublicNotice.objects.create(
            case=case, pack_id=case.pack_id, article=period.article, published_on=on, ends_on=period.ends_on,
            period_length=period.length, period_unit=period.unit, title=title[:300], text=text,
            published_by=_user(actor))
        audit_record(actor=actor, action="notice.publish", target=notice, after=snapshot(notice))
    return notice


def _notice_withdraw(*, actor: Any, case: Case, transition: CaseTransition) -> None:
    notice = current_notice(case, lock=True)
    if "bureau" not in case_roles(actor, case):
        raise PermissionDenied(_("Only the bureau sends a case back to review on an objection; "
                                 "the public files objections on the notice."))
    if notice is None or not notice.objections.filter(status=ObjectionStatus.UPHELD).exists():
        raise TransitionRefused(_("A case goes back to review on an objection only once the bureau has upheld it."),
                                code="no_upheld_objection")
    notice.status = NoticeStatus.WITHDRAWN
    notice.closed_at = timezone.now()
    notice.save(update_fields=["status", "closed_at"])
    audit_record(actor=actor, action="notice.withdraw", target=notice, after={"status": notice.status},
                 reason=transition.reason)


# ---------------------------------------------------------------- objections


def _clean_objection(name: str, contact: str, text: str, anonymous: bool) -> tuple[str, str, str]:
    name, contact, text = name.strip(), contact.strip(), text.strip()
    errors: dict[str, ValidationError] = {}
    if not name and not anonymous:
        errors["name"] = ValidationError(_("Give your name, or choose to object anonymously."), code="name_required")
    if len(name) > 100:
        errors["name"] = ValidationError(_("The name is too long (at most %(max)s characters)."), code="name_long",
                                         params={"max": 100})
    try:
        validate_email(contact)
    except ValidationError:
        if not _PHONE.match(contact):
            errors["contact"] = ValidationError(
                _("Give an e-mail address or a telephone number so that the bureau can reach you."),
                code="contact_invalid")
    if len(text) < OBJECTION_MIN_CHARS:
        errors["text"] = ValidationError(_("Say what you object to and why (at least %(min)s characters)."),
                                         code="text_short", params={"min": OBJECTION_MIN_CHARS})
    elif len(text) > OBJECTION_MAX_CHARS:
        errors["text"] = ValidationError(_("The objection is too long (at most %(max)s characters)."),
                                         code="text_long", params={"max": OBJECTION_MAX_CHARS})
    if errors:
        raise ValidationError(errors)
    return name, contact, text


@requires("notices.object", "notice")
def objection_submit(*, actor: Any, notice: PublicNotice, name: str, contact: str, text: str,
                     anonymous: bool = False, source_ip: str | None = None,
                     at: datetime | None = None) -> Objection:
    """File an objection from the public while the notice is open (its last day included)."""
    name, contact, text = _clean_objection(name, contact, text, anonymous)
    at = at or timezone.now()
    day = timezone.localdate(at)
    with transaction.atomic():
        locked = PublicNotice.objects.select_for_update(of=("self",)).select_related("case").get(pk=notice.pk)
        if locked.status != NoticeStatus.PUBLISHED:
            raise ValidationError(_("This notice is closed; objections are no longer accepted."),
                                  code="notice_closed")
        if day < locked.published_on:
            raise ValidationError(_("This notice is published on %(start)s; objections are accepted from then."),
                                  code="notice_not_started", params={"start": locked.published_on.isoformat()})
        if day > locked.ends_on:
            raise ValidationError(
                _("The notice period ended on %(end)s; objections are no longer accepted."),
                code="notice_ended", params={"end": locked.ends_on.isoformat()})
        limit, minutes = _rate_limit()
        recent = Objection.objects.filter(received_at__gt=at - timedelta(minutes=minutes))
        by_sender = recent.filter(contact__iexact=contact)
        if source_ip:
            by_sender = by_sender | recent.filter(source_ip=source_ip)
        if by_sender.count() >= limit:
            raise ValidationError(_("Too many objections from you in a short time; try again later."),
                                  code="rate_limited")
        if Objection.objects.filter(notice=locked, contact__iexact=contact, text=text).exists():
            raise ValidationError(_("This objection has already been received."), code="duplicate")
        objection = Objection.objects.create(notice=locked, name=name, contact=contact, text=text,
                                             anonymous=anonymous, received_at=at, source_ip=source_ip or None,
                                             submitted_by=_user(actor))
        # The trail keeps that an objection came, not who filed it: the name stays with the bureau.
        audit_record(actor=actor, action="objection.submit", target=objection,
                     after={"notice": locked.pk, "case": locked.case_id, "anonymous": anonymous,
                            "received_at": at})
        transaction.on_commit(lambda: _notify_staff(objection.pk))
    return objection


@requires("notices.resolve", lambda kw: kw["objection"].notice.case)
def objection_resolve(*, actor: Any, objection: Objection, outcome: str, reason: str,
                      on: date | None = None) -> Objection:
    """The bureau upholds or dismisses an objection, with its reason, on *on* (default today): from that day
    the objection no longer holds the recognition back (Kunming 第十一条)."""
    if outcome not in (ObjectionStatus.UPHELD, ObjectionStatus.DISMISSED):
        raise ValidationError({"outcome": ValidationError(_("Choose to uphold or to dismiss the objection."),
                                                          code="invalid_outcome")})
    if is_blank(reason):
        raise ValidationError({"reason": ValidationError(_("Give the reason for the resolution."),
                                                         code="reason_required")})
    with transaction.atomic():
        locked = Objection.objects.select_for_update(of=("self",)).select_related("notice__case__alliance").get(pk=objection.pk)
        if "bureau" not in case_roles(actor, locked.notice.case):
            raise PermissionDenied(_("Only the bureau deciding the case resolves its objections."))
        if locked.status != ObjectionStatus.PENDING:
            raise ValidationError(_("This objection was already resolved (%(status)s)."), code="already_resolved",
                                  params={"status": locked.get_status_display()})
        locked.status = outcome
        locked.resolution_reason = reason.strip()
        locked.resolved_by = _user(actor)
        locked.resolved_at = timezone.now()
        locked.resolved_on = on or timezone.localdate()
        locked.save(update_fields=["status", "resolution_reason", "resolved_by", "resolved_at", "resolved_on"])
        audit_record(actor=actor, action=f"objection.{outcome}", target=locked, before={"status": "pending"},
                     after={"status": outcome, "notice": locked.notice_id}, reason=locked.resolution_reason)
    return locked


def _notify_staff(objection_id: int) -> None:
    """Tell the deciding bureau's staff that an objection arrived (after commit; a mail failure
    never undoes the objection)."""
    objection = Objection.objects.select_related("notice__case").get(pk=objection_id)
    case = objection.notice.case
    emails = sorted({a.user.email for a in RoleAssignment.objects.filter(
        role=Role.BUREAU_STAFF, jurisdiction_id=case.jurisdiction_id, active=True).select_related("user")
        if a.user.email and a.user.is_active})
    if not emails:
        return
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Objection received: %(title)s") % {"title": objection.notice.title}
        body = _("An objection was filed on %(day)s against the notice “%(title)s”. It must be resolved before "
                 "the case can be decided.") % {"day": timezone.localdate(objection.received_at).isoformat(),
                                                 "title": objection.notice.title}
    try:
        send_mail(subject[:200], body, None, emails)
    except Exception:  # a mail server down must not turn a recorded objection into an error page
        log.exception("objection %s: notifying the bureau failed", objection_id)
