"""Precision and recall of `frontline.core.pii.detect` per kind and language on the labelled
sets that its authors did not write (tests/data/pii/heldout*/), for docs/privacy.md.

    .venv/bin/python tests/bench/pii_quality.py [--misses]

An entity counts when kind, start and end all match the label exactly.
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from pathlib import Path

from frontline.core.pii import detect

ROOT = Path(__file__).resolve().parents[2]
SETS = {"heldout": ROOT / "tests/data/pii/heldout/sentences.jsonl",
        "heldout2": ROOT / "tests/data/pii/heldout2/sentences.jsonl"}
KINDS = ("EMAIL", "PHONE", "CARD", "IBAN", "NAME")
CONTACT = ("EMAIL", "PHONE", "CARD", "IBAN")


def _rates(tp: int, fp: int, fn: int) -> tuple[float, float]:
    return (tp / (tp + fp) if tp + fp else 1.0, tp / (tp + fn) if tp + fn else 1.0)


def score(path: Path, *, misses: bool = False) -> list[str]:
    """Markdown rows: kind, language, labelled, precision, recall."""
    counts: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0, 0])
    for line in path.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        expected = {(e["kind"], e["start"], e["end"]) for e in row["entities"]}
        found = {(e.kind, e.start, e.end) for e in detect(row["text"]) if e.kind in KINDS}
        for kind in KINDS:
            want = {e for e in expected if e[0] == kind}
            got = {e for e in found if e[0] == kind}
            groups = [kind, "4 kinds"] if kind in CONTACT else [kind]
            for group in groups:
                for lang in (row["lang"], "all"):
                    c = counts[(group, lang)]
                    c[0] += len(want & got)
                    c[1] += len(got - want)
                    c[2] += len(want - got)
            if misses and want != got:
                print(f"{kind} {row['lang']}: {row['text']!r} missed {sorted(want - got)} "
                      f"extra {sorted(got - want)}", file=sys.stderr)
    rows = []
    for (group, lang), (tp, fp, fn) in sorted(counts.items()):
        if tp + fn == 0 and fp == 0:
            continue
        precision, recall = _rates(tp, fp, fn)
        rows.append(f"| {group} | {lang} | {tp + fn} | {precision:.3f} | {recall:.3f} |")
    return rows


def main() -> None:
    for name, path in SETS.items():
        print(f"\n{name} ({sum(1 for _ in path.open(encoding='utf-8'))} sentences)\n")
        print("| kind | language | labelled | precision | recall |\n|---|---|---|---|---|")
        print("\n".join(score(path, misses="--misses" in sys.argv)))


if __name__ == "__main__":
    main()
