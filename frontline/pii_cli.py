"""`frontline pii-check`: the personal-data detector over lines of text, as JSON lines."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import IO

from frontline.core.pii import detect, normalise_regions, redact


def run_check(
    stdin: IO[str],
    stdout: IO[str],
    *,
    regions: Sequence[str] | None,
    public_numbers: Sequence[str] = (),
    staff_names: Sequence[str] = (),
) -> int:
    """One JSON object per input line, in order; returns the exit code.

    Each output line is `{"entities": [{"kind", "start", "end"}], "redacted": "…"}`
    with Python string offsets into the input line (its line ending excluded).
    """
    chosen = normalise_regions(regions)
    for line in stdin:
        text = line.rstrip("\r\n")
        entities = detect(
            text, regions=chosen, public_numbers=public_numbers, staff_names=staff_names
        )
        record = {"entities": [e.as_dict() for e in entities], "redacted": redact(text, entities)}
        stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
    stdout.flush()
    return 0
