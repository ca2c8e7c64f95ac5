"""Verify sentences.jsonl against the marked sources in src/.

Checks: every line is valid JSON with the expected fields; lang and kind are known;
offsets are in range; text[start:end] equals the marked surface in the source; spans have
no leading/trailing whitespace or punctuation; spans do not overlap; no marks remain.
Prints counts per kind and per language. Exit status 1 on any problem.
"""

from __future__ import annotations

import json
import string
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from build import LANGS, MARK  # noqa: E402

KINDS = {"EMAIL", "PHONE", "CARD", "IBAN", "NAME"}
EDGE = set(string.whitespace) | set(string.punctuation + "«»„“”‘’،؛؟¿¡…–—") - {"+"}


def source_surfaces() -> list[tuple[str, list[tuple[str, str]]]]:
    rows = []
    for src in sorted((HERE / "src").glob("*.txt")):
        for raw in src.read_text(encoding="utf-8").splitlines():
            if not raw.strip() or raw.startswith("#"):
                continue
            lang, marked = raw.split("\t", 1)
            marks = [(m.group(1), m.group(2)) for m in MARK.finditer(marked)]
            rows.append((lang.strip(), marks))
    return rows


def check_row(num: int, row: dict, expected: list[tuple[str, str]]) -> list[str]:
    errs = []
    text = row.get("text")
    if not isinstance(text, str) or row.get("lang") not in LANGS:
        return [f"line {num}: bad text or lang"]
    if set(row) != {"text", "lang", "entities"}:
        errs.append(f"line {num}: unexpected keys {sorted(row)}")
    if "[[" in text or "]]" in text:
        errs.append(f"line {num}: leftover mark")
    ents = row["entities"]
    if len(ents) != len(expected):
        errs.append(f"line {num}: {len(ents)} entities, source has {len(expected)}")
    last_end = -1
    ordered = sorted(ents, key=lambda e: e["start"])
    for ent, (kind, surface) in zip(ordered, expected, strict=False):
        start, end = ent["start"], ent["end"]
        if ent["kind"] not in KINDS or ent["kind"] != kind:
            errs.append(f"line {num}: kind {ent['kind']} != {kind}")
        if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text)):
            errs.append(f"line {num}: bad offsets {start}-{end}")
            continue
        span = text[start:end]
        if span != surface:
            errs.append(f"line {num}: span {span!r} != marked {surface!r}")
        # A Dutch name may start with the elided article 't ("'t Hart").
        lead_ok = span.startswith(("'t ", "’t "))
        if (span[0] in EDGE and not lead_ok) or span[-1] in EDGE:
            errs.append(f"line {num}: span {span!r} has edge whitespace/punctuation")
        if start < last_end:
            errs.append(f"line {num}: overlapping spans")
        last_end = end
    return errs


def main() -> int:
    path = HERE / "sentences.jsonl"
    expected = source_surfaces()
    lines = path.read_text(encoding="utf-8").splitlines()
    errs: list[str] = []
    if len(lines) != len(expected):
        errs.append(f"{len(lines)} jsonl lines but {len(expected)} source lines")
    kinds: Counter[str] = Counter()
    langs: Counter[str] = Counter()
    with_name: Counter[str] = Counter()
    texts: Counter[str] = Counter()
    for num, (line, exp) in enumerate(zip(lines, expected, strict=False), 1):
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            errs.append(f"line {num}: invalid JSON ({exc})")
            continue
        if row.get("lang") != exp[0]:
            errs.append(f"line {num}: lang mismatch")
        errs.extend(check_row(num, row, exp[1]))
        texts[row["text"]] += 1
        langs[row["lang"]] += 1
        kinds.update(e["kind"] for e in row["entities"])
        if any(e["kind"] == "NAME" for e in row["entities"]):
            with_name[row["lang"]] += 1
    errs.extend(f"duplicate text: {t!r}" for t, n in texts.items() if n > 1)
    print(f"sentences: {len(lines)}")
    print("entities per kind:", dict(sorted(kinds.items())))
    print("sentences per lang (with NAME / total):")
    for lang in sorted(langs):
        print(f"  {lang:6} {with_name[lang]:4} / {langs[lang]}")
    total_named = sum(with_name.values())
    print(
        f"  all    {total_named:4} / {len(lines)} ({100 * total_named / max(len(lines), 1):.0f}%)"
    )
    for err in errs:
        print("ERROR", err)
    print("OK" if not errs else f"{len(errs)} problem(s)")
    return 1 if errs else 0


if __name__ == "__main__":
    sys.exit(main())
