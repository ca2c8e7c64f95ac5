"""Payment card numbers: scheme prefix (IIN) and length, Luhn, and not a barcode.

The IIN table follows the schemes' published ranges (as collected in Wikipedia's
"Payment card number" table, checked against the schemes' own pages): a number
counts only when a scheme issues numbers of that length with that prefix.
"""

from __future__ import annotations

import re

from stdnum import ean, luhn

from frontline.core.pii._base import CARD, Entity
from frontline.core.pii.context import label_before
from frontline.core.pii.runs import GROUP, groups, windows

# (first prefix, last prefix, lengths): prefixes compare on as many digits as they have
_R = range
_IIN_RANGES: tuple[tuple[int, int, tuple[int, ...]], ...] = (
    (4, 4, (13, 16, 19)),  # Visa (Visa Electron included)
    (51, 55, (16,)),  # Mastercard
    (2221, 2720, (16,)),  # Mastercard 2-series
    (34, 34, (15,)),  # American Express
    (37, 37, (15,)),
    (2200, 2204, tuple(_R(16, 20))),  # Mir
    (6011, 6011, tuple(_R(16, 20))),  # Discover
    (644, 649, tuple(_R(16, 20))),
    (65, 65, tuple(_R(16, 20))),  # Discover, RuPay
    (622126, 622925, tuple(_R(16, 20))),  # Discover co-branded UnionPay
    (62, 62, tuple(_R(16, 20))),  # UnionPay
    (81, 82, (16,)),  # RuPay, UnionPay 81
    (60, 60, (16,)),  # RuPay
    (508, 508, (16,)),  # RuPay
    (3528, 3589, tuple(_R(16, 20))),  # JCB
    (36, 36, tuple(_R(14, 20))),  # Diners Club International
    (300, 305, tuple(_R(14, 20))),  # Diners Club / Carte Blanche
    (3095, 3095, tuple(_R(14, 20))),
    (38, 39, tuple(_R(14, 20))),
    (506, 507, (16, 18, 19)),  # Verve (Nigeria) 5060-5061, 5078-5079
    (650, 650, (16, 18, 19)),  # Verve 6500-6509, Elo 650
    (9792, 9792, (16,)),  # Troy
    (636368, 636368, (16,)),  # Elo
    (438935, 438935, (16,)),  # Elo (in Visa's range anyway)
    (504175, 504175, (16,)),  # Elo
    (451416, 451416, (16,)),  # Elo
    (636297, 636297, (16,)),  # Elo
    (5067, 5067, (16,)),  # Elo
    (4576, 4576, (16,)),  # Elo
    (4011, 4011, (16,)),  # Elo
    (606282, 606282, (16, 19)),  # Hipercard
    (3841, 3841, (16, 19)),  # Hipercard
    (50, 50, tuple(_R(12, 20))),  # Maestro
    (56, 69, tuple(_R(12, 20))),  # Maestro (and others in 6)
)


# by length: (prefix width, first, last) of every range that issues that length
_BY_LENGTH: dict[int, tuple[tuple[int, int, int], ...]] = {
    n: tuple((len(str(lo)), lo, hi) for lo, hi, lengths in _IIN_RANGES if n in lengths)
    for n in range(12, 20)
}


def card_scheme_fits(digits: str) -> bool:
    """Whether a card scheme issues numbers with this prefix (IIN) and length."""
    return any(
        lo <= int(digits[:width]) <= hi for width, lo, hi in _BY_LENGTH.get(len(digits), ())
    )


#: The fewest digits a card number has (a 12-digit Maestro); a text with fewer holds none.
CARD_MIN_DIGITS = 12


def is_card_number(digits: str) -> bool:
    """Whether a digit string is a plausible payment card number (not a barcode)."""
    if not digits.isdigit() or not CARD_MIN_DIGITS <= len(digits) <= 19 or not digits.isascii():
        return False
    if len(digits) in (12, 13, 14) and ean.is_valid(digits):
        return False  # UPC-A / EAN-13 / GTIN-14 barcode, whatever Luhn says
    return card_scheme_fits(digits) and luhn.is_valid(digits)


# Digits with the separators people type or paste between card groups: spaces (one or
# more, tabs and non-breaking spaces are spaces by now), a new line, dashes or dots.
_CARD_RUN = re.compile(r"(?<![\w.,/+-])\d(?:[ \n.\-]{0,3}\d)+(?![\w@]|[.,]\d)")
_SEPARATOR = re.compile(r"\D+")


def _card_grouping(piece: str) -> bool:
    """Whether digits are grouped as cards print them: compact, fours (the last group
    may be shorter), 4-6-5 / 4-6-4 (American Express, Diners) or 4-4-4-4-3."""
    sizes = [len(g) for g in GROUP.findall(piece)]
    if len(sizes) == 1:
        return True
    if sizes in ([4, 6, 5], [4, 6, 4], [6, 13]):
        return True
    if all(size % 4 == 0 for size in sizes):
        return True  # fours run together where an invisible separator was pasted
    return all(size == 4 for size in sizes[:-1]) and 1 <= sizes[-1] <= 4


def _separators_fit(piece: str) -> bool:
    """One kind of separator between the groups: white space (any amount, a line break
    allowed), a single dash, or a single dot."""
    seps = _SEPARATOR.findall(piece)
    if not seps:
        return True
    if all(s.strip(" \n") == "" for s in seps):
        return all(s.count("\n") <= 1 for s in seps)
    return all(s == "-" for s in seps) or all(s == "." for s in seps)


def find_cards(text: str) -> list[Entity]:
    """Card numbers in (normalised) `text`."""
    found = []
    for run in _CARD_RUN.finditer(text):
        raw = run.group()
        spans = groups(raw)
        taken: list[tuple[int, int]] = []
        for i, j in windows(spans, 12, 19, max_groups=5):
            if any(i < b and a < j for a, b in taken):
                continue
            a, b = spans[i][0], spans[j - 1][1]
            piece = raw[a:b]
            if not _card_grouping(piece) or not _separators_fit(piece):
                continue
            digits = "".join(GROUP.findall(piece))
            if not is_card_number(digits):
                continue
            if len(digits) == 12 and len(spans[i:j]) not in (1, 3):
                continue
            start, end = run.start() + a, run.start() + b
            label = label_before(text, start)
            if label == "doc":
                continue
            if len(digits) == 12 and label != "card":
                continue  # a 12-digit Maestro needs a card word before it
            found.append(Entity(CARD, start, end))
            taken.append((i, j))
    return found
