"""Runs of digit groups: the candidates that phone and card detection look at."""

from __future__ import annotations

import re

# a run of digits with the separators people put between groups; not part of a word,
# a decimal number or a date ("12.5", "ORD-2024-118873", "3/4")
# a run may follow a label run into it ("tel:0612345678", "Tel.0612…", "tel:+33…")
DIGIT_RUN = re.compile(
    r"(?:(?<![\w.,/:-])|(?<=[^\W\d_][:.])|(?<=[^\W\d_]\.:))"
    r"\(?\+?\(?\d[\d ().\-/]*\d\)?(?![\w@]|[.,:/-]\d)"
)
GROUP = re.compile(r"\d+")


def groups(raw: str) -> list[tuple[int, int]]:
    """The (start, end) of each group of digits in `raw`."""
    return [(m.start(), m.end()) for m in GROUP.finditer(raw)]


def windows(
    spans: list[tuple[int, int]],
    min_digits: int,
    max_digits: int,
    *,
    max_groups: int,
    first_only: bool = False,
) -> list[tuple[int, int]]:
    """Contiguous group ranges (i, j) of at most `max_groups` groups holding between
    `min_digits` and `max_digits` digits, most groups first, then leftmost. Linear in
    the number of groups, so a pasted column of numbers stays fast."""
    found = []
    for i in range(1 if first_only else len(spans)):
        count = 0
        for j in range(i, min(len(spans), i + max_groups)):
            count += spans[j][1] - spans[j][0]
            if count > max_digits:
                break
            if count >= min_digits:
                found.append((i, j + 1))
    found.sort(key=lambda w: (w[0] - w[1], w[0]))
    return found
