"""IBANs: ISO 13616 country layout and mod-97 check digits (python-stdnum)."""

from __future__ import annotations

import re

from stdnum import iban
from stdnum.exceptions import ValidationError as NumberCheckError

from frontline.core.pii._base import IBAN, Entity

_IBAN_CANDIDATE = re.compile(r"(?<![^\W_])[A-Za-z]{2} ?\d{2}(?:[ \-]?[A-Za-z0-9]){10,32}")


def is_iban(compact: str) -> bool:
    """Whether a compact upper-case string is an IBAN: ISO 13616 country length and
    layout, and the mod-97 check digits.

    The national account check digits are not required: a mod-97-valid IBAN is
    personal data even if its bank's own check would fail.
    """
    try:
        iban.validate(compact, check_country=False)
    except NumberCheckError:
        return False
    return True


def _mod97_ok(compact: str) -> bool:
    """The ISO 7064 mod-97 check alone: a cheap filter before the full validation."""
    if not (compact.isascii() and compact.isalnum()):
        return False
    rearranged = compact[4:] + compact[:4]
    return int("".join(str(int(c, 36)) for c in rearranged)) % 97 == 1


def find_ibans(text: str) -> list[Entity]:
    """IBANs in (normalised) `text`. A candidate that holds none is searched again from
    its second character, so "paid on 12 DE89 3704 …" still finds the IBAN."""
    found = []
    pos = 0
    while (match := _IBAN_CANDIDATE.search(text, pos)) is not None:
        pos = match.start() + 1
        raw = match.group()
        if not raw[:2].isupper() and not raw[:2].islower():
            continue  # "De12…" is a word, not a country code
        # the longest prefix ending at a word boundary that is a valid IBAN
        for cut in range(len(raw), 14, -1):
            nxt = text[match.start() + cut] if match.start() + cut < len(text) else " "
            if nxt.isalnum() or raw[cut - 1] in " -":
                continue
            compact = re.sub(r"[ \-]", "", raw[:cut]).upper()
            if 15 <= len(compact) <= 34 and _mod97_ok(compact) and is_iban(compact):
                found.append(Entity(IBAN, match.start(), match.start() + cut))
                pos = match.start() + cut
                break
    return found
