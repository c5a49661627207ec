"""Plain pytest (no DB): ``pytest itisa/core/tests/test_identifiers.py -p no:django``."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from stdnum.cn import uscc as stdnum_uscc
from stdnum.exceptions import InvalidFormat

from itisa.core.identifiers import (
    ALPHABET,
    AUTHORITIES,
    USCC,
    InvalidUSCC,
    make_uscc,
    org_code_check_char,
    uscc_check_char,
    validate_uscc,
)

# ---------------------------------------------------------------------------
# Real, published codes. Found with the code-search index over public GitHub
# files (the index returns file ids, not always repository names); each entry
# notes the context in which the code was published. All of them are
# independently re-checked below by a from-scratch implementation of the two
# check-character formulas (_ref_check / _ref_org), not only by validate_uscc.
# Codes that the same search turned up but that FAIL the checksum (e.g.
# "91110000800088421P" labelled 百度网讯, "9133010057462616XH" labelled 阿里云 in
# mock-data files) were treated as fabricated and left out.
REAL_CODES = [
    # 1 机构编制 / 2 事业单位, 100000 中央: 清华大学 — invoice-title (发票抬头,
    # 纳税人识别号) notes in two Tsinghua lab README files and an invoice-OCR test
    # fixture (index file ids 13968903278, 14053105139, 52978636787).
    ("12100000400000624D", "1", "2", "100000"),
    # 北京理工大学 — reimbursement tool's expected buyer tax ids (ids 66164743789,
    # 71198423052), next to its 教育基金会 below.
    ("12100000400009127B", "1", "2", "100000"),
    # 复旦大学 — school list in a front-end repo (id 69678618958).
    ("1210000042500615X0", "1", "2", "100000"),
    # 1 机构编制 / 1 机关, 370000 山东省 — a provincial organ's code used as a data
    # catalogue prefix (id 66030883021); new-style organisation code MB284651X.
    ("11370000MB284651XL", "1", "1", "370000"),
    # 5 民政 / 1 社会团体: 中国医疗保健国际交流促进会 — invoice title in a lab README
    # (id 14021538826).
    ("51100000500012681T", "5", "1", "100000"),
    # 5 民政 / 1 社会团体: 中国复合材料工业协会 — O2OA deployment notes (ids
    # 69508473937, 69472134629).
    ("51100000500009247D", "5", "1", "100000"),
    # 5 民政 / 3 基金会: 北京理工大学教育基金会 (ids 66164743789, 71198423052).
    ("53100000500021676K", "5", "3", "100000"),
    # 5 民政 / 3 基金会: national foundation registered with 民政部 (profile page
    # "登记管理机关：民政部 … 社评基字[2016]第003号", id 17395884697).
    ("53100000500019795A", "5", "3", "100000"),
    # 9 工商 / 1 企业: 华为技术有限公司, 440300 深圳市 (ids 70782283254, 67301006298).
    ("914403001922038216", "9", "1", "440300"),
    # 腾讯科技(深圳)有限公司 and 深圳市腾讯计算机系统有限公司 — a tax-number test
    # listing both (id 55923651001); the first also in an e-sign test (id 39419691035).
    ("9144030071526726XG", "9", "1", "440300"),
    ("91440300708461136T", "9", "1", "440300"),
    # 北京吉野家快餐有限公司 — seller on an invoice-OCR fixture (id 52978636787).
    ("911100006000650192", "9", "1", "110000"),
    # python-stdnum 2.2's own doctest (stdnum/cn/uscc.py).
    ("91110000600037341L", "9", "1", "110000"),
]
# No published N…, Y… or A… code could be found in the search index; those
# authorities are exercised with constructed codes (see test_letter_authorities).


def _ref_check(first17: str) -> str:
    """Independent GB 32100 check char: 31 - (Σ v·3^i mod 31), 31 -> 0."""
    total = sum(ALPHABET.index(c) * pow(3, i, 31) for i, c in enumerate(first17))
    r = 31 - total % 31
    return ALPHABET[0 if r == 31 else r]


def _ref_org(body8: str) -> str:
    """Independent GB 11714 check char."""
    val = {**{str(d): d for d in range(10)}, **{chr(65 + i): 10 + i for i in range(26)}}
    r = 11 - sum(val[c] * w for c, w in zip(body8, (3, 7, 9, 10, 5, 8, 4, 2), strict=True)) % 11
    return {10: "X", 11: "0"}.get(r, str(r))


def _with_valid_check(first17: str) -> str:
    return first17 + _ref_check(first17)


@pytest.mark.parametrize("code,authority,category,region", REAL_CODES)
def test_real_codes(code, authority, category, region):
    assert _ref_check(code[:17]) == code[17]
    assert _ref_org(code[8:16]) == code[16]
    u = validate_uscc(code)
    assert u == USCC(code, authority, category, region, code[8:17], code[17])
    assert u.authority_name == AUTHORITIES[authority].name_zh
    assert u.category_name


def test_normalisation():
    assert validate_uscc(" 9144-0300 71526726xg ").code == "9144030071526726XG"


def test_weights_are_powers_of_three():
    from itisa.core.identifiers import USCC_WEIGHTS

    assert USCC_WEIGHTS == tuple(pow(3, i, 31) for i in range(17))


# --- each rejection reason -------------------------------------------------


def _reason(code: str, **kw) -> str:
    with pytest.raises(InvalidUSCC) as exc:
        validate_uscc(code, **kw)
    err = exc.value
    assert isinstance(err, ValueError)
    assert err.message_zh and err.message_en
    return err.reason_code


def test_reason_length():
    assert _reason("12100000400000624") == "length"
    assert _reason("12100000400000624DD") == "length"
    assert _reason("") == "length"


@pytest.mark.parametrize("bad", ["I", "O", "Z", "S", "V", "*", "中"])
def test_reason_character(bad):
    code = "12100000400000624D"
    assert _reason(code[:10] + bad + code[11:]) == "character"


@pytest.mark.parametrize("auth", ["0", "B", "H", "X"])
def test_reason_authority(auth):
    # otherwise well-formed: correct org-code and GB 32100 check characters
    code = _with_valid_check(auth + "1" + "110000" + "60003734" + _ref_org("60003734"))
    assert _reason(code) == "authority"


@pytest.mark.parametrize("pair", ["94", "Y2", "N4", "A2", "15", "20"])
def test_reason_category(pair):
    code = _with_valid_check(pair + "110000" + "60003734" + _ref_org("60003734"))
    assert _reason(code) == "category"


def test_category_99_only_in_extended_table():
    code = _with_valid_check("99110000" + "60003734" + _ref_org("60003734"))
    assert validate_uscc(code).category == "9"
    assert _reason(code, allow_extended=False) == "category"


def test_reason_region():
    code = _with_valid_check("91" + "11A000" + "60003734" + _ref_org("60003734"))
    assert _reason(code) == "region"


def test_reason_org_code():
    # change the embedded organisation-code check char (pos 17) and recompute the
    # USCC check so that only the GB 11714 check fails
    good = "12100000400000624D"
    wrong = "5" if good[16] != "5" else "6"
    code = _with_valid_check(good[:16] + wrong)
    assert _reason(code) == "org_code"
    assert validate_uscc(code, check_org_code=False).code == code


def test_reason_check():
    assert _reason("12100000400000624E") == "check"
    assert _reason("914403001922038217") == "check"


def test_extended_authorities_switch():
    g = make_uscc("G", "1", "110000", "MA000000")
    assert validate_uscc(g).authority == "G"
    assert _reason(g, allow_extended=False) == "authority"
    village = make_uscc("5", "4", "410322", "MA000001")
    assert validate_uscc(village).category_name == "村民委员会"
    assert _reason(village, allow_extended=False) == "category"


# --- python-stdnum gap ------------------------------------------------------


def test_letter_authorities_accepted_where_stdnum_rejects():
    for auth, cat in [("N", "2"), ("N", "1"), ("Y", "1"), ("A", "1")]:
        code = make_uscc(auth, cat, "410322", "MA3X0000")
        assert code[17] == _ref_check(code[:17])
        assert code[16] == _ref_org(code[8:16])
        assert validate_uscc(code).authority == auth
        with pytest.raises(InvalidFormat):
            stdnum_uscc.validate(code)


def test_stdnum_accepts_what_we_reject():
    # stdnum does not know the authority table nor the GB 11714 check
    bad_auth = _with_valid_check("01110000" + "60003734" + _ref_org("60003734"))
    assert stdnum_uscc.validate(bad_auth) == bad_auth
    assert _reason(bad_auth) == "authority"
    bad_org = _with_valid_check("12100000400000625")
    assert stdnum_uscc.validate(bad_org) == bad_org
    assert _reason(bad_org) == "org_code"


# --- make_uscc --------------------------------------------------------------


def test_make_uscc_round_trip_real_codes():
    for code, authority, category, region in REAL_CODES:
        assert make_uscc(authority, category, region, code[8:16]) == code


@pytest.mark.parametrize(
    "args",
    [
        ("0", "1", "110000", "60003734"),
        ("9", "5", "110000", "60003734"),
        ("9", "1", "11000", "60003734"),
        ("9", "1", "11000A", "60003734"),
        ("9", "1", "110000", "6000373"),
        ("9", "1", "110000", "6000373I"),
    ],
)
def test_make_uscc_rejects_bad_parts(args):
    with pytest.raises(ValueError):
        make_uscc(*args)


def test_check_helpers_match_reference():
    assert uscc_check_char("12100000400000624") == "D"
    assert org_code_check_char("40000062") == "4"


# --- properties -------------------------------------------------------------

_PAIRS = sorted(a + c for a, auth in AUTHORITIES.items() for c in auth.categories)
pairs = st.sampled_from(_PAIRS)
regions = st.text(alphabet="0123456789", min_size=6, max_size=6)
bodies = st.text(alphabet=ALPHABET, min_size=8, max_size=8)


@settings(max_examples=500)
@given(pairs, regions, bodies)
def test_make_uscc_always_validates(pair, region, body):
    code = make_uscc(pair[0], pair[1], region, body)
    u = validate_uscc(code)
    assert (u.authority, u.category, u.region_code, u.org_code[:8]) == (pair[0], pair[1], region, body)
    assert code[17] == _ref_check(code[:17]) == stdnum_uscc.calc_check_digit(code[:17])
    assert code[16] == _ref_org(body)
    if code[:8].isdigit():  # stdnum agrees wherever its format rule applies
        assert stdnum_uscc.validate(code) == code


@settings(max_examples=1000)
@given(pairs, regions, bodies, st.integers(0, 17), st.sampled_from(ALPHABET + "IOZSV*#"))
def test_any_single_substitution_is_detected(pair, region, body, pos, new):
    code = make_uscc(pair[0], pair[1], region, body)
    if code[pos] == new:
        return
    mutated = code[:pos] + new + code[pos + 1 :]
    with pytest.raises(InvalidUSCC):
        validate_uscc(mutated)
    # the GB 32100 check alone catches it (with any 31-alphabet symbol), even
    # with every other rule switched off
    if new in ALPHABET:
        assert _ref_check(mutated[:17]) != mutated[17]
