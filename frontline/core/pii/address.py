"""Street addresses and postcodes, only where their shape rarely misfires."""

from __future__ import annotations

import re

from frontline.core.pii._base import ADDRESS, Entity

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


def find_addresses(text: str) -> list[Entity]:
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
    return sorted(set(found), key=lambda e: (e.start, e.end))


