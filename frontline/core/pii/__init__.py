"""Customer personal data in free text: find it, and redact it before it leaves the PC.

Staff type what customers say, and customers say their name, email address, phone
number, card number or IBAN. None of it belongs in an observation. `detect` finds such
spans as the person types (the capture form calls it on every pause, so it must
stay fast: well under 5 ms for a 300-character note); `redact` replaces them with
`[email]`, `[phone]`, `[card]`, `[iban]`, `[address]` or `[name]`; `has_card` is the
server's last check before it accepts an observation.

Precision matters as much as recall: a note about a refund is full of prices,
order and receipt numbers, EAN barcodes, dates, times and tracking numbers, and a
detector that flags those teaches people to ignore it. So every kind is confirmed
by something stronger than a pattern; each kind has its own module (`email`,
`phone`, `card`, `iban`, `address`, `name`), and all run on one normalised copy of
the text (`normalise`) whose offsets are mapped back to the original.

`phonenumbers.PhoneNumberMatcher` is not used: run once per region over the
default countries it is an order of magnitude slower for 300 characters and, at its
lenient levels, flags order numbers such as "2024-118873" as US numbers. One shared
candidate scan plus `phonenumbers.parse` per plausible region is both faster and
more precise.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence

from frontline.core.pii._base import (
    ADDRESS,
    CARD,
    DEFAULT_REGIONS,
    EMAIL,
    IBAN,
    KINDS,
    NAME,
    PHONE,
    PLACEHOLDERS,
    Entity,
    UnknownRegionError,
)
from frontline.core.pii.address import find_addresses
from frontline.core.pii.card import (
    CARD_MIN_DIGITS,
    card_scheme_fits,
    find_cards,
    is_card_number,
)
from frontline.core.pii.email import find_emails
from frontline.core.pii.iban import find_ibans, is_iban
from frontline.core.pii.name import find_names
from frontline.core.pii.normalise import Normalised, normalise
from frontline.core.pii.phone import find_phones, normalise_regions, public_number_keys

__all__ = [
    "ADDRESS", "CARD", "CARD_MIN_DIGITS", "DEFAULT_REGIONS", "EMAIL", "IBAN", "KINDS", "NAME",
    "PHONE",
    "PLACEHOLDERS", "Entity", "Normalised", "UnknownRegionError", "card_scheme_fits",
    "detect", "has_card", "is_card_number", "is_iban", "normalise", "normalise_regions",
    "redact", "warm_up",
]  # fmt: skip


def _position(entity: Entity) -> tuple[int, int]:
    return entity.start, entity.end


def _without_overlaps(found: Sequence[Entity]) -> list[Entity]:
    """`found` less each entity that overlaps an earlier one (earlier kinds win)."""
    starts: list[int] = []  # kept spans, sorted and disjoint
    ends: list[int] = []
    kept = []
    for entity in found:
        i = bisect.bisect_right(starts, entity.start)
        if i > 0 and ends[i - 1] > entity.start:
            continue  # overlaps the kept span starting at or before it
        if i < len(starts) and starts[i] < entity.end:
            continue  # overlaps the kept span starting after it
        starts.insert(i, entity.start)
        ends.insert(i, entity.end)
        kept.append(entity)
    return kept


def detect(
    text: str,
    *,
    regions: Sequence[str] | None = None,
    public_numbers: Iterable[str] | None = None,
    staff_names: Iterable[str] | None = None,
) -> list[Entity]:
    """Personal data in `text`: non-overlapping entities sorted by position, with
    Python string offsets into `text` as given (not into its normalised form).

    `regions` are ISO country codes whose national phone formats count (default
    `DEFAULT_REGIONS`); numbers written with `+` or `00` are recognised whatever
    the regions. Raises `UnknownRegionError` for a region libphonenumber lacks.
    `public_numbers` are the organisation's own published numbers (a store's phone),
    which are left alone however they are written; `staff_names` are employees'
    names, which are not customers' names.
    """
    chosen = normalise_regions(regions)
    if not text:
        return []
    norm = normalise(text)
    plain = norm.text
    # earlier kinds win where spans overlap
    found: list[Entity] = []
    found += find_emails(plain)
    found += find_ibans(plain)
    if any(c.isdigit() for c in plain):
        found += find_cards(plain)
        public = (
            public_number_keys(tuple(public_numbers), chosen) if public_numbers else frozenset()
        )
        found += find_phones(plain, chosen, found, public)
        found += find_addresses(plain)
    found += find_names(plain, staff_names=staff_names)
    kept = _without_overlaps(found)
    mapped = (Entity(e.kind, *norm.span(e.start, e.end)) for e in kept)
    return sorted(mapped, key=_position)


def redact(
    text: str,
    entities: Sequence[Entity] | None = None,
    *,
    regions: Sequence[str] | None = None,
    public_numbers: Iterable[str] | None = None,
    staff_names: Iterable[str] | None = None,
) -> str:
    """`text` with each entity replaced by its placeholder (`[email]`, `[phone]`, …).

    Pass `entities` from an earlier `detect` on the same text to skip detecting again.
    """
    if entities is None:
        entities = detect(
            text, regions=regions, public_numbers=public_numbers, staff_names=staff_names
        )
    out = []
    pos = 0
    for entity in sorted(entities, key=_position):
        if entity.start < pos:
            continue
        out.append(text[pos : entity.start])
        out.append(PLACEHOLDERS[entity.kind])
        pos = entity.end
    out.append(text[pos:])
    return "".join(out)


def warm_up(regions: Sequence[str] | None = None) -> None:
    """Load libphonenumber's metadata for `regions` now (about 30 ms, once per process),
    so that the first `detect` while someone types is as fast as the rest."""
    detect("tel 030 1234567", regions=regions)


def has_card(text: str) -> bool:
    """Whether `text` still carries a payment card number (the server rejects such items).

    The same answer as looking for a `CARD` in `detect(text)`, but only the card, email
    and IBAN rules run (emails and IBANs win where they overlap a card)."""
    if sum(ch.isdigit() for ch in text) < CARD_MIN_DIGITS:
        return False
    plain = normalise(text).text
    cards = find_cards(plain)
    if not cards:
        return False
    taken = find_emails(plain) + find_ibans(plain)
    return any(all(c.end <= t.start or t.end <= c.start for t in taken) for c in cards)
