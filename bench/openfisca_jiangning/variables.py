"""Jiangning's conditions (第六条) and money (第十条) as OpenFisca variables.

Source: 江宁区产业技术创新战略联盟认定管理暂行办法 (seed 003). Amounts are in 万元 and, OpenFisca being
OpenFisca, float32: compare with the engine's Decimals to a tolerance, never for equality.

Every variable is defined by year; the facts are per alliance; dates are numpy day numbers
(``datetime64[D]``, days since 1970-01-01), one ``as_of_date`` per alliance so a whole register can be
judged on one date in one vectorised run.
"""

from datetime import date

import numpy
from openfisca_core.indexed_enums import Enum
from openfisca_core.periods import DateUnit
from openfisca_core.variables import Variable

from .entities import Alliance

REG = "江宁区产业技术创新战略联盟认定管理暂行办法"


def add_months(days, months):
    """Calendar month addition on a datetime64[D] array, clamped to the month's last day
    (2019-01-31 + 1 month = 2019-02-28), as ``dateutil.relativedelta`` does."""
    days = numpy.asarray(days, dtype="datetime64[D]")
    month = days.astype("datetime64[M]")
    day_of_month = (days - month.astype("datetime64[D]")).astype(numpy.int64)
    target = month + numpy.asarray(months, dtype=numpy.int64)
    last_day = ((target + 1).astype("datetime64[D]") - target.astype("datetime64[D]")).astype(numpy.int64) - 1
    return target.astype("datetime64[D]") + numpy.minimum(day_of_month, last_day)


class LeadKind(Enum):
    __order__ = "enterprise new_rnd_institution university research_institute other"
    enterprise = "企业"
    new_rnd_institution = "新型研发机构"
    university = "高校"
    research_institute = "科研院所"
    other = "其他"


class Level(Enum):
    __order__ = "none district municipal provincial national"
    none = "未认定"
    district = "区级"
    municipal = "市级"
    provincial = "省级"
    national = "国家级"


def _input(name, value_type, label, reference, **extra):
    attrs = {
        "value_type": value_type,
        "entity": Alliance,
        "definition_period": DateUnit.YEAR,
        "label": label,
        "reference": f"{REG} {reference}" if reference else None,
        **extra,
    }
    if attrs["reference"] is None:
        del attrs["reference"]
    return type(name, (Variable,), attrs)


# ---- inputs ------------------------------------------------------------------------------------------
INPUTS = [
    _input("as_of_date", date, "date the alliance is judged on", None),
    _input("founded_date", date, "date the alliance was founded", "第六条2"),
    _input("member_count", int, "member units (the lead included)", "第六条2"),
    _input("legal_person_member_count", int, "member units with independent legal personality", "第六条1"),
    _input("enterprise_member_count", int, "member units that are enterprises", "第六条1"),
    _input("district_legal_person_member_count", int,
           "member units registered in the district with independent legal personality", "第十条2"),
    _input("district_member_count", int, "member units registered in the district", "第六条2"),
    _input("lead_kind", Enum, "kind of the lead unit", "第六条2",
           possible_values=LeadKind, default_value=LeadKind.other),
    _input("lead_in_district", bool, "lead unit registered in the district", "第六条2"),
    _input("lead_independent_legal_person", bool, "lead unit is an independent legal person", "第六条2"),
    _input("agreement_signed_by_all", bool, "agreement or charter signed by all members' legal persons", "第六条3"),
    _input("has_outward_responsible_party", bool, "明确的对外责任主体", "第六条3"),
    _input("has_internal_executive_body", bool, "对内执行机构", "第六条3"),
    _input("has_rules_of_procedure", bool, "议事规程", "第六条3"),
    _input("has_full_time_staff", bool, "专职工作人员", "第六条3"),
    _input("has_funding_mechanism", bool, "经费保障机制", "第六条3"),
    _input("has_plan_short_mid_term", bool, "中短期发展规划", "第六条4"),
    _input("has_plan_long_term", bool, "长期发展规划", "第六条4"),
    _input("has_open_membership", bool, "开放的发展机制，吸收新的会员", "第六条5"),
    _input("has_ip_ownership_rules", bool, "科技成果及知识产权权属确认机制", "第六条5"),
    _input("has_benefit_distribution_rules", bool, "对外成果许可、转化收益分配办法", "第六条5"),
    _input("level", Enum, "highest level the alliance is recognised at", "第十条1",
           possible_values=Level, default_value=Level.none),
    _input("recognised_date", date, "date of recognition as a district alliance", "第十条10"),
    _input("one_off_already_paid", float, "one-off subsidy already paid under 第十条1 (万元)", "第十条1"),
    _input("recipient_is_enterprise", bool,
           "the project holder is an enterprise with independent legal personality", "第十条3"),
    _input("national_allocation", float, "国拨经费 of national major S&T projects (万元)", "第十条3"),
    _input("provincial_allocation", float, "省拨经费 of provincial key R&D projects (万元)", "第十条3"),
    _input("exchange_spending", float, "actual spending on exchanges, forums, exhibitions this year (万元)",
           "第十条6"),
    _input("exchange_filed", bool, "the exchange activity was filed (经备案)", "第十条6"),
    _input("exchange_led_by_alliance", bool, "the alliance led the exchange activity (联盟牵头)", "第十条6"),
    _input("operates_well", bool,
           "this year's operating evaluation: operates normally with good results", "第十条10"),
    _input("graded_poor_this_year", bool, "this year's operating evaluation: poor results", "第十二条"),
    _input("graded_poor_last_year", bool, "last year's operating evaluation: poor results", "第十二条"),
    _input("standards_international", int, "international standards the alliance took part in", "第十条8"),
    _input("standards_national", int, "national standards the alliance took part in", "第十条8"),
    _input("standards_industry", int, "industry standards the alliance took part in", "第十条8"),
]


# ---- 第六条 conditions --------------------------------------------------------------------------------
class meets_members_legal_persons(Variable):
    value_type = bool
    entity = Alliance
    definition_period = DateUnit.YEAR
    label = "成员为具备独立法人资格的单位和组织"
    reference = f"{REG} 第六条1"

    def formula(alliance, period):
        return alliance("legal_person_member_count", period) == alliance("member_count", period)


class meets_enterprise_member(Variable):
    value_type = bool
    entity = Alliance
    definition_period = DateUnit.YEAR
    label = "成员中有企业"
    reference = f"{REG} 第六条1"

    def formula(alliance, period):
        return alliance("enterprise_member_count", period) >= 1


class meets_min_members(Variable):
    value_type = bool
    entity = Alliance
    definition_period = DateUnit.YEAR
    label = "成员单位不少于 20 家"
    reference = f"{REG} 第六条2"

    def formula(alliance, period, parameters):
        p = parameters(period).jiangning.eligibility
        return alliance("member_count", period) >= p.min_members


class meets_district_share(Variable):
    value_type = bool
    entity = Alliance
    definition_period = DateUnit.YEAR
    label = "区内成员单位比例不少于三分之二"
    reference = f"{REG} 第六条2"

    def formula(alliance, period, parameters):
        p = parameters(period).jiangning.eligibility
        total = alliance("member_count", period).astype(numpy.int64)
        local = alliance("district_member_count", period).astype(numpy.int64)
        # integer cross-multiplication: local / total >= 2/3, with no float in between
        return (total > 0) & (local * int(p.district_share_denominator) >= total * int(p.district_share_numerator))


class eligible_from_date(Variable):
    value_type = date
    entity = Alliance
    definition_period = DateUnit.YEAR
    label = "first day the alliance is 3 months old"
    reference = f"{REG} 第六条2"

    def formula(alliance, period, parameters):
        months = int(parameters(period).jiangning.eligibility.min_age_months)
        return add_months(alliance("founded_date", period), months)


class meets_min_age(Variable):
    value_type = bool
    entity = Alliance
    definition_period = DateUnit.YEAR
    label = "成立 3 个月以上"
    reference = f"{REG} 第六条2"

    def formula(alliance, period):
        return alliance("as_of_date", period) >= alliance("eligible_from_date", period)


class meets_lead_condition(Variable):
    value_type = bool
    entity = Alliance
    definition_period = DateUnit.YEAR
    label = "牵头单位为区内具备独立法人资格的龙头企业或新型研发机构"
    reference = f"{REG} 第六条2"

    def formula(alliance, period):
        kind = alliance("lead_kind", period)
        return (
            alliance("lead_in_district", period)
            * alliance("lead_independent_legal_person", period)
            * ((kind == LeadKind.enterprise) + (kind == LeadKind.new_rnd_institution))
        )


class meets_agreement_and_organs(Variable):
    value_type = bool
    entity = Alliance
    definition_period = DateUnit.YEAR
    label = "协议或章程、对外责任主体、执行机构、议事规程、专职人员、经费保障"
    reference = f"{REG} 第六条3"

    def formula(alliance, period):
        return (
            alliance("agreement_signed_by_all", period)
            * alliance("has_outward_responsible_party", period)
            * alliance("has_internal_executive_body", period)
            * alliance("has_rules_of_procedure", period)
            * alliance("has_full_time_staff", period)
            * alliance("has_funding_mechanism", period)
        )


class meets_development_plans(Variable):
    value_type = bool
    entity = Alliance
    definition_period = DateUnit.YEAR
    label = "明确的中短期和长期发展规划"
    reference = f"{REG} 第六条4"

    def formula(alliance, period):
        return alliance("has_plan_short_mid_term", period) * alliance("has_plan_long_term", period)


class meets_openness(Variable):
    value_type = bool
    entity = Alliance
    definition_period = DateUnit.YEAR
    label = "开放的发展机制；知识产权权属确认机制；成果许可、转化收益分配办法"
    reference = f"{REG} 第六条5"

    def formula(alliance, period):
        return (
            alliance("has_open_membership", period)
            * alliance("has_ip_ownership_rules", period)
            * alliance("has_benefit_distribution_rules", period)
        )


CONDITIONS = [
    "meets_members_legal_persons",
    "meets_enterprise_member",
    "meets_min_members",
    "meets_district_share",
    "meets_min_age",
    "meets_lead_condition",
    "meets_agreement_and_organs",
    "meets_development_plans",
    "meets_openness",
]


class eligible(Variable):
    value_type = bool
    entity = Alliance
    definition_period = DateUnit.YEAR
    label = "meets every machine-checkable basic condition for recognition"
    reference = f"{REG} 第六条"

    def formula(alliance, period):
        result = alliance(CONDITIONS[0], period)
        for name in CONDITIONS[1:]:
            result = result * alliance(name, period)
        return result


# ---- 第十条 money ------------------------------------------------------------------------------------
class is_recognised(Variable):
    value_type = bool
    entity = Alliance
    definition_period = DateUnit.YEAR
    label = "经过区科技局认定 (support applies to recognised alliances only)"
    reference = f"{REG} 第十条"

    def formula(alliance, period):
        return alliance("level", period) != Level.none


class support_withdrawn(Variable):
    value_type = bool
    entity = Alliance
    definition_period = DateUnit.YEAR
    label = "连续两年运营成效不好：取消联盟及其成员单位享受区级扶持政策权利"
    reference = f"{REG} 第十二条"

    def formula(alliance, period):
        return alliance("graded_poor_this_year", period) * alliance("graded_poor_last_year", period)


class supported(Variable):
    value_type = bool
    entity = Alliance
    definition_period = DateUnit.YEAR
    label = "recognised, and district support not withdrawn"
    reference = f"{REG} 第十条, 第十二条"

    def formula(alliance, period):
        return alliance("is_recognised", period) * numpy.logical_not(alliance("support_withdrawn", period))


class national_member_award(Variable):
    value_type = float
    entity = Alliance
    definition_period = DateUnit.YEAR
    unit = "万元"
    label = "20 once to each district member (independent legal person) of a national alliance, summed"
    reference = f"{REG} 第十条2"

    def formula(alliance, period, parameters):
        amount = parameters(period).jiangning.money.national_member_award
        national = alliance("level", period) == Level.national
        return (
            alliance("district_legal_person_member_count", period) * amount
            * national * alliance("supported", period)
        )


class one_off_subsidy(Variable):
    value_type = float
    entity = Alliance
    definition_period = DateUnit.YEAR
    unit = "万元"
    label = "cumulative one-off subsidy by highest level, minus what was already paid"
    reference = f"{REG} 第十条1"

    def formula(alliance, period, parameters):
        p = parameters(period).jiangning.money.cumulative_subsidy
        level = alliance("level", period)
        cumulative = numpy.select(
            [level == Level.district, level == Level.municipal, level == Level.provincial, level == Level.national],
            [p.district, p.municipal, p.provincial, p.national],
            0,
        )
        due = numpy.maximum(cumulative - alliance("one_off_already_paid", period), 0)
        return due * alliance("supported", period)


class matching_support(Variable):
    value_type = float
    entity = Alliance
    definition_period = DateUnit.YEAR
    unit = "万元"
    label = "50 % of the national allocation + 25 % of the provincial allocation, enterprises only"
    reference = f"{REG} 第十条3"

    def formula(alliance, period, parameters):
        p = parameters(period).jiangning.money.matching
        amount = (
            alliance("national_allocation", period) * p.national_rate
            + alliance("provincial_allocation", period) * p.provincial_rate
        )
        return amount * alliance("supported", period) * alliance("recipient_is_enterprise", period)


class exchange_subsidy_max(Variable):
    value_type = float
    entity = Alliance
    definition_period = DateUnit.YEAR
    unit = "万元"
    label = "upper end of the exchange subsidy: actual spending, at most 30 a year"
    reference = f"{REG} 第十条6"

    def formula(alliance, period, parameters):
        cap = parameters(period).jiangning.money.exchange_cap
        counted = (
            alliance("exchange_spending", period)
            * alliance("exchange_filed", period)
            * alliance("exchange_led_by_alliance", period)
        )
        return numpy.minimum(counted, cap) * alliance("supported", period)


class standards_award(Variable):
    value_type = float
    entity = Alliance
    definition_period = DateUnit.YEAR
    unit = "万元"
    label = "30 / 20 / 10 per international / national / industry standard"
    reference = f"{REG} 第十条8"

    def formula(alliance, period, parameters):
        p = parameters(period).jiangning.money.standard_award
        amount = (
            alliance("standards_international", period) * p.international
            + alliance("standards_national", period) * p.national
            + alliance("standards_industry", period) * p.industry
        )
        return amount * alliance("supported", period)


class operating_evaluation_due_date(Variable):
    value_type = date
    entity = Alliance
    definition_period = DateUnit.YEAR
    label = "date the alliance has been recognised for 1 year (first operating evaluation)"
    reference = f"{REG} 第十条10"

    def formula(alliance, period, parameters):
        years = int(parameters(period).jiangning.money.operating_subsidy.min_recognised_years)
        return add_months(alliance("recognised_date", period), 12 * years)


class operating_subsidy_eligible(Variable):
    value_type = bool
    entity = Alliance
    definition_period = DateUnit.YEAR
    label = "recognised ≥ 1 year, operating normally with good results"
    reference = f"{REG} 第十条10"

    def formula(alliance, period):
        return (
            alliance("supported", period)
            * (alliance("as_of_date", period) >= alliance("operating_evaluation_due_date", period))
            * alliance("operates_well", period)
        )


class operating_subsidy_min(Variable):
    value_type = float
    entity = Alliance
    definition_period = DateUnit.YEAR
    unit = "万元"
    label = "lower end of the yearly operating subsidy"
    reference = f"{REG} 第十条10"

    def formula(alliance, period, parameters):
        p = parameters(period).jiangning.money.operating_subsidy
        return alliance("operating_subsidy_eligible", period) * p.minimum


class operating_subsidy_max(Variable):
    value_type = float
    entity = Alliance
    definition_period = DateUnit.YEAR
    unit = "万元"
    label = "upper end of the yearly operating subsidy"
    reference = f"{REG} 第十条10"

    def formula(alliance, period, parameters):
        p = parameters(period).jiangning.money.operating_subsidy
        return alliance("operating_subsidy_eligible", period) * p.maximum


class total_min(Variable):
    value_type = float
    entity = Alliance
    definition_period = DateUnit.YEAR
    unit = "万元"
    label = "sum of the lower ends (the exchange subsidy's lower end is 0: 视实际支出、活动成效)"
    reference = f"{REG} 第十条"

    def formula(alliance, period):
        return (
            alliance("one_off_subsidy", period)
            + alliance("national_member_award", period)
            + alliance("matching_support", period)
            + alliance("standards_award", period)
            + alliance("operating_subsidy_min", period)
        )


class total_max(Variable):
    value_type = float
    entity = Alliance
    definition_period = DateUnit.YEAR
    unit = "万元"
    label = "sum of the upper ends"
    reference = f"{REG} 第十条"

    def formula(alliance, period):
        return (
            alliance("one_off_subsidy", period)
            + alliance("national_member_award", period)
            + alliance("matching_support", period)
            + alliance("standards_award", period)
            + alliance("exchange_subsidy_max", period)
            + alliance("operating_subsidy_max", period)
        )


FORMULAS = [
    meets_members_legal_persons, meets_enterprise_member, meets_min_members, meets_district_share, eligible_from_date, meets_min_age, meets_lead_condition,
    meets_agreement_and_organs, meets_development_plans, meets_openness, eligible,
    is_recognised, support_withdrawn, supported, national_member_award, one_off_subsidy, matching_support, exchange_subsidy_max, standards_award,
    operating_evaluation_due_date, operating_subsidy_eligible, operating_subsidy_min, operating_subsidy_max,
    total_min, total_max,
]

INPUT_NAMES = [v.__name__ for v in INPUTS]

#: what one case reports: eligibility, each condition, the deadlines, every amount
OUTPUTS = [
    "eligible", *CONDITIONS, "eligible_from_date",
    "support_withdrawn", "one_off_subsidy", "national_member_award", "matching_support", "exchange_subsidy_max", "standards_award",
    "operating_subsidy_min", "operating_subsidy_max", "operating_evaluation_due_date",
    "total_min", "total_max",
]
