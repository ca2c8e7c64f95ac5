"""Generate check-digit-valid numbers used (pasted by hand) in sentences.jsonl.

Cards: Luhn-valid numbers of many schemes/ranges.
IBANs: mod-97 valid IBANs of many countries.
EAN-13: valid barcodes (hard negatives).
Gift cards: 16/19-digit numbers that FAIL Luhn (hard negatives).
Also exposes luhn_ok / iban_ok / ean13_ok used by check_labels.py.
Run: python make_numbers.py  (deterministic, seed 20261207)
"""
import random
import string

rng = random.Random(20261207)


def luhn_check_digit(body: str) -> str:
    total = 0
    for i, ch in enumerate(reversed(body)):
        d = int(ch)
        if i % 2 == 0:  # these get doubled once check digit appended
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return str((10 - total % 10) % 10)


def luhn_ok(num: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(num)):
        d = int(ch)
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def card(prefix: str, length: int) -> str:
    body = prefix + "".join(rng.choice(string.digits) for _ in range(length - len(prefix) - 1))
    return body + luhn_check_digit(body)


def not_luhn(length: int, prefix: str = "") -> str:
    while True:
        n = prefix + "".join(rng.choice(string.digits) for _ in range(length - len(prefix)))
        if not luhn_ok(n):
            return n


IBAN_BBAN = {  # country: (length of BBAN, pattern n=digit a=upper letter c=alnum)
    "DE": "n" * 18,
    "FR": "n" * 10 + "c" * 11 + "n" * 2,
    "ES": "n" * 20,
    "NL": "aaaa" + "n" * 10,
    "BE": "n" * 12,
    "PL": "n" * 24,
    "IE": "aaaa" + "n" * 14,
    "GB": "aaaa" + "n" * 14,
    "IT": "a" + "n" * 10 + "c" * 12,
    "PT": "n" * 21,
    "AT": "n" * 16,
    "CH": "n" * 5 + "c" * 12,
    "LU": "n" * 3 + "c" * 13,
    "DK": "n" * 14,
    "SE": "n" * 20,
    "FI": "n" * 14,
    "NO": "n" * 11,
    "GR": "n" * 7 + "c" * 16,
    "CZ": "n" * 20,
    "MT": "aaaa" + "n" * 5 + "c" * 18,
    "EE": "n" * 16,
    "SA": "n" * 2 + "c" * 18,
    "AE": "n" * 19,
}
BANKS = {"NL": ["ABNA", "RABO", "INGB", "TRIO"], "IE": ["AIBK", "BOFI"], "GB": ["NWBK", "BARC", "MIDL"], "MT": ["MALT", "VALL"]}


def iban_ok(iban: str) -> bool:
    s = iban.replace(" ", "").upper()
    s = s[4:] + s[:4]
    return int("".join(str(int(c, 36)) for c in s)) % 97 == 1


def iban(cc: str) -> str:
    pat = IBAN_BBAN[cc]
    out = []
    if cc in BANKS:
        bank = rng.choice(BANKS[cc])
        out.append(bank)
        pat = pat[4:]
    for p in pat:
        if p == "n":
            out.append(rng.choice(string.digits))
        elif p == "a":
            out.append(rng.choice(string.ascii_uppercase))
        else:
            out.append(rng.choice(string.digits + string.digits + string.ascii_uppercase))
    bban = "".join(out)
    rearr = bban + cc + "00"
    num = int("".join(str(int(c, 36)) for c in rearr))
    check = 98 - num % 97
    return f"{cc}{check:02d}{bban}"


def ean13_ok(code: str) -> bool:
    digits = [int(c) for c in code]
    s = sum(d * (3 if i % 2 else 1) for i, d in enumerate(digits[:12]))
    return (10 - s % 10) % 10 == digits[12]


def ean13(prefix: str) -> str:
    body = prefix + "".join(rng.choice(string.digits) for _ in range(12 - len(prefix)))
    s = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(body))
    return body + str((10 - s % 10) % 10)


CARD_SPECS = [
    ("visa16", "4", 16), ("visa16", "41", 16), ("visa16", "45", 16), ("visa16", "49", 16),
    ("visa13", "4", 13), ("visa19", "4", 19),
    ("mc51", "51", 16), ("mc53", "53", 16), ("mc55", "55", 16),
    ("mc2221", "2221", 16), ("mc2300", "23", 16), ("mc2500", "25", 16), ("mc2720", "2720", 16),
    ("amex34", "34", 15), ("amex37", "37", 15),
    ("discover6011", "6011", 16), ("discover65", "65", 16), ("discover644", "644", 16),
    ("jcb3528", "3528", 16), ("jcb3589", "3589", 16),
    ("diners36", "36", 14), ("diners300", "300", 14), ("diners38", "38", 14),
    ("unionpay62_16", "62", 16), ("unionpay62_17", "622", 17), ("unionpay62_18", "624", 18), ("unionpay62_19", "625", 19),
    ("maestro5018", "5018", 16), ("maestro6759", "6759", 16), ("maestro6304", "6304", 19), ("maestro5020", "5020", 12),
    ("mir2200", "2200", 16), ("mir2202", "2202", 16), ("mir2204", "2204", 16),
]

if __name__ == "__main__":
    print("# CARDS (Luhn valid)")
    for name, pre, ln in CARD_SPECS:
        for _ in range(2):
            c = card(pre, ln)
            assert luhn_ok(c)
            print(name, c)
    print("# IBANS (mod-97 valid)")
    for cc in IBAN_BBAN:
        for _ in range(2):
            i = iban(cc)
            assert iban_ok(i)
            print(cc, i)
    print("# EAN-13 (valid, negatives)")
    for pre in ["400", "401", "300", "340", "840", "870", "871", "590", "841", "500", "560", "800"]:
        e = ean13(pre)
        assert ean13_ok(e)
        print(pre, e)
    print("# GIFT CARDS (fail Luhn, negatives)")
    for ln, pre in [(16, "6"), (16, "7"), (19, "60"), (16, "4"), (16, "5"), (19, "9"), (16, "2")]:
        for _ in range(2):
            g = not_luhn(ln, pre)
            assert not luhn_ok(g)
            print(ln, g)
