"""Issue 13 §5: no write is service-only. Every ``@requires`` service (``access.core.SERVICE_ACTIONS``) is named by a
page, an API endpoint or the worker, or is called by another service for a stated reason; and the back office
(Django admin) performs no step: it calls no service and every domain model registered there is read-only."""

from __future__ import annotations

import ast
import importlib
import re
from pathlib import Path

import pytest
from django.contrib import admin

from itisa.access.core import SERVICE_ACTIONS

ROOT = Path(__file__).resolve().parents[3]
#: Modules that reach a service for a person or the worker: pages, their forms and procedures, the API, the
#: worker's tasks and management commands, and the modules of the apps that are nothing but pages.
PAGE_APPS = ("staff", "leadunit", "finance", "experts", "public", "dashboards", "workbench", "api")
PAGE_MODULE = re.compile(r"(views.*|.*_views|pages.*|procedure.*|forms.*|tasks|writes)\.py$")

#: Services no page names because another step calls them: "called by X when Y". The test checks X still calls it.
THROUGH: dict[str, tuple[str, str]] = {
    "itisa.exports.services.export_start": (
        "itisa/exports/start.py::start_from_list", "called by every list page's export button (ListPage) when the "
        "list is too long to build at once"),
    "itisa.funding.services.member_bans_record": (
        "itisa/supervision/services/evaluation.py::_apply", "called by grade_record / consequences_apply when a "
        "grade bars the members from support (Luoyang 第十九条)"),
    "itisa.recognition.services.recognition_issue": (
        "itisa/recognition/services.py::recognition_after_transition", "called after case_act (staff:decide) when "
        "a recognition case reaches its recognised state"),
    "itisa.recognition.services.recognitions_revoke_with_alliance": (
        "itisa/supervision/services/endings.py::dissolution_decide", "called by dissolution_decide and by "
        "alliance_revoke / grade consequences when the alliance's recognitions end with it"),
    "itisa.register.services.alliance_level_record": (
        "itisa/supervision/services/endings.py::alliance_upgrade", "called by alliance_upgrade (staff:record_level), "
        "recognition_issue and the register import page when a level is granted"),
    "itisa.register.services.alliance_set_status": (
        "itisa/workflow/hooks.py::status_after_transition", "called after case_act, dissolution_decide and the "
        "grade consequences when the alliance's status follows a decision"),
    "itisa.workflow.services.case_attach_material": (
        "itisa/workflow/materials.py::case_upload_material", "called by the one material upload of the lead's "
        "case pages and the API when a document is attached to a case"),
}
#: Services no page, API or worker reaches yet (issue 13 §5 gaps), each with what is missing. The test fails once
#: one of them is reached: then take it out of here.
KNOWN_GAPS: dict[str, str] = {}


def _py(root: Path) -> dict[str, str]:
    out = {}
    for path in sorted((root / "itisa").rglob("*.py")):
        rel = path.relative_to(root).as_posix()
        if "/tests/" not in rel and "/migrations/" not in rel:
            out[rel] = path.read_text(encoding="utf-8")
    return out


def reaching(rel: str) -> bool:
    parts = rel.split("/")
    return (parts[1] in PAGE_APPS or bool(PAGE_MODULE.match(parts[-1])) or "/management/commands/" in rel)


def unreached(root: Path, services: list[str]) -> list[str]:
    """The services (``module.function``) no page, API or worker module names."""
    texts = {rel: text for rel, text in _py(root).items() if reaching(rel)}
    return sorted(s for s in services if not any(re.search(rf"\b{s.rsplit('.', 1)[1]}\b", t) for t in texts.values()))


def _all_services() -> list[str]:
    """Import every module that declares a service, so the registry is whole whatever ran before."""
    for rel, text in _py(ROOT).items():
        if "@requires(" in text:
            importlib.import_module(rel[:-3].replace("/", "."))
    return sorted(SERVICE_ACTIONS)


def test_every_service_is_reached_from_a_page_an_endpoint_or_the_worker():
    services = _all_services()
    assert len(services) > 60
    missing = [s for s in unreached(ROOT, services) if s not in THROUGH and s not in KNOWN_GAPS]
    assert not missing, f"services no page, API endpoint or worker reaches (give each a page): {missing}"


def test_the_lists_hold_only_services_that_still_need_them():
    services = set(_all_services())
    assert set(THROUGH) <= services and set(KNOWN_GAPS) <= services, "listed services that no longer exist"
    open_ = set(unreached(ROOT, sorted(services)))
    assert not sorted(set(KNOWN_GAPS) - open_), "these have a page now: take them out of KNOWN_GAPS"
    assert not sorted(set(THROUGH) - open_), "these are named by a page now: take them out of THROUGH"
    for service, (caller, _reason) in THROUGH.items():
        path, fn = caller.split("::")
        tree = ast.parse((ROOT / path).read_text(encoding="utf-8"))
        [node] = [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef) and n.name == fn]
        assert re.search(rf"\b{service.rsplit('.', 1)[1]}\b", ast.unparse(node)), f"{caller} no longer calls {service}"


def test_the_scan_finds_a_planted_service_no_page_reaches(tmp_path):
    app = tmp_path / "itisa" / "register"
    (app / "tests").mkdir(parents=True)
    (app / "services.py").write_text("@requires('x')\ndef planted_merge(*, actor):\n    pass\n", encoding="utf-8")
    (app / "tests" / "test_x.py").write_text("planted_merge(actor=None)\n", encoding="utf-8")  # a test is no page
    (app / "admin.py").write_text("planted_merge  # admin is no page\n", encoding="utf-8")
    (tmp_path / "itisa" / "staff").mkdir()
    (tmp_path / "itisa" / "staff" / "views.py").write_text("planted_merged = 1\n", encoding="utf-8")
    assert unreached(tmp_path, ["itisa.register.services.planted_merge"]) == ["itisa.register.services.planted_merge"]
    (tmp_path / "itisa" / "staff" / "views.py").write_text("planted_merge(actor=user)\n", encoding="utf-8")
    assert unreached(tmp_path, ["itisa.register.services.planted_merge"]) == []


# ---------------------------------------------------------------- the back office performs no step

#: The one back-office page that edits: people's accounts (support), each change audited (itisa/accounts/admin.py).
SUPPORT = {("accounts", "user")}


def admin_steps(root: Path, names: set[str]) -> list[str]:
    """The admin modules that call a service or import an app's services (the audit trail of support aside)."""
    found = []
    for rel, text in _py(root).items():
        if rel.endswith("/admin.py"):
            called = {n.func.attr if isinstance(n.func, ast.Attribute) else getattr(n.func, "id", "")
                      for n in ast.walk(ast.parse(text)) if isinstance(n, ast.Call)}
            imports = re.search(r"^(from|import) itisa\.(?!audit\.)\w+\.services", text, re.M)
            found += [f"{rel}: {sorted(called & names)}"] if called & names or imports else []
    return found


def test_no_admin_module_calls_a_service(tmp_path):
    names = {s.rsplit(".", 1)[1] for s in _all_services()}
    assert admin_steps(ROOT, names) == []
    planted = tmp_path / "itisa" / "register"
    planted.mkdir(parents=True)
    (planted / "admin.py").write_text("def save_model(self, request, obj, form, change):\n"
                                      "    organisation_rename(actor=request.user, organisation=obj)\n", encoding="utf-8")
    assert admin_steps(tmp_path, names) == ["itisa/register/admin.py: ['organisation_rename']"]


@pytest.mark.django_db
def test_every_domain_model_in_the_back_office_is_read_only(rf, admin_user):
    request = rf.get("/admin/")
    request.user = admin_user
    ours = [(m, a) for m, a in admin.site._registry.items() if m.__module__.startswith("itisa.")]
    assert len(ours) > 30
    for model, model_admin in ours:
        if (model._meta.app_label, model._meta.model_name) in SUPPORT:
            continue
        assert not model_admin.has_add_permission(request), model
        assert not model_admin.has_change_permission(request), model
        assert not model_admin.has_delete_permission(request), model
        for inline in model_admin.get_inline_instances(request):
            assert not (inline.has_add_permission(request, None) or inline.has_change_permission(request)
                        or inline.has_delete_permission(request)), inline
