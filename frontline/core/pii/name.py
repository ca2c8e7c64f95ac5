"""Customers' personal names, from patterns and word lists (no statistical model).

A name is one to four capitalised words (with particles such as `van der`, `de la`,
`von`, `di`, `O'`, `Mc`, initials such as `J.`, hyphens and diacritics). Capitalised
words are everywhere (sentence starts, German nouns, brands, places), so a name
counts only where something says it is one:

- a title before it: `Mr`, `Mrs`, `Ms`, `Miss`, `Dr`, `Herr`, `Frau`, `M.`, `Mme`,
  `Mlle`, `Sr.`, `Sra.`, `Srta.`, `Don`, `Doña`, `Sig.ra`, `Signor`, `meneer`,
  `mevrouw`, `dhr.`, `mw.`, `pan`, `pani` … (the title is not part of the span);
- an Arabic trigger (`السيد`, `السيدة`, `اسمي`, `الزبون` …): one to three Arabic-script
  words, stopping at a verb or particle;
- a phrase that introduces a name: "my name is", "her name is", "je m'appelle",
  "ich heiße", "me llamo", "mi nombre es", "ik heet", "nazywam się", "Name:" … (after
  one, a name typed in lower case counts when it starts with a common given name);
- a signature: "Regards, X", "Cordialement, X", "Mit freundlichen Grüßen, X" …;
- a weaker phrase ("customer X", "a lady called X", "I'm X", "name X", "cliente X",
  "Kundin X", "klant X", "klientka X"), when the first word is a common given name or
  a verb of speech or action follows ("customer Patel said"); after a customer word,
  also two name-shaped words not on the stop-lists ("customer Zorbath Quillane");
- asking for someone or naming a relative ("ask for X", "demandez X", "her daughter
  X"): one given name is enough, unless a staff word or "our"/"notre"/"unser" is near;
- no phrase at all: a common given name followed by a surname ("Anna Kowalska").
  A first name alone is not enough: that is how notes name staff ("Shared with Jack
  and the team", "Lovely feedback for Lotte").

Never a name: words on the stop-lists (weekdays, months, greetings, pronouns and
articles, common place, brand and shop words, brands made of a name such as "John
Lewis" or "Ted Baker"), a name right after a staff word ("colleague", "manager",
"served by", "Kollegin", "collègue", "kolega" …), a name after a street or place word
("rue Victor Hugo", "Sankt Georg") or before one ("… Street", "… Station"), a street
built from a name ("Willem de Zwijgerlaan"), a titled product ("wódka Pan Tadeusz",
"Mrs. Butterworth's"), a titled name after a staff role ("notre responsable, Mme X"),
and the names of staff passed in `staff_names`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from frontline.core.pii._base import NAME, Entity
from frontline.core.pii.name_words import (
    ARABIC_GIVEN,
    ARABIC_LINKS,
    ARABIC_STOP,
    CITIES,
    GIVEN_NAMES,
    PLACE_AFTER,
    PLACE_BEFORE,
    PRODUCT_WORDS,
    STAFF_WORDS,
    STOP_PAIRS,
    STOP_WORDS,
    STREET_SUFFIXES,
    STREET_WORDS,
    THING_WORDS,
    VERBS_AFTER,
)

_LATIN = (
    [chr(c) for c in range(0x41, 0x250)] + [chr(c) for c in range(0x370, 0x530)]
    + [chr(c) for c in range(0x1E00, 0x1F00)]  # Vietnamese: "Nguyễn", "Hương"
)
_UP = "".join(c for c in _LATIN if c.isalpha() and c.isupper())
_LO = "".join(c for c in _LATIN if c.isalpha() and c.islower())
_U = f"[{re.escape(_UP)}]"
_L = f"[{re.escape(_LO)}]"

# one word of a name: "Anna", "McDonald", "O'Brien", "D'Angelo", "Anne-Marie", "J."
_WORD = re.compile(
    rf"(?:(?:Mc|Mac|Dell['’]|Dall['’]|Sant['’]|{_U}['’])?{_U}{_L}+(?:-{_U}{_L}+)*|{_U}{{3,}}(?:-{_U}{{2,}})*|{_U}\.)"
    rf"(?!\w|['’](?![sS]\b)\w)"  # "Chen's" is Chen
)
_PARTICLE = re.compile(
    r"(?:(?:van\s(?:der|den|de|het|['’]t)|in\s['’]t|['’]t|(?:mac|mhic|nic)\sgh?iolla"
    r"|von\s(?:der|dem)|de\s(?:la|los|las)|van|von|zu|de|del"
    r"|della|dello|degli|lo|li|di|da|dos|das|du|ten|ter|den|le|la|y|i|bin|bint|ibn|ben|al|el|abu|ó|ní|nic|mac|uí)\s"
    r"|[dD]['’](?=[A-ZÀ-Ý]))",
    re.IGNORECASE,
)
# a capitalised word that may be a given name: not after a letter, digit, "@", "." or "_"
_CAPITALISED = re.compile(rf"(?<![\w@.])(?<!\w[.'’]){_U}{_L}+(?![\w@])")
_ARABIC_WORD = re.compile(r"[\u0621-\u064a\u0671-\u06d3]+")

_TITLES_ANY_CASE = r"""
    mr mrs ms mx mister dr prof herr herrn frau familie famille familia monsieur madame
    mademoiselle mme mlle señor señora señorita sr sra srta doña dña meneer mevrouw mevr
    mejuffrouw heer dhr mw pan pani pana panu panem panią panie panna signor signora
    signorina sig\.ra sig\.na sig dokter doctor docteur doktor
"""
# titles that are also ordinary words or initials: only with this capitalisation
_TITLES_EXACT = r"Miss Sir Lady Hr\. Fr\. M\. Don p\."

_STRONG_PHRASES = r"""
    my\sname\sis | my\sname's | (?:her|his|their|the\scustomer's|the\sclient's)\sname\sis
    | name\sis | name's | (?:customer|client|caller)(?:\sname)?\s?: | name\s?: | signed
    | (?:kunde|kundin|kundenname|cliente|clienta|klant|klantnaam|klient|klientka)\s?:
    | je\sm['’]appelle | (?:il|elle)\ss['’]appelle | mon\snom\sest | (?:son|mon)\snom\s?:
    | nom\s?: | au\snom\sde | de\sla\spart\sde
    | ich\sheiße | ich\sheisse | (?:sie|er)\sheißt | (?:sie|er)\sheisst | mein\sname\sist
    | (?:ihr|sein)\sname\sist | name\sder\skundin | name\sdes\skunden | auf\sden\snamen
    | namens | kundenname\s?:
    | me\sllamo | se\sllama | mi\snombre\ses | su\snombre\ses | a\snombre\sde | nombre\s?:
    | (?:is|'s|was)\scalled | goes\sby | named | s['’]appelle | heißt | heisst | heet
    | llamad[oa] | genannt | mijn\snaam\sis | (?:haar|zijn)\snaam\sis
    | op\snaam\svan | naam\s?: | genaamd
    | nazywam\ssię | nazywa\ssię | mam\sna\simię | ma\sna\simię | na\snazwisko
    | imię\si\snazwisko\s?: | nazwisko\s?: | imię\s?:
    | mi\schiamo | si\schiama | il\smio\snome\sè | cognome\s?: | nome\s?: | a\snome\sdi
    | (?:booked|ordered|reserved|registered|order|booking|reservation|account)\sunder
"""
_SIGNATURES = r"""
    regards | kind\sregards | best\sregards | best\swishes | many\sthanks | thanks | thank\syou
    | cheers | sincerely | yours\ssincerely | cordialement | bien\sà\svous | salutations
    | mit\sfreundlichen\sgrüßen | viele\sgrüße | liebe\sgrüße | beste\sgrüße | grüße | gruß
    | saludos | atentamente | un\ssaludo | gracias
    | met\svriendelijke\sgroet | vriendelijke\sgroet | groeten | groet | bedankt
    | pozdrawiam | z\spoważaniem | dziękuję | serdecznie\spozdrawiam | pozdrowienia
    | cordiali\ssaluti | distinti\ssaluti | saluti | grazie | bien\scordialement | merci
    | met\svriendelijke\sgroeten | groetjes | mit\sfreundlichem\sgruß
"""
_WEAK_PHRASES = r"""
    customer | client | caller | (?:lady|gentleman|man|woman|guy|chap|girl|boy|someone
    |somebody|person|son|daughter|husband|wife|partner|mother|father|mum|mom|dad)\scalled
    | ask\sfor | asked\sfor | asking\sfor | this\sis | i['’]m | i\sam | it's
    | cliente | clienta | kunde | kundin | klant | klantin | klient | klientka | pani\sklientka
    | appelé | appelée | name | naam | nom | nombre | nazwisko | imię
    | je\ssuis | ich\sbin | hier\sist | soy | ik\sben | jestem | sono | qui\sè
"""
# a single given name after these is a customer's (or a relative's), unless a staff word
# is near: "ask for Aoife", "fragen Sie nach Sören", "her daughter Ingrid"
_ASK_PHRASES = r"""
    ask\sfor | asked\sfor | asking\sfor | fragen\s(?:sie\s)?nach | fragte\snach | demandez
    | demander | appeler | rappeler | pregunten\spor | preguntar\spor | preguntad\spor
    | vraag\snaar | vragen\snaar | vroeg\snaar | pytać\so | pytac\so | zapytać\so | zapytac\so
    | (?:her|his|their)\s(?:daughter|son|husband|wife|partner|mother|father|mum|mom|dad
        |sister|brother|grandson|granddaughter)
    | (?:ihre|ihr|seine|sein)\s(?:tochter|sohn|mann|ehemann|ehefrau|mutter|vater|schwester
        |bruder)
    | (?:sa|son)\s(?:fille|fils|mari|femme|mère|père|sœur|soeur|frère|frere)
    | su\s(?:hija|hijo|marido|esposa|esposo|madre|padre|hermana|hermano)
    | (?:haar|zijn)\s(?:dochter|zoon|man|vrouw|moeder|vader|zus|broer)
    | (?:jej|jego)\s(?:córka|corka|syn|mąż|maz|żona|zona|matka|ojciec|siostra|brat)
    | (?:(?:her|his|their|the\scustomer['’]s|customer['’]s)\s)?(?:grandson|granddaughter|niece
        |nephew|son|daughter|husband|wife|mother|father|partner)
    | (?:ihre?|seine?)\s(?:frau|mann|partner|partnerin|freundin|freund)
    | (?:ihr\s|sein\s|der\s|die\s)?(?:sohn|tochter|ehemann|ehefrau|enkel|enkelin|nichte|neffe)
    | (?:sa|son|la|le)\s(?:femme|mari|compagne|compagnon)
    | (?:sa\s|son\s)?(?:fils|fille|petit-fils|petite-fille|nièce|neveu)
    | (?:su\s)?(?:hijo|hija|marido|esposa|esposo|nieto|nieta|sobrina|sobrino)
    | (?:haar|zijn|de|het)\s(?:man|vrouw|partner)
    | (?:haar\s|zijn\s)?(?:zoon|dochter|kleinzoon|kleindochter)
    | (?:haar|zijn)\s(?:nicht|neef)  # German "nicht" is "not"
    | (?:jej\s|jego\s)?(?:syn|córka|corka|mąż|maz|żona|zona|wnuk|wnuczka|siostrzenica|bratanek)
    | (?:suo\s|sua\s|il\s|la\s)?(?:figlio|figlia|marito|moglie|nipote|compagno|compagna)
"""
# an Arabic trigger: a title, "my name is", "the customer"
_ARABIC_TRIGGERS = (
    "السيد السيدة الأستاذ الأستاذة اسمي الزبون الزبونة العميل العميلة باسم ابنها ابنه ابنته"
    " ابنتها زوجها زوجته زوجة حفيدها حفيده"  # not "زوج": also "a pair"
).split() + ["مع\\sالتحية،?", "مع\\sتحياتي،?"]

_TRIGGER = re.compile(
    # every phrase starts a word: checked once, so the scan skips the middle of words fast
    rf"(?<!\w)(?=\w)(?:"
    rf"(?P<title>(?<![\w.])(?:(?i:(?:{'|'.join(_TITLES_ANY_CASE.split())})\.?)"
    rf"|{'|'.join(_TITLES_EXACT.split())})(?=\s))"
    rf"|(?P<strong>(?<!\w)(?i:{_STRONG_PHRASES}))"
    rf"|(?P<sign>(?<!\w)(?i:{_SIGNATURES})\s?[,:\-–]?\s*\n?\s*(?=\S))"
    rf"|(?P<ask>(?<!\w)(?i:{_ASK_PHRASES})(?=\s))"
    rf"|(?P<weak>(?<!\w)(?i:{_WEAK_PHRASES})(?=\s))"
    rf"|(?P<arabic>(?<!\w)(?:{'|'.join(_ARABIC_TRIGGERS)})(?!\w)\s*))",
    re.VERBOSE,
)


def _names_a_thing(text: str, start: int) -> bool:
    """Whether the label that ends at `start` is a thing's name ("Product name:")."""
    before = re.findall(r"[\w'’-]+", text[max(0, start - 30) : start].lower())
    if before and before[-1] in ("name", "nom", "nombre", "naam", "nazwa"):
        before = before[:-1]
    return bool(before) and before[-1] in THING_WORDS


# after a first name, where staff work: "Tom from electricals", "Anna on the tills"
_STAFF_PLACE = re.compile(
    r"\s*(?:\((?:staff|colleague|manager|mitarbeiter|personnel|empleado|medewerker|pracownik)"
    r"|,?\s(?:from|on|at|in|von|an|der|de|du|à|en|van|op|bij|z|na|przy|w)\s(?:the\s|our\s|la\s"
    r"|le\s|el\s|der\s|den\s|de\s)?(?:tills?|checkouts?|warehouse|stockroom|electricals"
    r"|returns|customer\sservices?|kasse|lager|caisse|entrepôt|réserve|almacén|caja|magazijn"
    r"|kassa|kasie|kasy|magazynu|magazyn))",
    re.IGNORECASE,
)

# weak phrases after which a surname alone counts when a verb follows ("customer Patel said")
_CUSTOMER_WORDS = frozenset(
    "customer client caller cliente clienta kunde kundin klant klantin klient klientka".split()
)

_LABEL_WORDS = frozenset("name naam nom nombre nazwisko imię".split())

_GERMAN_TITLES = frozenset("herr herrn frau familie hr fr".split())


def _is_given(word: str) -> bool:
    return any(_given_part(part.lower()) for part in word.split("-"))


def _given_part(part: str) -> bool:
    # Polish declines given names: "pytać o Zuzannę", "z Anną" are Zuzanna, Anna
    return part in GIVEN_NAMES or (part[-1:] in ("ę", "ą") and part[:-1] + "a" in GIVEN_NAMES)


def _is_stop(word: str) -> bool:
    return word.lower().strip(".") in STOP_WORDS


def _word_at(
    text: str, i: int, particle_ok: bool
) -> tuple[re.Match[str] | None, int, re.Match[str] | None]:
    """The particle (if any), where the word starts and the word at `i`."""
    particle = _PARTICLE.match(text, i) if particle_ok else None
    if particle:
        m = _WORD.match(text, particle.end())
        if m is not None:
            return particle, particle.end(), m
    # "Mr Li called": Li is the name, not a particle
    return None, i, _WORD.match(text, i)


def _name_after(
    text: str, pos: int, *, allow_caps: bool, allow_particle: bool, most: int = 4
) -> tuple[int, int, list[str]] | None:
    """The name of at most `most` words that starts at `pos` (after spaces): its span
    and its words. Words are joined by single spaces; a particle ("van der", "de la")
    may come before a word, and first only when `allow_particle`."""
    i = pos
    while i < len(text) and text[i] == " ":
        i += 1
    words: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    while len(words) < most:
        particle, j, m = _word_at(text, i, bool(words) or allow_particle)
        if m is None:
            break
        word = m.group()
        initial = len(word) == 2 and word.endswith(".")
        if not initial and (_is_stop(word) or (word.isupper() and not allow_caps)):
            break
        if particle and j > i and word.lower() in CITIES:
            break  # "Nerea Arrieta de Bilbao": a particle before a city ends the name
        if particle and particle.group().strip().lower() in ("y", "i") and _is_given(word):
            break  # "Puig i Soler" is one name; "Anna Puig i Jordi Vila" are two
        if not words and _is_title(word) and _WORD.match(text, m.end() + 1):
            i = m.end() + 1  # "Cordialement, M. Dupont": the title is not the name
            continue
        words.append(word)
        starts.append(i)
        ends.append(m.end())
        if m.end() < len(text) and text[m.end()] == " ":
            i = m.end() + 1
        else:
            break
    while words and words[-1].endswith("."):
        words.pop()  # an initial must be followed by a name: "J. Smith", not "Smith J."
        ends.pop()
    if not words:
        return None
    return starts[0], ends[-1], words


_TITLE_WORDS = frozenset(
    "m mme mlle mr mrs ms dr herr herrn frau sr sra srta señor señora sig signor signora "
    "meneer mevrouw dhr mw pan pani".split()
)


def _is_title(word: str) -> bool:
    return word.lower().rstrip(".") in _TITLE_WORDS


_LOWER_WORD = re.compile(rf"{_L}+(?:-{_L}+)*(?!\w)")


def _lower_case_name_after(text: str, pos: int) -> tuple[int, int, list[str]] | None:
    """A name typed in lower case after a phrase such as "my name is": a common given
    name, and the word after it as a surname unless it is a stop word."""
    i = pos
    while i < len(text) and text[i] == " ":
        i += 1
    first = _LOWER_WORD.match(text, i)
    if first is None or not _is_given(first.group()):
        return None
    words, end = [first.group()], first.end()
    if text[end : end + 1] == " ":
        second = _LOWER_WORD.match(text, end + 1)
        if second is not None and len(second.group()) > 1 and not _is_stop(second.group()):
            words.append(second.group())
            end = second.end()
    return i, end, words


def _ends_signature(text: str, end: int) -> bool:
    """Whether a name at `end` closes a signature: nothing but punctuation follows on
    its line ("Regards, Anna Nowak", not "Thanks, Tom will call back")."""
    rest = text[end:]
    line = rest.split("\n", 1)[0]
    return line.strip(" .!,") == ""


def _after_staff_word(text: str, start: int) -> bool:
    before = re.findall(r"[\w'’-]+", text[max(0, start - 30) : start].lower())
    return any(w in STAFF_WORDS for w in before[-2:])


def _staff_near(text: str, start: int, end: int) -> bool:
    """Whether a staff word ("colleague", "our", "notre", "Kollege" …) is among the
    six words before `start` or the three after `end`."""
    before = re.findall(r"[\w'’-]+", text[max(0, start - 60) : start].lower())[-6:]
    after = re.findall(r"[\w'’-]+", text[end : end + 40].lower())[:3]
    return any(w in STAFF_WORDS or w in _POSSESSIVES for w in before + after)


_POSSESSIVES = frozenset(
    "our notre nos unser unsere unseren unserem nuestro nuestra nuestros onze ons nasz "
    "nasza naszego naszej nostro nostra".split()
)


def _staff_role_before(text: str, start: int) -> bool:
    """Whether a staff role stands in apposition just before a titled name: "notre
    responsable du rayon jardin, Mme Rousseau", "our manager - Mr Hale"."""
    head = text[max(0, start - 60) : start]
    m = re.search(r"([^.!?;\n]*)[,:–—-]\s*$", head)
    if m is None:
        return False
    words = re.findall(r"[\w'’-]+", m.group(1).lower())[-5:]
    return any(w in STAFF_WORDS and w not in ("my", "served") for w in words)


def _is_product(text: str, start: int, end: int) -> bool:
    """Whether a titled name is a product: a product word right before it ("wódka Pan
    Tadeusz"), a possessive that ends the phrase or comes before a product word
    ("Mrs. Butterworth's", "Mrs Butterworth's syrup"), or "in stock"/"en promo" after."""
    before = re.findall(r"[\w'’-]+", text[max(0, start - 40) : start].lower())[-1:]
    if any(w in PRODUCT_WORDS for w in before):
        return True
    rest = text[end : end + 40]
    after = re.findall(r"[\w'’-]+", rest.lower())[:3]
    if re.match(r"['’]s\b", rest):
        ends = re.match(r"['’]s\s*(?:[.,;!?)]|$)", rest)
        if ends or (len(after) > 1 and after[1] in PRODUCT_WORDS):
            return True
        after = after[1:]
    pair = " ".join(after[:2])
    if " ".join(after[:3]) in ("out of stock", "en rupture de", "nicht auf lager"):
        return True
    return pair in ("in stock", "en promo", "en stock", "im angebot", "auf lager",
                    "en oferta", "in promo", "op voorraad", "w promocji", "in aanbieding")


def _is_street(words: list[str]) -> bool:
    """Whether a name's words are a street's ("Willem de Zwijgerlaan", "Calle X")."""
    last = words[-1].lower()
    if any(last.endswith(s) and len(last) > len(s) + 2 for s in STREET_SUFFIXES):
        return True
    return any(w.lower() in STREET_WORDS for w in words)


# German nouns a customer word may come before in a terse note ("Kunde Rückgabe Ware")
_GERMAN_NOUN_END = ("ung", "heit", "keit", "schaft", "tion", "nummer", "karte", "ware", "gabe",
                    "tät", "ment", "ei", "nis", "schein")


# customer words: a weak cue, since a verb may follow them as well as a name
_ARABIC_WEAK = frozenset("الزبون الزبونة العميل العميلة".split())


def _arabic_looks_named(words: list[str]) -> bool:
    """After a customer word: a known given name, or a given and a family name ("ال…")."""
    if words[0] in ARABIC_GIVEN:
        return True
    return len(words) >= 2 and any(w.startswith("ال") or w in ARABIC_LINKS for w in words[1:])


def _arabic_name_part(word: str) -> bool:
    """A word that can follow a given name inside an Arabic name."""
    return word.startswith("ال") or word in ARABIC_LINKS or word in ARABIC_GIVEN \
        or word.startswith("لل")


def _arabic_stop(word: str) -> bool:
    """A verb or particle, also with "و" (and) before it: "وأريد", "ويطلب"."""
    if word in ARABIC_STOP:
        return True
    return word.startswith("و") and (word[1:] in ARABIC_STOP or word[1:2] in ("أ", "ي", "ت", "ن"))


def _arabic_name_after(text: str, pos: int,
                       strict: bool = False) -> tuple[int, int, list[str]] | None:
    """One to three Arabic-script words right after `pos`, joined by single spaces,
    stopping at a verb or particle; "بن"/"بنت" join the parts and do not count."""
    words: list[str] = []
    start = end = pos
    i = pos
    counted = 0
    while counted < 3:
        m = _ARABIC_WORD.match(text, i)
        if m is None or _arabic_stop(m.group()):
            break
        if strict and words and words[-1] not in ARABIC_LINKS \
                and not _arabic_name_part(m.group()):
            break  # after the given name: a family name ("ال…"), "بن …" or another given name
        words.append(m.group())
        end = m.end()
        if m.group() not in ARABIC_LINKS:
            counted += 1
        if text[end : end + 1] != " ":
            break
        i = end + 1
    while words and words[-1] in ARABIC_LINKS:
        words.pop()
        end = text.rfind(" ", start, end)
    if not words:
        return None
    return start, end, words


# a relative in apposition: "her husband, Declan,", "Le mari de Mme Garnier, Thibault,"
_RELATIVE_APPOSITION = re.compile(
    r"(?<!\w)(?i:husband|wife|son|daughter|partner|grandson|granddaughter|mother|father"
    r"|mari|femme|fils|fille|tochter|sohn|mann|ehemann|ehefrau|marido|esposa|hijo|hija"
    r"|man|vrouw|zoon|dochter|mąż|żona|syn|córka|marito|moglie|figlio|figlia)"
    r"(?:\s(?i:of|de|von|van|du|des|der|di|del|della|pani|pana|pan|signora|signor)"
    r"(?:\s[^\s,.;:!?]+){1,3})?,\s"
)

# a lower-case or ALL-CAPS name after a customer word ends at one of these
_CASE_STOP = frozenset(
    """war ist hat will möchte wollte quiere quería llamó pide pidió está vino was wil
    belde wilde pas veut voulait est a appelé niezadowolony niezadowolona chce chciał
    chciała dzwonił dzwoniła arrabbiato arrabbiata vuole ha è requests request wants
    called rang came is has says said asked returned
    from on at in with about for to and or aus bei mit für über und oder zu à avec pour sur
    et ou con para por sobre en met voor over bij naar en of ze na dla oraz per su con""".split()
)
# "ms teams", "mr muscle": not a surname after a lower-case title
_NOT_LOWER_SURNAMES = frozenset(
    "teams word excel office outlook paint access edge dos muscle proper bean right".split()
)
_ANY_CASE_WORD = re.compile(rf"(?:{_U}|{_L})(?:{_U}|{_L})*(?:-(?:{_U}|{_L})+)*(?![\w'’])")
_LOWER_PARTICLE = re.compile(r"(?i:van\s(?:der|den|de)|de\s(?:la|los)|van|von|de|del|di|da|du)\s")


def _any_case_name_after(text: str, pos: int) -> tuple[int, int, list[str]] | None:
    """One to three words whatever their case after a customer word ("kunde stefan
    brauner war da", "CUSTOMER HELEN GRAYSON REQUESTS …"): the first a common given
    name; a stop word, a verb or a dash ends the name."""
    i = pos
    while i < len(text) and text[i] == " ":
        i += 1
    words: list[str] = []
    start = end = i
    while len(words) < 3:
        j = i
        particle = _LOWER_PARTICLE.match(text, i) if words else None
        if particle:
            j = particle.end()
        m = _ANY_CASE_WORD.match(text, j)
        if m is None:
            break
        word = m.group()
        low = word.lower()
        if not words and not _is_given(word):
            return None
        if words and (_is_stop(word) or low in _CASE_STOP or low in VERBS_AFTER or len(low) < 2):
            break
        words.append(word)
        end = m.end()
        if text[end : end + 1] != " ":
            break
        i = end + 1
    if not words:
        return None
    return start, end, words


def _staff_set(staff_names: Iterable[str] | None) -> list[set[str]]:
    return [{w.lower() for w in re.findall(r"\w+", n)} for n in staff_names or () if n.strip()]


def find_names(  # noqa: C901 — TODO split: one pass over name phrases, each rule in turn
    text: str, *, staff_names: Iterable[str] | None = None
) -> list[Entity]:
    """Customers' names in (normalised) `text`, leaving out `staff_names`."""
    found: list[tuple[int, int, list[str]]] = []
    for m in _TRIGGER.finditer(text):
        kind = m.lastgroup
        if kind == "arabic":
            weak = m.group().strip() in _ARABIC_WEAK
            arabic = _arabic_name_after(text, m.end(), strict=weak)
            if arabic is not None and (not weak or _arabic_looks_named(arabic[2])):
                found.append(arabic)
            continue
        got = _name_after(
            text, m.end(), allow_caps=kind in ("title", "strong", "sign"),
            allow_particle=kind in ("title", "strong"),
        )
        trigger = m.group().lower()
        if got is None and kind == "strong":
            got = _lower_case_name_after(text, m.end())
        if kind == "weak" and trigger in _CUSTOMER_WORDS:
            other = _any_case_name_after(text, m.end())
            if other is not None and got is None and not _STAFF_PLACE.match(text, other[1]):
                found.append(other)
                continue
        if (
            got is None and kind == "title" and m.group().islower()
            and trigger.rstrip(".") in ("mr", "mrs", "ms")
        ):
            low = _LOWER_WORD.match(text, m.end() + 1)
            if low is not None and len(low.group()) > 2 and not _is_stop(low.group()) and (
                low.group() not in _CASE_STOP and low.group() not in VERBS_AFTER
                and low.group() not in _NOT_LOWER_SURNAMES
            ):
                found.append((low.start(), low.end(), [low.group()]))
            continue
        if got is None:
            continue
        start, end, words = got
        if text[m.end() : start].count("\n") > (1 if kind == "sign" else 0):
            continue
        if kind == "strong" and _names_a_thing(text, m.start()):
            continue
        if kind == "title" and m.group() == "Don" and not _is_given(words[0]):
            # Spanish "Don" comes before a given name; before a surname it is one
            start, words = m.start(), ["Don", *words]
        if kind == "title" and len(words) > 1 and not _is_given(words[0]):
            if m.group().lower().rstrip(".") in _GERMAN_TITLES:
                # German capitalises nouns: "Frau Müller Bescheid geben" names Müller only
                got = _name_after(text, m.end(), allow_caps=True, allow_particle=True, most=1)
                if got is None:
                    continue
                start, end, words = got
        if kind == "title" and (
            _is_product(text, m.start(), end) or _staff_role_before(text, m.start())
        ):
            continue  # "sirop Mrs. Butterworth's", "notre responsable du rayon, Mme X"
        if kind == "ask" and trigger.endswith("frau") and not _is_given(words[0]):
            # "seine Frau Müller": Frau is a title there, and the name one word
            got = _name_after(text, m.end(), allow_caps=True, allow_particle=True, most=1)
            if got is not None:
                found.append(got)
            continue
        if kind == "ask":
            if not _is_given(words[0]) or _staff_near(text, m.start(), end):
                continue
            if len(words) == 1 and _STAFF_PLACE.match(text, end):
                continue
        if kind == "weak":
            customer = trigger in _CUSTOMER_WORDS
            # a bare label counts in lower case ("name Oisín Kearney"), not in a heading
            # ("Name Change Request")
            label = trigger in _LABEL_WORDS and m.group().islower()
            two = len(words) >= 2 and not (
                trigger in ("kunde", "kundin")
                and any(w.lower().endswith(_GERMAN_NOUN_END) for w in words)
            )
            if not (
                _is_given(words[0])
                or label
                or (customer and two)
                or (customer and _next_word(text, end) in VERBS_AFTER)
            ):
                continue
            if len(words) == 1 and _STAFF_PLACE.match(text, end):
                continue  # "ask for Tom from electricals", "Anna (staff)"
        if kind == "sign" and (len(words) > 3 or not _ends_signature(text, end)):
            continue
        found.append((start, end, words))
    for m in _RELATIVE_APPOSITION.finditer(text):
        got = _name_after(text, m.end(), allow_caps=False, allow_particle=False, most=2)
        if got is not None and _is_given(got[2][0]) and not _staff_near(text, m.start(), got[1]):
            found.append(got)
    # no phrase: a given name and a surname ("Anna Kowalska rang")
    for m in _CAPITALISED.finditer(text):
        if m.group().lower() not in GIVEN_NAMES:
            continue
        got = _name_after(text, m.start(), allow_caps=False, allow_particle=False)
        if got is None:
            continue
        start, end, words = got
        if len(words) == 1:
            continue  # a first name alone is how staff are named ("Shared with Jack")
        if len(words) > 2 and not _is_given(words[1]):
            # "Anna Müller Bescheid geben": a third word only after two given names
            got = _name_after(text, m.start(), allow_caps=False, allow_particle=False, most=2)
            if got is None:
                continue
            start, end, words = got
        found.append((start, end, words))
    staff = _staff_set(staff_names)
    entities: list[Entity] = []
    for start, end, words in sorted(found, key=lambda f: (f[0], -f[1])):
        if entities and start < entities[-1].end:
            continue
        lowered = [w.lower().strip(".") for w in words]
        if " ".join(lowered[:2]) in STOP_PAIRS or " ".join(lowered[-2:]) in STOP_PAIRS:
            continue
        before = re.findall(r"[\w'’-]+", text[max(0, start - 20) : start].lower())
        if before and f"{before[-1]} {lowered[0]}" in STOP_PAIRS:
            continue  # a titled brand or character: "Miss Marple", "Pana Tadeusza"
        if _PRODUCT_AFTER.match(text, end):
            continue  # "… box set", "… w twardej oprawie"
        if before and before[-1] in PLACE_BEFORE or _next_word(text, end) in PLACE_AFTER:
            continue
        if _after_staff_word(text, start) or _names_a_thing(text, start):
            continue
        if _is_street(words):
            continue
        names = {w for w in lowered if len(w) > 1}
        if staff and names and any(names <= s for s in staff):
            continue
        entities.append(Entity(NAME, start, end))
    return entities


_PRODUCT_AFTER = re.compile(
    r"['’]?s?\s+(?:\w+\s+)?(?i:box\s?set|dvd|blu-?ray|w\s(?:twardej|miękkiej)\soprawie"
    r"|en\s(?:dvd|poche)|hardback|paperback|taschenbuch|gebunden)(?!\w)"
)


def _next_word(text: str, end: int) -> str:
    m = re.match(r"\s+([\w'’]+)", text[end : end + 40])
    return m.group(1).lower() if m else ""
