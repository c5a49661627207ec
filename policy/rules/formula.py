"""The formula of an amount in words, both languages in one ``"中文 / English"`` string (issue 10 §1).

Only generic formatting lives here: amounts in 万元 without trailing zeros, rates as percentages, a cap as
"最高…万元 / at most …" and the article it comes from. Levels are named by the pack (``level_words``)."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Any

from ..articles import article_words
from .common import fmt, pct


def article(text: Any) -> tuple[str, str]:
    """(zh, en) of an article reference (:func:`policy.articles.article_words`)."""
    return article_words(text)


def wan(x: Decimal | None) -> tuple[str, str]:
    """(zh, en) of an amount: ``20.0000`` → 20万元 / 20."""
    if x is None:
        return "—", "—"
    return f"{fmt(x)}万元", fmt(x)


def both(zh: str, en: str) -> str:
    return f"{zh} / {en}"


def cap(amount: Decimal, art: str, *, yearly: bool = False) -> tuple[str, str]:
    """A cap as the text gives it, citing its article: 最高100万元（第九条） / at most 100 (Art. 9)."""
    azh, aen = article(art)
    z, e = wan(amount)
    return (f"{'每年' if yearly else ''}最高{z}（{azh}）",
            f"at most {e}{' a year' if yearly else ''} ({aen})")


def capped(base: Decimal, rate: Fraction, raw: Decimal, cw: tuple[str, str], used: Decimal, left: Decimal,
            a: Decimal) -> str:
    """base × rate, limited by the cap less what was already paid under it."""
    zh = f"{wan(base)[0]} × {pct(rate)} = {wan(raw)[0]}；{cw[0]}"
    en = f"{fmt(base)} × {pct(rate)} = {fmt(raw)}; {cw[1]}"
    if used:
        zh += f"，已用{wan(used)[0]}，余{wan(left)[0]}"
        en += f", used {fmt(used)}, {fmt(left)} left"
    return both(f"{zh} → {wan(a)[0]}", f"{en} → {fmt(a)}")


def between(lo: Decimal | None, hi: Decimal | None, decided: Decimal | None, art: str) -> str:
    """A range the bureau decides within, as the article gives it."""
    azh, aen = article(art)
    if hi is None:
        zh, en = f"原文未规定金额，由主管部门决定（{azh}）", f"no amount in the text; the bureau decides ({aen})"
    elif lo is None:
        zh, en = f"最高{wan(hi)[0]}，由主管部门决定（{azh}）", f"at most {fmt(hi)}, decided by the bureau ({aen})"
    else:
        zh, en = f"在{wan(lo)[0]}至{wan(hi)[0]}之间决定（{azh}）", f"decided between {fmt(lo)} and {fmt(hi)} ({aen})"
    if decided is not None:
        zh, en = f"{zh}：决定{wan(decided)[0]}", f"{en}: {fmt(decided)}"
    return both(zh, en)


def yearly(cw: tuple[str, str], used: Decimal, left: Decimal, spent: Decimal | None, decided: Decimal | None,
            amount: Decimal | None) -> str:
    """A yearly cap less what the year already used; the spending and the decision when known."""
    zh = f"{cw[0]} − 已用{wan(used)[0]} = 余{wan(left)[0]}"
    en = f"{cw[1]} − used {fmt(used)} = {fmt(left)} left"
    if spent is not None:
        zh += f"；实际支出{wan(spent)[0]}"
        en += f"; actual spending {fmt(spent)}"
    if decided is not None:
        zh += f"；决定{wan(decided)[0]} → {wan(amount)[0]}"
        en += f"; decided {fmt(decided)} → {fmt(amount)}"
    return both(zh, en)
