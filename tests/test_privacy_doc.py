"""docs/privacy.md, "On the PC": every promise names a test, and every test it names exists
(a renamed or deleted test fails here, not silently in the docs)."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _section() -> str:
    text = (ROOT / "docs" / "privacy.md").read_text(encoding="utf-8")
    start = text.index("### On the PC\n")
    return text[start:text.index("\n### ", start + 1)]


def test_every_promise_on_the_pc_names_a_test_that_exists() -> None:
    rows = [line for line in _section().splitlines()
            if line.startswith("| ") and not line.startswith(("| promise", "|---"))]
    assert len(rows) >= 15
    current = ""
    for row in rows:
        proof = row.rsplit("|", 2)[1]
        refs = re.findall(r"`([^`]+)`", proof)
        assert refs, f"a promise without a test: {row}"
        for ref in refs:
            path, _, name = ref.partition("::")
            if not path.startswith("…"):
                current = path
            source = (ROOT / current).read_text(encoding="utf-8")
            if name:
                assert re.search(rf"^def {re.escape(name)}\(", source, re.MULTILINE), ref
