"""河南省 (豫科〔2013〕146号): the stage test the generic ``flags`` test cannot say.

第七条 are the conditions to *apply* for construction. 第九条 lists what the alliance must have built by the end
of the one-year construction period, and 第十条 recognises it only when the acceptance assessment finds them
(this pack also reads 第十一条(一)(二)(三) as checked then). So these flags are required only once construction
was approved — a facts event ``construction_approved`` dated on or before the date. Before that, the check
passes and says, in its detail, that it is not yet due. Pure Python; never imports Django.
"""

from __future__ import annotations

from typing import Any

#: condition name → (article, flags the facts must carry once construction is approved)
ACCEPTANCE_FLAGS: dict[str, tuple[str, tuple[str, ...]]] = {
    # 设立决策、咨询和执行等组织机构，明确联盟对外承担责任的主体……设立联盟工作办公室，配备专职人员
    "construction_organs": (
        "第九条(一)",
        (
            "organs_decision",
            "organs_consultation",
            "organs_execution",
            "outward_responsible_party",
            "office",
            "full_time_staff",
        ),
    ),
    # 编制产业技术创新发展规划和产业创新体系规划
    "construction_plans": ("第九条(二)", ("development_plan", "innovation_system_plan")),
    # 签订具有法律约束力的联盟协议和章程
    "construction_agreement": ("第九条(三)", ("agreement_signed_by_all", "charter")),
    # 对联盟经费要制定相应的内部管理办法，并建立经费使用的内部监督机制
    "fund_rules": ("第十一条(一)", ("fund_rules",)),
    # 成果和知识产权……明确权利归属、许可使用和转化收益分配的办法
    "ip_and_benefit_sharing": ("第十一条(二)", ("ip_rules", "benefit_sharing_rules")),
    # 及时吸收新成员……建立成果扩散机制
    "openness": ("第十一条(三)", ("open_membership", "results_diffusion")),
}


def construction_approved_on(facts: Any, on: Any) -> Any:
    """The day construction was approved (第八条), if on or before ``on``; else None."""
    days = [e.date for e in facts.events if e.kind == "construction_approved" and e.date is not None and e.date <= on]
    return min(days) if days else None


def _acceptance_check(name: str):
    article, needed = ACCEPTANCE_FLAGS[name]

    def check(facts: Any, on: Any, ctx: Any) -> tuple[str, dict[str, Any]]:
        approved = construction_approved_on(facts, on)
        if approved is None:
            return "pass", {
                "stage": "application",
                "required": list(needed),
                "note": f"{article}为构建期成果，批准构建后于验收（第十条）时核查，申请构建时不要求 / "
                f"{article} is a construction result, checked at acceptance (第十条) after "
                "construction is approved; not required to apply",
            }
        missing = [f for f in needed if f not in facts.flags]
        return ("fail" if missing else "pass"), {
            "stage": "construction_or_acceptance",
            "construction_approved": approved,
            "missing": missing,
        }

    return check


CONDITION_TESTS = {name: _acceptance_check(name) for name in ACCEPTANCE_FLAGS}


# ---- the same tests over a whole register (policy.vector): one column per condition, same statuses.
# ``policy.vector.kernels.c_custom`` looks a ``custom`` test's name up here; ``v`` is a ``policy.vector.kernels.VCtx``.
# They read no parameter, so each column is computed once per prepared register (``v.prep``).
def _approved_by(v: Any) -> Any:
    """Per alliance: a ``construction_approved`` event dated on or before the date (``construction_approved_on``)."""
    import numpy as np

    from policy.vector.columns import NONE

    r = v.reg
    kc = r.event_kind_vocab.get("construction_approved", -1)
    m = (r.ev_kind == kc) & (r.ev_date != NONE) & (r.ev_date <= v.o)
    return np.bincount(r.ev_all[m], minlength=v.n) > 0


def _acceptance_kernel(name: str):
    _, needed = ACCEPTANCE_FLAGS[name]

    def kernel(v: Any, t: dict[str, Any]) -> Any:
        import numpy as np

        def column() -> Any:
            approved = v.prep(("henan", "construction_approved"), lambda: _approved_by(v))
            have = np.ones(v.n, dtype=bool)
            for f in needed:
                have &= v.reg.flag(f)
            return np.where(approved & ~have, 1, 0).astype(np.int8)  # policy.vector.kernels: PASS 0, FAIL 1

        return v.prep(("henan", name), column)

    return kernel


VECTOR_CONDITION_TESTS = {name: _acceptance_kernel(name) for name in ACCEPTANCE_FLAGS}
