"""Precision and recall of the personal-data detector on a labelled set (tests only)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from frontline.core.pii import KINDS, Entity


@dataclass(frozen=True)
class KindScore:
    """Counts and rates for one kind (or "ALL"). Rates are 1.0 when nothing was expected/found."""

    kind: str
    true_positives: int
    false_positives: int
    false_negatives: int

    @property
    def precision(self) -> float:
        found = self.true_positives + self.false_positives
        return self.true_positives / found if found else 1.0

    @property
    def recall(self) -> float:
        expected = self.true_positives + self.false_negatives
        return self.true_positives / expected if expected else 1.0


@dataclass(frozen=True)
class Score:
    """The detector's score on a labelled set: per kind, overall, and false alarms."""

    per_kind: dict[str, KindScore]
    overall: KindScore
    texts: int
    clean_texts: int  # texts with no personal data
    clean_texts_flagged: int  # of those, how many got at least one entity

    @property
    def false_alarm_rate(self) -> float:
        return self.clean_texts_flagged / self.clean_texts if self.clean_texts else 0.0


def score(expected: Sequence[Sequence[Entity]], found: Sequence[Sequence[Entity]]) -> Score:
    """Score `found` against `expected`, text by text.

    A found entity counts only on an exact match: the same kind, start and end.
    A span with the right kind but other bounds is both a false positive and a
    false negative.
    """
    if len(expected) != len(found):
        raise ValueError(f"{len(expected)} labelled texts but {len(found)} results")
    counts = {kind: [0, 0, 0] for kind in KINDS}
    clean = flagged = 0
    for gold, got in zip(expected, found, strict=True):
        gold_set = {(e.kind, e.start, e.end) for e in gold}
        got_set = {(e.kind, e.start, e.end) for e in got}
        for kind, _, _ in gold_set & got_set:
            counts[kind][0] += 1
        for kind, _, _ in got_set - gold_set:
            counts[kind][1] += 1
        for kind, _, _ in gold_set - got_set:
            counts[kind][2] += 1
        if not gold_set:
            clean += 1
            flagged += bool(got_set)
    per_kind = {k: KindScore(k, *c) for k, c in counts.items()}
    overall = KindScore("ALL", *(sum(c[i] for c in counts.values()) for i in range(3)))
    return Score(per_kind, overall, len(expected), clean, flagged)


def score_table(result: Score) -> str:
    """The Markdown table `docs/privacy.md` shows for a `Score`."""
    lines = [
        "| kind | labelled | found | correct | precision | recall |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for row in [*result.per_kind.values(), result.overall]:
        labelled = row.true_positives + row.false_negatives
        found = row.true_positives + row.false_positives
        name = "**overall**" if row.kind == "ALL" else row.kind
        lines.append(
            f"| {name} | {labelled} | {found} | {row.true_positives} "
            f"| {row.precision:.3f} | {row.recall:.3f} |"
        )
    lines.append("")
    lines.append(
        f"Texts: {result.texts}; without personal data: {result.clean_texts}, "
        f"of which flagged (false alarms): {result.clean_texts_flagged} "
        f"({result.false_alarm_rate:.1%})."
    )
    return "\n".join(lines)
