"""Article references as the texts write them: one implementation for the engine's formulas and the labels."""

from hypothesis import given
from hypothesis import strategies as st

from policy.articles import article_words, cn_number, from_cn


@given(st.integers(min_value=1, max_value=199))
def test_chinese_article_numbers_read_back(n):
    assert from_cn(cn_number(n)) == n


def test_numbers_in_the_hundreds_read_as_written():
    assert cn_number(105) == "一百零五" and cn_number(111) == "一百一十一" and cn_number(120) == "一百二十"


def test_references_in_both_languages():
    assert article_words("11") == ("第十一条", "Art. 11")
    assert article_words("6(2)") == ("第六条第（二）项", "Art. 6(2)")
    assert article_words("第十条1") == ("第十条第1项", "Art. 10 item 1")
    assert article_words("第六条(一)后段") == ("第六条第（一）项后段", "Art. 6(1) (latter part)")
    assert article_words("序言") == ("序言", "序言")
