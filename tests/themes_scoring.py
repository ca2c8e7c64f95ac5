"""Score theme discovery against a labelled set: NMI, ARI and incidents found.

    .venv/bin/python tests/themes_scoring.py tests/data/themes/dev/notes.jsonl [--pred OUT.jsonl]

Without `--pred` the notes are grouped in-process by `frontline.server.themes`. A labelled
theme named `incident_*` is *found* when one predicted theme holds at least half of its
notes and is at least 60% made of them. A null prediction counts as one more cluster
(`null`) for NMI and ARI and never finds an incident.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

NULL = "\x00null"


@dataclass
class Score:
    nmi: float
    ari: float
    incidents: dict[str, bool] = field(default_factory=dict)

    @property
    def found(self) -> int:
        return sum(self.incidents.values())

    def line(self) -> str:
        found = ", ".join(f"{k}: {'found' if v else 'missed'}" for k, v in self.incidents.items())
        return (f"NMI {self.nmi:.3f}  ARI {self.ari:.3f}  incidents found "
                f"{self.found}/{len(self.incidents)} ({found})")


def load(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip()]


def score(truth: dict[str, str], predicted: dict[str, str | None]) -> Score:
    """Compare labels by id; every id of `truth` must be in `predicted`."""
    from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score

    ids = sorted(truth)
    gold = [truth[i] for i in ids]
    pred = [predicted[i] if predicted[i] is not None else NULL for i in ids]
    result = Score(normalized_mutual_info_score(gold, pred), adjusted_rand_score(gold, pred))
    sizes = Counter(pred)
    for incident in sorted({g for g in gold if g.startswith("incident_")}):
        members = [p for g, p in zip(gold, pred, strict=True) if g == incident]
        found = False
        for theme, held in Counter(members).items():
            if theme != NULL and held >= len(members) / 2 and held >= 0.6 * sizes[theme]:
                found = True
        result.incidents[incident] = found
    return result


def predict(notes: list[dict[str, object]]) -> dict[str, str | None]:
    from frontline.server.themes.cluster import discover

    texts = [n.get("text") for n in notes]
    labels = discover([t if isinstance(t, str) else None for t in texts]).labels
    return {str(n["id"]): label for n, label in zip(notes, labels, strict=True)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("notes", type=Path)
    parser.add_argument("--pred", type=Path, default=None)
    args = parser.parse_args()
    notes = load(args.notes)
    truth = {str(n["id"]): str(n["theme"]) for n in notes}
    predicted: dict[str, str | None]
    if args.pred:
        predicted = {str(r["id"]): None if r["theme"] is None else str(r["theme"])
                     for r in load(args.pred)}
    else:
        predicted = predict(notes)
    print(score(truth, predicted).line())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
