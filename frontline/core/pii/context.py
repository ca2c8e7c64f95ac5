"""Labels staff write next to a number: the nearest one says what the number is."""

from __future__ import annotations

import re

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
    cellulare chiamare chiamat telefone telemóvel telemovel ligar puhelin puh τηλ τηλέφωνο
    κινητό sími tālr tālrunis
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
    vat tax tin ein ssn nino
    size sizes model models type imei isbn plu ip
    taille modèle modele
    kd größe grösse groesse modell typ
    talla modelo
    maat
    rozmiar typu
    commande cde cmd facture reçu recu suivi colis référence réf fidélité fidelite magasin
    caisse bon dossier tva siret siren
    bestell auftrag rechnung beleg kassenbon quittung sendung paket artikel filiale kasse
    kunden payback vorgang lieferschein gutschein retoure ust steuer
    pedido factura recibo seguimiento envío envio paquete artículo articulo tienda caja
    socio fidelidad devolución devolucion albarán albaran código codigo nif cif iva
    bestelling bestelnummer kassabon factuur zending pakket winkel kassa klantenkaart
    retour referentie btw kvk
    zamówieni zamowieni paragon faktur przesyłk przesylk paczk sklep artykuł artykul kod
    kasa lojalnościow lojalnosciow zwrot reklamacj przewozow nip regon pesel
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


# who holds an account: "customer number", "client no.", "numéro client", "numer klienta"
_ACCOUNT_HOLDERS = frozenset(
    """customer customers client clients member membership cliente clientes kunde kunden
    klant klanten klient klienta klientów socio""".split()
)

# The end of a clause: a semicolon, a new line, or a sentence stop followed by a capital
# (not "Nr. 0213" or "tel. 06…", where the stop ends an abbreviation).
_CLAUSE_END = re.compile(r"[;\n]|[.!?]\s+(?=[A-ZÀ-ÖØ-ÞĄĆĘŁŃŚŹŻ])")


def label_before(text: str, start: int) -> str | None:
    """The kind of label ("doc", "card", "phone") that names the number at `start`, if any.

    Only the same clause counts: a label before a full stop, a semicolon or a
    newline, or one separated from the number by another number, names something else;
    so does a document word before a comma.
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
    comma = window.rfind(",")  # "about her parcel, 06-12345678": the parcel is not the number
    previous_word = ""
    for match in _TOKEN.finditer(window):
        word = match.group().lower()
        kind = _classify(word)
        # "gift card", "loyalty card", "carte fidélité": a card word after a document word
        if kind == "card" and previous == "doc":
            kind = "doc"
        # "customer number", "numer klienta": an account number, not the customer's phone
        if (kind in ("generic", "neutral") and previous_word in _ACCOUNT_HOLDERS) or (
            word in _ACCOUNT_HOLDERS and previous in ("generic", "neutral")
        ):
            kind = "doc"
            if kinds and previous in ("generic", "neutral"):
                kinds[-1] = "doc"
        previous = kind
        previous_word = word
        if kind == "doc" and match.end() <= comma:
            kind = None
        kinds.append(kind)
    for kind in reversed(kinds):
        if kind == "generic":
            generic = True
        elif kind is not None and kind != "neutral":
            return kind
    return "phone" if generic else None


def label_after(text: str, end: int) -> str | None:
    """A phone label right after a number ("06 12 34 56 78 (mobile)")."""
    match = _TOKEN.search(text, end, min(len(text), end + 16))
    if match is None or text[end : match.start()].strip(" ,(-–:") != "":
        return None
    kind = _classify(match.group())
    return "phone" if kind == "phone" else None


