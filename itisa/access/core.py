"""The one place that answers "may this person see / do this" (ARCHITECTURE habit 11).

Every action is a named string (``register.view_alliance``, ``workflow.act_case``, ``funding.pay`` …) with one
predicate, kept in a ``rules`` rule set; reads that list rows register a queryset builder under the same name.
Views, selectors, services, templates (the ``can`` filter) and the permission-matrix test all ask here.

Three promises:
- ``can(user, action, obj)`` is a boolean and never raises for an unknown user; an unknown *action* raises
  ``KeyError`` (a typo must not read as "denied" and pass silently);
- ``require(actor, action, obj)`` raises ``AccessDenied`` (a ``PermissionDenied``: 403 in views);
- ``visible_to(user, action)`` is a queryset of exactly the rows ``can`` would allow for that action.

System actors (management commands, demo seeding, the deadline scan) are explicit ``SystemActor`` objects
naming their purpose and the actions they may take; ``None`` is never an actor.
"""

from __future__ import annotations

import contextvars
import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.utils.translation import gettext as _
from rules.predicates import Predicate, predicate
from rules.rulesets import RuleSet

RULES = RuleSet()
QUERIES: dict[str, Callable[[Any], QuerySet[Any]]] = {}
# "itisa.app.services.function" → the action its @requires checks (read by the coverage test).
SERVICE_ACTIONS: dict[str, str] = {}

F = TypeVar("F", bound=Callable[..., Any])


class AccessDenied(PermissionDenied):
    """Refused by the access module: views answer 403 (or 404 where existence itself is private)."""


@dataclass(frozen=True)
class SystemActor:
    """Code acting on the operator's behalf: a management command, the demo seeding, the deadline scan.

    ``actions`` lists what it may do (empty: nothing; ``("*",)``: every action); it never sees pages
    (``is_authenticated`` is false, so no view serves it) and its audit events read ``system:<purpose>``."""

    purpose: str
    actions: tuple[str, ...] = field(default=("*",))
    is_authenticated = False
    is_anonymous = False
    is_superuser = False
    is_active = True
    pk = None
    id = None

    def __str__(self) -> str:
        return f"system:{self.purpose}"

    def may(self, action: str) -> bool:
        return "*" in self.actions or action in self.actions


def system(purpose: str, *actions: str) -> SystemActor:
    """A system actor for *purpose*; without *actions* it may take every action (seeding, migrations)."""
    return SystemActor(purpose, tuple(actions) or ("*",))


def rule(action: str, check: Callable[..., bool]) -> None:
    """Declare the predicate of *action* (once: a second declaration is a bug)."""
    RULES.add_rule(action, check if isinstance(check, Predicate) else predicate(check))


def query(action: str) -> Callable[[Callable[[Any], QuerySet[Any]]], Callable[[Any], QuerySet[Any]]]:
    """Register the queryset builder of a listing *action* (NetBox's ``restrict(user, action)``)."""

    def register(fn: Callable[[Any], QuerySet[Any]]) -> Callable[[Any], QuerySet[Any]]:
        QUERIES[action] = fn
        return fn

    return register


def rule_from_query(action: str) -> None:
    """The object rule of a listing action is membership of its queryset: ``can`` and ``visible_to`` agree."""

    def member(user: Any, obj: Any = None) -> bool:
        return obj is not None and obj.pk is not None and QUERIES[action](user).filter(pk=obj.pk).exists()

    rule(action, member)


def actions() -> list[str]:
    return sorted(RULES.keys())


def can(user: Any, action: str, obj: Any = None) -> bool:
    if action not in RULES:
        raise KeyError(f"undeclared action {action!r}")
    if isinstance(user, SystemActor):
        return user.may(action)
    if user is None:
        return False
    return bool(RULES.test_rule(action, user, obj))


# An authorised service that calls another service (case_act → alliance_set_status, recognition_issue →
# document_upload) lends its authority to the inner call for the same actor: the outer rule is the stricter.
_acting: contextvars.ContextVar[tuple[Any, ...]] = contextvars.ContextVar("itisa_access_acting", default=())


def _inside_authorised(actor: Any) -> bool:
    return any(a is actor for a in _acting.get())


def require(actor: Any, action: str, obj: Any = None) -> None:
    """Raise ``AccessDenied`` unless *actor* may take *action* (on *obj*)."""
    if actor is None:
        raise AccessDenied(_("No one is acting: a system job must act as a named system actor."))
    if _inside_authorised(actor) and action in RULES:
        return
    if not can(actor, action, obj):
        raise AccessDenied(_("You may not do this."))


def requires(action: str, obj: str | Callable[[dict[str, Any]], Any] | None = None) -> Callable[[F], F]:
    """Service decorator: ``require(actor, action, obj)`` before the body runs, and the action recorded so the
    coverage test knows every service is guarded. *obj* names the keyword argument the rule reads, or is a
    function of the keyword arguments (``lambda kw: kw["commitment"].fund.jurisdiction``)."""

    def decorate(fn: F) -> F:
        SERVICE_ACTIONS[f"{fn.__module__}.{fn.__name__}"] = action

        @functools.wraps(fn)
        def guarded(*args: Any, **kwargs: Any) -> Any:
            actor = kwargs.get("actor")
            target = obj(kwargs) if callable(obj) else kwargs.get(obj) if obj else None
            require(actor, action, target)
            token = _acting.set((*_acting.get(), actor))
            try:
                return fn(*args, **kwargs)
            finally:
                _acting.reset(token)

        guarded.access_action = action  # type: ignore[attr-defined]
        return guarded  # type: ignore[return-value]

    return decorate


def visible_to(user: Any, action: str, model: type[Model] | None = None) -> QuerySet[Any]:
    """The rows *user* may see under the listing *action*; *model*, when given, is checked against it."""
    if action not in QUERIES:
        raise KeyError(f"no queryset declared for {action!r}")
    if isinstance(user, SystemActor):  # a system job reads every row of the actions it names, none of others
        qs = QUERIES[action](user)
        qs = qs if user.may(action) else qs.none()
    else:
        qs = QUERIES[action](user)
    if model is not None and qs.model is not model:
        raise TypeError(f"{action!r} lists {qs.model.__name__}, not {model.__name__}")
    return qs


def require_all(actor: Any, checks: Iterable[tuple[str, Any]]) -> None:
    for action, obj in checks:
        require(actor, action, obj)
