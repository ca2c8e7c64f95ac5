"""Build labelled.jsonl from dev.txt, holdout.txt and blind.txt (offsets are computed, never typed).

    .venv/bin/python tests/data/pii/build.py          # rewrite labelled.jsonl
    .venv/bin/python tests/data/pii/build.py --check  # exit 1 if labelled.jsonl is stale

Each source line is `<lang> | <text>` with personal data marked `{{KIND|text}}`.
Each output line is `{"text", "entities": [{"kind", "start", "end"}], "lang", "split"}`.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SOURCES = (
    ("dev", HERE / "dev.txt"),
    ("holdout", HERE / "holdout.txt"),
    ("blind", HERE / "blind.txt"),
)
OUTPUT = HERE / "labelled.jsonl"
KINDS = {"EMAIL", "PHONE", "CARD", "IBAN", "ADDRESS", "NAME"}
MARK = re.compile(r"\{\{([A-Z]+)\|(.*?)\}\}")


def parse_line(line: str) -> tuple[str, str, list[dict[str, object]]]:
    """(lang, plain text, entities) of one marked-up source line."""
    lang, sep, marked = line.partition(" | ")
    if not sep or not re.fullmatch(r"[a-z]{2}", lang):
        raise ValueError(f"expected '<lang> | <text>', got {line!r}")
    text: list[str] = []
    entities: list[dict[str, object]] = []
    pos = length = 0
    for match in MARK.finditer(marked):
        kind, span = match.group(1), match.group(2)
        if kind not in KINDS:
            raise ValueError(f"unknown kind {kind!r} in {line!r}")
        before = marked[pos : match.start()]
        text.append(before)
        length += len(before)
        entities.append({"kind": kind, "start": length, "end": length + len(span)})
        text.append(span)
        length += len(span)
        pos = match.end()
    text.append(marked[pos:])
    plain = "".join(text)
    if "{{" in plain or "}}" in plain:
        raise ValueError(f"unbalanced mark-up in {line!r}")
    for entity, match in zip(entities, MARK.finditer(marked), strict=True):
        assert plain[entity["start"] : entity["end"]] == match.group(2)  # type: ignore[misc]
    return lang, plain, entities


def build() -> str:
    out = []
    seen: set[str] = set()
    for split, path in SOURCES:
        for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not raw.strip() or raw.startswith("#"):
                continue
            try:
                lang, text, entities = parse_line(raw)
            except ValueError as error:
                raise SystemExit(f"{path.name}:{number}: {error}") from None
            if text in seen:
                raise SystemExit(f"{path.name}:{number}: duplicate sentence {text!r}")
            seen.add(text)
            record = {"text": text, "entities": entities, "lang": lang, "split": split}
            out.append(json.dumps(record, ensure_ascii=False))
    return "\n".join(out) + "\n"


def main(argv: list[str]) -> int:
    content = build()
    if "--check" in argv:
        current = OUTPUT.read_text(encoding="utf-8") if OUTPUT.exists() else ""
        if current != content:
            print(f"{OUTPUT} is stale: run python {Path(__file__).name}", file=sys.stderr)
            return 1
        return 0
    OUTPUT.write_text(content, encoding="utf-8")
    print(f"wrote {content.count(chr(10))} sentences to {OUTPUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
