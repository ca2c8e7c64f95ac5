"""Assemble notes.jsonl from the hand-written source files src_*.tsv (theme<TAB>lang<TAB>text).

Notes are shuffled with a fixed seed and numbered n001.. so that ids do not reveal the theme.
Run: python make_notes.py  (then python check_notes.py)
"""
import json
import random
from pathlib import Path

HERE = Path(__file__).parent
rows = []
for p in sorted(HERE.glob("src_*.tsv")):
    for line in p.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        theme, lang, text = line.split("\t")
        rows.append({"text": text.strip(), "lang": lang, "theme": theme})
random.Random(4207).shuffle(rows)
with open(HERE / "notes.jsonl", "w", encoding="utf-8") as f:
    for i, r in enumerate(rows, 1):
        f.write(json.dumps({"id": f"n{i:03d}", **r}, ensure_ascii=False) + "\n")
print(f"wrote {len(rows)} notes")
