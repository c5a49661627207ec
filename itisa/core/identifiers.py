"""统一社会信用代码 (Unified Social Credit Code, USCC) — GB 32100-2015.

Pure Python (no Django import).

Layout of the 18 characters::

    pos 1      登记管理部门代码  registration-authority code
    pos 2      机构类别代码      category code (meaning depends on the authority)
    pos 3–8    登记管理机关行政区划码  GB/T 2260 division code of the registering office
    pos 9–17   主体标识码(组织机构代码) GB 11714 organisation code: 8 body chars + 1 check char
    pos 18     校验码            GB 32100 check character

Alphabet: ``0-9`` and the capital letters except I, O, Z, S, V
(``0123456789ABCDEFGHJKLMNPQRTUWXY``, 31 symbols; a symbol's value is its index).

Check character (pos 18)::

    C18 = ALPHABET[(31 - Σ value(c_i)·W_i mod 31) mod 31],  W = 3**i mod 31 =
    1 3 9 27 19 26 16 17 20 29 25 13 8 24 10 30 28

Embedded organisation-code check (pos 17, GB 11714)::

    C9 = 11 - (Σ value(c_i)·w_i mod 11),  w = 3 7 9 10 5 8 4 2,
    digits value 0–9, letters A=10 … Z=35; C9 == 10 → 'X', C9 == 11 → '0'

Because every weight W_i is non-zero modulo the prime 31, changing any one of the
first 17 symbols to another symbol of the alphabet changes the weighted sum by a
non-zero amount mod 31, so every single-character substitution is detected.

Authority / category table
--------------------------
:data:`AUTHORITIES` maps each authority code to its name and category codes.
Every entry records where it comes from (``source``):

* ``"GB32100"`` — 1 机构编制, 5 民政, 9 工商, Y 其他: the four authorities
  usually quoted from GB 32100-2015 ("1代表机构编制、5代表民政、9代表工商、
  Y代表其他", e.g. http://www.51517777.com/post/31787.html). Categories
  11 12 13 19 / 51 52 53 59 / 91 92 93 / Y1.
* ``"assigned"`` — 2 外交, 3 司法行政, 4 文化, 6 旅游, 7 宗教, 8 工会,
  A 中央军委改革和编制办公室, N 农业 (rural collective economic
  organisations) with their categories. Transcribed from
  ``wanghanwanghan/someUtils`` ``src/moudles/nsrsbh/nsrsbhToType.php`` @
  ``4731e0b55de299efb4b34240387536f0a50ed7b7`` (which cites a local statistics
  bureau page, scmiyi.gov.cn/…/1887316.shtml) and cross-checked against
  ``howardli/CredentialKit`` ``src/main/java/com/xiahaimoyu/credentialkit/enums/
  OrgCategory.java`` @ ``4c193fe6262d2aa89fca2751c4db3fcf23ac66ea`` (the two
  agree on these, except that CredentialKit omits 32–35 and names A1
  军队文职人员用人单位 instead of 军队事业单位).
* ``"extended"`` — codes present only in the newer CredentialKit table:
  authorities G 公安(境外非政府组织代表机构), J 住房城乡建设(业主大会),
  Q 侨联, and categories 36 商事调解组织, 54 村民委员会, 55 居民委员会,
  82 非法人工会组织, 99 工商-其他. Accepted by default (real codes carry them);
  pass ``allow_extended=False`` to reject them.

None of this was checked against the text of the standard itself (not
available here); see the module's report for what was and was not verified.

python-stdnum
-------------
:mod:`stdnum.cn.uscc` (python-stdnum 2.2) is used for normalisation
(:func:`stdnum.cn.uscc.compact`: strips spaces and ``-``, upper-cases) and for
the GB 32100 check character (:func:`stdnum.cn.uscc.calc_check_digit`, same
alphabet, same weights, ``(31 - total) % 31``). Its :func:`~stdnum.cn.uscc.validate`
is **not** used, because:

1. it requires ``number[:8]`` to be all digits (``isdigits(number[:8])``), so it
   raises ``InvalidFormat`` for every code whose authority (pos 1) is a letter —
   A (军队), N (农村集体经济组织), Y (其他), G, J, Q — and would also reject a
   letter category (pos 2). Its own doctest asserts
   ``validate('A1110000600037341L')`` raises ``InvalidFormat``, i.e. the
   rejection is deliberate, but real codes such as ``N2…`` village collectives
   exist;
2. it does not check the authority code against the table, nor the category
   code against the authority (``'0'`` or ``'4'`` as authority passes);
3. it does not check the GB 11714 check character embedded at pos 17;
4. for pos 9–18 it only checks membership in the 31-symbol alphabet, and for
   pos 3–8 only that they are digits (as here: whether the division code exists
   is left to the caller, see ``itisa.register.regions_data``).
"""

from __future__ import annotations

from dataclasses import dataclass

from stdnum.cn import uscc as _stdnum_uscc

__all__ = [
    "ALPHABET",
    "AUTHORITIES",
    "USCC",
    "InvalidUSCC",
    "make_uscc",
    "org_code_check_char",
    "uscc_check_char",
    "validate_uscc",
]

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
FORBIDDEN_LETTERS = "IOZSV"

_VALUE = {c: i for i, c in enumerate(ALPHABET)}
# GB 11714 values digits 0-9 and letters A=10 … Z=35 (all 26 letters); inside a
# USCC only letters of ALPHABET can occur, but keep the general mapping.
_ORG_VALUE = {str(d): d for d in range(10)} | {chr(65 + i): 10 + i for i in range(26)}

# Pre-multiplied tables for make_uscc (hot path): _USCC_TAB[i][ch] = value(ch) * W_i
_USCC_TAB = tuple({c: v * w for c, v in _VALUE.items()} for w in USCC_WEIGHTS)
_ORG_TAB = tuple({c: v * w for c, v in _ORG_VALUE.items() if c in _VALUE} for w in ORG_WEIGHTS)
_ORG_CHECK = {r: ("X" if 11 - r == 10 else "0" if 11 - r == 11 else str(11 - r)) for r in range(11)}


@dataclass(frozen=True)
class _Authority:
    name_zh: str
    name_en: str
    categories: dict[str, str]  # category code -> 中文名称
    source: str  # "GB32100" | "assigned" | "extended"
    extended_categories: frozenset[str] = frozenset()


AUTHORITIES: dict[str, _Authority] = {
    "1": _Authority(
        "机构编制",
        "institutional establishment (bianzhi) offices",
        {"1": "机关", "2": "事业单位", "3": "中央编办直接管理机构编制的群众团体", "9": "其他"},
        "GB32100",
    ),
    "2": _Authority("外交", "foreign affairs", {"1": "外国常驻新闻机构", "9": "其他"}, "assigned"),
    "3": _Authority(
        "司法行政",
        "justice administration",
        {
            "1": "律师执业机构",
            "2": "公证处",
            "3": "基层法律服务所",
            "4": "司法鉴定机构",
            "5": "仲裁委员会",
            "6": "商事调解组织",
            "9": "其他",
        },
        "assigned",
        frozenset({"6"}),
    ),
    "4": _Authority("文化", "culture", {"1": "外国在华文化中心", "9": "其他"}, "assigned"),
    "5": _Authority(
        "民政",
        "civil affairs",
        {
            "1": "社会团体",
            "2": "民办非企业单位",
            "3": "基金会",
            "4": "村民委员会",
            "5": "居民委员会",
            "9": "其他",
        },
        "GB32100",
        frozenset({"4", "5"}),
    ),
    "6": _Authority(
        "旅游",
        "tourism",
        {"1": "外国旅游部门常驻代表机构", "2": "港澳台地区旅游部门常驻内地(大陆)代表机构", "9": "其他"},
        "assigned",
    ),
    "7": _Authority(
        "宗教", "religious affairs", {"1": "宗教活动场所", "2": "宗教院校", "9": "其他"}, "assigned"
    ),
    "8": _Authority(
        "工会",
        "trade unions",
        {"1": "基层工会", "2": "非法人工会组织", "9": "其他"},
        "assigned",
        frozenset({"2"}),
    ),
    "9": _Authority(
        "工商",
        "industry and commerce (market regulation)",
        {"1": "企业", "2": "个体工商户", "3": "农民专业合作社", "9": "其他"},
        "GB32100",
        frozenset({"9"}),
    ),
    "A": _Authority(
        "中央军委改革和编制办公室",
        "CMC Reform and Organisation Office",
        {"1": "军队事业单位", "9": "其他"},
        "assigned",
    ),
    "G": _Authority(
        "公安",
        "public security (foreign NGO representative offices)",
        {"1": "境外非政府组织代表机构", "9": "其他"},
        "extended",
    ),
    "J": _Authority(
        "住房城乡建设", "housing and urban-rural development", {"1": "业主大会", "9": "其他"}, "extended"
    ),
    "N": _Authority(
        "农业",
        "agriculture (rural collective economic organisations)",
        {"1": "组级集体经济组织", "2": "村级集体经济组织", "3": "乡镇级集体经济组织", "9": "其他"},
        "assigned",
    ),
    "Q": _Authority(
        "侨联",
        "returned overseas Chinese federations",
        {"1": "区县级侨联组织", "2": "乡镇级侨联组织", "3": "村级侨联组织", "9": "其他"},
        "extended",
    ),
    "Y": _Authority("其他", "other", {"1": "其他(不再具体划分机构类别)"}, "GB32100"),
}


def _allowed_pairs(allow_extended: bool) -> frozenset[str]:
    pairs = set()
    for a, auth in AUTHORITIES.items():
        if auth.source == "extended" and not allow_extended:
            continue
        for c in auth.categories:
            if c in auth.extended_categories and not allow_extended:
                continue
            pairs.add(a + c)
    return frozenset(pairs)


_PAIRS_ALL = _allowed_pairs(True)
_PAIRS_STRICT = _allowed_pairs(False)


class InvalidUSCC(ValueError):
    """A string is not a valid USCC.

    ``reason_code`` is one of: ``length``, ``character``, ``authority``,
    ``category``, ``region``, ``org_code``, ``check``.
    """

    REASONS = ("length", "character", "authority", "category", "region", "org_code", "check")

    def __init__(self, reason_code: str, message_zh: str, message_en: str):
        assert reason_code in self.REASONS, reason_code
        super().__init__(message_en)
        self.reason_code = reason_code
        self.message_zh = message_zh
        self.message_en = message_en

    def __str__(self) -> str:
        return f"{self.message_en} / {self.message_zh}"


@dataclass(frozen=True)
class USCC:
    code: str  # the normalised 18-character code
    authority: str  # pos 1
    category: str  # pos 2
    region_code: str  # pos 3–8
    org_code: str  # pos 9–17 (GB 11714 organisation code incl. its check char)
    check_char: str  # pos 18

    @property
    def authority_name(self) -> str:
        return AUTHORITIES[self.authority].name_zh

    @property
    def category_name(self) -> str:
        return AUTHORITIES[self.authority].categories[self.category]

    def __str__(self) -> str:
        return self.code


def uscc_check_char(first17: str) -> str:
    """GB 32100 check character for the first 17 characters."""
    total = 0
    for tab, ch in zip(_USCC_TAB, first17, strict=True):
        total += tab[ch]
    return ALPHABET[-total % 31]


def org_code_check_char(body8: str) -> str:
    """GB 11714 check character for an 8-character organisation-code body."""
    total = 0
    for w, ch in zip(ORG_WEIGHTS, body8, strict=True):
        total += _ORG_VALUE[ch] * w
    return _ORG_CHECK[total % 11]


def validate_uscc(code: str, *, allow_extended: bool = True, check_org_code: bool = True) -> USCC:
    """Validate a USCC and return its parts; raise :class:`InvalidUSCC` otherwise.

    Input is normalised with :func:`stdnum.cn.uscc.compact` (spaces and ``-``
    removed, upper-cased). Checks, in order: length 18; every character in the
    31-symbol alphabet (I, O, Z, S, V and anything else rejected); authority
    code known; category valid for that authority; pos 3–8 digits; GB 11714
    check of pos 9–17 (``check_org_code``); GB 32100 check character.
    """
    if not isinstance(code, str):
        raise InvalidUSCC("character", "统一社会信用代码必须是字符串", "USCC must be a string")
    number = _stdnum_uscc.compact(code)
    if len(number) != 18:
        raise InvalidUSCC(
            "length",
            f"统一社会信用代码应为18位，实际为{len(number)}位",
            f"USCC must be 18 characters long, got {len(number)}",
        )
    for pos, ch in enumerate(number, start=1):
        if ch not in _VALUE:
            extra_zh = "（GB 32100 不使用 I、O、Z、S、V）" if ch in FORBIDDEN_LETTERS else ""
            extra_en = " (GB 32100 does not use I, O, Z, S, V)" if ch in FORBIDDEN_LETTERS else ""
            raise InvalidUSCC(
                "character",
                f"第{pos}位字符“{ch}”不合法{extra_zh}",
                f"invalid character {ch!r} at position {pos}{extra_en}",
            )
    authority, category = number[0], number[1]
    auth = AUTHORITIES.get(authority)
    if auth is None or (auth.source == "extended" and not allow_extended):
        raise InvalidUSCC(
            "authority",
            f"登记管理部门代码“{authority}”不存在",
            f"unknown registration-authority code {authority!r}",
        )
    pairs = _PAIRS_ALL if allow_extended else _PAIRS_STRICT
    if authority + category not in pairs:
        raise InvalidUSCC(
            "category",
            f"登记管理部门“{auth.name_zh}”（{authority}）下不存在机构类别代码“{category}”",
            f"category code {category!r} is not defined for registration authority "
            f"{authority!r} ({auth.name_en})",
        )
    region = number[2:8]
    if not region.isdigit():
        raise InvalidUSCC(
            "region",
            f"第3–8位登记管理机关行政区划码“{region}”必须是6位数字",
            f"positions 3–8 (division code) must be 6 digits, got {region!r}",
        )
    org = number[8:17]
    if check_org_code:
        expected = org_code_check_char(org[:8])
        if org[8] != expected:
            raise InvalidUSCC(
                "org_code",
                f"第9–17位主体标识码（组织机构代码）“{org}”校验位错误，应为“{expected}”",
                f"embedded organisation code {org!r} fails the GB 11714 check "
                f"(expected check character {expected!r})",
            )
    expected = _stdnum_uscc.calc_check_digit(number[:17])
    if number[17] != expected:
        raise InvalidUSCC(
            "check",
            f"第18位校验码错误，应为“{expected}”",
            f"check character at position 18 is {number[17]!r}, expected {expected!r}",
        )
    return USCC(
        code=number,
        authority=authority,
        category=category,
        region_code=region,
        org_code=org,
        check_char=number[17],
    )


def make_uscc(authority: str, category: str, region: str, org_body8: str) -> str:
    """Build a valid USCC from its parts, computing both check characters.

    Fast path for synthetic data: table lookups only, no regexes. Raises
    ``ValueError`` for an unknown authority/category pair, a region that is not
    6 digits, or an organisation-code body that is not 8 alphabet characters.
    """
    if authority + category not in _PAIRS_ALL:
        raise ValueError(f"unknown authority/category {authority!r}{category!r}")
    if len(region) != 6 or not region.isdigit():
        raise ValueError(f"region must be 6 digits, got {region!r}")
    if len(org_body8) != 8:
        raise ValueError(f"organisation-code body must be 8 characters, got {org_body8!r}")
    try:
        s = 0
        for tab, ch in zip(_ORG_TAB, org_body8, strict=True):
            s += tab[ch]
        head = authority + category + region + org_body8 + _ORG_CHECK[s % 11]
        total = 0
        for tab, ch in zip(_USCC_TAB, head, strict=True):
            total += tab[ch]
    except KeyError as exc:
        raise ValueError(f"character {exc.args[0]!r} not allowed in a USCC") from None
    return head + ALPHABET[-total % 31]
