"""An article reference as the texts write it, in both languages: one implementation for the engine's
formulas and the apps' labels (``policy.api.article_words``)."""

from __future__ import annotations

import re
from typing import Any

_CN_DIGITS = "零一二三四五六七八九"
_ARTICLE = re.compile(r"^(?:第(?P<cn>[零一二三四五六七八九十百]+)条|(?P<num>\d+))(?P<rest>.*)$")
_ITEM = re.compile(r"^\s*(?:[(（](?P<cn>[一二三四五六七八九十]+|\d+)[)）]|(?P<num>\d+))(?P<rest>.*)$")


def cn_number(n: int) -> str:
    """11 → 十一, 20 → 二十, 105 → 一百零五, 111 → 一百一十一 (article numbers)."""
    if n < 10:
        return _CN_DIGITS[n]
    if n < 20:
        return "十" + (_CN_DIGITS[n % 10] if n % 10 else "")
    if n < 100:
        return _CN_DIGITS[n // 10] + "十" + (_CN_DIGITS[n % 10] if n % 10 else "")
    rest = n % 100
    tail = "" if not rest else ("零" + _CN_DIGITS[rest] if rest < 10 else cn_number(rest) if rest >= 20 else "一" + cn_number(rest))
    return _CN_DIGITS[n // 100] + "百" + tail


def from_cn(text: str) -> int:
    """十一 → 11 (the inverse of :func:`cn_number`); digits are read as they are."""
    if text.isdigit():
        return int(text)
    total, current = 0, 0
    for ch in text:
        if ch == "百":
            total += (current or 1) * 100
            current = 0
        elif ch == "十":
            total += (current or 1) * 10
            current = 0
        else:
            current = _CN_DIGITS.index(ch)
    return total + current


def article_words(article: Any) -> tuple[str, str]:
    """(zh, en) of a pack's article reference: ``11`` → 第十一条 / Art. 11, ``6(2)`` → 第六条第（二）项 /
    Art. 6(2), ``第十条1`` → 第十条第1项 / Art. 10 item 1. Anything else (a preamble, a chapter) is left as
    written, in both."""
    text = str(article or "").strip()
    m = _ARTICLE.match(text)
    if not m:
        return text, text
    number = m["num"] or m["cn"]
    rest = m["rest"]
    zh_head = f"第{cn_number(int(number))}条" if m["num"] else f"第{number}条"
    en_head = f"Art. {from_cn(number)}"
    item = _ITEM.match(rest) if rest else None
    if item is None:
        return zh_head + rest, en_head + (f" {rest.strip()}" if rest.strip() else "")
    tail = item["rest"] or ""
    en_tail = tail.replace("后段", " (latter part)").replace("前段", " (first part)")
    if item["cn"]:
        mark = item["cn"]
        if mark.isdigit():
            mark = cn_number(int(mark))
        return f"{zh_head}第（{mark}）项{tail}", f"{en_head}({from_cn(mark)}){en_tail}"
    return f"{zh_head}第{item['num']}项{tail}", f"{en_head} item {item['num']}{en_tail}"
