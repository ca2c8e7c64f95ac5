"""Customer personal data in free text: find it, and redact it before it leaves the PC.

Staff type what customers say, and customers say their email address, phone number,
card number or IBAN. None of it belongs in an observation. `detect` finds such
spans as the person types (the capture form calls it on every pause, so it must
stay fast: well under 5 ms for a 300-character note); `redact` replaces them with
`[email]`, `[phone]`, `[card]`, `[iban]` or `[address]`; `has_card` is the
server's last check before it accepts an observation.

Precision matters as much as recall: a note about a refund is full of prices,
order and receipt numbers, EAN barcodes, dates, times and tracking numbers, and a
detector that flags those teaches people to ignore it. So every kind is confirmed
by something stronger than a pattern:

- EMAIL: a strict address pattern (also `name [at] domain [dot] com`).
- PHONE: digit runs confirmed by libphonenumber (`phonenumbers.is_valid_number`
  for the organisation's countries), then by how the number is written: a `+` or
  `00` prefix, a leading trunk `0` with grouping (or 10-11 digits compact), North
  American `(212) 555-0143` style, the country's own national grouping, or a word
  such as "tel", "Nummer", "numéro" just before it. A number whose nearest
  preceding label is "order", "receipt", "EAN", "tracking" (in any supported
  language) is never a phone.
- CARD: 13-19 digits (spaces or dashes allowed), Luhn-valid (`stdnum.luhn`), with
  a card-scheme prefix whose lengths fit, and not a valid EAN/GTIN barcode.
- IBAN: checksum and country length (`stdnum.iban`), compact or grouped.
- ADDRESS: only patterns that rarely misfire: a house number with a street word
  ("12 rue de la Paix", "Hauptstraße 5", "ul. Marszałkowska 10", "221B Baker
  Street") and UK, Dutch and Polish postcodes where their shape is distinctive.

`phonenumbers.PhoneNumberMatcher` is not used: run once per region over the
default 20 countries it takes about 14 ms for 300 characters and flags order
numbers such as "2024-118873" as US numbers. One shared candidate scan plus
`phonenumbers.parse` per plausible region is both faster and more precise.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import IO, Any

import phonenumbers
from phonenumbers import NumberParseException, PhoneNumberFormat
from stdnum import ean, iban, luhn
from stdnum.exceptions import ValidationError as NumberCheckError

from frontline.core.errors import KnownError

EMAIL = "EMAIL"
PHONE = "PHONE"
CARD = "CARD"
IBAN = "IBAN"
ADDRESS = "ADDRESS"
KINDS: tuple[str, ...] = (EMAIL, PHONE, CARD, IBAN, ADDRESS)

#: What each kind becomes in redacted text.
PLACEHOLDERS: dict[str, str] = {
    EMAIL: "[email]",
    PHONE: "[phone]",
    CARD: "[card]",
    IBAN: "[iban]",
    ADDRESS: "[address]",
}

#: Countries whose national phone formats are recognised when the organisation has not
#: said where it operates: a broad European and North American set.
DEFAULT_REGIONS: tuple[str, ...] = (
    "GB", "IE", "FR", "DE", "ES", "IT", "NL", "BE", "LU", "PT",
    "PL", "AT", "CH", "DK", "SE", "NO", "FI", "CZ", "US", "CA",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Entity:
    """One span of personal data: `text[start:end]` (Python string offsets) is a `kind`."""

    kind: str  # one of KINDS
    start: int
    end: int

    def as_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "start": self.start, "end": self.end}


class UnknownRegionError(KnownError):
    """A phone region code that libphonenumber does not know."""


# --------------------------------------------------------------------------- context words
# Labels staff write just before a number. The nearest label before a number decides:
# a phone label makes a bare digit run a phone; a document label (order, receipt,
# barcode, tracking, loyalty) means it is not personal data. A generic "number" word
# ("no.", "Nummer", "numéro") defers to the label before it ("numéro de commande" is
# a document) and means a phone only when it stands alone ("her number is …").
# Words of three letters or fewer match whole; longer ones match as word prefixes, so
# "bestell" covers "Bestellnummer". Case does not matter.

_PHONE_WORDS = """
    tel tél tlf phone ph mob mobile cell call ring text sms whatsapp contact kontakt reach
    portable fixe appel rappel joindre joignable
    telefon téléphone telephone handy rufnummer anruf zurückruf erreichbar festnetz mobil
    teléfono telefono móvil movil llam celular
    telefoon mobiel gsm bel bell terugbel
    komórk komork kom zadzwo oddzwo dzwoni
"""
_GENERIC_WORDS = """
    number numéro numero nummer número numer
"""
# "no.", "nr", "n°" say nothing about what the number is: they are skipped
_NEUTRAL_WORDS = """
    no nr n° nº num
"""
_DOCUMENT_WORDS = """
    order ord receipt invoice inv ticket ref reference sku ean upc gtin barcode tracking
    track parcel consignment shipment article art item product loyalty member club
    clubcard nectar points store shop branch till register transaction trans txn batch
    lot serial case rma return voucher coupon auth approval qty id account acct gift
    commande cde cmd facture reçu recu suivi colis référence réf fidélité fidelite magasin
    caisse bon dossier
    bestell auftrag rechnung beleg kassenbon quittung sendung paket artikel filiale kasse
    kunden payback vorgang lieferschein gutschein retoure
    pedido factura recibo seguimiento envío envio paquete artículo articulo tienda caja
    socio fidelidad devolución devolucion albarán albaran código codigo
    bestelling bestelnummer kassabon factuur zending pakket winkel kassa klantenkaart
    retour referentie
    zamówieni zamowieni paragon faktur przesyłk przesylk paczk sklep artykuł artykul kod
    kasa lojalnościow lojalnosciow zwrot reklamacj przewozow
"""
_CARD_WORDS = """
    card carte karte kreditkarte tarjeta kaart creditcard karta karty kartą visa
    mastercard amex maestro cb credit debit bancaire
"""


def _lexicon() -> tuple[dict[str, str], dict[str, str]]:
    exact: dict[str, str] = {}
    prefix: dict[str, str] = {}
    for kind, words in (
        ("phone", _PHONE_WORDS),
        ("generic", _GENERIC_WORDS),
        ("doc", _DOCUMENT_WORDS),
        ("card", _CARD_WORDS),
        ("neutral", _NEUTRAL_WORDS),
    ):
        for word in words.split():
            (exact if len(word) <= 3 else prefix)[word] = kind
    return exact, prefix


_EXACT_WORDS, _PREFIX_WORDS = _lexicon()
_TOKEN = re.compile(r"[^\W\d_]+[°º]?")
_CONTEXT_WINDOW = 36  # characters before a number where its label is looked for


def _classify(token: str) -> str | None:
    word = token.lower()
    kind = _EXACT_WORDS.get(word)
    if kind is not None:
        return kind
    for length in range(len(word), 3, -1):
        kind = _PREFIX_WORDS.get(word[:length])
        if kind is not None:
            return kind
    return None


# The end of a clause: a semicolon, a new line, or a sentence stop followed by a capital
# (not "Nr. 0213" or "tel. 06…", where the stop ends an abbreviation).
_CLAUSE_END = re.compile(r"[;\n]|[.!?]\s+(?=[A-ZÀ-ÖØ-ÞĄĆĘŁŃŚŹŻ])")


def _label_before(text: str, start: int) -> str | None:
    """The kind of label ("doc", "card", "phone") that names the number at `start`, if any.

    Only the same clause counts: a label before a full stop, a semicolon or a
    newline, or one separated from the number by another number, names something else.
    """
    lo = max(0, start - _CONTEXT_WINDOW)
    window = text[lo:start]
    cut = 0
    for match in _CLAUSE_END.finditer(window):
        cut = match.end()
    window = window[cut:]
    digit = max((i for i, c in enumerate(window) if c.isdigit()), default=-1)
    window = window[digit + 1 :]
    generic = False
    previous: str | None = None
    kinds: list[str | None] = []
    for match in _TOKEN.finditer(window):
        kind = _classify(match.group())
        # "gift card", "loyalty card", "carte fidélité": a card word after a document word
        if kind == "card" and previous == "doc":
            kind = "doc"
        kinds.append(kind)
        previous = kind
    for kind in reversed(kinds):
        if kind == "generic":
            generic = True
        elif kind is not None and kind != "neutral":
            return kind
    return "phone" if generic else None


def _label_after(text: str, end: int) -> str | None:
    """A phone label right after a number ("06 12 34 56 78 (mobile)")."""
    match = _TOKEN.search(text, end, min(len(text), end + 16))
    if match is None or text[end : match.start()].strip(" ,(-–:") != "":
        return None
    kind = _classify(match.group())
    return "phone" if kind == "phone" else None


# --------------------------------------------------------------------------------- email

_EMAIL = re.compile(
    r"(?<![\w.+'@-])"
    r"[\w+'-]+(?:\.[\w+'-]+)*"  # local part
    r"(?:@|\s?[\[(]\s?at\s?[\])]\s?)"  # @, or [at] / (at)
    r"(?:[^\W_](?:[\w-]{0,61}[^\W_])?(?:\.|\s?[\[(]\s?dot\s?[\])]\s?))+"  # domain labels
    r"[^\W\d_]{2,24}"  # top-level domain
    r"(?![\w@-]|\.[^\W\d_])",
    re.IGNORECASE,
)


def _find_emails(text: str) -> list[Entity]:
    return [Entity(EMAIL, m.start(), m.end()) for m in _EMAIL.finditer(text)]


# ---------------------------------------------------------------------------------- iban

_IBAN_CANDIDATE = re.compile(r"(?<![^\W_])[A-Za-z]{2}\d{2}(?:[ \u00a0]?[A-Za-z0-9]){10,32}")


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


def _find_ibans(text: str) -> list[Entity]:
    found = []
    for match in _IBAN_CANDIDATE.finditer(text):
        raw = match.group()
        if not raw[:2].isupper() and not raw[:2].islower():
            continue  # "De12…" is a word, not a country code
        # the longest prefix ending at a word boundary that is a valid IBAN
        for cut in range(len(raw), 14, -1):
            nxt = text[match.start() + cut] if match.start() + cut < len(text) else " "
            if nxt.isalnum() or raw[cut - 1] in " \u00a0":
                continue
            compact = re.sub(r"[ \u00a0]", "", raw[:cut]).upper()
            if 15 <= len(compact) <= 34 and is_iban(compact):
                found.append(Entity(IBAN, match.start(), match.start() + cut))
                break
    return found


# ---------------------------------------------------------------------------------- card


def _card_scheme_fits(digits: str) -> bool:
    """Whether a card scheme issues numbers with this prefix (IIN) and length."""
    n = len(digits)
    p2, p3, p4 = int(digits[:2]), int(digits[:3]), int(digits[:4])
    if digits[0] == "4":  # Visa
        return n in (13, 16, 19)
    if 51 <= p2 <= 55 or 2221 <= p4 <= 2720:  # Mastercard
        return n == 16
    if p2 in (34, 37):  # American Express
        return n == 15
    if 2200 <= p4 <= 2204:  # Mir
        return 16 <= n <= 19
    if p4 == 6011 or 644 <= p3 <= 649 or p2 == 65 or p2 == 62:  # Discover, UnionPay
        return 16 <= n <= 19
    if 3528 <= p4 <= 3589:  # JCB
        return 16 <= n <= 19
    if p2 == 36 or 300 <= p3 <= 305 or p2 in (38, 39):  # Diners Club
        return 14 <= n <= 19
    if p2 in (50, 56, 57, 58) or p4 in (6304, 6759, 6761, 6762, 6763):  # Maestro
        return 13 <= n <= 19
    return False


def is_card_number(digits: str) -> bool:
    """Whether a digit string is a plausible payment card number (not a barcode)."""
    if not digits.isdigit() or not 13 <= len(digits) <= 19:
        return False
    if len(digits) in (13, 14) and ean.is_valid(digits):
        return False  # EAN-13 / GTIN-14 barcode, whatever Luhn says
    return _card_scheme_fits(digits) and luhn.is_valid(digits)


_DIGIT_RUN = re.compile(
    r"(?<![\w.,/:-])\+?\(?\d[\d \u00a0().\-/]*\d\)?(?![\w@]|[.,:/-]\d)", re.UNICODE
)
_GROUP = re.compile(r"\d+")


def _groups(raw: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _GROUP.finditer(raw)]


def _windows(
    groups: list[tuple[int, int]],
    min_digits: int,
    max_digits: int,
    *,
    max_groups: int,
    first_only: bool = False,
) -> list[tuple[int, int]]:
    """Contiguous group ranges (i, j) of at most `max_groups` groups holding between
    `min_digits` and `max_digits` digits, most groups first, then leftmost. Linear in
    the number of groups, so a pasted column of numbers stays fast."""
    found = []
    for i in range(1 if first_only else len(groups)):
        count = 0
        for j in range(i, min(len(groups), i + max_groups)):
            count += groups[j][1] - groups[j][0]
            if count > max_digits:
                break
            if count >= min_digits:
                found.append((i, j + 1))
    found.sort(key=lambda w: (w[0] - w[1], w[0]))
    return found


def _card_grouping(piece: str) -> bool:
    """Whether digits are grouped as cards print them: compact, fours (the last group
    may be shorter), or 4-6-5 / 4-6-4 (American Express, Diners)."""
    sizes = [len(g) for g in _GROUP.findall(piece)]
    if len(sizes) == 1:
        return True
    if sizes in ([4, 6, 5], [4, 6, 4]):
        return True
    return all(size == 4 for size in sizes[:-1]) and 1 <= sizes[-1] <= 4


def _find_cards(text: str, runs: list[re.Match[str]]) -> list[Entity]:
    found = []
    for run in runs:
        raw = run.group()
        if "/" in raw or "(" in raw or "." in raw:
            continue
        groups = _groups(raw)
        taken: list[tuple[int, int]] = []
        for i, j in _windows(groups, 13, 19, max_groups=5):
            if any(i < b and a < j for a, b in taken):
                continue
            a, b = groups[i][0], groups[j - 1][1]
            piece = raw[a:b]
            digits = "".join(_GROUP.findall(piece))
            if not is_card_number(digits) or not _card_grouping(piece):
                continue
            if re.search(r"[^\d \-]|[ -]{2}", piece):
                continue
            start, end = run.start() + a, run.start() + b
            if _label_before(text, start) == "doc":
                continue
            found.append(Entity(CARD, start, end))
            taken.append((i, j))
    return found


# --------------------------------------------------------------------------------- phone

# Dates standing alone (not "06.12.34.56.78", whose first three groups look like one)
_DATE = re.compile(
    r"(?<![\d./-])(?:"
    r"\d{1,2}[./-]\d{1,2}[./-](?:\d{4}|\d{2})"  # 12/03/2024, 12.03.24
    r"|\d{4}[./-]\d{1,2}[./-]\d{1,2}"  # 2024-03-12
    r"|\d{1,2}[./-](?:19|20)\d{2}"  # 03/2024
    r"|(?:19|20)\d{2}\s?[-/–]\s?(?:19|20)?\d{2}"  # 2023-2024, 2023/24
    r"|\d{1,2}[./]\d{1,2}"  # 12/03
    r")(?![./-]?\d)"
)
_NANP = re.compile(r"(?:\+?1[ .-]?)?(?:\(\d{3}\) ?|\d{3}[ .-])\d{3}[ .-]\d{4}")
_SEPARATORS = re.compile(r"[^\d]+")
# an amount or a quantity, not a phone: "384 642 584 PLN", "120 500 €", "250 000 szt."
_UNIT_AFTER = re.compile(
    r"\s?(?:[€$£%]|(?i:zł|zl|pln|eur|euro|usd|gbp|chf|kr|sek|nok|dkk|czk|kč|szt|stk|pcs|"
    r"units|x|kg|g|ml|cl|l|cm|mm|m|km)(?![^\W\d_]|['’]))"
)
_DOUBLE_SEPARATOR = re.compile(r"[ \u00a0.\-/]{2}")


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
    """The number `typed` denotes when dialled in `region`, if libphonenumber calls it valid."""
    try:
        number = phonenumbers.parse(typed, region)
    except NumberParseException:
        return None
    return number if phonenumbers.is_valid_number(number) else None


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
    label = _label_before(text, start)

    if piece.startswith("+") or (digits.startswith("00") and digits[2:3] != "0"):
        if not piece.startswith("+") and (label == "doc" or not (grouped or label == "phone")):
            return False  # a compact "0049…" is more often a barcode than a phone
        national = digits if piece.startswith("+") else digits[2:]
        if "(0)" in piece:  # "+44 (0)20 7946 0018": the (0) is not dialled
            national = _drop_bracketed_zero(piece)
        return _international("+" + national, grouped)

    if label == "doc" or _UNIT_AFTER.match(text, end):
        return False
    labelled = label == "phone" or (label is None and _label_after(text, end) == "phone")
    trunk = digits.startswith("0")
    nanp = bool(_NANP.fullmatch(piece))
    # written in the country's own grouping; below 9 digits only the Nordic 2-2-2-2
    # ("20 12 34 56"), since "033-429-10" is as often a SKU as a Swedish number
    national_shape = len(groups) >= 4 or (len(groups) == 3 and len(digits) >= 9)
    # "06 12 34 56 78", "030/1234567", or compact "0612345678"; a longer compact run
    # starting with 0 is more often a barcode or a reference than a phone
    # ("0151 23456789" has 12 digits in two groups; "0213 4410 0091" is a receipt)
    trunk_shape = trunk and (
        (9 <= len(digits) <= 11 and grouped)
        or 10 <= len(digits) <= 11
        or (len(digits) >= 12 and len(groups) == 2)
    )
    if not (labelled or nanp or national_shape or trunk_shape):
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
        if national_shape and groups == _groups_of(
            phonenumbers.format_number(number, PhoneNumberFormat.NATIONAL)
        ):
            return True
    return False


def _drop_bracketed_zero(piece: str) -> str:
    return "".join(_groups_of(piece.replace("(0)", "", 1)))


def _find_phones(
    text: str,
    runs: list[re.Match[str]],
    regions: tuple[str, ...],
    occupied: list[Entity],
) -> list[Entity]:
    plan = _region_plan(regions)
    found = []
    for run in runs:
        if any(e.start < run.end() and run.start() < e.end for e in occupied):
            continue
        raw = run.group()
        # trim a "(" or ")" that does not pair up
        lead = 1 if raw.startswith("(") and ")" not in raw else 0
        trail = 1 if raw.endswith(")") and "(" not in raw else 0
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
            found.append(after[0])
            k = after[1]
    return found


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
        if i == 0 and raw.startswith("+"):
            a = 0
        if a > 0 and raw[a - 1] == "(":
            a -= 1
        if raw[b : b + 1] == ")" and "(" in raw[a:b]:
            b += 1
        piece = raw[a:b]
        if _DOUBLE_SEPARATOR.search(piece.replace(") ", ")").replace(" (", "(")):
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


# ------------------------------------------------------------------------------- address

_UP = "A-ZÀ-ÖØ-ÞĄĆĘŁŃŚŹŻ"
_LO = "a-zß-öø-ÿąćęłńóśźż"
_CAP = rf"[{_UP}][{_LO}{_UP}'’\-]*"  # a capitalised word (or all caps)
_HOUSE = r"\d{1,4}(?:[a-zA-Z](?![\w]))?(?:/\d{1,4}[a-zA-Z]?)?"

# Street words that are also ordinary words ("3 place settings", "Parkplatz 2", "via DHL 3")
# are left out or need a capitalised street name: a missed address costs less than
# a note full of false alarms.
_ADDRESS_PATTERNS = [
    # en: 12 High Street, 221B Baker Street, 1600 Pennsylvania Ave
    rf"(?<![\w.,/-])\d{{1,5}}[A-Za-z]?,?\s(?:{_CAP}\s){{1,3}}"
    r"(?:Street|St|Road|Rd|Avenue|Ave|Lane|Ln|Drive|Dr|Close|Way|Place|Court|Crescent"
    r"|Gardens|Terrace|Boulevard|Blvd|Square|Mews|Grove|Parade)\b\.?",
    # fr: 12 rue de la Paix, 5 bis avenue Victor Hugo, 3 place des Vosges
    rf"(?<![\w.,/-])\d{{1,4}}(?:\s?(?:bis|ter))?,?\s"
    rf"(?:(?i:rue|avenue|av\.|boulevard|bd|impasse|allée|chemin|quai)\s"
    rf"(?:(?i:de\sla|de\sl['’]|du|des|de|d['’])\s?[{_LO}{_UP}][{_LO}'’\-]*|{_CAP})"
    rf"|(?:place|route|cours|square|passage)\s(?:(?:de\sla|de\sl['’]|du|des|de|d['’])\s?)?{_CAP})"
    rf"(?:[\s\-](?:(?:de|du|des|la|le)\s)?{_CAP})*",
    # de/at/ch: Hauptstraße 5, Berliner Str. 12a, Karl-Marx-Allee 90
    rf"(?<![\w-])(?:[{_UP}][{_LO}]*(?:-[{_UP}][{_LO}]*)*(?:straße|strasse|str\.|weg|allee|gasse"
    rf"|ufer|steig|chaussee)|(?:[{_UP}][{_LO}]*-)+(?:Straße|Strasse|Str\.|Weg|Allee|Gasse|Platz"
    rf"|Ring|Damm|Ufer)|[{_UP}][{_LO}]+(?:er|es)\s(?:Straße|Strasse|Str\.|Weg|Allee|Gasse|Platz"
    rf"|Ring|Damm))\s?{_HOUSE}(?![\w])",
    # nl/be: Kalverstraat 92, Prinsengracht 263-1, Coolsingel 40
    rf"(?<![\w-])[{_UP}][{_LO}\-]*(?:straat|laan|weg|plein|gracht|kade|singel|dijk|steenweg"
    rf"|dreef)\s{_HOUSE}(?:-\d{{1,3}})?(?![\w])",
    # es: Calle Mayor 5, C/ Alcalá 23, Avenida de la Constitución 12, calle Serrano, 45
    rf"(?<![\w-])(?i:calle|c/|avenida|avda\.?|plaza|pza\.|paseo|pº|camino|carrer|ronda"
    rf"|travesía)\s?(?:(?i:de\slas|de\slos|de\sla|del|de)\s)?{_CAP}"
    rf"(?:\s(?:(?:de\sla|del|de)\s)?{_CAP}){{0,3}},?\s"
    rf"(?:n[º°o]\.?\s?)?\d{{1,4}}(?:\s?[a-zA-Z](?![\w]))?",
    # pl: ul. Marszałkowska 10, al. Jerozolimskie 100/4, ul. Nowy Świat 15
    rf"(?<![\w-])(?i:ul\.|ulica|al\.|aleja|pl\.|plac|os\.|osiedle)\s?"
    rf"{_CAP}(?:\s{_CAP}){{0,3}}\s{_HOUSE}(?:\s?m\.\s?\d{{1,4}})?(?![\w])",
    # UK postcode: SW1A 1AA, M1 1AE, EC1V 9HX (not "M2 4TB", a drive size)
    r"(?<![\w-])(?:[A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]?\s?\d(?![GT]B\b)[ABD-HJLNP-UW-Z]{2})(?![\w-])",
]
_ADDRESS = re.compile("|".join(f"(?:{p})" for p in _ADDRESS_PATTERNS))

# Dutch and Polish postcodes ("1012 AB Amsterdam", "00-950 Warszawa") look like sizes,
# model numbers and ranges ("1012 XL Shirt", "Model 12-345 Pro"), so they count only
# right after a street address or an address word.
_LOCAL_POSTCODE = re.compile(
    rf"(?:[1-9]\d{{3}}\s?(?!SA|SD|SS)[A-Z]{{2}}|\d{{2}}-\d{{3}})(?=\s[{_UP}][{_LO}])"
)
_ADDRESS_WORD = re.compile(
    r"(?i:post\s?code|postal\scode|code\spostal|plz|kod\spocztowy|kod|adres|address|adresse"
    r"|dirección|direccion)\s?:?\s"
)


def _position(entity: Entity) -> tuple[int, int]:
    return entity.start, entity.end


def _find_addresses(text: str) -> list[Entity]:
    found = []
    for match in _ADDRESS.finditer(text):
        start, end = match.span()
        while end > start and text[end - 1] in " ,":
            end -= 1
        found.append(Entity(ADDRESS, start, end))
    anchors = [e.end + len(text[e.end : e.end + 2]) - len(text[e.end : e.end + 2].lstrip(", "))
               for e in found]  # fmt: skip
    anchors += [m.end() for m in _ADDRESS_WORD.finditer(text)]
    for anchor in anchors:
        code = _LOCAL_POSTCODE.match(text, anchor)
        if code:
            found.append(Entity(ADDRESS, code.start(), code.end()))
    return sorted(set(found), key=_position)


# ------------------------------------------------------------------------------ the API


def detect(text: str, *, regions: Sequence[str] | None = None) -> list[Entity]:
    """Personal data in `text`: non-overlapping entities sorted by position.

    `regions` are ISO country codes whose national phone formats count (default
    `DEFAULT_REGIONS`); numbers written with `+` or `00` are recognised whatever
    the regions. Raises `UnknownRegionError` for a region libphonenumber lacks.
    """
    chosen = normalise_regions(regions)
    if not text:
        return []
    # earlier kinds win where spans overlap
    found: list[Entity] = []
    found += _find_emails(text)
    found += _find_ibans(text)
    if any(c.isdigit() for c in text):
        runs = list(_DIGIT_RUN.finditer(text))
        found += _find_cards(text, runs)
        found += _find_phones(text, runs, chosen, found)
    found += _find_addresses(text)
    kept: list[Entity] = []
    for entity in found:
        if all(entity.end <= k.start or k.end <= entity.start for k in kept):
            kept.append(entity)
    return sorted(kept, key=_position)


def redact(
    text: str,
    entities: Sequence[Entity] | None = None,
    *,
    regions: Sequence[str] | None = None,
) -> str:
    """`text` with each entity replaced by its placeholder (`[email]`, `[phone]`, …).

    Pass `entities` from an earlier `detect` on the same text to skip detecting again.
    """
    if entities is None:
        entities = detect(text, regions=regions)
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
    """Whether `text` still carries a payment card number (the server rejects such items)."""
    if sum(ch.isdigit() for ch in text) < 13:  # a card number has 13 to 19 digits
        return False
    return any(e.kind == CARD for e in detect(text))


def run_check(stdin: IO[str], stdout: IO[str], *, regions: Sequence[str] | None) -> int:
    """`frontline pii-check`: one JSON object per input line, in order; returns the exit code.

    Each output line is `{"entities": [{"kind", "start", "end"}], "redacted": "…"}`
    with Python string offsets into the input line (its line ending excluded).
    """
    chosen = normalise_regions(regions)
    for line in stdin:
        text = line.rstrip("\r\n")
        entities = detect(text, regions=chosen)
        record = {"entities": [e.as_dict() for e in entities], "redacted": redact(text, entities)}
        stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
    stdout.flush()
    return 0


# ------------------------------------------------------------------------------- scoring


@dataclass(frozen=True)
class KindScore:
    """Counts and rates for one kind (or "ALL"). Rates are 1.0 when nothing was expected/found."""

    kind: str
    true_positives: int
    false_positives: int
    false_negatives: int

    @property
    def precision(self) -> float:
        found = self.true_positives + self.false_positives
        return self.true_positives / found if found else 1.0

    @property
    def recall(self) -> float:
        expected = self.true_positives + self.false_negatives
        return self.true_positives / expected if expected else 1.0


@dataclass(frozen=True)
class Score:
    """The detector's score on a labelled set: per kind, overall, and false alarms."""

    per_kind: dict[str, KindScore]
    overall: KindScore
    texts: int
    clean_texts: int  # texts with no personal data
    clean_texts_flagged: int  # of those, how many got at least one entity

    @property
    def false_alarm_rate(self) -> float:
        return self.clean_texts_flagged / self.clean_texts if self.clean_texts else 0.0


def score(expected: Sequence[Sequence[Entity]], found: Sequence[Sequence[Entity]]) -> Score:
    """Score `found` against `expected`, text by text.

    A found entity counts only on an exact match: the same kind, start and end.
    A span with the right kind but other bounds is both a false positive and a
    false negative.
    """
    if len(expected) != len(found):
        raise ValueError(f"{len(expected)} labelled texts but {len(found)} results")
    counts = {kind: [0, 0, 0] for kind in KINDS}
    clean = flagged = 0
    for gold, got in zip(expected, found, strict=True):
        gold_set = {(e.kind, e.start, e.end) for e in gold}
        got_set = {(e.kind, e.start, e.end) for e in got}
        for kind, _, _ in gold_set & got_set:
            counts[kind][0] += 1
        for kind, _, _ in got_set - gold_set:
            counts[kind][1] += 1
        for kind, _, _ in gold_set - got_set:
            counts[kind][2] += 1
        if not gold_set:
            clean += 1
            flagged += bool(got_set)
    per_kind = {k: KindScore(k, *c) for k, c in counts.items()}
    overall = KindScore("ALL", *(sum(c[i] for c in counts.values()) for i in range(3)))
    return Score(per_kind, overall, len(expected), clean, flagged)


def score_table(result: Score) -> str:
    """The Markdown table `docs/privacy.md` shows for a `Score`."""
    lines = [
        "| kind | labelled | found | correct | precision | recall |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for row in [*result.per_kind.values(), result.overall]:
        labelled = row.true_positives + row.false_negatives
        found = row.true_positives + row.false_positives
        name = "**overall**" if row.kind == "ALL" else row.kind
        lines.append(
            f"| {name} | {labelled} | {found} | {row.true_positives} "
            f"| {row.precision:.3f} | {row.recall:.3f} |"
        )
    lines.append("")
    lines.append(
        f"Texts: {result.texts}; without personal data: {result.clean_texts}, "
        f"of which flagged (false alarms): {result.clean_texts_flagged} "
        f"({result.false_alarm_rate:.1%})."
    )
    return "\n".join(lines)
