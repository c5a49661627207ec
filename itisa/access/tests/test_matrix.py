"""The generated permission matrix: every route of the URL configuration × every role of the cast, answered
as the access module's route table says (routes.ROUTES: area → 403, object rule → 404, anonymous → login);
a route without an entry fails. Every public function of a services module either checks ``require`` through
``@requires`` or is a listed exception; a new service without a rule fails."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from pathlib import Path

import pytest
from django.db.models import Q
from django.urls import URLPattern, URLResolver, get_resolver, reverse

import itisa
from itisa.access import can
from itisa.access.core import SERVICE_ACTIONS
from itisa.access.routes import ROUTES
from itisa.audit.models import AuditEvent
from itisa.funding.models import EntryKind, LedgerEntry

pytestmark = pytest.mark.django_db


def walk(patterns, namespace=None):
    for p in patterns:
        if isinstance(p, URLResolver):
            if p.app_name == "admin":
                continue  # Django's admin: its own staff-and-permission checks (issue 9 §2 makes it read-only)
            yield from walk(p.url_patterns, p.namespace or namespace)
        elif isinstance(p, URLPattern):
            yield (f"{namespace}:{p.name}" if namespace else p.name), p


def all_routes() -> dict[str, URLPattern]:
    return dict(walk(get_resolver().url_patterns))


def test_every_route_names_its_rule():
    missing = sorted(set(all_routes()) - set(ROUTES))
    assert not missing, f"routes without an access rule in itisa/access/routes.py: {missing}"
    assert not sorted(set(ROUTES) - set(all_routes())), "rules for routes that no longer exist"


def test_each_views_area_decorator_is_the_one_the_table_names():
    for name, pattern in all_routes().items():
        declared = getattr(pattern.callback, "access_action", None)
        want = ROUTES[name].area
        if want in ("pages.public", "pages.signed_in"):
            assert declared is None, name
        else:
            assert declared == want, f"{name}: view checks {declared}, table says {want}"


# Each URL argument → the world object (or literal) it takes.
def kwargs_for(name: str, pattern: URLPattern, objects: dict) -> dict:
    route = ROUTES[name]
    table = {
        "pk": lambda: (
            {
                "case": objects["case"],
                "alliance": objects["alliance"],
                "commitment": objects["commitment"],
                "proposal": objects["proposal"],
                "call": objects["call"],
                "report": objects["report"],
                "export": objects["export"],
                None: objects["notice"] if name == "public:notice" else objects["alliance"],
            }[route.obj].pk
        ),
        "doc": lambda: objects["material"],
        "objection": lambda: objects["objection"].pk,
        "assignment": lambda: objects["assignment"].pk,
        "rectification": lambda: objects["rectification"].pk,
        "mid": lambda: objects["membership"].pk,
        "did": lambda: objects["lead_document"].pk,
        "cid": lambda: objects["case"].pk,
        "rid": lambda: objects["rectification"].pk,
        "round": lambda: "review",
        "kind": lambda: "annual_report",
        "code": lambda: "NOPE0000",
        "folder": lambda: "320115-jiangning",
        "year": lambda: "2019",
        "alliance_id": lambda: objects["alliance"].pk,
        "organisation_id": lambda: objects["alliance"].lead_id,
        "notice_id": lambda: objects["notice"].pk,
        "case_id": lambda: objects["case"].pk,
        "claim_kind": lambda: "annual_report",
        "dissolution": lambda: 0,  # no dissolution in the world: its pages answer 404 (SUB_OBJECT_404)
        "recognition": lambda: 0,  # no recognition in the world: the recall answers 404 (SUB_OBJECT_404)
        "claim": lambda: 0,  # no claim in the world: the claim pages answer 404 to everyone (SUB_OBJECT_404)
        "fund": lambda: objects["fund"].pk,
        "expert": lambda: objects["assignment"].expert_id,
    }
    if name == "accounts:role_revoke":
        return {"pk": objects["role_assignment"].pk}
    if route.obj == "token":
        return {"pk": objects["token"].pk}
    return {arg: table[arg]() for arg in pattern.pattern.converters}


def expected(user, name: str, objects: dict) -> str:
    route = ROUTES[name]
    if route.area == "pages.public":
        return "public"
    if user is None:
        return "login"
    if not can(user, route.area):
        return "403"
    if route.action and not can(user, route.action, objects[route.obj]):
        return "404"
    return "ok"


# Routes whose second argument names something the world lacks (allowed: a 404 for the *right* user).
SUB_OBJECT_404 = {
    "leadunit:report_new": "no duty of that kind while the alliance is still under review",
    "leadunit:claim_new": "“annual_report” is no claim kind of any pack",
    "leadunit:claim_preview": "“annual_report” is no claim kind of any pack",
    "leadunit:claim": "no claim in the world",
    "staff:claim": "no claim in the world",
    "staff:claim_document": "no claim in the world",
    "staff:alliance_document": "the world's material is no report, finding or consent of the alliance",
    "staff:dissolution": "no dissolution in the world",
    "staff:dissolution_plaque": "no dissolution in the world",
    "staff:revocation_plaque": "the world's alliance is not revoked",
    "staff:recognition_recall": "no recognition in the world",
    "leadunit:dissolution_consent": "no dissolution in the world",
}


def test_every_route_answers_every_role_as_the_access_module_says(client, cast_world):
    users, objects = cast_world
    routes = all_routes()
    # Signing in and out is audited (auth.*); nothing else may be written by an empty request.
    # Sign-ins and audited reads (an expert opening a material) are events, not changes.
    not_changes = Q(action__startswith="auth.") | Q(action="document.read")
    audit_before = AuditEvent.objects.exclude(not_changes).count()
    outcomes: dict[str, set[str]] = {}
    for name, pattern in sorted(routes.items()):
        url = reverse(name, kwargs=kwargs_for(name, pattern, objects))
        for who, user in users.items():
            client.logout()
            if user is not None:
                client.force_login(user)
            want = expected(user, name, objects)
            response = client.get(url)
            if response.status_code == 405:
                response = client.post(url)  # POST-only: an empty form, refused before anything is written
            got = response.status_code
            to_login = got == 302 and "/accounts/login/" in response.get("Location", "")
            where = f"{name} {url} as {who}: {got}, expected {want}"
            assert got < 500, where
            if want == "public":
                assert not to_login or name.startswith("accounts:"), where
            elif want == "login":
                assert to_login, where
            elif want == "ok":
                assert got not in (403, 404 if name not in SUB_OBJECT_404 else 403) and not to_login, where
            else:
                assert str(got) == want, where
            outcomes.setdefault(name, set()).add(want)
    # The matrix is not vacuous: each area shows both sides, and every object route both a 404 and an "ok".
    for name, route in ROUTES.items():
        if route.area not in ("pages.public",):
            assert {"login", "ok"} <= outcomes[name], (name, outcomes[name])
        if route.action:
            assert "404" in outcomes[name], name
    assert AuditEvent.objects.exclude(not_changes).count() == audit_before, (
        "an empty request changed something")
    assert not LedgerEntry.objects.exclude(kind=EntryKind.COMMITMENT).exists()


# ---------------------------------------------------------------- the areas, written out by hand

AREAS = (
    "pages.leadunit",
    "pages.work",
    "pages.bureau",
    "pages.recommender",
    "pages.experts",
    "pages.finance",
    "pages.dashboards",
)
AREA_TABLE = {  # who opens which area (an independent statement of the rules in itisa/access/pages.py)
    "anonymous": set(),
    "nobody": set(),
    "lead_own": {"pages.leadunit"},
    "lead_other": {"pages.leadunit"},
    "recommender": {"pages.work", "pages.recommender"},
    "recommender_other": {"pages.work", "pages.recommender"},
    "bureau_own": {"pages.work", "pages.bureau", "pages.finance", "pages.dashboards"},
    "bureau_other": {"pages.work", "pages.bureau", "pages.finance", "pages.dashboards"},
    "finance_own": {"pages.finance", "pages.dashboards"},
    "finance_other": {"pages.finance", "pages.dashboards"},
    "expert_assigned": {"pages.experts"},
    "expert_unassigned": {"pages.experts"},
    "superuser": {"pages.work", "pages.bureau", "pages.finance", "pages.dashboards"},
}
OBJECT_TABLE = {  # own vs other object, by hand: who may, on the Jiangning world's objects
    ("register.lead", "alliance"): {"lead_own"},
    ("workflow.work_case", "case"): {"bureau_own", "superuser"},
    ("workflow.view_case", "case"): {
        "lead_own",
        "bureau_own",
        "finance_own",
        "recommender",
        "expert_assigned",
        "superuser",
    },
    ("reviews.expert_case", "case"): {"expert_assigned"},
    ("supervision.view_alliance", "alliance"): {"bureau_own", "superuser"},
    ("funding.view_ledger", "commitment"): {"bureau_own", "finance_own", "superuser"},
    ("funding.view_proposal", "proposal"): {"bureau_own", "finance_own", "superuser"},
    ("workflow.view_call", "call"): {"bureau_own", "superuser"},
    ("documents.view", "lead_document"): {"lead_own", "bureau_own", "finance_own", "recommender", "superuser"},
    ("funding.view_fund", "fund_jurisdiction"): {"bureau_own", "finance_own", "superuser"},
    ("supervision.inspect", "alliance"): {"bureau_own", "finance_own", "superuser"},
    ("register.edit_alliance", "alliance"): {"lead_own", "bureau_own", "superuser"},
    ("exports.download", "export"): {"bureau_own", "superuser"},  # the requester and a superuser
}


def test_the_areas_by_hand(cast_world):
    users, _objects = cast_world
    for who, user in users.items():
        assert {a for a in AREAS if can(user, a)} == AREA_TABLE[who], who


def test_own_and_other_objects_by_hand(cast_world):
    users, objects = cast_world
    for (action, key), allowed in OBJECT_TABLE.items():
        got = {who for who, user in users.items() if can(user, action, objects[key])}
        assert got == allowed, (action, key)


# ---------------------------------------------------------------- services

# Public functions of services modules that write nothing themselves or only run inside a service that checked.
EXEMPT = {
    "itisa.accounts.services.assignment_jurisdiction": "reads",
    "itisa.api.services.hash_key": "a hash",
    "itisa.api.services.api_token_authenticate": "finds the caller's token (notes its last use): authentication itself",
    "itisa.audit.services.audit_record": "appends the audit row of a write its caller authorised",
    "itisa.audit.services.stream_for": "reads",
    "itisa.audit.services.snapshot": "reads",
    "itisa.documents.services.document_check": "checks a file's type and size; writes nothing",
    "itisa.funding.services.outstanding_receivables": "reads",
    "itisa.notices.services.current_notice": "reads",
    "itisa.notices.services.notice_after_transition": "workflow hook inside case_act (checked there)",
    "itisa.recognition.services.new_verification_code": "a random code; writes nothing",
    "itisa.recognition.services.document_number_next": "numbering inside recognition_issue (checked there)",
    "itisa.recognition.services.recognition_after_transition": "workflow hook inside case_act (checked there)",
    "itisa.register.services.region_get": "reads",
    "itisa.register.services.levels_end_with_alliance": "ends level records inside a revocation or dissolution (checked there)",
    "itisa.supervision.services.common.today": "a date",
    "itisa.supervision.services.common.user_or_none": "a helper",
    "itisa.supervision.services.common.digest": "a hash",
    "itisa.supervision.services.common.lock": "a row lock inside a checked service",
    "itisa.supervision.services.common.require_supervised": "a state check, not a permission",
    "itisa.supervision.services.common.attach": "stores through document_upload (checked there)",
    "itisa.supervision.services.endings.dissolution_missing_consents": "reads",
    "itisa.supervision.services.endings.dissolution_plaque_issued": "reads",
    "itisa.supervision.services.evaluation.rectification_months": "reads the pack",
    "itisa.supervision.services.scan.reminder_days": "reads the settings",
    "itisa.supervision.services.reports.required_sections": "reads the pack",
    "itisa.supervision.services.scan.recipients": "reads",
}


def service_modules() -> list[str]:
    root = Path(itisa.__file__).parent
    names = []
    for app in sorted(p for p in root.iterdir() if p.is_dir()):
        if (app / "services.py").exists():
            names.append(f"itisa.{app.name}.services")
        if (app / "services").is_dir():
            names += [f"itisa.{app.name}.services.{m.name}" for m in pkgutil.iter_modules([str(app / "services")])]
    return names


def test_every_service_checks_its_rule_or_is_a_listed_exception():
    found = {}
    for module_name in service_modules():
        module = importlib.import_module(module_name)
        for name, fn in inspect.getmembers(module, inspect.isfunction):
            if name.startswith("_") or fn.__module__ != module_name:
                continue
            found[f"{module_name}.{name}"] = fn
    assert len(found) > 40
    unguarded = sorted(k for k in found if k not in SERVICE_ACTIONS and k not in EXEMPT)
    assert not unguarded, f"services with neither @requires nor a listed exception: {unguarded}"
    assert not sorted(k for k in EXEMPT if k not in found), "exceptions for services that no longer exist"
    for key, action in SERVICE_ACTIONS.items():
        assert getattr(found.get(key), "access_action", action) == action
        can(None, action)  # a declared action (an undeclared one raises KeyError)
