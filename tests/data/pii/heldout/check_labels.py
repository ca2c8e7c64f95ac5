"""Independent checks of sentences.jsonl (offsets, span shapes, checksums) + counts."""
import json
import re
import sys
import unicodedata
from collections import Counter
from pathlib import Path

from make_numbers import iban_ok, luhn_ok

HERE = Path(__file__).parent
LANGS = {"en", "de", "fr", "es", "nl", "pl", "ar", "mixed"}
KINDS = {"EMAIL", "PHONE", "CARD", "IBAN", "NAME"}
TITLES = ("Mr", "Mrs", "Ms", "Dr", "Herr", "Frau", "M.", "Mme", "Sr.", "Sra.", "meneer", "mevrouw",
          "Meneer", "Mevrouw", "pan ", "pani ", "Pan ", "Pani ", "السيد", "السيدة", "Sig.")


def digits(s):
    out = []
    for ch in s:
        if ch.isdigit():
            out.append(str(unicodedata.digit(ch)))
    return "".join(out)


def main():
    errors = []
    rows = [json.loads(line) for line in (HERE / "sentences.jsonl").read_text(encoding="utf-8").splitlines()]
    per_kind, per_lang, pos_lang = Counter(), Counter(), Counter()
    for i, r in enumerate(rows, 1):
        assert set(r) == {"text", "lang", "entities"}, i
        t = r["text"]
        per_lang[r["lang"]] += 1
        if r["lang"] not in LANGS:
            errors.append((i, "lang"))
        if r["entities"]:
            pos_lang[r["lang"]] += 1
        prev_end = 0
        for e in sorted(r["entities"], key=lambda e: e["start"]):
            k, s, en = e["kind"], e["start"], e["end"]
            per_kind[k] += 1
            if k not in KINDS or not (0 <= s < en <= len(t)) or s < prev_end:
                errors.append((i, "bad offsets", e))
                continue
            prev_end = en
            span = t[s:en]
            if span != span.strip() or span[-1] in ".,;:)»”\"'" and k != "PHONE":
                errors.append((i, "untrimmed", span))
            # the span must not be glued to neighbouring word characters
            if s > 0 and t[s - 1].isalnum() or en < len(t) and t[en].isalnum():
                errors.append((i, "glued", span))
            d = digits(span)
            if k == "CARD" and not (12 <= len(d) <= 19 and luhn_ok(d)):
                errors.append((i, "card not luhn", span))
            if k == "IBAN" and not iban_ok(span.replace(" ", "")):
                errors.append((i, "iban", span))
            if k == "PHONE" and not (7 <= len(d) <= 15 and (span[0].isdigit() or span[0] in "+(") and span[-1].isdigit()):
                errors.append((i, "phone shape", span))
            if k == "EMAIL" and not ("@" in span or re.search(r"\bat\b|\(at\)|\[at\]|arroba|apenstaartje|małpa", span)):
                errors.append((i, "email", span))
            if k == "NAME" and (span.split()[0].rstrip(".") in {x.strip().rstrip(".") for x in TITLES} or any(c.isdigit() for c in span)):
                errors.append((i, "name has title/digit", span))
        # negatives: a Luhn-valid 13-19 digit run outside CARD spans is suspicious (EAN-13 allowed, reported)
        covered = [(e["start"], e["end"]) for e in r["entities"]]
        for m in re.finditer(r"\d[\d \-.]{11,24}\d", t):
            if any(a <= m.start() < b for a, b in covered):
                continue
            d = digits(m.group())
            if 13 <= len(d) <= 19 and luhn_ok(d):
                print(f"note: line {i}: unlabelled Luhn-valid run {m.group()!r}")
    for e in errors:
        print("ERROR", e)
    total = len(rows)
    npos = sum(1 for r in rows if r["entities"])
    print(f"sentences: {total}; with entities: {npos} ({npos / total:.0%}); negatives: {total - npos}")
    print("per language:", dict(per_lang))
    print("per language with >=1 entity:", dict(pos_lang))
    print("entities per kind:", dict(per_kind), "total", sum(per_kind.values()))
    sys.exit(1 if errors else 0)


if __name__ == "__main__":
    main()
