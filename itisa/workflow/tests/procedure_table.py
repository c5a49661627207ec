"""Every transition of every pack procedure, and every claim-based article of every pack → the page that performs
it → the test that performs it (issue 13 §5).

``python -m itisa.workflow.tests.procedure_table > docs/procedures.md`` writes the table; the test
``test_every_transition_has_a_page`` checks the committed file is this table and performs every row on its page.
"""

from __future__ import annotations

from typing import Any

#: The page on which a pack role takes its moves (GET shows the move, POST performs it).
ACT_PAGES = {
    "lead_unit": ("leadunit:case", "leadunit:case_act"),
    "bureau": ("staff:case", "staff:decide"),
    "recommender": ("staff:case", "staff:decide"),
    "county_bureau": ("staff:case", "staff:decide"),
    "third_party_evaluator": ("experts:case", "experts:case_act"),
}
#: The page on which a pack role opens a procedure.
OPEN_PAGES = {"lead_unit": "leadunit:procedure_open", "bureau": "staff:open_case"}
#: Rows no page performs yet, with the reason; the test fails when one of them gets a page (then remove it here).
KNOWN_GAPS: dict[tuple[str, ...], str] = {}
TEST = "test_every_transition_is_performed_on_its_page"
OPEN_TEST = "test_every_procedure_is_opened_from_a_page"
#: The pages a claim for support money passes: the lead files it, the paying bureau reviews it into a grant
#: proposal, the proposal's page takes the money decision (itisa/funding/claim_services.py).
CLAIM_PAGES = {"lead": "leadunit:claim_new", "review": "staff:claim", "proposal": "staff:proposal"}
CLAIM_TEST = "test_every_claim_kind_is_filed_and_accepted_on_its_pages"


def _packs() -> list[Any]:
    from policy.api import all_packs

    return sorted(all_packs().values(), key=lambda p: p.id)


def rows() -> list[dict[str, Any]]:
    """One row per transition of every procedure of every pack."""
    from itisa.workflow.offers import openers

    out = []
    for pack in _packs():
        folder = pack.id.split("/")[0]
        for proc in pack.data.get("procedures") or ():
            opened_by = sorted(openers(pack, proc))
            for t in proc["transitions"]:
                key = (folder, proc["id"], t["from"], t["action"], t["role"])
                page = ACT_PAGES.get(t["role"], (None, None))[1]
                out.append({"pack": pack, "folder": folder, "procedure": proc, "t": t, "key": key, "page": page,
                            "gap": KNOWN_GAPS.get(key), "open_pages": [OPEN_PAGES.get(r) for r in opened_by],
                            "opened_by": opened_by})
    return out


def claim_rows() -> list[dict[str, Any]]:
    """One row per claim kind of every pack (``claim_kinds``: the money rules that pay on a claim)."""
    from itisa.funding.claim_forms import claim_kinds

    out = []
    for pack in _packs():
        folder = pack.id.split("/")[0]
        for spec in claim_kinds(pack):
            out.append({"pack": pack, "folder": folder, "spec": spec, "key": (folder, spec.kind)})
    return out


def _claim_lines() -> list[str]:
    from django.utils import translation

    from itisa.workflow.labels import article_text

    lines = [
        "",
        "## Every claim-based article, and the pages that perform it",
        "",
        "One row per kind of claim a pack pays on (`itisa.funding.claim_forms.claim_kinds`): the lead unit files it",
        f"with evidence on `{CLAIM_PAGES['lead']}`, the paying bureau accepts it on `{CLAIM_PAGES['review']}` into a",
        f"grant proposal whose money decision is taken on `{CLAIM_PAGES['proposal']}`.",
        "`itisa/funding/tests/test_every_claim_has_a_page.py` performs every row on these pages.",
        "",
        "| Pack | Claim | Rules | Article | Lead unit's page | Staff pages | Test |",
        "|---|---|---|---|---|---|---|",
    ]
    staff = f"`{CLAIM_PAGES['review']}` → `{CLAIM_PAGES['proposal']}`"
    with translation.override("zh-hans"):
        for r in claim_rows():
            spec = r["spec"]
            articles = "、".join(dict.fromkeys(article_text(rule["article"]) for rule in spec.rules))
            rules = ", ".join(f"{rule['id']} {rule.get('zh', '')}" for rule in spec.rules)
            lines.append(f"| {r['folder']} | {spec.kind} | {rules} | {articles} | `{CLAIM_PAGES['lead']}` | {staff} | "
                         f"`{CLAIM_TEST}` |")
    return lines


def markdown() -> str:
    lines = [
        "# Every step of every pack procedure, and the page that performs it",
        "",
        "Generated from the packs by `python -m itisa.workflow.tests.procedure_table > docs/procedures.md`;",
        "`itisa/workflow/tests/test_every_transition_has_a_page.py` checks this file is current, opens every",
        "procedure on the page named here and performs every row on its page (ADR 0013).",
        "",
        "Who opens a procedure: the actor of the pack's duty of the same id, else the role of the first move.",
        "",
        "| Pack | Procedure | Opened by (page) | From → to | Move | Role | Article | Page | Test |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows():
        proc, t = r["procedure"], r["t"]
        opened = ", ".join(f"{role} (`{page}`)" for role, page in zip(r["opened_by"], r["open_pages"], strict=True))
        page = f"`{r['page']}`" if r["page"] and not r["gap"] else f"— ({r['gap']})"
        test = f"`{TEST}`" if r["page"] and not r["gap"] else "—"
        lines.append(f"| {r['folder']} | {proc['id']} {proc.get('zh', '')} | {opened} | {t['from']} → {t['to']} | "
                     f"{t['action']} | {t['role']} | {t.get('article', '')} | {page} | {test} |")
    lines += ["", f"Opening: `{OPEN_TEST}`."]
    lines += [*_claim_lines(), ""]
    return "\n".join(lines)


if __name__ == "__main__":  # pragma: no cover
    import os

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")
    django.setup()
    print(markdown(), end="")
