"""Issue 10 §6: the page forms of the staff, lead-unit, finance and expert apps take one step
(``core.forms.submitted``), never a hand-written copy of its try/except. A copy is found by its call of
``attach_service_errors(``, which only ``itisa/core/forms.py`` makes."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
APPS = ("itisa/staff", "itisa/leadunit", "itisa/finance", "itisa/experts")

#: Modules whose one remaining form step is not the page-form shape ``submitted`` serves, each for a stated reason.
NOT_YET = frozenset({
    "itisa/experts/moves.py",           # a moved case reloads the record and answers 409, a mismatch 400
    "itisa/finance/views.py",           # the what-if is a GET form whose answer is shown on the same page
    "itisa/leadunit/claims_views.py",   # the live preview renders an HTMX fragment, no message, no redirect
    "itisa/leadunit/procedure_views.py",  # a moved case reloads and answers 409
    "itisa/leadunit/views.py",          # a second click on submit warns and redirects rather than erring
})


def hand_written(root: Path, apps: tuple[str, ...] = APPS) -> list[str]:
    """The modules (tests and migrations aside) that call ``attach_service_errors`` themselves."""
    found = []
    for app in apps:
        for path in sorted((root / app).rglob("*.py")):
            rel = path.relative_to(root).as_posix()
            if "/tests/" in rel or "/migrations/" in rel:
                continue
            if "attach_service_errors(" in path.read_text(encoding="utf-8"):
                found.append(rel)
    return found


def test_the_page_forms_take_the_one_form_step():
    offenders = [m for m in hand_written(ROOT) if m not in NOT_YET]
    assert not offenders, f"hand-written form → service → error blocks; use core.forms.submitted: {offenders}"


def test_the_list_of_modules_not_yet_converted_holds_only_modules_that_still_are():
    converted = sorted(NOT_YET - set(hand_written(ROOT)))
    assert not converted, f"converted: take these out of NOT_YET: {converted}"
    assert not any(m.startswith("itisa/staff/") for m in NOT_YET)


def test_the_scan_finds_a_copy_and_passes_over_tests(tmp_path):
    views = tmp_path / "itisa" / "staff"
    (views / "tests").mkdir(parents=True)
    (views / "views.py").write_text("try:\n    act()\nexcept ValidationError as exc:\n"
                                    "    attach_service_errors(form, exc)\n", encoding="utf-8")
    (views / "tests" / "test_views.py").write_text("attach_service_errors(form, exc)\n", encoding="utf-8")
    (views / "pages.py").write_text("from itisa.core.forms import submitted\n", encoding="utf-8")
    assert hand_written(tmp_path) == ["itisa/staff/views.py"]
