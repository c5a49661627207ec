"""Names of the packs' states and moves for people: states from the packs themselves (zh/en), moves from
one shared vocabulary (the same action ids across packs)."""

from __future__ import annotations

import re
from decimal import Decimal
from functools import cache
from typing import Any

from django.utils.translation import get_language, npgettext
from django.utils.translation import gettext_lazy as _

from itisa.register.models import AchievementKind, AllianceLevel
from policy.api import all_packs, article_words, get_pack, states
from policy.api import materials as pack_materials

#: Labels of the moves the packs' tables name (the same vocabulary across packs).
ACTION_LABELS = {
    "submit": _("Submit"), "resubmit": _("Resubmit"), "withdraw": _("Withdraw"),
    "recommend": _("Recommend"), "decline_to_recommend": _("Decline to recommend"),
    "return_for_revision": _("Return for revision"), "accept": _("Accept"), "reject": _("Reject"),
    "start_formal_review": _("Start the formal review"), "pass_formal_review": _("Pass the formal review"),
    "assign_experts": _("Send to expert review"), "order_site_visit": _("Order a site visit"),
    "recognise": _("Recognise"), "propose": _("Propose for recognition"), "publish_notice": _("Publish the notice"),
    "object": _("Reopen on an upheld objection"), "approve_construction": _("Approve construction"),
    "apply_for_acceptance": _("Apply for acceptance"), "start_assessment": _("Start the assessment"),
    "request_dissolution": _("Request dissolution"), "approve_dissolution": _("Approve dissolution"),
    "refuse_dissolution": _("Refuse dissolution"),
    "pass_review": _("Pass the re-review"), "fail_review": _("Fail the re-review"),
    "pass_assessment": _("Pass the assessment"), "fail_assessment": _("Fail the assessment"),
    "submit_evaluation": _("Submit the evaluation"), "record_grade": _("Record the grade"),
    "propose_revocation": _("Propose revocation"), "propose_after_assessment": _("Propose revocation after the assessment"),
    "notify_alliance": _("Notify the alliance"), "revoke": _("Decide the revocation"), "drop_revocation": _("Drop the revocation"),
    "publish_revocation": _("Publish the revocation"), "request_recommendation": _("Request a recommendation"),
    "recommend_provincial": _("Recommend for provincial recognition"),
    "recommend_national": _("Recommend for national recognition"), "sign_contract": _("Sign the contract"),
    "file": _("File for the record"), "record_filing": _("Record the filing"), "approve_change": _("Approve the change"),
    "refuse_change": _("Refuse the change"), "propose_project": _("Propose the project"),
    "adopt_project": _("Adopt the project"),
}
ROLE_LABELS = {"lead_unit": _("Lead unit"), "recommender": _("Recommender"), "county_bureau": _("County bureau"),
               "bureau": _("Bureau"), "expert": _("Expert"), "third_party_evaluator": _("Third-party evaluator"),
               "public": _("Public"), "finance": _("Finance")}


def action_label(action: str) -> str:
    return str(ACTION_LABELS.get(action, action.replace("_", " ")))


@cache
def _state_labels() -> dict[str, dict[str, str]]:
    """state id → {zh, en}, from every pack (the vocabulary is shared)."""
    out: dict[str, dict[str, str]] = {}
    for pack in all_packs().values():
        for proc in pack.data.get("procedures") or ():
            for s in states(pack, proc["id"]):
                out.setdefault(s["id"], {"zh": s.get("zh", s["id"]), "en": s.get("en", s["id"])})
    return out


@cache
def _procedure_state_labels(pack_id: str, procedure_id: str) -> dict[str, dict[str, str]]:
    """state id → {zh, en} of one procedure: the first pack that has it when *pack_id* is not given."""
    for pack in ([all_packs()[pack_id]] if pack_id in all_packs() else list(all_packs().values())):
        for proc in pack.data.get("procedures") or ():
            if proc["id"] == procedure_id:
                return {s["id"]: {"zh": s.get("zh", s["id"]), "en": s.get("en", s["id"])}
                        for s in states(pack, procedure_id)}
    return {}


def state_label(state: str, procedure_id: str = "", pack_id: str = "") -> str:
    """The state's words in its own procedure (the same id may read differently elsewhere: 拟认定 in a
    recognition, 拟撤销 in a revocation); without a procedure, the first any pack gives."""
    label = (_procedure_state_labels(pack_id, procedure_id).get(state) if procedure_id else None) \
        or _state_labels().get(state)
    if label is None:
        return state
    return label["en"] if (get_language() or "").startswith("en") else label["zh"]


def case_state_label(case: Any, state: str | None = None) -> str:
    """A state of this case's procedure (its current state unless *state* is given)."""
    return state_label(case.state if state is None else state, case.procedure_id, case.pack_id)


def state_ids() -> list[str]:
    """Every state id any pack names."""
    return list(_state_labels())


CONDITION_STATUS = {"pass": _("met"), "fail": _("not met"), "review": _("for the experts"), "unknown": _("unknown")}
CHECKED_BY = {"machine": _("checked by the system"), "expert": _("judged by experts")}


def condition_status_label(status: str) -> str:
    return str(CONDITION_STATUS.get(status, status))


def checked_by_label(check: str) -> str:
    return str(CHECKED_BY.get(check, check))


def _en() -> bool:
    return (get_language() or "").startswith("en")


# --- Articles, written as the texts write them -------------------------------------------------------------

def article_text(article: Any) -> str:
    """A pack's article reference as a person reads it, in the page's language: ``11`` → 第十一条 / Art. 11,
    ``6(2)`` → 第六条第（二）项 / Art. 6(2), ``第十条1`` → 第十条第1项 / Art. 10 item 1 (``policy.api.article_words``)."""
    zh, en = article_words(article)
    return en if _en() else zh


# --- Packs, levels, money matters, payees, units ---------------------------------------------------------

def pack_label(pack_id: Any) -> str:
    """A pack id (``530100-kunming/2016``) as the title of its text, in the page's language."""
    pack = all_packs().get(str(pack_id or ""))
    if pack is None:
        return str(pack_id or "")
    ident = pack.identity
    if _en():
        return str(ident.get("title_en") or ident["title"])
    return f"《{ident['title']}》"


def citation_text(pack_id: Any, article: Any = "") -> str:
    """The text and its article, as one phrase: 《昆明市…办法》第十一条."""
    art = article_text(article)
    title = pack_label(pack_id) if pack_id else ""
    return f"{title} {art}".strip() if _en() else f"{title}{art}"


LEVEL_LABELS = {"district": _("district level"), "municipal": _("municipal level"),
                "provincial": _("provincial level"), "national": _("national level")}


@cache
def _money_rules() -> dict[str, dict[str, str]]:
    out: dict[str, dict[str, str]] = {}
    for pack in all_packs().values():
        for rule in (pack.data.get("money") or {}).get("rules") or ():
            out.setdefault(rule["id"], {"zh": rule.get("zh", rule["id"]), "en": rule.get("en", rule.get("zh", ""))})
    return out


def matter_label(matter: Any) -> str:
    """A money matter (``guidance_fund:municipal``, ``project:LY-2026-1``) in words: the rule's label from
    its pack and the level or the reference it is about."""
    text = str(matter or "")
    rule, _sep, tail = text.partition(":")
    words = _money_rules().get(rule)
    if words is not None:
        head = words["en"] if _en() else words["zh"]
    else:
        head = str(MATTER_KINDS.get(rule, rule.replace("_", " ")))
    if not tail:
        return head
    if rule == "achievement" and tail.isdigit():  # the standard or result paid on, by its title
        from itisa.register.models import Achievement

        title = Achievement.objects.filter(pk=int(tail)).values_list("title", flat=True).first()
        return f"{head}：{title}" if title else f"{head} {tail}"
    return f"{head} · {LEVEL_LABELS[tail]}" if tail in LEVEL_LABELS else f"{head} {tail}"


MATTER_KINDS = {"project": _("Project"), "achievement": _("Achievement"), "rd": _("R&D"),
                "standard": _("Standard"), "platform": _("Platform"), "event": _("Event")}


def payee_label(key: Any) -> str:
    """A ledger payee key (``alliance:76``, ``org:5``, ``entity:76``) as the name of who is paid."""
    from itisa.register.models import Alliance, Organisation

    kind, _sep, ref = str(key or "").partition(":")
    if not ref.isdigit():
        return ref or str(key or "")
    if kind == "org":
        org = Organisation.objects.filter(pk=int(ref)).only("name").first()
        return org.name if org else str(_("an organisation no longer registered"))
    alliance = Alliance.objects.filter(pk=int(ref)).only("name").first()
    name = alliance.name if alliance else str(_("an alliance no longer registered"))
    return f"{name}（{_('its legal entity')}）" if kind == "entity" else name


UNIT_LABELS = {"wan_yuan": _("万元"), "count": _("units"), "fraction": _("(ratio)"), "years": _("years"),
               "months": _("months"), "days": _("days")}
#: Units counted in whole things, in the number the value asks for: "1 unit", "3 units" (Chinese has one form).
COUNTED = {"count": ("unit", "units"), "years": ("year", "years"), "months": ("month", "months"),
           "days": ("day", "days")}


def unit_label(unit: Any, value: Any = None) -> str:
    """The unit after a value, ``{{ p.unit|unit:p.value }}``; without a value, the plural."""
    forms = COUNTED.get(str(unit))
    if forms and value is not None:
        try:
            n = int(abs(Decimal(str(value))))
        except (ArithmeticError, ValueError):
            n = 2
        return npgettext("unit after a value", forms[0], forms[1], n)
    return str(UNIT_LABELS.get(str(unit), unit))


@cache
def _parameters() -> dict[str, tuple[str, str]]:
    out: dict[str, tuple[str, str]] = {}
    for pack in all_packs().values():
        for local, p in pack.parameters.items():
            out[f"{pack.key}.{local}"] = (p.label, p.label_en or p.label)
    return out


def parameter_label(name: Any) -> str:
    """``jiangning.min_age_months`` → the pack's own label of that parameter."""
    words = _parameters().get(str(name))
    if words is None:
        return str(name)
    return words[1] if _en() else words[0]


#: Statuses and outcomes that the engine and the registers return as codes.
CODE_LABELS = {
    "in_force": _("in force"), "not_in_force": _("not in force"), "lapsed": _("lapsed"),
    "eligible": _("eligible"), "not_eligible": _("not eligible"), "needs_review": _("for the experts"),
    "nothing_due": _("nothing due"), "due": _("due"), "overdue": _("overdue"), "done": _("done"),
    "upcoming": _("upcoming"), "open": _("open"), "met": _("met"),
    "triggered": _("triggered"), "not_triggered": _("not triggered"), "pending": _("pending"),
    "revoked": _("revoked"), "plaque_withdrawn": _("plaque withdrawn"), "published": _("published"),
    "loses_support": _("loses support"), "support_suspended": _("support suspended"), "warned": _("warned"),
    "lead_unit": _("Lead unit"), "bureau": _("Bureau"), "lead": _("Lead"), "member": _("Member"),
    "core": _("Core member"), "enterprise": _("Enterprise"), "university": _("University"),
    "institute": _("Research institute"), "recommender": _("Recommender"), "finance": _("Finance"),
    "expert": _("Expert"), "county_bureau": _("County bureau"), "recognition": _("Recognition"),
    "review": _("Re-review"), "construction": _("Construction"), "evaluation": _("Evaluation"),
    "acceptance": _("Acceptance"), "dissolution": _("Dissolution"), "pass": _("met"), "fail": _("not met"),
    "unknown": _("unknown"), "misuse": _("Misuse of the funds"), "revocation": _("Recognition revoked"), "due_today": _("due today"), "development_plan": _("development plan"),
    "strategy_plan": _("strategy and implementation plan"), "full_time_staff": _("full-time staff"),
    "outward_responsible_party": _("a party answering for the alliance outward"),
    "lead_responsible_outward": _("the lead answers for the alliance outward"),
    "part_time_staff": _("part-time staff"), "signed_by_legal_rep": _("signed by its legal representative"),
    # Why the money page proposes nothing (the engine's and the funding service's refusal codes).
    "double_funding": _("no double funding"), "support_withdrawn": _("support withdrawn"),
    "already_paid": _("already paid"), "already_proposed": _("already proposed"),
    "banned": _("barred from applying"), "member_banned": _("barred from applying"),
    "conditional": _("condition unmet"), "conflict": _("rules conflict"),
    "precedence": _("another rule takes precedence"), "payee_not_eligible": _("payee not eligible"),
    "missing_fact": _("a fact is missing"),
}


#: What a consequence does (the packs' ``effects``), in words.
EFFECT_LABELS = {
    "warning": _("warning"), "rectification": _("rectification within a set time"),
    "loses_support": _("loses support and rewards"), "loses_title": _("loses the title"),
    "revoked": _("status revoked"), "plaque_withdrawn": _("plaque withdrawn"), "published": _("published"),
    "funds_recovered": _("funds recovered"), "no_further_applications": _("no further applications"),
}


@cache
def _consequences() -> dict[str, tuple[str, str]]:
    """Consequence id → (zh, en), from every pack (an id means the same wherever it is used)."""
    out: dict[str, tuple[str, str]] = {}
    for pack in all_packs().values():
        for c in pack.data.get("consequences") or ():
            out.setdefault(c["id"], (c.get("zh", c["id"]), c.get("en", c["id"])))
    return out


def consequence_label(pack_id: Any, code: Any) -> str:
    """A consequence in the words of the pack that names it (ids repeat across packs with other words)."""
    pack = all_packs().get(str(pack_id or ""))
    for c in (pack.data.get("consequences") or ()) if pack is not None else ():
        if c["id"] == code:
            return c.get("zh", code) if (get_language() or "zh-hans").startswith("zh") else c.get("en", code)
    return code_label(code)


def code_label(code: Any) -> str:
    """Any code of the vocabulary above, a state, an action, a consequence, an effect or a parameter, in
    words; else as it is."""
    text = str(code if code is not None else "")
    if text in CODE_LABELS:
        return str(CODE_LABELS[text])
    if text in AllianceLevel.values:  # a recognition level (市级, 省级 …), as the register names it
        return str(AllianceLevel(text).label)
    if text in AchievementKind.values:  # the kinds of achievement a condition counts (知识产权, 标准 …)
        return str(AchievementKind(text).label)
    if text in EFFECT_LABELS:
        return str(EFFECT_LABELS[text])
    if text in _consequences():
        zh_text, en_text = _consequences()[text]
        return zh_text if (get_language() or "zh-hans").startswith("zh") else en_text
    if text in _state_labels():
        return state_label(text)
    if text in ACTION_LABELS:
        return action_label(text)
    if text in _parameters():
        return parameter_label(text)
    if text in _procedures():
        return procedure_label(text)
    return text


# --- Irreversible acts: what a confirmation says --------------------------------------------------------

#: Acts that end or take away something; their confirmation is styled as destructive.
DESTRUCTIVE_ACTIONS = {"reject", "decline_to_recommend", "fail_review", "fail_assessment", "approve_dissolution",
                       "withdraw", "refuse_dissolution"}
ACTION_CONSEQUENCES = {
    "submit": _("The application goes to the next body as it is now; it cannot be changed unless returned."),
    "resubmit": _("The revised application goes to the next body; it cannot be changed unless returned again."),
    "reject": _("The application is rejected and the case closes; the applicant is told the reason."),
    "decline_to_recommend": _("The application is not recommended and goes no further; the applicant is told the reason."),
    "recommend": _("The recommendation with its reason goes to the bureau as a signed opinion."),
    "recognise": _("The alliance is recognised: a certificate is issued and support money may follow."),
    "fail_review": _("The alliance fails the re-review and loses its recognition."),
    "fail_assessment": _("The alliance fails the assessment; the consequences of the text follow."),
    "approve_dissolution": _("The alliance is dissolved and leaves the register of active alliances."),
    "refuse_dissolution": _("The dissolution is refused; the alliance stays under its duties."),
    "withdraw": _("The application is withdrawn and the case closes."),
    "publish_notice": _("The notice is published on the public site and the objection period starts."),
}


def action_consequence(action: str, target: str = "") -> str:
    """What a move does, for its confirmation; moves not listed need none."""
    text = ACTION_CONSEQUENCES.get(action)
    return str(text) if text is not None else ""


_CJK = re.compile(r"[\u4e00-\u9fff]")


def _mostly_latin(text: str) -> bool:
    return len(re.findall(r"[A-Za-z]", text)) > 2 * len(_CJK.findall(text))


def in_language(value: Any) -> str:
    """The words of a pack item (``zh``/``en`` or ``label``/``label_en``, or a ``"中文 / English"`` string)
    in the page's language; Chinese where no English is written."""
    if isinstance(value, str):
        if "\n" in value:
            lines = value.splitlines()
            latin = [ln for ln in lines if _mostly_latin(ln)]
            if latin and len(latin) < len(lines):
                return "\n".join(latin if _en() else [ln for ln in lines if ln not in latin])
            return "\n".join(in_language(ln) for ln in lines)
        zh, sep, en = value.partition(" / ")
        if sep and _CJK.search(zh) and (_mostly_latin(en) or not _CJK.search(en)):
            return en if _en() else zh
        return value
    get = value.get if isinstance(value, dict) else lambda k, d=None: getattr(value, k, d)
    zh = get("zh") or get("label") or get("label_zh") or ""
    en = get("en") or get("label_en") or ""
    return str(en if _en() and en else zh)


#: Flags that say a document of a kind is on file (register/facts.py, leadunit's material kinds).
DOCUMENT_FLAGS = {"agreement": _("alliance agreement on file"), "application": _("application form on file"),
                  "feasibility": _("feasibility report on file"), "plan": _("plan on file"),
                  "rules": _("rules on file"), "licence": _("business licence on file"),
                  "funding": _("proof of funding on file")}


@cache
def _material_names() -> dict[str, tuple[str, str]]:
    """Material id → (zh, en) from every pack's procedures: an attached material is a flag of the case's facts."""
    out: dict[str, tuple[str, str]] = {}
    for pack_id, pack in all_packs().items():
        for proc in pack.data.get("procedures") or ():
            for m in pack_materials(pack_id, proc["id"]):
                out.setdefault(m["id"], (m.get("zh") or m["id"], m.get("en") or m.get("zh") or m["id"]))
    return out


def flag_label(flag: Any) -> str:
    """An engine flag (``agreement_signed_by_all``) as the register field's own name."""
    from itisa.register.facts import FLAG_FIELDS
    from itisa.register.models import Alliance

    fields = FLAG_FIELDS.get(str(flag))
    if not fields:
        if flag in DOCUMENT_FLAGS:
            return str(DOCUMENT_FLAGS[flag])
        if flag not in CODE_LABELS and str(flag) in _material_names():  # a material attached to the case
            zh, en = _material_names()[str(flag)]
            return str(_("%(material)s on file") % {"material": en if _en() else zh})
        return code_label(flag)
    return "、".join(str(getattr(Alliance._meta.get_field(f), "verbose_name", f)) for f in fields)


def region_label(code: Any) -> str:
    """A GB/T 2260 code (``530102``) as its name (五华区); the code itself only when unknown."""
    from itisa.register.models import Region

    region = Region.objects.filter(code=str(code or "")).only("name").first()
    return region.name if region else str(code or "—")


def organisation_label(org_id: Any) -> str:
    """An organisation the engine names by id (``lead: 11``) by its name."""
    from itisa.register.models import Organisation

    name = Organisation.objects.filter(pk=int(org_id)).values_list("name", flat=True).first() \
        if str(org_id).isdigit() else None
    return name or str(org_id)


def citation_string(text: Any) -> str:
    """A stored citation ``"<doc> <article>"`` with its article written as the text writes it."""
    doc, sep, art = str(text or "").rpartition(" ")
    if not sep:
        return article_text(art)
    return f"{doc} {article_text(art)}"


_SNAKE = re.compile(r"(?<![A-Za-z0-9_.])([a-z][a-z0-9]*(?:_[a-z0-9]+)+|identity\.fields)(?![A-Za-z0-9_])")


@cache
def _local_parameters() -> dict[str, tuple[str, str]]:
    out: dict[str, tuple[str, str]] = {}
    for pack in all_packs().values():
        for local, p in pack.parameters.items():
            out.setdefault(local, (p.label, p.label_en or p.label))
    return out


_PROCEDURE_WORD = re.compile(r"(?<![A-Za-z])procedure (?=[a-z]+_)")


@cache
def _procedures() -> dict[str, tuple[str, str]]:
    out: dict[str, tuple[str, str]] = {}
    for pack in all_packs().values():
        for proc in pack.data.get("procedures") or ():
            if proc.get("zh"):
                out.setdefault(proc["id"], (proc["zh"], proc.get("en") or proc["zh"]))
    return out


def prose(text: Any) -> str:
    """A pack's explanatory text with the ids it names (parameters, flags, codes) replaced by their words."""

    def word(m: re.Match[str]) -> str:
        ident = m.group(1)
        if ident == "identity.fields":
            return str(_("fields of the text"))
        if ident in _local_parameters():
            zh, en = _local_parameters()[ident]
            return f"“{en if _en() else zh}”"
        proc = _procedures().get(ident)
        if proc is not None:
            return f"“{proc[1] if _en() else proc[0]}”"
        label = flag_label(ident)
        return f"“{label}”" if label != ident else ident

    text = _SNAKE.sub(word, _PROCEDURE_WORD.sub("", in_language(str(text or ""))))
    return _ARTICLE_IN_PROSE.sub(lambda m: article_text(m.group(0)), text)


_ARTICLE_IN_PROSE = re.compile(r"(?<!Art\. )(?<![A-Za-z0-9_.])\d{1,2}\(\d{1,2}\)|第[一二三四五六七八九十百]+条(?:\d+|\([一二三四五六七八九十]+\))")


#: The keys of the engine's evidence (``ConditionResult.detail``) in words.
EVIDENCE_KEYS = {
    "count": _("found"), "min": _("at least"), "max": _("at most"), "members": _("members"),
    "kinds": _("kinds"), "kind": _("kind"), "missing": _("missing"), "missing_groups": _("missing"),
    "share": _("share"), "in_region": _("in the region"), "member_share_in_region": _("share in the region"),
    "required": _("required"), "needed": _("needed"), "since": _("since"), "date": _("date"), "years": _("years"),
    "months": _("months"), "level": _("level"), "levels": _("levels"), "lead": _("lead unit"),
    "legal_person": _("legal person"), "not_matching": _("not matching"), "stage": _("stage"),
    "due": _("due on"), "filed": _("filed on"), "period": _("period"), "why": _("why"),
    "region": _("region"), "objections": _("objections raised"), "open": _("unresolved"),
}

#: The engine's answer on eligibility as a whole (a submission's ``eligibility.status``).
ELIGIBILITY_LABELS = {"eligible": _("All conditions met"), "review": _("Machine-checked conditions met; expert questions remain"),
                      "not_eligible": _("Conditions not met"), "no_pack": _("The regulation is not in force")}


def eligibility_label(status: Any) -> str:
    text = str(status or "")
    return str(ELIGIBILITY_LABELS[text]) if text in ELIGIBILITY_LABELS else (code_label(text) if text else "—")


def evidence_value(value: Any) -> str:
    """One evidence value in words: lists joined, codes labelled, nothing as —."""
    if value is None or value == [] or value == ():
        return "—"
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    if isinstance(value, (list, tuple, set)):
        return "、".join(evidence_value(v) for v in value)
    if isinstance(value, dict):
        return "；".join(f"{code_label(k)}：{evidence_value(v)}" for k, v in value.items())
    return code_label(value)


def evidence(detail: Any) -> list[tuple[str, str]]:
    """(label, value) rows of a condition's evidence, ids left out."""
    rows = []
    for key, value in (detail or {}).items():
        if key in ("once", "op", "type", "source"):
            continue
        if key == "region" and value:
            shown = region_label(value)  # 五华区, not 530102
        elif key == "lead" and value is not None:
            shown = organisation_label(value)  # the lead's name, not its id
        else:
            shown = evidence_value(value)
        rows.append((str(EVIDENCE_KEYS.get(key, code_label(key).replace("_", " "))), shown))
    return rows


def note_text(note: Any) -> str:
    """A ledger note ``"misuse: 挪用…"`` with its leading code in words (``挪用资金：挪用…``)."""
    text = str(note or "")
    code, sep, rest = text.partition(": ")
    if sep and re.fullmatch(r"[a-z_]+", code) and code in CODE_LABELS:
        return f"{code_label(code)}：{rest}"
    return text


def procedure_label(proc_id: Any, pack_id: Any = None) -> str:
    """A procedure's name as its pack writes it (the pack's own when given, else the first pack naming it)."""
    text = str(proc_id or "")
    names = None
    if pack_id:
        for proc in get_pack(str(pack_id)).data.get("procedures") or ():
            if proc["id"] == text and proc.get("zh"):
                names = (proc["zh"], proc.get("en") or proc["zh"])
    names = names or _procedures().get(text)
    if names is None:
        return text
    return names[1] if _en() else names[0]
