"""Phone numbers: libphonenumber validity plus how the number is written."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

import phonenumbers
from phonenumbers import NumberParseException, PhoneNumberFormat

from frontline.core.pii._base import DEFAULT_REGIONS, PHONE, Entity, UnknownRegionError
from frontline.core.pii.context import label_after, label_before
from frontline.core.pii.runs import DIGIT_RUN
from frontline.core.pii.runs import groups as _groups
from frontline.core.pii.runs import windows as _windows

# Dates standing alone (not "06.12.34.56.78", whose first three groups look like one)
_DATE = re.compile(
    r"(?<![\d./-])(?:"
    r"\d{1,2}[./-]\d{1,2}[./-](?:\d{4}|\d{2})"  # 12/03/2024, 12.03.24
    r"|\d{4}[./-]\d{1,2}[./-]\d{1,2}"  # 2024-03-12
    r"|\d{1,2}[./-](?:19|20)\d{2}"  # 03/2024
    r"|(?:19|20)\d{2}\s?[-/–]\s?(?:19|20)?\d{2}"  # 2023-2024, 2023/24
    r"|(?:0?[1-9]|[12]\d|3[01])[./](?:0?[1-9]|1[0-2])"  # 12/03 (a day and a month)
    r"|(?:0?[1-9]|1[0-2])[./](?:0?[1-9]|[12]\d|3[01])"  # 03/12 (month first)
    r")(?![./-]?\d)"
)
_NANP = re.compile(r"(?:\+?1[ .-]?)?(?:\(\d{3}\) ?|\d{3}[ .-])\d{3}[ .-]\d{4}")
_SEPARATORS = re.compile(r"[^\d]+")
# an amount or a quantity, not a phone: "384 642 584 PLN", "120 500 €", "250 000 szt."
_UNIT_AFTER = re.compile(
    r"\s?(?:[€$£%]|(?i:zł|zl|pln|eur|euro|usd|gbp|chf|kr|sek|nok|dkk|czk|kč|szt|stk|pcs|"
    r"units|x|kg|g|ml|cl|l|cm|mm|m|km)(?![^\W\d_]|['’]))"
)
_IPV4 = re.compile(r"(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(?:25[0-5]|2[0-4]\d|1?\d?\d)")
_MORE_DIGITS = re.compile(r"[ .\-/]\d")
_DOUBLE_SEPARATOR = re.compile(r"[ .\-/]{2}")


@lru_cache(maxsize=64)
def _region_plan(regions: tuple[str, ...]) -> tuple[tuple[str, int, int], ...]:
    """(region, min digits, max digits) of a national number typed in each region,
    one region per country calling code (US and CA parse alike)."""
    plan = []
    seen: set[int] = set()
    for region in regions:
        meta = phonenumbers.PhoneMetadata.metadata_for_region(region)
        if meta is None:
            raise UnknownRegionError(
                f"{region!r} is not a country code that phone detection knows. "
                "Use two-letter ISO codes such as GB, FR, DE or US."
            )
        code = meta.country_code or 0
        if code in seen:
            continue
        seen.add(code)
        desc = meta.general_desc
        lengths = (desc.possible_length if desc is not None else None) or (4, 17)
        extra = len(meta.national_prefix or "")
        plan.append((region, min(lengths), max(lengths) + extra))
    return tuple(plan)


def normalise_regions(regions: Sequence[str] | None) -> tuple[str, ...]:
    """Upper-cased region codes, or `DEFAULT_REGIONS`; raises `UnknownRegionError`."""
    if not regions:
        return DEFAULT_REGIONS
    chosen = tuple(dict.fromkeys(r.strip().upper() for r in regions if r.strip()))
    if not chosen:
        return DEFAULT_REGIONS
    _region_plan(chosen)  # raises for an unknown code
    return chosen


def _groups_of(typed: str) -> list[str]:
    return [g for g in _SEPARATORS.split(typed) if g]


@lru_cache(maxsize=4096)
def _valid_in(typed: str, region: str) -> phonenumbers.PhoneNumber | None:
    """The number `typed` denotes when dialled in `region`, if libphonenumber calls it valid
    (or it is in a UK range Ofcom keeps for drama, which people copy as examples)."""
    try:
        number = phonenumbers.parse(typed, region)
    except NumberParseException:
        return None
    if phonenumbers.is_valid_number(number):
        return number
    if number.country_code == 44 and str(number.national_number).startswith(_UK_DRAMA):
        return number if phonenumbers.is_possible_number(number) else None
    return None


# Ofcom's numbers for TV, radio and film (mobile 07700 900xxx, 01632 960xxx, and the
# 03, 0808 and 0909 blocks), which libphonenumber does not call valid
_UK_DRAMA = ("7700900", "1632960", "3069990", "8081570", "9098790")


@lru_cache(maxsize=4096)
def _international(number_text: str, grouped: bool) -> bool:
    try:
        number = phonenumbers.parse(number_text, None)
    except NumberParseException:
        return False
    if phonenumbers.is_valid_number(number):
        return True
    # a written "+CC …" of the right length counts even in ranges not yet allocated
    return grouped and phonenumbers.is_possible_number(number)


def _phone_accepted(  # noqa: C901 — heuristics in the order they run, cheapest first
    text: str, start: int, end: int, plan: tuple[tuple[str, int, int], ...]
) -> bool:
    """Whether `text[start:end]`, a run of digit groups, is a phone number someone wrote.

    The cheap tests (shape, labels) run first, so most digit runs never reach
    libphonenumber.
    """
    piece = text[start:end]
    digits = "".join(_groups_of(piece))
    if not 6 <= len(digits) <= 17:
        return False
    if piece.count("/") > 1 or ("/" in piece and "." in piece):
        return False
    groups = _groups_of(piece)
    grouped = len(groups) >= 2
    label = label_before(text, start)

    plus = piece.startswith(("+", "(+"))  # "(+44) 20 …" too
    if plus or (digits.startswith("00") and digits[2:3] != "0"):
        if not plus and (label == "doc" or not (grouped or label == "phone")):
            return False  # a compact "0049…" is more often a barcode than a phone
        national = digits if plus else digits[2:]
        if "(0)" in piece:  # "+44 (0)20 7946 0018": the (0) is not dialled
            national = _drop_bracketed_zero(piece)
        return _international("+" + national, grouped)

    if label == "doc" or _UNIT_AFTER.match(text, end):
        return False
    labelled = label == "phone" or (label is None and label_after(text, end) == "phone")
    trunk = digits.startswith("0")
    nanp = bool(_NANP.fullmatch(piece))
    # written in a national grouping: the country's own (libphonenumber's national
    # format) in four groups or more, or three groups of 9+ digits; or, for the
    # countries without a trunk prefix, the common 3-3-3 and 3-3-4 ("612 345 678",
    # "333 123 4567") and pairs after a first group ("93 123 45 67"). Below 9 digits, and in two
    # groups, only the country's own
    # grouping with spaces and no leading 0 ("412 34 567" in Norway, "2123 4567" in
    # Malta), never at the start of a longer run: "033-429-10" is as often a SKU.
    seps = set(_SEPARATORS.findall(piece))
    sizes = tuple(len(g) for g in groups)
    national_shape = len(groups) >= 4 or (len(groups) == 3 and len(digits) >= 9)
    common_shape = (
        (sizes in ((3, 3, 3), (3, 3, 4))
         or (len(sizes) == 4 and max(sizes) <= 3 and min(sizes) >= 2))
        and 9 <= len(digits) <= 10
        and seps in ({" "}, {"."})
        and not trunk
    )
    national_exact = (
        seps == {" "}
        and len(groups) in (2, 3)
        and len(digits) >= 7
        and not trunk
        and not _MORE_DIGITS.match(text, end)
    )
    # "06 12 34 56 78", "030/1234567", or compact "0612345678"; a longer compact run
    # starting with 0 is more often a barcode or a reference than a phone
    # ("0151 23456789" has 12 digits in two groups; "0213 4410 0091" is a receipt)
    trunk_shape = trunk and (
        (9 <= len(digits) <= 11 and grouped)
        or 10 <= len(digits) <= 11
        or (len(digits) >= 12 and len(groups) == 2)
    )
    if not (labelled or nanp or national_shape or trunk_shape or national_exact or common_shape):
        return False
    for region, lo, hi in plan:
        if not lo <= len(digits) <= hi:
            continue
        number = _valid_in(piece, region)
        if number is None:
            continue
        if labelled or trunk_shape:
            return True
        if nanp and number.country_code == 1:
            return True
        own = _groups_of(phonenumbers.format_number(number, PhoneNumberFormat.NATIONAL))
        if (national_shape or national_exact) and groups == own:
            return True
        if common_shape:
            return True
    return False


def _drop_bracketed_zero(piece: str) -> str:
    return "".join(_groups_of(piece.replace("(0)", "", 1)))


def find_phones(
    text: str,
    regions: tuple[str, ...],
    occupied: Sequence[Entity],
    public: frozenset[tuple[int, int]] = frozenset(),
) -> list[Entity]:
    """Phone numbers in (normalised) `text`, outside the `occupied` spans, leaving out
    the organisation's own `public` numbers (keys from `public_number_keys`)."""
    plan = _region_plan(regions)
    found = []
    for run in DIGIT_RUN.finditer(text):
        if any(e.start < run.end() and run.start() < e.end for e in occupied):
            continue
        raw = run.group()
        if _IPV4.fullmatch(raw):
            continue
        # trim a "(" or ")" that does not pair up
        lead = 1 if raw.startswith("(") and ")" not in raw else 0
        trail = 1 if raw.endswith(")") and "(" not in raw else 0
        if raw.startswith("(") and raw.find(")") == len(raw) - 1 and raw.count("(") == 1:
            lead = trail = 1  # "(07700 900321)": brackets round the whole number
        base = run.start() + lead
        raw = raw[lead : len(raw) - trail]
        groups = _groups(raw)
        if sum(b - a for a, b in groups) < 6:
            continue
        dates = [m.span() for m in _DATE.finditer(raw)]
        # A phone number starts where its run of digit groups starts ("Order 4000 0566
        # 55" holds no phone, though "0566 55" alone might be one), or right after
        # another phone number ("0612345678 0698765432").
        k = 0
        while k < len(groups):
            after = _phone_at(text, raw, base, groups, k, dates, plan)
            if after is None:
                break
            entity, k = after
            if not public or not (_keys(text[entity.start : entity.end], regions) & public):
                found.append(entity)
    return found


def _keys(written: str, regions: tuple[str, ...]) -> frozenset[tuple[int, int]]:
    """(country code, national number) of every reading of `written` valid in `regions`."""
    keys = set()
    digits = "".join(_groups_of(written))
    candidates: list[tuple[str, str | None]]
    plus = written.strip().startswith(("+", "(+"))
    if plus or digits.startswith("00"):
        candidates = [("+" + (digits if plus else digits[2:]), None)]
        if "(0)" in written:
            candidates.append(("+" + _drop_bracketed_zero(written), None))
    else:
        candidates = [(written, region) for region in regions]
    for typed, region in candidates:
        try:
            number = phonenumbers.parse(typed, region)
        except NumberParseException:
            continue
        if phonenumbers.is_possible_number(number):
            keys.add((number.country_code or 0, number.national_number or 0))
    return frozenset(keys)


@lru_cache(maxsize=16)
def public_number_keys(
    numbers: tuple[str, ...], regions: tuple[str, ...]
) -> frozenset[tuple[int, int]]:
    """The keys of the organisation's own public numbers, however they are written."""
    keys: set[tuple[int, int]] = set()
    for written in numbers:
        keys |= _keys(written, regions)
    return frozenset(keys)


def _phone_at(
    text: str,
    raw: str,
    base: int,
    groups: list[tuple[int, int]],
    k: int,
    dates: list[tuple[int, int]],
    plan: tuple[tuple[str, int, int], ...],
) -> tuple[Entity, int] | None:
    """The longest phone number starting at group `k` of a run, and the group after it."""
    for i, j in _windows(groups[k:], 6, 17, max_groups=7, first_only=True):
        i, j = i + k, j + k
        a, b = groups[i][0], groups[j - 1][1]
        if any(a < d_end and d_start < b for d_start, d_end in dates):
            continue
        if i == 0 and raw.startswith(("+", "(+")):
            a = 0
        if a > 0 and raw[a - 1] == "(":
            a -= 1
        if raw[b : b + 1] == ")" and "(" in raw[a:b]:
            b += 1
        piece = raw[a:b]
        if _DOUBLE_SEPARATOR.search(piece.replace(") ", ")").replace(" (", "(")):
            continue
        # a slash only after the area code ("030/1234567"); elsewhere it separates two
        # numbers ("06 12 34 56 78/06 98 76 54 32")
        slash = piece.find("/")
        if slash != -1:
            area_ends = {groups[i][1]}
            if piece.startswith(("+", "(+", "00")) and i + 1 < j:
                area_ends.add(groups[i + 1][1])  # "+49 30/1234567"
            if a + slash not in area_ends:
                continue
        # one pair of brackets, round an area code ("(212) 555-0143", "+1 (212) …") or
        # the trunk "(0)" of "+44 (0)20 …"
        if "(" in piece and not (
            piece.count("(") == 1 and (piece.startswith(("(", "+")) or "(0)" in piece)
        ):
            continue
        if _phone_accepted(text, base + a, base + b, plan):
            return Entity(PHONE, base + a, base + b), j
    return None


