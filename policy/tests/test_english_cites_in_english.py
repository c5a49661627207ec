"""English pack text cites its articles in English (Art. 12), never as 第十二条: an English page reads only
English where a translation exists (issue 10 §1)."""

import re

from policy.api import all_packs, get_pack

CHINESE_ARTICLE = re.compile(r"第[一二三四五六七八九十百]+条")


def _english(node, path="", out=None):
    out = [] if out is None else out
    if isinstance(node, dict):
        for k, v in node.items():
            if k == "en" and isinstance(v, str):
                out.append((f"{path}.en", v))
            else:
                _english(v, f"{path}.{k}", out)
    elif isinstance(node, list):
        for i, v in enumerate(node):
            _english(v, f"{path}[{i}]", out)
    return out


def test_no_english_text_of_any_pack_cites_an_article_in_chinese():
    import yaml

    found = []
    for pack_id in all_packs():
        pack = get_pack(pack_id)
        with open(pack.path, encoding="utf-8") as f:
            for where, text in _english(yaml.safe_load(f)):
                if CHINESE_ARTICLE.search(text):
                    found.append(f"{pack_id} {where}: {text[:80]}")
    assert not found, "\n".join(found)
