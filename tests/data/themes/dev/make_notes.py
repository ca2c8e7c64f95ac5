"""Build notes.jsonl from src.tsv (theme, language, text): seeded shuffle, ids n001…

The dev set for theme discovery, written by the author of frontline/server/themes before
tuning (tune only on this; the held-out set beside it is for reporting).
"""

import json
import random
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> None:
    rows = []
    for line in (HERE / "src.tsv").read_text(encoding="utf-8").splitlines():
        if line.strip():
            theme, lang, text = line.split("\t")
            rows.append({"text": text, "lang": lang, "theme": theme})
    random.Random(14).shuffle(rows)
    with (HERE / "notes.jsonl").open("w", encoding="utf-8") as out:
        for i, row in enumerate(rows, 1):
            out.write(json.dumps({"id": f"n{i:03d}", **row}, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
