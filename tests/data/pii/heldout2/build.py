"""Build sentences.jsonl from the marked source files in src/.

Each source line is ``lang<TAB>text``; entities are written inline as
``[[KIND|surface text]]``. Blank lines and lines starting with ``#`` are skipped.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
MARK = re.compile(r"\[\[(EMAIL|PHONE|CARD|IBAN|NAME)\|(.+?)\]\]")
LANGS = {"en", "de", "fr", "es", "nl", "pl", "ar", "it", "mixed"}


def parse_line(line: str) -> dict:
    lang, marked = line.split("\t", 1)
    lang = lang.strip()
    if lang not in LANGS:
        raise ValueError(f"bad lang {lang!r}: {line!r}")
    text_parts: list[str] = []
    entities: list[dict] = []
    pos = 0
    length = 0
    for match in MARK.finditer(marked):
        before = marked[pos : match.start()]
        text_parts.append(before)
        length += len(before)
        surface = match.group(2)
        entities.append({"kind": match.group(1), "start": length, "end": length + len(surface)})
        text_parts.append(surface)
        length += len(surface)
        pos = match.end()
    text_parts.append(marked[pos:])
    text = "".join(text_parts)
    if "[[" in text or "]]" in text:
        raise ValueError(f"unparsed mark: {line!r}")
    return {"text": text, "lang": lang, "entities": entities}


def main() -> int:
    rows = []
    for src in sorted((HERE / "src").glob("*.txt")):
        for raw in src.read_text(encoding="utf-8").splitlines():
            if not raw.strip() or raw.startswith("#"):
                continue
            rows.append(parse_line(raw))
    out = HERE / "sentences.jsonl"
    with out.open("w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"wrote {len(rows)} sentences to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
