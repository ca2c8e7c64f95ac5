"""Turn the hand-written annotated source (sentences_annotated.txt) into sentences.jsonl.

Source format, one sentence per line:  <lang>\t<text>
Entities are marked inline as [[KIND|span]]; the markers are removed and the
offsets (Python str code points, end exclusive) of `span` in the cleaned text are
recorded. Escapes: {NBSP} -> U+00A0, {NNBSP} -> U+202F, {NL} -> newline.
Lines starting with '#' and blank lines are ignored.
The sentences themselves were written by hand; this script only computes offsets.
"""
import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).parent
MARK = re.compile(r"\[\[(EMAIL|PHONE|CARD|IBAN|NAME)\|(.+?)\]\]")
ESC = {"{NBSP}": "\u00a0", "{NNBSP}": "\u202f", "{NL}": "\n"}


def unescape(s: str) -> str:
    for k, v in ESC.items():
        s = s.replace(k, v)
    return s


def parse(line: str):
    lang, raw = line.split("\t", 1)
    text, ents, pos = [], [], 0
    out_len = 0
    for m in MARK.finditer(raw):
        before = unescape(raw[pos:m.start()])
        text.append(before)
        out_len += len(before)
        span = unescape(m.group(2))
        ents.append({"kind": m.group(1), "start": out_len, "end": out_len + len(span), "_span": span})
        text.append(span)
        out_len += len(span)
        pos = m.end()
    tail = unescape(raw[pos:])
    text.append(tail)
    t = "".join(text)
    assert "[[" not in t and "]]" not in t, line
    for e in ents:
        assert t[e["start"]:e["end"]] == e.pop("_span")
    return {"text": t, "lang": lang, "entities": ents}


def main():
    rows = []
    for n, line in enumerate((HERE / "sentences_annotated.txt").read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        try:
            rows.append(parse(line))
        except Exception as exc:  # noqa: BLE001
            sys.exit(f"line {n}: {exc!r}: {line}")
    with open(HERE / "sentences.jsonl", "w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    print(f"wrote {len(rows)} sentences")


if __name__ == "__main__":
    main()
